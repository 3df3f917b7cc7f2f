//! Criterion benches of the pipeline stages on fixed inputs. Each bench
//! checks the result it times, so a benchmark run is also a correctness run.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dualcit::io::{read_reader, InputFormat, ReadOptions};
use dualcit::names::{normalize, NameField};
use dualcit::{compare, Dataset, Linker, PreparedRecord};

const SURNAMES: [(&str, &str); 8] = [
    ("Иванов", "Ivanov"),
    ("Ахметов", "Akhmetov"),
    ("Ким", "Kim"),
    ("Сулейменов", "Suleimenov"),
    ("Щеглова", "Shcheglova"),
    ("Жаксылыков", "Zhaksylykov"),
    ("Хабибуллин", "Khabibullin"),
    ("Нурланова", "Nurlanova"),
];
const GIVEN: [(&str, &str); 6] =
    [("Евгений", "Evgenii"), ("Ержан", "Erzhan"), ("Юлия", "Iuliia"), ("Рустам", "Rustam"), ("Жанар", "Zhanar"), ("Тимур", "Timur")];

/// A registry of `n` people and a response file holding every fourth of them in Latin.
fn population(n: usize) -> (Dataset, Dataset) {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut reg = String::from("id,surname,given_name,patronymic,birth_date,sex\n");
    let mut resp = String::from("id,surname,given_name,patronymic,birth_date,sex,country\n");
    for i in 0..n {
        let s = SURNAMES[(next() % 8) as usize];
        let g = GIVEN[(next() % 6) as usize];
        let (d, m, y) = (1 + next() % 28, 1 + next() % 12, 1940 + next() % 70);
        reg.push_str(&format!("R{i},{},{},Серикович,{d:02}.{m:02}.{y},M\n", s.0, g.0));
        if i % 4 == 0 {
            resp.push_str(&format!("S{i},{},{},Serikovich,{y}-{m:02}-{d:02},M,RU\n", s.1, g.1));
        }
    }
    let opts = ReadOptions { default_country: Some("KZ".into()), ..Default::default() };
    let r = read_reader("reg", reg.as_bytes(), InputFormat::Csv, &opts).expect("registry");
    let s = read_reader("resp", resp.as_bytes(), InputFormat::Csv, &opts).expect("responses");
    (r, s)
}

fn bench_normalize(c: &mut Criterion) {
    let names: Vec<(&str, &str, &str)> =
        SURNAMES.iter().zip(GIVEN.iter().cycle()).flat_map(|(s, g)| [(s.0, g.0, "Абишевич"), (s.1, g.1, "Abishuly")]).collect();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("full_name", |b| {
        b.iter(|| {
            for (s, gn, p) in &names {
                let n = normalize(black_box(s), NameField::Surname);
                assert!(!n.skeleton.is_empty());
                black_box((n, normalize(black_box(gn), NameField::GivenName), normalize(black_box(p), NameField::Patronymic)));
            }
        })
    });
    g.finish();
}

fn bench_compare(c: &mut Criterion) {
    let (reg, resp) = population(400);
    let a: Vec<PreparedRecord> = reg.records.iter().map(PreparedRecord::new).collect();
    let b: Vec<PreparedRecord> = resp.records.iter().map(PreparedRecord::new).collect();
    let weights = dualcit::Model::default().weights(reg.records.len());
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements((a.len() * b.len()) as u64));
    g.bench_function("pair_all_fields", |bch| {
        bch.iter(|| {
            let mut total = 0.0;
            for x in &a {
                for y in &b {
                    let cmp = compare::compare(x, y, &weights);
                    total += weights.match_weight(&cmp);
                }
            }
            assert!(total.is_finite());
            black_box(total)
        })
    });
    g.finish();
}

fn bench_link(c: &mut Criterion) {
    let (reg, resp) = population(20_000);
    let resp = [resp];
    let linker = Linker::builder().build().expect("linker");
    let mut g = c.benchmark_group("link");
    g.sample_size(10);
    g.throughput(Throughput::Elements(resp[0].records.len() as u64));
    g.bench_function("20k_x_5k", |b| {
        b.iter(|| {
            let r = linker.link(&reg, &resp).unwrap();
            // Every response was drawn from the registry.
            assert!(r.stats.decisions.matches + r.stats.decisions.reviews >= resp[0].records.len() as u64 * 9 / 10);
            black_box(r.pairs.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_normalize, bench_compare, bench_link);
criterion_main!(benches);

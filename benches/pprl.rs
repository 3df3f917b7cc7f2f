//! Throughput of the privacy-preserving mode: Dice coefficients of two 1024-bit
//! filters (popcount of the intersection over u64 words), and encoding records (normalization
//! included) under the default schema, and writing the encoded file sealed and unsealed.
//! Each benchmark asserts what it times.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dualcit::{BirthDate, Encoder, EncodingSchema, Record, Role, Secret, Sex};
use std::hint::black_box;

const SURNAMES: &[&str] = &["Иванов", "Тоқаев", "Shcherbakov", "Əliyev", "Petrosyan", "Zghurskyi", "Rahmonzoda", "Каримов", "Ахметова", "Nazarbaeva"];
const GIVEN: &[&str] = &["Сергей", "Қасым-Жомарт", "Evgenii", "Ilham", "Armen", "Oleksandr", "Jamshed", "Oʻtkir", "Гульнара", "Aigerim"];
const FATHERS: &[&str] =
    &["Викторович", "Кемелұлы", "Aleksandrovich", "Heydər oğlu", "Vardanovich", "Mykolaiovych", "Rahmonovich", "", "Серикқызы", "Nurlanovna"];

/// 10,000 records: every surname × given name × father's name, on 10 dates.
fn records() -> Vec<Record> {
    let mut out = Vec::new();
    for (i, s) in SURNAMES.iter().enumerate() {
        for (j, g) in GIVEN.iter().enumerate() {
            for (k, p) in FATHERS.iter().enumerate() {
                for d in 0..10u8 {
                    out.push(Record {
                        id: format!("R{i}{j}{k}{d}"),
                        surname: s.to_string(),
                        given_name: g.to_string(),
                        patronymic: p.to_string(),
                        birth_date: BirthDate::ymd(1950 + (i * 7 + j) as u16, 1 + k as u8, 1 + d * 3).ok(),
                        sex: if d % 2 == 0 { Sex::Male } else { Sex::Female },
                        country: "KZ".into(),
                        ..Default::default()
                    });
                }
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let secret = Secret::from_bytes(&[5u8; 32]).unwrap();
    let encoder = Encoder::new(&secret, &EncodingSchema::default()).unwrap();
    let recs = records();
    let encoded = encoder.encode_records(&recs, Role::Registry);
    let filters: Vec<&dualcit::EncodedName> = encoded.iter().take(1000).map(|r| &r.names[0]).collect();

    let mut g = c.benchmark_group("pprl");
    g.throughput(Throughput::Elements((filters.len() * filters.len()) as u64));
    // The comparator's kernel: the filters' own popcounts are known, one popcount per word.
    g.bench_function("dice_1024", |b| {
        b.iter(|| {
            let mut same = 0u32;
            for a in &filters {
                for x in &filters {
                    same += (black_box(a).dice(black_box(x)) >= 0.999) as u32;
                }
            }
            // Each filter meets at least itself.
            assert!(same as usize >= filters.len());
            same
        })
    });
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.sample_size(10);
    g.bench_function("encode_records", |b| {
        b.iter(|| {
            let e = encoder.encode_records(black_box(&recs), Role::Registry);
            assert_eq!(e.len(), recs.len());
            assert!(e.iter().all(|r| !r.names[0].bits.is_empty() && r.blocks.iter().any(|k| !k.is_empty())));
            e.len()
        })
    });
    // Sealing (AES-256-GCM of each record's fixed-length layout) and writing the JSON Lines
    // file, against writing it unsealed: what `dualcit encode` adds to the encoding.
    let set = dualcit::EncodedSet::encode(&encoder, &dualcit::Dataset::from_records("bench", recs.clone()), Role::Registry);
    for (name, sealed) in [("write_unsealed", false), ("seal_and_write", true)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(recs.len() * 3000);
                if sealed {
                    set.write_sealed(&mut out, &secret, &[9u8; 32]).unwrap();
                    // Every record is sealed to 2 KiB and a tag, in base64.
                    assert!(out.len() > recs.len() * 2064 * 4 / 3);
                } else {
                    set.write(&mut out).unwrap();
                    assert!(out.len() > recs.len() * 1000);
                }
                out.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Criterion benches of the pipeline stages on fixed inputs drawn by the
//! project's generator (realistic names, scripts and errors). Each bench
//! checks the result it times, so a benchmark run is also a correctness run.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dualcit::{compare_pair, prepare_all, score_pair, PreparedRecord};
use dualcit::{read_reader, InputFormat, ReadOptions};
use dualcit::{Dataset, Linker};

/// A generated registry and its answers, read back through the CSV reader.
fn generated(registry: usize, responses: usize) -> (Dataset, Vec<Dataset>) {
    let cfg = dualcit_synth::GenerateConfig { seed: 11, registry_size: registry, responses_size: responses, ..Default::default() };
    let g = dualcit_synth::generate(&cfg);
    let dir = std::env::temp_dir().join(format!("dualcit-bench-data-{}-{registry}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = dualcit_synth::write_dir(&g, &dir).expect("write generated data");
    let read = |p: &std::path::Path| {
        let bytes = std::fs::read(p).expect("read back");
        read_reader(&p.display().to_string(), &bytes[..], InputFormat::Csv, &ReadOptions::default()).expect("parse")
    };
    let reg = read(&dir.join("registry.csv"));
    let resp = files.iter().filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("responses_"))).map(|f| read(f)).collect();
    let _ = std::fs::remove_dir_all(&dir);
    (reg, resp)
}

fn bench_normalize(c: &mut Criterion) {
    let (reg, _) = generated(2_000, 10);
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(reg.records.len() as u64));
    g.bench_function("record_three_names", |b| {
        b.iter(|| {
            let mut n = 0;
            for r in &reg.records {
                let p = PreparedRecord::new(black_box(r));
                n += !p.surname.skeleton.is_empty() as usize;
            }
            assert!(n >= reg.records.len() * 99 / 100);
            black_box(n)
        })
    });
    g.finish();
}

fn bench_compare(c: &mut Criterion) {
    // The pairs blocking produces most: same birth date, mostly different people.
    let (reg, resp) = generated(200_000, 5_000);
    // Prepared as the pipeline prepares them: each distinct spelling normalized once and shared.
    let a: Vec<PreparedRecord> = prepare_all(&reg.records);
    let b: Vec<PreparedRecord> = resp.iter().flat_map(|d| prepare_all(&d.records)).collect();
    let mut by_date: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, r) in a.iter().enumerate() {
        if let Some(d) = r.birth_date.filter(|d| d.is_full()) {
            by_date.entry(d.key()).or_default().push(i);
        }
    }
    let pairs: Vec<(usize, usize)> =
        b.iter().enumerate().filter_map(|(j, r)| Some((j, by_date.get(&r.birth_date?.key())?))).flat_map(|(j, is)| is.iter().map(move |&i| (i, j))).collect();
    assert!(pairs.len() > 10_000, "{} pairs", pairs.len());
    let weights = dualcit::Model::default().weights(reg.records.len());
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("pair_scored_with_cutoff", |bch| {
        bch.iter(|| {
            let mut kept = 0usize;
            for &(i, j) in &pairs {
                if score_pair(a[i].view(), b[j].view(), &weights, (0.0, 0.0), 0.0).is_some() {
                    kept += 1;
                }
            }
            // About one same-date pair in five is the same person.
            assert!(kept > pairs.len() / 50 && kept < pairs.len() / 2, "{kept} of {}", pairs.len());
            black_box(kept)
        })
    });
    g.bench_function("pair_all_fields", |bch| {
        bch.iter(|| {
            let mut total = 0.0;
            for &(i, j) in &pairs {
                total += weights.match_weight(&compare_pair(&a[i], &b[j], &weights));
            }
            assert!(total.is_finite());
            black_box(total)
        })
    });
    g.finish();
}

fn bench_link(c: &mut Criterion) {
    let (reg, resp) = generated(20_000, 5_000);
    let n_resp: usize = resp.iter().map(|d| d.records.len()).sum();
    let linker = Linker::builder().build().expect("linker");
    let mut g = c.benchmark_group("link");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n_resp as u64));
    g.bench_function("generated_20k_x_5k", |b| {
        b.iter(|| {
            let r = linker.link(&reg, &resp).expect("link");
            // Half of the answers are registry persons (the generator's default).
            assert!(r.stats.decisions.matches as usize > n_resp * 4 / 10, "{:?}", r.stats.decisions);
            black_box(r.pairs.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_normalize, bench_compare, bench_link);
criterion_main!(benches);

//! The service path: a registry index built once, queried one record at a
//! time on one core. Prints build time, saved size, load time and the p50 /
//! p99 latency of single-record queries, then lets criterion time a query.
//!
//! `DUALCIT_BENCH_REGISTRY` sets the registry size (default 1,000,000).

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use dualcit::{read_reader, InputFormat, ReadOptions};
use dualcit::{Linker, RegistryIndex};

fn bench_index(c: &mut Criterion) {
    let size: usize = std::env::var("DUALCIT_BENCH_REGISTRY").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let cfg = dualcit_synth::GenerateConfig { seed: 5, registry_size: size, responses_size: 5_000, ..Default::default() };
    let g = dualcit_synth::generate(&cfg);
    let dir = std::env::temp_dir().join(format!("dualcit-index-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = dualcit_synth::write_dir(&g, &dir).expect("write");
    drop(g);
    let read = |p: &std::path::Path| {
        let bytes = std::fs::read(p).expect("read back");
        read_reader("bench", &bytes[..], InputFormat::Csv, &ReadOptions::default()).expect("parse")
    };
    let registry = read(&dir.join("registry.csv"));
    let queries: Vec<dualcit::Record> =
        files.iter().filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("responses_"))).flat_map(|f| read(f).records).collect();
    let _ = std::fs::remove_dir_all(&dir);

    let linker = Linker::builder().build().expect("linker");
    let t = Instant::now();
    let index = linker.index(&registry).expect("index");
    let build = t.elapsed();
    let bytes = index.to_bytes().expect("encode");
    let t = Instant::now();
    let loaded = RegistryIndex::from_bytes(&bytes).expect("decode");
    let load = t.elapsed();
    assert_eq!(loaded.len(), index.len());
    drop(registry);

    // Latency of single queries, one at a time on this thread.
    let mut times: Vec<f64> = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for q in &queries {
        let t = Instant::now();
        let m = loaded.query(q);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        found += !m.is_empty() as usize;
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    // Half of the generated answers are registry persons.
    assert!(found > queries.len() * 4 / 10, "{found} of {} queries found someone", queries.len());
    eprintln!(
        "index of {} records: built in {:.2}s (2 threads), {:.1} MB saved, loaded in {:.2}s; {} single queries on one core: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        index.len(),
        build.as_secs_f64(),
        bytes.len() as f64 / 1e6,
        load.as_secs_f64(),
        times.len(),
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );

    let mut i = 0usize;
    c.bench_function("index/query_one_record", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(loaded.query(black_box(&queries[i])).len())
        })
    });
}

criterion_group!(benches, bench_index);
criterion_main!(benches);

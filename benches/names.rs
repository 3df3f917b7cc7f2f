//! Throughput of name normalization (full names: surname + given name + patronymic) and of
//! skeleton comparison. Each benchmark asserts what it times.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dualcit::{compare_names as compare, normalize, NameField, NameLevel};
use std::hint::black_box;

// The kernel is crate-private; the bench compiles its file directly to time it alone.
#[path = "../src/names/jaro.rs"]
#[allow(dead_code, unused_imports)] // its unit tests are compiled out here
mod jaro;

const FULL_NAMES: &[(&str, &str, &str)] = &[
    ("Иванов", "Сергей", "Викторович"),
    ("Ivanova", "Yuliya", "Sergeyevna"),
    ("Тоқаев", "Қасым-Жомарт", "Кемелұлы"),
    ("Shcherbakov", "Evgenii", "Aleksandrovich"),
    ("Əliyev", "Ilham", "Heydər oğlu"),
    ("Petrosyan", "Armen", "Vardanovich"),
    ("Zghurskyi", "Oleksandr", "Mykolaiovych"),
    ("Rahmonzoda", "Jamshed", "Rahmonovich"),
    ("Ţurcanu", "Ştefan", "Ion"),
    ("Каримов", "Oʻtkir", "Abdullaevich"),
];

fn bench_normalize(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(FULL_NAMES.len() as u64));
    g.bench_function("full_name", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (s, gv, p) in FULL_NAMES {
                let n1 = normalize(black_box(s), NameField::Surname);
                let n2 = normalize(black_box(gv), NameField::GivenName);
                let n3 = normalize(black_box(p), NameField::Patronymic);
                bytes += n1.skeleton.len() + n2.skeleton.len() + n3.skeleton.len();
            }
            assert!(bytes > 100);
            bytes
        })
    });
    g.finish();
}

fn bench_compare(c: &mut Criterion) {
    let pairs: Vec<_> = [
        ("Щеглова", "Shcheglova"),
        ("Иванов", "Иванова"),
        ("Евгений", "Jewgeni"),
        ("Лукашэвіч", "Лукашэнка"),
        ("Александр", "Oleksandr"),
        ("Сергей", "Борис"),
        ("Nursultan", "Нұрсұлтан"),
        ("Khabibullin", "Habibulin"),
    ]
    .iter()
    .map(|(a, b)| (normalize(a, NameField::Surname), normalize(b, NameField::Surname)))
    .collect();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("skeleton_pairs", |b| {
        b.iter(|| {
            let mut strong = 0;
            for (x, y) in &pairs {
                let r = compare(black_box(x), black_box(y), NameField::Surname);
                if r.level <= NameLevel::Variant {
                    strong += 1;
                }
            }
            assert!(strong >= 4);
            strong
        })
    });
    g.finish();
}

/// Jaro-Winkler alone on realistic skeleton pairs, near variants and unrelated names.
const JARO_PAIRS: &[(&str, &str)] = &[
    ("ivanov", "ivanova"),
    ("nursultan", "nursoultan"),
    ("zhanbulatov", "dzhanbulatov"),
    ("aleksandr", "oleksandr"),
    ("shcheglova", "sheglova"),
    ("khabibullin", "habibulin"),
    ("evgenii", "jewgeni"),
    ("lukaxevic", "lukaxenka"),
    ("petrova", "ahmetov"),
    ("sergei", "boris"),
    ("rahmonzoda", "karimov"),
    ("tokaev", "kassym jomart"),
];

/// Skeletons for the all-pairs case: 576 pairs, too many for the branch predictor to learn.
const JARO_NAMES: &[&str] = &[
    "ivanov",
    "ivanova",
    "ivanenko",
    "petrov",
    "petrova",
    "petrosian",
    "ahmetov",
    "akhmetova",
    "nursultan",
    "nursoultan",
    "zhanbulatov",
    "dzhanbulatov",
    "aleksandr",
    "oleksandr",
    "aliaksandr",
    "sergei",
    "serhii",
    "evgenii",
    "jewgeni",
    "khabibullin",
    "habibulin",
    "shcheglova",
    "lukaxevic",
    "kassym jomart",
];

fn bench_jaro(c: &mut Criterion) {
    let mut g = c.benchmark_group("jaro");
    g.throughput(Throughput::Elements(JARO_PAIRS.len() as u64));
    g.bench_function("skeleton_pairs", |b| {
        b.iter(|| {
            let mut sum = 0.0f32;
            for (x, y) in JARO_PAIRS {
                sum += jaro::jaro_winkler(black_box(x.as_bytes()), black_box(y.as_bytes()));
            }
            assert!((sum - 9.773428).abs() < 1e-4, "{sum}");
            sum
        })
    });
    g.throughput(Throughput::Elements((JARO_NAMES.len() * JARO_NAMES.len()) as u64));
    g.bench_function("all_pairs", |b| {
        b.iter(|| {
            let mut sum = 0.0f32;
            for x in JARO_NAMES {
                for y in JARO_NAMES {
                    sum += jaro::jaro_winkler(black_box(x.as_bytes()), black_box(y.as_bytes()));
                }
            }
            assert!((sum - ALL_PAIRS_SUM).abs() < 1e-3, "{sum}");
            sum
        })
    });
    g.finish();
}

/// Sum of the similarities over `JARO_NAMES` × `JARO_NAMES`.
const ALL_PAIRS_SUM: f32 = 293.90347;

criterion_group!(benches, bench_normalize, bench_compare, bench_jaro);
criterion_main!(benches);

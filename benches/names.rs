//! Throughput of name normalization (full names: surname + given name + patronymic) and of
//! skeleton comparison. Each benchmark asserts what it times.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dualcit::names::{compare, normalize, NameField, NameLevel};
use std::hint::black_box;

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

criterion_group!(benches, bench_normalize, bench_compare);
criterion_main!(benches);

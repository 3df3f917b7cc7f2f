//! Shared helpers for the integration tests.

use std::path::PathBuf;

use dualcit::Dataset;
use dualcit::{read_reader, InputFormat, ReadOptions};

/// Path of a file in fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// Reads CSV text with KZ as the default country.
pub fn csv(text: &str) -> Dataset {
    let opts = ReadOptions::default().default_country("KZ");
    read_reader("test.csv", text.as_bytes(), InputFormat::Csv, &opts).expect("readable")
}

/// A deterministic synthetic population for tests that need volume: names
/// drawn from small lists so that blocks hold several people, with both
/// Cyrillic and Latin spellings of the same people on the response side.
pub fn population(n: usize, seed: u64) -> (Dataset, Dataset) {
    let surnames =
        [("Иванов", "Ivanov"), ("Ахметов", "Akhmetov"), ("Ким", "Kim"), ("Сулейменов", "Suleimenov"), ("Петров", "Petrov"), ("Жаксылыков", "Zhaksylykov")];
    let given = [("Евгений", "Evgenii"), ("Ержан", "Erzhan"), ("Рустам", "Rustam"), ("Олег", "Oleg"), ("Тимур", "Timur")];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut reg = String::from("id,surname,given_name,birth_date,sex\n");
    let mut resp = String::from("id,surname,given_name,birth_date,sex,country\n");
    for i in 0..n {
        let s = surnames[(next() % surnames.len() as u64) as usize];
        let g = given[(next() % given.len() as u64) as usize];
        let day = 1 + next() % 28;
        let month = 1 + next() % 12;
        let year = 1960 + next() % 5;
        reg.push_str(&format!("R{i},{},{},{day:02}.{month:02}.{year},M\n", s.0, g.0));
        if i % 3 == 0 {
            resp.push_str(&format!("S{i},{},{},{year}-{month:02}-{day:02},M,RU\n", s.1, g.1));
        }
    }
    (csv(&reg), csv(&resp))
}

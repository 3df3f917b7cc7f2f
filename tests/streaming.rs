//! The streamed registry (rows straight into the compact index) must give
//! exactly what the in-memory path gives: the same accepted positions, the
//! same rejects with the same lines, and byte-identical outputs.

use std::io::Write as _;

use dualcit::{read_path, read_registry, OutputFormat, ReadOptions};
use dualcit::{Linker, RegistryRows};

use crate::util::fixture;

fn kz() -> ReadOptions {
    ReadOptions::default().default_country("KZ")
}

/// A registry with extra columns, duplicates, bad rows and quoted line breaks,
/// long enough to cross the streaming batch size.
fn awkward_registry(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("registry.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, "id,surname,given_name,patronymic,birth_date,sex,district,note").unwrap();
    // The fixture registry's people first, so that the fixture answers find matches.
    let people = read_path(&fixture("registry.csv"), &kz()).unwrap();
    for r in &people.records {
        let date = r.birth_date.map(|d| d.to_string()).unwrap_or_default();
        writeln!(f, "{},{},{},{},{date},{},{},", r.id, r.surname, r.given_name, r.patronymic, r.sex.code(), r.extra[0]).unwrap();
    }
    let surnames = ["Иванов", "Ахметов", "Ким", "Сулейменов", "Петрова", "Жаксылыков"];
    let given = ["Евгений", "Ержан", "Рустам", "Ольга", "Тимур"];
    for i in 0..70_000u32 {
        let s = surnames[(i % 6) as usize];
        let g = given[(i % 5) as usize];
        let date = format!("{:02}.{:02}.19{}", 1 + i % 28, 1 + i % 12, 50 + i % 45);
        match i % 9_973 {
            17 => writeln!(f, "K{},{s},{g},,{date},M,,", i - 10).unwrap(), // duplicate id
            18 => writeln!(f, "K{i},{s},{g},,31.02.1980,M,,").unwrap(),    // impossible date
            19 => writeln!(f, "K{i},{s},{g},,{date},M,\"Алматы\nцентр\",").unwrap(),
            _ if i % 7 == 0 => writeln!(f, "K{i},{s},{g},Серикович,{date},M,Астана,").unwrap(),
            _ => writeln!(f, "K{i},{s},{g},,{date},M,,").unwrap(),
        }
    }
    path
}

#[test]
fn streamed_registry_equals_the_in_memory_path() {
    let dir = tempfile::tempdir().unwrap();
    let reg_path = awkward_registry(dir.path());
    let responses = vec![read_path(&fixture("responses_ru.csv"), &ReadOptions::default()).unwrap()];
    let linker = Linker::builder().build().unwrap();

    let in_memory = read_path(&reg_path, &kz()).unwrap();
    let streamed = read_registry(&reg_path, &kz(), linker.index_builder()).unwrap().finish();
    assert!(streamed.read.records.is_empty(), "no registry record is kept");
    assert_eq!(streamed.read.summary, in_memory.summary);
    assert_eq!(streamed.read.rejects, in_memory.rejects);
    assert_eq!(streamed.read.extra_columns, in_memory.extra_columns);
    assert!(in_memory.rejects.iter().any(|r| matches!(r.reason, dualcit::RejectReason::DuplicateId { .. })));
    assert_eq!(streamed.index.len(), in_memory.records.len());
    for pos in [0u32, 1, 19, 9_992, 69_000, in_memory.records.len() as u32 - 1] {
        assert_eq!(streamed.id_at(pos), in_memory.id_at(pos));
        assert_eq!(streamed.shown_at(pos), in_memory.shown_at(pos));
        for col in 0..2 {
            assert_eq!(streamed.extra_at(pos, col), in_memory.extra_at(pos, col), "position {pos} column {col}");
        }
    }
    // The documented memory model: at most 200 bytes a registry record beyond the shared dictionary.
    let m = streamed.index.memory();
    assert_eq!(m.records, in_memory.records.len());
    let per_record = (m.per_record + m.blocking + streamed.extras.heap_bytes()) as f64 / m.records as f64;
    assert!(per_record <= 200.0, "{per_record:.0} bytes a record ({m:?})");
    let multiline = in_memory.records.iter().position(|r| r.extra[0].contains('\n')).unwrap() as u32;
    assert_eq!(streamed.extra_at(multiline, 0), "Алматы\nцентр");

    let a = linker.link(&in_memory, &responses).unwrap();
    let b = linker.link_with_index(&streamed.index, &responses).unwrap();
    let bytes = |registry: &dyn RegistryRows, result: &dualcit::LinkResult| {
        let mut out = Vec::new();
        dualcit::write_matches(&mut out, OutputFormat::Csv, result, registry, &responses).unwrap();
        out
    };
    let (x, y) = (bytes(&in_memory, &a), bytes(&streamed, &b));
    assert!(a.pairs.iter().any(|p| p.decision == dualcit::Decision::Match));
    assert_eq!(x, y, "matches files differ");
}

#[test]
fn a_streamed_registry_with_a_repeated_id_keeps_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    std::fs::write(&path, "id,surname,given_name,birth_date\nA,Ким,Ольга,01.02.1970\nB,Ли,Ирина,1975\nA,Пак,Игорь,1980\n").unwrap();
    let s = read_registry(&path, &kz(), Linker::builder().build().unwrap().index_builder()).unwrap().finish();
    assert_eq!(s.index.len(), 2);
    assert_eq!(s.read.rejects.len(), 1);
    assert_eq!(s.read.rejects[0].line, 4);
    assert_eq!(s.read.rejects[0].reason, dualcit::RejectReason::DuplicateId { first_line: 2 });
    assert_eq!(s.shown_at(0).unwrap()[0], "Ким");
}

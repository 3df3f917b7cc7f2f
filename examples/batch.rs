//! A batch run through the library alone, as an analyst's job or a nightly
//! service would make it: read a registry and answer files, link them, write
//! the explained matches, the rejects and the dual-citizen report, and print
//! the run summary. It uses only what `dualcit` re-exports at its root.
//!
//! ```sh
//! cargo run --release --example batch -- fixtures/registry.csv \
//!   fixtures/responses_ru.csv fixtures/responses_uz.jsonl --out-dir /tmp/batch
//! ```
//!
//! Nothing personal is printed: counts only. Exit 1 on an error, in words.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dualcit::{
    check_outputs, dual_citizens, read_path, write_atomically, write_dual_citizens, write_matches, write_rejects, Dataset, Decision, Linker, OutputFormat,
    ReadOptions, RunSummary,
};

fn run(registry: &Path, answers: &[PathBuf], out_dir: &Path) -> dualcit::Result<String> {
    let outputs = ["matches.csv", "rejects.csv", "dual_citizens.csv"].map(|f| out_dir.join(f));
    let inputs: Vec<(&str, &Path)> = std::iter::once(("registry", registry)).chain(answers.iter().map(|p| ("answers", p.as_path()))).collect();
    let roles = ["matches", "rejects", "report"];
    check_outputs(&inputs, &roles.iter().zip(&outputs).map(|(r, p)| (*r, p.as_path())).collect::<Vec<_>>())?;

    let registry = read_path(registry, &ReadOptions::default().default_country("KZ"))?;
    let responses: Vec<Dataset> = answers.iter().map(|p| read_path(p, &ReadOptions::default())).collect::<dualcit::Result<_>>()?;

    let linker = Linker::builder().build()?;
    let result = linker.link(&registry, &responses)?;
    let rows = dual_citizens(&result.pairs, &result.countries, &registry, &responses);
    let summary = RunSummary::new(&result, &rows, &registry, &responses);

    write_atomically(&outputs[0], |w| write_matches(w, OutputFormat::Csv, &result, &registry, &responses))?;
    let rejects = registry.rejects.iter().chain(responses.iter().flat_map(|d| d.rejects.iter()));
    write_atomically(&outputs[1], |w| write_rejects(w, rejects))?;
    write_atomically(&outputs[2], |w| write_dual_citizens(w, &rows))?;

    let matches = result.pairs.iter().filter(|p| p.decision == Decision::Match).count();
    assert_eq!(matches as u64, summary.matches, "the summary counts what the matches file holds");
    Ok(summary.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(at) = args.iter().position(|a| a == "--out-dir") else {
        eprintln!("usage: batch REGISTRY ANSWERS... --out-dir DIR");
        return ExitCode::from(2);
    };
    let (files, rest) = args.split_at(at);
    let (Some(registry), Some(out_dir)) = (files.first(), rest.get(1)) else {
        eprintln!("usage: batch REGISTRY ANSWERS... --out-dir DIR");
        return ExitCode::from(2);
    };
    let answers: Vec<PathBuf> = files[1..].iter().map(PathBuf::from).collect();
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("batch: error: {out_dir}: {}", dualcit::plain_io(&e));
        return ExitCode::FAILURE;
    }
    match run(Path::new(registry), &answers, Path::new(out_dir)) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("batch: error: {e}");
            ExitCode::FAILURE
        }
    }
}

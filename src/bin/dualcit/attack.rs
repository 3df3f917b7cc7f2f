//! `dualcit attack`: the attack harness on a plaintext file. It encodes the
//! file under a fresh random secret, gives the attacker the encodings (ids
//! stripped, shuffled), the same records shuffled and a key of its own, runs
//! every attack of the library's harness per hardening (and on the sealed file)
//! and prints the share of
//! records re-identified one-to-one (and of wrong commitments). Prints counts
//! only: no name, date or id.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use dualcit::{hardening_name, Attack, AttackHarness, AttackOutcome, Hardening, Secret};

use super::pprl::HardeningName;

#[derive(Args)]
pub(crate) struct AttackArgs {
    /// The plaintext population (CSV or JSON Lines, the `match` input columns).
    #[arg(long, value_name = "FILE")]
    registry: PathBuf,
    /// Hardenings to attack, comma-separated (default: all, and `sealed`: the default
    /// hardening's file sealed as `encode` writes it).
    #[arg(long, value_enum, value_delimiter = ',')]
    hardening: Vec<HardeningName>,
    /// Attacks to run, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    attack: Vec<AttackName>,
    /// Attack the first N records only.
    #[arg(long, value_name = "N")]
    records: Option<usize>,
    /// Seed of the shuffles (the secrets are random).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also write the outcomes as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum AttackName {
    /// Frequency fingerprint (group sizes and sex, unique on both sides).
    Fingerprint,
    /// Frequency alignment refined to a fixed point.
    Frequency,
    /// Graph matching under the attacker's own key.
    Graph,
    /// The refined frequency attack on the names alone.
    NamesOnly,
    /// The date-token graph alone.
    DatesOnly,
}

fn attack_of(a: AttackName) -> Attack {
    match a {
        AttackName::Fingerprint => Attack::Fingerprint,
        AttackName::Frequency => Attack::Frequency,
        AttackName::Graph => Attack::Graph,
        AttackName::NamesOnly => Attack::NamesOnly,
        AttackName::DatesOnly => Attack::DatesOnly,
    }
}

fn random_secret() -> anyhow::Result<Secret> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(bytes.as_mut())).context("reading 32 random bytes from /dev/urandom")?;
    Ok(Secret::from_bytes(bytes.as_ref())?)
}

fn hardening_of(h: HardeningName) -> Hardening {
    match h {
        HardeningName::Diffusion | HardeningName::Sealed => dualcit::EncodingSchema::default().hardening,
        HardeningName::Balance => Hardening::Balance,
        HardeningName::XorFold => Hardening::XorFold,
        HardeningName::None => Hardening::None,
    }
}

pub(crate) fn run_attack(a: AttackArgs) -> anyhow::Result<()> {
    if let Some(j) = &a.json {
        dualcit::check_outputs(&[("--registry", a.registry.as_path())], &[("--json", j.as_path())])?;
    }
    let opts = dualcit::ReadOptions::default().default_country("KZ");
    let mut data = dualcit::read_path(&a.registry, &opts)?;
    if let Some(n) = a.records {
        data.records.truncate(n);
    }
    let names = if a.hardening.is_empty() {
        vec![HardeningName::None, HardeningName::Balance, HardeningName::XorFold, HardeningName::Diffusion, HardeningName::Sealed]
    } else {
        a.hardening.clone()
    };
    let sealed: Vec<Hardening> = names.iter().filter(|h| matches!(h, HardeningName::Sealed)).map(|&h| hardening_of(h)).collect();
    let hardenings: Vec<Hardening> = names.into_iter().filter(|h| !matches!(h, HardeningName::Sealed)).map(hardening_of).collect();
    let (victim, attacker) = (random_secret()?, random_secret()?);
    let attacks: Vec<Attack> = if a.attack.is_empty() { Attack::ALL.to_vec() } else { a.attack.iter().copied().map(attack_of).collect() };
    let harness = AttackHarness::new(&data.records, &victim, &attacker, a.seed).attacks(&attacks);
    eprintln!("attacking {} records under {} hardening(s)…", data.records.len(), hardenings.len() + sealed.len());
    let mut outcomes = harness.run(&hardenings)?;
    outcomes.extend(harness.run_sealed(&sealed)?);
    let columns: Vec<String> = hardenings.iter().map(hardening_name).chain(sealed.iter().map(|h| format!("{}+sealed", hardening_name(h)))).collect();
    print_table(&outcomes, &columns)?;
    if let Some(j) = &a.json {
        dualcit::write_atomically(j, |w| {
            serde_json::to_writer_pretty(&mut *w, &outcomes).map_err(std::io::Error::other)?;
            writeln!(w)
        })?;
    }
    Ok(())
}

fn print_table(outcomes: &[AttackOutcome], columns: &[String]) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "re-identified one-to-one and correctly (wrong commitments in brackets), {} records", outcomes.first().map_or(0, |o| o.records));
    let _ = write!(out, "{:<24}", "attack");
    for name in columns {
        let _ = write!(out, " {name:>24}");
    }
    out.push('\n');
    for attack in Attack::ALL.into_iter().filter(|a| outcomes.iter().any(|o| o.attack == *a)) {
        let _ = write!(out, "{:<24}", attack.name());
        for name in columns {
            if let Some(o) = outcomes.iter().find(|o| o.attack == attack && o.hardening == *name) {
                let cell = format!("{:.2} % ({:.2} %)", 100.0 * o.reidentified(), 100.0 * o.wrong_share());
                let _ = write!(out, " {cell:>24}");
            }
        }
        out.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()
}

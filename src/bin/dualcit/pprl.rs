//! `dualcit encode` and `dualcit match --encoded`: the two sides of an
//! exchange of keyed encodings (the library's `pprl` module does the work).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use dualcit::{DiceLevels, EncodedSet, Encoder, EncodingSchema, Hardening, Role, Secret};

use super::{check_outputs, sibling, usage, Exit, FieldArgs, MatchArgs};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Side {
    /// The national registry (its records are filed under the blocking keys).
    Registry,
    /// A partner state's answers (they look the keys up).
    Answers,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum HardeningName {
    /// Diffusion (Armknecht, Heng & Schnell 2023): each bit the XOR of three filter bits.
    Diffusion,
    /// Balanced filters: the filter and its complement, permuted.
    Balance,
    /// XOR-folding: the filter's two halves XORed.
    XorFold,
    /// Plain CLK filters (the baseline; not for exchange).
    None,
    /// For `attack` only: the default (diffusion) filters, sealed as `encode` writes them.
    Sealed,
}

#[derive(Args)]
pub(crate) struct EncodeArgs {
    /// The plaintext file to encode (CSV or JSON Lines, the `match` input columns).
    input: PathBuf,
    /// The shared secret: a file of at least 32 bytes, or 64+ hex digits (`openssl rand -hex 32 > K`).
    #[arg(long, value_name = "FILE")]
    secret_file: PathBuf,
    /// Which side of the exchange the file is.
    #[arg(long, value_enum)]
    role: Side,
    /// Where to write the encoded file (JSON Lines).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Where to write rejected input rows (default: `<out>.rejects.csv`).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Hardening of the name filters (ignored with --schema).
    #[arg(long, value_enum, default_value = "diffusion")]
    hardening: HardeningName,
    /// A schema file (JSON, as in an encoded file's header); both sides must use the same.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Country of rows without a country column.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Write the encodings unsealed, comparable by anyone without the secret (for a
    /// linkage unit that does not hold it). They are then open to the frequency and
    /// graph-matching attacks the README measures; by default every record is sealed.
    #[arg(long)]
    unsealed: bool,
    /// Input encoding: auto, utf-8, cp1251, koi8-r, utf-16.
    #[arg(long, default_value = "auto")]
    encoding: dualcit::InputEncoding,
    #[command(flatten)]
    fields: FieldArgs,
    /// No summary line.
    #[arg(long, short)]
    quiet: bool,
}

fn schema_of(a: &EncodeArgs) -> anyhow::Result<EncodingSchema> {
    if let Some(p) = &a.schema {
        let text = std::fs::read_to_string(p).with_context(|| format!("reading the schema {}", p.display()))?;
        let schema: EncodingSchema = serde_json::from_str(&text).with_context(|| format!("{}: not an encoding schema", p.display()))?;
        schema.validate()?;
        return Ok(schema);
    }
    Ok(match a.hardening {
        HardeningName::Diffusion => EncodingSchema::default(),
        HardeningName::Balance => EncodingSchema::with_hardening(Hardening::Balance),
        HardeningName::XorFold => EncodingSchema::with_hardening(Hardening::XorFold),
        HardeningName::None => EncodingSchema::plain(),
        HardeningName::Sealed => anyhow::bail!("--hardening sealed is for `dualcit attack`; `encode` seals every hardening unless --unsealed"),
    })
}

pub(crate) fn run_encode(a: EncodeArgs) -> anyhow::Result<()> {
    let rejects = a.rejects.clone().unwrap_or_else(|| sibling(&a.out, "rejects.csv"));
    let mut inputs = vec![("INPUT", a.input.as_path()), ("--secret-file", a.secret_file.as_path())];
    inputs.extend(a.schema.as_deref().map(|p| ("--schema", p)));
    check_outputs(&inputs, &[("--out", a.out.as_path()), ("--rejects", rejects.as_path())])?;
    let schema = schema_of(&a)?;
    let secret = Secret::read(&a.secret_file)?;
    let encoder = Encoder::new(&secret, &schema)?;
    let (role, default_country) = match a.role {
        Side::Registry => (Role::Registry, a.country.clone().or(Some("KZ".into()))),
        Side::Answers => (Role::Answers, a.country.clone()),
    };
    let mut opts = a.fields.read_options(a.encoding);
    if let Some(c) = default_country {
        opts = opts.default_country(c);
    }
    let data = dualcit::read_path(&a.input, &opts)?;
    let t = std::time::Instant::now();
    let set = EncodedSet::encode(&encoder, &data, role);
    let took = t.elapsed();
    let t = std::time::Instant::now();
    if a.unsealed {
        dualcit::write_atomically(&a.out, |w| set.write(w))?;
    } else {
        let salt = random_salt()?;
        dualcit::write_atomically(&a.out, |w| set.write_sealed(w, &secret, &salt).map_err(std::io::Error::other))?;
    }
    let wrote = t.elapsed();
    drop(secret);
    dualcit::write_atomically(&rejects, |w| dualcit::write_rejects(w, data.rejects_and_notes()))?;
    if !a.quiet {
        let s = &data.summary;
        eprintln!(
            "{}: read {}, encoded {}, rejected {} (in {}); schema {}, key check {}; encoding {:.0} records/s, {} and writing {:.0} records/s; wrote {}",
            s.file,
            s.read,
            set.records.len(),
            s.rejected,
            rejects.display(),
            set.header.schema_fingerprint,
            set.header.key_check,
            set.records.len() as f64 / took.as_secs_f64().max(1e-9),
            if a.unsealed { "unsealed" } else { "sealing" },
            set.records.len() as f64 / wrote.as_secs_f64().max(1e-9),
            a.out.display()
        );
    }
    // The process ends here: freeing millions of small buffers one by one costs time for nothing.
    std::mem::forget((set, data));
    Ok(())
}

/// 256 bits from the operating system's random source: a sealed file's salt.
pub(crate) fn random_salt() -> anyhow::Result<[u8; 32]> {
    use std::io::Read;
    let mut salt = [0u8; 32];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut salt)).context("reading 32 random bytes from /dev/urandom")?;
    Ok(salt)
}

/// Whether a file is an encoded file (its first line is an encoded header).
fn is_encoded(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.starts_with("{\"format\":\"dualcit-encoded\"")
}

/// `dualcit match --encoded`: answers (and the registry, or a plaintext
/// registry encoded here under `--secret-file`) as encoded files.
pub(crate) fn run_match_encoded(a: &MatchArgs, linker: &dualcit::Linker, format: dualcit::OutputFormat) -> anyhow::Result<()> {
    if a.html.is_some() {
        return Err(usage("--html is not available with --encoded (an encoded run has no names to show; use --report and --stats)"));
    }
    // The secret, when given, opens sealed files and encodes a plaintext registry; it is
    // dropped (and zeroized) once the inputs are read.
    let secret = a.secret_file.as_deref().map(Secret::read).transpose()?;
    let read = |p: &Path| -> anyhow::Result<EncodedSet> {
        match &secret {
            Some(s) => Ok(EncodedSet::read_sealed(p, s)?),
            None if EncodedSet::is_sealed(p) => {
                Err(usage(format!("{}: the records are sealed; give --secret-file (the shared secret) to open them", p.display())))
            }
            None => Ok(EncodedSet::read(p)?),
        }
    };
    let answers: Vec<EncodedSet> = super::response_specs(&a.input)
        .into_iter()
        .map(|(_, p)| {
            if !is_encoded(&p) {
                anyhow::bail!("{}: not an encoded file (write it with `dualcit encode --role answers`)", p.display());
            }
            read(&p)
        })
        .collect::<anyhow::Result<_>>()?;
    let first = answers.first().ok_or_else(|| usage("--encoded needs at least one encoded --responses file"))?;
    let rejects_path = a.rejects.clone().unwrap_or_else(|| sibling(&a.out, "rejects.csv"));
    let (registry, plain) = if is_encoded(&a.input.registry) {
        (read(&a.input.registry)?, None)
    } else {
        let Some(secret) = &secret else {
            return Err(usage(
                "the registry is plaintext: give --secret-file to encode it here under the answers' schema, or encode it with `dualcit encode --role registry`",
            ));
        };
        let encoder = Encoder::new(secret, &first.header.schema)?;
        let opts = a.fields.read_options(a.input.encoding).default_country(a.input.registry_country.clone());
        let data = dualcit::read_path(&a.input.registry, &opts)?;
        if data.summary.rejected_share() > a.max_reject_share {
            dualcit::write_atomically(&rejects_path, |w| dualcit::write_rejects(w, data.rejects_and_notes()))?;
            return Err(Exit {
                code: 3,
                message: format!(
                    "{}: more than --max-reject-share {} of its rows rejected; see {}",
                    data.summary.file,
                    a.max_reject_share,
                    rejects_path.display()
                ),
            }
            .into());
        }
        (EncodedSet::encode(&encoder, &data, Role::Registry), Some(data))
    };
    drop(secret);
    let levels = DiceLevels::for_schema(&registry.header.schema);
    let result = dualcit::link_encoded(linker, &registry, &answers, &levels)?;
    let reg_data = registry.dataset();
    let responses: Vec<dualcit::Dataset> = answers.iter().map(EncodedSet::dataset).collect();
    let rows = dualcit::dual_citizens(&result.pairs, &result.countries, &reg_data, &responses);
    let summary = dualcit::RunSummary::new(&result, &rows, plain.as_ref().unwrap_or(&reg_data), &responses);
    dualcit::write_atomically(&a.out, |w| dualcit::write_matches(w, format, &result, &reg_data, &responses))?;
    dualcit::write_atomically(&rejects_path, |w| match &plain {
        Some(d) => dualcit::write_rejects(w, d.rejects_and_notes()),
        None => dualcit::write_rejects(w, std::iter::empty()),
    })?;
    if let Some(p) = &a.report {
        dualcit::write_atomically(p, |w| dualcit::write_dual_citizens(w, &rows))?;
    }
    if let Some(p) = &a.stats {
        let json = serde_json::json!({ "encoded": true, "schema": registry.header.schema, "dice_levels": levels, "summary": summary, "link": result.stats });
        dualcit::write_atomically(p, |w| serde_json::to_writer_pretty(&mut *w, &json).map_err(std::io::Error::from))?;
    }
    if !a.quiet {
        let e = &result.stats.expected;
        eprintln!(
            "encoded run (schema {}): {} candidate pairs; {}; expected precision of the {} match decisions {:.4}; wrote {}",
            registry.header.schema_fingerprint,
            result.stats.candidate_pairs,
            summary,
            e.matches,
            e.match_precision,
            a.out.display()
        );
    }
    // The process ends here: freeing millions of small buffers one by one costs time for nothing.
    std::mem::forget((result, registry, answers, plain));
    Ok(())
}

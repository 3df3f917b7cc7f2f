//! How the Dice levels of each hardening were measured (`DiceLevels::for_schema`):
//! for the pairs a plaintext `dualcit match` wrote, the Dice coefficient of the
//! two encoded names beside the plaintext level of the same names, per
//! hardening — quantiles per level, so that thresholds can be read off.
//!
//! ```sh
//! dualcit generate --out-dir D --registry-size 200000 --responses-size 50000
//! dualcit match --registry D/registry.csv --responses D/responses_ru.csv ... --out M.csv
//! cargo run --release --example dice_calibration -- D/registry.csv M.csv D/responses_*.csv
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use dualcit::{dice, Encoder, EncodingSchema, Hardening, ReadOptions, Role, Secret};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: dice_calibration REGISTRY MATCHES RESPONSES...".into());
    }
    let registry = dualcit::read_path(Path::new(&args[0]), &ReadOptions::default().default_country("KZ"))?;
    let responses: Vec<_> = args[2..].iter().map(|p| dualcit::read_path(Path::new(p), &ReadOptions::default())).collect::<Result<_, _>>()?;
    let reg: HashMap<&str, &dualcit::Record> = registry.records.iter().map(|r| (r.id.as_str(), r)).collect();
    let resp: HashMap<(&str, &str), &dualcit::Record> =
        responses.iter().flat_map(|d| d.records.iter()).map(|r| ((r.id.as_str(), r.country.as_str()), r)).collect();
    let mut rdr = csv::Reader::from_path(&args[1])?;
    let head = rdr.headers()?.clone();
    let col = |n: &str| head.iter().position(|h| h == n).ok_or(format!("no column {n}"));
    let (ri, qi, ci) = (col("registry_id")?, col("response_id")?, col("response_country")?);
    let levels = [col("surname_level")?, col("given_name_level")?, col("patronymic_level")?];
    let mut pairs = Vec::new();
    for row in rdr.records() {
        let row = row?;
        if let (Some(a), Some(b)) = (reg.get(&row[ri]), resp.get(&(&row[qi], &row[ci]))) {
            pairs.push((*a, *b, levels.map(|l| row[l].to_string())));
        }
    }
    let secret = Secret::from_bytes(&[7u8; 32])?;
    for (name, schema) in [
        ("none", EncodingSchema::plain()),
        ("balance", EncodingSchema::with_hardening(Hardening::Balance)),
        ("xor_fold", EncodingSchema::with_hardening(Hardening::XorFold)),
        ("diffusion", EncodingSchema::default()),
    ] {
        let enc = Encoder::new(&secret, &schema)?;
        let mut by_level: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
        for (a, b, lv) in &pairs {
            let (x, y) = (enc.encode(a, Role::Registry), enc.encode(b, Role::Answers));
            for (f, level) in lv.iter().enumerate() {
                let (p, q) = (&x.names[f], &y.names[f]);
                if !p.is_missing() && !q.is_missing() && !p.initial_only() && !q.initial_only() {
                    by_level.entry((f, level.clone())).or_default().push(dice(&p.bits, &q.bits));
                }
            }
        }
        println!("== {name}");
        for ((f, level), mut v) in by_level {
            v.sort_by(f64::total_cmp);
            let q = |p: f64| v[((v.len() - 1) as f64 * p) as usize];
            println!(
                "{:<10} {:<11} n={:>6}  p5 {:.3}  p25 {:.3}  p50 {:.3}  p75 {:.3}  p95 {:.3}",
                ["surname", "given", "patronymic"][f],
                level,
                v.len(),
                q(0.05),
                q(0.25),
                q(0.5),
                q(0.75),
                q(0.95)
            );
        }
    }
    Ok(())
}

//! Synthetic benchmark data: a Kazakhstan-like population registry, the answers of
//! partner states (each in its own script, romanization and morphology, with realistic
//! errors, twins and namesakes) and the exact list of true pairs.
//!
//! The generator spells names forward from its own tables (`data/gen_*.tsv` in this
//! crate) and shares no code with the matcher — it is its own crate and does not depend
//! on `dualcit` — so evaluation is not circular. `dualcit generate` and `dualcit bench`
//! use it; a service that links with `dualcit` and `default-features = false` does not
//! build it. Output is a pure function of [`GenerateConfig`]: every row draws from its
//! own random stream derived from `(seed, file, row)`, so the result is byte-identical
//! for any thread count.
//!
//! ```no_run
//! use dualcit_synth::{generate, write_dir, GenerateConfig};
//! let cfg = GenerateConfig { registry_size: 10_000, responses_size: 2_500, ..GenerateConfig::default() };
//! let data = generate(&cfg);
//! write_dir(&data, std::path::Path::new("synthetic")).unwrap();
//! ```
//!
//! # The stress profile
//!
//! The engine's model was estimated on the default profile, and it learned that
//! generator: on an independent held-out set its precision at `match` fell from 0.994 to
//! about 0.87. [`Profile::Stress`] (`dualcit generate --profile stress`,
//! [`GenerateConfig::stress`]) is a second data set built otherwise on purpose, to test
//! every model change on data the model was not fitted to. It keeps the generator's
//! names, spellings and countries (and still shares no code with the matcher), and
//! changes everything else it can:
//!
//! - **Name frequencies.** Given names are weighted `1 / (rank + 1.5)^1.2` instead of
//!   `1 / (rank + 2)^0.8`, surnames `1 / (rank + 3)^1.2` instead of `1 / (rank + 8)^1.0`,
//!   Kazakh surname roots `1 / (rank + 2)^1.1` instead of `1 / (rank + 6)^0.8`; and the
//!   ranks are the table order jittered by up to a third of the list (fixed per list),
//!   so the most common names are other names. Common names are much more common:
//!   two registry persons share surname and given name several times as often.
//! - **Ethnic mix of the registry.** Kazakh 45%, Russian 24%, Uzbek 8%, Uyghur 5%,
//!   Tatar 4%, Ukrainian 3% ... (default: the 2021 census, Kazakh 69%, Russian 15%).
//!   Kazakh surnames are built from a root in 50% of cases (default 70%), and the root's
//!   affix is more often -бек/-бай/-жан/-ғали/-хан/-тай (60% instead of 40%).
//! - **Error rates** ([`ErrorRates::stress`]): typos 6% (a quarter of them with a second
//!   typo), another 1% of rows with a given-name typo AND the date one day or year off,
//!   patronymic dropped 25%, married women 15%, romanization 40%, full name only 10%,
//!   initials 4%, sex missing 3% and wrong 0.5%; date errors 8.2% (default 3.7%) leaning
//!   to year ±1, day ±1, 01.01 placeholders and year only. Romanized rows use other
//!   scheme mixes (more French/German/Telegram-style Latin in RU, more ICAO in UA, half
//!   BGN in KG, more Kazakh-passport Latin for Kazakh names).
//! - **Shape.** All nine answering states; 40% true matches, 25% look-alikes, 35% the
//!   states' own persons; 2% registry twins and 6% registry siblings.
//! - **Random streams.** The seed is mixed with a profile constant: the same `--seed`
//!   gives another population, not the default one with other noise.
//!
//! ## Look-alikes
//!
//! A quarter of the answers are look-alikes of a registry person: not that person, and
//! not in the truth. Each is a person built from the registry person and then written by
//! the same per-row spelling and error pipeline as the true answers. The classes and
//! their shares of the look-alikes:
//!
//! | class (`lookalikes.csv`) | share | same as the registry person | different |
//! | --- | --- | --- | --- |
//! | `twin` | 14% | surname, father, birth date | given name (40% also the sex) |
//! | `similar_given_twin` | 8% | surname, father, birth date, sex | a similar given name (Гүлнар/Гүлнұр, Ерлан/Ержан, Алия/Алина) |
//! | `similar_given_sibling` | 8% | surname, father, sex | a similar given name; birth year 2–12 years off |
//! | `sibling` | 10% | surname, father | given name, birth date |
//! | `other_father` | 14% | surname, given name, birth date, sex | father, so the patronymic (a namesake cousin) |
//! | `other_surname` | 14% | given name, patronymic, birth date, sex | surname (men as often as women) |
//! | `parent_child` | 12% | surname, given name, patronymic, sex, day and month of birth | birth year, 18–40 years off |
//! | `namesake_other_dob` | 10% | surname, given name, patronymic | birth year 2+ years off |
//! | `similar_name_same_dob` | 10% | surname, birth date, half of them the father | given name (same initial) |
//!
//! "Similar" given names are names of the same pool and sex with Jaro–Winkler ≥ 0.8 on
//! the generator's own lower-cased Cyrillic spelling, or the same first three letters;
//! the base persons of those two classes are drawn among persons whose name has one.
//! Some look-alikes are undecidable by design: an `other_father` row whose patronymic is
//! dropped (or whose registry person has none), an `other_surname` woman (a marriage name
//! looks the same). The default profile's look-alikes are the `twin` (35%), `sibling`
//! (25%), `namesake_other_dob` (25%) and `similar_name_same_dob` (15%) classes.
//!
//! [`write_dir`] writes `lookalikes.csv` for the stress profile: response id, country,
//! the registry id it was built from and the class, so wrong matches can be broken down
//! by class. The default profile writes exactly the files, and bytes, it always wrote.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod dates;
mod noise;
mod person;
mod rng;
mod tables;
mod translit;

use dates::Date;
use noise::{dob_error, initial, typo, DobOut, Err, Marks, Stats};
use person::{country_forms, default_ethnic, ethnic_supported, registry_forms, Opts, Person};
use rayon::prelude::*;
use rng::{Rng, SparsePerm, Weighted};
use serde::{Deserialize, Serialize};
use tables::{Country, Script, Tables};
use translit::{drop_ov, uppercase};

/// How the data set is built: the profile the engine's model was estimated on, or a
/// differently built one to test model changes on data the model was not fitted to.
/// See the crate docs.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The benchmark data the engine's model was estimated on.
    #[default]
    Default,
    /// Held-out stress data: other name frequencies, ethnic mix, error rates, random
    /// streams, and a quarter of the answers look-alikes of registry persons.
    Stress,
}

/// What to generate. Same config ⇒ byte-identical output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GenerateConfig {
    /// Which profile (tables, random streams, look-alike classes). The numeric settings
    /// below are not implied by it: [`GenerateConfig::for_profile`] gives a profile's
    /// own settings. Default [`Profile::Default`].
    pub profile: Profile,
    /// Seed of every random draw.
    pub seed: u64,
    /// Number of registry persons (country KZ).
    pub registry_size: usize,
    /// Total number of response rows over all answering countries (split by each
    /// country's share of the Kazakhstan migration corridor, `gen_countries.tsv`).
    pub responses_size: usize,
    /// Answering countries: RU, UA, BY, UZ, KG, TJ, AZ, MD, AM (case-insensitive;
    /// unknown codes are ignored). Default RU, UA, BY, UZ, KG.
    pub countries: Vec<String>,
    /// Share of response rows that are registry persons (the truth). Default 0.5.
    pub match_share: f64,
    /// Share of response rows that are hard non-matches (look-alikes): twins, namesakes
    /// and siblings of registry persons; in the stress profile the nine classes of the
    /// crate docs. Default 0.1 (stress 0.25). The rest are the partner state's own persons.
    pub hard_negative_share: f64,
    /// Share of registry persons that are the twin of the previous registry person. Default 0.01.
    pub registry_twin_share: f64,
    /// Share of registry persons that are a sibling of the previous registry person. Default 0.03.
    pub registry_sibling_share: f64,
    /// Error and variation rates of the responses.
    pub errors: ErrorRates,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        GenerateConfig {
            profile: Profile::Default,
            seed: 42,
            registry_size: 100_000,
            responses_size: 25_000,
            countries: ["RU", "UA", "BY", "UZ", "KG"].iter().map(|s| s.to_string()).collect(),
            match_share: 0.5,
            hard_negative_share: 0.1,
            registry_twin_share: 0.01,
            registry_sibling_share: 0.03,
            errors: ErrorRates::default(),
        }
    }
}

impl GenerateConfig {
    /// The stress profile's settings (seed 42, 100,000 × 25,000 like the default):
    /// all nine answering states, 40% true matches, 25% look-alikes, 2% registry twins
    /// and 6% registry siblings, and [`ErrorRates::stress`].
    pub fn stress() -> Self {
        GenerateConfig {
            profile: Profile::Stress,
            countries: ["RU", "UA", "BY", "UZ", "KG", "TJ", "AZ", "MD", "AM"].iter().map(|s| s.to_string()).collect(),
            match_share: 0.4,
            hard_negative_share: 0.25,
            registry_twin_share: 0.02,
            registry_sibling_share: 0.06,
            errors: ErrorRates::stress(),
            ..GenerateConfig::default()
        }
    }

    /// A profile's own settings: [`GenerateConfig::default`] or [`GenerateConfig::stress`].
    pub fn for_profile(profile: Profile) -> Self {
        match profile {
            Profile::Stress => GenerateConfig::stress(),
            _ => GenerateConfig::default(),
        }
    }

    /// Settings from a JSON object laid over a profile's own settings: `profile` when
    /// given, else the JSON's `"profile"`, else the default. Fields the JSON names
    /// (also single fields of `errors`) override the profile's; the rest stay the profile's.
    pub fn from_json(text: &str, profile: Option<Profile>) -> Result<Self, serde_json::Error> {
        let over: serde_json::Value = serde_json::from_str(text)?;
        let profile = match profile {
            Some(p) => p,
            None => match over.get("profile") {
                Some(v) => serde_json::from_value(v.clone())?,
                None => Profile::Default,
            },
        };
        let mut base = serde_json::to_value(GenerateConfig::for_profile(profile))?;
        merge_json(&mut base, over);
        let mut cfg: GenerateConfig = serde_json::from_value(base)?;
        cfg.profile = profile;
        Ok(cfg)
    }
}

/// Lays `over` onto `base`: objects field by field, anything else replaced.
fn merge_json(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge_json(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

/// Probabilities of each variation or error. Unless noted, a rate is per response row
/// among the rows where the error is possible (a dropped patronymic needs a patronymic,
/// a marriage name a woman, a day/month swap a day ≤ 12 ...). The date errors are
/// mutually exclusive; their sum (default 3.7%) is the share of rows with a date error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorRates {
    /// One keyboard error (substitution, deletion, doubling, transposition) in one name field. Default 0.03.
    pub typo: f64,
    /// Share of Latin-script rows in Cyrillic-native states (RU, UA, BY, KG, TJ, AM).
    /// UZ (85%), AZ (90%) and MD (70%) write Latin natively. Default 0.25.
    pub romanization: f64,
    /// Share of Kazakh-named registry rows written with Russian letters (Нурсултан)
    /// instead of Kazakh letters (Нұрсұлтан); in Kazakh-letter rows each field is still
    /// written with Russian letters with probability 0.1 (mixed rows). Partner states
    /// always fold Kazakh letters (KG keeps ң ө ү). Default 0.55.
    pub kazakh_letters_to_russian: f64,
    /// UA/BY rows: given and father's names written as the local cognate
    /// (Олександр, Аляксандр) rather than respelled Russian. Default 0.85.
    pub cognate: f64,
    /// Surname gender/suffix variation: a woman's surname in masculine form
    /// (Ivanov for Иванова) or a Kazakh -ов/-ев dropped or added (Жанбулатов ↔ Жанбулат). Default 0.03.
    pub gendered_or_suffix: f64,
    /// Patronymic omitted. Default 0.10.
    pub patronymic_dropped: f64,
    /// Patronymic in the other form: ethnic ↔ Russian (Әбішұлы ↔ Абишевич,
    /// Rustam oʻgʻli ↔ Rustamovich, Асан уулу ↔ Асанович). Default 0.15.
    pub patronymic_form: f64,
    /// Surname and given name swapped between their columns. Default 0.01.
    pub fields_swapped: f64,
    /// A woman's response carries another (maiden or married) surname. Default 0.05.
    pub marriage: f64,
    /// Day and month swapped (only when day ≤ 12). Default 0.005.
    pub dob_swap_day_month: f64,
    /// One digit of the date wrong (still a valid date). Default 0.005.
    pub dob_digit: f64,
    /// Year ±1. Default 0.006.
    pub dob_year_off: f64,
    /// Day ±1. Default 0.004.
    pub dob_day_off: f64,
    /// Century slip 19xx ↔ 20xx. Default 0.001.
    pub dob_century: f64,
    /// 01.01.YYYY placeholder written instead of the real day. Default 0.008.
    pub dob_placeholder: f64,
    /// Year only ("1975" or "00.00.1975"). Default 0.004.
    pub dob_year_only: f64,
    /// Birth date missing. Default 0.004.
    pub dob_missing: f64,
    /// Row gives a single `full_name` ("Фамилия Имя Отчество" in Cyrillic,
    /// "Given Family" in Latin) and empty split fields. Default 0.05.
    pub full_name_only: f64,
    /// Given name (or patronymic) reduced to an initial ("А."). Default 0.02.
    pub initial: f64,
    /// Names in upper case (passport/MRZ style). Default 0.2.
    pub uppercase: f64,
    /// Kazakh names with initial Ж written with the older Russian Дж (Джанбулатов),
    /// among Cyrillic rows of such names. Default 0.15.
    pub dzh_spelling: f64,
    /// Sex not given. Default 0.01.
    pub sex_missing: f64,
    /// Stray whitespace (trailing or doubled space) in a name field. Default 0.01.
    pub whitespace: f64,
    /// A second typo (in any name field) among the rows with a typo. Default 0 (stress 0.25).
    pub typo_second: f64,
    /// A typo in the given name AND the birth date one day (60%) or one year (40%) off
    /// in the same row, instead of the row's other date errors: the hard misses.
    /// Default 0 (stress 0.01).
    pub typo_given_and_dob: f64,
    /// Wrong sex code (M ↔ F) among the rows that give a sex. Default 0 (stress 0.005).
    pub sex_wrong: f64,
}

impl Default for ErrorRates {
    fn default() -> Self {
        ErrorRates {
            typo: 0.03,
            romanization: 0.25,
            kazakh_letters_to_russian: 0.55,
            cognate: 0.85,
            gendered_or_suffix: 0.03,
            patronymic_dropped: 0.10,
            patronymic_form: 0.15,
            fields_swapped: 0.01,
            marriage: 0.05,
            dob_swap_day_month: 0.005,
            dob_digit: 0.005,
            dob_year_off: 0.006,
            dob_day_off: 0.004,
            dob_century: 0.001,
            dob_placeholder: 0.008,
            dob_year_only: 0.004,
            dob_missing: 0.004,
            full_name_only: 0.05,
            initial: 0.02,
            uppercase: 0.2,
            dzh_spelling: 0.15,
            sex_missing: 0.01,
            whitespace: 0.01,
            typo_second: 0.0,
            typo_given_and_dob: 0.0,
            sex_wrong: 0.0,
        }
    }
}

impl ErrorRates {
    /// The stress profile's rates: roughly twice the default's errors, with another mix.
    /// Typos 6% (a quarter of them with a second typo; another 1% of rows with a
    /// given-name typo AND the date one off), patronymic dropped 25%, married women 15%,
    /// romanization 40%, full name only 10%, initials 4%, sex missing 3% and wrong 0.5%.
    /// Date errors sum to 8.2% (default 3.7%) and lean to year ±1 (1.8%), day ±1 (1.4%),
    /// 01.01 placeholders (1.8%) and year only (1.2%).
    pub fn stress() -> Self {
        ErrorRates {
            typo: 0.06,
            romanization: 0.40,
            kazakh_letters_to_russian: 0.40,
            cognate: 0.70,
            gendered_or_suffix: 0.06,
            patronymic_dropped: 0.05,
            patronymic_form: 0.25,
            fields_swapped: 0.03,
            marriage: 0.08,
            dob_swap_day_month: 0.006,
            dob_digit: 0.006,
            dob_year_off: 0.018,
            dob_day_off: 0.014,
            dob_century: 0.002,
            dob_placeholder: 0.018,
            dob_year_only: 0.012,
            dob_missing: 0.006,
            full_name_only: 0.10,
            initial: 0.04,
            uppercase: 0.35,
            dzh_spelling: 0.25,
            sex_missing: 0.03,
            whitespace: 0.02,
            typo_second: 0.25,
            typo_given_and_dob: 0.01,
            sex_wrong: 0.005,
        }
    }

    fn dob_probs(&self) -> [f64; 8] {
        [
            self.dob_swap_day_month,
            self.dob_digit,
            self.dob_year_off,
            self.dob_day_off,
            self.dob_century,
            self.dob_placeholder,
            self.dob_year_only,
            self.dob_missing,
        ]
    }
}

/// One row of `registry.csv` or `responses_<cc>.csv`. Fields a file does not have are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedRecord {
    /// `KZ0000001` in the registry, `<CC>-000001` in responses.
    pub id: String,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub given_name: String,
    /// Patronymic (may be empty).
    pub patronymic: String,
    /// Set (and the split fields empty) when the row uses a single full-name column.
    pub full_name: String,
    /// Birth date as written (DD.MM.YYYY, DD/MM/YYYY, YYYY-MM-DD, YYYY, 00.00.YYYY or empty).
    pub birth_date: String,
    /// `M`, `F` or empty.
    pub sex: String,
    /// ISO country code of the source (`KZ` for the registry).
    pub country: String,
    /// Kazakhstan IIN (registry only).
    pub iin: String,
    /// Partner-state document number (responses only).
    pub document_number: String,
    /// citizenship, identity_document, migration_registration, visa, property, liability (responses only).
    pub response_kind: String,
}

/// A true (registry person, response row) pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthPair {
    /// Registry id.
    pub registry_id: String,
    /// Response id.
    pub response_id: String,
    /// Country code of the response file.
    pub response_country: String,
}

/// A response row built as a look-alike of a registry person: a hard non-match, not in
/// the truth (`lookalikes.csv`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookalike {
    /// Response id.
    pub response_id: String,
    /// Country code of the response file.
    pub response_country: String,
    /// The registry person it was built from.
    pub registry_id: String,
    /// How: `twin`, `similar_given_twin`, `similar_given_sibling`, `sibling`,
    /// `other_father`, `other_surname`, `parent_child`, `namesake_other_dob` or
    /// `similar_name_same_dob` (crate docs).
    pub class: String,
}

/// A generated data set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The profile it was generated with.
    pub profile: Profile,
    /// Registry rows in id order.
    pub registry: Vec<GeneratedRecord>,
    /// Response rows per answering country, in id order.
    pub responses: Vec<(String, Vec<GeneratedRecord>)>,
    /// All true pairs, by country then response id.
    pub truth: Vec<TruthPair>,
    /// All look-alike rows, by country then response id.
    pub lookalikes: Vec<Lookalike>,
}

// Stream numbers for Rng::derive.
const STREAM_REGISTRY: u64 = 1;
const STREAM_PLAN: u64 = 2;
const STREAM_ROW: u64 = 3;

/// Kinds of hard non-matches (look-alikes); the crate docs say what each keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hard {
    Twin,
    Sibling,
    NamesakeOtherDob,
    SimilarNameSameDob,
    SimilarGivenTwin,
    SimilarGivenSibling,
    OtherFather,
    OtherSurname,
    ParentChild,
}

impl Hard {
    /// The class name written to `lookalikes.csv`.
    fn name(self) -> &'static str {
        match self {
            Hard::Twin => "twin",
            Hard::Sibling => "sibling",
            Hard::NamesakeOtherDob => "namesake_other_dob",
            Hard::SimilarNameSameDob => "similar_name_same_dob",
            Hard::SimilarGivenTwin => "similar_given_twin",
            Hard::SimilarGivenSibling => "similar_given_sibling",
            Hard::OtherFather => "other_father",
            Hard::OtherSurname => "other_surname",
            Hard::ParentChild => "parent_child",
        }
    }
}

/// The default profile's look-alike classes and their shares.
const DEFAULT_LOOKALIKES: [(Hard, f64); 4] = [(Hard::Twin, 0.35), (Hard::Sibling, 0.25), (Hard::NamesakeOtherDob, 0.25), (Hard::SimilarNameSameDob, 0.15)];

/// The stress profile's look-alike classes and their shares (crate docs).
const STRESS_LOOKALIKES: [(Hard, f64); 9] = [
    (Hard::Twin, 0.14),
    (Hard::SimilarGivenTwin, 0.08),
    (Hard::SimilarGivenSibling, 0.08),
    (Hard::Sibling, 0.10),
    (Hard::OtherFather, 0.14),
    (Hard::OtherSurname, 0.14),
    (Hard::ParentChild, 0.12),
    (Hard::NamesakeOtherDob, 0.10),
    (Hard::SimilarNameSameDob, 0.10),
];

/// Mixed into the seed by the stress profile, so that its population is not the default's.
const STRESS_SEED_SALT: u64 = 0x5354_5245_5353_0002;

/// The seed of a config's random streams: the default profile's is `cfg.seed` itself.
fn stream_seed(cfg: &GenerateConfig) -> u64 {
    match cfg.profile {
        Profile::Stress => {
            let mut h = cfg.seed ^ STRESS_SEED_SALT;
            rng::splitmix64(&mut h)
        }
        _ => cfg.seed,
    }
}

#[derive(Clone, Copy, Debug)]
enum Plan {
    Match(u32),
    Hard(u32, Hard),
    Own,
}

/// Generates a registry, partner-state responses and the truth.
pub fn generate(cfg: &GenerateConfig) -> Generated {
    generate_with_stats(cfg).0
}

fn code_stream(code: &str) -> u64 {
    code.bytes().fold(0u64, |a, b| (a << 8) | u64::from(b))
}

fn generate_with_stats(cfg: &GenerateConfig) -> (Generated, Stats) {
    let (g, stats, _) = generate_inner(cfg, false);
    (g, stats)
}

/// The generator's own view of a data set (tests): registry persons, and per country
/// each response row's plan and the person it was rendered from (before the row's
/// errors: a marriage name, a dropped suffix ...).
#[cfg_attr(not(test), allow(dead_code))]
struct Detail {
    persons: Vec<Person>,
    rows: Vec<Vec<(Plan, Person)>>,
}

fn generate_inner(cfg: &GenerateConfig, keep: bool) -> (Generated, Stats, Detail) {
    let t = Tables::for_profile(cfg.profile);
    let seed = stream_seed(cfg);
    let mut stats = Stats::default();
    let mut detail_rows = Vec::new();

    // Registry.
    let reg: Vec<(Person, GeneratedRecord, Marks)> = (0..cfg.registry_size).into_par_iter().with_min_len(1024).map(|i| registry_row(t, cfg, i)).collect();
    let mut persons = Vec::with_capacity(reg.len());
    let mut registry = Vec::with_capacity(reg.len());
    for (p, r, m) in reg {
        stats.add(m);
        persons.push(p);
        registry.push(r);
    }

    // Which countries, how many rows each.
    let mut countries: Vec<(usize, &Country)> = Vec::new();
    for code in &cfg.countries {
        if let Some((i, c)) = t.country(code.trim()) {
            if !countries.iter().any(|(j, _)| *j == i) {
                countries.push((i, c));
            }
        }
    }
    let sizes = split(cfg.responses_size, &countries.iter().map(|(_, c)| c.weight).collect::<Vec<_>>());

    // Registry persons by ethnicity, for affinity-weighted picks.
    let mut by_eth: Vec<Vec<u32>> = vec![Vec::new(); t.ethnicities.len()];
    for (i, p) in persons.iter().enumerate() {
        by_eth[p.eth as usize].push(i as u32);
    }

    let mut responses = Vec::new();
    let mut truth = Vec::new();
    let mut lookalikes = Vec::new();
    for ((_, country), &n) in countries.iter().zip(&sizes) {
        let cc = country.code.as_str();
        let plan = plan_country(t, cfg, country, n, &by_eth, &persons);
        let rows: Vec<(GeneratedRecord, Marks, Person)> = plan
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .map(|(pos, item)| {
                let mut rng = Rng::derive(seed, STREAM_ROW ^ (code_stream(cc) << 8), pos as u64);
                let mut rec = response_row(t, cfg, country, item, &persons, &mut rng);
                rec.0.id = format!("{cc}-{:06}", pos + 1);
                rec
            })
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        let mut kept = Vec::with_capacity(if keep { rows.len() } else { 0 });
        for (pos, (rec, m, who)) in rows.into_iter().enumerate() {
            stats.add(m);
            match plan[pos] {
                Plan::Match(i) => {
                    truth.push(TruthPair { registry_id: registry[i as usize].id.clone(), response_id: rec.id.clone(), response_country: cc.to_string() })
                }
                Plan::Hard(b, kind) => lookalikes.push(Lookalike {
                    response_id: rec.id.clone(),
                    response_country: cc.to_string(),
                    registry_id: registry[b as usize].id.clone(),
                    class: kind.name().to_string(),
                }),
                Plan::Own => {}
            }
            if keep {
                kept.push((plan[pos], who));
            }
            out.push(rec);
        }
        responses.push((cc.to_string(), out));
        if keep {
            detail_rows.push(kept);
        }
    }
    let detail = Detail { persons: if keep { persons } else { Vec::new() }, rows: detail_rows };
    (Generated { profile: cfg.profile, registry, responses, truth, lookalikes }, stats, detail)
}

/// Splits `total` by `weights` (largest remainder).
fn split(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rest = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

fn registry_base(t: &Tables, cfg: &GenerateConfig, i: usize) -> (f64, Person, Rng) {
    let mut rng = Rng::derive(stream_seed(cfg), STREAM_REGISTRY, i as u64);
    let family = rng.f64();
    let eth = t.w_ethnicities.pick(&mut rng);
    let p = Person::random(t, eth, cfg.errors.kazakh_letters_to_russian, &mut rng);
    (family, p, rng)
}

fn registry_row(t: &Tables, cfg: &GenerateConfig, i: usize) -> (Person, GeneratedRecord, Marks) {
    let related = cfg.registry_twin_share + cfg.registry_sibling_share;
    let (family, mut p, mut rng) = registry_base(t, cfg, i);
    if i > 0 && family < related {
        let prev_family = Rng::derive(stream_seed(cfg), STREAM_REGISTRY, i as u64 - 1).f64();
        if prev_family >= related {
            let (_, prev, _) = registry_base(t, cfg, i - 1);
            p = if family < cfg.registry_twin_share { prev.twin(t, &mut rng) } else { prev.sibling(t, &mut rng) };
        }
    }
    let mut marks = Marks::default();
    if t.pools[p.given_pool as usize].script == Script::Kazakh {
        marks.eligible(Err::KazakhLettersToRussian);
        if !p.kazakh_letters {
            marks.applied(Err::KazakhLettersToRussian);
        }
    }
    let keep_yo = rng.chance(0.15);
    let fold_fields = [rng.chance(0.1), rng.chance(0.1), rng.chance(0.1)];
    let (surname, given_name, patronymic) = registry_forms(t, &p, keep_yo, fold_fields);
    let shown = if p.placeholder { Date { y: p.dob.y, m: 1, d: 1 } } else { p.dob };
    let rec = GeneratedRecord {
        id: format!("KZ{:07}", i + 1),
        surname,
        given_name,
        patronymic,
        birth_date: shown.format(tables::DateFmt::DmyDot),
        sex: if p.female { "F" } else { "M" }.to_string(),
        country: "KZ".to_string(),
        iin: dates::make_iin(shown, p.female, &mut rng),
        ..GeneratedRecord::default()
    };
    (p, rec, marks)
}

/// Decides, for each response row of a country, whether it is a registry person,
/// a hard non-match or one of the state's own persons; shuffled.
fn plan_country(t: &Tables, cfg: &GenerateConfig, country: &Country, n: usize, by_eth: &[Vec<u32>], persons: &[Person]) -> Vec<Plan> {
    let mut rng = Rng::derive(stream_seed(cfg), STREAM_PLAN, code_stream(&country.code));
    let match_share = cfg.match_share.clamp(0.0, 1.0);
    let hard_share = cfg.hard_negative_share.clamp(0.0, 1.0 - match_share);
    let n_match = ((n as f64 * match_share).round() as usize).min(n);
    let n_hard = ((n as f64 * hard_share).round() as usize).min(n - n_match);
    let mut plan = Vec::with_capacity(n);

    // Matches: distinct registry persons, weighted by the state's ethnic affinity.
    let mut perms: Vec<SparsePerm> = by_eth.iter().map(|v| SparsePerm::new(v.len())).collect();
    for _ in 0..n_match {
        let w = Weighted::new(perms.iter().enumerate().map(|(e, p)| country.affinity[e] * p.remaining() as f64));
        let e = w.pick(&mut rng);
        match perms[e].draw(&mut rng) {
            Some(k) => plan.push(Plan::Match(by_eth[e][k as usize])),
            None => break, // registry exhausted
        }
    }
    let w_base = Weighted::new(by_eth.iter().enumerate().map(|(e, v)| country.affinity[e] * v.len() as f64));
    let classes: &[(Hard, f64)] = match cfg.profile {
        Profile::Stress => &STRESS_LOOKALIKES,
        _ => &DEFAULT_LOOKALIKES,
    };
    let w_hard = Weighted::new(classes.iter().map(|c| c.1));
    let mut has_similar = std::collections::HashMap::new();
    if by_eth.iter().any(|v| !v.is_empty()) {
        for _ in 0..n_hard {
            let e = w_base.pick(&mut rng);
            let list = &by_eth[e];
            let mut base = list[rng.below(list.len())];
            let kind = classes[w_hard.pick(&mut rng)].0;
            if matches!(kind, Hard::SimilarGivenTwin | Hard::SimilarGivenSibling) {
                // Only some names have a similar name in their pool (Ерлан/Ержан; not
                // Асқар): draw the base among the persons whose name has one.
                for _ in 0..50 {
                    let p = &persons[base as usize];
                    let key = (p.given_pool, p.female, p.given);
                    if *has_similar.entry(key).or_insert_with(|| !p.similar_givens(t).is_empty()) {
                        break;
                    }
                    let list = &by_eth[w_base.pick(&mut rng)];
                    base = list[rng.below(list.len())];
                }
            }
            plan.push(Plan::Hard(base, kind));
        }
    }
    while plan.len() < n {
        plan.push(Plan::Own);
    }
    for i in (1..plan.len()).rev() {
        let j = rng.below(i + 1);
        plan.swap(i, j);
    }
    plan
}

fn hard_negative(t: &Tables, base: &Person, kind: Hard, rng: &mut Rng) -> Person {
    match kind {
        Hard::Twin => base.twin(t, rng),
        Hard::Sibling => base.sibling(t, rng),
        Hard::NamesakeOtherDob => {
            let mut p = base.clone();
            let mut d = dates::random_birth_date(rng);
            for _ in 0..10 {
                if (d.y - base.dob.y).abs() >= 2 {
                    break;
                }
                d = dates::random_birth_date(rng);
            }
            if (d.y - base.dob.y).abs() < 2 {
                d.y = if base.dob.y > 1960 { base.dob.y - 5 } else { base.dob.y + 5 };
                d.d = d.d.min(dates::days_in_month(d.y, d.m));
            }
            p.dob = d;
            p.placeholder = false;
            p
        }
        Hard::SimilarNameSameDob => {
            let mut p = base.clone();
            p.given = base.other_given(t, true, rng);
            if rng.chance(0.5) {
                p.father = t.pools[p.father_pool as usize].w_male.pick(rng) as u16;
            }
            p
        }
        Hard::SimilarGivenTwin => {
            let mut p = base.clone();
            p.given = base.similar_given(t, rng);
            p
        }
        Hard::SimilarGivenSibling => {
            let mut p = base.clone();
            p.given = base.similar_given(t, rng);
            p.dob = base.sibling(t, rng).dob;
            p.placeholder = false;
            p
        }
        Hard::OtherFather => {
            let mut p = base.clone();
            p.father = base.other_father(t, rng);
            // The namesake's own documents carry his or her (other) patronymic.
            p.has_patr = true;
            p
        }
        Hard::OtherSurname => base.with_other_surname(t, rng),
        Hard::ParentChild => {
            let mut p = base.clone();
            p.dob = parent_child_dob(base.dob, rng);
            p
        }
    }
}

/// A parent's or child's birth date: the same day and month (28 Feb for a 29 Feb in a
/// common year), 18–40 years earlier or later, within the population's years.
fn parent_child_dob(d: Date, rng: &mut Rng) -> Date {
    let gap = rng.range(18, 40) as i32;
    let up = d.y + gap <= dates::LAST_YEAR;
    let down = d.y - gap >= dates::FIRST_YEAR;
    let y = match (up, down) {
        (true, true) if rng.chance(0.5) => d.y + gap,
        (true, true) | (false, true) => d.y - gap,
        (true, false) => d.y + gap,
        (false, false) if d.y + 18 <= dates::LAST_YEAR => d.y + 18,
        (false, false) => d.y - 18,
    };
    Date { y, m: d.m, d: d.d.min(dates::days_in_month(y, d.m)) }
}

fn pick<'a>(rng: &mut Rng, items: &[(&'a str, f64)]) -> &'a str {
    let w = Weighted::new(items.iter().map(|x| x.1));
    items[w.pick(rng)].0
}

/// The Latin scheme of a romanized row. The stress profile mixes the schemes otherwise
/// (more French, German and Telegram-style spellings in RU; more ICAO in UA; KG half BGN).
fn latin_scheme(cc: &str, stress: bool, rng: &mut Rng) -> &'static str {
    if stress {
        match cc {
            "RU" => return pick(rng, &[("icao", 0.30), ("mvd", 0.20), ("bgn", 0.10), ("french", 0.12), ("german", 0.14), ("telegram", 0.14)]),
            "UA" => return pick(rng, &[("kmu", 0.6), ("uk_icao", 0.4)]),
            "KG" => return pick(rng, &[("ky", 0.5), ("ky_bgn", 0.5)]),
            "AM" => return pick(rng, &[("icao", 0.3), ("mvd", 0.4), ("telegram", 0.3)]),
            _ => {}
        }
    }
    match cc {
        "RU" => pick(rng, &[("icao", 0.55), ("mvd", 0.2), ("bgn", 0.05), ("french", 0.06), ("german", 0.08), ("telegram", 0.06)]),
        "UA" => pick(rng, &[("kmu", 0.85), ("uk_icao", 0.15)]),
        "BY" => "be",
        "UZ" => "uz",
        "KG" => pick(rng, &[("ky", 0.7), ("ky_bgn", 0.3)]),
        "TJ" => "tg",
        "AZ" => "az",
        "MD" => "ro",
        _ => pick(rng, &[("icao", 0.5), ("mvd", 0.5)]),
    }
}

fn document_number(cc: &str, rng: &mut Rng) -> String {
    let digits = |rng: &mut Rng, n: usize| -> String { (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect() };
    let letters = |rng: &mut Rng, set: &[&str]| -> String { set[rng.below(set.len())].to_string() };
    match cc {
        "RU" => format!("{} {}", digits(rng, 4), digits(rng, 6)),
        "UA" if rng.chance(0.6) => digits(rng, 9),
        "UA" => format!("{}{}", letters(rng, &["FA", "FB", "EC", "EH", "KE", "ME"]), digits(rng, 6)),
        "BY" => format!("{}{}", letters(rng, &["MP", "MC", "AB", "BM", "HB", "KH", "KB"]), digits(rng, 7)),
        "UZ" => format!("{}{}", letters(rng, &["AA", "AB", "AC", "FA", "AD"]), digits(rng, 7)),
        "KG" => format!("{}{}", letters(rng, &["ID", "AN", "AC"]), digits(rng, 7)),
        "TJ" => format!("{}{}", letters(rng, &["A", "B"]), digits(rng, 8)),
        "AZ" => format!("{}{}", letters(rng, &["AA", "AZE"]), digits(rng, 7)),
        "MD" => format!("{}{}", letters(rng, &["A", "B"]), digits(rng, 8)),
        _ => format!("{}{}", letters(rng, &["AN", "AR", "AM"]), digits(rng, 7)),
    }
}

fn response_row(t: &Tables, cfg: &GenerateConfig, country: &Country, item: &Plan, registry: &[Person], rng: &mut Rng) -> (GeneratedRecord, Marks, Person) {
    let e = &cfg.errors;
    let stress = cfg.profile == Profile::Stress;
    let cc = country.code.as_str();
    let mut marks = Marks::default();
    let mut p = match *item {
        Plan::Match(i) => {
            let mut p = registry[i as usize].clone();
            // The partner state may know a patronymic the registry lacks.
            if !p.has_patr && rng.chance(0.3) {
                p.has_patr = true;
            }
            p
        }
        Plan::Hard(b, kind) => hard_negative(t, &registry[b as usize], kind, rng),
        Plan::Own => {
            let eth = country.w_negatives.pick(rng);
            Person::random(t, eth, e.kazakh_letters_to_russian, rng)
        }
    };
    let who = p.clone();
    let kazakh = t.pools[p.given_pool as usize].script == Script::Kazakh;
    let style = t.ethnicities[p.eth as usize].patr_style;

    // Script and scheme.
    let latin = match country.latin_native {
        Some(share) => rng.chance(share),
        None => marks.draw(Err::Romanization, e.romanization, rng),
    };
    let mut scheme = latin_scheme(cc, stress, rng);
    // Kazakh passport schemes for Kazakh names: 20% (stress 35%) of such Latin rows.
    if latin && kazakh && !matches!(cc, "UZ" | "AZ" | "MD") && rng.chance(if stress { 0.35 } else { 0.2 }) {
        scheme = if rng.chance(0.75) { "kzpass" } else { "kk2021" };
    }

    let mut o = Opts {
        latin,
        scheme,
        ethnic_patr: default_ethnic(t, &p, cc),
        keep_yo: rng.chance(0.15),
        belarusian: latin || rng.chance(0.45),
        zoda: cc == "TJ" && p.eth_name(t) == "tajik" && rng.chance(0.35),
        md_patronymic: rng.chance(0.15),
        ..Opts::default()
    };
    if p.has_patr && ethnic_supported(cc, style) && marks.draw(Err::PatronymicForm, e.patronymic_form, rng) {
        o.ethnic_patr = !o.ethnic_patr;
    }
    let cognate_row = cc == "UA" || (cc == "BY" && o.belarusian);
    if cognate_row && t.cognates.contains_key(&p.given_name(t).cyr) {
        o.use_cognate = marks.draw(Err::Cognate, e.cognate, rng);
    } else {
        o.use_cognate = true;
    }
    if p.female && marks.draw(Err::Marriage, e.marriage, rng) {
        let (old, _) = p.surname_masc(t);
        for _ in 0..10 {
            let eth = if rng.chance(0.25) { t.w_ethnicities.pick(rng) } else { p.eth as usize };
            let pool_i = t.ethnicities[eth].surname_pool;
            p.surname_pool = pool_i as u8;
            p.surname = person::SurnameSrc::List(t.pools[pool_i].w_surnames.pick(rng) as u16);
            p.no_suffix = false;
            if p.surname_masc(t).0 != old {
                break;
            }
        }
    }
    let suffix_toggle = p.is_kazakh_surname(t) && drop_ov(&p.surname_masc(t).0).is_some();
    if (suffix_toggle || p.can_feminize(t)) && marks.draw(Err::GenderedOrSuffix, e.gendered_or_suffix, rng) {
        if suffix_toggle && (!p.can_feminize(t) || rng.chance(0.6)) {
            p.no_suffix = !p.no_suffix;
        } else {
            o.masculine_surname = true;
        }
    }

    let (mut s, mut g, mut pat) = country_forms(t, &p, cc, &o);

    if cc == "UZ" && latin {
        let v = pick(rng, &[("ʻ", 0.5), ("'", 0.3), ("‘", 0.07), ("’", 0.08), ("`", 0.03), ("", 0.02)]);
        if v != "ʻ" {
            for f in [&mut s, &mut g, &mut pat] {
                *f = f.replace('ʻ', v);
            }
        }
    }
    if cc == "MD" && latin && rng.chance(0.3) {
        for f in [&mut s, &mut g, &mut pat] {
            *f = f.replace('ș', "ş").replace('ț', "ţ").replace('Ș', "Ş").replace('Ț', "Ţ");
        }
    }
    if !latin && kazakh && (s.starts_with('Ж') || g.starts_with('Ж')) && marks.draw(Err::DzhSpelling, e.dzh_spelling, rng) {
        for f in [&mut s, &mut g] {
            if let Some(rest) = f.strip_prefix('Ж') {
                *f = format!("Дж{rest}");
            }
        }
    }
    if !pat.is_empty() && marks.draw(Err::PatronymicDropped, e.patronymic_dropped, rng) {
        pat.clear();
    }
    if marks.draw(Err::Initial, e.initial, rng) {
        if !pat.is_empty() && rng.chance(0.25) {
            pat = initial(&pat);
        } else {
            g = initial(&g);
        }
    }
    if marks.draw(Err::FieldsSwapped, e.fields_swapped, rng) {
        std::mem::swap(&mut s, &mut g);
    }
    if marks.draw(Err::Typo, e.typo, rng) {
        let r = rng.f64();
        let ok = if r < 0.45 || (r >= 0.85 && pat.is_empty()) {
            typo(&mut s, rng)
        } else if r < 0.85 {
            typo(&mut g, rng)
        } else {
            typo(&mut pat, rng)
        };
        if !ok && !typo(&mut s, rng) {
            marks.unapply(Err::Typo);
        }
    }
    // The stress profile's extra kinds; never drawn at rate 0 (the default profile's
    // random streams stay as they were).
    if marks.has(Err::Typo) && e.typo_second > 0.0 && marks.draw(Err::TypoSecond, e.typo_second, rng) {
        let r = rng.f64();
        let ok = if r < 0.4 {
            typo(&mut s, rng)
        } else if r < 0.8 || pat.is_empty() {
            typo(&mut g, rng)
        } else {
            typo(&mut pat, rng)
        };
        if !ok && !typo(&mut s, rng) {
            marks.unapply(Err::TypoSecond);
        }
    }
    let mut dob_one_off = false;
    if e.typo_given_and_dob > 0.0 && marks.draw(Err::TypoGivenAndDob, e.typo_given_and_dob, rng) {
        if typo(&mut g, rng) {
            dob_one_off = true;
        } else {
            marks.unapply(Err::TypoGivenAndDob);
        }
    }
    let mut full = String::new();
    if marks.draw(Err::FullNameOnly, e.full_name_only, rng) {
        let parts: Vec<&str> = if latin { vec![&g, &s] } else { vec![&s, &g, &pat] };
        full = parts.into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ");
        s.clear();
        g.clear();
        pat.clear();
    }
    if marks.draw(Err::Uppercase, e.uppercase, rng) {
        let turkic = latin && cc == "AZ";
        for f in [&mut s, &mut g, &mut pat, &mut full] {
            *f = uppercase(f, turkic);
        }
    }
    if marks.draw(Err::Whitespace, e.whitespace, rng) {
        let f = if full.is_empty() { &mut s } else { &mut full };
        match f.find(' ') {
            Some(i) if rng.chance(0.5) => f.insert(i, ' '),
            _ => f.push(' '),
        }
    }
    let sex = if marks.draw(Err::SexMissing, e.sex_missing, rng) {
        String::new()
    } else if p.female != (e.sex_wrong > 0.0 && marks.draw(Err::SexWrong, e.sex_wrong, rng)) {
        "F".to_string()
    } else {
        "M".to_string()
    };

    let base = if p.placeholder && rng.chance(0.5) { Date { y: p.dob.y, m: 1, d: 1 } } else { p.dob };
    let fmt = country.date_formats[country.w_date_formats.pick(rng)];
    let dob = if dob_one_off {
        let d = if rng.chance(0.6) {
            base.add_days(if rng.chance(0.5) { 1 } else { -1 })
        } else {
            let y = base.y + if rng.chance(0.5) { 1 } else { -1 };
            Date::new(y, base.m, base.d).unwrap_or(Date { y, m: base.m, d: 28 })
        };
        DobOut::Date(d)
    } else {
        dob_error(base, &e.dob_probs(), &mut marks, rng)
    };
    let birth_date = match dob {
        DobOut::Date(d) => d.format(fmt),
        DobOut::YearOnly(y) if rng.chance(0.3) => format!("00.00.{y:04}"),
        DobOut::YearOnly(y) => format!("{y:04}"),
        DobOut::Missing => String::new(),
    };
    let kind = pick(
        rng,
        &[("citizenship", 0.70), ("identity_document", 0.10), ("migration_registration", 0.08), ("visa", 0.05), ("property", 0.04), ("liability", 0.03)],
    );
    let rec = GeneratedRecord {
        id: String::new(),
        surname: s,
        given_name: g,
        patronymic: pat,
        full_name: full,
        birth_date,
        sex,
        country: cc.to_string(),
        iin: String::new(),
        document_number: document_number(cc, rng),
        response_kind: kind.to_string(),
    };
    (rec, marks, who)
}

/// Writes `registry.csv`, `responses_<cc>.csv` (lower-case code) and `truth.csv` into
/// `dir` (created if missing); returns the paths written. Data of any profile but the
/// default also get `lookalikes.csv` (response_id, response_country, registry_id, class:
/// which registry person each look-alike row was built from, and how; see
/// [`Lookalike`]). The default profile writes exactly the files it always wrote.
pub fn write_dir(g: &Generated, dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();

    let path = dir.join("registry.csv");
    let mut w = csv::Writer::from_path(&path)?;
    w.write_record(["id", "surname", "given_name", "patronymic", "birth_date", "sex", "country", "iin"])?;
    for r in &g.registry {
        w.write_record([&r.id, &r.surname, &r.given_name, &r.patronymic, &r.birth_date, &r.sex, &r.country, &r.iin])?;
    }
    w.flush()?;
    paths.push(path);

    for (cc, rows) in &g.responses {
        let path = dir.join(format!("responses_{}.csv", cc.to_lowercase()));
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["id", "surname", "given_name", "patronymic", "full_name", "birth_date", "sex", "country", "document_number", "response_kind"])?;
        for r in rows {
            w.write_record([
                &r.id,
                &r.surname,
                &r.given_name,
                &r.patronymic,
                &r.full_name,
                &r.birth_date,
                &r.sex,
                &r.country,
                &r.document_number,
                &r.response_kind,
            ])?;
        }
        w.flush()?;
        paths.push(path);
    }

    let path = dir.join("truth.csv");
    let mut w = csv::Writer::from_path(&path)?;
    w.write_record(["registry_id", "response_id", "response_country"])?;
    for p in &g.truth {
        w.write_record([&p.registry_id, &p.response_id, &p.response_country])?;
    }
    w.flush()?;
    paths.push(path);

    if g.profile != Profile::Default {
        let path = dir.join("lookalikes.csv");
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["response_id", "response_country", "registry_id", "class"])?;
        for l in &g.lookalikes {
            w.write_record([&l.response_id, &l.response_country, &l.registry_id, &l.class])?;
        }
        w.flush()?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use translit::yo_to_ye;

    fn small() -> GenerateConfig {
        GenerateConfig { seed: 7, registry_size: 2_000, responses_size: 500, ..GenerateConfig::default() }
    }

    fn parse_dmy(s: &str) -> Option<Date> {
        let mut it = s.split('.');
        let d = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let y = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    #[test]
    fn small_data_set_is_deterministic_and_consistent() {
        let cfg = small();
        let (a, stats) = generate_with_stats(&cfg);
        let b = generate(&cfg);
        assert_eq!(a, b, "same config must give the same data");
        let other = generate(&GenerateConfig { seed: 8, ..cfg.clone() });
        assert_ne!(a.registry, other.registry);

        // Sizes.
        assert_eq!(a.registry.len(), 2_000);
        let total: usize = a.responses.iter().map(|(_, r)| r.len()).sum();
        assert_eq!(total, 500);
        assert_eq!(a.responses.len(), 5);

        // Ids unique and well-formed.
        let reg_ids: HashSet<&str> = a.registry.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(reg_ids.len(), a.registry.len());
        assert!(a.registry.iter().all(|r| r.id.len() == 9 && r.id.starts_with("KZ")));
        let mut resp_ids = HashSet::new();
        for (cc, rows) in &a.responses {
            for r in rows {
                assert!(r.id.starts_with(&format!("{cc}-")));
                assert_eq!(&r.country, cc);
                assert!(resp_ids.insert(r.id.as_str()), "duplicate id");
                assert!(!r.document_number.is_empty());
                assert!(r.iin.is_empty());
                let split = !r.surname.is_empty() || !r.given_name.is_empty();
                assert!(split == r.full_name.is_empty(), "either split names or full_name");
            }
        }

        // Truth: existing ids, one registry person at most once per country, share ≈ match_share.
        let mut seen = HashSet::new();
        for p in &a.truth {
            assert!(reg_ids.contains(p.registry_id.as_str()));
            assert!(resp_ids.contains(p.response_id.as_str()));
            assert!(p.response_id.starts_with(&p.response_country));
            assert!(seen.insert((p.registry_id.clone(), p.response_country.clone())));
        }
        let share = a.truth.len() as f64 / total as f64;
        assert!((share - 0.5).abs() < 0.02, "truth share {share}");

        // Registry: valid dates, IINs valid and consistent with date and sex.
        for r in &a.registry {
            let d = parse_dmy(&r.birth_date).expect("registry date parses");
            assert!((dates::FIRST_YEAR..=dates::LAST_YEAR).contains(&d.y));
            let digits: Vec<u8> = r.iin.bytes().map(|b| b - b'0').collect();
            assert_eq!(digits.len(), 12);
            assert_eq!(dates::iin_check(&digits[..11]), Some(digits[11]));
            assert_eq!(r.iin[..6], format!("{:02}{:02}{:02}", d.y % 100, d.m, d.d));
            assert_eq!(digits[6] % 2 == 0, r.sex == "F");
            assert_eq!(digits[6] >= 5, d.y >= 2000);
            assert!(!r.surname.is_empty() && !r.given_name.is_empty());
        }
        // Some Kazakh-letter spellings and some 01.01 placeholders in the registry.
        let kazakh_letters = a.registry.iter().filter(|r| r.given_name.contains(['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'])).count();
        assert!(kazakh_letters > 200, "{kazakh_letters}");
        let placeholders = a.registry.iter().filter(|r| r.birth_date.starts_with("01.01.")).count();
        let ph = placeholders as f64 / 2_000.0;
        assert!((0.02..0.06).contains(&ph), "placeholder share {ph}");
        let _ = stats;
    }

    /// Every error kind the generator draws, with its configured rate.
    fn configured_rates(e: &ErrorRates) -> Vec<(Err, f64)> {
        vec![
            (Err::Typo, e.typo),
            (Err::Romanization, e.romanization),
            (Err::KazakhLettersToRussian, e.kazakh_letters_to_russian),
            (Err::Cognate, e.cognate),
            (Err::GenderedOrSuffix, e.gendered_or_suffix),
            (Err::PatronymicDropped, e.patronymic_dropped),
            (Err::PatronymicForm, e.patronymic_form),
            (Err::FieldsSwapped, e.fields_swapped),
            (Err::Marriage, e.marriage),
            (Err::DobSwapDayMonth, e.dob_swap_day_month),
            (Err::DobDigit, e.dob_digit),
            (Err::DobYearOff, e.dob_year_off),
            (Err::DobDayOff, e.dob_day_off),
            (Err::DobCentury, e.dob_century),
            (Err::DobPlaceholder, e.dob_placeholder),
            (Err::DobYearOnly, e.dob_year_only),
            (Err::DobMissing, e.dob_missing),
            (Err::FullNameOnly, e.full_name_only),
            (Err::Initial, e.initial),
            (Err::Uppercase, e.uppercase),
            (Err::DzhSpelling, e.dzh_spelling),
            (Err::SexMissing, e.sex_missing),
            (Err::Whitespace, e.whitespace),
        ]
    }

    /// Each observed error rate within about four standard errors of its configured rate.
    fn assert_rates_follow(stats: &Stats, checks: &[(Err, f64)]) {
        for &(kind, p) in checks {
            let (rate, n) = stats.rate(kind);
            assert!(n > 100, "{kind:?}: only {n} eligible rows");
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!((rate - p).abs() <= 4.0 * se + 0.002, "{kind:?}: observed {rate:.4} of {n}, configured {p}");
        }
    }

    #[test]
    fn observed_rates_follow_the_configuration() {
        // Larger sample so rates are measurable; rates checked within ~4 standard errors.
        let cfg = GenerateConfig {
            seed: 11,
            registry_size: 20_000,
            responses_size: 20_000,
            countries: ["RU", "UA", "BY", "UZ", "KG", "TJ", "AZ", "MD", "AM"].iter().map(|s| s.to_string()).collect(),
            ..GenerateConfig::default()
        };
        let (g, stats) = generate_with_stats(&cfg);
        let e = &cfg.errors;
        assert_rates_follow(&stats, &configured_rates(e));

        // Output-level checks: full_name rows, missing dates, Latin shares per country.
        let rows: Vec<&GeneratedRecord> = g.responses.iter().flat_map(|(_, r)| r.iter()).collect();
        let full = rows.iter().filter(|r| !r.full_name.is_empty()).count() as f64 / rows.len() as f64;
        assert!((full - e.full_name_only).abs() < 0.01, "full_name share {full}");
        let missing = rows.iter().filter(|r| r.birth_date.is_empty()).count() as f64 / rows.len() as f64;
        assert!(missing < 0.01, "missing dates {missing}");
        for (cc, rows) in &g.responses {
            let latin = rows
                .iter()
                .filter(|r| {
                    let name = if r.full_name.is_empty() { &r.surname } else { &r.full_name };
                    name.chars().find(|c| c.is_alphabetic()).is_some_and(|c| c.is_ascii() || !('\u{400}'..='\u{4FF}').contains(&c))
                })
                .count() as f64
                / rows.len().max(1) as f64;
            let expected = match cc.as_str() {
                "UZ" => 0.85,
                "AZ" => 0.9,
                "MD" => 0.7,
                _ => e.romanization,
            };
            assert!((latin - expected).abs() < 0.07, "{cc}: Latin share {latin}, expected {expected}");
        }
    }

    #[test]
    fn write_dir_writes_all_files() {
        let g = generate(&GenerateConfig { registry_size: 300, responses_size: 100, ..GenerateConfig::default() });
        let dir = tempfile::tempdir().unwrap();
        let paths = write_dir(&g, dir.path()).unwrap();
        let names: Vec<String> = paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names[0], "registry.csv");
        assert!(names.contains(&"responses_ru.csv".to_string()));
        assert_eq!(names.last().unwrap(), "truth.csv");
        let mut rdr = csv::Reader::from_path(dir.path().join("responses_ru.csv")).unwrap();
        assert_eq!(rdr.headers().unwrap().len(), 10);
        let n = rdr.records().filter(|r| r.is_ok()).count();
        assert_eq!(n, g.responses[0].1.len());
        let mut rdr = csv::Reader::from_path(dir.path().join("truth.csv")).unwrap();
        assert_eq!(rdr.records().count(), g.truth.len());
    }

    #[test]
    fn output_does_not_depend_on_thread_count() {
        let cfg = GenerateConfig { registry_size: 3_000, responses_size: 1_000, ..small() };
        let run = |threads: usize| rayon::ThreadPoolBuilder::new().num_threads(threads).build().map(|pool| pool.install(|| generate(&cfg)));
        let one = run(1).unwrap();
        let three = run(3).unwrap();
        assert_eq!(one, three);
    }

    #[test]
    fn hard_negatives_differ_from_their_registry_person() {
        // Every class, with both profiles' tables, on the registry's spelling.
        for profile in [Profile::Default, Profile::Stress] {
            let t = Tables::for_profile(profile);
            let mut rng = Rng::new(21);
            for i in 0..2_700 {
                let eth = t.w_ethnicities.pick(&mut rng);
                let mut base = Person::random(t, eth, 0.5, &mut rng);
                base.has_patr = true;
                let kind = STRESS_LOOKALIKES[i % STRESS_LOOKALIKES.len()].0;
                let h = hard_negative(t, &base, kind, &mut rng);
                let a = registry_forms(t, &base, false, [false; 3]);
                let b = registry_forms(t, &h, false, [false; 3]);
                if kind == Hard::OtherSurname {
                    assert_ne!(base.surname_masc(t), h.surname_masc(t), "{kind:?}: another family name");
                    assert_ne!(a.0, b.0);
                } else {
                    assert_eq!(base.surname_masc(t), h.surname_masc(t), "{kind:?}: same family name");
                }
                let gap = (h.dob.y - base.dob.y).abs();
                match kind {
                    Hard::Twin | Hard::SimilarNameSameDob | Hard::SimilarGivenTwin => {
                        assert_eq!(h.dob, base.dob);
                        assert_ne!(a.1, b.1);
                    }
                    Hard::Sibling | Hard::NamesakeOtherDob | Hard::SimilarGivenSibling => assert!(gap >= 2),
                    Hard::OtherFather => {
                        assert_eq!((h.dob, &a.1), (base.dob, &b.1));
                        assert_ne!(a.2, b.2, "{kind:?}: another patronymic");
                    }
                    Hard::OtherSurname => assert_eq!((h.dob, &a.1, &a.2), (base.dob, &b.1, &b.2)),
                    Hard::ParentChild => {
                        assert!((18..=40).contains(&gap));
                        assert_eq!((&a.1, &a.2), (&b.1, &b.2));
                    }
                }
            }
        }
    }

    #[test]
    fn edge_sizes_and_partial_config() {
        let empty_registry = generate(&GenerateConfig { registry_size: 0, responses_size: 20, ..small() });
        assert!(empty_registry.truth.is_empty());
        assert_eq!(empty_registry.responses.iter().map(|(_, r)| r.len()).sum::<usize>(), 20);
        // More matches wanted than registry persons: each person still at most once per country.
        let tiny = generate(&GenerateConfig {
            registry_size: 5,
            responses_size: 100,
            match_share: 1.0,
            countries: vec!["ru".into(), "XX".into(), "RU".into()],
            ..small()
        });
        assert_eq!(tiny.responses.len(), 1);
        assert_eq!(tiny.truth.len(), 5);
        assert_eq!(tiny.responses[0].1.len(), 100);
        let cfg: GenerateConfig = serde_json::from_str(r#"{"seed": 1, "errors": {"typo": 0.5}}"#).unwrap();
        assert_eq!(cfg.seed, 1);
        assert_eq!(cfg.errors.typo, 0.5);
        assert_eq!(cfg.errors.marriage, ErrorRates::default().marriage);
        assert_eq!(cfg.registry_size, GenerateConfig::default().registry_size);
    }

    #[test]
    fn split_is_exact() {
        assert_eq!(split(10, &[1.0, 1.0, 1.0]).iter().sum::<usize>(), 10);
        assert_eq!(split(0, &[1.0]), vec![0]);
        assert_eq!(split(5, &[]), Vec::<usize>::new());
    }

    /// FNV-1a 64 (pinned hashes of generated files).
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    #[test]
    fn default_profile_output_is_unchanged() {
        // FNV-1a 64 of every file of `small()` (seed 7, 2,000 × 500), computed from the
        // files the generator wrote before the stress profile existed (commit 0492b59).
        const PINNED: [(&str, u64); 7] = [
            ("registry.csv", 0x5ce4_bdbd_3793_eeed),
            ("responses_ru.csv", 0xb191_5469_2e6c_b01a),
            ("responses_ua.csv", 0xc69c_5c82_6af8_135c),
            ("responses_by.csv", 0xdeb3_fc1f_f612_ba93),
            ("responses_uz.csv", 0x8783_f02e_5637_7c1f),
            ("responses_kg.csv", 0x9c41_ced8_46a1_760a),
            ("truth.csv", 0xf8be_1229_9831_604d),
        ];
        assert_eq!(GenerateConfig::for_profile(Profile::Default), GenerateConfig::default());
        assert_eq!(GenerateConfig::from_json("{}", None).unwrap(), GenerateConfig::default());
        let g = generate(&small());
        assert_eq!(g.profile, Profile::Default);
        let dir = tempfile::tempdir().unwrap();
        let paths = write_dir(&g, dir.path()).unwrap();
        let names: Vec<String> = paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, PINNED.iter().map(|x| x.0.to_string()).collect::<Vec<_>>(), "the default profile writes the same files");
        for (name, hash) in PINNED {
            let bytes = std::fs::read(dir.path().join(name)).unwrap();
            assert_eq!(fnv1a(&bytes), hash, "{name} changed");
        }
        // A few rows, readable.
        let r = &g.registry[1];
        assert_eq!(
            (r.id.as_str(), r.surname.as_str(), r.given_name.as_str(), r.patronymic.as_str(), r.birth_date.as_str(), r.iin.as_str()),
            ("KZ0000002", "Амиров", "Ерболат", "Арманулы", "08.10.1995", "951008389461")
        );
        let (cc, rows) = &g.responses[0];
        assert_eq!(cc, "RU");
        assert_eq!((rows[0].surname.as_str(), rows[0].given_name.as_str(), rows[0].birth_date.as_str()), ("Тарасова", "Алена", "05.08.1976"));
        assert_eq!((g.truth[0].registry_id.as_str(), g.truth[0].response_id.as_str()), ("KZ0000880", "RU-000003"));
    }

    /// Stress settings at test size.
    fn stress_small(seed: u64, registry_size: usize, responses_size: usize) -> GenerateConfig {
        GenerateConfig { seed, registry_size, responses_size, ..GenerateConfig::stress() }
    }

    #[test]
    fn stress_profile_is_deterministic_and_another_population() {
        let cfg = stress_small(7, 5_000, 2_000);
        let run = |threads: usize| rayon::ThreadPoolBuilder::new().num_threads(threads).build().map(|pool| pool.install(|| generate(&cfg)));
        let one = run(1).unwrap();
        let three = run(3).unwrap();
        assert_eq!(one, three, "thread count must not matter");
        assert_eq!(one, generate(&cfg), "same config, same data");
        assert_eq!(one.profile, Profile::Stress);
        assert_eq!(one.responses.len(), 9);
        // Same seed, other profile: another population, not the default one re-noised.
        let default = generate(&GenerateConfig { profile: Profile::Default, ..cfg.clone() });
        let same = one.registry.iter().zip(&default.registry).filter(|(a, b)| a.surname == b.surname && a.birth_date == b.birth_date).count();
        assert!(same < 50, "{same} registry rows shared with the default profile");
        // Files: the default set plus lookalikes.csv, one row per look-alike.
        let dir = tempfile::tempdir().unwrap();
        let paths = write_dir(&one, dir.path()).unwrap();
        assert_eq!(paths.last().unwrap().file_name().unwrap(), "lookalikes.csv");
        let mut rdr = csv::Reader::from_path(paths.last().unwrap()).unwrap();
        assert_eq!(rdr.headers().unwrap().iter().collect::<Vec<_>>(), ["response_id", "response_country", "registry_id", "class"]);
        assert_eq!(rdr.records().count(), one.lookalikes.len());
    }

    #[test]
    fn stress_lookalikes_have_their_shares_and_properties() {
        let t = Tables::for_profile(Profile::Stress);
        let cfg = stress_small(7, 20_000, 5_000);
        let (g, _, d) = generate_inner(&cfg, true);
        let total: usize = g.responses.iter().map(|(_, r)| r.len()).sum();
        let share = g.lookalikes.len() as f64 / total as f64;
        assert!((share - 0.25).abs() < 0.005, "look-alike share {share}");
        let truth_ids: HashSet<&str> = g.truth.iter().map(|p| p.response_id.as_str()).collect();
        assert!(g.lookalikes.iter().all(|l| !truth_ids.contains(l.response_id.as_str())), "a look-alike is never a true pair");

        let surname = |p: &Person| p.surname_masc(t).0;
        let father = |p: &Person| yo_to_ye(&t.pools[p.father_pool as usize].male[p.father as usize].cyr);
        let given = |p: &Person| (p.female, yo_to_ye(&p.given_name(t).cyr));
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        let (mut fallback, mut similar_rows, mut other_surname_women) = (0, 0, 0);
        let mut k = 0;
        for ((cc, rows), plans) in g.responses.iter().zip(&d.rows) {
            for (row, (plan, h)) in rows.iter().zip(plans) {
                let Plan::Hard(b, kind) = *plan else { continue };
                let l = &g.lookalikes[k];
                k += 1;
                assert_eq!((l.response_id.as_str(), l.response_country.as_str(), l.class.as_str()), (row.id.as_str(), cc.as_str(), kind.name()));
                assert_eq!(l.registry_id, g.registry[b as usize].id);
                *counts.entry(kind.name()).or_default() += 1;
                let base = &d.persons[b as usize];
                let same_surname = surname(h) == surname(base);
                let same_father = father(h) == father(base);
                let same_given = given(h) == given(base);
                let same_dob = h.dob == base.dob;
                let year_gap = (h.dob.y - base.dob.y).abs();
                match kind {
                    Hard::Twin => assert!(same_surname && same_father && same_dob && !same_given, "{kind:?}"),
                    Hard::SimilarGivenTwin | Hard::SimilarGivenSibling => {
                        assert!(same_surname && same_father && h.female == base.female && !same_given, "{kind:?}");
                        if kind == Hard::SimilarGivenTwin {
                            assert!(same_dob);
                        } else {
                            assert!(year_gap >= 2);
                        }
                        similar_rows += 1;
                        if !base.similar_givens(t).contains(&h.given) {
                            fallback += 1;
                        }
                    }
                    Hard::Sibling => assert!(same_surname && same_father && !same_given && year_gap >= 2, "{kind:?}"),
                    Hard::OtherFather => assert!(same_surname && same_given && same_dob && !same_father && h.has_patr, "{kind:?}"),
                    Hard::OtherSurname => {
                        assert!(!same_surname && same_given && same_father && same_dob && h.has_patr == base.has_patr, "{kind:?}");
                        other_surname_women += usize::from(h.female);
                    }
                    Hard::ParentChild => {
                        assert!(same_surname && same_given && same_father && h.has_patr == base.has_patr, "{kind:?}");
                        assert!((18..=40).contains(&year_gap), "{kind:?}: {year_gap} years");
                        assert!(h.dob.m == base.dob.m && (h.dob.d == base.dob.d || (base.dob.d == 29 && h.dob.d == 28)));
                    }
                    Hard::NamesakeOtherDob => assert!(same_surname && same_given && year_gap >= 2, "{kind:?}"),
                    Hard::SimilarNameSameDob => assert!(same_surname && same_dob && !same_given, "{kind:?}"),
                }
            }
        }
        assert_eq!(k, g.lookalikes.len());
        let n = g.lookalikes.len() as f64;
        for (kind, p) in STRESS_LOOKALIKES {
            let got = *counts.get(kind.name()).unwrap_or(&0) as f64 / n;
            let se = (p * (1.0 - p) / n).sqrt();
            assert!((got - p).abs() <= 4.0 * se, "{kind:?}: share {got:.3}, documented {p}");
        }
        assert!(fallback * 10 < similar_rows, "{fallback} of {similar_rows} similar-given look-alikes found no similar name");
        let women = other_surname_women as f64 / counts["other_surname"] as f64;
        assert!((0.4..0.65).contains(&women), "other_surname: women {women}, men as often");
    }

    #[test]
    fn stress_truth_lists_only_true_pairs() {
        let cfg = stress_small(3, 20_000, 5_000);
        let (g, _, d) = generate_inner(&cfg, true);
        let mut truth = g.truth.iter();
        let mut matches = 0;
        for ((cc, rows), plans) in g.responses.iter().zip(&d.rows) {
            for (row, (plan, who)) in rows.iter().zip(plans) {
                if let Plan::Match(i) = *plan {
                    matches += 1;
                    let p = truth.next().expect("every match row is in the truth");
                    assert_eq!(
                        (p.registry_id.as_str(), p.response_id.as_str(), p.response_country.as_str()),
                        (g.registry[i as usize].id.as_str(), row.id.as_str(), cc.as_str())
                    );
                    // The row was rendered from the registry person itself.
                    let base = &d.persons[i as usize];
                    assert!(
                        who.given == base.given && who.father == base.father && who.surname == base.surname && who.dob == base.dob && who.female == base.female
                    );
                }
            }
        }
        assert!(truth.next().is_none(), "the truth lists match rows only");
        let total: usize = g.responses.iter().map(|(_, r)| r.len()).sum();
        assert!((matches as f64 / total as f64 - cfg.match_share).abs() < 0.005);
    }

    #[test]
    fn stress_observed_rates_follow_the_configuration() {
        let cfg = stress_small(11, 20_000, 20_000);
        let (g, stats, d) = generate_inner(&cfg, true);
        let e = &cfg.errors;
        let mut checks = configured_rates(e);
        checks.extend([(Err::TypoSecond, e.typo_second), (Err::TypoGivenAndDob, e.typo_given_and_dob), (Err::SexWrong, e.sex_wrong)]);
        assert_rates_follow(&stats, &checks);
        // Output level: full_name rows, missing and wrong sex codes against the person.
        let rows: Vec<(&GeneratedRecord, &Person)> = g.responses.iter().zip(&d.rows).flat_map(|((_, r), p)| r.iter().zip(p.iter().map(|x| &x.1))).collect();
        let n = rows.len() as f64;
        let full = rows.iter().filter(|(r, _)| !r.full_name.is_empty()).count() as f64 / n;
        assert!((full - e.full_name_only).abs() < 0.01, "full_name share {full}");
        let missing = rows.iter().filter(|(r, _)| r.sex.is_empty()).count() as f64 / n;
        assert!((missing - e.sex_missing).abs() < 0.006, "sex missing {missing}");
        let wrong = rows.iter().filter(|(r, p)| !r.sex.is_empty() && (r.sex == "F") != p.female).count() as f64 / n;
        assert!((wrong - e.sex_wrong).abs() < 0.003, "sex wrong {wrong}");
        let no_date = rows.iter().filter(|(r, _)| r.birth_date.is_empty()).count() as f64 / n;
        assert!((no_date - e.dob_missing).abs() < 0.004, "missing dates {no_date}");
    }

    #[test]
    fn stress_names_are_more_concentrated_and_the_mix_differs() {
        // Probability that two registry persons share a (surname, given name): the
        // steeper law and smaller non-Kazakh pools make same-name people far more common.
        fn collision(g: &Generated) -> f64 {
            let mut c = std::collections::HashMap::<(String, String), usize>::new();
            for r in &g.registry {
                *c.entry((yo_to_ye(&r.surname.to_lowercase()), yo_to_ye(&r.given_name.to_lowercase()))).or_default() += 1;
            }
            let n = g.registry.len() as f64;
            c.values().map(|&k| (k as f64 / n).powi(2)).sum()
        }
        let size = |profile| GenerateConfig { registry_size: 20_000, responses_size: 0, ..GenerateConfig::for_profile(profile) };
        let (def, _, dd) = generate_inner(&size(Profile::Default), true);
        let (st, _, ds) = generate_inner(&size(Profile::Stress), true);
        let (cd, cs) = (collision(&def), collision(&st));
        assert!(cs > 3.0 * cd, "same-name collision: stress {cs:.2e}, default {cd:.2e}");
        let kazakh_share = |d: &Detail, t: &Tables| d.persons.iter().filter(|p| p.eth_name(t) == "kazakh").count() as f64 / d.persons.len() as f64;
        let kd = kazakh_share(&dd, Tables::for_profile(Profile::Default));
        let ks = kazakh_share(&ds, Tables::for_profile(Profile::Stress));
        assert!((0.67..0.73).contains(&kd) && (0.42..0.49).contains(&ks), "Kazakh share default {kd}, stress {ks}");
        // Other most common names: the stress ranks are perturbed.
        let t = Tables::for_profile(Profile::Stress);
        let kz = t.pools.iter().position(|p| p.name == "kazakh").unwrap();
        let top = |w: &Weighted| (0..w.len()).max_by(|&a, &b| w.weight(a).total_cmp(&w.weight(b))).unwrap();
        let tops: Vec<usize> = t.pools.iter().filter(|p| !p.male.is_empty()).map(|p| top(&p.w_male)).collect();
        assert!(tops.iter().any(|&i| i != 0), "some stress pool leads with another name");
        let w = &t.pools[kz].w_male;
        let top_share = w.weight(top(w)) / (0..w.len()).map(|i| w.weight(i)).sum::<f64>();
        assert!(top_share > 0.15, "Kazakh top male name share {top_share}");
    }

    #[test]
    fn similar_given_names_are_close_in_spelling() {
        let t = Tables::for_profile(Profile::Stress);
        let kz = t.pools.iter().position(|p| p.name == "kazakh").unwrap();
        let mut p = Person::random(t, t.eth_index("kazakh").unwrap(), 0.5, &mut Rng::new(1));
        p.given_pool = kz as u8;
        let names = |p: &Person, female: bool| -> Vec<String> {
            let pool = &t.pools[kz];
            let list = if female { &pool.female } else { &pool.male };
            p.similar_givens(t).iter().map(|&i| list[i as usize].cyr.clone()).collect()
        };
        p.female = false;
        p.given = t.pools[kz].male.iter().position(|n| n.cyr == "Ерлан").unwrap() as u16;
        assert!(names(&p, false).contains(&"Ержан".to_string()), "{:?}", names(&p, false));
        assert!(!names(&p, false).contains(&"Ерлан".to_string()));
        p.female = true;
        p.given = t.pools[kz].female.iter().position(|n| n.cyr == "Гүлнар").unwrap() as u16;
        assert!(names(&p, true).contains(&"Гүлнұр".to_string()), "{:?}", names(&p, true));
    }

    #[test]
    fn config_json_lays_over_the_profile() {
        let cfg = GenerateConfig::from_json(r#"{"profile": "stress", "seed": 3, "errors": {"typo": 0.5}}"#, None).unwrap();
        assert_eq!(cfg.profile, Profile::Stress);
        assert_eq!((cfg.seed, cfg.errors.typo), (3, 0.5));
        assert_eq!(cfg.errors.marriage, ErrorRates::stress().marriage);
        assert_eq!(cfg.hard_negative_share, 0.25);
        // The explicit profile wins over the file's.
        let cfg = GenerateConfig::from_json(r#"{"profile": "stress", "match_share": 0.3}"#, Some(Profile::Default)).unwrap();
        assert_eq!(cfg.profile, Profile::Default);
        assert_eq!(cfg.errors, ErrorRates::default());
        assert_eq!(cfg.match_share, 0.3);
        assert!(GenerateConfig::from_json(r#"{"profile": "nope"}"#, None).is_err());
        assert_eq!(serde_json::to_value(Profile::Stress).unwrap(), serde_json::json!("stress"));
        // Plain serde keeps its field-wise defaults (the default profile's).
        let plain: GenerateConfig = serde_json::from_str(r#"{"profile": "stress"}"#).unwrap();
        assert_eq!(plain.profile, Profile::Stress);
        assert_eq!(plain.errors, ErrorRates::default());
    }

    /// Observed rates: `cargo test -p dualcit-synth --lib tests::rates_report -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn rates_report() {
        let cfg = GenerateConfig { registry_size: 100_000, responses_size: 50_000, ..GenerateConfig::default() };
        let (_, stats) = generate_with_stats(&cfg);
        for i in 0..noise::N_ERR {
            let (n, a) = (stats.eligible[i], stats.applied[i]);
            eprintln!("{i:2} applied {a:6} of {n:6} eligible = {:.4}", a as f64 / n.max(1) as f64);
        }
    }

    /// Timing of large data sets: `cargo test -p dualcit-synth --release --lib tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing() {
        for (r, q) in [(200_000, 50_000), (1_000_000, 250_000)] {
            let cfg = GenerateConfig { registry_size: r, responses_size: q, ..GenerateConfig::default() };
            let t0 = std::time::Instant::now();
            let g = generate(&cfg);
            let gen = t0.elapsed();
            let dir = tempfile::tempdir().unwrap();
            let t1 = std::time::Instant::now();
            write_dir(&g, dir.path()).unwrap();
            eprintln!("{r} x {q}: generate {:.2?}, write {:.2?}, truth {}", gen, t1.elapsed(), g.truth.len());
        }
    }
}

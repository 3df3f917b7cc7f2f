//! The generator's data tables (`src/data/gen_*.tsv`), parsed once.

use super::rng::{Rng, Weighted};
use super::Profile;
use std::collections::HashMap;
use std::sync::OnceLock;

const ETHNICITIES: &str = include_str!("../data/gen_ethnicities.tsv");
const NAMES: &str = include_str!("../data/gen_names.tsv");
const COGNATES: &str = include_str!("../data/gen_cognates.tsv");
const TRANSLIT: &str = include_str!("../data/gen_translit.tsv");
const COUNTRIES: &str = include_str!("../data/gen_countries.tsv");

/// The Cyrillic orthography a pool's names are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Russian,
    Kazakh,
    Uzbek,
    Kyrgyz,
    Tajik,
}

/// How an ethnicity forms its own patronymic (besides the Russian -ович/-овна).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatrStyle {
    Russian,
    Kazakh,
    Uzbek,
    Kyrgyz,
    Azerbaijani,
}

#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub(crate) cyr: String,
    pub(crate) alt: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Pool {
    pub(crate) name: String,
    pub(crate) script: Script,
    /// Surnames change with sex (-ов/-ова); false for Korean, German, Armenian, Moldovan.
    pub(crate) gendered: bool,
    pub(crate) male: Vec<Name>,
    pub(crate) female: Vec<Name>,
    pub(crate) surnames: Vec<Name>,
    /// Kazakh surname roots: older personal names, then the male given names.
    pub(crate) roots: Vec<Name>,
    pub(crate) w_male: Weighted,
    pub(crate) w_female: Weighted,
    pub(crate) w_surnames: Weighted,
    pub(crate) w_roots: Weighted,
}

#[derive(Debug)]
pub(crate) struct Ethnicity {
    pub(crate) name: String,
    pub(crate) given_pools: Vec<usize>,
    pub(crate) w_given_pools: Weighted,
    pub(crate) surname_pool: usize,
    pub(crate) no_patronymic: f64,
    pub(crate) placeholder_dob: f64,
    pub(crate) patr_style: PatrStyle,
}

/// Date output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateFmt {
    /// DD.MM.YYYY
    DmyDot,
    /// DD/MM/YYYY
    DmySlash,
    /// YYYY-MM-DD
    Iso,
}

#[derive(Debug)]
pub(crate) struct Country {
    pub(crate) code: String,
    pub(crate) weight: f64,
    /// `Some(share)` for Latin-native states, `None` for Cyrillic-native ones.
    pub(crate) latin_native: Option<f64>,
    pub(crate) date_formats: Vec<DateFmt>,
    pub(crate) w_date_formats: Weighted,
    /// Ethnic mix of the state's own persons (non-matches), weights per ethnicity index.
    pub(crate) w_negatives: Weighted,
    /// Multiplier per ethnicity index for picking registry persons this state reports.
    pub(crate) affinity: Vec<f64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) def: String,
    pub(crate) initial: Option<String>,
    pub(crate) after_vowel: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Scheme {
    pub(crate) single: HashMap<char, Rule>,
    pub(crate) double: HashMap<(char, char), Rule>,
}

#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) pools: Vec<Pool>,
    pub(crate) ethnicities: Vec<Ethnicity>,
    pub(crate) w_ethnicities: Weighted,
    /// Russian given name -> (Ukrainian, Belarusian).
    pub(crate) cognates: HashMap<String, (String, String)>,
    pub(crate) schemes: HashMap<String, Scheme>,
    pub(crate) countries: Vec<Country>,
    /// Share of Kazakh surnames built from a root (grandfather's name + affix + -ов/-ев)
    /// rather than taken from the surname list.
    pub(crate) kazakh_root_share: f64,
    /// Cumulative shares of the affixes of [`super::person::AFFIXES`] on root surnames.
    pub(crate) affix_cum: [f64; 7],
}

/// Registry ethnic mix of the stress profile (percent; renormalised). Fewer Kazakhs and
/// more Russians, Uzbeks, Uyghurs and Tatars than the 2021 census shares of
/// `gen_ethnicities.tsv`: more non-Kazakh names, whose pools are smaller (so more
/// same-name people) and whose spellings go through other transliteration paths.
const STRESS_ETHNIC_SHARES: [(&str, f64); 16] = [
    ("kazakh", 45.0),
    ("russian", 24.0),
    ("uzbek", 8.0),
    ("ukrainian", 3.0),
    ("uyghur", 5.0),
    ("tatar", 4.0),
    ("german", 2.0),
    ("korean", 1.5),
    ("azerbaijani", 1.5),
    ("turkish", 1.0),
    ("belarusian", 0.8),
    ("tajik", 1.5),
    ("kyrgyz", 1.2),
    ("chechen", 0.7),
    ("armenian", 0.5),
    ("moldovan", 0.3),
];

/// Rank → weight laws of one profile: Zipf–Mandelbrot `1 / (rank + q)^s` for given
/// names, surnames and Kazakh surname roots.
struct NameLaw {
    given: (f64, f64),
    surname: (f64, f64),
    root: (f64, f64),
    /// Ranks are the table order (`None`) or a seeded perturbation of it (`Some(salt)`).
    shuffle: Option<u64>,
}

impl NameLaw {
    fn of(profile: Profile) -> NameLaw {
        match profile {
            Profile::Stress => NameLaw { given: (1.5, 1.2), surname: (3.0, 1.2), root: (2.0, 1.1), shuffle: Some(0x5354_5245_5353) },
            _ => NameLaw { given: (2.0, 0.8), surname: (8.0, 1.0), root: (6.0, 0.8), shuffle: None },
        }
    }

    /// Weights of a list of `n` names ordered by frequency. With a shuffle, a name's rank
    /// is its table position plus a uniform jitter of up to a third of the list (fixed per
    /// list by `salt ^ tag`), so the stress profile's most common names are not the
    /// default profile's while frequent names stay broadly frequent.
    fn weights(&self, n: usize, (q, s): (f64, f64), tag: u64) -> Vec<f64> {
        let Some(salt) = self.shuffle else {
            return (0..n).map(|r| 1.0 / (r as f64 + q).powf(s)).collect();
        };
        let mut rng = Rng::new(salt ^ tag);
        let jitter = n as f64 / 3.0;
        let mut order: Vec<(f64, usize)> = (0..n).map(|i| (i as f64 + rng.f64() * jitter, i)).collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut w = vec![0.0; n];
        for (rank, &(_, i)) in order.iter().enumerate() {
            w[i] = 1.0 / (rank as f64 + q).powf(s);
        }
        w
    }
}

impl Tables {
    /// The default profile's tables.
    #[cfg(test)]
    pub(crate) fn get() -> &'static Tables {
        Tables::for_profile(Profile::Default)
    }

    /// The tables of a profile: same names, spellings and countries; the profile's own
    /// name-frequency law, registry ethnic mix and Kazakh surname affix shares.
    pub(crate) fn for_profile(profile: Profile) -> &'static Tables {
        static DEFAULT: OnceLock<Tables> = OnceLock::new();
        static STRESS: OnceLock<Tables> = OnceLock::new();
        match profile {
            Profile::Stress => STRESS.get_or_init(|| Tables::load(Profile::Stress)),
            _ => DEFAULT.get_or_init(|| Tables::load(Profile::Default)),
        }
    }

    #[cfg(test)]
    pub(crate) fn eth_index(&self, name: &str) -> Option<usize> {
        self.ethnicities.iter().position(|e| e.name == name)
    }

    pub(crate) fn country(&self, code: &str) -> Option<(usize, &Country)> {
        self.countries.iter().enumerate().find(|(_, c)| c.code.eq_ignore_ascii_case(code))
    }

    pub(crate) fn scheme(&self, name: &str) -> &Scheme {
        static EMPTY: OnceLock<Scheme> = OnceLock::new();
        self.schemes.get(name).unwrap_or_else(|| EMPTY.get_or_init(Scheme::default))
    }

    fn load(profile: Profile) -> Tables {
        let law = NameLaw::of(profile);
        let mut pools: Vec<Pool> = Vec::new();
        let mut pool_idx: HashMap<String, usize> = HashMap::new();
        for f in data_lines(NAMES) {
            if f.len() < 3 {
                continue;
            }
            let idx = *pool_idx.entry(f[0].to_string()).or_insert_with(|| {
                pools.push(new_pool(f[0]));
                pools.len() - 1
            });
            let name = Name { cyr: f[2].to_string(), alt: f.get(3).map(|s| s.to_string()) };
            let p = &mut pools[idx];
            match f[1] {
                "m" => p.male.push(name),
                "f" => p.female.push(name),
                "r" => p.roots.push(name),
                _ => p.surnames.push(name),
            }
        }
        for (k, p) in pools.iter_mut().enumerate() {
            let tag = (k as u64) << 8;
            p.w_male = Weighted::new(law.weights(p.male.len(), law.given, tag | 1));
            p.w_female = Weighted::new(law.weights(p.female.len(), law.given, tag | 2));
            p.w_surnames = Weighted::new(law.weights(p.surnames.len(), law.surname, tag | 3));
            if !p.roots.is_empty() {
                let n_old = p.roots.len();
                let male: Vec<Name> = p.male.iter().filter(|n| !n.cyr.contains('-')).cloned().collect();
                let n_male = male.len();
                p.roots.extend(male);
                // Old root names and male given names as roots are ranked separately.
                let w_old = law.weights(n_old, law.root, tag | 4);
                let w_male = law.weights(n_male, law.root, tag | 5);
                p.w_roots = Weighted::new(w_old.into_iter().chain(w_male));
            }
        }
        let mut ethnicities = Vec::new();
        let mut eth_w = Vec::new();
        for f in data_lines(ETHNICITIES) {
            if f.len() < 7 {
                continue;
            }
            let mut given_pools = Vec::new();
            let mut gw = Vec::new();
            for (name, w) in pairs(f[2]) {
                if let Some(&i) = pool_idx.get(name) {
                    given_pools.push(i);
                    gw.push(w);
                }
            }
            let Some(&surname_pool) = pool_idx.get(f[3]) else {
                continue;
            };
            if given_pools.is_empty() {
                continue;
            }
            let patr_style = match f[6] {
                "kk" => PatrStyle::Kazakh,
                "uz" => PatrStyle::Uzbek,
                "ky" => PatrStyle::Kyrgyz,
                "az" => PatrStyle::Azerbaijani,
                _ => PatrStyle::Russian,
            };
            let census = f[1].parse::<f64>().unwrap_or(0.0);
            eth_w.push(match profile {
                Profile::Stress => STRESS_ETHNIC_SHARES.iter().find(|(n, _)| *n == f[0]).map_or(census, |x| x.1),
                _ => census,
            });
            ethnicities.push(Ethnicity {
                name: f[0].to_string(),
                given_pools,
                w_given_pools: Weighted::new(gw),
                surname_pool,
                no_patronymic: f[4].parse().unwrap_or(0.0),
                placeholder_dob: f[5].parse().unwrap_or(0.0),
                patr_style,
            });
        }
        let mut cognates = HashMap::new();
        for f in data_lines(COGNATES) {
            if f.len() >= 3 {
                cognates.insert(f[0].to_string(), (f[1].to_string(), f[2].to_string()));
            }
        }
        let mut schemes: HashMap<String, Scheme> = HashMap::new();
        for f in data_lines(TRANSLIT) {
            if f.len() < 3 {
                continue;
            }
            let dash = |s: &str| {
                if s == "-" {
                    String::new()
                } else {
                    s.to_string()
                }
            };
            let rule = Rule { def: dash(f[2]), initial: f.get(3).map(|s| dash(s)), after_vowel: f.get(4).map(|s| dash(s)) };
            let sc = schemes.entry(f[0].to_string()).or_default();
            let mut chars = f[1].chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(a), None, _) => {
                    sc.single.insert(a, rule);
                }
                (Some(a), Some(b), None) => {
                    sc.double.insert((a, b), rule);
                }
                _ => {}
            }
        }
        let mut countries = Vec::new();
        for f in data_lines(COUNTRIES) {
            if f.len() < 6 {
                continue;
            }
            let latin_native = f[2].strip_prefix("latn:").and_then(|s| s.parse::<f64>().ok());
            let mut date_formats = Vec::new();
            let mut dw = Vec::new();
            for (name, w) in pairs(f[3]) {
                let fmt = match name {
                    "dmy/" => DateFmt::DmySlash,
                    "iso" => DateFmt::Iso,
                    _ => DateFmt::DmyDot,
                };
                date_formats.push(fmt);
                dw.push(w);
            }
            let mut neg = vec![0.0; ethnicities.len()];
            for (name, w) in pairs(f[4]) {
                if let Some(i) = ethnicities.iter().position(|e| e.name == name) {
                    neg[i] = w;
                }
            }
            let mut affinity = vec![1.0; ethnicities.len()];
            for (name, w) in pairs(f[5]) {
                if let Some(i) = ethnicities.iter().position(|e| e.name == name) {
                    affinity[i] = w;
                }
            }
            countries.push(Country {
                code: f[0].to_string(),
                weight: f[1].parse().unwrap_or(1.0),
                latin_native,
                date_formats,
                w_date_formats: Weighted::new(dw),
                w_negatives: Weighted::new(neg),
                affinity,
            });
        }
        // Kazakh surnames: default 70% built from a root, 60% of those without affix;
        // stress 50% from a root (the rest from the steeper surname list) and affixes
        // much more common (бек/бай 15% each, жан 12%, ғали 6%, хан 7%, тай 5%).
        let (kazakh_root_share, affix_cum) = match profile {
            Profile::Stress => (0.5, [0.40, 0.55, 0.70, 0.82, 0.88, 0.95, 1.0]),
            _ => (0.7, [0.6, 0.7, 0.8, 0.88, 0.92, 0.96, 1.0]),
        };
        Tables { pools, w_ethnicities: Weighted::new(eth_w), ethnicities, cognates, schemes, countries, kazakh_root_share, affix_cum }
    }
}

fn new_pool(name: &str) -> Pool {
    let script = match name {
        "kazakh" => Script::Kazakh,
        "uzbek" => Script::Uzbek,
        "kyrgyz" => Script::Kyrgyz,
        "tajik" => Script::Tajik,
        _ => Script::Russian,
    };
    Pool {
        name: name.to_string(),
        script,
        gendered: !matches!(name, "korean" | "german" | "armenian" | "moldovan"),
        male: Vec::new(),
        female: Vec::new(),
        surnames: Vec::new(),
        roots: Vec::new(),
        w_male: Weighted::default(),
        w_female: Weighted::default(),
        w_surnames: Weighted::default(),
        w_roots: Weighted::default(),
    }
}

/// Tab-separated fields of the non-comment, non-empty lines.
fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

/// `a:1.5,b:2` -> [("a", 1.5), ("b", 2.0)]; a bare name has weight 1.
fn pairs(s: &str) -> impl Iterator<Item = (&str, f64)> {
    s.split(',').filter(|p| !p.is_empty()).map(|p| match p.split_once(':') {
        Some((n, w)) => (n, w.parse().unwrap_or(0.0)),
        None => (p, 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_completely() {
        let t = Tables::get();
        assert_eq!(t.ethnicities.len(), 16);
        assert_eq!(t.countries.len(), 9);
        assert!(t.cognates.len() > 80);
        for e in &t.ethnicities {
            let p = &t.pools[e.surname_pool];
            assert!(!p.surnames.is_empty(), "{}", e.name);
            for &g in &e.given_pools {
                assert!(!t.pools[g].male.is_empty(), "{}", e.name);
                assert!(!t.pools[g].female.is_empty(), "{}", e.name);
            }
        }
        for s in ["icao", "mvd", "bgn", "french", "german", "telegram", "kmu", "uk_icao"] {
            assert!(t.schemes.contains_key(s), "{s}");
        }
        for s in ["be", "uz", "ky", "ky_bgn", "tg", "az", "ro", "kk2021", "kzpass"] {
            assert!(t.schemes.contains_key(s), "{s}");
        }
        assert_eq!(t.scheme("icao").single.len(), 33);
        let kz = t.eth_index("kazakh").unwrap();
        let share = t.w_ethnicities.len();
        assert_eq!(share, 16);
        assert_eq!(t.ethnicities[kz].patr_style, PatrStyle::Kazakh);
    }
}

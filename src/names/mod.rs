//! Name normalization and comparison (first version: case, Unicode and one
//! Cyrillic→Latin table; the cross-script engine replaces it).

use unicode_normalization::UnicodeNormalization;

/// Which field a name came from.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NameField {
    /// Family name.
    Surname,
    /// Given name.
    GivenName,
    /// Patronymic.
    Patronymic,
}

/// Script of the written name.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Armenian letters.
    Armenian,
    /// Several scripts.
    Mixed,
    /// Something else.
    Other,
    /// No letters.
    Empty,
}

/// Sex suggested by the form of the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SexHint {
    /// Male form.
    Male,
    /// Female form.
    Female,
    /// No hint.
    Unknown,
}

/// A name normalized once per record.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Name {
    /// Display form.
    pub canonical: String,
    /// ASCII skeleton compared byte-wise.
    pub skeleton: String,
    /// Skeleton without gendered suffixes.
    pub stem: String,
    /// Blocking key.
    pub key: u64,
    /// Script.
    pub script: Script,
    /// Language guess.
    pub language: Option<&'static str>,
    /// Sex hint.
    pub sex_hint: SexHint,
    /// Cognate group.
    pub cognate_group: Option<u32>,
    /// Only an initial.
    pub initial_only: bool,
}

impl Name {
    /// Whether nothing was written.
    pub fn is_missing(&self) -> bool {
        self.skeleton.is_empty()
    }
}

/// Russian letters to Latin (ICAO 9303-like, reduced).
fn cyr(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'є' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' | 'ў' => "u",
        'ф' => "f",
        'х' | 'һ' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// Normalizes a name.
pub fn normalize(raw: &str, _field: NameField) -> Name {
    let canonical: String = raw.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    let mut skeleton = String::with_capacity(canonical.len());
    let (mut lat, mut cy) = (false, false);
    for ch in canonical.chars().flat_map(char::to_lowercase) {
        if let Some(s) = cyr(ch) {
            cy = true;
            skeleton.push_str(s);
        } else if ch.is_ascii_alphabetic() {
            lat = true;
            skeleton.push(ch);
        } else if ch.is_alphabetic() {
            lat = true;
            skeleton.extend(deunicode::deunicode_char(ch).unwrap_or("").chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()));
        } else if (ch == ' ' || ch == '-') && !skeleton.is_empty() && !skeleton.ends_with(' ') {
            skeleton.push(' ');
        }
    }
    let skeleton = skeleton.trim_end().to_string();
    let script = match (lat, cy) {
        (true, true) => Script::Mixed,
        (true, false) => Script::Latin,
        (false, true) => Script::Cyrillic,
        _ => Script::Empty,
    };
    let key = skeleton.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    Name {
        canonical,
        stem: skeleton.clone(),
        initial_only: skeleton.len() == 1,
        skeleton,
        key,
        script,
        language: None,
        sex_hint: SexHint::Unknown,
        cognate_group: None,
    }
}

/// Graded comparison levels, strongest first.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum NameLevel {
    /// Same text.
    Exact,
    /// Same skeleton.
    Skeleton,
    /// Same cognate group.
    Cognate,
    /// Morphological variant.
    Variant,
    /// Jaro–Winkler ≥ 0.94.
    FuzzyHigh,
    /// Jaro–Winkler ≥ 0.88.
    FuzzyLow,
    /// Initial of the other.
    Initial,
    /// Either side missing.
    Missing,
    /// Different.
    Different,
}

/// Result of comparing two names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NameComparison {
    /// Level.
    pub level: NameLevel,
    /// Similarity in [0, 1].
    pub similarity: f32,
}

/// Compares two normalized names.
pub fn compare(a: &Name, b: &Name, _field: NameField) -> NameComparison {
    if a.is_missing() || b.is_missing() {
        return NameComparison { level: NameLevel::Missing, similarity: 0.0 };
    }
    if a.canonical.to_lowercase() == b.canonical.to_lowercase() {
        return NameComparison { level: NameLevel::Exact, similarity: 1.0 };
    }
    if a.skeleton == b.skeleton {
        return NameComparison { level: NameLevel::Skeleton, similarity: 1.0 };
    }
    let s = strsim::jaro_winkler(&a.skeleton, &b.skeleton) as f32;
    let level = if s >= 0.94 {
        NameLevel::FuzzyHigh
    } else if s >= 0.88 {
        NameLevel::FuzzyLow
    } else if (a.initial_only || b.initial_only) && a.skeleton.as_bytes()[0] == b.skeleton.as_bytes()[0] {
        NameLevel::Initial
    } else {
        NameLevel::Different
    };
    NameComparison { level, similarity: s }
}

/// A readable report of what the engine sees in a name.
pub fn describe(raw: &str) -> String {
    let n = normalize(raw, NameField::GivenName);
    format!("input:     {raw}\nscript:    {:?}\ncanonical: {}\nskeleton:  {}\nkey:       {:016x}\n", n.script, n.canonical, n.skeleton, n.key)
}

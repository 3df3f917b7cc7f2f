//! Person records as read from a registry or a partner state's response.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses no other module of the crate.

pub(crate) mod date;
pub(crate) mod ident;

pub use date::{BirthDate, DateError, DatePrecision};

use std::fmt;

/// Sex as recorded. Unknown is a value, not an error: many answers omit it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Not recorded or not recognised.
    #[default]
    Unknown,
}

impl Sex {
    /// Reads the codes CIS systems use: `M`/`F`, `М`/`Ж` (муж./жен.), `Е`/`Ә`
    /// (Kazakh ер/әйел), `E`/`A` (Uzbek erkak/ayol), words in ru/kk/uz/en, and
    /// `1`/`2` (ISO/IEC 5218: 1 male, 2 female). Returns `None` for anything else
    /// so the caller can reject the row; an empty value is [`Sex::Unknown`].
    pub fn parse(text: &str) -> Option<Sex> {
        let t = text.trim().trim_end_matches('.');
        // The common one-letter ASCII codes without an allocation.
        match t.as_bytes() {
            [] => return Some(Sex::Unknown),
            [b'M' | b'm'] | [b'1'] => return Some(Sex::Male),
            [b'F' | b'f'] | [b'2'] => return Some(Sex::Female),
            _ => {}
        }
        let t = t.to_lowercase();
        Some(match t.as_str() {
            "" | "0" | "9" | "u" | "unknown" | "x" | "?" | "-" => Sex::Unknown,
            "m" | "male" | "man" | "1" | "м" | "муж" | "мужской" | "е" | "ер" | "ер адам" | "erkak" | "e" | "er" | "kişi" | "ч" | "чол" | "чоловіча"
            | "чоловік" | "мужчына" | "эркек" | "masculin" | "արական" => Sex::Male,
            "f" | "female" | "woman" | "w" | "2" | "ж" | "жен" | "женский" | "ә" | "әйел" | "ayol" | "a" | "qadın" | "жін" | "жіноча" | "жінка" | "жанчына"
            | "аял" | "feminin" | "իգական" => Sex::Female,
            _ => return None,
        })
    }

    /// One-letter code used in outputs: `M`, `F` or empty.
    pub fn code(&self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
            Sex::Unknown => "",
        }
    }
}

/// Where a record's name parts came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// Separate surname / given name / patronymic columns.
    #[default]
    Fields,
    /// Split from a single full-name value; the order was guessed, so
    /// comparators may also try surname and given name the other way round.
    FullName,
}

/// One person as written in one file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// Identifier, unique within its file.
    pub id: String,
    /// Family name.
    pub surname: String,
    /// Given (first) name; may hold several words.
    pub given_name: String,
    /// Patronymic, possibly in Turkic form (`Әбішұлы`, `Abish uly`, `oʻgʻli`).
    pub patronymic: String,
    /// How the name parts were obtained.
    pub name_source: NameSource,
    /// Birth date, if one was given.
    pub birth_date: Option<BirthDate>,
    /// Sex.
    pub sex: Sex,
    /// ISO 3166-1 alpha-2 code of the state that holds the record (upper case).
    pub country: String,
    /// Kazakhstan IIN when given (12 digits, validated).
    pub iin: Option<ident::Iin>,
    /// Passport or identity-document number as written (trimmed).
    pub document_number: Option<String>,
    /// Kind of answer a partner state gave (`citizenship`, `visa`, …), as written.
    pub response_kind: Option<String>,
    /// Values of the file's extra columns, aligned with [`Dataset::extra_columns`].
    pub extra: Vec<String>,
    /// 1-based line in the source file where the record starts.
    pub line: u64,
}

impl Record {
    /// Surname, given name, patronymic, birth date and sex code as shown to
    /// an officer (personal data: only on request).
    pub fn shown(&self) -> [String; 5] {
        [
            self.surname.clone(),
            self.given_name.clone(),
            self.patronymic.clone(),
            self.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            self.sex.code().to_string(),
        ]
    }
}

/// Why an input row was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectReason {
    /// The id column is empty.
    MissingId,
    /// The id was already used on an earlier line of the same file.
    DuplicateId {
        /// Line of the first record with this id.
        first_line: u64,
    },
    /// No surname, given name, patronymic or full name.
    NoName,
    /// The birth date could not be used.
    BadDate(DateError),
    /// The sex code is not one dualcit knows.
    BadSex,
    /// The IIN is malformed or fails its check digit.
    BadIin(ident::IdentError),
    /// The row has a different number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// The row could not be parsed at all (bad quoting, invalid JSON, …).
    Malformed(String),
    /// No country in the row and none given for the file.
    MissingCountry,
    /// The country is not a two-letter code.
    BadCountry,
    /// The document number has no letter or digit, holds control characters
    /// or is longer than any document number (40 characters).
    BadDocumentNumber,
    /// Not a reject: the field was invalid for this reason, so it was left
    /// empty and the row was kept (`ReadOptions::on_bad_field`,
    /// `on_bad_date`). Listed with the rejects so the data can be corrected.
    FieldBlanked(Box<RejectReason>),
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::MissingId => f.write_str("id is empty"),
            RejectReason::DuplicateId { first_line } => write!(f, "duplicate id (first seen on line {first_line})"),
            RejectReason::NoName => f.write_str("no name: surname, given name, patronymic and full name are all empty"),
            RejectReason::BadDate(e) => write!(f, "invalid birth date: {e}"),
            RejectReason::BadSex => f.write_str("unrecognised sex code (expected M/F, М/Ж, 1/2, male/female or empty)"),
            RejectReason::BadIin(e) => write!(f, "invalid IIN: {e}"),
            RejectReason::FieldCount { expected, found } => write!(f, "row has {found} fields, header has {expected}"),
            RejectReason::Malformed(m) => write!(f, "malformed row: {m}"),
            RejectReason::MissingCountry => f.write_str("no country in the row and none given for the file"),
            RejectReason::BadCountry => f.write_str("country is not an ISO 3166-1 alpha-2 code"),
            RejectReason::BadDocumentNumber => f.write_str("document number has no letter or digit, holds control characters, or is over 40 characters"),
            RejectReason::FieldBlanked(why) => write!(f, "{why}; field blanked, row kept"),
        }
    }
}

/// An input row that was not used, with where it was and why — or, for a
/// [`RejectReason::FieldBlanked`] note, a field that was left empty in a row
/// that was kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reject {
    /// The file it came from, as given.
    pub file: String,
    /// 1-based line number where the row starts.
    pub line: u64,
    /// The row's id as written (trimmed), when it has one: `dualcit explain`
    /// says why a rejected id is not in the run.
    pub id: String,
    /// The canonical field at fault, if one is.
    pub field: Option<&'static str>,
    /// Why.
    #[serde(serialize_with = "serialize_display")]
    pub reason: RejectReason,
    /// The row as read (rejects files are outputs, so they carry the data).
    pub raw: String,
}

fn serialize_display<T: fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl Reject {
    /// Whether this is a note about a blanked field in a kept row rather than a rejected row.
    pub fn is_note(&self) -> bool {
        matches!(self.reason, RejectReason::FieldBlanked(_))
    }
}

/// Something about an input that is probably a mistake but does not stop
/// the run (a header one letter off a known name, an unknown country code …).
/// Says where — file, line, column — and never quotes personal data.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The file, as given.
    pub file: String,
    /// 1-based line, when one applies.
    pub line: Option<u64>,
    /// The column (header name as written), when one applies.
    pub column: Option<String>,
    /// What looks wrong, and what to do.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ": column '{c}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Counts for one input file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadSummary {
    /// The file, as given.
    pub file: String,
    /// Encoding used to decode it.
    pub encoding: String,
    /// Data rows read (header excluded).
    pub read: u64,
    /// Rows turned into records.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Fields left empty in accepted rows because they were invalid (see
    /// [`RejectReason::FieldBlanked`]); their rows count as accepted.
    pub blanked: u64,
}

impl ReadSummary {
    /// Share of the rows read that were rejected (0 for a file without rows).
    pub fn rejected_share(&self) -> f64 {
        if self.read == 0 {
            0.0
        } else {
            self.rejected as f64 / self.read as f64
        }
    }
}

/// The records of one file, with everything that was not used.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Where the records came from (file name as given, or a caller's label).
    pub source: String,
    /// Names of the columns dualcit does not interpret, kept and carried to the output.
    pub extra_columns: Vec<String>,
    /// Accepted records, in file order.
    pub records: Vec<Record>,
    /// Rejected rows, in file order.
    pub rejects: Vec<Reject>,
    /// Fields blanked in accepted rows, in file order (they go to the
    /// rejects file too, as notes).
    pub notes: Vec<Reject>,
    /// What looked like a mistake while reading.
    pub warnings: Vec<Warning>,
    /// Counts.
    pub summary: ReadSummary,
}

/// Where an id is in a [`Dataset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdStatus<'a> {
    /// An accepted record, at this position.
    Record(u32),
    /// A rejected row.
    Rejected(&'a Reject),
    /// Neither.
    Missing,
}

/// The registry side of a link result, by position: what the outputs
/// print. Implemented by a [`Dataset`] held in memory and by a registry
/// streamed into its index ([`crate::io::IndexedRegistry`]).
pub trait RegistryRows: Sync {
    /// The read's account: source, extra column names, rejects, summary
    /// (its `records` may be empty when the registry was streamed).
    fn read(&self) -> &Dataset;
    /// Id of the record at a position (`""` past the end).
    fn id_at(&self, pos: u32) -> &str;
    /// Extra cell `col` of the record at a position (`""` when absent).
    fn extra_at(&self, pos: u32, col: usize) -> &str;
    /// Surname, given name, patronymic (as written), birth date and sex
    /// code of the record at a position: personal data, shown only on request.
    fn shown_at(&self, pos: u32) -> Option<[String; 5]>;
}

impl RegistryRows for Dataset {
    fn read(&self) -> &Dataset {
        self
    }

    fn id_at(&self, pos: u32) -> &str {
        self.records.get(pos as usize).map_or("", |r| r.id.as_str())
    }

    fn extra_at(&self, pos: u32, col: usize) -> &str {
        self.records.get(pos as usize).and_then(|r| r.extra.get(col)).map_or("", String::as_str)
    }

    fn shown_at(&self, pos: u32) -> Option<[String; 5]> {
        self.records.get(pos as usize).map(Record::shown)
    }
}

impl Dataset {
    /// Finds an id among the accepted records, then among the rejected rows.
    pub fn find(&self, id: &str) -> IdStatus<'_> {
        if let Some(i) = self.records.iter().position(|r| r.id == id) {
            return IdStatus::Record(i as u32);
        }
        self.rejects.iter().find(|r| r.id == id).map_or(IdStatus::Missing, IdStatus::Rejected)
    }

    /// Rejected rows and blanked-field notes together, in line order: what the rejects file lists.
    pub fn rejects_and_notes(&self) -> impl Iterator<Item = &Reject> + '_ {
        let (mut a, mut b) = (self.rejects.iter().peekable(), self.notes.iter().peekable());
        std::iter::from_fn(move || match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.line < x.line => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        })
    }

    /// A dataset built in memory (services, tests). Duplicate ids are moved to
    /// the rejects like a file's would be.
    pub fn from_records(source: impl Into<String>, records: Vec<Record>) -> Dataset {
        let source = source.into();
        let mut seen = std::collections::HashMap::new();
        let mut kept = Vec::with_capacity(records.len());
        let mut rejects = Vec::new();
        for (i, mut r) in records.into_iter().enumerate() {
            if r.line == 0 {
                r.line = i as u64 + 1;
            }
            if r.id.trim().is_empty() {
                rejects.push(Reject {
                    file: source.clone(),
                    line: r.line,
                    id: String::new(),
                    field: Some("id"),
                    reason: RejectReason::MissingId,
                    raw: String::new(),
                });
                continue;
            }
            if let Some(&first_line) = seen.get(&r.id) {
                rejects.push(Reject {
                    file: source.clone(),
                    line: r.line,
                    id: r.id.clone(),
                    field: Some("id"),
                    reason: RejectReason::DuplicateId { first_line },
                    raw: r.id.clone(),
                });
                continue;
            }
            seen.insert(r.id.clone(), r.line);
            kept.push(r);
        }
        let summary = ReadSummary {
            file: source.clone(),
            encoding: "in-memory".into(),
            read: (kept.len() + rejects.len()) as u64,
            accepted: kept.len() as u64,
            rejected: rejects.len() as u64,
            blanked: 0,
        };
        Dataset { source, extra_columns: Vec::new(), records: kept, rejects, notes: Vec::new(), warnings: Vec::new(), summary }
    }
}

/// Splits a single full-name value into (surname, given name, patronymic).
///
/// Cyrillic names follow the Russian/Kazakh official order `Фамилия Имя Отчество`;
/// a Turkic patronymic written as two words (`Абиш улы`, `Rustam oʻgʻli`,
/// `Али оглы`) stays one patronymic. Latin names with two words follow the
/// Western `Given Family` order, with three or more the passport order
/// `FAMILY Given Patronymic`. Either way the split is a guess, which is why
/// records built from it carry [`NameSource::FullName`].
pub fn split_full_name(full: &str) -> (String, String, String) {
    let words: Vec<&str> = full.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return (String::new(), String::new(), String::new());
    }
    let is_turkic_particle = |w: &str| {
        let l = w.to_lowercase().replace(['ʻ', '\'', '‘', '’', '`', 'ʼ'], "");
        matches!(
            l.as_str(),
            "улы"
                | "ұлы"
                | "уулу"
                | "кызы"
                | "қызы"
                | "оглы"
                | "огли"
                | "ўғли"
                | "қизи"
                | "кизи"
                | "uly"
                | "ulu"
                | "uulu"
                | "kyzy"
                | "qyzy"
                | "kizi"
                | "qizi"
                | "ogli"
                | "o'g'li"
                | "oglu"
                | "oğlu"
                | "ogly"
                | "qızı"
                | "gizi"
                | "gyzy"
        )
    };
    // Glue a trailing Turkic particle to the word before it.
    let mut parts: Vec<String> = Vec::with_capacity(words.len());
    for w in &words {
        if is_turkic_particle(w) && parts.len() >= 2 {
            if let Some(last) = parts.last_mut() {
                last.push(' ');
                last.push_str(w);
                continue;
            }
        }
        parts.push((*w).to_string());
    }
    let cyrillic = full.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    match parts.len() {
        1 => (parts.remove(0), String::new(), String::new()),
        2 if cyrillic => {
            let given = parts.pop().unwrap_or_default();
            (parts.remove(0), given, String::new())
        }
        2 => {
            let family = parts.pop().unwrap_or_default();
            (family, parts.remove(0), String::new())
        }
        _ => {
            let surname = parts.remove(0);
            let given = parts.remove(0);
            (surname, given, parts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_codes() {
        for (s, want) in [
            ("M", Sex::Male),
            ("ж", Sex::Female),
            ("Ж", Sex::Female),
            ("муж.", Sex::Male),
            ("2", Sex::Female),
            ("", Sex::Unknown),
            ("Ә", Sex::Female),
            ("Female", Sex::Female),
        ] {
            assert_eq!(Sex::parse(s), Some(want), "{s}");
        }
        assert_eq!(Sex::parse("yes"), None);
        assert_eq!(Sex::parse("Ч"), Some(Sex::Male), "Ukrainian чоловіча");
        assert_eq!(Sex::parse("жін."), Some(Sex::Female));
    }

    #[test]
    fn full_names_split_by_script_order() {
        assert_eq!(split_full_name("Иванов Иван Иванович"), ("Иванов".into(), "Иван".into(), "Иванович".into()));
        assert_eq!(split_full_name("Назарбаев Нұрсұлтан Әбіш ұлы"), ("Назарбаев".into(), "Нұрсұлтан".into(), "Әбіш ұлы".into()));
        assert_eq!(split_full_name("Yevgeniy Ivanov"), ("Ivanov".into(), "Yevgeniy".into(), String::new()));
        assert_eq!(split_full_name("Иванов Иван"), ("Иванов".into(), "Иван".into(), String::new()));
        assert_eq!(split_full_name("KARIMOV Rustam Akmal oʻgʻli"), ("KARIMOV".into(), "Rustam".into(), "Akmal oʻgʻli".into()));
        assert_eq!(split_full_name("  "), (String::new(), String::new(), String::new()));
    }

    #[test]
    fn in_memory_dataset_rejects_duplicates() {
        let r = |id: &str| Record { id: id.into(), surname: "X".into(), ..Default::default() };
        let d = Dataset::from_records("mem", vec![r("1"), r("2"), r("1"), r("")]);
        assert_eq!(d.records.len(), 2);
        assert_eq!(d.rejects.len(), 2);
        assert_eq!(d.rejects[0].reason, RejectReason::DuplicateId { first_line: 1 });
        assert_eq!(d.summary.read, 4);
    }
}

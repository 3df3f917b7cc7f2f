//! Header names: canonical fields and the aliases CIS exports use.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A field dualcit interprets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    Id,
    Surname,
    GivenName,
    Patronymic,
    FullName,
    BirthDate,
    Sex,
    Country,
    Iin,
    DocumentNumber,
    ResponseKind,
}

impl Column {
    /// Number of fields.
    pub(crate) const COUNT: usize = 11;

    #[cfg(test)]
    pub(crate) const ALL: [Column; 11] = [
        Column::Id,
        Column::Surname,
        Column::GivenName,
        Column::Patronymic,
        Column::FullName,
        Column::BirthDate,
        Column::Sex,
        Column::Country,
        Column::Iin,
        Column::DocumentNumber,
        Column::ResponseKind,
    ];

    /// The canonical header name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Surname => "surname",
            Column::GivenName => "given_name",
            Column::Patronymic => "patronymic",
            Column::FullName => "full_name",
            Column::BirthDate => "birth_date",
            Column::Sex => "sex",
            Column::Country => "country",
            Column::Iin => "iin",
            Column::DocumentNumber => "document_number",
            Column::ResponseKind => "response_kind",
        }
    }

    /// Maps a header cell to a field. Case, surrounding spaces, and the
    /// separators ` `, `-`, `.` are ignored (`Date of birth` = `date_of_birth`).
    pub(crate) fn from_header(h: &str) -> Option<Column> {
        aliases().get(header_key(h).as_str()).copied()
    }
}

/// A header cell as compared with the aliases: lower case, separators as `_`.
pub(crate) fn header_key(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').chars().flat_map(char::to_lowercase).map(|c| if matches!(c, ' ' | '-' | '.') { '_' } else { c }).collect()
}

/// Header names dualcit reads, in the languages of CIS exports (the README's
/// input table lists the common ones).
const ALIASES: &[(Column, &[&str])] = &[
    (Column::Id, &["id", "record_id", "person_id", "uid", "ид", "идентификатор"]),
    (
        Column::Surname,
        &[
            "surname",
            "last_name",
            "lastname",
            "family_name",
            "familyname",
            "фамилия",
            "тегі",
            "тегi",
            "familiya",
            "прізвище",
            "прозвішча",
            "фамилиясы",
            "soyadı",
            "soyad",
            "nume",
            "ազգանուն",
        ],
    ),
    (
        Column::GivenName,
        &["given_name", "givenname", "first_name", "firstname", "forename", "имя", "аты", "ism", "ім'я", "імʼя", "ім’я", "імя", "ad", "prenume", "անուն"],
    ),
    (
        Column::Patronymic,
        &[
            "patronymic",
            "middle_name",
            "middlename",
            "father_name",
            "fathers_name",
            "отчество",
            "әкесінің_аты",
            "otasining_ismi",
            "по_батькові",
            "по_батькови",
            "імя_па_бацьку",
            "атасынын_аты",
            "ata_adı",
            "հայրանուն",
        ],
    ),
    (Column::FullName, &["full_name", "fullname", "name", "fio", "фио", "ф_и_о", "полное_имя"]),
    (
        Column::BirthDate,
        &[
            "birth_date",
            "birthdate",
            "date_of_birth",
            "dob",
            "birthday",
            "born",
            "дата_рождения",
            "туған_күні",
            "tugilgan_sana",
            "дата_народження",
            "дата_нараджэння",
            "туулган_күнү",
            "doğum_tarixi",
            "data_nasterii",
        ],
    ),
    (Column::Sex, &["sex", "gender", "пол", "жынысы", "jinsi", "стать", "cins", "sex_code"]),
    (Column::Country, &["country", "country_code", "state", "страна", "ел"]),
    (Column::Iin, &["iin", "иин", "жсн", "iin_bin"]),
    (Column::DocumentNumber, &["document_number", "document", "doc_number", "passport", "passport_number", "номер_документа", "паспорт"]),
    (Column::ResponseKind, &["response_kind", "kind", "answer_kind", "answer_type", "response_type", "вид_ответа"]),
];

fn aliases() -> &'static HashMap<&'static str, Column> {
    static TABLE: OnceLock<HashMap<&'static str, Column>> = OnceLock::new();
    TABLE.get_or_init(|| ALIASES.iter().flat_map(|(c, names)| names.iter().map(move |n| (*n, *c))).collect())
}

/// The known header name closest to an unknown one, when it is close enough
/// to be a slip of the keyboard (`surnme` → `surname`): at most one edit for
/// names of four to six letters, two for longer ones, none for shorter
/// (`ad`, `uid` are real aliases and too short to guess at). Returns the
/// alias and its field.
pub(crate) fn closest_alias(header: &str) -> Option<(&'static str, Column)> {
    let key = header_key(header);
    let len = key.chars().count();
    if len < 4 {
        return None;
    }
    ALIASES
        .iter()
        .flat_map(|(c, names)| names.iter().map(move |n| (*n, *c)))
        .filter_map(|(alias, c)| {
            let n = alias.chars().count().max(len);
            let allowed = match n {
                0..=3 => 0,
                4..=6 => 1,
                _ => 2,
            };
            let d = strsim::damerau_levenshtein(&key, alias);
            (d <= allowed).then_some((d, alias, c))
        })
        .min_by_key(|&(d, alias, _)| (d, alias))
        .map(|(_, alias, c)| (alias, c))
}

/// Whether a two-letter code is an officially assigned ISO 3166-1 alpha-2 code
/// (`src/data/iso3166_alpha2.tsv`).
pub(crate) fn is_iso_country(code: &str) -> bool {
    static CODES: OnceLock<Vec<[u8; 2]>> = OnceLock::new();
    let codes = CODES.get_or_init(|| {
        include_str!("../data/iso3166_alpha2.tsv").lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.as_bytes().first_chunk::<2>().copied()).collect()
    });
    code.as_bytes().try_into().is_ok_and(|c: [u8; 2]| codes.binary_search(&c).is_ok())
}

/// Canonical ISO 3166-1 alpha-2 code for a country value: alpha-2 as is,
/// alpha-3 codes of the CIS and neighbouring states mapped (ISO 3166-1 table).
pub(crate) fn country_code(value: &str) -> Option<String> {
    let v = value.trim();
    if let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = v.as_bytes() {
        // Already canonical: the common case, one small allocation.
        return Some(String::from_utf8_lossy(&[*a, *b]).into_owned());
    }
    let v = v.to_ascii_uppercase();
    let two = match v.as_str() {
        "KAZ" => "KZ",
        "RUS" => "RU",
        "UKR" => "UA",
        "BLR" => "BY",
        "UZB" => "UZ",
        "KGZ" => "KG",
        "TJK" => "TJ",
        "TKM" => "TM",
        "AZE" => "AZ",
        "ARM" => "AM",
        "MDA" => "MD",
        "GEO" => "GE",
        "TUR" => "TR",
        "CHN" => "CN",
        "DEU" => "DE",
        "MNG" => "MN",
        s if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) => s,
        _ => return None,
    };
    Some(two.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_fields() {
        assert_eq!(Column::from_header(" Last_Name "), Some(Column::Surname));
        assert_eq!(Column::from_header("ФАМИЛИЯ"), Some(Column::Surname));
        assert_eq!(Column::from_header("Date of birth"), Some(Column::BirthDate));
        assert_eq!(Column::from_header("дата_рождения"), Some(Column::BirthDate));
        assert_eq!(Column::from_header("Gender"), Some(Column::Sex));
        assert_eq!(Column::from_header("\u{feff}id"), Some(Column::Id));
        assert_eq!(Column::from_header("notes"), None);
        assert_eq!(Column::from_header("Прізвище"), Some(Column::Surname));
        assert_eq!(Column::from_header("Ім'я"), Some(Column::GivenName));
        assert_eq!(Column::from_header("По батькові"), Some(Column::Patronymic));
        assert_eq!(Column::from_header("Дата народження"), Some(Column::BirthDate));
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.name()), Some(c));
        }
    }

    #[test]
    fn near_misses_get_a_suggestion_and_real_extras_do_not() {
        assert_eq!(closest_alias("surnme"), Some(("surname", Column::Surname)));
        assert_eq!(closest_alias("Given Nmae"), Some(("given_name", Column::GivenName)));
        assert_eq!(closest_alias("фамилиа"), Some(("фамилия", Column::Surname)));
        assert_eq!(closest_alias("date_of_brith"), Some(("date_of_birth", Column::BirthDate)));
        for extra in ["district", "note", "notes", "status", "region", "city", "address", "phone", "ab", "doc", "row"] {
            assert_eq!(closest_alias(extra), None, "{extra}");
        }
    }

    #[test]
    fn aliases_are_unique() {
        let n: usize = ALIASES.iter().map(|(_, v)| v.len()).sum();
        assert_eq!(aliases().len(), n, "an alias names two fields");
        for (_, names) in ALIASES {
            for a in *names {
                assert_eq!(header_key(a), *a, "aliases are written as keys: {a}");
            }
        }
    }

    #[test]
    fn iso_codes() {
        assert!(is_iso_country("KZ") && is_iso_country("RU") && is_iso_country("UZ"));
        assert!(!is_iso_country("XX") && !is_iso_country("ZZ") && !is_iso_country("kz") && !is_iso_country("KAZ"));
    }

    #[test]
    fn countries() {
        assert_eq!(country_code("ru"), Some("RU".into()));
        assert_eq!(country_code("KAZ"), Some("KZ".into()));
        assert_eq!(country_code("Russia"), None);
        assert_eq!(country_code("R1"), None);
    }
}

//! Header names: canonical fields and the aliases CIS exports use.

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
        let key: String =
            h.trim().trim_start_matches('\u{feff}').chars().flat_map(char::to_lowercase).map(|c| if matches!(c, ' ' | '-' | '.') { '_' } else { c }).collect();
        Some(match key.as_str() {
            "id" | "record_id" | "person_id" | "uid" | "ид" | "идентификатор" => Column::Id,
            "surname" | "last_name" | "lastname" | "family_name" | "familyname" | "фамилия" | "тегі" | "тегi" | "familiya" | "прізвище" | "прозвішча"
            | "фамилиясы" | "soyadı" | "soyad" | "nume" | "ազգանուն" => Column::Surname,
            "given_name" | "givenname" | "first_name" | "firstname" | "forename" | "имя" | "аты" | "ism" | "ім'я" | "імʼя" | "ім’я" | "імя" | "ad"
            | "prenume" | "անուն" => Column::GivenName,
            "patronymic"
            | "middle_name"
            | "middlename"
            | "father_name"
            | "fathers_name"
            | "отчество"
            | "әкесінің_аты"
            | "otasining_ismi"
            | "по_батькові"
            | "по_батькови"
            | "імя_па_бацьку"
            | "атасынын_аты"
            | "ata_adı"
            | "հայրանուն" => Column::Patronymic,
            "full_name" | "fullname" | "name" | "fio" | "фио" | "ф_и_о" | "полное_имя" => Column::FullName,
            "birth_date"
            | "birthdate"
            | "date_of_birth"
            | "dob"
            | "birthday"
            | "born"
            | "дата_рождения"
            | "туған_күні"
            | "tugilgan_sana"
            | "дата_народження"
            | "дата_нараджэння"
            | "туулган_күнү"
            | "doğum_tarixi"
            | "data_nasterii" => Column::BirthDate,
            "sex" | "gender" | "пол" | "жынысы" | "jinsi" | "стать" | "cins" | "sex_code" => Column::Sex,
            "country" | "country_code" | "state" | "страна" | "ел" => Column::Country,
            "iin" | "иин" | "жсн" | "iin_bin" => Column::Iin,
            "document_number" | "document" | "doc_number" | "passport" | "passport_number" | "номер_документа" | "паспорт" => {
                Column::DocumentNumber
            }
            "response_kind" | "kind" | "answer_kind" | "answer_type" | "response_type" | "вид_ответа" => Column::ResponseKind,
            _ => return None,
        })
    }
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
    fn countries() {
        assert_eq!(country_code("ru"), Some("RU".into()));
        assert_eq!(country_code("KAZ"), Some("KZ".into()));
        assert_eq!(country_code("Russia"), None);
        assert_eq!(country_code("R1"), None);
    }
}

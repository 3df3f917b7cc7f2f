//! One row's fields to a [`Record`], or the field and reason it cannot be one: names
//! (split from a full name when needed), birth date, sex, country, IIN and document
//! number, with an invalid field rejected or blanked as the policy says.

use super::{Note, OnBadField, Policy};
use crate::io::columns::{country_code, Column};
use crate::record::{split_full_name, BirthDate, NameSource, Record, RejectReason, Sex};

pub(super) fn build_record<'a>(
    line: u64,
    get: &impl Fn(Column) -> &'a str,
    default_country: Option<&str>,
    extra: Vec<String>,
    policy: Policy,
    notes: &mut Vec<Note>,
) -> Result<Record, (&'static str, RejectReason)> {
    let clean = |c: Column| get(c).trim().to_string();
    let id = clean(Column::Id);
    if id.is_empty() {
        return Err(("id", RejectReason::MissingId));
    }
    let (mut surname, mut given_name, mut patronymic) = (clean(Column::Surname), clean(Column::GivenName), clean(Column::Patronymic));
    let mut name_source = NameSource::Fields;
    if surname.is_empty() && given_name.is_empty() {
        let full = clean(Column::FullName);
        if !full.is_empty() {
            let (s, g, p) = split_full_name(&full);
            surname = s;
            given_name = g;
            if patronymic.is_empty() {
                patronymic = p;
            }
            name_source = NameSource::FullName;
        }
    }
    if surname.is_empty() && given_name.is_empty() && patronymic.is_empty() {
        return Err(("surname", RejectReason::NoName));
    }
    // An invalid field either rejects the row or is blanked and noted, as the policy says.
    let mut bad = |field: &'static str, reason: RejectReason, on_bad: OnBadField| match on_bad {
        OnBadField::Reject => Err((field, reason)),
        _ => {
            notes.push((field, reason));
            Ok(())
        }
    };
    let date_text = get(Column::BirthDate).trim();
    let birth_date = match (!date_text.is_empty()).then(|| BirthDate::parse(date_text)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            bad("birth_date", RejectReason::BadDate(e), policy.date)?;
            None
        }
    };
    let sex = match Sex::parse(get(Column::Sex)) {
        Some(s) => s,
        None => {
            bad("sex", RejectReason::BadSex, policy.field)?;
            Sex::Unknown
        }
    };
    let country_text = get(Column::Country).trim();
    let country = if country_text.is_empty() {
        default_country.map(str::to_owned).ok_or(("country", RejectReason::MissingCountry))?
    } else {
        country_code(country_text).ok_or(("country", RejectReason::BadCountry))?
    };
    let iin_text = get(Column::Iin).trim();
    let iin = match (!iin_text.is_empty()).then(|| crate::record::ident::Iin::parse(iin_text)) {
        None => None,
        Some(Ok(iin)) => Some(iin),
        Some(Err(e)) => {
            bad("iin", RejectReason::BadIin(e), policy.field)?;
            None
        }
    };
    let document_number = match Some(clean(Column::DocumentNumber)).filter(|s| !s.is_empty()) {
        Some(d) if !plausible_document_number(&d) => {
            bad("document_number", RejectReason::BadDocumentNumber, policy.field)?;
            None
        }
        d => d,
    };
    let opt = |c: Column| Some(clean(c)).filter(|s| !s.is_empty());
    Ok(Record {
        id,
        surname,
        given_name,
        patronymic,
        name_source,
        birth_date,
        sex,
        country,
        iin,
        document_number,
        response_kind: opt(Column::ResponseKind),
        extra,
        line,
    })
}

/// A document number as states write them (`4510 123456`, `AB1234567`,
/// `№ 123-456`): at least one letter or digit, no control characters, at
/// most 40 characters.
fn plausible_document_number(d: &str) -> bool {
    d.chars().count() <= 40 && d.chars().any(char::is_alphanumeric) && !d.chars().any(char::is_control)
}

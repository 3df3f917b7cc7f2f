//! The encoded file: JSON Lines, a header line (format, schema and its
//! fingerprint, the key check value, the side, the record count) and one line
//! per record with its id in the clear and everything else as keyed bits and
//! tokens (base64 of little-endian words). Reading refuses a file of another
//! schema or secret, naming the file, line and field.

use std::io::{BufRead, Write};
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::encode::{slot, EncodedDate, EncodedName, EncodedRecord, Encoder, Role};
use super::schema::EncodingSchema;
use crate::error::{Error, Result};
use crate::record::{Dataset, Record, Sex};

/// The format name in an encoded file's header.
pub const ENCODED_FORMAT: &str = "dualcit-encoded";

/// An encoded file's header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Header {
    /// [`ENCODED_FORMAT`].
    pub format: String,
    /// The schema the records were encoded under.
    pub schema: EncodingSchema,
    /// Its fingerprint ([`EncodingSchema::fingerprint`]).
    pub schema_fingerprint: String,
    /// The secret's key check value.
    pub key_check: String,
    /// Which side the file encodes.
    pub role: Role,
    /// Records in the file.
    pub records: u64,
}

impl Header {
    /// The header of a file `encoder` writes for `role`.
    pub fn new(encoder: &Encoder, role: Role, records: usize) -> Header {
        Header {
            format: ENCODED_FORMAT.into(),
            schema: encoder.schema().clone(),
            schema_fingerprint: encoder.schema().fingerprint(),
            key_check: encoder.key_check().into(),
            role,
            records: records as u64,
        }
    }

    /// Refuses a partner file encoded under another schema or secret.
    pub fn check_partner(&self, other: &Header, other_source: &str) -> Result<()> {
        if other.schema != self.schema {
            return Err(Error::format(
                other_source,
                Some(1),
                Some("schema"),
                format!(
                    "encoded under schema {}, not {} (the other side's): both sides must encode with the same schema",
                    other.schema_fingerprint, self.schema_fingerprint
                ),
            ));
        }
        if other.key_check != self.key_check {
            return Err(Error::format(
                other_source,
                Some(1),
                Some("key_check"),
                "encoded under another secret (its key check value differs): both sides must encode with the same secret",
            ));
        }
        Ok(())
    }

    /// Refuses a file of the wrong side.
    pub fn expect_role(&self, role: Role, source: &str) -> Result<()> {
        if self.role != role {
            return Err(Error::format(source, Some(1), Some("role"), format!("encodes the {:?} side; the {:?} side was expected", self.role, role)));
        }
        Ok(())
    }
}

/// An encoded file in memory.
#[derive(Clone, Debug)]
pub struct EncodedSet {
    /// Where it came from (a path or a caller's label).
    pub source: String,
    /// Its header.
    pub header: Header,
    /// Its records, in file order.
    pub records: Vec<EncodedRecord>,
}

impl EncodedSet {
    /// Encodes a plaintext dataset.
    pub fn encode(encoder: &Encoder, data: &Dataset, role: Role) -> EncodedSet {
        let records = encoder.encode_records(&data.records, role);
        EncodedSet { source: data.source.clone(), header: Header::new(encoder, role, records.len()), records }
    }

    /// The records as a [`Dataset`] without personal data — ids, countries, sex,
    /// answer kinds and lines — for the outputs of an encoded run (matches,
    /// report, summary), which name no one.
    pub fn dataset(&self) -> Dataset {
        let records = self
            .records
            .iter()
            .map(|r| Record {
                id: r.id.clone(),
                country: r.country.clone(),
                sex: r.sex,
                response_kind: r.response_kind.clone(),
                line: r.line,
                ..Default::default()
            })
            .collect();
        Dataset::from_records(&self.source, records)
    }

    /// Writes the file (header line, then one line per record).
    pub fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, &self.header)?;
        out.write_all(b"\n")?;
        for r in &self.records {
            serde_json::to_writer(&mut *out, &record_json(r))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Reads an encoded file.
    pub fn read(path: &Path) -> Result<EncodedSet> {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        EncodedSet::read_from(&path.display().to_string(), std::io::BufReader::new(f))
    }

    /// Reads an encoded file from a reader (`source` names it in errors).
    pub fn read_from(source: &str, reader: impl BufRead) -> Result<EncodedSet> {
        let mut lines = reader.lines();
        let bad = |line: u64, field: Option<&str>, m: String| Error::format(source, Some(line), field, m);
        let head = lines.next().ok_or_else(|| bad(1, None, "empty file: no header".into()))?.map_err(|e| Error::io(source, e))?;
        let header: Header = serde_json::from_str(&head).map_err(|e| bad(1, None, format!("not an encoded file's header: {e}")))?;
        if header.format != ENCODED_FORMAT {
            return Err(bad(1, Some("format"), format!("format '{}' is not '{ENCODED_FORMAT}'", header.format)));
        }
        header.schema.validate().map_err(|e| bad(1, Some("schema"), e.to_string()))?;
        if header.schema.fingerprint() != header.schema_fingerprint {
            return Err(bad(1, Some("schema_fingerprint"), "does not match the schema: the header was altered".into()));
        }
        let words = header.schema.encoded_words();
        let mut records = Vec::with_capacity(header.records.min(1 << 24) as usize);
        for (i, line) in lines.enumerate() {
            let n = i as u64 + 2;
            let line = line.map_err(|e| Error::io(source, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(n, None, format!("not JSON: {e}")))?;
            records.push(record_from(&v, words).map_err(|(field, m)| bad(n, Some(field), m))?);
        }
        if records.len() as u64 != header.records {
            return Err(bad(1, Some("records"), format!("the header says {} records, the file holds {}", header.records, records.len())));
        }
        Ok(EncodedSet { source: source.into(), header, records })
    }
}

fn words_b64(w: &[u64]) -> String {
    let bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
    B64.encode(bytes)
}

fn b64_words(s: &str) -> Option<Vec<u64>> {
    let bytes = B64.decode(s).ok()?;
    if bytes.len() % 8 != 0 {
        return None;
    }
    Some(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
}

fn record_json(r: &EncodedRecord) -> Value {
    let sex = match r.sex {
        Sex::Male => "M",
        Sex::Female => "F",
        Sex::Unknown => "",
    };
    let names: Vec<Value> =
        r.names.iter().map(|n| json!([words_b64(&n.bits), words_b64(&n.alt), words_b64(&n.family), n.flags, format!("{:016x}", n.initials)])).collect();
    let blocks: Vec<String> = r.blocks.iter().map(|b| words_b64(b)).collect();
    let mut v = json!({
        "id": r.id,
        "country": r.country,
        "sex": sex,
        "line": r.line,
        "names": names,
        "date": [r.date.precision, words_b64(&r.date.tokens)],
        "iin": format!("{:016x}", r.iin),
        "blocks": blocks,
    });
    if let Some(k) = &r.response_kind {
        v["kind"] = json!(k);
    }
    v
}

type FieldError = (&'static str, String);

fn record_from(v: &Value, words: usize) -> std::result::Result<EncodedRecord, FieldError> {
    let text = |k: &'static str| v.get(k).and_then(Value::as_str).ok_or((k, format!("missing or not text: '{k}'")));
    let hex = |k: &'static str, s: &str| u64::from_str_radix(s, 16).map_err(|_| (k, format!("'{k}' is not a 64-bit hex token")));
    let id = text("id")?.to_owned();
    if id.is_empty() {
        return Err(("id", "empty id".into()));
    }
    let sex = match text("sex")? {
        "M" => Sex::Male,
        "F" => Sex::Female,
        "" => Sex::Unknown,
        s => return Err(("sex", format!("'{s}' is not M, F or empty"))),
    };
    let names_v = v.get("names").and_then(Value::as_array).filter(|a| a.len() == 3).ok_or(("names", "expected three encoded names".to_string()))?;
    let mut names: Vec<EncodedName> = Vec::with_capacity(3);
    for n in names_v {
        let parts = n
            .as_array()
            .filter(|a| a.len() == 5)
            .ok_or(("names", "an encoded name is [bits, second reading's bits, family bits, flags, initials]".to_string()))?;
        let filter = |i: usize| -> std::result::Result<Vec<u64>, FieldError> {
            let bits = parts[i].as_str().and_then(b64_words).ok_or(("names", "bits are not base64 of 64-bit words".to_string()))?;
            if !bits.is_empty() && bits.len() != words {
                return Err(("names", format!("a filter of {} bits, not the schema's {}", bits.len() * 64, words * 64)));
            }
            Ok(bits)
        };
        let (bits, alt, family) = (filter(0)?, filter(1)?, filter(2)?);
        if bits.len() != family.len() || (bits.is_empty() && !alt.is_empty()) {
            return Err(("names", "a name with one filter but not the other".into()));
        }
        let flags = parts[3].as_u64().filter(|f| *f < 8).ok_or(("names", "flags must be 0 to 7".to_string()))? as u8;
        let initials = hex("names", parts[4].as_str().unwrap_or(""))?;
        names.push(EncodedName { ones: bits.iter().map(|w| w.count_ones()).sum(), bits, alt, family, flags, initials });
    }
    let date_v = v.get("date").and_then(Value::as_array).filter(|a| a.len() == 2).ok_or(("date", "expected [precision, tokens]".to_string()))?;
    let precision = date_v[0].as_u64().filter(|p| *p < 8 && *p & 3 != 0 || *p == 0).ok_or(("date", "precision must be 0 to 7".to_string()))? as u8;
    let tokens = date_v[1].as_str().and_then(b64_words).filter(|t| t.len() == slot::N).ok_or(("date", format!("expected {} date tokens", slot::N)))?;
    let blocks_v = v.get("blocks").and_then(Value::as_array).ok_or(("blocks", "expected a list of blocking keys per pass".to_string()))?;
    let blocks = blocks_v
        .iter()
        .map(|b| b.as_str().and_then(b64_words).ok_or(("blocks", "blocking keys are not base64 of 64-bit words".to_string())))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let [surname, given, patronymic]: [EncodedName; 3] = names.try_into().map_err(|_| ("names", "expected three encoded names".to_string()))?;
    Ok(EncodedRecord {
        id,
        country: text("country")?.to_owned(),
        sex,
        response_kind: v.get("kind").and_then(Value::as_str).map(str::to_owned),
        line: v.get("line").and_then(Value::as_u64).unwrap_or(0),
        names: [surname, given, patronymic],
        date: EncodedDate { precision, tokens: tokens.try_into().unwrap_or([0; slot::N]) },
        iin: hex("iin", text("iin")?)?,
        blocks,
    })
}

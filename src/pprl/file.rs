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
use std::borrow::Cow;

use rayon::prelude::*;

use super::encode::{slot, EncodedDate, EncodedName, EncodedRecord, Encoder, Role};
use super::key::Secret;
use super::schema::EncodingSchema;
use super::seal::{SealInfo, Sealer};
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
    /// Whether the records are sealed (each record's encodings encrypted and
    /// authenticated under a key derived from the secret and this salt; see
    /// [`EncodedSet::write_sealed`]), and how. Absent in an unsealed file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SealInfo>,
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
            sealed: None,
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
        // Lines are formatted in parallel, in blocks, and written in order.
        for block in self.records.chunks(4096) {
            let lines: Vec<Vec<u8>> = block.par_iter().map(record_line).collect::<std::io::Result<_>>()?;
            for l in lines {
                out.write_all(&l)?;
            }
        }
        Ok(())
    }

    /// Writes the file sealed: each record's encodings encrypted and authenticated under a
    /// key derived from `secret` and `salt` (256 bits, fresh for every file: draw them from
    /// the operating system's random source), with its clear fields as associated data.
    /// Only a holder of the secret can read the file back ([`EncodedSet::read_sealed`]).
    pub fn write_sealed(&self, out: &mut dyn Write, secret: &Secret, salt: &[u8; 32]) -> Result<()> {
        if secret.check_value() != self.header.key_check {
            return Err(Error::config(format!("{}: the records were encoded under another secret than the one given to seal them", self.source)));
        }
        let passes = super::encode::ENCODED_PASSES.len();
        let sealer = Sealer::new(secret, salt, &self.header.schema, self.header.role, passes);
        let header = Header { sealed: Some(SealInfo::new(salt)), ..self.header.clone() };
        let io = |e: std::io::Error| Error::io(&self.source, e);
        serde_json::to_writer(&mut *out, &header).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
        for (b, block) in self.records.chunks(4096).enumerate() {
            let lines: Vec<Vec<u8>> = block
                .par_iter()
                .enumerate()
                .map(|(i, r)| {
                    if r.blocks.len() != passes {
                        return Err(std::io::Error::other(format!(
                            "record {} carries {} blocking passes, not the encoding's {passes}",
                            b * 4096 + i + 1,
                            r.blocks.len()
                        )));
                    }
                    // The nonce is the record's line in the file (the header is line 1).
                    sealed_line(r, &sealer.seal(2 + (b * 4096 + i) as u64, r))
                })
                .collect::<std::io::Result<_>>()
                .map_err(io)?;
            for l in lines {
                out.write_all(&l).map_err(io)?;
            }
        }
        Ok(())
    }

    /// Reads an encoded file. A sealed file is refused: it needs the secret ([`EncodedSet::read_sealed`]).
    pub fn read(path: &Path) -> Result<EncodedSet> {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        EncodedSet::read_from(&path.display().to_string(), std::io::BufReader::new(f))
    }

    /// Reads an encoded file from a reader (`source` names it in errors); a sealed one is refused.
    pub fn read_from(source: &str, reader: impl BufRead) -> Result<EncodedSet> {
        EncodedSet::read_opening(source, reader, None)
    }

    /// Reads an encoded file, sealed or not, opening a sealed one's records under `secret`.
    pub fn read_sealed(path: &Path, secret: &Secret) -> Result<EncodedSet> {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        EncodedSet::read_sealed_from(&path.display().to_string(), std::io::BufReader::new(f), secret)
    }

    /// [`EncodedSet::read_sealed`] from a reader (`source` names it in errors).
    pub fn read_sealed_from(source: &str, reader: impl BufRead, secret: &Secret) -> Result<EncodedSet> {
        EncodedSet::read_opening(source, reader, Some(secret))
    }

    /// Whether the file's header says it is sealed (false for a file that is not an encoded file).
    pub fn is_sealed(path: &Path) -> bool {
        let Ok(f) = std::fs::File::open(path) else { return false };
        let mut head = String::new();
        if std::io::BufReader::new(f).read_line(&mut head).is_err() {
            return false;
        }
        serde_json::from_str::<Header>(&head).is_ok_and(|h| h.sealed.is_some())
    }

    fn read_opening(source: &str, mut reader: impl BufRead, secret: Option<&Secret>) -> Result<EncodedSet> {
        let bad = |line: u64, field: Option<&str>, m: String| Error::format(source, Some(line), field, m);
        let mut head = String::new();
        reader.read_line(&mut head).map_err(|e| Error::io(source, e))?;
        if head.trim().is_empty() {
            return Err(bad(1, None, "empty file: no header".into()));
        }
        let header: Header = serde_json::from_str(&head).map_err(|e| bad(1, None, format!("not an encoded file's header: {e}")))?;
        if header.format != ENCODED_FORMAT {
            return Err(bad(1, Some("format"), format!("format '{}' is not '{ENCODED_FORMAT}'", header.format)));
        }
        header.schema.validate().map_err(|e| bad(1, Some("schema"), e.to_string()))?;
        if header.schema.fingerprint() != header.schema_fingerprint {
            return Err(bad(1, Some("schema_fingerprint"), "does not match the schema: the header was altered".into()));
        }
        let words = header.schema.encoded_words();
        let sealer = match (&header.sealed, secret) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(bad(1, Some("sealed"), "the records are sealed: reading them needs the shared secret (--secret-file)".into()));
            }
            (Some(info), Some(secret)) => {
                let salt = info.salt_bytes().map_err(|m| bad(1, Some("sealed"), m))?;
                if secret.check_value() != header.key_check {
                    return Err(bad(1, Some("key_check"), "sealed under another secret (its key check value differs from the secret given)".into()));
                }
                Some(Sealer::new(secret, &salt, &header.schema, header.role, super::encode::ENCODED_PASSES.len()))
            }
        };
        let mut records = Vec::with_capacity(header.records.min(1 << 24) as usize);
        // Blocks of lines are parsed in parallel; the first bad line in file order is reported.
        let mut next_line = 2u64;
        let mut block: Vec<String> = Vec::with_capacity(8192);
        let mut done = false;
        while !done {
            block.clear();
            while block.len() < 8192 {
                let mut l = String::new();
                if reader.read_line(&mut l).map_err(|e| Error::io(source, e))? == 0 {
                    done = true;
                    break;
                }
                block.push(l);
            }
            let parsed: Vec<std::result::Result<Option<EncodedRecord>, LineError>> = block
                .par_iter()
                .enumerate()
                .map(|(i, l)| {
                    let n = next_line + i as u64;
                    if l.trim().is_empty() {
                        return Ok(None);
                    }
                    if let Some(sealer) = &sealer {
                        let line: SealedLine<'_> = serde_json::from_str(l).map_err(|e| (n, None, format!("not a sealed record: {e}")))?;
                        return open_record(line, sealer, n).map(Some).map_err(|(field, m)| (n, Some(field), m));
                    }
                    let line: Line<'_> = serde_json::from_str(l).map_err(|e| (n, None, format!("not an encoded record: {e}")))?;
                    record_from(line, words).map(Some).map_err(|(field, m)| (n, Some(field), m))
                })
                .collect();
            for p in parsed {
                match p {
                    Ok(Some(r)) => records.push(r),
                    Ok(None) => {}
                    Err((n, field, m)) => return Err(bad(n, field, m)),
                }
            }
            next_line += block.len() as u64;
        }
        if records.len() as u64 != header.records {
            return Err(bad(1, Some("records"), format!("the header says {} records, the file holds {}", header.records, records.len())));
        }
        Ok(EncodedSet { source: source.into(), header, records })
    }
}

fn b64_words(s: &str) -> Option<Vec<u64>> {
    let bytes = B64.decode(s).ok()?;
    if bytes.len() % 8 != 0 {
        return None;
    }
    Some(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
}

/// One record's line. A family filter equal to the spelling filter is written as
/// `""` (a given name without a cognate group), and read back as a copy.
fn record_line(r: &EncodedRecord) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(2048);
    let sex = sex_code(r.sex);
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut out, &r.id)?;
    out.extend_from_slice(b",\"country\":");
    serde_json::to_writer(&mut out, &r.country)?;
    write!(out, ",\"sex\":\"{sex}\",\"line\":{},\"names\":[", r.line)?;
    for (i, n) in r.names.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"[\"");
        push_b64(&mut out, &n.bits);
        out.extend_from_slice(b"\",\"");
        push_b64(&mut out, &n.alt);
        out.extend_from_slice(b"\",\"");
        if n.family != n.bits {
            push_b64(&mut out, &n.family);
        }
        write!(out, "\",{},\"{:016x}\",\"{:016x}\",\"{:016x}\",\"{:016x}\"]", n.flags, n.initials, n.loose, n.fold, n.fold_stem)?;
    }
    write!(out, "],\"date\":[{},\"", r.date.precision)?;
    push_b64(&mut out, &r.date.tokens);
    write!(out, "\"],\"iin\":\"{:016x}\",\"blocks\":[", r.iin)?;
    for (i, b) in r.blocks.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        push_b64(&mut out, b);
        out.push(b'"');
    }
    out.push(b']');
    if let Some(k) = &r.response_kind {
        out.extend_from_slice(b",\"kind\":");
        serde_json::to_writer(&mut out, k)?;
    }
    out.extend_from_slice(b"}\n");
    Ok(out)
}

/// One sealed record's line: its clear fields, then its sealed bytes.
fn sealed_line(r: &EncodedRecord, sealed: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128 + sealed.len() * 4 / 3);
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut out, &r.id)?;
    out.extend_from_slice(b",\"country\":");
    serde_json::to_writer(&mut out, &r.country)?;
    write!(out, ",\"sex\":\"{}\",\"line\":{}", sex_code(r.sex), r.line)?;
    if let Some(k) = &r.response_kind {
        out.extend_from_slice(b",\"kind\":");
        serde_json::to_writer(&mut out, k)?;
    }
    out.extend_from_slice(b",\"sealed\":\"");
    let at = out.len();
    out.resize(at + sealed.len().div_ceil(3) * 4, 0);
    let n = B64.encode_slice(sealed, &mut out[at..]).unwrap_or(0);
    out.truncate(at + n);
    out.extend_from_slice(b"\"}\n");
    Ok(out)
}

fn sex_code(s: Sex) -> &'static str {
    match s {
        Sex::Male => "M",
        Sex::Female => "F",
        Sex::Unknown => "",
    }
}

fn sex_of(s: &str) -> std::result::Result<Sex, FieldError> {
    match s {
        "M" => Ok(Sex::Male),
        "F" => Ok(Sex::Female),
        "" => Ok(Sex::Unknown),
        s => Err(("sex", format!("'{s}' is not M, F or empty"))),
    }
}

/// One sealed record line as written.
#[derive(Deserialize)]
struct SealedLine<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    country: Cow<'a, str>,
    #[serde(borrow)]
    sex: Cow<'a, str>,
    #[serde(default)]
    line: u64,
    #[serde(borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    sealed: Cow<'a, str>,
}

/// A sealed line's record, opened (`n`: its line in the file, the nonce).
fn open_record(v: SealedLine<'_>, sealer: &Sealer, n: u64) -> std::result::Result<EncodedRecord, FieldError> {
    if v.id.is_empty() {
        return Err(("id", "empty id".into()));
    }
    let mut record = EncodedRecord {
        id: v.id.into_owned(),
        country: v.country.into_owned(),
        sex: sex_of(&v.sex)?,
        response_kind: v.kind.map(Cow::into_owned),
        line: v.line,
        names: [EncodedName::missing(), EncodedName::missing(), EncodedName::missing()],
        date: EncodedDate { precision: 0, tokens: [0; slot::N] },
        iin: 0,
        blocks: Vec::new(),
    };
    let mut bytes = B64.decode(v.sealed.as_bytes()).map_err(|_| ("sealed", "not base64".to_string()))?;
    sealer.open(n, &mut bytes, &mut record).map_err(|m| ("sealed", m))?;
    Ok(record)
}

fn push_b64(out: &mut Vec<u8>, w: &[u64]) {
    let bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
    let at = out.len();
    out.resize(at + bytes.len().div_ceil(3) * 4, 0);
    let n = B64.encode_slice(&bytes, &mut out[at..]).unwrap_or(0);
    out.truncate(at + n);
}

/// A bad line: its number, the field, what is wrong.
type LineError = (u64, Option<&'static str>, String);

/// An encoded name as written: spelling, second reading and family filters, flags, the
/// initials', loose and folded spellings' tokens.
type NameLine<'a> = (Cow<'a, str>, Cow<'a, str>, Cow<'a, str>, u8, Cow<'a, str>, Cow<'a, str>, Cow<'a, str>, Cow<'a, str>);

/// One record line as written (strings borrowed where they need no unescaping).
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    country: Cow<'a, str>,
    #[serde(borrow)]
    sex: Cow<'a, str>,
    #[serde(default)]
    line: u64,
    #[serde(borrow)]
    names: Vec<NameLine<'a>>,
    #[serde(borrow)]
    date: (u8, Cow<'a, str>),
    #[serde(borrow)]
    iin: Cow<'a, str>,
    #[serde(borrow)]
    blocks: Vec<Cow<'a, str>>,
    #[serde(borrow, default)]
    kind: Option<Cow<'a, str>>,
}

type FieldError = (&'static str, String);

fn record_from(v: Line<'_>, words: usize) -> std::result::Result<EncodedRecord, FieldError> {
    let hex = |k: &'static str, s: &str| u64::from_str_radix(s, 16).map_err(|_| (k, format!("'{k}' is not a 64-bit hex token")));
    if v.id.is_empty() {
        return Err(("id", "empty id".into()));
    }
    let sex = sex_of(&v.sex)?;
    if v.names.len() != 3 {
        return Err(("names", "expected three encoded names".into()));
    }
    let mut names: Vec<EncodedName> = Vec::with_capacity(3);
    for (bits, alt, family, flags, initials, loose, fold, fold_stem) in &v.names {
        let filter = |s: &str| -> std::result::Result<Vec<u64>, FieldError> {
            let bits = b64_words(s).ok_or(("names", "bits are not base64 of 64-bit words".to_string()))?;
            if !bits.is_empty() && bits.len() != words {
                return Err(("names", format!("a filter of {} bits, not the schema's {}", bits.len() * 64, words * 64)));
            }
            Ok(bits)
        };
        let bits = filter(bits)?;
        let alt = filter(alt)?;
        let family = if family.is_empty() { bits.clone() } else { filter(family)? };
        if bits.len() != family.len() || (bits.is_empty() && !alt.is_empty()) {
            return Err(("names", "a name with one filter but not the other".into()));
        }
        if *flags >> 5 > 5 {
            return Err(("names", "flags: the script code must be 0 to 5".into()));
        }
        let initials = hex("names", initials)?;
        let (loose, fold, fold_stem) = (hex("names", loose)?, hex("names", fold)?, hex("names", fold_stem)?);
        names.push(EncodedName { ones: bits.iter().map(|w| w.count_ones()).sum(), bits, alt, family, flags: *flags, initials, loose, fold, fold_stem });
    }
    let precision = v.date.0;
    if precision >= 8 || (precision != 0 && precision & 3 == 0) {
        return Err(("date", "precision must be 0 to 7".into()));
    }
    let tokens = b64_words(&v.date.1).filter(|t| t.len() == slot::N).ok_or(("date", format!("expected {} date tokens", slot::N)))?;
    let blocks = v
        .blocks
        .iter()
        .map(|b| b64_words(b).ok_or(("blocks", "blocking keys are not base64 of 64-bit words".to_string())))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let [surname, given, patronymic]: [EncodedName; 3] = names.try_into().map_err(|_| ("names", "expected three encoded names".to_string()))?;
    Ok(EncodedRecord {
        id: v.id.into_owned(),
        country: v.country.into_owned(),
        sex,
        response_kind: v.kind.map(Cow::into_owned),
        line: v.line,
        names: [surname, given, patronymic],
        date: EncodedDate { precision, tokens: tokens.try_into().unwrap_or([0; slot::N]) },
        iin: hex("iin", &v.iin)?,
        blocks,
    })
}

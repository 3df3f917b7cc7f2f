//! Encoding a prepared record: per name field a keyed Bloom filter of the
//! script-independent skeleton's n-grams (with its second reading and its
//! stem), hardened as the schema says; the birth date as keyed tokens that
//! keep the date error model (a swap or an error in one component still meets
//! a token of the other date); keyed blocking keys of the same keys the
//! plaintext passes use; sex and the record id in the clear.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::key::{Prf, Secret, TokenKey};
use super::schema::{EncodingSchema, Hardening};
use crate::blocking::{self, BlockingPass};
use crate::names::{Name, Script, SexHint};
use crate::prepare::{prepare_all, PreparedRecord};
use crate::record::{BirthDate, DatePrecision, Record, Sex};

/// Which side of an exchange a file encodes: the registry (its records are
/// filed under the blocking keys) or a partner's answers (they look them up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The national registry.
    Registry,
    /// A partner state's answers.
    Answers,
}

/// One name field, encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedName {
    /// The hardened filter of the spelling (the skeleton),
    /// [`EncodingSchema::encoded_words`] words (empty when the name is missing).
    pub bits: Vec<u64>,
    /// The hardened filter of the second reading of an ambiguous spelling (Juri = Юрий or
    /// Джури; empty when there is none).
    pub alt: Vec<u64>,
    /// Ones in `bits`.
    pub ones: u32,
    /// The hardened filter of the name's family: a surname's stem (Иванов = Иванова), a
    /// patronymic's father's name (-ович = -ұлы), a given name's cognate group
    /// (Александр = Олександр); the spelling when it has none.
    pub family: Vec<u64>,
    /// Bit 0: the name is a bare initial; bits 1–2: the sex its form implies (0 none, 1 male,
    /// 2 female); bit 3: written in Kazakh letters; bit 4: a Slavic calendar given name;
    /// bits 5–7: its script (0 Latin, 1 Cyrillic, 2 Armenian, 3 mixed, 4 other, 5 none).
    pub flags: u8,
    /// Keyed token of the first letters of its words (0 when missing).
    pub initials: u64,
    /// Keyed token of the skeleton with vowel quality and romanization's consonant pairs
    /// folded (Otkir = Utkir, Ковалёв = Кавалёў's letters; 0 under four letters).
    pub loose: u64,
    /// Keyed token of the skeleton with a Kazakh name's Russian-letter spelling folded away
    /// (Сәтбаев = Сатпаев, Жүсіпова = Юсупова; 0 when missing).
    pub fold: u64,
    /// The same of its stem (a surname's of three letters or more; a father's name's).
    pub fold_stem: u64,
}

impl EncodedName {
    /// A missing name: no filters, no flags, no initials.
    pub(crate) fn missing() -> EncodedName {
        EncodedName { bits: Vec::new(), alt: Vec::new(), ones: 0, family: Vec::new(), flags: 0, initials: 0, loose: 0, fold: 0, fold_stem: 0 }
    }

    /// Whether the name was missing.
    pub fn is_missing(&self) -> bool {
        self.bits.is_empty()
    }

    /// Whether the name is a bare initial.
    pub fn initial_only(&self) -> bool {
        self.flags & 1 != 0
    }

    /// Dice coefficient of the spelling filters against another name's (the
    /// comparator's kernel: popcounts of the intersection only, the filters'
    /// own counts being known); 0 when either is missing.
    #[inline]
    pub fn dice(&self, other: &EncodedName) -> f64 {
        let both: u32 = self.bits.iter().zip(&other.bits).map(|(x, y)| (x & y).count_ones()).sum();
        let ones = self.ones + other.ones;
        if ones == 0 {
            0.0
        } else {
            2.0 * both as f64 / ones as f64
        }
    }

    /// Whether the name is written in Kazakh letters.
    pub(crate) fn kazakh_letters(&self) -> bool {
        self.flags & 8 != 0
    }

    /// Whether the name is a Slavic calendar given name.
    pub(crate) fn slavic(&self) -> bool {
        self.flags & 16 != 0
    }

    /// The script's code (see [`EncodedName::flags`]).
    pub(crate) fn script(&self) -> u8 {
        self.flags >> 5
    }

    /// The sex the name's form implies.
    pub fn sex_hint(&self) -> SexHint {
        match (self.flags >> 1) & 3 {
            1 => SexHint::Male,
            2 => SexHint::Female,
            _ => SexHint::Unknown,
        }
    }
}

/// Positions of the date tokens in [`EncodedDate::tokens`].
pub(crate) mod slot {
    pub(crate) const FULL: usize = 0;
    pub(crate) const SWAPPED: usize = 1;
    pub(crate) const YEAR_MONTH: usize = 2;
    pub(crate) const YEAR_DAY: usize = 3;
    pub(crate) const MONTH_DAY: usize = 4;
    pub(crate) const DAY_PLUS: usize = 5;
    pub(crate) const DAY_MINUS: usize = 6;
    pub(crate) const MONTH_PLUS: usize = 7;
    pub(crate) const MONTH_MINUS: usize = 8;
    pub(crate) const YEAR_PLUS: usize = 9;
    pub(crate) const YEAR_MINUS: usize = 10;
    pub(crate) const CENTURY: usize = 11;
    pub(crate) const DAY_TENS: usize = 12;
    pub(crate) const DAY_ONES: usize = 13;
    pub(crate) const MONTH_TENS: usize = 14;
    pub(crate) const MONTH_ONES: usize = 15;
    pub(crate) const YEAR_ONES: usize = 16;
    pub(crate) const YEAR: usize = 17;
    pub(crate) const YEAR_NEXT: usize = 18;
    pub(crate) const YEAR_PREV: usize = 19;
    pub(crate) const DECADE: usize = 20;
    pub(crate) const YEAR_CENTURY: usize = 21;
    pub(crate) const N: usize = 22;
}

/// The birth date, encoded: its precision in the clear and keyed tokens of
/// the date and of its one-error neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodedDate {
    /// 0 no date, 1 year, 2 year and month, 3 full; +4 when the day is a `01.01` placeholder.
    pub precision: u8,
    /// Keyed tokens (0 where one does not apply).
    pub tokens: [u64; slot::N],
}

impl EncodedDate {
    pub(crate) fn precision(&self) -> Option<DatePrecision> {
        match self.precision & 3 {
            1 => Some(DatePrecision::Year),
            2 => Some(DatePrecision::Month),
            3 => Some(DatePrecision::Day),
            _ => None,
        }
    }

    pub(crate) fn is_placeholder(&self) -> bool {
        self.precision & 4 != 0
    }

    pub(crate) fn is_full(&self) -> bool {
        self.precision() == Some(DatePrecision::Day) && !self.is_placeholder()
    }

    /// Precision with a placeholder counted as a year (what is really known).
    pub(crate) fn effective(&self) -> Option<DatePrecision> {
        if self.is_placeholder() {
            Some(DatePrecision::Year)
        } else {
            self.precision()
        }
    }
}

/// One record, encoded: no name and no date in the clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedRecord {
    /// The record's id (the sending side's own reference), in the clear.
    pub id: String,
    /// ISO country of the record.
    pub country: String,
    /// Sex, in the clear.
    pub sex: Sex,
    /// The answer's kind (citizenship, migration registry…), in the clear.
    pub response_kind: Option<String>,
    /// Source line of the record in its plaintext file.
    pub line: u64,
    /// Surname, given name, patronymic.
    pub names: [EncodedName; 3],
    /// Birth date.
    pub date: EncodedDate,
    /// Keyed token of the IIN (0 when none).
    pub iin: u64,
    /// Keyed blocking keys, per pass the encoding carries (`encoded_passes()`, in order).
    pub blocks: Vec<Vec<u64>>,
}

/// Encodes records under a secret and a schema. Holds the derived keys (the
/// secret itself is not kept) and the per-token positions, computed once.
pub struct Encoder {
    schema: EncodingSchema,
    check: String,
    date: TokenKey,
    blocking: TokenKey,
    initials: TokenKey,
    iin: TokenKey,
    /// Per name field, per printable-ASCII bigram, its filter positions.
    bigrams: [Vec<u16>; 3],
    /// Per name field, the PRF for n-grams outside the table.
    grams: [Prf; 3],
    /// Diffusion: per input bit, the output bits it flips (as a sparse column).
    columns: Vec<Vec<u16>>,
    /// Balancing: the key's permutation of the filter and its complement.
    permutation: Vec<u16>,
}

/// The blocking passes an encoded file carries keyed keys for, in the order of its
/// `blocks` (the pass's position is part of each token): fixed by the encoding schema,
/// so that a file encoded by one build links with another's. A linker's passes that
/// are not among them find nothing in encoded files.
pub(crate) const ENCODED_PASSES: [BlockingPass; 11] = [
    BlockingPass::ExactDate,
    BlockingPass::SwappedDate,
    BlockingPass::DateTypo,
    BlockingPass::YearName,
    BlockingPass::NearYear,
    BlockingPass::YearGivenFather,
    BlockingPass::YearUnordered,
    BlockingPass::BirthdayUnordered,
    BlockingPass::BirthdayFather,
    BlockingPass::YearInitials,
    BlockingPass::NameOnly,
];

/// Printable ASCII, the skeleton's alphabet and the padding (`_`).
const LOW: u8 = 0x20;
const HIGH: u8 = 0x7f;
const SPAN: usize = (HIGH - LOW) as usize;

/// Field purposes for the key derivation.
/// Surname and given name share their filter key, so that names written in the
/// swapped columns meet when read crosswise (as the plaintext comparison does).
const FIELD_PURPOSE: [&str; 3] = ["filter/name", "filter/name", "filter/patronymic"];

/// `count` positions below `bits` from a PRNG seeded by the PRF of `token`
/// (random hashing: positions independent, not `h1 + i·h2`).
fn positions(prf: &Prf, token: &[u8], count: u32, bits: u32) -> Vec<u16> {
    let seed = prf.mac(token);
    let mut state = u64::from_le_bytes(seed[..8].try_into().unwrap_or([0; 8])) ^ u64::from_le_bytes(seed[8..16].try_into().unwrap_or([0; 8]));
    (0..count)
        .map(|_| {
            // SplitMix64 over the keyed seed: uniform, reproducible on every platform.
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            ((z as u128 * bits as u128) >> 64) as u16
        })
        .collect()
}

impl Encoder {
    /// An encoder for `schema` under `secret`.
    pub fn new(secret: &Secret, schema: &EncodingSchema) -> crate::Result<Encoder> {
        schema.validate()?;
        let grams: [Prf; 3] = FIELD_PURPOSE.map(|p| secret.prf(p));
        let bigram_table = |f: usize| {
            let mut table = Vec::with_capacity(SPAN * SPAN * schema.bits_per_token as usize);
            for a in LOW..HIGH {
                for b in LOW..HIGH {
                    table.extend(positions(&grams[f], &[a, b], schema.bits_per_token, schema.filter_bits));
                }
            }
            table
        };
        let names = bigram_table(0);
        let bigrams = [names.clone(), names, bigram_table(2)];
        let (columns, permutation) = match schema.hardening {
            Hardening::Diffusion { output_bits, taps } => {
                let prf = secret.prf("diffusion");
                let mut columns = vec![Vec::new(); schema.filter_bits as usize];
                for out in 0..output_bits {
                    for input in positions(&prf, &out.to_le_bytes(), taps, schema.filter_bits) {
                        columns[input as usize].push(out as u16);
                    }
                }
                (columns, Vec::new())
            }
            Hardening::Balance => {
                // Fisher–Yates under the key.
                let n = 2 * schema.filter_bits;
                let mut p: Vec<u16> = (0..n as u16).collect();
                let draws = positions(&secret.prf("balance"), b"permutation", n, u32::MAX);
                for i in (1..n as usize).rev() {
                    let j = ((draws[i] as u64 * (i as u64 + 1)) >> 16) as usize;
                    p.swap(i, j.min(i));
                }
                (Vec::new(), p)
            }
            _ => (Vec::new(), Vec::new()),
        };
        Ok(Encoder {
            schema: schema.clone(),
            check: secret.check_value(),
            date: secret.token_key("birth_date"),
            blocking: secret.token_key("blocking"),
            initials: secret.token_key("initials"),
            iin: secret.token_key("iin"),
            bigrams,
            grams,
            columns,
            permutation,
        })
    }

    /// The schema.
    pub fn schema(&self) -> &EncodingSchema {
        &self.schema
    }

    /// The key check value of the secret (see [`Secret::check_value`]).
    pub fn key_check(&self) -> &str {
        &self.check
    }

    /// Encodes a file's records (normalized here), in order, in parallel. Each
    /// distinct name and birth date is encoded once.
    pub fn encode_records(&self, records: &[Record], role: Role) -> Vec<EncodedRecord> {
        let prepared = prepare_all(records);
        let known = self.distinct(&prepared);
        records.par_iter().zip(prepared.par_iter()).map(|(r, p)| self.encode_prepared(r, p, role, &known)).collect()
    }

    /// Encodes one record.
    pub fn encode(&self, record: &Record, role: Role) -> EncodedRecord {
        let p = PreparedRecord::new(record);
        let known = self.distinct(std::slice::from_ref(&p));
        self.encode_prepared(record, &p, role, &known)
    }

    /// The encodings of the distinct names (by their shared, interned `Arc`) and dates.
    fn distinct(&self, prepared: &[PreparedRecord]) -> Known {
        let mut names: [Vec<&Arc<Name>>; 3] = Default::default();
        let mut seen: [FxHashMap<usize, ()>; 3] = Default::default();
        let mut dates: Vec<Option<BirthDate>> = Vec::new();
        let mut seen_dates: FxHashMap<u32, ()> = FxHashMap::default();
        for p in prepared {
            for (f, n) in [&p.surname, &p.given_name, &p.patronymic].into_iter().enumerate() {
                if seen[f].insert(Arc::as_ptr(n) as usize, ()).is_none() {
                    names[f].push(n);
                }
            }
            if seen_dates.insert(date_key(p.birth_date), ()).is_none() {
                dates.push(p.birth_date);
            }
        }
        let names = std::array::from_fn(|f| names[f].par_iter().map(|n| (Arc::as_ptr(n) as usize, self.encode_name(f, n))).collect());
        let dates = dates.par_iter().map(|d| (date_key(*d), self.encode_date(*d))).collect();
        Known { names, dates }
    }

    fn encode_prepared(&self, r: &Record, p: &PreparedRecord, role: Role, known: &Known) -> EncodedRecord {
        let names = [&p.surname, &p.given_name, &p.patronymic];
        let names = std::array::from_fn(|f| known.names[f].get(&(Arc::as_ptr(names[f]) as usize)).cloned().unwrap_or_else(|| self.encode_name(f, names[f])));
        let date = known.dates.get(&date_key(p.birth_date)).copied().unwrap_or_else(|| self.encode_date(p.birth_date));
        let view = p.view();
        let mut blocks = Vec::with_capacity(ENCODED_PASSES.len());
        let mut raw = Vec::new();
        for (i, pass) in ENCODED_PASSES.iter().enumerate() {
            raw.clear();
            blocking::side_keys(*pass, view, role == Role::Registry, &mut raw);
            raw.sort_unstable();
            raw.dedup();
            let mut keys: Vec<u64> = raw
                .iter()
                .map(|k| {
                    let mut m = [0u8; 16];
                    m[0] = i as u8;
                    m[1..9].copy_from_slice(&k.to_le_bytes());
                    self.blocking.block_token(m)
                })
                .collect();
            keys.sort_unstable();
            keys.dedup();
            blocks.push(keys);
        }
        EncodedRecord {
            id: r.id.clone(),
            country: r.country.clone(),
            sex: r.sex,
            response_kind: r.response_kind.clone(),
            line: r.line,
            names,
            date,
            iin: p.iin.map_or(0, |i| self.iin.token(i.as_str().as_bytes())),
            blocks,
        }
    }

    /// The filter of one name field.
    pub(crate) fn encode_name(&self, field: usize, n: &Name) -> EncodedName {
        if n.is_missing() {
            return EncodedName::missing();
        }
        let bits = self.harden(self.filter(field, &[&n.skeleton], None));
        let alt = if n.alt_skeleton.is_empty() { Vec::new() } else { self.harden(self.filter(field, &[&n.alt_skeleton], None)) };
        let family = match (field, n.cognate_group) {
            (1 | 2, Some(group)) => self.harden(self.filter(field, &[], Some(group))),
            (1, None) => bits.clone(),
            _ if !n.stem.is_empty() => self.harden(self.filter(field, &[&n.stem], None)),
            _ => bits.clone(),
        };
        let sex = match n.sex_hint {
            SexHint::Male => 1,
            SexHint::Female => 2,
            SexHint::Unknown => 0,
        };
        let initials: Vec<u8> = n.skeleton.split(' ').filter_map(|w| w.bytes().next()).collect();
        let script = match n.script {
            Script::Latin => 0,
            Script::Cyrillic => 1,
            Script::Armenian => 2,
            Script::Mixed => 3,
            Script::Other => 4,
            Script::Empty => 5,
        };
        let slavic = field == 1 && crate::names::is_slavic_given_name(n);
        // One key for surname and given name (see FIELD_PURPOSE), another for patronymics.
        let tag = (field == 2) as u8;
        let token = |kind: u8, bytes: &[u8]| self.initials.token(&[[tag, kind].as_slice(), bytes].concat());
        let hash = |kind: u8, h: u64| if h == 0 { 0 } else { token(kind, &h.to_le_bytes()) };
        let loose = crate::names::loose_key(&n.skeleton);
        EncodedName {
            ones: bits.iter().map(|w| w.count_ones()).sum(),
            bits,
            alt,
            family,
            flags: n.initial_only as u8 | sex << 1 | (n.hashes.kazakh_letters as u8) << 3 | (slavic as u8) << 4 | script << 5,
            initials: self.initials.token(&[[tag].as_slice(), &initials].concat()),
            loose: if loose.is_empty() { 0 } else { token(b'l', &loose) },
            fold: hash(b'f', n.hashes.russified),
            fold_stem: if field == 0 && n.stem.len() < 3 { 0 } else { hash(b's', n.hashes.russified_stem) },
        }
    }

    /// The raw Bloom filter of the padded n-grams of `readings` (and of a cognate group's token).
    fn filter(&self, field: usize, readings: &[&str], group: Option<u32>) -> Vec<u64> {
        let mut filter = vec![0u64; self.schema.filter_bits as usize / 64];
        let mut set = |pos: &[u16]| pos.iter().for_each(|&b| filter[b as usize / 64] |= 1 << (b % 64));
        let q = self.schema.ngram as usize;
        for reading in readings {
            let padded: Vec<u8> = std::iter::once(b'_').chain(reading.bytes()).chain(std::iter::once(b'_')).collect();
            if padded.len() < q {
                continue;
            }
            for g in padded.windows(q) {
                if q == 2 && (LOW..HIGH).contains(&g[0]) && (LOW..HIGH).contains(&g[1]) {
                    let k = self.schema.bits_per_token as usize;
                    let at = ((g[0] - LOW) as usize * SPAN + (g[1] - LOW) as usize) * k;
                    set(&self.bigrams[field][at..at + k]);
                } else {
                    set(&positions(&self.grams[field], g, self.schema.bits_per_token, self.schema.filter_bits));
                }
            }
        }
        if let Some(g) = group {
            // A token no n-gram can be (it starts with a byte no skeleton has), with the
            // bits of a whole name, so that its Dice against another group's is low.
            let token = [&[0xffu8][..], &g.to_le_bytes()].concat();
            set(&positions(&self.grams[field], &token, self.schema.bits_per_token * 8, self.schema.filter_bits));
        }
        filter
    }

    fn harden(&self, filter: Vec<u64>) -> Vec<u64> {
        match self.schema.hardening {
            Hardening::None => filter,
            Hardening::XorFold => {
                let half = filter.len() / 2;
                (0..half).map(|i| filter[i] ^ filter[half + i]).collect()
            }
            Hardening::Balance => {
                let n = self.schema.filter_bits as usize;
                let mut out = vec![0u64; 2 * n / 64];
                for i in 0..2 * n {
                    let bit = if i < n { filter[i / 64] >> (i % 64) & 1 } else { !filter[(i - n) / 64] >> ((i - n) % 64) & 1 };
                    if bit == 1 {
                        let j = self.permutation[i] as usize;
                        out[j / 64] |= 1 << (j % 64);
                    }
                }
                out
            }
            Hardening::Diffusion { output_bits, .. } => {
                let mut out = vec![0u64; output_bits as usize / 64];
                for (w, &word) in filter.iter().enumerate() {
                    let mut rest = word;
                    while rest != 0 {
                        let b = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        for &o in &self.columns[w * 64 + b] {
                            out[o as usize / 64] ^= 1 << (o % 64);
                        }
                    }
                }
                out
            }
        }
    }

    /// The date's tokens.
    pub(crate) fn encode_date(&self, d: Option<BirthDate>) -> EncodedDate {
        let mut t = [0u64; slot::N];
        let Some(d) = d else { return EncodedDate { precision: 0, tokens: t } };
        let tok = |tag: u8, y: i32, m: i32, dd: i32| {
            let mut msg = [0u8; 16];
            msg[0] = tag;
            msg[1..5].copy_from_slice(&y.to_le_bytes());
            msg[5..9].copy_from_slice(&m.to_le_bytes());
            msg[9..13].copy_from_slice(&dd.to_le_bytes());
            self.date.block_token(msg)
        };
        let (precision, y, m, dd) = date_parts(d);
        // Year tokens for every precision (what a partial date is compared on).
        t[slot::YEAR] = tok(b'y', y, 0, 0);
        t[slot::YEAR_NEXT] = tok(b'y', y + 1, 0, 0);
        t[slot::YEAR_PREV] = tok(b'y', y - 1, 0, 0);
        t[slot::DECADE] = tok(b'c', y / 10, 0, 0);
        t[slot::YEAR_CENTURY] = tok(b'h', y % 100, 0, 0);
        if d.month().is_some() {
            t[slot::YEAR_MONTH] = tok(b'M', y, m, 0);
        }
        if d.precision() == DatePrecision::Day && !d.is_placeholder() {
            // Tagged 'F' alike: a neighbour of one date is the full token of the other.
            t[slot::FULL] = tok(b'F', y, m, dd);
            t[slot::SWAPPED] = tok(b'F', y, dd, m);
            t[slot::YEAR_DAY] = tok(b'D', y, 0, dd);
            t[slot::MONTH_DAY] = tok(b'B', 0, m, dd);
            t[slot::DAY_PLUS] = tok(b'F', y, m, dd + 1);
            t[slot::DAY_MINUS] = tok(b'F', y, m, dd - 1);
            t[slot::MONTH_PLUS] = tok(b'F', y, m + 1, dd);
            t[slot::MONTH_MINUS] = tok(b'F', y, m - 1, dd);
            t[slot::YEAR_PLUS] = tok(b'F', y + 1, m, dd);
            t[slot::YEAR_MINUS] = tok(b'F', y - 1, m, dd);
            t[slot::CENTURY] = tok(b'C', y % 100, m, dd);
            t[slot::DAY_TENS] = tok(b't', y, m, dd % 10);
            t[slot::DAY_ONES] = tok(b'o', y, m, dd / 10);
            t[slot::MONTH_TENS] = tok(b'T', y, m % 10, dd);
            t[slot::MONTH_ONES] = tok(b'O', y, m / 10, dd);
            t[slot::YEAR_ONES] = tok(b'Y', y / 10, m, dd);
        }
        EncodedDate { precision, tokens: t }
    }
}

/// The encodings of a file's distinct names (keyed by the address of their
/// interned `Arc`, alive as long as the prepared records) and birth dates.
struct Known {
    names: [FxHashMap<usize, EncodedName>; 3],
    dates: FxHashMap<u32, EncodedDate>,
}

/// A date's [`EncodedDate::precision`] code and its year, month and day (0 where unknown).
pub(crate) fn date_parts(d: BirthDate) -> (u8, i32, i32, i32) {
    let precision = match d.precision() {
        DatePrecision::Year => 1,
        DatePrecision::Month => 2,
        DatePrecision::Day => 3,
    } | if d.is_placeholder() { 4 } else { 0 };
    (precision, d.year() as i32, d.month().map_or(0, i32::from), d.day().map_or(0, i32::from))
}

/// A birth date's cache key: the date, its precision and whether it is a placeholder.
fn date_key(d: Option<BirthDate>) -> u32 {
    d.map_or(u32::MAX, |d| (d.key() << 3) | (d.precision() as u32) << 1 | d.is_placeholder() as u32)
}

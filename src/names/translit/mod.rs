//! Grapheme tables (the `src/data/translit_*.tsv` files) and the greedy, longest-match
//! transliteration of one lower-cased token into the intermediate skeleton alphabet.
//!
//! The tables are parsed once (`OnceLock`) into a dense per-character index for the
//! Latin, IPA, Cyrillic and Armenian blocks and a small map for anything above.
//!
//! A Latin field is read in a mode, the family of romanizations it was written in
//! (the `MODE_*` bits here, which the table lines name): `detect.rs` chooses it from
//! marker letters and letter groups, `alternative.rs` the second reading worth keeping
//! for an ambiguous field, and `table.rs` holds the tables and the transliteration.

mod alternative;
mod detect;
mod table;

pub(crate) use alternative::{alternative_mode, alternative_mode_non_latin};
pub(crate) use detect::detect_mode;
pub(crate) use table::{table, Table};

/// Reading mode of a Latin field: which family of romanizations it was written in.
pub(crate) const MODE_D: u16 = 1;
/// French-based (Soviet passports): ou, tch, chtch, ch = ш.
pub(crate) const MODE_F: u16 = 2;
/// Central-European / scientific: j = й, w = в, ch = х, c = ц.
pub(crate) const MODE_C: u16 = 4;
/// Turkic Latin (az, uz, kk 2017–2021): c = дж, x = х.
pub(crate) const MODE_A: u16 = 8;
/// Romanian / Moldovan: ce/ci = ч, ch = к.
pub(crate) const MODE_R: u16 = 16;
/// German (Duden): z = ц, x = кс; always set together with `MODE_C`.
pub(crate) const MODE_G: u16 = 32;
/// GOST 7.79 / ISO 9 / scientific (diacritics, y` for ы, cz for ц); set with `MODE_C`.
pub(crate) const MODE_S: u16 = 64;
/// Kazakh 2018 acute alphabet (á ǵ ń ó ú ý): ý = у; set with `MODE_A`.
pub(crate) const MODE_K: u16 = 128;
/// German s = з (Morosow, Sinaida): only ever used for the alternative reading, since
/// German also writes с as s (Sergej).
pub(crate) const MODE_Z: u16 = 256;
/// Azerbaijani names as spelled in Russian (Günel = Гюнель, Vüqar = Вугар): alternative
/// reading only, since Kazakh Latin writes ү as ü and қ as q.
pub(crate) const MODE_Y: u16 = 512;
/// Polish (PWN): l before a, o, u is soft (hard л is ł: Ludmiła, Kowalow); set with `MODE_C`.
pub(crate) const MODE_P: u16 = 1024;
/// c = ц everywhere (Telegram Coi, Belarusian 2007 without diacritics Kaciaryna):
/// alternative reading only, on its own (the default table's ce/ci = ч do not apply).
pub(crate) const MODE_T: u16 = 2048;
/// Ukrainian passports of 1995–2007 (з+г written zh: Zhurskyi = Згурський): alternative
/// reading only, with `MODE_D`.
pub(crate) const MODE_U: u16 = 4096;
/// Romanian written without diacritics (Turcanu = Țurcanu): alternative reading only,
/// with `MODE_R`.
pub(crate) const MODE_N: u16 = 8192;
/// Marks a field with č š ž ŝ ŭ (GOST 7.79 A, ISO 9, scientific, Belarusian 2007), read
/// in `MODE_C` without `MODE_S`: ch there is х (Cichanoŭskaja). No table line names it.
pub(crate) const MODE_X: u16 = 16384;
/// Marks a Polish field without ł (Szczeglowa, Bielajew): its l may be a ł written
/// without the stroke, so the soft-l reading (`MODE_P`) is only the alternative one. Set
/// with `MODE_C`; no table line names it.
pub(crate) const MODE_W: u16 = 32768;
const MODE_ALL: u16 = u16::MAX;

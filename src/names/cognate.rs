//! Given-name cognate groups from `src/data/cognates.tsv`.
//!
//! Every listed form is reduced to its given-name skeleton; all spellings that reach the
//! same skeleton belong to the group. A second map holds the father's-name keys of male
//! groups, so that Олександрович and Александрович meet as cognate patronymics.

use super::morph::father_key;
use super::skeleton::{canonicalize, skeletonize, Scratch};
use super::SexHint;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: keys are short ASCII skeletons built from our own tables, so a fast
/// non-keyed hash is enough (SipHash dominated the lookup).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

const COGNATES_TSV: &str = include_str!("../data/cognates.tsv");

/// Cognate groups indexed by skeleton.
#[derive(Debug, Default)]
pub(crate) struct Cognates {
    by_skeleton: FastMap<(u32, SexHint)>,
    by_father_key: FastMap<u32>,
    /// Group labels, index = id.
    pub(crate) labels: Vec<String>,
    /// Per group (index = id): its basis cites the Orthodox calendar ([cal]), a Slavic name.
    slavic: Vec<bool>,
    /// Per group (index = id): bit `k` set when a member's skeleton starts with b'a' + k.
    first_letters: Vec<u32>,
    pub(crate) bad_lines: usize,
    /// Skeletons listed in two groups (the first group keeps them).
    pub(crate) conflicts: usize,
    /// The first few conflicts: (form, group kept, group refused).
    pub(crate) conflict_examples: Vec<(String, String, String)>,
}

impl Cognates {
    /// Parses a table in the `cognates.tsv` format.
    pub(crate) fn parse(src: &str) -> Cognates {
        let mut c = Cognates::default();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut scratch = Scratch::default();
        for line in src.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(label), Some(sex), Some(forms), basis) = (f.next(), f.next(), f.next(), f.next().unwrap_or("")) else {
                c.bad_lines += 1;
                continue;
            };
            if label == "group" && sex == "sex" {
                continue; // header line
            }
            let sex = match sex.trim() {
                "m" => SexHint::Male,
                "f" => SexHint::Female,
                _ => {
                    c.bad_lines += 1;
                    continue;
                }
            };
            let next_id = ids.len() as u32;
            let id = *ids.entry(label.trim().to_string()).or_insert_with(|| {
                c.labels.push(label.trim().to_string());
                c.first_letters.push(0);
                c.slavic.push(false);
                next_id
            });
            if basis.contains("[cal]") {
                if let Some(flag) = c.slavic.get_mut(id as usize) {
                    *flag = true;
                }
            }
            for form in forms.split(',') {
                let sk = skeletonize(&canonicalize(form), &mut scratch).skeleton;
                if sk.is_empty() {
                    continue;
                }
                match c.by_skeleton.get(&sk) {
                    Some(&(other, _)) if other != id => {
                        c.conflicts += 1;
                        if c.conflict_examples.len() < 10 {
                            let name = |g: u32| c.labels.get(g as usize).cloned().unwrap_or_default();
                            let ex = (form.trim().to_string(), name(other), name(id));
                            c.conflict_examples.push(ex);
                        }
                    }
                    Some(_) => {}
                    None => {
                        if sex == SexHint::Male && !sk.contains(' ') {
                            c.by_father_key.entry(father_key(&sk).to_string()).or_insert(id);
                            // Belarusian ў at a syllable end is в before a vowel
                            // (Уладзіслаў → Уладзіслававіч, Вячаслаў → Вячаслававіч;
                            // Belarusian orthography 2008, § on ў): the patronymic's key.
                            if let Some(stem) = sk.strip_suffix('u').filter(|t| t.ends_with(['a', 'e', 'i', 'o'])) {
                                c.by_father_key.entry(format!("{stem}v")).or_insert(id);
                            }
                        }
                        if let (Some(b @ b'a'..=b'z'), Some(mask)) = (sk.bytes().next(), c.first_letters.get_mut(id as usize)) {
                            *mask |= 1 << (b - b'a');
                        }
                        c.by_skeleton.insert(sk, (id, sex));
                    }
                }
            }
        }
        c
    }

    /// The group and sex of a given-name skeleton.
    pub(crate) fn given(&self, skeleton: &str) -> Option<(u32, SexHint)> {
        self.by_skeleton.get(skeleton).copied()
    }

    /// The first letters of the skeletons in `skeleton`'s group (bit `k` for b'a' + k), 0
    /// when it has none: the initials a Ukrainian or Belarusian answer may give for it.
    pub(crate) fn first_letters(&self, skeleton: &str) -> u32 {
        self.given(skeleton).and_then(|(g, _)| self.first_letters.get(g as usize).copied()).unwrap_or(0)
    }

    /// Whether a group is a Slavic calendar name (its basis cites [cal]).
    pub(crate) fn is_slavic(&self, group: u32) -> bool {
        self.slavic.get(group as usize).copied().unwrap_or(false)
    }

    /// The group of a patronymic's father key.
    pub(crate) fn father(&self, key: &str) -> Option<u32> {
        self.by_father_key.get(key).copied()
    }
}

/// The shipped table, parsed on first use.
pub(crate) fn cognates() -> &'static Cognates {
    static C: OnceLock<Cognates> = OnceLock::new();
    C.get_or_init(|| Cognates::parse(COGNATES_TSV))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_is_clean() {
        let c = cognates();
        assert_eq!(c.bad_lines, 0);
        // A form whose skeleton is already in another group stays in the first group;
        // a few such homographs are expected in a large table, not many.
        assert!(c.conflicts <= 3, "{:?}", c.conflict_examples);
        eprintln!("cognate conflicts: {:?}", c.conflict_examples);
        assert!(c.labels.len() >= 30);
    }

    #[test]
    fn slavic_groups_are_the_calendar_ones() {
        let c = cognates();
        let group = |sk: &str| c.given(sk).map(|(g, _)| g).unwrap();
        assert!(c.is_slavic(group("aleksandr")));
        assert!(c.is_slavic(group("evgeni")));
        assert!(!c.is_slavic(group("ibragim")));
        assert!(!c.is_slavic(group("qingiz")));
    }

    #[test]
    fn first_letters_of_groups() {
        let c = cognates();
        let bit = |b: u8| 1u32 << (b - b'a');
        // Елена / Олена / Алена, Николай / Микола, Анна / Ганна (г = g).
        assert_eq!(c.first_letters("elena") & (bit(b'e') | bit(b'o') | bit(b'a')), bit(b'e') | bit(b'o') | bit(b'a'));
        assert_ne!(c.first_letters("nikolai") & bit(b'm'), 0);
        assert_ne!(c.first_letters("ana") & bit(b'g'), 0);
        assert_eq!(c.first_letters("abcdef"), 0);
    }

    #[test]
    fn belarusian_u_father_keys() {
        // Уладзіслававіч: the father's name Уладзіслаў with ў = в before the suffix.
        let c = cognates();
        assert!(c.father("uladzislav").is_some());
        assert_eq!(c.father("uladzislav"), c.father("vladislav"));
        assert!(c.father("viaqaslav").is_some());
        assert_eq!(c.father("viaqaslav"), c.father("viaqoslav"));
    }

    #[test]
    fn father_keys_reach_groups() {
        let c = cognates();
        let a = c.father("aleksandr");
        assert!(a.is_some());
        assert_eq!(c.father("oleksandr"), a);
    }
}

//! A synthetic person (who they are, independent of spelling) and how each
//! country writes their name.

use super::dates::{random_birth_date, Date, FIRST_YEAR, LAST_YEAR};
use super::rng::{Rng, Weighted};
use super::tables::{Name, PatrStyle, Script, Tables};
use super::translit::{be_patronymic, drop_ov, feminize, respell_be, respell_uk, ru_patronymic, surname_from_root, translit, uk_patronymic, yo_to_ye};

/// Affixes of Kazakh surname roots (Асқарбеков, Нұрбаев, Ержанов, Есғалиев, Омарханов).
pub(crate) const AFFIXES: [&str; 7] = ["", "бек", "бай", "жан", "ғали", "хан", "тай"];

/// Where a surname comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SurnameSrc {
    /// Index into the surname list of `surname_pool`.
    List(u16),
    /// Kazakh surname built from root `.0` of `surname_pool` and affix `.1` of [`AFFIXES`]
    /// (Серікбай → Серікбаев, Асқар + бек → Асқарбеков).
    Root(u16, u8),
}

#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub(crate) eth: u8,
    pub(crate) female: bool,
    pub(crate) given_pool: u8,
    pub(crate) given: u16,
    pub(crate) father_pool: u8,
    pub(crate) father: u16,
    pub(crate) surname_pool: u8,
    pub(crate) surname: SurnameSrc,
    /// Kazakh surname written without -ов/-ев (Жанбулат).
    pub(crate) no_suffix: bool,
    pub(crate) has_patr: bool,
    /// The person's own documents use the ethnic patronymic form (-ұлы, oʻgʻli, уулу, oğlu).
    pub(crate) ethnic_patr: bool,
    /// True birth date.
    pub(crate) dob: Date,
    /// Home records write 01.01.YYYY (day unknown).
    pub(crate) placeholder: bool,
    /// Registry spells the Kazakh name with Kazakh letters.
    pub(crate) kazakh_letters: bool,
}

fn pick_given(t: &Tables, pool: usize, female: bool, rng: &mut Rng) -> u16 {
    let p = &t.pools[pool];
    if female {
        p.w_female.pick(rng) as u16
    } else {
        p.w_male.pick(rng) as u16
    }
}

impl Person {
    pub(crate) fn random(t: &Tables, eth: usize, kazakh_letters_to_russian: f64, rng: &mut Rng) -> Person {
        let e = &t.ethnicities[eth];
        let female = rng.chance(0.52);
        let given_pool = e.given_pools[e.w_given_pools.pick(rng)];
        let given = pick_given(t, given_pool, female, rng);
        let father_pool = e.given_pools[e.w_given_pools.pick(rng)];
        let father = t.pools[father_pool].w_male.pick(rng) as u16;
        let sp = &t.pools[e.surname_pool];
        let kazakh = sp.script == Script::Kazakh;
        let mut surname = SurnameSrc::List(sp.w_surnames.pick(rng) as u16);
        if kazakh && !sp.roots.is_empty() && rng.chance(t.kazakh_root_share) {
            let root = sp.w_roots.pick(rng);
            let r = &sp.roots[root].cyr;
            let x = rng.f64();
            let mut affix = t.affix_cum.iter().position(|&c| x < c).unwrap_or(0);
            if ["бек", "бай", "жан", "хан", "тай", "ғали", "али"].iter().any(|a| r.ends_with(a)) {
                affix = 0;
            }
            surname = SurnameSrc::Root(root as u16, affix as u8);
        }
        let dob = random_birth_date(rng);
        let ethnic_patr = match e.patr_style {
            PatrStyle::Kazakh => rng.chance(if dob.y >= 1991 { 0.45 } else { 0.12 }),
            PatrStyle::Azerbaijani => rng.chance(0.3),
            PatrStyle::Uzbek | PatrStyle::Kyrgyz => rng.chance(0.8),
            PatrStyle::Russian => false,
        };
        Person {
            eth: eth as u8,
            female,
            given_pool: given_pool as u8,
            given,
            father_pool: father_pool as u8,
            father,
            surname_pool: e.surname_pool as u8,
            surname,
            no_suffix: kazakh && rng.chance(0.03),
            has_patr: !rng.chance(e.no_patronymic),
            ethnic_patr,
            dob,
            placeholder: rng.chance(e.placeholder_dob),
            kazakh_letters: kazakh && !rng.chance(kazakh_letters_to_russian),
        }
    }

    /// A different given name of the same sex (same initial when `same_initial` and possible).
    pub(crate) fn other_given(&self, t: &Tables, same_initial: bool, rng: &mut Rng) -> u16 {
        let pool = &t.pools[self.given_pool as usize];
        let list = if self.female { &pool.female } else { &pool.male };
        let cur = &list[self.given as usize].cyr;
        let first = cur.chars().next();
        let mut fallback = None;
        for _ in 0..40 {
            let g = pick_given(t, self.given_pool as usize, self.female, rng);
            let name = &list[g as usize].cyr;
            if yo_to_ye(name) == yo_to_ye(cur) {
                continue;
            }
            if !same_initial || name.chars().next() == first {
                return g;
            }
            fallback.get_or_insert(g);
        }
        fallback.unwrap_or(if self.given == 0 { 1 } else { 0 })
    }

    /// Twin: same surname, father, birth date; another given name; sex may differ.
    pub(crate) fn twin(&self, t: &Tables, rng: &mut Rng) -> Person {
        let mut p = self.clone();
        if rng.chance(0.4) {
            p.female = !p.female;
            p.given = pick_given(t, p.given_pool as usize, p.female, rng);
        } else {
            p.given = p.other_given(t, rng.chance(0.3), rng);
        }
        p
    }

    /// Sibling: same surname and father, another birth date and given name.
    pub(crate) fn sibling(&self, t: &Tables, rng: &mut Rng) -> Person {
        let mut p = self.twin(t, rng);
        let gap = rng.range(2, 12) as i32 * if rng.chance(0.5) { 1 } else { -1 };
        let mut d = random_birth_date(rng);
        d.y = self.dob.y + gap;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&d.y) {
            d.y = self.dob.y - gap;
        }
        d.d = d.d.min(super::dates::days_in_month(d.y, d.m));
        p.dob = d;
        p
    }

    /// Given names of this person's pool and sex that are close in spelling to theirs
    /// (Гульнур/Гульнара, Алия/Алина, Ерлан/Ержан, Айгүл/Айгерім, Руслан/Русланбек):
    /// Jaro–Winkler ≥ 0.8 on the generator's own lower-cased Cyrillic spelling, or the
    /// same first three letters. Names that fold to the same Russian spelling as the
    /// person's (Нұрлан/Нурлан) are not another name and are left out.
    pub(crate) fn similar_givens(&self, t: &Tables) -> Vec<u16> {
        let pool = &t.pools[self.given_pool as usize];
        let list = if self.female { &pool.female } else { &pool.male };
        let key = |n: &Name| yo_to_ye(&fold(t, pool.script, &n.cyr)).to_lowercase();
        let cur = &list[self.given as usize];
        let cur_key = key(cur);
        let cur_low = cur.cyr.to_lowercase();
        let cur_head: Vec<char> = cur_low.chars().take(3).collect();
        let mut out = Vec::new();
        for (i, n) in list.iter().enumerate() {
            if i == self.given as usize || key(n) == cur_key {
                continue;
            }
            let low = n.cyr.to_lowercase();
            let head: Vec<char> = low.chars().take(3).collect();
            if strsim::jaro_winkler(&cur_low, &low) >= 0.8 || (cur_head.len() == 3 && head == cur_head) {
                out.push(i as u16);
            }
        }
        out
    }

    /// A similar given name ([`Person::similar_givens`]) drawn by the pool's name
    /// frequencies; a different name with the same initial when none is similar.
    pub(crate) fn similar_given(&self, t: &Tables, rng: &mut Rng) -> u16 {
        let cands = self.similar_givens(t);
        if cands.is_empty() {
            return self.other_given(t, true, rng);
        }
        let pool = &t.pools[self.given_pool as usize];
        let w = if self.female { &pool.w_female } else { &pool.w_male };
        cands[Weighted::new(cands.iter().map(|&i| w.weight(i as usize))).pick(rng)]
    }

    /// Another father of the same pool whose name folds to another Russian spelling
    /// (so the patronymic differs).
    pub(crate) fn other_father(&self, t: &Tables, rng: &mut Rng) -> u16 {
        let pool = &t.pools[self.father_pool as usize];
        let key = |i: u16| yo_to_ye(&fold(t, pool.script, &pool.male[i as usize].cyr));
        let cur = key(self.father);
        for _ in 0..40 {
            let f = pool.w_male.pick(rng) as u16;
            if key(f) != cur {
                return f;
            }
        }
        (0..pool.male.len() as u16).find(|&f| key(f) != cur).unwrap_or(self.father)
    }

    /// The same person with another surname of their ethnicity (drawn as a registry
    /// surname is), different in its masculine native form.
    pub(crate) fn with_other_surname(&self, t: &Tables, rng: &mut Rng) -> Person {
        let (cur, _) = self.surname_masc(t);
        let mut p = self.clone();
        for _ in 0..20 {
            let q = Person::random(t, self.eth as usize, 0.5, rng);
            p.surname_pool = q.surname_pool;
            p.surname = q.surname;
            p.no_suffix = q.no_suffix;
            if p.surname_masc(t).0 != cur {
                return p;
            }
        }
        // Tiny surname lists only: take the next list entry.
        let n = t.pools[p.surname_pool as usize].surnames.len().max(1) as u16;
        p.no_suffix = false;
        let mut i = match self.surname {
            SurnameSrc::List(i) => i,
            SurnameSrc::Root(..) => 0,
        };
        for _ in 0..n {
            i = (i + 1) % n;
            p.surname = SurnameSrc::List(i);
            if p.surname_masc(t).0 != cur {
                break;
            }
        }
        p
    }

    pub(crate) fn given_name<'a>(&self, t: &'a Tables) -> &'a Name {
        let pool = &t.pools[self.given_pool as usize];
        if self.female {
            &pool.female[self.given as usize]
        } else {
            &pool.male[self.given as usize]
        }
    }

    pub(crate) fn father_name<'a>(&self, t: &'a Tables) -> &'a Name {
        &t.pools[self.father_pool as usize].male[self.father as usize]
    }

    fn style(&self, t: &Tables) -> PatrStyle {
        t.ethnicities[self.eth as usize].patr_style
    }

    pub(crate) fn eth_name<'a>(&self, t: &'a Tables) -> &'a str {
        &t.ethnicities[self.eth as usize].name
    }

    /// Masculine surname in native spelling, with its alternative native form.
    pub(crate) fn surname_masc(&self, t: &Tables) -> (String, Option<String>) {
        let pool = &t.pools[self.surname_pool as usize];
        let (cyr, alt) = match self.surname {
            SurnameSrc::List(i) => {
                let n = &pool.surnames[i as usize];
                (n.cyr.clone(), n.alt.clone())
            }
            SurnameSrc::Root(i, a) => {
                let root = format!("{}{}", pool.roots[i as usize].cyr, AFFIXES[a as usize % AFFIXES.len()]);
                (surname_from_root(&root), None)
            }
        };
        if self.no_suffix {
            if let Some(short) = drop_ov(&cyr) {
                return (short, None);
            }
        }
        (cyr, alt)
    }

    fn gendered(&self, t: &Tables, opts: &Opts) -> bool {
        self.female && t.pools[self.surname_pool as usize].gendered && !self.no_suffix && !opts.masculine_surname
    }

    pub(crate) fn can_feminize(&self, t: &Tables) -> bool {
        self.female && t.pools[self.surname_pool as usize].gendered && !self.no_suffix && {
            let (m, _) = self.surname_masc(t);
            feminize(&m) != m
        }
    }

    pub(crate) fn is_kazakh_surname(&self, t: &Tables) -> bool {
        t.pools[self.surname_pool as usize].script == Script::Kazakh
    }

    fn script(&self, t: &Tables, pool: u8) -> Script {
        t.pools[pool as usize].script
    }
}

/// Per-row rendering choices (decided by the caller, partly from error draws).
#[derive(Clone, Debug, Default)]
pub(crate) struct Opts {
    pub(crate) latin: bool,
    pub(crate) scheme: &'static str,
    pub(crate) ethnic_patr: bool,
    pub(crate) use_cognate: bool,
    pub(crate) masculine_surname: bool,
    pub(crate) keep_yo: bool,
    /// BY: write Belarusian rather than Russian Cyrillic.
    pub(crate) belarusian: bool,
    /// TJ: Tajik surname in -зода.
    pub(crate) zoda: bool,
    /// MD Latin: keep a patronymic (Romanian documents usually have none).
    pub(crate) md_patronymic: bool,
}

/// Does `country` (or the registry, "KZ") have an ethnic patronymic form for this style?
pub(crate) fn ethnic_supported(country: &str, style: PatrStyle) -> bool {
    match country {
        "UA" => false,
        "UZ" => matches!(style, PatrStyle::Uzbek | PatrStyle::Kazakh | PatrStyle::Kyrgyz),
        "KG" => matches!(style, PatrStyle::Kyrgyz | PatrStyle::Kazakh),
        "AZ" => style == PatrStyle::Azerbaijani,
        _ => matches!(style, PatrStyle::Kazakh | PatrStyle::Azerbaijani),
    }
}

/// The ethnic patronymic a country writes by default for this person.
pub(crate) fn default_ethnic(t: &Tables, p: &Person, country: &str) -> bool {
    let style = p.style(t);
    if !ethnic_supported(country, style) {
        return false;
    }
    match (country, style) {
        ("AZ", PatrStyle::Azerbaijani) => true,
        _ => p.ethnic_patr,
    }
}

/// Names in the output triple (surname, given name, patronymic).
pub(crate) type Triple = (String, String, String);

fn fold_scheme(script: Script) -> &'static str {
    match script {
        Script::Kazakh => "fold_kk",
        Script::Uzbek => "fold_uz",
        Script::Kyrgyz => "fold_ky",
        Script::Tajik => "fold_tg",
        Script::Russian => "",
    }
}

/// Native Cyrillic → Russian letters.
fn fold(t: &Tables, script: Script, s: &str) -> String {
    match script {
        Script::Russian => s.to_string(),
        _ => translit(t, fold_scheme(script), s),
    }
}

fn ethnic_cyr(father: &str, female: bool, style: PatrStyle, kazakh_letters: bool) -> String {
    match style {
        PatrStyle::Kazakh if kazakh_letters => {
            format!("{father}{}", if female { "қызы" } else { "ұлы" })
        }
        PatrStyle::Kazakh => format!("{father}{}", if female { "кызы" } else { "улы" }),
        PatrStyle::Azerbaijani => format!("{father} {}", if female { "кызы" } else { "оглы" }),
        PatrStyle::Uzbek => format!("{father} {}", if female { "кизи" } else { "угли" }),
        PatrStyle::Kyrgyz => format!("{father} {}", if female { "кызы" } else { "уулу" }),
        PatrStyle::Russian => ru_patronymic(father, female),
    }
}

/// Russian-letter forms (RU, TJ non-Tajiks, AM, MD/AZ Cyrillic, BY Russian).
pub(crate) fn russian_forms(t: &Tables, p: &Person, o: &Opts) -> Triple {
    let gs = p.script(t, p.given_pool);
    let fs = p.script(t, p.father_pool);
    let ss = p.script(t, p.surname_pool);
    let g = fold(t, gs, &p.given_name(t).cyr);
    let (sm, _) = p.surname_masc(t);
    let mut s = fold(t, ss, &sm);
    if p.gendered(t, o) {
        s = feminize(&s);
    }
    let f = fold(t, fs, &p.father_name(t).cyr);
    let pat = if !p.has_patr {
        String::new()
    } else if o.ethnic_patr {
        ethnic_cyr(&f, p.female, p.style(t), false)
    } else {
        ru_patronymic(&f, p.female)
    };
    if o.keep_yo {
        (s, g, pat)
    } else {
        (yo_to_ye(&s), yo_to_ye(&g), yo_to_ye(&pat))
    }
}

/// Kazakh-letter forms (registry with Kazakh letters; Kazakh-passport Latin schemes).
pub(crate) fn kazakh_forms(t: &Tables, p: &Person, o: &Opts) -> Triple {
    let g = p.given_name(t).cyr.clone();
    let (sm, _) = p.surname_masc(t);
    let s = if p.gendered(t, o) { feminize(&sm) } else { sm };
    let f = &p.father_name(t).cyr;
    let pat = if !p.has_patr {
        String::new()
    } else if o.ethnic_patr {
        ethnic_cyr(f, p.female, PatrStyle::Kazakh, true)
    } else {
        ru_patronymic(&fold(t, Script::Kazakh, f), p.female)
    };
    (s, g, pat)
}

/// The registry's spelling of a person.
/// `fold_fields[i]` writes field i (surname, given name, patronymic) of a Kazakh-letter
/// row with Russian letters anyway: registries mix both spellings within one row.
pub(crate) fn registry_forms(t: &Tables, p: &Person, keep_yo: bool, fold_fields: [bool; 3]) -> Triple {
    let o = Opts { ethnic_patr: default_ethnic(t, p, "KZ"), keep_yo, ..Opts::default() };
    if p.kazakh_letters && p.script(t, p.given_pool) == Script::Kazakh {
        let (mut s, mut g, mut pat) = kazakh_forms(t, p, &o);
        for (f, fold_it) in [&mut s, &mut g, &mut pat].into_iter().zip(fold_fields) {
            if fold_it {
                *f = fold(t, Script::Kazakh, f);
            }
        }
        (s, g, pat)
    } else {
        russian_forms(t, p, &o)
    }
}

/// Ukrainian spelling of a given name: its cognate, or (when the row keeps the Russian
/// form, `cognate == false`) the Russian spelling; names without cognate are respelled.
fn ukrainian_name(t: &Tables, n: &Name, script: Script, cognate: bool) -> String {
    match t.cognates.get(&n.cyr) {
        Some((uk, _)) if cognate => uk.clone(),
        Some(_) => yo_to_ye(&n.cyr),
        None => respell_uk(&fold(t, script, &n.cyr)),
    }
}

/// Belarusian spelling of a given name, as [`ukrainian_name`].
fn belarusian_name(t: &Tables, n: &Name, script: Script, cognate: bool) -> String {
    match t.cognates.get(&n.cyr) {
        Some((_, be)) if cognate => be.clone(),
        Some(_) => yo_to_ye(&n.cyr),
        None => respell_be(&yo_to_ye(&fold(t, script, &n.cyr))),
    }
}

/// What differs between Ukrainian and Belarusian rows: the language's pool,
/// given-name forms, surname respelling and patronymic.
struct EastSlavic {
    pool: &'static str,
    name: fn(&Tables, &Name, Script, bool) -> String,
    respell_surname: fn(&str) -> String,
    patronymic: fn(&str, bool) -> String,
}

fn ukrainian_forms(t: &Tables, p: &Person, o: &Opts) -> Triple {
    east_slavic_forms(t, p, o, &EastSlavic { pool: "ukrainian", name: ukrainian_name, respell_surname: respell_uk, patronymic: uk_patronymic })
}

fn belarusian_forms(t: &Tables, p: &Person, o: &Opts) -> Triple {
    east_slavic_forms(
        t,
        p,
        o,
        &EastSlavic { pool: "belarusian", name: belarusian_name, respell_surname: |s| respell_be(&yo_to_ye(s)), patronymic: be_patronymic },
    )
}

fn east_slavic_forms(t: &Tables, p: &Person, o: &Opts, l: &EastSlavic) -> Triple {
    let g = (l.name)(t, p.given_name(t), p.script(t, p.given_pool), o.use_cognate);
    let (sm, alt) = p.surname_masc(t);
    let own_pool = t.pools[p.surname_pool as usize].name == l.pool;
    let mut s = match alt {
        Some(a) if own_pool => a,
        _ => (l.respell_surname)(&fold(t, p.script(t, p.surname_pool), &sm)),
    };
    if p.gendered(t, o) {
        s = feminize(&s);
    }
    let father = p.father_name(t);
    let pat = if !p.has_patr {
        String::new()
    } else if !o.use_cognate && t.cognates.contains_key(&father.cyr) {
        yo_to_ye(&ru_patronymic(&father.cyr, p.female))
    } else {
        let f = (l.name)(t, father, p.script(t, p.father_pool), o.use_cognate);
        (l.patronymic)(&f, p.female)
    };
    (s, g, pat)
}

/// Native Cyrillic written for a Central Asian record: `to` maps Kazakh/Kyrgyz/Tajik
/// letters the target does not have; Russian-spelled names are kept.
fn central_asian_forms(t: &Tables, p: &Person, o: &Opts, target: Script) -> Triple {
    let conv = |script: Script, s: &str| -> String {
        match (target, script) {
            (_, Script::Russian) => yo_to_ye(s),
            (Script::Uzbek, Script::Uzbek) => s.to_string(),
            (Script::Uzbek, _) => translit(t, "to_uz", s),
            (Script::Kyrgyz, Script::Kyrgyz) => s.to_string(),
            (Script::Kyrgyz, Script::Kazakh) => translit(t, "fold_kk_ky", s),
            (Script::Tajik, Script::Tajik) => s.to_string(),
            (_, other) => fold(t, other, s),
        }
    };
    let g = conv(p.script(t, p.given_pool), &p.given_name(t).cyr);
    let (sm, _) = p.surname_masc(t);
    let ss = p.script(t, p.surname_pool);
    let mut s = conv(ss, &sm);
    if o.zoda {
        if let Some(root) = s.strip_suffix("ов").or_else(|| s.strip_suffix("ев")) {
            s = format!("{root}зода");
        }
    } else if p.gendered(t, o) {
        s = feminize(&s);
    }
    let fs = p.script(t, p.father_pool);
    let f = conv(fs, &p.father_name(t).cyr);
    let pat = if !p.has_patr {
        String::new()
    } else if o.ethnic_patr {
        match target {
            Script::Uzbek => format!("{f} {}", if p.female { "қизи" } else { "ўғли" }),
            Script::Kyrgyz => format!("{f} {}", if p.female { "кызы" } else { "уулу" }),
            _ => ethnic_cyr(&f, p.female, p.style(t), false),
        }
    } else {
        ru_patronymic(&f, p.female)
    };
    (s, g, pat)
}

fn map3(t: &Tables, scheme: &str, x: Triple) -> Triple {
    (translit(t, scheme, &x.0), translit(t, scheme, &x.1), translit(t, scheme, &x.2))
}

/// Azerbaijani/Turkish persons written in their own Latin alphabet.
fn own_latin_forms(t: &Tables, p: &Person, o: &Opts, particle: (&str, &str)) -> Option<Triple> {
    let g = p.given_name(t).alt.clone()?;
    let (_, alt) = p.surname_masc(t);
    let mut s = alt?;
    if p.gendered(t, o) {
        s = feminize(&s);
    }
    let pat = if !p.has_patr {
        String::new()
    } else {
        let f = p.father_name(t).alt.clone()?;
        if o.ethnic_patr {
            format!("{f} {}", if p.female { particle.1 } else { particle.0 })
        } else {
            let ru = russian_forms(t, p, &Opts { ethnic_patr: false, ..o.clone() });
            translit(t, o.scheme, &ru.2)
        }
    };
    Some((s, g, pat))
}

/// How `country` writes this person, given the per-row choices in `o`.
pub(crate) fn country_forms(t: &Tables, p: &Person, country: &str, o: &Opts) -> Triple {
    let kazakh = p.script(t, p.given_pool) == Script::Kazakh;
    if o.latin && kazakh && matches!(o.scheme, "kzpass" | "kk2021") {
        return map3(t, o.scheme, kazakh_forms(t, p, o));
    }
    match country {
        "UA" => {
            let f = ukrainian_forms(t, p, o);
            if o.latin {
                map3(t, o.scheme, f)
            } else {
                f
            }
        }
        "BY" => {
            if o.latin {
                map3(t, o.scheme, belarusian_forms(t, p, o))
            } else if o.belarusian {
                belarusian_forms(t, p, o)
            } else {
                russian_forms(t, p, o)
            }
        }
        "UZ" => {
            let f = central_asian_forms(t, p, o, Script::Uzbek);
            if o.latin {
                map3(t, "uz", f)
            } else {
                f
            }
        }
        "KG" => {
            let f = central_asian_forms(t, p, o, Script::Kyrgyz);
            if o.latin {
                map3(t, o.scheme, f)
            } else {
                f
            }
        }
        "TJ" => {
            let f = central_asian_forms(t, p, o, Script::Tajik);
            if o.latin {
                map3(t, "tg", f)
            } else {
                f
            }
        }
        "AZ" if o.latin => own_latin_forms(t, p, o, ("oğlu", "qızı")).unwrap_or_else(|| map3(t, "az", russian_forms(t, p, o))),
        "MD" if o.latin => {
            let ro = own_latin_forms(t, p, &Opts { ethnic_patr: false, ..o.clone() }, ("", "")).unwrap_or_else(|| map3(t, "ro", russian_forms(t, p, o)));
            if o.md_patronymic {
                ro
            } else {
                (ro.0, ro.1, String::new())
            }
        }
        _ => {
            let f = russian_forms(t, p, o);
            if o.latin {
                map3(t, o.scheme, f)
            } else {
                f
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(t: &Tables, eth: &str, seed: u64) -> Person {
        let e = t.eth_index(eth).unwrap();
        Person::random(t, e, 0.5, &mut Rng::new(seed))
    }

    #[test]
    fn kazakh_person_spellings_agree_across_countries() {
        let t = Tables::get();
        let mut p = person(t, "kazakh", 1);
        let pool = t.pools.iter().position(|p| p.name == "kazakh").unwrap();
        p.given_pool = pool as u8;
        p.father_pool = pool as u8;
        p.female = false;
        p.given = t.pools[pool].male.iter().position(|n| n.cyr == "Нұрсұлтан").unwrap() as u16;
        p.father = t.pools[pool].male.iter().position(|n| n.cyr == "Әбіш").unwrap() as u16;
        p.surname_pool = pool as u8;
        p.surname = SurnameSrc::Root(t.pools[pool].roots.iter().position(|n| n.cyr == "Серікбай").unwrap() as u16, 0);
        p.no_suffix = false;
        p.has_patr = true;
        p.kazakh_letters = true;
        p.ethnic_patr = true;
        let reg = registry_forms(t, &p, false, [false; 3]);
        assert_eq!(reg, ("Серікбаев".into(), "Нұрсұлтан".into(), "Әбішұлы".into()));
        let o = Opts { ethnic_patr: false, ..Opts::default() };
        let ru = country_forms(t, &p, "RU", &o);
        assert_eq!(ru, ("Серикбаев".into(), "Нурсултан".into(), "Абишевич".into()));
        let lat = country_forms(t, &p, "RU", &Opts { latin: true, scheme: "icao", ..o.clone() });
        assert_eq!(lat, ("Serikbaev".into(), "Nursultan".into(), "Abishevich".into()));
        let uz = country_forms(t, &p, "UZ", &Opts { latin: true, ethnic_patr: true, ..o.clone() });
        assert_eq!(uz.2, "Abish oʻgʻli");
        let kg = country_forms(t, &p, "KG", &Opts { ethnic_patr: true, ..o.clone() });
        assert_eq!(kg.2, "Абиш уулу");
        let ua = country_forms(t, &p, "UA", &o);
        assert_eq!(ua.1, "Нурсултан");
        assert_eq!(ua.2, "Абішович");
    }

    #[test]
    fn russian_person_in_ukraine_and_belarus() {
        let t = Tables::get();
        let mut p = person(t, "russian", 2);
        let pool = t.pools.iter().position(|p| p.name == "russian").unwrap();
        p.female = true;
        p.given = t.pools[pool].female.iter().position(|n| n.cyr == "Елена").unwrap() as u16;
        p.father = t.pools[pool].male.iter().position(|n| n.cyr == "Александр").unwrap() as u16;
        p.surname = SurnameSrc::List(t.pools[pool].surnames.iter().position(|n| n.cyr == "Иванов").unwrap() as u16);
        p.has_patr = true;
        let o = Opts { use_cognate: true, ..Opts::default() };
        assert_eq!(country_forms(t, &p, "UA", &o), ("Іванова".into(), "Олена".into(), "Олександрівна".into()));
        let by = country_forms(t, &p, "BY", &Opts { belarusian: true, ..o.clone() });
        assert_eq!(by, ("Іванова".into(), "Алена".into(), "Аляксандраўна".into()));
        let lat = country_forms(t, &p, "UA", &Opts { latin: true, scheme: "kmu", ..o.clone() });
        assert_eq!(lat, ("Ivanova".into(), "Olena".into(), "Oleksandrivna".into()));
    }
}

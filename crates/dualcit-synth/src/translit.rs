//! Forward spelling of registry names in partner-state orthographies: table-driven
//! transliteration (`gen_translit.tsv`), Ukrainian/Belarusian respelling, patronymic
//! formation and gendered surnames. Independent of the matcher's normalizer on purpose.

use super::tables::{Rule, Tables};

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn is_vowel_or_sign(c: char) -> bool {
    matches!(c, 'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є' | 'ә' | 'ө' | 'ұ' | 'ү' | 'ў' | 'ӯ' | 'ӣ' | 'ь' | 'ъ')
}

fn is_vowel(c: char) -> bool {
    is_vowel_or_sign(c) && c != 'ь' && c != 'ъ'
}

/// Upper-cases one character; `turkic` maps i → İ (Azerbaijani, Turkish).
pub(crate) fn upper_char(c: char, turkic: bool, out: &mut String) {
    if turkic && c == 'i' {
        out.push('İ');
    } else {
        out.extend(c.to_uppercase());
    }
}

/// Upper-cases a whole string (passport style); `turkic` keeps the dotted İ.
pub(crate) fn uppercase(s: &str, turkic: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        upper_char(c, turkic, &mut out);
    }
    out
}

fn emit(rule: &Rule, word_start: bool, after_vowel: bool, upper: bool, turkic: bool, out: &mut String) {
    let text = if word_start && rule.initial.is_some() {
        rule.initial.as_deref().unwrap_or("")
    } else if after_vowel && rule.after_vowel.is_some() {
        rule.after_vowel.as_deref().unwrap_or("")
    } else {
        rule.def.as_str()
    };
    push_cased(text, upper, turkic, out);
}

fn push_cased(text: &str, upper: bool, turkic: bool, out: &mut String) {
    if upper {
        let mut it = text.chars();
        if let Some(first) = it.next() {
            upper_char(first, turkic, out);
            out.push_str(it.as_str());
        }
    } else {
        out.push_str(text);
    }
}

/// Writes `s` through scheme `scheme`; letters the scheme does not list are kept.
/// Case follows the source letter (an upper-case letter capitalises its output).
pub(crate) fn translit(t: &Tables, scheme: &str, s: &str) -> String {
    let sc = t.scheme(scheme);
    let french = scheme == "french";
    let german = scheme == "german";
    let turkic = scheme == "az";
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let lc = lower(c);
        let upper = c != lc;
        let prev = if i > 0 { Some(lower(chars[i - 1])) } else { None };
        let next = chars.get(i + 1).map(|&c| lower(c));
        let word_start = prev.is_none_or(|p| !p.is_alphabetic() && p != '\'');
        let after_vowel = prev.is_some_and(is_vowel_or_sign);
        let word_end_after_next = chars.get(i + 2).is_none_or(|c| !c.is_alphabetic());
        if (french || german) && lc == 'с' && prev.is_some_and(is_vowel) && next.is_some_and(is_vowel) {
            push_cased("ss", upper, false, &mut out);
            i += 1;
            continue;
        }
        if french && lc == 'и' && next == Some('н') && word_end_after_next {
            push_cased("ine", upper, false, &mut out);
            i += 2;
            continue;
        }
        if german && lc == 'и' && next == Some('й') && word_end_after_next {
            push_cased("i", upper, false, &mut out);
            i += 2;
            continue;
        }
        if let Some(nc) = next {
            if let Some(rule) = sc.double.get(&(lc, nc)) {
                emit(rule, word_start, after_vowel, upper, turkic, &mut out);
                i += 2;
                continue;
            }
        }
        match sc.single.get(&lc) {
            Some(rule) => emit(rule, word_start, after_vowel, upper, turkic, &mut out),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Replaces ё by е (most documents do not write ё).
pub(crate) fn yo_to_ye(s: &str) -> String {
    s.replace('ё', "е").replace('Ё', "Е")
}

/// Russian spelling → Ukrainian spelling of a name without a Ukrainian cognate
/// (и→і, ы→и, э→е, е→є at word start and after vowels, ё→ьо/йо, -ский→-ський).
pub(crate) fn respell_uk(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let lc = lower(c);
        let upper = c != lc;
        let prev = if i > 0 { Some(lower(chars[i - 1])) } else { None };
        let start = prev.is_none_or(|p| !p.is_alphabetic());
        let at_end = chars.get(i + 2).is_none_or(|c| !c.is_alphabetic());
        let next = chars.get(i + 1).map(|&c| lower(c));
        // -ский/-цкий/-ий at the end keep и and gain a soft sign after с/ц.
        if (lc == 'и' || lc == 'ы') && next == Some('й') && at_end {
            if matches!(prev, Some('к')) && i >= 2 && matches!(lower(chars[i - 2]), 'с' | 'ц') {
                out.pop();
                out.push('ь');
                out.push('к');
            }
            push_cased("ий", upper, false, &mut out);
            i += 2;
            continue;
        }
        let rep: &str = match lc {
            'и' if prev.is_some_and(is_vowel) => "ї",
            'и' => "і",
            'ы' => "и",
            'э' => "е",
            'е' if start || prev.is_some_and(is_vowel_or_sign) => "є",
            'ё' if start || prev.is_some_and(is_vowel) => "йо",
            'ё' => "ьо",
            'ъ' => "'",
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        push_cased(rep, upper, false, &mut out);
        i += 1;
    }
    out
}

/// Russian spelling → Belarusian spelling of a name without a Belarusian cognate
/// (и→і / ы after hard consonants, е→э after hard consonants, щ→шч, ў after vowels,
/// -ов→-оў, -ский→-скі).
pub(crate) fn respell_be(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let lc = lower(c);
        let upper = c != lc;
        let prev = if i > 0 { Some(lower(chars[i - 1])) } else { None };
        let next = chars.get(i + 1).map(|&c| lower(c));
        let hard = prev.is_some_and(|p| matches!(p, 'ж' | 'ш' | 'ч' | 'ц' | 'р'));
        let end = next.is_none_or(|c| !c.is_alphabetic());
        let rep: &str = match lc {
            'й' if end && matches!(prev, Some('и' | 'ы')) => {
                // -ский → -скі: the и was already written as і.
                continue;
            }
            'и' if hard => "ы",
            'и' => "і",
            'е' if hard => "э",
            'щ' => "шч",
            'ъ' => "'",
            'у' if prev.is_some_and(is_vowel) && i > 1 => "ў",
            'в' if prev.is_some_and(is_vowel) && next.is_none_or(|c| !is_vowel(c)) => "ў",
            _ => {
                out.push(c);
                continue;
            }
        };
        push_cased(rep, upper, false, &mut out);
    }
    out
}

fn ends(s: &str, suf: &str) -> Option<usize> {
    if s.ends_with(suf) {
        Some(s.len() - suf.len())
    } else {
        None
    }
}

/// Russian patronymic from the father's name in Russian letters.
pub(crate) fn ru_patronymic(father: &str, female: bool) -> String {
    let f = father;
    let irregular: &[(&str, &str, &str)] = &[
        ("Пётр", "Петрович", "Петровна"),
        ("Петр", "Петрович", "Петровна"),
        ("Илья", "Ильич", "Ильинична"),
        ("Никита", "Никитич", "Никитична"),
        ("Кузьма", "Кузьмич", "Кузьминична"),
        ("Фома", "Фомич", "Фоминична"),
        ("Лука", "Лукич", "Лукинична"),
        ("Павел", "Павлович", "Павловна"),
        ("Лев", "Львович", "Львовна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Георгий", "Георгиевич", "Георгиевна"),
        ("Даниил", "Даниилович", "Данииловна"),
    ];
    if let Some((_, m, w)) = irregular.iter().find(|(n, _, _)| *n == f) {
        return if female { w } else { m }.to_string();
    }
    let (m, w) = ("ович", "овна");
    let (me, we) = ("евич", "евна");
    if let Some(cut) = ends(f, "ий") {
        let stem = &f[..cut];
        return format!("{stem}ь{}", if female { we } else { me });
    }
    // Moldovan Николае, Василе, Георге: Николаевич.
    if let Some(cut) = ends(f, "е") {
        return format!("{}{}", &f[..cut], if female { we } else { me });
    }
    if let Some(cut) = ends(f, "й").or_else(|| ends(f, "ь")) {
        let stem = &f[..cut];
        return format!("{stem}{}", if female { we } else { me });
    }
    let last = f.chars().last().map(lower).unwrap_or(' ');
    if matches!(last, 'ж' | 'ш' | 'ч' | 'щ' | 'ц') || is_vowel(last) {
        return format!("{f}{}", if female { we } else { me });
    }
    format!("{f}{}", if female { w } else { m })
}

/// Ukrainian patronymic from the father's name in Ukrainian spelling.
pub(crate) fn uk_patronymic(father: &str, female: bool) -> String {
    let irregular: &[(&str, &str, &str)] = &[("Микола", "Миколайович", "Миколаївна"), ("Ілля", "Ілліч", "Іллівна"), ("Кузьма", "Кузьмич", "Кузьмівна")];
    if let Some((_, m, w)) = irregular.iter().find(|(n, _, _)| *n == father) {
        return if female { w } else { m }.to_string();
    }
    if let Some(cut) = ends(father, "й") {
        let stem = &father[..cut];
        return if female { format!("{stem}ївна") } else { format!("{father}ович") };
    }
    if let Some(cut) = ends(father, "ь") {
        let stem = &father[..cut];
        return if female { format!("{stem}івна") } else { format!("{father}ович") };
    }
    if let Some(cut) = ends(father, "о").or_else(|| ends(father, "а")) {
        let stem = &father[..cut];
        return format!("{stem}{}", if female { "івна" } else { "ович" });
    }
    format!("{father}{}", if female { "івна" } else { "ович" })
}

/// Belarusian patronymic from the father's name in Belarusian spelling.
pub(crate) fn be_patronymic(father: &str, female: bool) -> String {
    // Яраслаў → Яраслававіч / Яраслаўна.
    if let Some(cut) = ends(father, "ў") {
        let stem = &father[..cut];
        return if female { format!("{father}на") } else { format!("{stem}вавіч") };
    }
    if let Some(cut) = ends(father, "й").or_else(|| ends(father, "ь")) {
        let stem = &father[..cut];
        return format!("{stem}{}", if female { "еўна" } else { "евіч" });
    }
    if let Some(cut) = ends(father, "а") {
        let stem = &father[..cut];
        return format!("{stem}{}", if female { "аўна" } else { "авіч" });
    }
    format!("{father}{}", if female { "аўна" } else { "авіч" })
}

/// Feminine form of a masculine surname (Cyrillic or Latin); unchanged when the
/// surname does not inflect (Шевченко, Ким, Саргсян, -зода).
pub(crate) fn feminize(s: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("ський", "ська"),
        ("цький", "цька"),
        ("ский", "ская"),
        ("цкий", "цкая"),
        ("скі", "ская"),
        ("цкі", "цкая"),
        ("оў", "ова"),
        ("еў", "ева"),
        ("ёў", "ёва"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ин", "ина"),
        ("ын", "ына"),
        ("skiy", "skaya"),
        ("sky", "skaya"),
        ("ov", "ova"),
        ("ev", "eva"),
        ("in", "ina"),
    ];
    for (m, f) in RULES {
        if let Some(cut) = ends(s, m) {
            return format!("{}{f}", &s[..cut]);
        }
    }
    s.to_string()
}

/// Kazakh surname from a name root: consonant → -ов, -й → -ев, vowel → -ев.
pub(crate) fn surname_from_root(root: &str) -> String {
    if let Some(cut) = ends(root, "й") {
        return format!("{}ев", &root[..cut]);
    }
    let last = root.chars().last().map(lower).unwrap_or(' ');
    if is_vowel(last) {
        format!("{root}ев")
    } else {
        format!("{root}ов")
    }
}

/// Drops -ов/-ев from a (masculine) Kazakh surname: Жанбулатов → Жанбулат,
/// Серікбаев → Серікбай. Returns None when the surname has no such suffix.
pub(crate) fn drop_ov(s: &str) -> Option<String> {
    if let Some(cut) = ends(s, "ов") {
        return Some(s[..cut].to_string());
    }
    let cut = ends(s, "ев")?;
    let stem = &s[..cut];
    let last = stem.chars().last().map(lower).unwrap_or(' ');
    if matches!(last, 'а' | 'ә' | 'о' | 'у' | 'ұ' | 'ы' | 'е') {
        Some(format!("{stem}й"))
    } else {
        Some(stem.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(s: &str, scheme: &str) -> String {
        translit(Tables::get(), scheme, s)
    }

    #[test]
    fn russian_schemes_match_names_md_table() {
        // NAMES.md §2 (from iuliia's schemes).
        assert_eq!(tr("Евгений", "icao"), "Evgenii");
        assert_eq!(tr("Евгений", "mvd"), "Evgeniy");
        assert_eq!(tr("Евгений", "bgn"), "Yevgeniy");
        assert_eq!(tr("Юлия", "icao"), "Iuliia");
        assert_eq!(tr("Юлия", "mvd"), "Yuliya");
        assert_eq!(tr("Щеглова", "icao"), "Shcheglova");
        assert_eq!(tr("Щеглова", "telegram"), "Sceglova");
        assert_eq!(tr("Щеглова", "french"), "Chtcheglova");
        assert_eq!(tr("Жанар", "telegram"), "Janar");
        assert_eq!(tr("Хабибуллин", "icao"), "Khabibullin");
        assert_eq!(tr("Хабибуллин", "french"), "Khabiboulline");
        assert_eq!(tr("Цой", "icao"), "Tsoi");
        assert_eq!(tr("Цой", "mvd"), "Tsoy");
        assert_eq!(tr("Подъячев", "icao"), "Podieiachev");
        assert_eq!(tr("Елена", "bgn"), "Yelena");
        assert_eq!(tr("Сергеевич", "bgn"), "Sergeyevich");
        assert_eq!(tr("Сергеевич", "french"), "Sergueevitch");
        assert_eq!(tr("Нурсултан", "french"), "Noursoultan");
        assert_eq!(tr("Иванов", "german"), "Iwanow");
        assert_eq!(tr("Евгений", "german"), "Jewgeni");
        assert_eq!(tr("Щербаков", "german"), "Schtscherbakow");
    }

    #[test]
    fn other_schemes() {
        assert_eq!(tr("Олександр", "kmu"), "Oleksandr");
        assert_eq!(tr("Згурський", "kmu"), "Zghurskyi");
        assert_eq!(tr("Олексій", "kmu"), "Oleksii");
        assert_eq!(tr("Євгеній", "uk_icao"), "Ievgenii");
        assert_eq!(tr("Аляксандр", "be"), "Aliaksandr");
        assert_eq!(tr("Ігар", "be"), "Ihar");
        assert_eq!(tr("Сяргей", "be"), "Siarhei");
        assert_eq!(tr("Ўткир", "uz"), "Oʻtkir");
        assert_eq!(tr("Жылдыз", "ky_bgn"), "Jyldyz");
        assert_eq!(tr("Жылдыз", "ky"), "Zhyldyz");
        assert_eq!(tr("Ғалымжан", "kk2021"), "Ğalymjan");
        assert_eq!(tr("Нұрсұлтан", "kk2021"), "Nūrsūltan");
        assert_eq!(tr("Тоқаев", "kzpass"), "Tokayev");
        assert_eq!(tr("Иванов", "az"), "İvanov");
        assert_eq!(tr("Сергей", "ro"), "Serghei");
        assert_eq!(tr("Нұрсұлтан", "fold_kk"), "Нурсултан");
        assert_eq!(tr("Әбіш", "fold_kk"), "Абиш");
    }

    #[test]
    fn respelling_and_morphology() {
        assert_eq!(respell_uk("Ерлан"), "Єрлан");
        assert_eq!(respell_uk("Иванов"), "Іванов");
        assert_eq!(respell_uk("Покровский"), "Покровський");
        assert_eq!(respell_be("Иванов"), "Іваноў");
        assert_eq!(respell_be("Покровский"), "Покроўскі");
        assert_eq!(ru_patronymic("Сергей", false), "Сергеевич");
        assert_eq!(ru_patronymic("Юрий", true), "Юрьевна");
        assert_eq!(ru_patronymic("Абиш", false), "Абишевич");
        assert_eq!(ru_patronymic("Ахмет", true), "Ахметовна");
        assert_eq!(ru_patronymic("Пётр", false), "Петрович");
        assert_eq!(ru_patronymic("Бахтиёр", false), "Бахтиёрович");
        assert_eq!(ru_patronymic("Николае", false), "Николаевич");
        assert_eq!(uk_patronymic("Микита", true), "Микитівна");
        assert_eq!(tr("Ксения", "ro"), "Xenia");
        assert_eq!(ru_patronymic("Игорь", false), "Игоревич");
        assert_eq!(uk_patronymic("Олександр", true), "Олександрівна");
        assert_eq!(uk_patronymic("Сергій", true), "Сергіївна");
        assert_eq!(uk_patronymic("Микола", false), "Миколайович");
        assert_eq!(uk_patronymic("Петро", false), "Петрович");
        assert_eq!(be_patronymic("Аляксандр", false), "Аляксандравіч");
        assert_eq!(be_patronymic("Сяргей", true), "Сяргееўна");
        assert_eq!(be_patronymic("Яраслаў", true), "Яраслаўна");
        assert_eq!(be_patronymic("Яраслаў", false), "Яраслававіч");
        assert_eq!(feminize("Иванов"), "Иванова");
        assert_eq!(feminize("Покровский"), "Покровская");
        assert_eq!(feminize("Əliyev"), "Əliyeva");
        assert_eq!(feminize("Шевченко"), "Шевченко");
        assert_eq!(surname_from_root("Серікбай"), "Серікбаев");
        assert_eq!(surname_from_root("Ахмет"), "Ахметов");
        assert_eq!(drop_ov("Жанбулатов").as_deref(), Some("Жанбулат"));
        assert_eq!(drop_ov("Жұмабаев").as_deref(), Some("Жұмабай"));
    }
}

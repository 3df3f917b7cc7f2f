//! The layering check: the library's modules form layers that only look down.
//!
//! ARCHITECTURE.md draws the layers in a fenced block tagged `layers`, top
//! first; this test reads that picture and the `use` lines and paths of every
//! file under `src/` (test code excluded), and fails when
//!
//! - a top-level module names a module in its own layer's place or above it
//!   (`crate::x::…`, a root re-export of `x`'s item, or `super::…` out of it);
//! - submodules of one module import each other in a cycle;
//! - a module declared in `src/lib.rs` is missing from the picture, or the
//!   picture names a module that does not exist.
//!
//! Comments, strings and `#[cfg(test)]` items do not count. Run it alone with
//! `cargo test --test integration layers`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The layers, bottom first, from ARCHITECTURE.md's `layers` block (drawn top first).
fn layers() -> Vec<String> {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = doc.find("```text layers\n").expect("ARCHITECTURE.md has a ```text layers block") + "```text layers\n".len();
    let end = start + doc[start..].find("```").expect("the layers block is closed");
    let mut names: Vec<String> = doc[start..end]
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '/'))
        .map(String::from)
        .collect();
    names.reverse();
    names
}

/// The source with comments, string and char literals blanked (newlines kept).
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    let blank = |out: &mut String, from: &[char]| from.iter().for_each(|&ch| out.push(if ch == '\n' { '\n' } else { ' ' }));
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let end = (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let (mut depth, mut j) = (0usize, i);
            while j < c.len() {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &c[i..j.min(c.len())]);
            i = j;
        } else if c[i] == 'r' && !prev_ident && matches!(c.get(i + 1), Some('#') | Some('"')) {
            let hashes = c[i + 1..].iter().take_while(|&&ch| ch == '#').count();
            if c.get(i + 1 + hashes) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let mut j = i + 2 + hashes;
            while j < c.len() && !(c[j] == '"' && c[j + 1..].iter().take(hashes).filter(|&&ch| ch == '#').count() == hashes) {
                j += 1;
            }
            let end = (j + 1 + hashes).min(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '\'' && (c.get(i + 1) == Some(&'\\') || c.get(i + 2) == Some(&'\'')) {
            let mut j = i + 1;
            while j < c.len() && c[j] != '\'' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Blanks `#[cfg(test)]` items; returns the names of `#[cfg(test)] mod x;` file modules.
fn drop_test_items(code: &mut String) -> Vec<String> {
    let mut test_mods = Vec::new();
    while let Some(at) = code.find("#[cfg(test)]") {
        let bytes = code.as_bytes();
        let mut j = at + "#[cfg(test)]".len();
        let rest = &code[j..];
        let trimmed = rest.trim_start();
        if let Some(m) = trimmed.strip_prefix("mod ") {
            let name: String = m.chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect();
            if m[name.len()..].trim_start().starts_with(';') {
                test_mods.push(name);
            }
        }
        // To the end of the item: a `;` at depth 0 or the close of its first brace block.
        let mut depth = 0i32;
        while j < bytes.len() {
            match bytes[j] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let blanked: String = code[at..j].chars().map(|ch| if ch == '\n' { '\n' } else { ' ' }).collect();
        code.replace_range(at..j, &blanked);
    }
    test_mods
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Identifiers and `::`, `{`, `}`, `,` of a path expression starting at `s`.
fn path_at(s: &str) -> Vec<String> {
    let mut toks = Vec::new();
    let mut depth = 0;
    let mut rest = s;
    loop {
        let t = rest.trim_start();
        if let Some(r) = t.strip_prefix("::") {
            toks.push("::".into());
            rest = r;
        } else if let Some(r) = t.strip_prefix('{') {
            depth += 1;
            toks.push("{".into());
            rest = r;
        } else if depth > 0 && t.starts_with('}') {
            depth -= 1;
            toks.push("}".into());
            rest = &t[1..];
            if depth == 0 {
                break;
            }
        } else if depth > 0 && t.starts_with(',') {
            toks.push(",".into());
            rest = &t[1..];
        } else if depth > 0 && t.starts_with('*') {
            toks.push("*".into());
            rest = &t[1..];
        } else if t.starts_with(is_ident) {
            let n = t.find(|ch: char| !is_ident(ch)).unwrap_or(t.len());
            let was_sep = toks.last().is_none_or(|l| l == "::" || l == "{" || l == ",");
            if !was_sep && depth == 0 {
                break;
            }
            toks.push(t[..n].into());
            rest = &t[n..];
        } else {
            break;
        }
    }
    toks
}

/// The first segments a path names: `a::b` gives `[a]`, `{a::x, b}` gives `[a, b]`, and
/// with `depth` segments kept, `a::b::c` gives `[a, b]`.
fn heads(toks: &[String], keep: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<String>> = vec![Vec::new()];
    let mut cur: Vec<String> = Vec::new();
    let flush = |cur: &mut Vec<String>, out: &mut Vec<Vec<String>>| {
        if !cur.is_empty() {
            out.push(cur.iter().take(keep).cloned().collect());
        }
    };
    for t in toks {
        match t.as_str() {
            "::" => {}
            "{" => {
                stack.push(cur.clone());
            }
            "," => {
                flush(&mut cur, &mut out);
                cur = stack.last().cloned().unwrap_or_default();
            }
            "}" => {
                flush(&mut cur, &mut out);
                stack.pop();
                cur = stack.last().cloned().unwrap_or_default();
            }
            "self" | "*" => {}
            id => cur.push(id.to_string()),
        }
    }
    flush(&mut cur, &mut out);
    out.retain(|p| !p.is_empty());
    out
}

struct Source {
    module: Vec<String>,
    file: PathBuf,
    code: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, module: Vec<String>, out: &mut Vec<Source>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        let code_of = |path: &Path, module: Vec<String>, out: &mut Vec<Source>| {
            let mut code = strip(&fs::read_to_string(path).unwrap());
            let tests = drop_test_items(&mut code);
            out.push(Source { module: module.clone(), file: path.to_path_buf(), code });
            tests
        };
        // `#[cfg(test)] mod x;` declared by this directory's lib.rs / mod.rs: test code, skipped.
        let mut skip: BTreeSet<String> = BTreeSet::new();
        if module.is_empty() {
            skip.extend(drop_test_items(&mut strip(&fs::read_to_string(dir.join("lib.rs")).unwrap())));
        } else if dir.join("mod.rs").exists() {
            skip.extend(code_of(&dir.join("mod.rs"), module.clone(), out));
        }
        for p in entries {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            if name == "bin" || skip.contains(&name) || name == "mod" || name == "lib" {
                continue;
            }
            let mut m = module.clone();
            m.push(name.clone());
            if p.is_dir() {
                walk(&p, m, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                // A file module `x.rs` (its children, if any, are in the directory `x/`).
                code_of(&p, m, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), Vec::new(), &mut out);
    out
}

/// Root re-exports: item name → the top-level module that defines it.
fn reexports() -> BTreeMap<String, String> {
    let lib = strip(&fs::read_to_string(root().join("src/lib.rs")).unwrap());
    let mut map = BTreeMap::new();
    for stmt in lib.split(';') {
        let s = stmt.trim();
        let Some(rest) = s.strip_prefix("pub use ") else { continue };
        let toks = path_at(rest);
        let module = toks[0].clone();
        // Every imported name: an identifier not followed by `::`.
        for (i, t) in toks.iter().enumerate() {
            if t.starts_with(is_ident) && toks.get(i + 1).is_none_or(|n| n != "::") && i > 0 {
                map.insert(t.clone(), module.clone());
            }
        }
    }
    map
}

/// Top-level modules declared in `src/lib.rs`.
fn declared() -> BTreeSet<String> {
    let lib = strip(&fs::read_to_string(root().join("src/lib.rs")).unwrap());
    lib.lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            let m = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(m.trim().to_string())
        })
        .collect()
}

/// The module a path names: a path from the crate root whose first segment is no
/// module is a root re-export (resolved to its module) or a root item (`None`); then
/// the longest prefix that is a module.
fn resolve(mut target: Vec<String>, from_root: bool, modules: &BTreeSet<Vec<String>>, reexports: &BTreeMap<String, String>) -> Option<Vec<String>> {
    if target.is_empty() {
        return None;
    }
    if from_root && !modules.contains(&target[..1].to_vec()) {
        target = vec![reexports.get(&target[0])?.clone()];
    }
    while target.len() > 1 && !modules.contains(&target) {
        target.pop();
    }
    Some(target)
}

/// Where a keyword (`crate`, `super`) starts a path in `code`: its offsets and line numbers.
fn keyword_paths<'a>(code: &'a str, word: &'a str, not_after: &'a [char]) -> impl Iterator<Item = (usize, usize)> + 'a {
    code.match_indices(word).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        let glued = before.is_some_and(|b| is_ident(b) || not_after.contains(&b)) || code[at + word.len()..].starts_with(is_ident);
        (!glued).then(|| (at, code[..at].matches('\n').count() + 1))
    })
}

/// Every (source file, referenced absolute module path) of the library.
fn references(sources: &[Source], modules: &BTreeSet<Vec<String>>, reexports: &BTreeMap<String, String>) -> Vec<(usize, Vec<String>, usize)> {
    let mut refs = Vec::new();
    for (k, src) in sources.iter().enumerate() {
        let code = &src.code;
        for (at, line) in keyword_paths(code, "crate", &['$']) {
            let toks = path_at(&code[at..]);
            if toks.get(1).map(String::as_str) != Some("::") {
                continue;
            }
            for head in heads(&toks[2..], 8) {
                refs.extend(resolve(head, true, modules, reexports).map(|t| (k, t, line)));
            }
        }
        for (at, line) in keyword_paths(code, "super", &[':']) {
            let toks = path_at(&code[at..]);
            let prefix = toks.iter().take_while(|t| *t == "super" || *t == "::").count();
            let ups = toks[..prefix].iter().filter(|t| *t == "super").count();
            let base: Vec<String> = src.module[..src.module.len().saturating_sub(ups)].to_vec();
            for head in heads(&toks[prefix..], 8) {
                let target: Vec<String> = base.iter().cloned().chain(head).collect();
                refs.extend(resolve(target, base.is_empty(), modules, reexports).map(|t| (k, t, line)));
            }
        }
    }
    refs
}

#[test]
fn layers_only_look_down_and_submodules_have_no_cycles() {
    let layers = layers();
    let rank: BTreeMap<&str, usize> = layers.iter().enumerate().map(|(i, m)| (m.as_str(), i)).collect();
    let declared = declared();
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut problems = Vec::new();
    for m in &declared {
        if !rank.contains_key(m.as_str()) {
            problems.push(format!("src/lib.rs declares module `{m}`, which ARCHITECTURE.md's layers do not show"));
        }
    }
    for m in rank.keys() {
        if !m.contains('/') && !declared.contains(*m) {
            problems.push(format!("ARCHITECTURE.md's layers show `{m}`, which src/lib.rs does not declare"));
        }
    }
    let refs = references(&sources, &modules, &reexports());
    assert!(refs.len() > 100, "the scan found only {} references: the check would pass vacuously", refs.len());
    let mut sibling_edges: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (k, target, line) in &refs {
        let src = &sources[*k];
        let (from, to) = (&src.module[0], &target[0]);
        let file = src.file.strip_prefix(root()).unwrap().display().to_string();
        if from != to {
            match (rank.get(from.as_str()), rank.get(to.as_str())) {
                (Some(a), Some(b)) if b >= a => problems.push(format!("{file}:{line}: `{from}` uses `{to}`, a layer above it")),
                _ => {}
            }
            continue;
        }
        // Same top-level module: record edges between sibling submodules.
        let common = src.module.iter().zip(target.iter()).take_while(|(a, b)| a == b).count();
        if common < src.module.len() && common < target.len() {
            let parent = src.module[..common].to_vec();
            sibling_edges.entry(parent).or_default().entry(src.module[common].clone()).or_default().insert(target[common].clone());
        }
    }
    for (parent, edges) in &sibling_edges {
        // Depth-first search for a cycle.
        fn visit<'a>(n: &'a str, edges: &'a BTreeMap<String, BTreeSet<String>>, path: &mut Vec<&'a str>, done: &mut BTreeSet<&'a str>) -> Option<Vec<String>> {
            if let Some(i) = path.iter().position(|p| *p == n) {
                return Some(path[i..].iter().map(|s| s.to_string()).chain([n.to_string()]).collect());
            }
            if !done.insert(n) {
                return None;
            }
            path.push(n);
            for next in edges.get(n).into_iter().flatten() {
                if let Some(c) = visit(next, edges, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            None
        }
        let mut done = BTreeSet::new();
        for n in edges.keys() {
            if let Some(cycle) = visit(n, edges, &mut Vec::new(), &mut done) {
                problems.push(format!("submodules of `{}` import each other in a cycle: {}", parent.join("::"), cycle.join(" → ")));
                break;
            }
        }
    }
    assert!(problems.is_empty(), "layering broken (see ARCHITECTURE.md, \"Layers\"):\n{}", problems.join("\n"));
}

#[test]
fn the_check_sees_what_it_must() {
    // The scanner ignores comments and strings, and reads grouped and nested paths.
    let code = strip("use crate::{a::X, b::{c, d::Y}}; // crate::z\nlet s = \"crate::w\"; let c = '\"'; fn f<'a>() {} crate::e::f();");
    assert!(!code.contains("crate::z") && !code.contains("crate::w"));
    let at = code.find("crate").unwrap();
    let toks = path_at(&code[at..]);
    let heads: Vec<String> = heads(&toks[2..], 1).into_iter().map(|h| h.join("::")).collect();
    assert_eq!(heads, ["a", "b", "b"]);
    assert!(code.contains("crate::e::f"));
    let mut t = String::from("#[cfg(test)]\nmod tests {\n use crate::up::X;\n}\n#[cfg(test)]\nmod more;\nuse crate::down;");
    assert_eq!(drop_test_items(&mut t), ["more"]);
    assert!(!t.contains("up") && t.contains("crate::down"));
}

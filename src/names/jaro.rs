//! Allocation-free Jaro-Winkler similarity over skeleton bytes.
//!
//! Skeletons are single-byte ASCII, so the classic algorithm runs on bytes with the match
//! flags on the stack. Inputs longer than `MAX_LEN` bytes are compared on their first
//! `MAX_LEN` bytes (no name skeleton is that long).
//!
//! The matching pass is bit-parallel: positions are bits of a `u64` (hence `MAX_LEN` = 64).
//! Each byte of `b` sets its position in the occurrence mask of its byte class and leaves it
//! once matched, so the first unmatched equal byte of `b` inside the window of `a[i]` is the
//! lowest bit of `occurrences & window` — the classic greedy scan, without the inner loop.
//! Bytes outside the skeleton alphabet share one class and are told apart byte by byte.

/// Longest prefix compared.
pub(crate) const MAX_LEN: usize = 64;

/// Byte classes of the occurrence table: one per lowercase letter, space, hyphen and
/// apostrophe; every other byte shares class 0, whose candidates are checked byte by byte.
const CLASSES: usize = 32;

/// Class of each byte (see `CLASSES`).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = b'a';
    while c <= b'z' {
        t[c as usize] = c - b'a' + 1;
        c += 1;
    }
    t[b' ' as usize] = 27;
    t[b'-' as usize] = 28;
    t[b'\'' as usize] = 29;
    t
};

/// Jaro-Winkler similarity in `[0, 1]` (prefix scale 0.1, prefix up to 4 bytes).
pub(crate) fn jaro_winkler(a: &[u8], b: &[u8]) -> f32 {
    let a = &a[..a.len().min(MAX_LEN)];
    let b = &b[..b.len().min(MAX_LEN)];
    let j = jaro(a, b);
    let prefix = match (a.first_chunk::<4>(), b.first_chunk::<4>()) {
        // Equal leading bytes are the trailing zero bytes of the little-endian xor.
        (Some(x), Some(y)) => ((u32::from_le_bytes(*x) ^ u32::from_le_bytes(*y)).trailing_zeros() / 8) as usize,
        _ => a.iter().zip(b).take_while(|(x, y)| x == y).count(),
    };
    j + prefix as f32 * 0.1 * (1.0 - j)
}

/// Jaro similarity of inputs at most `MAX_LEN` bytes long.
fn jaro(a: &[u8], b: &[u8]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Equal inputs need no shortcut: each byte matches itself, no transpositions, exactly 1.0.
    // Occurrence masks of `b` by byte class, and `b` in a fixed array (indexing without checks).
    let mut occ = [0u64; CLASSES];
    let mut b_fixed = [0u8; MAX_LEN];
    for (j, &cb) in b.iter().enumerate() {
        occ[CLASS[cb as usize] as usize] |= 1u64 << j;
        b_fixed[j % MAX_LEN] = cb;
    }
    let mut a_matched = [0u8; MAX_LEN];
    let (b_m, matches) = if occ[0] == 0 { matching::<false>(a, b, &mut occ, &mut a_matched) } else { matching::<true>(a, b, &mut occ, &mut a_matched) };
    if matches == 0 {
        return 0.0;
    }
    // Transpositions: the matched bytes of both sides in order.
    let mut transpositions = 0u32;
    let mut rest_b = b_m;
    for &ca in &a_matched[..matches] {
        transpositions += u32::from(ca != b_fixed[rest_b.trailing_zeros() as usize % MAX_LEN]);
        rest_b &= rest_b - 1;
    }
    let m = matches as f32;
    let t = (transpositions / 2) as f32;
    (m / a.len() as f32 + m / b.len() as f32 + (m - t) / m) / 3.0
}

/// The greedy matching pass: each byte of `a` in order takes the first unmatched equal byte of
/// `b` within the match window. Returns the match flags of `b` as bits and the match count;
/// the matched bytes of `a` go to `a_matched` in order. `occ` holds the occurrence masks of
/// `b` by class; matched positions leave it, so consecutive bytes of `a` of different classes
/// do not wait on each other. `ANY_BYTE`: `b` has bytes of class 0, which must be told apart.
fn matching<const ANY_BYTE: bool>(a: &[u8], b: &[u8], occ: &mut [u64; CLASSES], a_matched: &mut [u8; MAX_LEN]) -> (u64, usize) {
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    // Positions `i - window ..= i + window` of `b` (bits past `b.len()` are 0 in `occ`).
    let mut in_window = u64::MAX >> (63 - window);
    let mut b_m = 0u64;
    let mut matches = 0usize;
    // A byte of `a` past `b.len() + window` has an empty window.
    for (i, &ca) in a.iter().enumerate().take(b.len() + window) {
        let class = CLASS[ca as usize] as usize;
        let mut free = occ[class] & in_window;
        if ANY_BYTE && class == 0 {
            free = first_equal(b, ca, free);
        }
        // The first unmatched equal byte of `b` in the window, if any.
        let first = free & free.wrapping_neg();
        occ[class] ^= first;
        b_m |= first;
        a_matched[matches % MAX_LEN] = ca;
        matches += usize::from(first != 0);
        in_window = (in_window << 1) | u64::from(i < window);
    }
    (b_m, matches)
}

/// Of the candidate positions `free` (class 0: any unlisted byte), the lowest one holding `c`.
fn first_equal(b: &[u8], c: u8, mut free: u64) -> u64 {
    while free != 0 {
        let first = free & free.wrapping_neg();
        if b[free.trailing_zeros() as usize] == c {
            return first;
        }
        free ^= first;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn agrees_with_strsim() {
        let pairs = [("martha", "marhta"), ("dixon", "dicksonx"), ("evgeni", "evgenia"), ("lukaxevic", "lukaxenka"), ("", "abc"), ("abc", "abc"), ("a", "b")];
        for (x, y) in pairs {
            let ours = jaro_winkler(x.as_bytes(), y.as_bytes());
            let theirs = strsim::jaro_winkler(x, y) as f32;
            assert!((ours - theirs).abs() < 1e-5, "{x} {y}: {ours} vs {theirs}");
        }
    }

    #[test]
    fn symmetric() {
        let a = b"abixevic";
        let b = b"abixuli";
        assert_eq!(jaro_winkler(a, b), jaro_winkler(b, a));
    }

    /// Winkler's published examples (W. E. Winkler, "String Comparator Metrics and Enhanced
    /// Decision Rules in the Fellegi-Sunter Model of Record Linkage", 1990; also the unit
    /// tests of the `strsim` crate).
    #[test]
    fn winkler_examples() {
        for (x, y, jw) in [("martha", "marhta", 0.9611), ("dwayne", "duane", 0.84), ("dixon", "dicksonx", 0.8133)] {
            for (p, q) in [(x, y), (y, x)] {
                let ours = jaro_winkler(p.as_bytes(), q.as_bytes());
                assert!((ours - jw).abs() < 1e-4, "{p} {q}: {ours} vs {jw}");
            }
        }
    }

    /// Bytes outside the listed classes share class 0 and must still match only themselves.
    #[test]
    fn unlisted_bytes() {
        for (x, y) in [(&b"\xd0\xb8\xd0\xb2"[..], &b"\xd0\xb2\xd0\xb8"[..]), (b"A.B", b"B.A"), (b"a\0b", b"\0ab"), (b"xy\xff", b"\xfe\xffx")] {
            assert_eq!(jaro_winkler(x, y).to_bits(), reference(x, y).to_bits(), "{x:?} {y:?}");
        }
    }

    /// The classic algorithm, verbatim as shipped before the bit-parallel matching pass: for
    /// each byte of `a` in order, scan the window of `b` for the first unmatched equal byte.
    fn reference(a: &[u8], b: &[u8]) -> f32 {
        let a = &a[..a.len().min(MAX_LEN)];
        let b = &b[..b.len().min(MAX_LEN)];
        let j = reference_jaro(a, b);
        let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
        j + prefix as f32 * 0.1 * (1.0 - j)
    }

    fn reference_jaro(a: &[u8], b: &[u8]) -> f32 {
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        if a == b {
            return 1.0;
        }
        let window = (a.len().max(b.len()) / 2).saturating_sub(1);
        let mut a_m = 0u64;
        let mut b_m = 0u64;
        let mut matches = 0usize;
        for (i, &ca) in a.iter().enumerate() {
            let lo = i.saturating_sub(window);
            let hi = (i + window + 1).min(b.len());
            for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
                if cb == ca && b_m & (1u64 << j) == 0 {
                    a_m |= 1u64 << i;
                    b_m |= 1u64 << j;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            return 0.0;
        }
        let mut transpositions = 0usize;
        let mut rest_b = b_m;
        let mut rest_a = a_m;
        while rest_a != 0 {
            let i = rest_a.trailing_zeros() as usize;
            let k = rest_b.trailing_zeros() as usize;
            if a[i] != b[k] {
                transpositions += 1;
            }
            rest_a &= rest_a - 1;
            rest_b &= rest_b - 1;
        }
        let m = matches as f32;
        let t = (transpositions / 2) as f32;
        (m / a.len() as f32 + m / b.len() as f32 + (m - t) / m) / 3.0
    }

    /// Strings over a small alphabet (many matches and transpositions), lengths 0..=70 (past
    /// `MAX_LEN`).
    fn bytes(alphabet: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(prop::sample::select(alphabet), 0..=70)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn matches_reference(a in bytes(b"abcd -\xc3"), b in bytes(b"abcd -\xc3")) {
            prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), reference(&a, &b).to_bits());
        }

        #[test]
        fn matches_reference_near_copies(a in bytes(b"aeiouy\x80"), edits in prop::collection::vec((0usize..70, prop::sample::select(&b"aeiouy\x80"[..])), 0..6)) {
            // Few substitutions of a copy: long runs of matches with a few swaps.
            let mut b = a.clone();
            for (at, c) in edits {
                if !b.is_empty() {
                    let n = b.len();
                    b[at % n] = c;
                }
            }
            prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), reference(&a, &b).to_bits());
            prop_assert_eq!(jaro_winkler(&b, &a).to_bits(), reference(&b, &a).to_bits());
        }

        #[test]
        fn matches_reference_letters(a in bytes(b"abcde"), b in bytes(b"abcde")) {
            // Skeleton bytes only: the path without class-0 checks.
            prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), reference(&a, &b).to_bits());
        }
    }
}

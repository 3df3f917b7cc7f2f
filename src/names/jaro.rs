//! Allocation-free Jaro-Winkler similarity over skeleton bytes.
//!
//! Skeletons are single-byte ASCII, so the classic algorithm runs on bytes with the match
//! flags on the stack. Inputs longer than `MAX_LEN` bytes are compared on their first
//! `MAX_LEN` bytes (no name skeleton is that long).

/// Longest prefix compared.
pub(crate) const MAX_LEN: usize = 64;

/// Jaro-Winkler similarity in `[0, 1]` (prefix scale 0.1, prefix up to 4 bytes).
pub(crate) fn jaro_winkler(a: &[u8], b: &[u8]) -> f32 {
    let a = &a[..a.len().min(MAX_LEN)];
    let b = &b[..b.len().min(MAX_LEN)];
    let j = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f32 * 0.1 * (1.0 - j)
}

fn jaro(a: &[u8], b: &[u8]) -> f32 {
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
    // Match flags as bits (MAX_LEN = 64): no arrays to clear per call.
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
    // Transpositions: walk the matched bytes of both sides in order.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

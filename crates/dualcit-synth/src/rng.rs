//! A small deterministic PRNG (xoshiro256**, seeded through SplitMix64).
//!
//! The generator derives one stream per row from `(seed, stream, index)`, so output
//! does not depend on the thread count or on the order rows are produced in.

/// SplitMix64 step; also used as a 64-bit mixing function.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** (Blackman & Vigna, 2018).
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// Seeds the four state words from SplitMix64.
    pub(crate) fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm)];
        Rng { s }
    }

    /// An independent stream for item `index` of stream `stream` under `seed`.
    pub(crate) fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut h = seed ^ 0x6A09_E667_F3BC_C908;
        let a = splitmix64(&mut h);
        let mut h2 = a ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let b = splitmix64(&mut h2);
        let mut h3 = b ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        Rng::new(splitmix64(&mut h3))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(crate) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (p <= 0 never, p >= 1 always).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform in [0, n); 0 when n == 0.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Lemire's multiply-shift; the bias is negligible for our n.
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in [lo, hi] (inclusive).
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as i64
    }
}

/// Cumulative weights for O(log n) weighted choice.
#[derive(Clone, Debug, Default)]
pub(crate) struct Weighted {
    cum: Vec<f64>,
}

impl Weighted {
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut cum = Vec::new();
        let mut acc = 0.0;
        for w in weights {
            acc += w.max(0.0);
            cum.push(acc);
        }
        Weighted { cum }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.cum.len()
    }

    /// The weight of item `i` (0 past the end).
    pub(crate) fn weight(&self, i: usize) -> f64 {
        match i {
            _ if i >= self.cum.len() => 0.0,
            0 => self.cum[0],
            _ => self.cum[i] - self.cum[i - 1],
        }
    }

    /// Index drawn proportionally to its weight; 0 when empty or all weights are zero.
    pub(crate) fn pick(&self, rng: &mut Rng) -> usize {
        let total = match self.cum.last() {
            Some(&t) if t > 0.0 => t,
            _ => return 0,
        };
        let x = rng.f64() * total;
        let i = self.cum.partition_point(|&c| c <= x);
        i.min(self.cum.len() - 1)
    }
}

/// Draws distinct values from `0..n` without materialising a permutation
/// (a partial Fisher–Yates shuffle over a sparse swap map).
#[derive(Debug, Default)]
pub(crate) struct SparsePerm {
    n: u32,
    taken: u32,
    swaps: std::collections::HashMap<u32, u32>,
}

impl SparsePerm {
    pub(crate) fn new(n: usize) -> Self {
        SparsePerm { n: n as u32, taken: 0, swaps: std::collections::HashMap::new() }
    }

    pub(crate) fn remaining(&self) -> usize {
        (self.n - self.taken) as usize
    }

    pub(crate) fn draw(&mut self, rng: &mut Rng) -> Option<u32> {
        if self.taken >= self.n {
            return None;
        }
        let j = self.taken + rng.below(self.remaining()) as u32;
        let at_j = *self.swaps.get(&j).unwrap_or(&j);
        let at_t = *self.swaps.get(&self.taken).unwrap_or(&self.taken);
        self.swaps.insert(j, at_t);
        self.taken += 1;
        Some(at_j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_is_stable_and_distinct() {
        let a = Rng::derive(7, 1, 2).next_u64();
        let b = Rng::derive(7, 1, 2).next_u64();
        let c = Rng::derive(7, 1, 3).next_u64();
        let d = Rng::derive(7, 2, 2).next_u64();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn weighted_follows_weights() {
        let w = Weighted::new([1.0, 0.0, 3.0]);
        let mut rng = Rng::new(1);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[w.pick(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.02, "{share}");
    }

    #[test]
    fn sparse_perm_draws_each_value_once() {
        let mut p = SparsePerm::new(100);
        let mut rng = Rng::new(3);
        let mut seen = [false; 100];
        while let Some(v) = p.draw(&mut rng) {
            assert!(!seen[v as usize]);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}

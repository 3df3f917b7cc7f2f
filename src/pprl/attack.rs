//! Attacks (placeholder, filled next).

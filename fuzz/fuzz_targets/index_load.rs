//! `RegistryIndex::from_bytes` on arbitrary payloads behind a valid header
//! (format tag, version, length, FNV-1a checksum — a fuzzer cannot forge the
//! checksum, so the target writes it): never panics; an accepted index
//! answers a query and re-encodes to an index that loads again.
#![no_main]

use dualcit::{BirthDate, Record, RegistryIndex, INDEX_VERSION};
use libfuzzer_sys::fuzz_target;

fn with_header(payload: &[u8]) -> Vec<u8> {
    let sum = payload.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    let mut out = b"DUALCIT-INDEX\0".to_vec();
    out.extend_from_slice(&INDEX_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes (header checks) and the same bytes as a payload (decoder and structure checks).
    let _ = RegistryIndex::from_bytes(data);
    if let Ok(index) = RegistryIndex::from_bytes(&with_header(data)) {
        let probe = Record {
            id: "probe".into(),
            surname: "Ivanov".into(),
            given_name: "Ivan".into(),
            birth_date: BirthDate::parse("1980-05-17").ok(),
            ..Default::default()
        };
        let _ = index.query(&probe);
        let again = index.to_bytes().expect("an accepted index encodes");
        assert!(RegistryIndex::from_bytes(&again).is_ok(), "a re-encoded index is refused");
    }
});

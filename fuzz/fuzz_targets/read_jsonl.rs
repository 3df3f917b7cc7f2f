//! `io::read_reader` on arbitrary bytes as JsonLines (encoding detected, default
//! country KZ): never panics, and when the file is usable every data row is
//! accounted for as accepted or rejected.
#![no_main]

use dualcit::{read_reader, InputFormat, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default().default_country("KZ");
    if let Ok(ds) = read_reader("fuzz.csv", data, InputFormat::JsonLines, &opts) {
        let s = &ds.summary;
        assert_eq!(s.read, s.accepted + s.rejected, "read != accepted + rejected: {s:?}");
        assert_eq!(ds.records.len() as u64, s.accepted, "records.len() != accepted: {s:?}");
        assert_eq!(ds.rejects.len() as u64, s.rejected, "rejects.len() != rejected: {s:?}");
    }
});

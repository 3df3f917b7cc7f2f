//! `Model::from_json` on arbitrary text: never panics; an accepted model
//! survives `to_json` → `from_json` unchanged and yields finite weights.
#![no_main]

use dualcit::{Field, Model};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(model) = Model::from_json(&text, None) {
        let json = model.to_json();
        match Model::from_json(&json, None) {
            Ok(again) => assert_eq!(again, model, "model changed in a to_json/from_json round trip"),
            Err(e) => panic!("to_json of an accepted model is refused: {e}"),
        }
        for registry_size in [0usize, 1, 200_000] {
            let w = model.weights(registry_size);
            assert!(w.prior().is_finite(), "prior {} for registry size {registry_size}", w.prior());
            for f in Field::ALL {
                for level in 0..f.levels().len() {
                    let x = w.field_weight(f, level as u8);
                    assert!(x.is_finite(), "weight {x} of {} level {level}", f.name());
                }
                assert!(!w.max_weight(f).is_nan(), "max_weight of {} is NaN", f.name());
            }
        }
    }
});

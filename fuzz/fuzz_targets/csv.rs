//! Fuzzes the `csv` reader (format forced, so every input reaches it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callscore_fuzz::run("csv", data));

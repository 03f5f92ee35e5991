//! Reader throughput in bytes per second: one generated 30-minute call
//! (~4,400 words, `benches/corpus/`) in each main export format, the same
//! 3-minute call in every format (`tests/data/same-call/`), and the hour-long
//! Earnings-21 Amazon Transcribe file when `../shared/external/` is present.
//!
//! `cargo bench --bench read` (`-- read-30min` for the generated calls only)

#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("tests/data/same-call"))
        .expect("same-call fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n == "manifest.csv" || n == "expected-turns.csv")
        })
        .collect();
    let e21 = root.join("../shared/external/earnings21/4320211.aws-transcribe.json");
    if e21.exists() {
        v.push(e21);
    }
    v.sort();
    v
}

/// Parsing only (decode, detect, read, validate): no roles, no metrics.
fn read_30min(c: &mut Criterion) {
    let mut g = c.benchmark_group("read-30min");
    for f in corpus::Format::ALL {
        let s = corpus::sample(f, 0);
        g.throughput(Throughput::Bytes(s.bytes.len() as u64));
        g.bench_function(f.name(), |b| {
            b.iter(|| {
                callscore::ingest::parse_bytes(&s.path, std::hint::black_box(&s.bytes), None)
                    .expect("parses")
            })
        });
    }
    g.finish();
}

fn read(c: &mut Criterion) {
    let mut g = c.benchmark_group("read");
    for path in files() {
        let bytes = std::fs::read(&path).expect("read fixture");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(&name, |b| {
            b.iter(|| {
                callscore::ingest::parse_bytes(&path, std::hint::black_box(&bytes), None)
                    .expect("parses")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, read_30min, read);
criterion_main!(benches);

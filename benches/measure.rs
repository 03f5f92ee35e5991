//! Measuring throughput, in bytes of transcript per second: talk metrics and
//! text detections on a generated 30-minute Zoom WebVTT call
//! (`benches/corpus/`, ~4,400 words) and on the sample week's longest call;
//! then the text detectors one by one on the generated call, to see where
//! the time goes; and the whole per-call step (parse, roles, measure).
//!
//! `cargo bench --bench measure` (`-- measure-30min` for the generated call)

#[allow(dead_code)]
mod corpus;

use std::path::Path;

use callscore::metrics::spoken::{self, Detectors};
use callscore::metrics::{phrases::NormText, questions, talk, text};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn measure_30min(c: &mut Criterion) {
    let s = corpus::sample(corpus::Format::VttZoom, 0);
    let mut call = callscore::ingest::parse_bytes(&s.path, &s.bytes, None).expect("parses");
    callscore::roles::resolve(&mut call, &s.roles);
    assert!(call.rep_speaker().is_some(), "the sample's rep resolves");
    let detectors = Detectors::new(&callscore::playbook::Playbook::builtin());
    let sentences: Vec<String> = call
        .turns
        .iter()
        .flat_map(|t| {
            text::sentences(&t.text)
                .into_iter()
                .map(|x| t.text[x.start..x.end].to_string())
        })
        .collect();

    let mut g = c.benchmark_group("measure-30min");
    g.throughput(Throughput::Bytes(s.bytes.len() as u64));
    g.bench_function("talk", |b| {
        b.iter(|| talk::measure(std::hint::black_box(&call), Default::default()))
    });
    g.bench_function("spoken", |b| {
        b.iter(|| spoken::measure(std::hint::black_box(&call), &detectors))
    });
    g.bench_function("parse+roles+talk+spoken", |b| {
        b.iter(|| {
            let mut c = callscore::ingest::parse_bytes(&s.path, &s.bytes, None).expect("parses");
            callscore::roles::resolve(&mut c, &s.roles);
            (
                talk::measure(&c, Default::default()),
                spoken::measure(&c, &detectors),
            )
        })
    });
    // The detectors one at a time, over the call's sentences.
    g.bench_function("part/sentences", |b| {
        b.iter(|| {
            call.turns
                .iter()
                .map(|t| text::sentences(&t.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function("part/questions", |b| {
        b.iter(|| {
            sentences
                .iter()
                .filter(|x| questions::classify(x, x.ends_with('?')).is_some())
                .count()
        })
    });
    g.bench_function("part/pitch", |b| {
        b.iter(|| {
            sentences
                .iter()
                .filter(|x| detectors.pitch.pitch_cue(x, false).is_some())
                .count()
        })
    });
    g.bench_function("part/next_step", |b| {
        b.iter(|| {
            sentences
                .iter()
                .filter(|x| detectors.next_step.proposes(x, None).is_some())
                .count()
        })
    });
    g.bench_function("part/trackers", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|x| {
                    detectors
                        .trackers
                        .iter()
                        .map(|(_, set)| set.find(&NormText::new(x)).len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

fn measure_week(c: &mut Criterion) {
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let cfg = callscore::config::ReadConfig {
        roles: callscore::roles::RoleContext {
            roster: Some(callscore::roles::Roster::load(&fx.join("roster.csv")).expect("roster")),
            manifest: Some(
                callscore::roles::Manifest::load(&fx.join("manifest.csv")).expect("manifest"),
            ),
        },
        forced_format: None,
        limits: Default::default(),
    };
    let path = fx.join("week/2026-11-16-dana-acme-hvac.vtt");
    let call = callscore::read::read_call(&path, &cfg).expect("call");
    let bytes = std::fs::metadata(&path).expect("size").len();
    let playbook =
        callscore::playbook::Playbook::load(&fx.join("playbook.toml")).expect("playbook");
    let detectors = Detectors::new(&playbook);

    let mut g = c.benchmark_group("measure");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("talk", |b| {
        b.iter(|| talk::measure(std::hint::black_box(&call), Default::default()))
    });
    g.bench_function("spoken", |b| {
        b.iter(|| spoken::measure(std::hint::black_box(&call), &detectors))
    });
    g.finish();
}

criterion_group!(benches, measure_30min, measure_week);
criterion_main!(benches);

//! The report stays small enough to open and e-mail at the scale the batch
//! is built for (25,000 calls): moments and timelines are capped, charts are
//! lean. Worst cases: many reps with every call missing every target, and a
//! few reps with thousands of calls each.

mod report_sample;

use callscore::report;

const LIMIT: usize = 20 * 1024 * 1024;

#[test]
fn a_thousand_reps_and_25000_failing_calls_stay_under_20_mb() {
    let s = report_sample::synthetic(1000, 25, 4, 3);
    assert_eq!(s.calls.len(), 25_000);
    let html = report::html(&s.input(true)).unwrap();
    assert!(html.len() < LIMIT, "{} bytes", html.len());
    eprintln!("1,000 reps, 25,000 calls: {} bytes", html.len());
    // Every rep still has a section.
    assert_eq!(html.matches("<section class=\"rep\"").count(), 1000);
    let md = report::summary_md(&s.input(true));
    assert!(md.len() < 2 * 1024 * 1024, "{} bytes of summary", md.len());
}

#[test]
fn ten_reps_with_2500_calls_each_stay_under_20_mb() {
    let s = report_sample::synthetic(10, 2500, 12, 40);
    let html = report::html(&s.input(true)).unwrap();
    assert!(html.len() < LIMIT, "{} bytes", html.len());
    assert!(html.contains("more in violations.csv"));
}

//! The bundled sample week, end to end: every file is read, every call's rep
//! is resolved, and the measures agree with the intended answers that
//! `fixtures/make_fixtures.py` recorded in `fixtures/expected.csv`.
//!
//! The thresholds below are the detectors' current accuracy on this week, kept
//! as a floor: a change that makes them worse fails here.

mod util;

use callscore::config::ReadConfig;
use callscore::metrics::spoken::{measure, Detectors};
use callscore::model::Format;
use callscore::playbook::Playbook;
use callscore::roles::{Manifest, RoleContext, Roster};

#[test]
fn the_readme_command_reads_the_whole_week() {
    let out = util::run([
        "score",
        "fixtures/week",
        "--roster",
        "fixtures/roster.csv",
        "--manifest",
        "fixtures/manifest.csv",
        "--playbook",
        "fixtures/playbook.toml",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("found 17, scored 17, failed 0, skipped 0"),
        "{}",
        out.stderr
    );
    let rows: Vec<&str> = out.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 17);
    assert!(
        rows.iter().all(|r| !r.contains(" ? ")),
        "every call has a rep:\n{}",
        out.stdout
    );
}

struct Expected {
    rec: csv::StringRecord,
    headers: csv::StringRecord,
}

impl Expected {
    fn get(&self, k: &str) -> &str {
        &self.rec[self
            .headers
            .iter()
            .position(|h| h == k)
            .unwrap_or_else(|| panic!("column {k}"))]
    }
    fn secs(&self, k: &str) -> Option<f64> {
        self.get(k).parse().ok()
    }
    fn flag(&self, k: &str) -> Option<bool> {
        self.get(k).parse().ok()
    }
}

#[test]
fn measures_agree_with_the_intended_answers() {
    let fx = util::repo("fixtures");
    let cfg = ReadConfig {
        roles: RoleContext {
            roster: Some(Roster::load(&fx.join("roster.csv")).unwrap()),
            manifest: Some(Manifest::load(&fx.join("manifest.csv")).unwrap()),
        },
        forced_format: None,
    };
    let det = Detectors::new(&Playbook::load(&fx.join("playbook.toml")).unwrap());
    let mut rdr = csv::Reader::from_path(fx.join("expected.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let (mut text_calls, mut steps_right, mut formats) = (0, 0, std::collections::BTreeSet::new());
    let mut problems = Vec::new();
    let mut step_misses = Vec::new();
    for rec in rdr.records() {
        let e = Expected {
            rec: rec.unwrap(),
            headers: headers.clone(),
        };
        let call = callscore::read::read_call(&fx.join(e.get("file")), &cfg).unwrap();
        let id = e.get("call_id").to_string();
        formats.insert(call.format);
        assert_eq!(call.id, id);
        assert_eq!(call.meta.rep.as_deref(), Some(e.get("rep")), "{id}");
        assert_eq!(call.meta.date.as_deref(), Some(e.get("date")), "{id}");
        assert_eq!(
            call.meta.call_type.as_deref(),
            Some(e.get("call_type")),
            "{id}"
        );

        // Talk time: exact to the millisecond where the format has end times.
        let talk = callscore::metrics::talk::measure(&call, Default::default());
        if !matches!(call.format, Format::OtterTxt | Format::ZoomTxt) {
            for (got, want) in [
                (talk.rep_talk_s, e.secs("rep_talk_s")),
                (talk.buyer_talk_s, e.secs("buyer_talk_s")),
            ] {
                let (got, want) = (got.unwrap(), want.unwrap());
                if (got - want).abs() > 0.01 {
                    problems.push(format!("{id}: talk {got} != {want}"));
                }
            }
            if (talk.duration_s - e.secs("duration_s").unwrap()).abs() > 0.01 {
                problems.push(format!(
                    "{id}: duration {} != {}",
                    talk.duration_s,
                    e.get("duration_s")
                ));
            }
        }
        if !call.has_text {
            continue;
        }
        text_calls += 1;
        let m = measure(&call, &det);
        match (m.first_pitch_s, e.secs("first_pitch_s")) {
            (None, None) => {}
            (Some(g), Some(w)) if (g - w).abs() <= 2.0 => {}
            (g, w) => problems.push(format!("{id}: first pitch {g:?} != {w:?}")),
        }
        let step = (m.next_step, m.next_step_has_date, m.next_step_has_owner);
        let want = (
            e.flag("next_step"),
            e.flag("next_step_has_date"),
            e.flag("next_step_has_owner"),
        );
        if step == want {
            steps_right += 1;
        } else {
            step_misses.push(format!(
                "{id}: (next_step, date, owner) {step:?} != {want:?}: {:?}",
                m.next_step_text
            ));
        }
        // Questions: exact on punctuated exports; raw lowercase ASR loses some.
        let (got, want) = (
            m.rep_questions.unwrap(),
            e.get("rep_questions").parse::<u32>().unwrap(),
        );
        let punctuated = call.turns.iter().any(|t| t.text.contains(['.', '?']));
        let slack = if punctuated { 0.0 } else { 0.25 };
        if f64::from(got.abs_diff(want)) > slack * f64::from(want) {
            problems.push(format!("{id}: rep questions {got} != {want}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(text_calls, 16);
    assert!(
        steps_right >= 15,
        "next step, date and owner right on {steps_right} of 16 calls:\n{}",
        step_misses.join("\n")
    );
    assert_eq!(
        formats.len(),
        13,
        "the week covers every reader: {formats:?}"
    );
}

use std::path::Path;

use super::*;
use crate::ingest::{finish, Parsed};
use crate::model::{Format, Role};

const ROSTER: &str = "name,email,team,role,aliases\n\
    Dana Reyes,dana.reyes@brightlane.io,East,rep,Dana R\n\
    Sam Okafor,sam.okafor@brightlane.io,East,rep,\n\
    Lee Chen,lee.chen@brightlane.io,West,se,\n";

fn call(path: &str, labels: &[&str]) -> Call {
    let mut p = Parsed::with_text();
    for (i, l) in labels.iter().enumerate() {
        p.push(
            l,
            i as u64 * 1000,
            i as u64 * 1000 + 900,
            "hello",
            i as u32 + 1,
        );
    }
    finish(Path::new(path), Format::WebVtt, p).unwrap()
}

fn ctx(manifest: Option<&str>) -> RoleContext {
    RoleContext {
        roster: Some(Roster::parse(ROSTER).unwrap()),
        manifest: manifest.map(|m| Manifest::parse(m, Path::new("/fx")).unwrap()),
    }
}

fn roles(c: &Call) -> Vec<(String, Role)> {
    c.speakers
        .iter()
        .map(|s| (s.display_name().to_string(), s.role))
        .collect()
}

#[test]
fn roster_rep_colleague_and_buyer() {
    let mut c = call(
        "/fx/2026-11-17-acme.vtt",
        &["Dana Reyes (Brightlane)", "Tom Alvarez", "Lee Chen"],
    );
    resolve(&mut c, &ctx(None));
    assert_eq!(
        roles(&c),
        vec![
            ("Dana Reyes".into(), Role::Rep),
            ("Tom Alvarez".into(), Role::Buyer),
            ("Lee Chen".into(), Role::Colleague)
        ]
    );
    assert_eq!(c.meta.rep.as_deref(), Some("Dana Reyes"));
    assert_eq!(c.meta.team.as_deref(), Some("East"));
    assert_eq!(
        c.meta.date.as_deref(),
        Some("2026-11-17"),
        "date from the file name"
    );
    assert!(c.rep_unresolved.is_none());
}

#[test]
fn manifest_maps_anonymous_labels_and_wins() {
    let m = "file,call_id,rep,date,call_type,speaker_map\n\
             a.json,acme-1,Dana Reyes,2026-11-16,discovery,SPEAKER_00=Dana Reyes;SPEAKER_01=Tom Alvarez;SPEAKER_09=Nobody\n";
    let mut c = call("/fx/a.json", &["SPEAKER_01", "SPEAKER_00"]);
    resolve(&mut c, &ctx(Some(m)));
    assert_eq!(
        roles(&c),
        vec![
            ("Tom Alvarez".into(), Role::Buyer),
            ("Dana Reyes".into(), Role::Rep)
        ]
    );
    assert_eq!(c.id, "acme-1");
    assert_eq!(c.meta.call_type.as_deref(), Some("discovery"));
    assert!(
        c.warnings.iter().any(|w| w.message.contains("SPEAKER_09")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn two_reps_without_manifest_is_not_guessed() {
    let mut c = call("/fx/b.vtt", &["Dana Reyes", "Sam Okafor", "Tom Alvarez"]);
    resolve(&mut c, &ctx(None));
    assert!(c
        .rep_unresolved
        .as_deref()
        .unwrap()
        .contains("2 roster reps"));
    assert!(c.speakers.iter().all(|s| s.role != Role::Rep));
    // The manifest settles it.
    let m = "file,rep\nb.vtt,Sam Okafor\n";
    let mut c = call("/fx/b.vtt", &["Dana Reyes", "Sam Okafor", "Tom Alvarez"]);
    resolve(&mut c, &ctx(Some(m)));
    assert_eq!(roles(&c)[1], ("Sam Okafor".into(), Role::Rep));
    assert_eq!(roles(&c)[0], ("Dana Reyes".into(), Role::Colleague));
}

#[test]
fn vendor_agent_is_the_rep() {
    let mut c = call("/fx/ca.json", &["AGENT", "CUSTOMER"]);
    c.speakers[0].vendor_side = VendorSide::Internal;
    c.speakers[1].vendor_side = VendorSide::External;
    let m = "file,rep\nca.json,Dana Reyes\n";
    resolve(&mut c, &ctx(Some(m)));
    assert_eq!(
        roles(&c),
        vec![
            ("Dana Reyes".into(), Role::Rep),
            ("CUSTOMER".into(), Role::Buyer)
        ]
    );

    // Without a manifest the AGENT still owns the call, with a warning about the name.
    let mut c = call("/fx/ca.json", &["AGENT", "CUSTOMER"]);
    c.speakers[0].vendor_side = VendorSide::Internal;
    resolve(&mut c, &RoleContext::default());
    assert_eq!(c.speakers[0].role, Role::Rep);
    assert!(c
        .warnings
        .iter()
        .any(|w| w.message.contains("name is unknown")));
}

#[test]
fn anonymous_without_help_stays_unknown() {
    let mut c = call("/fx/x.json", &["SPEAKER_00", "SPEAKER_01"]);
    resolve(&mut c, &ctx(None));
    assert!(
        c.speakers.iter().all(|s| s.role == Role::Unknown),
        "{:?}",
        roles(&c)
    );
    assert!(c.rep_unresolved.as_deref().unwrap().contains("anonymous"));
}

#[test]
fn manifest_rep_who_does_not_speak() {
    let m = "file,rep\nx.vtt,Dana Reyes\n";
    let mut c = call("/fx/x.vtt", &["Tom Alvarez", "Ann Lee"]);
    resolve(&mut c, &ctx(Some(m)));
    assert!(c
        .rep_unresolved
        .as_deref()
        .unwrap()
        .contains("no speaker is named so"));
    assert_eq!(
        c.meta.rep.as_deref(),
        Some("Dana Reyes"),
        "the call still belongs to the rep"
    );
}

#[test]
fn dates_in_names() {
    assert_eq!(
        date_in_name("week/2026-11-16-dana.vtt").as_deref(),
        Some("2026-11-16")
    );
    assert_eq!(
        date_in_name("zoom_20261118_1400.vtt").as_deref(),
        Some("2026-11-18")
    );
    assert_eq!(date_in_name("call-12345678.vtt"), None);
    assert_eq!(date_in_name("2026-13-40.vtt"), None);
}

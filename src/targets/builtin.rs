//! Built-in target templates, each figure with the published study behind
//! it (see `docs/targets.md` for the sources and their limits). Every source
//! says targets depend on the type of call, so each template is bound to call
//! types; a targets file can `extends = ["builtin:discovery"]` and replace a
//! target by giving one with the same name.

/// Template names, for `--targets builtin:NAME`.
pub const NAMES: &[&str] = &["discovery", "demo", "all"];

const DISCOVERY: &str = r#"
[[target]]
name = "discovery-talk-ratio"
rule = "talk_ratio <= 0.5"
call_types = ["discovery"]
share = 0.8
source = "Gong Labs, 25,537 B2B sales calls: top performers talk 43% of the time; win rates fall as the rep passes half"

[[target]]
name = "discovery-questions"
rule = "rep_questions >= 11"
call_types = ["discovery"]
share = 0.8
source = "Gong Labs, discovery calls: 11-14 questions per call had the highest success rate"

[[target]]
name = "discovery-dated-next-step"
rule = "next_step_has_date"
call_types = ["discovery"]
share = 1.0
source = "Sales practice: every call ends with a next step that has a date (no published figure; see docs/targets.md)"
"#;

const DEMO: &str = r#"
[[target]]
name = "demo-pitch-under-9-min"
rule = "longest_monologue_s <= 540"
call_types = ["demo"]
share = 0.8
source = "Gong Labs, 121,828 web meetings: presentations in won deals lasted 9 minutes or less"

[[target]]
name = "demo-talk-ratio"
rule = "talk_ratio <= 0.65"
call_types = ["demo"]
share = 0.8
source = "Gong Labs: calls where the rep talks more than 65% of the time convert less"

[[target]]
name = "demo-dated-next-step"
rule = "next_step_has_date"
call_types = ["demo"]
share = 1.0
source = "Sales practice: every call ends with a next step that has a date (no published figure; see docs/targets.md)"
"#;

const ALL: &str = r#"
extends = ["builtin:discovery", "builtin:demo"]
"#;

/// The TOML text of a template.
pub fn template(name: &str) -> Option<&'static str> {
    match name {
        "discovery" => Some(DISCOVERY),
        "demo" => Some(DEMO),
        "all" => Some(ALL),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_loads_and_cites_a_source() {
        for name in super::NAMES {
            let mut spec = super::super::Spec::default();
            spec.add_source(&format!("builtin:{name}")).unwrap();
            assert!(!spec.targets.is_empty(), "{name}");
            for t in &spec.targets {
                assert!(
                    t.source.as_deref().is_some_and(|s| !s.is_empty()),
                    "{}",
                    t.name
                );
                assert!(!t.call_types.is_empty(), "{}", t.name);
            }
        }
    }
}

//! Targets and commitments: which rule, for whom, and how a rep passes over
//! the period. A target applies a rule to every call of a set of reps and
//! passes a rep on a share of applicable calls (`share = 0.8`) or a count
//! (`at_least = 3`). A commitment is the coaching loop's contract with one
//! rep: a rule, a start date and a window, optionally "show it within 72
//! hours". Both come from `--targets` files (TOML), built-in templates
//! (`builtin:discovery`), or `--rule` on the command line.
//!
//! Rules are evaluated per call in the batch workers ([`Checks::judge`]); the
//! verdicts are gathered per rep by [`judge`].

pub mod builtin;
pub mod judge;

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::metrics::spoken::Detectors;
use crate::rules::eval::{verdict, CallView, Verdict};
use crate::rules::{Cond, Field, Kind, Lit, Rule};

/// How a rep passes a target over the period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pass {
    /// At least this share of the applicable calls pass.
    Share(f64),
    /// At least this many calls pass.
    AtLeast(u32),
}

impl Pass {
    pub fn describe(self) -> String {
        match self {
            Pass::Share(s) if s >= 1.0 => "every applicable call".into(),
            Pass::Share(s) => format!("share >= {s:.2}"),
            Pass::AtLeast(1) => "at least 1 call".into(),
            Pass::AtLeast(n) => format!("at least {n} calls"),
        }
    }

    pub fn met(self, passed: u32, applicable: u32) -> bool {
        match self {
            Pass::Share(s) => {
                applicable > 0 && f64::from(passed) >= s * f64::from(applicable) - 1e-9
            }
            Pass::AtLeast(n) => passed >= n,
        }
    }
}

/// Who a target is about.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Applies {
    /// Empty: every team.
    pub teams: Vec<String>,
    /// Empty: every rep (of those teams).
    pub reps: Vec<String>,
}

impl Applies {
    pub fn covers(&self, rep: &str, team: Option<&str>) -> bool {
        let team_ok = self.teams.is_empty()
            || team.is_some_and(|t| self.teams.iter().any(|x| x.eq_ignore_ascii_case(t)));
        let rep_ok = self.reps.is_empty() || self.reps.iter().any(|x| x.eq_ignore_ascii_case(rep));
        team_ok && rep_ok
    }
}

/// A target as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub name: String,
    pub rule: String,
    pub call_types: Vec<String>,
    pub applies: Applies,
    pub pass: Pass,
    /// Where the figure comes from (built-in templates cite their source).
    pub source: Option<String>,
}

/// A commitment as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Commitment {
    pub name: String,
    pub rep: String,
    pub rule: String,
    pub call_types: Vec<String>,
    pub start: NaiveDate,
    pub days: u32,
    /// The behaviour must show on a call within this many hours of the start.
    pub within_hours: Option<u32>,
    pub pass: Pass,
}

impl Commitment {
    /// Last day of the window (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.start + chrono::Days::new(u64::from(self.days.max(1)) - 1)
    }

    /// Last day (inclusive) of the "apply within" period: calls carry a date,
    /// not a time, so 72 hours from the start are the start day and the two
    /// days after it.
    pub fn apply_end(&self) -> Option<NaiveDate> {
        let h = self.within_hours?;
        let days = h.div_ceil(24).max(1);
        Some(self.start + chrono::Days::new(u64::from(days) - 1))
    }

    pub fn in_window(&self, date: NaiveDate) -> bool {
        date >= self.start && date <= self.end()
    }
}

/// Everything `check` evaluates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spec {
    pub targets: Vec<Target>,
    pub commitments: Vec<Commitment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    extends: Vec<String>,
    #[serde(default)]
    target: Vec<TargetToml>,
    #[serde(default)]
    commitment: Vec<CommitmentToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetToml {
    name: String,
    rule: String,
    #[serde(default)]
    call_types: Vec<String>,
    #[serde(default)]
    teams: Vec<String>,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    reps: Vec<String>,
    share: Option<f64>,
    at_least: Option<u32>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitmentToml {
    #[serde(default)]
    name: Option<String>,
    rep: String,
    rule: String,
    #[serde(default)]
    call_types: Vec<String>,
    start: toml::value::Datetime,
    days: u32,
    #[serde(default)]
    apply_within_hours: Option<u32>,
    share: Option<f64>,
    at_least: Option<u32>,
}

fn pass_of(share: Option<f64>, at_least: Option<u32>, what: &str) -> Result<Pass> {
    match (share, at_least) {
        (Some(_), Some(_)) => bail!("{what}: give `share` or `at_least`, not both"),
        (Some(s), None) if !(0.0..=1.0).contains(&s) => {
            bail!("{what}: share must be between 0 and 1, got {s}")
        }
        (Some(s), None) => Ok(Pass::Share(s)),
        (None, Some(n)) => Ok(Pass::AtLeast(n)),
        (None, None) => Ok(Pass::Share(1.0)),
    }
}

impl Spec {
    /// Adds the targets of `source`: a TOML file or `builtin:NAME`. A target
    /// with the name of an earlier one replaces it, so a file can extend a
    /// template and override some of its targets.
    pub fn add_source(&mut self, source: &str) -> Result<()> {
        if let Some(name) = source.strip_prefix("builtin:") {
            let text = builtin::template(name).with_context(|| {
                format!(
                    "--targets {source}: no such template; one of: {}",
                    builtin::NAMES
                        .iter()
                        .map(|n| format!("builtin:{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            return self.add_toml(text, source);
        }
        let text = std::fs::read_to_string(Path::new(source))
            .with_context(|| format!("--targets {source}: cannot read"))?;
        self.add_toml(&text, source)
    }

    pub fn add_toml(&mut self, text: &str, origin: &str) -> Result<()> {
        let f: FileSpec = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            anyhow::anyhow!("{origin}:{line}: {}", e.message())
        })?;
        for parent in &f.extends {
            self.add_source(parent)?;
        }
        for t in f.target {
            let what = format!("{origin}: target {:?}", t.name);
            let mut teams = t.teams;
            teams.extend(t.team);
            let target = Target {
                pass: pass_of(t.share, t.at_least, &what)?,
                name: t.name,
                rule: t.rule,
                call_types: t.call_types.iter().map(|c| c.to_lowercase()).collect(),
                applies: Applies {
                    teams,
                    reps: t.reps,
                },
                source: t.source,
            };
            self.targets.retain(|x| x.name != target.name);
            self.targets.push(target);
        }
        for c in f.commitment {
            let name = c.name.unwrap_or_else(|| format!("{}: {}", c.rep, c.rule));
            let what = format!("{origin}: commitment {name:?}");
            let start = NaiveDate::parse_from_str(&c.start.to_string(), "%Y-%m-%d")
                .with_context(|| format!("{what}: start must be a date like 2026-11-16"))?;
            if c.days == 0 {
                bail!("{what}: days must be at least 1");
            }
            self.commitments.push(Commitment {
                pass: pass_of(c.share, c.at_least, &what)?,
                name,
                rep: c.rep,
                rule: c.rule,
                call_types: c.call_types.iter().map(|x| x.to_lowercase()).collect(),
                start,
                days: c.days,
                within_hours: c.apply_within_hours,
            });
        }
        Ok(())
    }

    /// A `--rule` from the command line: every rep, `pass` over the period.
    pub fn add_rule(&mut self, rule: &str, pass: Pass) {
        self.targets.push(Target {
            name: rule.trim().to_string(),
            rule: rule.to_string(),
            call_types: Vec::new(),
            applies: Applies::default(),
            pass,
            source: None,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty() && self.commitments.is_empty()
    }
}

/// What a check is: a target or a commitment (by index in the [`Spec`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckOf {
    Target(usize),
    Commitment(usize),
}

/// One compiled rule with who and when it concerns.
pub struct Check {
    pub of: CheckOf,
    pub name: String,
    pub rule: Rule,
    pub applies: Applies,
    /// Commitments: only calls dated inside the window.
    pub window: Option<(NaiveDate, NaiveDate)>,
}

/// The compiled targets and commitments of a run.
pub struct Checks {
    pub spec: Spec,
    pub list: Vec<Check>,
}

impl Checks {
    /// Compiles every rule against the run's `calls` columns and playbook.
    pub fn compile(spec: Spec, columns: &[String], d: &Detectors) -> Result<Checks> {
        let mut list = Vec::new();
        let compile = |rule: &str, types: &[String], what: &str| -> Result<Rule> {
            let mut r =
                Rule::compile(rule, columns, d).map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
            if !types.is_empty() {
                let col = columns
                    .iter()
                    .position(|c| c == "call_type")
                    .expect("calls has call_type");
                let only = Cond::In(
                    Field {
                        name: "call_type".into(),
                        col,
                        kind: Kind::Str,
                    },
                    types.iter().map(|t| Lit::Str(t.clone())).collect(),
                    false,
                );
                r.filter = Some(match r.filter.take() {
                    Some(f) => Cond::And(vec![only, f]),
                    None => only,
                });
            }
            Ok(r)
        };
        for (i, t) in spec.targets.iter().enumerate() {
            list.push(Check {
                of: CheckOf::Target(i),
                name: t.name.clone(),
                rule: compile(&t.rule, &t.call_types, &format!("target {:?}", t.name))?,
                applies: t.applies.clone(),
                window: None,
            });
        }
        for (i, c) in spec.commitments.iter().enumerate() {
            list.push(Check {
                of: CheckOf::Commitment(i),
                name: c.name.clone(),
                rule: compile(&c.rule, &c.call_types, &format!("commitment {:?}", c.name))?,
                applies: Applies {
                    teams: Vec::new(),
                    reps: vec![c.rep.clone()],
                },
                window: Some((c.start, c.end())),
            });
        }
        Ok(Checks { spec, list })
    }

    /// Every check's verdict on one call: `(check index, verdict)` for the
    /// checks that concern the call's rep, date and type.
    pub fn judge(&self, v: &CallView) -> Vec<(u16, Verdict)> {
        let meta = &v.call.meta;
        let date = meta
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut out = Vec::new();
        for (i, c) in self.list.iter().enumerate() {
            if let Some(rep) = &meta.rep {
                if !c.applies.covers(rep, meta.team.as_deref()) {
                    continue;
                }
            } else if !c.applies.reps.is_empty() {
                continue;
            }
            if let Some((from, to)) = c.window {
                if !date.is_some_and(|d| d >= from && d <= to) {
                    continue;
                }
            }
            if let Some(v) = verdict(&c.rule, v) {
                out.push((i as u16, v));
            }
        }
        out
    }
}

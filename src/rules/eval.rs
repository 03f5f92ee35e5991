//! Evaluating a compiled rule on one measured call, in three-valued logic:
//! pass, fail, or not applicable (a metric the call cannot have: no text, no
//! known rep, no call type). Not applicable is never a silent pass: it is
//! counted apart, with the reason.
//!
//! Two absences are not "not applicable", because the call could have had
//! the event and did not: a call where the rep never pitched has its first
//! pitch at infinity (it passes `first_pitch_min >= 12` and fails
//! `first_pitch_min < 12`), and a call with no next step fails any comparison
//! of `next_step_s` or `next_step_text`.

use super::{Cond, Field, Kind, Lit, Matcher, Op, Rule, SaidCond, Who, Window};
use crate::metrics::spoken::{Said, Spoken};
use crate::metrics::talk::Talk;
use crate::metrics::{Evidence, EvidenceKind};
use crate::model::{Call, Role};
use crate::output::record::Cell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "n/a",
        }
    }
}

/// A moment of the call that shows a verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub at_ms: u64,
    pub quote: String,
    pub line: u32,
}

/// One rule's verdict on one call.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// The measured value of the rule's metric, when it has one.
    pub value: Option<f64>,
    pub moment: Option<Moment>,
    /// What was measured: `first_pitch_min = 7.7, needs >= 12`.
    pub why: String,
}

/// A measured call as the rules see it.
pub struct CallView<'a> {
    pub call: &'a Call,
    pub talk: &'a Talk,
    pub spoken: &'a Spoken,
    /// The `calls` row of the call.
    pub cells: &'a [Cell],
    pub detectors: &'a crate::metrics::spoken::Detectors,
    /// The call's sentences, as the text detectors read them (`spoken::split`).
    pub sentences: &'a [Said<'a>],
}

impl<'a> CallView<'a> {
    pub fn new(
        call: &'a Call,
        talk: &'a Talk,
        spoken: &'a Spoken,
        cells: &'a [Cell],
        detectors: &'a crate::metrics::spoken::Detectors,
        sentences: &'a [Said<'a>],
    ) -> CallView<'a> {
        CallView {
            call,
            talk,
            spoken,
            cells,
            detectors,
            sentences,
        }
    }

    fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.talk.evidence.iter().chain(&self.spoken.evidence)
    }

    fn moment_of(&self, e: &Evidence) -> Moment {
        Moment {
            at_ms: e.at_ms,
            quote: e.quote.clone(),
            line: e.line,
        }
    }

    /// Why a metric is empty, from the measurement.
    fn missing(&self, metric: &str) -> Option<&str> {
        let base = metric.trim_end_matches("_min").trim_end_matches("_s");
        self.talk
            .missing
            .iter()
            .chain(&self.spoken.missing)
            .find(|m| m.metric == metric || m.metric.trim_end_matches("_s") == base)
            .map(|m| m.why.as_str())
    }

    /// The moment that best shows a metric's value, for the coach to open.
    fn moment_for(&self, metric: &str) -> Option<Moment> {
        let kind = match metric {
            "first_pitch_s" | "first_pitch_min" => EvidenceKind::Pitch,
            "next_step"
            | "next_step_s"
            | "next_step_has_date"
            | "next_step_has_owner"
            | "next_step_text" => EvidenceKind::NextStep,
            "talk_ratio" | "longest_monologue_s" | "rep_wpm" | "rep_talk_s" => {
                EvidenceKind::LongestMonologue
            }
            "longest_customer_story_s" | "buyer_talk_s" => EvidenceKind::LongestCustomerStory,
            "rep_interruptions" => EvidenceKind::RepInterruption,
            "buyer_interruptions" => EvidenceKind::BuyerInterruption,
            m if m.starts_with("tracker_") => {
                let name = &m["tracker_".len()..];
                return self
                    .evidence()
                    .find(|e| e.kind == EvidenceKind::Tracker && e.detail == name)
                    .map(|e| self.moment_of(e));
            }
            _ => return None,
        };
        if let Some(e) = self.evidence().find(|e| e.kind == kind) {
            return Some(self.moment_of(e));
        }
        if kind == EvidenceKind::NextStep {
            // No next step: how the call ended is the moment to listen to.
            return self.ending();
        }
        None
    }

    /// The rep's last words in the call.
    fn ending(&self) -> Option<Moment> {
        let rep = self.call.rep_speaker()?;
        let t = self
            .call
            .turns
            .iter()
            .rev()
            .find(|t| t.speaker == rep && !t.text.is_empty())?;
        Some(Moment {
            at_ms: t.start_ms,
            quote: crate::metrics::spoken::quote(&t.text),
            line: t.line,
        })
    }
}

/// A field's value on a call.
enum Val {
    Num(f64),
    Bool(bool),
    Str(String),
    /// The event never happened (no next step): comparisons are false.
    Absent(String),
    /// The call cannot have this value.
    Na(String),
}

/// The truth of a condition with its notes and moments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Na,
}

struct Trace {
    notes: Vec<String>,
    moments: Vec<Moment>,
    na: Vec<String>,
}

/// Evaluates `rule` on a call; `None` when the call is outside the rule's
/// `where` (not counted at all).
pub fn verdict(rule: &Rule, v: &CallView) -> Option<Verdict> {
    let mut trace = Trace {
        notes: Vec::new(),
        moments: Vec::new(),
        na: Vec::new(),
    };
    if let Some(f) = &rule.filter {
        match eval(f, v, &mut trace) {
            Truth::False => return None,
            Truth::Na => {
                return Some(Verdict {
                    status: Status::NotApplicable,
                    value: None,
                    moment: None,
                    why: format!(
                        "cannot tell whether the rule applies: {}",
                        trace.na.join("; ")
                    ),
                })
            }
            Truth::True => {}
        }
        trace = Trace {
            notes: Vec::new(),
            moments: Vec::new(),
            na: Vec::new(),
        };
    }
    if v.call.meta.rep.is_none() {
        return Some(Verdict {
            status: Status::NotApplicable,
            value: None,
            moment: None,
            why: format!(
                "rep unknown: {}",
                v.call
                    .rep_unresolved
                    .as_deref()
                    .unwrap_or("no rep for this call")
            ),
        });
    }
    let truth = eval(&rule.cond, v, &mut trace);
    let value = rule.line.as_ref().and_then(|(f, _, _)| match value(f, v) {
        Val::Num(x) if x.is_finite() => Some(x),
        _ => None,
    });
    let (status, why) = match truth {
        Truth::True => (Status::Pass, trace.notes.join("; ")),
        Truth::False => (Status::Fail, trace.notes.join("; ")),
        Truth::Na => (Status::NotApplicable, trace.na.join("; ")),
    };
    Some(Verdict {
        status,
        value,
        moment: if status == Status::Fail {
            trace.moments.into_iter().next()
        } else {
            None
        },
        why,
    })
}

fn value(f: &Field, v: &CallView) -> Val {
    let Some(cell) = v.cells.get(f.col) else {
        return Val::Na(format!("{}: not measured", f.name));
    };
    match cell {
        Cell::F64(Some(x)) => Val::Num(*x),
        Cell::U32(Some(x)) => Val::Num(f64::from(*x)),
        Cell::Bool(Some(b)) => Val::Bool(*b),
        Cell::Str(Some(s)) => Val::Str(s.clone()),
        _ => {
            let why = v.missing(&f.name);
            let never_pitched = matches!(f.name.as_str(), "first_pitch_s" | "first_pitch_min")
                && why.is_some_and(|w| w.contains("never pitched"));
            if never_pitched {
                return Val::Num(f64::INFINITY);
            }
            let no_step = matches!(f.name.as_str(), "next_step_s" | "next_step_text")
                && v.spoken.next_step == Some(false);
            if no_step {
                return Val::Absent("no next step".into());
            }
            Val::Na(match why {
                Some(w) => format!("{} is empty: {w}", f.name),
                None => format!("{} is unknown for this call", f.name),
            })
        }
    }
}

fn show(val: &Val) -> String {
    match val {
        Val::Num(x) if x.is_infinite() => "never".into(),
        Val::Num(x) => num(*x),
        Val::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Val::Str(s) => format!("\"{s}\""),
        Val::Absent(w) | Val::Na(w) => w.clone(),
    }
}

/// A number in a note: at most two decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn lit_show(l: &Lit) -> String {
    match l {
        Lit::Num(x) => num(*x),
        Lit::Str(s) => s.clone(),
        Lit::Bool(b) => b.to_string(),
    }
}

fn compare(a: &Val, op: Op, b: &Val) -> Truth {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Str(x), Val::Str(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::Na(_), _) | (_, Val::Na(_)) => return Truth::Na,
        _ => return Truth::False,
    };
    let Some(o) = ord else {
        return Truth::Na;
    };
    let yes = match op {
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Eq => o == Ordering::Equal,
        Op::Ne => o != Ordering::Equal,
    };
    if yes {
        Truth::True
    } else {
        Truth::False
    }
}

fn lit_val(l: &Lit) -> Val {
    match l {
        Lit::Num(x) => Val::Num(*x),
        Lit::Str(s) => Val::Str(s.clone()),
        Lit::Bool(b) => Val::Bool(*b),
    }
}

fn record(t: &mut Trace, truth: Truth, f: &Field, val: &Val, note: String, v: &CallView) {
    match truth {
        Truth::Na => t.na.push(match val {
            Val::Na(w) => w.clone(),
            _ => format!("{} cannot be compared", f.name),
        }),
        _ => {
            t.notes.push(note);
            if f.kind != Kind::Str {
                t.moments.extend(v.moment_for(&f.name));
            }
        }
    }
}

fn eval(c: &Cond, v: &CallView, t: &mut Trace) -> Truth {
    match c {
        Cond::Or(parts) => {
            let mut out = Truth::False;
            for p in parts {
                match eval(p, v, t) {
                    Truth::True => return Truth::True,
                    Truth::Na => out = Truth::Na,
                    Truth::False => {}
                }
            }
            out
        }
        Cond::And(parts) => {
            let mut out = Truth::True;
            for p in parts {
                match eval(p, v, t) {
                    Truth::False => out = Truth::False,
                    Truth::Na if out == Truth::True => out = Truth::Na,
                    _ => {}
                }
            }
            out
        }
        Cond::Not(x) => match eval(x, v, t) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Na => Truth::Na,
        },
        Cond::Flag(f) => {
            let val = value(f, v);
            let truth = compare(&val, Op::Eq, &Val::Bool(true));
            record(t, truth, f, &val, format!("{} = {}", f.name, show(&val)), v);
            truth
        }
        Cond::Cmp(f, op, l) => {
            let val = value(f, v);
            let truth = compare(&val, *op, &lit_val(l));
            let note = format!(
                "{} = {}, needs {} {}",
                f.name,
                show(&val),
                op.as_str(),
                lit_show(l)
            );
            record(t, truth, f, &val, note, v);
            truth
        }
        Cond::CmpFields(a, op, b) => {
            let (x, y) = (value(a, v), value(b, v));
            let truth = compare(&x, *op, &y);
            let note = format!(
                "{} = {}, {} = {}, needs {} {} {}",
                a.name,
                show(&x),
                b.name,
                show(&y),
                a.name,
                op.as_str(),
                b.name
            );
            record(t, truth, a, &x, note, v);
            truth
        }
        Cond::In(f, set, negated) => {
            let val = value(f, v);
            let mut truth = Truth::False;
            for l in set {
                match compare(&val, Op::Eq, &lit_val(l)) {
                    Truth::True => truth = Truth::True,
                    Truth::Na => truth = Truth::Na,
                    Truth::False => {}
                }
            }
            if *negated && truth != Truth::Na {
                truth = if truth == Truth::True {
                    Truth::False
                } else {
                    Truth::True
                };
            }
            let names: Vec<String> = set.iter().map(lit_show).collect();
            let note = format!(
                "{} = {}, needs {}in ({})",
                f.name,
                show(&val),
                if *negated { "not " } else { "" },
                names.join(", ")
            );
            record(t, truth, f, &val, note, v);
            truth
        }
        Cond::Said(s) => said(s, v, t),
    }
}

fn said(s: &SaidCond, v: &CallView, t: &mut Trace) -> Truth {
    let call = v.call;
    if !call.has_text {
        t.na.push(format!(
            "{}: no text, the format is a timeline only",
            s.text
        ));
        return Truth::Na;
    }
    let known = |role: Role| call.speakers.iter().any(|sp| sp.role == role);
    match s.by {
        Who::Rep if call.rep_speaker().is_none() => {
            t.na.push(format!("{}: the rep is not among the speakers", s.text));
            return Truth::Na;
        }
        Who::Buyer if !known(Role::Buyer) => {
            t.na.push(format!("{}: no speaker is known to be a buyer", s.text));
            return Truth::Na;
        }
        _ => {}
    }
    let dur = call.duration_ms();
    let in_window = |at: u64| match s.window {
        None => true,
        Some(Window::FirstMs(ms)) => at < ms,
        Some(Window::LastMs(ms)) => at >= dur.saturating_sub(ms),
        Some(Window::FirstShare(x)) => (at as f64) < dur as f64 * x,
        Some(Window::LastShare(x)) => (at as f64) >= dur as f64 * (1.0 - x),
    };
    let who_ok = |role: Role| match s.by {
        Who::Rep => role == Role::Rep,
        Who::Buyer => role == Role::Buyer,
        Who::Colleague => role == Role::Colleague,
        Who::Internal => role.is_internal(),
        Who::Anyone => true,
    };
    let d = v.detectors;
    let hit = v.sentences.iter().find(|x| {
        if !who_ok(x.role) || !in_window(x.at_ms) || (s.in_question && x.question.is_none()) {
            return false;
        }
        s.matchers.iter().any(|m| match m {
            Matcher::Question => x.question.is_some(),
            Matcher::Pitch => d
                .pitch
                .pitch_cue_in(&x.norm, x.question.is_some())
                .is_some(),
            Matcher::NextStep => d.next_step.proposes_in(&x.norm, x.question).is_some(),
            Matcher::Phrases(set) => set.any(&x.norm),
            Matcher::Tracker(i) => d.trackers[*i].1.any(&x.norm),
        })
    });
    match hit {
        Some(x) => {
            t.notes
                .push(format!("{}: yes, at {}", s.text, clock(x.at_ms)));
            t.moments.push(Moment {
                at_ms: x.at_ms,
                quote: crate::metrics::spoken::quote(&x.text),
                line: call.turns[x.turn].line,
            });
            Truth::True
        }
        None => {
            t.notes.push(format!("{}: not said", s.text));
            Truth::False
        }
    }
}

/// `mm:ss`, or `h:mm:ss` past an hour: how players show a time.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

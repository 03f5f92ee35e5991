//! Rules: the agreed behaviour, written down so a machine can check it on
//! every call. `talk_ratio <= 0.5`, `first_pitch_min >= 12 where call_type =
//! discovery`, `not said(pitch) by rep within first 12 min`,
//! `next_step_has_date and next_step_has_owner`.
//!
//! A rule is parsed (`parse`), then compiled against the run's columns and
//! playbook (names resolved, phrases compiled), then evaluated on each call in
//! the batch workers (`eval`), where the transcript is still at hand. Every
//! verdict is pass, fail or not applicable, with what was measured and the
//! moment of the call that shows it. The language is documented in
//! `docs/targets.md`.

pub mod eval;
pub mod parse;

use crate::metrics::phrases::PhraseSet;
use crate::metrics::spoken::Detectors;
use crate::playbook::SaidBy;
pub use parse::{Op, RuleError, Who, Window};

/// What kind of value a call field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Num,
    Bool,
    Str,
}

/// Text fields of `calls`; every other column is a number except [`BOOL_FIELDS`].
pub const STR_FIELDS: &[&str] = &[
    "call_id",
    "source",
    "format",
    "rep",
    "team",
    "date",
    "call_type",
    "talk_denominator",
    "diarization_warning",
    "next_step_text",
    "rep_unresolved",
    "warnings",
    "empty_because",
];

pub const BOOL_FIELDS: &[&str] = &["next_step", "next_step_has_date", "next_step_has_owner"];

pub fn kind_of(column: &str) -> Kind {
    if STR_FIELDS.contains(&column) {
        Kind::Str
    } else if BOOL_FIELDS.contains(&column) {
        Kind::Bool
    } else {
        Kind::Num
    }
}

/// A column of `calls`, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub col: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Num(f64),
    Str(String),
    Bool(bool),
}

/// What a `said` condition looks for in a sentence.
pub enum Matcher {
    Phrases(PhraseSet),
    /// Index into the playbook's trackers.
    Tracker(usize),
    Pitch,
    NextStep,
    Question,
}

pub struct SaidCond {
    pub text: String,
    pub matchers: Vec<Matcher>,
    pub by: Who,
    pub window: Option<Window>,
    pub in_question: bool,
}

/// A compiled condition.
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    Cmp(Field, Op, Lit),
    CmpFields(Field, Op, Field),
    In(Field, Vec<Lit>, bool),
    Flag(Field),
    Said(SaidCond),
}

/// A rule ready to evaluate.
pub struct Rule {
    pub text: String,
    pub cond: Cond,
    pub filter: Option<Cond>,
    /// When the rule is one comparison of a number with a constant: the
    /// metric, the comparison and the threshold (to draw the target line).
    pub line: Option<(Field, Op, f64)>,
}

/// Names `said(...)` accepts besides trackers.
const DETECTORS: &[&str] = &["pitch", "next_step", "question"];

impl Rule {
    /// Parses and compiles `text` against the `calls` columns of the run and
    /// its playbook.
    pub fn compile(text: &str, columns: &[String], d: &Detectors) -> Result<Rule, RuleError> {
        let parsed = parse::parse(text)?;
        let c = Compiler { text, columns, d };
        let cond = c.cond(&parsed.expr)?;
        let filter = parsed.filter.as_ref().map(|f| c.cond(f)).transpose()?;
        let line = match &cond {
            Cond::Cmp(f, op, Lit::Num(n)) if f.kind == Kind::Num => Some((f.clone(), *op, *n)),
            _ => None,
        };
        Ok(Rule {
            text: text.trim().to_string(),
            cond,
            filter,
            line,
        })
    }
}

struct Compiler<'a> {
    text: &'a str,
    columns: &'a [String],
    d: &'a Detectors,
}

impl Compiler<'_> {
    fn err(&self, at: usize, message: String) -> RuleError {
        RuleError {
            rule: self.text.to_string(),
            at,
            message,
        }
    }

    fn field(&self, name: &str, span: parse::Span) -> Result<Field, RuleError> {
        let col = self.columns.iter().position(|c| c == name).or_else(|| {
            // A tracker by its own name: `pricing >= 2`.
            let t = format!("tracker_{name}");
            self.columns.iter().position(|c| *c == t)
        });
        match col {
            Some(col) => Ok(Field {
                name: self.columns[col].clone(),
                col,
                kind: kind_of(&self.columns[col]),
            }),
            None => {
                let hint = closest(name, self.columns)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                Err(self.err(
                    span.0,
                    format!("unknown metric or field `{name}`{hint} (see docs/metrics.md for the names)"),
                ))
            }
        }
    }

    fn is_field(&self, name: &str) -> bool {
        self.columns
            .iter()
            .any(|c| c == name || *c == format!("tracker_{name}"))
    }

    fn lit(&self, v: &parse::Value, kind: Kind) -> Result<Lit, RuleError> {
        use parse::Value;
        let lit = match v {
            Value::Num(n, _) => Lit::Num(*n),
            Value::Str(s, _) => Lit::Str(s.clone()),
            Value::Bool(b, _) => Lit::Bool(*b),
            // A bare word that names no field is text: `call_type = discovery`.
            Value::Name(n, _) => Lit::Str(n.clone()),
        };
        let ok = matches!(
            (&lit, kind),
            (Lit::Num(_), Kind::Num) | (Lit::Str(_), Kind::Str) | (Lit::Bool(_), Kind::Bool)
        );
        if !ok {
            let want = match kind {
                Kind::Num => "a number",
                Kind::Str => "a text value",
                Kind::Bool => "true or false",
            };
            return Err(self.err(v.span().0, format!("expected {want} here")));
        }
        Ok(lit)
    }

    fn cond(&self, e: &parse::Expr) -> Result<Cond, RuleError> {
        use parse::{Expr, Value};
        Ok(match e {
            Expr::Or(v) => Cond::Or(v.iter().map(|x| self.cond(x)).collect::<Result<_, _>>()?),
            Expr::And(v) => Cond::And(v.iter().map(|x| self.cond(x)).collect::<Result<_, _>>()?),
            Expr::Not(x) => Cond::Not(Box::new(self.cond(x)?)),
            Expr::Flag(name, span) => {
                let f = self.field(name, *span)?;
                if f.kind != Kind::Bool {
                    return Err(self.err(
                        span.0,
                        format!(
                            "`{}` is not yes/no; compare it, e.g. `{} > 0`",
                            f.name, f.name
                        ),
                    ));
                }
                Cond::Flag(f)
            }
            Expr::Cmp(a, op, b) => {
                let a_field = matches!(a, Value::Name(n, _) if self.is_field(n));
                let b_field = matches!(b, Value::Name(n, _) if self.is_field(n));
                match (a, b) {
                    (Value::Name(x, sx), Value::Name(y, sy)) if a_field && b_field => {
                        let (fx, fy) = (self.field(x, *sx)?, self.field(y, *sy)?);
                        if fx.kind != fy.kind {
                            return Err(self.err(
                                sy.0,
                                format!("`{}` and `{}` cannot be compared", fx.name, fy.name),
                            ));
                        }
                        Cond::CmpFields(fx, *op, fy)
                    }
                    (Value::Name(x, sx), _) if a_field || !matches!(b, Value::Name(..)) => {
                        let f = self.field(x, *sx)?;
                        self.check_op(&f, *op, *sx)?;
                        let l = self.lit(b, f.kind)?;
                        Cond::Cmp(f, *op, l)
                    }
                    (_, Value::Name(y, sy)) => {
                        let f = self.field(y, *sy)?;
                        self.check_op(&f, *op, *sy)?;
                        let l = self.lit(a, f.kind)?;
                        Cond::Cmp(f, flip(*op), l)
                    }
                    _ => {
                        return Err(self.err(
                            a.span().0,
                            "a comparison needs a metric or field on one side".into(),
                        ))
                    }
                }
            }
            Expr::In(v, set, negated) => {
                let Value::Name(n, span) = v else {
                    return Err(self.err(
                        v.span().0,
                        "`in` needs a field on its left, e.g. `call_type in (discovery, demo)`"
                            .into(),
                    ));
                };
                let f = self.field(n, *span)?;
                let set = set
                    .iter()
                    .map(|x| self.lit(x, f.kind))
                    .collect::<Result<_, _>>()?;
                Cond::In(f, set, *negated)
            }
            Expr::Said(s) => Cond::Said(self.said(s)?),
        })
    }

    fn check_op(&self, f: &Field, op: Op, span: parse::Span) -> Result<(), RuleError> {
        if f.kind == Kind::Bool && !matches!(op, Op::Eq | Op::Ne) {
            return Err(self.err(span.0, format!("`{}` is yes/no: use = or !=", f.name)));
        }
        Ok(())
    }

    fn said(&self, s: &parse::Said) -> Result<SaidCond, RuleError> {
        let mut matchers = Vec::new();
        let mut literals = Vec::new();
        let mut default_by = Who::Anyone;
        let mut in_question = s.in_question;
        for p in &s.phrases {
            match p {
                parse::Phrase::Literal(t) => literals.push(t.clone()),
                parse::Phrase::Named(n, span) => match n.as_str() {
                    "pitch" => {
                        default_by = Who::Rep;
                        matchers.push(Matcher::Pitch)
                    }
                    "next_step" => matchers.push(Matcher::NextStep),
                    "question" | "questions" => matchers.push(Matcher::Question),
                    _ => {
                        let Some(i) = self
                            .d
                            .trackers
                            .iter()
                            .position(|(t, _)| t.name.eq_ignore_ascii_case(n))
                        else {
                            let mut names: Vec<&str> = DETECTORS.to_vec();
                            names.extend(self.d.trackers.iter().map(|(t, _)| t.name.as_str()));
                            return Err(self.err(
                                span.0,
                                format!(
                                    "`{n}` is neither a tracker nor a detector; one of: {} (or a \"quoted phrase\")",
                                    names.join(", ")
                                ),
                            ));
                        };
                        let t = &self.d.trackers[i].0;
                        if s.phrases.len() == 1 {
                            default_by = match t.said_by {
                                SaidBy::Anyone => Who::Anyone,
                                SaidBy::Rep => Who::Rep,
                                SaidBy::Buyer => Who::Buyer,
                            };
                            in_question |= t.in_question;
                        }
                        matchers.push(Matcher::Tracker(i));
                    }
                },
            }
        }
        if !literals.is_empty() {
            matchers.push(Matcher::Phrases(PhraseSet::new(
                literals.iter().map(|l| (l.as_str(), 0, false)),
            )));
        }
        Ok(SaidCond {
            text: describe_said(s),
            matchers,
            by: s.by.unwrap_or(default_by),
            window: s.window,
            in_question,
        })
    }
}

/// `a op b` is `b flip(op) a`.
fn flip(op: Op) -> Op {
    match op {
        Op::Lt => Op::Gt,
        Op::Le => Op::Ge,
        Op::Gt => Op::Lt,
        Op::Ge => Op::Le,
        other => other,
    }
}

/// The said-condition as the user would write it, for notes.
fn describe_said(s: &parse::Said) -> String {
    let phrases: Vec<String> = s
        .phrases
        .iter()
        .map(|p| match p {
            parse::Phrase::Literal(t) => format!("\"{t}\""),
            parse::Phrase::Named(n, _) => n.clone(),
        })
        .collect();
    let mut out = format!("said({})", phrases.join(", "));
    if let Some(by) = s.by {
        out.push_str(match by {
            Who::Rep => " by rep",
            Who::Buyer => " by buyer",
            Who::Colleague => " by colleague",
            Who::Internal => " by internal",
            Who::Anyone => " by anyone",
        });
    }
    match s.window {
        Some(Window::FirstMs(ms)) => out.push_str(&format!(" within first {}", dur(ms))),
        Some(Window::LastMs(ms)) => out.push_str(&format!(" within last {}", dur(ms))),
        Some(Window::FirstShare(x)) => out.push_str(&format!(" within first {}%", x * 100.0)),
        Some(Window::LastShare(x)) => out.push_str(&format!(" within last {}%", x * 100.0)),
        None => {}
    }
    if s.in_question {
        out.push_str(" in question");
    }
    out
}

fn dur(ms: u64) -> String {
    if ms % 60_000 == 0 {
        format!("{} min", ms / 60_000)
    } else {
        format!("{} s", ms as f64 / 1000.0)
    }
}

/// The column name nearest to `name` by edit distance, when close enough to
/// be a typo.
fn closest<'a>(name: &str, columns: &'a [String]) -> Option<&'a str> {
    columns
        .iter()
        .map(|c| (edit_distance(name, c), c.as_str()))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

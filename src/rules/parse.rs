//! The rule language's grammar: text in, syntax tree out, or an error that
//! points at the offending character and says what was expected.
//!
//! ```text
//! rule     := expr [ "where" expr ]
//! expr     := and ( "or" and )*
//! and      := unary ( "and" unary )*
//! unary    := "not" unary | atom
//! atom     := "(" expr ")" | said | compare | NAME
//! compare  := value OP value | value [ "not" ] "in" "(" value ( "," value )* ")"
//! value    := NAME | NUMBER [ "%" ] | STRING | DATE | "true" | "false"
//! said     := ( "said" | "asked" ) "(" phrase ( "," phrase )* ")"
//!             [ "by" WHO ] [ "within" ( "first" | "last" ) NUMBER UNIT ] [ "in" "question" ]
//! phrase   := STRING | NAME
//! OP       := "<" | "<=" | ">" | ">=" | "=" | "==" | "!="
//! WHO      := "rep" | "buyer" | "colleague" | "internal" | "anyone"
//! UNIT     := "min" | "s" | "%"
//! ```
//!
//! Names are resolved (metric, call field or tracker) by `compile`, not here.

use std::fmt;

/// A byte range of the rule text, for error carets.
pub type Span = (usize, usize);

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Cmp(Value, Op, Value),
    In(Value, Vec<Value>, bool),
    /// A bare name: a yes/no metric (`next_step_has_date`).
    Flag(String, Span),
    Said(Said),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Name(String, Span),
    Num(f64, Span),
    Str(String, Span),
    Bool(bool, Span),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Name(_, s) | Value::Num(_, s) | Value::Str(_, s) | Value::Bool(_, s) => *s,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
            Op::Ne => "!=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Rep,
    Buyer,
    Colleague,
    Internal,
    Anyone,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Window {
    FirstMs(u64),
    LastMs(u64),
    FirstShare(f64),
    LastShare(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phrase {
    /// Words said, matched whole-word, ignoring case and punctuation.
    Literal(String),
    /// A tracker, or one of the detectors `pitch`, `next_step`, `question`.
    Named(String, Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub phrases: Vec<Phrase>,
    pub by: Option<Who>,
    pub window: Option<Window>,
    pub in_question: bool,
}

/// The parsed rule: what each call must satisfy, and which calls it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub expr: Expr,
    pub filter: Option<Expr>,
}

/// A rule that could not be read, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub rule: String,
    pub at: usize,
    pub message: String,
}

/// `message`, then the rule with a caret under the offending character.
impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let col = self.rule[..self.at.min(self.rule.len())].chars().count();
        write!(
            f,
            "bad rule: {} (at character {})\n  {}\n  {}^",
            self.message,
            col + 1,
            self.rule,
            " ".repeat(col)
        )
    }
}

impl std::error::Error for RuleError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Num(f64),
    Str(String),
    Date(String),
    Sym(&'static str),
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Name(n) => format!("`{n}`"),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Str(s) => format!("the text \"{s}\""),
            Tok::Date(d) => format!("the date {d}"),
            Tok::Sym(s) => format!("`{s}`"),
            Tok::End => "the end of the rule".into(),
        }
    }
}

const SYMBOLS: &[&str] = &["<=", ">=", "==", "!=", "<", ">", "=", "(", ")", ",", "%"];

fn lex(text: &str) -> Result<Vec<(Tok, Span)>, RuleError> {
    let err = |at: usize, message: String| RuleError {
        rule: text.to_string(),
        at,
        message,
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'"' || c == b'\'' {
            let close = text[i + 1..]
                .find(c as char)
                .ok_or_else(|| err(start, "this quote is never closed".into()))?;
            let s = &text[i + 1..i + 1 + close];
            i += close + 2;
            out.push((Tok::Str(s.to_string()), (start, i)));
        } else if c.is_ascii_digit()
            || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b'-') {
                i += 1;
            }
            let s = &text[start..i];
            let date = s.len() == 10
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[7] == b'-'
                && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
            if date {
                out.push((Tok::Date(s.to_string()), (start, i)));
            } else {
                let n: f64 = s.parse().map_err(|_| {
                    err(start, format!("`{s}` is not a number or a YYYY-MM-DD date"))
                })?;
                out.push((Tok::Num(n), (start, i)));
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                i += 1;
            }
            out.push((Tok::Name(text[start..i].to_ascii_lowercase()), (start, i)));
        } else if let Some(sym) = SYMBOLS.iter().find(|s| text[i..].starts_with(**s)) {
            i += sym.len();
            out.push((Tok::Sym(sym), (start, i)));
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            return Err(err(
                start,
                format!("unexpected character `{ch}`; rules use names, numbers, \"text\", comparisons (< <= > >= = !=), and, or, not, ( )"),
            ));
        }
    }
    out.push((Tok::End, (text.len(), text.len())));
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(Tok, Span)>,
    pos: usize,
}

/// Parses one rule.
pub fn parse(text: &str) -> Result<Parsed, RuleError> {
    let mut p = Parser {
        text,
        toks: lex(text)?,
        pos: 0,
    };
    if p.peek() == &Tok::End {
        return Err(p.expected("a condition, e.g. `talk_ratio <= 0.5`"));
    }
    let expr = p.expr()?;
    let filter = if p.eat_name("where") {
        Some(p.expr()?)
    } else {
        None
    };
    if p.peek() != &Tok::End {
        return Err(p.expected("`and`, `or`, `where` or the end of the rule"));
    }
    Ok(Parsed { expr, filter })
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn span(&self) -> Span {
        self.toks[self.pos].1
    }

    fn next(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn err_at(&self, at: usize, message: String) -> RuleError {
        RuleError {
            rule: self.text.to_string(),
            at,
            message,
        }
    }

    fn expected(&self, what: &str) -> RuleError {
        self.err_at(
            self.span().0,
            format!("expected {what}, found {}", self.peek().describe()),
        )
    }

    fn is_name(&self, n: &str) -> bool {
        matches!(self.peek(), Tok::Name(x) if x == n)
    }

    fn eat_name(&mut self, n: &str) -> bool {
        let yes = self.is_name(n);
        if yes {
            self.next();
        }
        yes
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        let yes = matches!(self.peek(), Tok::Sym(x) if *x == s);
        if yes {
            self.next();
        }
        yes
    }

    fn expr(&mut self) -> Result<Expr, RuleError> {
        let mut parts = vec![self.and()?];
        while self.eat_name("or") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, RuleError> {
        let mut parts = vec![self.unary()?];
        while self.eat_name("and") {
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Expr::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Expr, RuleError> {
        if self.eat_name("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, RuleError> {
        if self.eat_sym("(") {
            let e = self.expr()?;
            if !self.eat_sym(")") {
                return Err(self.expected("`)` to close the `(`"));
            }
            return Ok(e);
        }
        if self.is_name("said") || self.is_name("asked") {
            return self.said();
        }
        let left = self.value()?;
        let op = match self.peek() {
            Tok::Sym("<") => Some(Op::Lt),
            Tok::Sym("<=") => Some(Op::Le),
            Tok::Sym(">") => Some(Op::Gt),
            Tok::Sym(">=") => Some(Op::Ge),
            Tok::Sym("=") | Tok::Sym("==") => Some(Op::Eq),
            Tok::Sym("!=") => Some(Op::Ne),
            _ => None,
        };
        if let Some(op) = op {
            self.next();
            let right = self.value()?;
            return Ok(Expr::Cmp(left, op, right));
        }
        let negated = self.is_name("not")
            && matches!(self.toks.get(self.pos + 1), Some((Tok::Name(n), _)) if n == "in");
        if negated {
            self.next();
        }
        if self.eat_name("in") {
            if !self.eat_sym("(") {
                return Err(self.expected("`(` and a list of values, e.g. `in (discovery, demo)`"));
            }
            let mut set = vec![self.value()?];
            while self.eat_sym(",") {
                set.push(self.value()?);
            }
            if !self.eat_sym(")") {
                return Err(self.expected("`,` or `)` to close the list"));
            }
            return Ok(Expr::In(left, set, negated));
        }
        match left {
            Value::Name(n, span) => Ok(Expr::Flag(n, span)),
            other => Err(self.err_at(
                other.span().1,
                format!(
                    "expected a comparison (< <= > >= = !=) after this value, found {}",
                    self.peek().describe()
                ),
            )),
        }
    }

    fn value(&mut self) -> Result<Value, RuleError> {
        let (tok, span) = self.toks[self.pos].clone();
        let v = match tok {
            Tok::Name(n) if n == "true" || n == "false" => Value::Bool(n == "true", span),
            Tok::Name(n) if matches!(n.as_str(), "and" | "or" | "not" | "where") => {
                return Err(self.expected("a metric, a field or a value"))
            }
            Tok::Name(n) => Value::Name(n, span),
            Tok::Str(s) => Value::Str(s, span),
            Tok::Date(d) => Value::Str(d, span),
            Tok::Num(n) => {
                self.next();
                if self.eat_sym("%") {
                    let end = self.toks[self.pos - 1].1 .1;
                    return Ok(Value::Num(n / 100.0, (span.0, end)));
                }
                return Ok(Value::Num(n, span));
            }
            _ => return Err(self.expected("a metric, a field or a value")),
        };
        self.next();
        Ok(v)
    }

    fn said(&mut self) -> Result<Expr, RuleError> {
        let asked = self.is_name("asked");
        self.next();
        if !self.eat_sym("(") {
            return Err(
                self.expected("`(` and what is said, e.g. `said(\"pricing\")` or `said(pitch)`")
            );
        }
        let mut phrases = Vec::new();
        loop {
            let (tok, span) = self.next();
            match tok {
                Tok::Str(s) if !s.trim().is_empty() => phrases.push(Phrase::Literal(s)),
                Tok::Str(_) => {
                    return Err(self.err_at(span.0, "an empty phrase matches nothing".into()))
                }
                Tok::Name(n) => phrases.push(Phrase::Named(n, span)),
                other => {
                    return Err(self.err_at(
                        span.0,
                        format!(
                            "expected a \"phrase\" or a tracker name, found {}",
                            other.describe()
                        ),
                    ))
                }
            }
            if self.eat_sym(")") {
                break;
            }
            if !self.eat_sym(",") {
                return Err(self.expected("`,` or `)`"));
            }
        }
        let mut said = Said {
            phrases,
            by: None,
            window: None,
            in_question: asked,
        };
        loop {
            if self.eat_name("by") {
                let who = match self.peek() {
                    Tok::Name(n) => match n.as_str() {
                        "rep" => Some(Who::Rep),
                        "buyer" | "customer" | "prospect" => Some(Who::Buyer),
                        "colleague" => Some(Who::Colleague),
                        "internal" => Some(Who::Internal),
                        "anyone" | "anybody" => Some(Who::Anyone),
                        _ => None,
                    },
                    _ => None,
                };
                let Some(who) = who else {
                    return Err(
                        self.expected("who says it: rep, buyer, colleague, internal or anyone")
                    );
                };
                self.next();
                said.by = Some(who);
            } else if self.eat_name("within") {
                let first = if self.eat_name("first") {
                    true
                } else if self.eat_name("last") {
                    false
                } else {
                    return Err(self.expected("`first` or `last`, e.g. `within first 12 min`"));
                };
                let (tok, span) = self.next();
                let Tok::Num(n) = tok else {
                    return Err(self.err_at(
                        span.0,
                        format!("expected a number, found {}", tok.describe()),
                    ));
                };
                if n < 0.0 {
                    return Err(self.err_at(span.0, "a window cannot be negative".into()));
                }
                let unit_at = self.span().0;
                let w = if self.eat_sym("%") {
                    if n > 100.0 {
                        return Err(
                            self.err_at(span.0, "a share of the call is at most 100%".into())
                        );
                    }
                    let s = n / 100.0;
                    if first {
                        Window::FirstShare(s)
                    } else {
                        Window::LastShare(s)
                    }
                } else {
                    let ms = match self.peek() {
                        Tok::Name(u)
                            if matches!(
                                u.as_str(),
                                "min" | "mins" | "minute" | "minutes" | "m"
                            ) =>
                        {
                            60_000.0
                        }
                        Tok::Name(u)
                            if matches!(
                                u.as_str(),
                                "s" | "sec" | "secs" | "second" | "seconds"
                            ) =>
                        {
                            1000.0
                        }
                        _ => {
                            return Err(self.err_at(
                                unit_at,
                                format!(
                                    "expected a unit (min, s or %), found {}",
                                    self.peek().describe()
                                ),
                            ))
                        }
                    };
                    self.next();
                    let ms = (n * ms).round() as u64;
                    if first {
                        Window::FirstMs(ms)
                    } else {
                        Window::LastMs(ms)
                    }
                };
                said.window = Some(w);
            } else if self.is_name("in")
                && matches!(self.toks.get(self.pos + 1), Some((Tok::Name(n), _)) if n == "question" || n == "questions")
            {
                self.next();
                self.next();
                said.in_question = true;
            } else {
                break;
            }
        }
        Ok(Expr::Said(said))
    }
}

#[cfg(test)]
mod tests;

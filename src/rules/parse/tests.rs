use super::*;

fn err(rule: &str) -> RuleError {
    parse(rule).expect_err(rule)
}

#[test]
fn comparisons_filters_and_logic() {
    let p = parse("first_pitch_min >= 12 where call_type = discovery").unwrap();
    assert!(
        matches!(p.expr, Expr::Cmp(Value::Name(ref n, _), Op::Ge, Value::Num(x, _)) if n == "first_pitch_min" && x == 12.0)
    );
    assert!(
        matches!(p.filter, Some(Expr::Cmp(_, Op::Eq, Value::Name(ref d, _))) if d == "discovery")
    );
    let p = parse("talk_ratio <= 50% and not (rep_questions < 11 or next_step_has_date)").unwrap();
    let Expr::And(parts) = p.expr else { panic!() };
    assert!(matches!(parts[0], Expr::Cmp(_, Op::Le, Value::Num(x, _)) if (x - 0.5).abs() < 1e-12));
    assert!(matches!(&parts[1], Expr::Not(b) if matches!(**b, Expr::Or(_))));
    let p = parse("date >= 2026-11-16 and call_type not in (demo, 'follow up')").unwrap();
    let Expr::And(parts) = p.expr else { panic!() };
    assert!(matches!(&parts[0], Expr::Cmp(_, Op::Ge, Value::Str(d, _)) if d == "2026-11-16"));
    assert!(matches!(&parts[1], Expr::In(_, set, true) if set.len() == 2));
}

#[test]
fn said_conditions() {
    let p = parse("not said(pitch) by rep within first 12 min").unwrap();
    let Expr::Not(inner) = p.expr else { panic!() };
    let Expr::Said(s) = *inner else { panic!() };
    assert_eq!(s.by, Some(Who::Rep));
    assert_eq!(s.window, Some(Window::FirstMs(720_000)));
    let p = parse("asked(\"budget\", 'timeline') by rep within last 10%").unwrap();
    let Expr::Said(s) = p.expr else { panic!() };
    assert!(s.in_question);
    assert_eq!(s.phrases.len(), 2);
    assert_eq!(s.window, Some(Window::LastShare(0.1)));
    let p = parse("said(pricing) by buyer in question").unwrap();
    let Expr::Said(s) = p.expr else { panic!() };
    assert!(s.in_question && s.by == Some(Who::Buyer));
}

#[test]
fn errors_point_at_the_character_and_say_what_was_expected() {
    let e = err("talk_ratio <= ");
    assert_eq!(e.at, 14);
    assert!(
        e.message.contains("expected a metric, a field or a value"),
        "{e}"
    );
    let shown = e.to_string();
    assert!(
        shown.ends_with("\n  talk_ratio <= \n                ^"),
        "{shown:?}"
    );

    let e = err("talk_ratio 0.5");
    assert!(e.message.contains("found the number 0.5"), "{e}");
    assert_eq!(e.at, 11);

    let e = err("(talk_ratio < 1");
    assert!(e.message.contains("`)`"), "{e}");
    let e = err("said(pitch) within 12 min");
    assert!(e.message.contains("`first` or `last`"), "{e}");
    let e = err("said(pitch) within first 12 hours");
    assert!(e.message.contains("unit"), "{e}");
    assert_eq!(e.at, 28);
    let e = err("said(pitch) by manager");
    assert!(e.message.contains("rep, buyer"), "{e}");
    let e = err("said(\"pricing");
    assert!(e.message.contains("never closed"), "{e}");
    assert_eq!(e.at, 5);
    let e = err("talk_ratio <= 0.5 talk_ratio");
    assert!(e.message.contains("`and`, `or`, `where`"), "{e}");
    let e = err("rep_questions ~ 3");
    assert!(e.message.contains("unexpected character `~`"), "{e}");
    assert!(err("").message.contains("expected a condition"));
    assert!(err("said()").message.contains("phrase"));
}

proptest::proptest! {
    /// Any text either parses or gives an error whose caret is inside the
    /// rule, on a character boundary; the display never panics.
    #[test]
    fn any_text_parses_or_points_inside_it(s in "\\PC{0,40}") {
        if let Err(e) = parse(&s) {
            proptest::prop_assert!(e.at <= s.len());
            proptest::prop_assert!(s.is_char_boundary(e.at));
            let _ = e.to_string();
        }
    }

    /// Rules built from the grammar's pieces always parse.
    #[test]
    fn grammatical_rules_parse(
        m in "(talk_ratio|rep_questions|first_pitch_min)",
        op in "(<|<=|>|>=|=|!=)",
        n in 0u32..100,
        who in "(rep|buyer|anyone)",
        w in "(first|last)",
    ) {
        let rule = format!("not ({m} {op} {n} or said(\"x y\", pitch) by {who} within {w} {n} min) where call_type in (a, 'b c') and date >= 2026-01-02");
        proptest::prop_assert!(parse(&rule).is_ok(), "{}", rule);
    }
}

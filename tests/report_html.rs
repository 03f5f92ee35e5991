//! The coaching report, read back with an HTML parser: every rep has a
//! section, every miss is listed with its time and words, team-wide gaps are
//! flagged, nothing is loaded from outside the file, and hostile names,
//! quotes and links stay inert text.

mod report_sample;

use callscore::report;
use report_sample::{CallSpec, Sample};
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

fn render(sample: &Sample, checked: bool) -> Html {
    Html::parse_document(&report::html(&sample.input(checked)).expect("renders"))
}

fn mmss(secs: f64) -> String {
    let t = secs.floor() as u64;
    format!("{:02}:{:02}", t / 60, t % 60)
}

#[test]
fn every_rep_has_a_section() {
    let s = report_sample::week();
    for checked in [true, false] {
        let doc = render(&s, checked);
        let mut names: Vec<String> = doc.select(&sel("section.rep h2")).map(text).collect();
        names.sort();
        assert_eq!(
            names,
            ["Dana Reyes", "Marcus Bell", "Priya Natarajan", "Sam Okafor"],
            "checked={checked}"
        );
        // The overview has a row per rep linking to the section.
        for a in doc.select(&sel("#overview-table tbody th a")) {
            let id = a.value().attr("href").unwrap().trim_start_matches('#');
            let section = doc.select(&sel(&format!("section#{id}"))).next();
            assert!(section.is_some(), "{id} has a section");
        }
        assert_eq!(doc.select(&sel("#overview-table tbody tr")).count(), 4);
    }
}

#[test]
fn every_violation_is_listed_with_its_time_and_quote() {
    let s = report_sample::week();
    let doc = render(&s, true);
    let moments: Vec<(String, String, String, Option<String>)> = doc
        .select(&sel("li.moment"))
        .map(|m| {
            let one = |q: &str| m.select(&sel(q)).next().map(text).unwrap_or_default();
            let href = m
                .select(&sel("a.listen"))
                .next()
                .and_then(|a| a.value().attr("href").map(str::to_string));
            (
                m.value().attr("data-call").unwrap_or("").to_string(),
                one(".m-at"),
                one(".m-quote"),
                href,
            )
        })
        .collect();
    let v = &s.violations;
    let col = |n: &str| v.columns.iter().position(|c| c == n).unwrap();
    assert!(!v.rows.is_empty());
    for row in &v.rows {
        let call = row[col("call_id")].to_text();
        let at = match &row[col("at_s")] {
            callscore::output::record::Cell::F64(Some(x)) => mmss(*x),
            other => panic!("at_s {other:?}"),
        };
        let quote = row[col("quote")].to_text();
        let link = row[col("link")].to_text();
        assert!(
            moments.iter().any(|(c, a, q, h)| c == &call
                && a == &at
                && q == &quote
                && h.as_deref() == Some(link.as_str())),
            "{call} at {at} with its quote and link"
        );
    }
    assert_eq!(moments.len(), v.rows.len());
}

#[test]
fn moments_beyond_the_cap_point_to_the_violations_table() {
    let s = report_sample::synthetic(2, 120, 4, 1);
    let doc = render(&s, true);
    let target = doc
        .select(&sel("section.rep article.target"))
        .next()
        .unwrap();
    assert_eq!(target.select(&sel("li.moment")).count(), 50);
    assert_eq!(
        text(target.select(&sel("p.more")).next().unwrap()),
        "70 more in violations.csv"
    );
}

#[test]
fn team_wide_gaps_are_flagged_as_group_topics() {
    let s = report_sample::week();
    assert!(!s.gaps.rows.is_empty());
    let doc = render(&s, true);
    let gaps: Vec<String> = doc.select(&sel("#gaps .gap h3")).map(text).collect();
    assert_eq!(gaps, ["Talk less than half the time"]);
    let gap = doc.select(&sel("#gaps .gap")).next().unwrap();
    assert!(text(gap).contains("missed by 3 of 4 reps"));
    assert_eq!(gap.select(&sel("a")).count(), 3, "links to the reps");

    // Without gap rows the section says so; without check it is absent.
    let mut none = report_sample::week();
    none.gaps.rows.clear();
    let doc = render(&none, true);
    assert_eq!(doc.select(&sel("#gaps .gap")).count(), 0);
    assert!(text(doc.select(&sel("#gaps")).next().unwrap()).contains("No target"));
    assert!(render(&none, false).select(&sel("#gaps")).next().is_none());
}

#[test]
fn overview_cells_carry_the_target_status_in_shape_and_words() {
    let doc = render(&report_sample::week(), true);
    let row = doc
        .select(&sel("#overview-table tbody tr"))
        .find(|r| r.value().attr("data-name") == Some("Marcus Bell"))
        .unwrap();
    let cells: Vec<ElementRef> = row.select(&sel("td.fig")).collect();
    // talk ratio missed, dated next step missed, questions unmarked
    let class = |i: usize| cells[i].value().attr("class").unwrap().to_string();
    assert_eq!(class(0), "fig miss");
    assert_eq!(class(2), "fig");
    assert_eq!(class(3), "fig miss");
    let icon = cells[0].select(&sel("svg.ico")).next().unwrap();
    assert_eq!(icon.value().attr("aria-label"), Some("target missed"));
}

#[test]
fn plain_score_has_the_overview_and_figures_without_statuses() {
    let doc = render(&report_sample::week(), false);
    assert_eq!(
        doc.select(&sel("td.fig.met, td.fig.miss, td.fig.na"))
            .count(),
        0
    );
    assert_eq!(doc.select(&sel("article.target")).count(), 0);
    assert_eq!(doc.select(&sel("table.figures")).count(), 4);
    assert!(doc.select(&sel("#gaps")).next().is_none());
    let summary = report::summary_md(&report_sample::week().input(false));
    assert!(summary.contains("## Dana Reyes, team East, 5 calls"));
    assert!(summary.contains("talk ratio 55% (team 47%)"), "{summary}");
}

#[test]
fn nothing_is_loaded_from_outside_the_file() {
    for checked in [true, false] {
        let doc = render(&report_sample::week(), checked);
        let all = sel("*");
        let mut scripts = 0;
        for e in doc.select(&all) {
            let el = e.value();
            let name = el.name();
            assert!(
                !matches!(
                    name,
                    "img"
                        | "iframe"
                        | "object"
                        | "embed"
                        | "video"
                        | "audio"
                        | "source"
                        | "image"
                        | "link"
                        | "frame"
                        | "base"
                        | "form"
                        | "foreignObject"
                ),
                "<{name}> element"
            );
            for (attr, value) in el.attrs() {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    attr != "src" && attr != "srcset" && attr != "background",
                    "<{name} {attr}>"
                );
                assert!(!attr.starts_with("on"), "<{name} {attr}>");
                assert!(attr != "style", "inline style on <{name}>");
                if attr == "href" || attr.ends_with(":href") {
                    match name {
                        "use" => assert!(v.starts_with('#'), "<use href={v}>"),
                        "a" => assert!(
                            v.starts_with('#')
                                || v.starts_with("https://")
                                || v.starts_with("http://"),
                            "<a href={v}>"
                        ),
                        _ => panic!("href on <{name}>"),
                    }
                    if v.starts_with("http") && name == "a" {
                        // Only recording links and the metric definitions leave the page.
                        let class = el.attr("class").unwrap_or("");
                        assert!(
                            class.contains("listen") || v.contains("metrics.md"),
                            "external link {v}"
                        );
                    }
                }
                if name == "meta" && attr == "http-equiv" {
                    assert_ne!(v, "refresh");
                }
            }
            if name == "script" {
                scripts += 1;
                assert!(el.attr("src").is_none());
            }
        }
        assert_eq!(scripts, 1, "one inline script");
        for style in doc.select(&sel("style")) {
            let css = text(style).to_ascii_lowercase();
            assert!(!css.contains("@import"));
            for (i, _) in css.match_indices("url(") {
                let rest = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
                assert!(
                    rest.starts_with('#'),
                    "url() to {}",
                    &rest[..rest.len().min(30)]
                );
            }
        }
        let csp = doc
            .select(&sel(r#"meta[http-equiv="Content-Security-Policy"]"#))
            .next()
            .expect("a CSP")
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }
}

const NAME: &str = "<script>alert(1)</script>";
const QUOTE: &str = "so </div><img src=x onerror=alert(1)> let me show you & \"demo\"";
const CALL: &str = "\"><svg onload=alert(1)>";
const SOURCE: &str = "week/<b>x</b>'.vtt";
const TEAM: &str = "East</td><td>";

fn hostile() -> Sample {
    let mut calls: Vec<CallSpec> = report_sample::week().calls;
    for c in calls.iter_mut().filter(|c| c.rep == "Dana Reyes") {
        c.rep = NAME.into();
        c.team = TEAM.into();
        c.pitch_quote = QUOTE.into();
        c.link = Some("javascript:alert(1)".into());
        c.source = SOURCE.into();
    }
    calls[0].call_id = CALL.into();
    Sample::from_calls(calls, true).with_timelines(2)
}

#[test]
fn hostile_names_quotes_and_links_are_inert_text() {
    let s = hostile();
    let doc = render(&s, true);
    let h2: Vec<String> = doc.select(&sel("section.rep h2")).map(text).collect();
    assert!(h2.iter().any(|t| t == NAME), "{h2:?}");
    let quotes: Vec<String> = doc.select(&sel(".m-quote")).map(text).collect();
    assert!(quotes.iter().any(|q| q == QUOTE));
    let calls: Vec<String> = doc.select(&sel(".m-call")).map(text).collect();
    assert!(calls.iter().any(|c| c == CALL));
    let sources: Vec<String> = doc.select(&sel(".m-src")).map(text).collect();
    assert!(sources.iter().any(|c| c.starts_with(SOURCE)), "{sources:?}");
    let gap_names: String = doc.select(&sel("#gaps a")).map(text).collect();
    assert!(gap_names.contains(NAME));
    assert!(doc
        .select(&sel("#overview-table td"))
        .any(|td| text(td) == TEAM));
    assert!(doc
        .select(&sel(".timeline-head b"))
        .any(|b| text(b) == CALL));

    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert!(
        !doc.select(&sel("b")).any(|b| text(b) == "x"),
        "no markup from file names"
    );
    for e in doc.select(&sel("*")) {
        for (attr, v) in e.value().attrs() {
            assert!(!attr.starts_with("on"), "{attr} on <{}>", e.value().name());
            assert!(
                !v.trim().to_ascii_lowercase().starts_with("javascript:"),
                "{attr}={v}"
            );
        }
    }
    // Only the definitions link and the other reps' recordings leave the page.
    let listen = doc.select(&sel("a.listen")).count();
    let dana_moments = s
        .violations
        .rows
        .iter()
        .filter(|r| r[0].to_text() == NAME)
        .count();
    assert!(dana_moments > 0);
    assert_eq!(
        listen,
        doc.select(&sel("li.moment")).count() - dana_moments
            + doc.select(&sel("figure.timeline a.listen")).count(),
    );

    let md = report::summary_md(&s.input(true));
    // Every `<` is escaped, except the one opening a checked link target.
    for (i, _) in md.match_indices('<') {
        assert!(
            md[..i].ends_with('\\')
                || (md[..i].ends_with("](") && md[i..].starts_with("<https://")),
            "unescaped < at {i}: {md}"
        );
    }
    assert!(md.contains("\\<script>alert(1)\\</script>"), "{md}");
    assert!(!md.contains("javascript:"));
}

#[test]
fn commitment_misses_are_listed_under_the_commitment_not_as_a_target() {
    use callscore::output::record::Cell;
    let mut s = report_sample::week();
    // `check` tells the two apart with `kind`.
    let v = &mut s.violations;
    v.columns.push("kind".into());
    for row in &mut v.rows {
        row.push(Cell::Str(Some("target".into())));
    }
    let mut miss = v.rows[0].clone();
    let col = |n: &str| v.columns.iter().position(|c| c == n).unwrap();
    miss[col("rep")] = Cell::Str(Some("Dana Reyes".into()));
    miss[col("target")] = Cell::Str(Some("Hold the pitch until minute 12".into()));
    miss[col("quote")] = Cell::Str(Some("Let me just show you the board real quick.".into()));
    miss[col("kind")] = Cell::Str(Some("commitment".into()));
    v.rows.push(miss);

    let doc = render(&s, true);
    let listed: Vec<String> = doc
        .select(&sel(".commitment-misses .m-quote"))
        .map(text)
        .collect();
    assert_eq!(listed, ["Let me just show you the board real quick."]);
    assert!(!doc
        .select(&sel("article.target .t-name"))
        .any(|t| text(t) == "Hold the pitch until minute 12"));
}

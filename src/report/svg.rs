//! Chart geometry. Charts are computed here as numbers and plain text, and
//! the template draws them as inline SVG, so every label and tooltip passes
//! through the template's HTML escaping like the rest of the page. Shapes
//! carry their meaning twice (a met week is a solid bar, a missed one a
//! hatched bar; a passing call a dot, a failing one a cross), so the charts
//! read without colour and in grey print.

use super::fmt::{clock, op_symbol, Unit, N};
use super::timeline::{MarkKind, Timeline};
use crate::model::Role;

/// A text label at a point.
pub struct Label {
    pub x: N,
    pub y: N,
    pub text: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
}

/// A bar of a weekly trend.
pub struct Bar {
    pub x: N,
    pub y: N,
    pub w: N,
    pub h: N,
    /// `met`, `miss` or `na`.
    pub class: &'static str,
    pub title: String,
}

/// One target's (or commitment's) share week by week.
pub struct Trend {
    pub w: N,
    pub h: N,
    pub bars: Vec<Bar>,
    /// The share needed, as a horizontal line.
    pub line_y: Option<N>,
    pub base_y: N,
    pub labels: Vec<Label>,
    pub desc: String,
}

/// One week's figure for [`trend`].
pub struct Week {
    pub week: String,
    pub share: Option<f64>,
    pub class: &'static str,
    pub title: String,
}

const TREND_BAR: f64 = 20.0;
const TREND_GAP: f64 = 8.0;
const TREND_H: f64 = 40.0;
const TREND_TOP: f64 = 14.0;

/// Bars of the share per week (0–100%), with the needed share as a line.
pub fn trend(weeks: &[Week], needed: Option<f64>) -> Trend {
    let left = 4.0;
    let w = left + weeks.len() as f64 * (TREND_BAR + TREND_GAP) + 2.0;
    let base = TREND_TOP + TREND_H;
    let y = |share: f64| base - share.clamp(0.0, 1.0) * TREND_H;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    let every = weeks.len().div_ceil(8).max(1);
    for (i, wk) in weeks.iter().enumerate() {
        let x = left + i as f64 * (TREND_BAR + TREND_GAP);
        // A week with no applicable call still gets a stub, so it reads as
        // "nothing to judge", not as 0%.
        let top = wk.share.map(y).unwrap_or(base - 2.0).min(base - 2.0);
        bars.push(Bar {
            x: N(x),
            y: N(top),
            w: N(TREND_BAR),
            h: N(base - top),
            class: wk.class,
            title: wk.title.clone(),
        });
        if weeks.len() <= 6 {
            if let Some(v) = wk.share {
                labels.push(Label {
                    x: N(x + TREND_BAR / 2.0),
                    y: N(top - 3.0),
                    text: format!("{:.0}%", v * 100.0),
                    anchor: "middle",
                });
            }
        }
        if i % every == 0 || i + 1 == weeks.len() {
            let short = wk.week.rsplit('-').next().unwrap_or(&wk.week).to_string();
            labels.push(Label {
                x: N(x + TREND_BAR / 2.0),
                y: N(base + 11.0),
                text: short,
                anchor: "middle",
            });
        }
    }
    Trend {
        w: N(w.max(48.0)),
        h: N(base + 14.0),
        bars,
        line_y: needed.map(|n| N(y(n))),
        base_y: N(base),
        labels,
        desc: format!("share of applicable calls per week, {} weeks", weeks.len()),
    }
}

/// A call on a dot chart.
pub struct Dot {
    pub x: N,
    pub y: N,
    pub title: String,
}

/// A rep's calls on one behaviour's scale, with the target drawn as a line.
pub struct Dots {
    pub w: N,
    pub h: N,
    pub plot_left: N,
    pub plot_right: N,
    pub base_y: N,
    pub pass: Vec<Dot>,
    pub fail: Vec<Dot>,
    pub line_y: Option<N>,
    pub line_label: Option<Label>,
    pub ticks: Vec<Label>,
    pub desc: String,
}

/// One call's value for [`dots`].
pub struct Point {
    pub value: f64,
    pub passed: bool,
    pub title: String,
    /// Short label under the call (its date), shown when few calls are drawn.
    pub label: String,
}

/// Calls labelled one by one up to this many; beyond, first and last only.
const LABEL_EACH: usize = 8;

const DOTS_W: f64 = 560.0;
const DOTS_H: f64 = 130.0;
const DOTS_LEFT: f64 = 56.0;
const DOTS_RIGHT: f64 = 110.0;
const DOTS_TOP: f64 = 10.0;
const DOTS_BOTTOM: f64 = 22.0;

/// Calls in date order left to right, the value upward.
pub fn dots(points: &[Point], metric: &str, threshold: Option<f64>, op: &str) -> Dots {
    let unit = Unit::of(metric);
    let mut hi = points.iter().map(|p| p.value).fold(0.0_f64, f64::max);
    let lo = points.iter().map(|p| p.value).fold(0.0_f64, f64::min);
    if let Some(t) = threshold {
        hi = hi.max(t);
    }
    if unit == Unit::Share {
        hi = hi.max(1.0);
    } else {
        hi = nice_ceiling(hi * 1.1);
    }
    let span = (hi - lo).max(f64::EPSILON);
    let plot_w = DOTS_W - DOTS_LEFT - DOTS_RIGHT;
    let plot_h = DOTS_H - DOTS_TOP - DOTS_BOTTOM;
    let y = |v: f64| DOTS_TOP + (hi - v) / span * plot_h;
    let step = plot_w / points.len().max(1) as f64;
    let (mut pass, mut fail) = (Vec::new(), Vec::new());
    for (i, p) in points.iter().enumerate() {
        let d = Dot {
            x: N(DOTS_LEFT + step * (i as f64 + 0.5)),
            y: N(y(p.value)),
            title: p.title.clone(),
        };
        if p.passed {
            pass.push(d)
        } else {
            fail.push(d)
        }
    }
    let base = DOTS_TOP + plot_h;
    let mut ticks: Vec<Label> = [lo, hi]
        .iter()
        .map(|&v| Label {
            x: N(DOTS_LEFT - 6.0),
            y: N(y(v) + 4.0),
            text: unit.show(v),
            anchor: "end",
        })
        .collect();
    let n = points.len();
    for (i, p) in points.iter().enumerate() {
        if n <= LABEL_EACH || i == 0 || i + 1 == n {
            ticks.push(Label {
                x: N(DOTS_LEFT + step * (i as f64 + 0.5)),
                y: N(base + 14.0),
                text: p.label.clone(),
                anchor: "middle",
            });
        }
    }
    let line_label = threshold.map(|t| Label {
        x: N(DOTS_W - DOTS_RIGHT + 6.0),
        y: N(y(t) + 4.0),
        text: format!("target {} {}", op_symbol(op), unit.show(t)),
        anchor: "start",
    });
    Dots {
        w: N(DOTS_W),
        h: N(DOTS_H),
        plot_left: N(DOTS_LEFT),
        plot_right: N(DOTS_W - DOTS_RIGHT),
        base_y: N(base),
        pass,
        fail,
        line_y: threshold.map(|t| N(y(t))),
        line_label,
        ticks,
        desc: format!("{} calls by date; {metric} upward", points.len()),
    }
}

/// 1, 2, 2.5 or 5 times a power of ten, at or above `v`.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|&c| c >= v)
        .unwrap_or(10.0 * p)
}

/// A speech lane of a timeline: one path of rectangles.
pub struct Lane {
    pub label: &'static str,
    pub class: &'static str,
    pub label_y: N,
    pub d: String,
}

/// A mark on a timeline.
pub struct Pin {
    pub d: String,
    pub class: &'static str,
    pub title: String,
}

/// A call drawn along its minutes.
pub struct Track {
    pub w: N,
    pub h: N,
    pub left: N,
    pub right: N,
    pub axis_y: N,
    pub lanes: Vec<Lane>,
    pub pins: Vec<Pin>,
    pub ticks: Vec<Label>,
    pub desc: String,
}

const TRACK_W: f64 = 720.0;
const TRACK_LEFT: f64 = 56.0;
const TRACK_RIGHT: f64 = 8.0;
const LANE_H: f64 = 14.0;
const LANE_GAP: f64 = 6.0;
const PIN_ROW: f64 = 16.0;

/// A missed target at a moment of the call.
pub struct Miss {
    pub at_s: f64,
    pub title: String,
}

/// Speech bars per side, marks above them, misses as dashed lines.
pub fn track(t: &Timeline, misses: &[Miss]) -> Track {
    let dur = (t.duration_ms.max(1)) as f64;
    let plot_w = TRACK_W - TRACK_LEFT - TRACK_RIGHT;
    let x = |ms: f64| TRACK_LEFT + (ms / dur).clamp(0.0, 1.0) * plot_w;
    let mut lanes = Vec::new();
    let mut y = PIN_ROW + 4.0;
    for (role, label, class) in [
        (Role::Rep, "Rep", "rep"),
        (Role::Buyer, "Buyer", "buyer"),
        (Role::Colleague, "Colleague", "colleague"),
        (Role::Unknown, "Unknown", "unknown"),
    ] {
        let spans: Vec<&(u64, u64, Role)> = t.speech.iter().filter(|s| s.2 == role).collect();
        if spans.is_empty() && !matches!(role, Role::Rep | Role::Buyer) {
            continue;
        }
        let mut d = String::new();
        for &&(s, e, _) in &spans {
            let (x0, x1) = (x(s as f64), x(e as f64));
            // At least a hairline, so a short answer stays visible.
            let w = (x1 - x0).max(0.4);
            d.push_str(&format!(
                "M{} {}h{}v{}h-{}z",
                N(x0),
                N(y),
                N(w),
                N(LANE_H),
                N(w)
            ));
        }
        lanes.push(Lane {
            label,
            class,
            label_y: N(y + LANE_H - 3.0),
            d,
        });
        y += LANE_H + LANE_GAP;
    }
    let axis_y = y - LANE_GAP + 4.0;
    let mut pins = Vec::new();
    for m in &t.marks {
        let cx = x(m.at_ms as f64);
        let (d, class) = match m.kind {
            MarkKind::Pitch => (format!("M{} {}l-5 -9h10z", N(cx), N(PIN_ROW)), "pin-pitch"),
            MarkKind::Question => (format!("M{} {}v-7", N(cx), N(PIN_ROW)), "pin-question"),
            MarkKind::NextStep => (
                format!("M{} {}l5 -6l-5 -6l-5 6z", N(cx), N(PIN_ROW)),
                "pin-next",
            ),
            MarkKind::Monologue => (format!("M{} {}h6v-6h-6z", N(cx), N(PIN_ROW)), "pin-mono"),
            MarkKind::Interruption => (
                format!("M{} {}l4 -7h-8z", N(cx), N(PIN_ROW - 7.0)),
                "pin-int",
            ),
        };
        let quote = if m.quote.is_empty() {
            String::new()
        } else {
            format!(": “{}”", m.quote)
        };
        pins.push(Pin {
            d,
            class,
            title: format!(
                "{} at {}{quote}",
                m.kind.label(),
                clock(m.at_ms as f64 / 1000.0)
            ),
        });
    }
    for miss in misses {
        let cx = x(miss.at_s * 1000.0);
        pins.push(Pin {
            d: format!("M{} 2V{}", N(cx), N(axis_y)),
            class: "pin-miss",
            title: miss.title.clone(),
        });
    }
    let minutes = dur / 60_000.0;
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0]
        .into_iter()
        .find(|s| minutes / s <= 8.0)
        .unwrap_or(120.0);
    let mut ticks = Vec::new();
    let mut m = 0.0;
    while m <= minutes + 1e-9 {
        ticks.push(Label {
            x: N(x(m * 60_000.0)),
            y: N(axis_y + 11.0),
            text: format!("{m:.0}m"),
            anchor: if m == 0.0 { "start" } else { "middle" },
        });
        m += step;
    }
    Track {
        w: N(TRACK_W),
        h: N(axis_y + 16.0),
        left: N(TRACK_LEFT),
        right: N(TRACK_W - TRACK_RIGHT),
        axis_y: N(axis_y),
        lanes,
        pins,
        ticks,
        desc: format!(
            "speech of each side along the call's {}; marks for pitch, questions and next step",
            clock(dur / 1000.0)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        for (v, want) in [
            (0.0, 1.0),
            (7.3, 10.0),
            (13.0, 20.0),
            (0.42, 0.5),
            (230.0, 250.0),
        ] {
            assert_eq!(nice_ceiling(v), want, "{v}");
        }
    }

    #[test]
    fn the_target_line_sits_between_passing_and_failing_calls() {
        let p = |value, passed| Point {
            value,
            passed,
            title: String::new(),
            label: String::new(),
        };
        let d = dots(
            &[p(7.7, false), p(14.0, true), p(20.0, true)],
            "first_pitch_min",
            Some(12.0),
            ">=",
        );
        let line = d.line_y.unwrap().0;
        assert!(d.fail.iter().all(|f| f.y.0 > line), "failing dot below");
        assert!(d.pass.iter().all(|f| f.y.0 < line), "passing dots above");
        assert_eq!(d.line_label.unwrap().text, "target ≥ 12.0 min");
    }

    #[test]
    fn a_week_without_applicable_calls_is_a_stub_not_zero() {
        let w = |share, class| Week {
            week: "2026-W47".into(),
            share,
            class,
            title: String::new(),
        };
        let t = trend(&[w(Some(1.0), "met"), w(None, "na")], Some(0.8));
        assert_eq!(t.bars[0].h.0, TREND_H);
        assert!(t.bars[1].h.0 > 0.0 && t.bars[1].h.0 < 3.0);
        assert!(t.labels.iter().any(|l| l.text == "W47"));
        assert!(t.labels.iter().any(|l| l.text == "100%"));
    }
}

//! The coaching report in a real browser: headless Chromium opens it from
//! disk and a probe (added in front of the page's own Content-Security-
//! Policy, so the policy still governs the page) records every error,
//! console message, policy violation, fetched resource and `alert`, then
//! measures each chart and clicks a column of the overview to sort it. The
//! DOM is dumped with the probe's findings and read back here.
//!
//! Skips with a message when Chromium is not installed (`.ci/run` installs
//! the Debian package `chromium`).

mod report_sample;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use callscore::report;
use report_sample::Sample;

const PROBE: &str = r##"<script>
window.__probe = { errors: [], alerts: [] };
window.addEventListener("error", function (e) {
  __probe.errors.push("error: " + (e.message || (e.target && (e.target.src || e.target.href)) || "resource"));
}, true);
window.addEventListener("unhandledrejection", function (e) { __probe.errors.push("rejection: " + e.reason); });
document.addEventListener("securitypolicyviolation", function (e) {
  __probe.errors.push("csp: " + e.violatedDirective + " " + e.blockedURI);
});
["error", "warn", "log", "info"].forEach(function (k) {
  console[k] = function () { __probe.errors.push("console." + k + ": " + Array.prototype.join.call(arguments, " ")); };
});
window.alert = window.confirm = window.prompt = function (m) { __probe.alerts.push(String(m)); };
window.addEventListener("load", function () {
  var out = { errors: __probe.errors, alerts: __probe.alerts, charts: [],
    resources: performance.getEntriesByType("resource").map(function (r) { return r.name; }) };
  document.querySelectorAll("svg.chart").forEach(function (s) {
    var r = s.getBoundingClientRect(), drawn = 0;
    s.querySelectorAll("rect, circle, path").forEach(function (p) {
      var b = p.getBBox(); if (b.width > 0 || b.height > 0) drawn++;
    });
    out.charts.push({ cls: s.getAttribute("class"), w: r.width, h: r.height, drawn: drawn });
  });
  var th = document.querySelector("#overview-table thead th[data-sort='num']");
  if (th) { th.click(); out.sorted = th.getAttribute("aria-sort"); }
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"##;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CALLSCORE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(move |d| d.join(name))
                .collect::<Vec<_>>()
        })
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page`; returns (dumped DOM, stderr).
fn dump_dom(browser: &Path, page: &Path, profile: &Path) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).ok();
            s
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish in 120 s on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out.join().unwrap(), err.join().unwrap())
}

fn check(browser: &Path, dir: &Path, name: &str, sample: &Sample, checked: bool) {
    let html = report::html(&sample.input(checked)).unwrap();
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html.replacen("<head>", &format!("<head>{PROBE}"), 1)).unwrap();
    let (dom, stderr) = dump_dom(browser, &page, &dir.join(format!("profile-{name}")));
    let doc = scraper::Html::parse_document(&dom);
    let probe = doc
        .select(&scraper::Selector::parse("pre#probe").unwrap())
        .next()
        .unwrap_or_else(|| panic!("{name}: the page did not load; stderr:\n{stderr}"));
    let v: serde_json::Value = serde_json::from_str(&probe.text().collect::<String>()).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]), "{name}: errors");
    assert_eq!(v["alerts"], serde_json::json!([]), "{name}: alerts");
    assert_eq!(v["resources"], serde_json::json!([]), "{name}: fetched");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "{name}: console says {console:#?}");
    if v["sorted"].is_string() {
        assert_eq!(v["sorted"], "ascending", "{name}: the sorting script ran");
    }
    let charts = v["charts"].as_array().unwrap();
    assert!(!charts.is_empty(), "{name}: no charts");
    for c in charts {
        let (w, h) = (c["w"].as_f64().unwrap(), c["h"].as_f64().unwrap());
        assert!(w > 0.0 && h > 0.0, "{name}: chart {c} has no box");
        assert!(
            c["drawn"].as_u64().unwrap() > 0,
            "{name}: chart {c} draws nothing"
        );
    }
    let kinds: &[&str] = if checked {
        &["trend", "dots", "track"]
    } else {
        &["track"]
    };
    for kind in kinds {
        assert!(
            charts
                .iter()
                .any(|c| c["cls"].as_str().unwrap().contains(kind)),
            "{name}: no {kind} chart"
        );
    }
}

#[test]
fn the_report_loads_cleanly_and_draws_its_charts_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipping: chromium not found (apt-get install chromium, or set CALLSCORE_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let week = report_sample::week();
    check(&browser, dir.path(), "week", &week, true);
    check(&browser, dir.path(), "score", &week, false);
    check(
        &browser,
        dir.path(),
        "weeks",
        &report_sample::synthetic(3, 30, 4, 2),
        true,
    );

    // Hostile names, quotes and links: nothing runs, nothing loads.
    let mut calls = week.calls.clone();
    for c in calls.iter_mut().filter(|c| c.rep == "Sam Okafor") {
        c.rep = "<img src=x onerror=alert(1)><script>alert(2)</script>".into();
        c.pitch_quote =
            "</blockquote></li><svg onload=alert(3)><a href=javascript:alert(4)>x</a>".into();
        c.monologue_quote = c.pitch_quote.clone();
        c.link = Some("javascript:alert(5)".into());
        c.source = "<iframe src=https://example.com>".into();
    }
    let hostile = Sample::from_calls(calls, true).with_timelines(2);
    check(&browser, dir.path(), "hostile", &hostile, true);
}

//! The page as HTML: askama templates (`templates/report/`), compiled with
//! the crate so a template mistake fails the build, not a Monday report.
//! Askama escapes every `{{ }}` in `.html` templates; the only text marked
//! safe is the static CSS and script below.
//!
//! The page carries a Content-Security-Policy that allows its own style and
//! script (by hash) and nothing else: no network, no other script. Should
//! a transcript's words ever slip past escaping, the browser still runs
//! nothing and loads nothing.

use askama::Template;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::view::{self, Behaviour, Page, OVERVIEW};
use super::ReportInput;

const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

#[derive(Template)]
#[template(path = "report/page.html")]
struct PageHtml<'p, 'a> {
    p: &'p Page<'a>,
    behaviours: &'static [Behaviour],
    css: &'static str,
    script: &'static str,
    csp: String,
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy: this page's own style and script, data: images at most, and
/// no fetch, frame, form or base change of any kind.
fn csp() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        hash(CSS),
        hash(SCRIPT)
    )
}

/// The coaching report as one self-contained HTML page.
pub fn html(input: &ReportInput) -> anyhow::Result<String> {
    let page = view::page(input);
    let t = PageHtml {
        p: &page,
        behaviours: OVERVIEW,
        css: CSS,
        script: SCRIPT,
        csp: csp(),
    };
    t.render()
        .map_err(|e| anyhow::anyhow!("rendering the HTML report: {e}"))
}

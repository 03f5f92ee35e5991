//! The playbook: the words a team's calls are searched for — product and
//! company names, pitch phrases, competitors, and keyword trackers.
//!
//! A built-in English playbook works with no configuration (generic pitch
//! phrases and trackers, documented in `docs/metrics.md`); `--playbook FILE`
//! (TOML) adds the team's own names and phrases to it, or replaces it with
//! `replace = true`.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// Who must say a tracker's phrase for it to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SaidBy {
    Rep,
    Buyer,
    #[default]
    Anyone,
}

/// A Gong-style keyword tracker.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tracker {
    pub name: String,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub said_by: SaidBy,
    /// Count only occurrences inside a question.
    #[serde(default)]
    pub in_question: bool,
    /// Also match related word forms (`price` -> `prices`, `priced`, `pricing`).
    #[serde(default = "yes")]
    pub word_forms: bool,
}

fn yes() -> bool {
    true
}

/// The whole playbook.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// `true`: start from nothing instead of the built-in English playbook.
    #[serde(default)]
    pub replace: bool,
    /// The seller's company names: alone, not a pitch ("I'm Dana from Acme");
    /// with a verb of doing, a pitch ("Acme takes care of that").
    #[serde(default)]
    pub company: Vec<String>,
    /// Product and module names: any statement by the rep naming one is a pitch.
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub competitors: Vec<String>,
    /// Phrases that present or propose the product.
    #[serde(default)]
    pub pitch_phrases: Vec<String>,
    /// Regular expressions that present or propose the product, matched
    /// case-insensitively on the sentence's lower-cased words joined by single
    /// spaces, e.g. `"(here|this) is (the|our) (board|dashboard)"`.
    #[serde(default)]
    pub pitch_patterns: Vec<String>,
    #[serde(default, rename = "tracker")]
    pub trackers: Vec<Tracker>,
}

/// Phrases by which a rep presents the product, whatever it is called.
pub const BUILTIN_PITCH_PHRASES: &[&str] = &[
    "let me show you",
    "i'll show you",
    "i will show you",
    "i can show you",
    "can i show you",
    "let me share my screen",
    "i'll share my screen",
    "share my screen",
    "sharing my screen",
    "let me pull up",
    "let me give you a demo",
    "give you a quick demo",
    "quick demo",
    "a quick tour",
    "let me walk you through the platform",
    "let me walk you through the product",
    "walk you through how it works",
    "what we do is",
    "what we do for",
    "our platform",
    "our product",
    "our solution",
    "our software",
    "our tool",
    "our app",
    "the way our",
    "here's how it works",
    "here is how it works",
    "this is where we come in",
    "we help companies",
    "we help teams",
    "we help businesses",
    "we help you",
    "we're able to",
    "what we've built",
    "we built a",
    "the dashboard you're looking at",
    "on my screen",
    "key features",
    "one of our features",
];

/// Verbs after a company name that make it a pitch: "Acme helps…".
pub const COMPANY_PITCH_VERBS: &[&str] = &[
    "helps",
    "lets",
    "allows",
    "gives",
    "does",
    "can",
    "will",
    "automatically",
    "handles",
    "takes care",
    "is built",
    "was built",
    "makes",
    "solves",
    "shows",
    "tracks",
    "works",
    "would",
];

impl Playbook {
    /// The built-in English playbook.
    pub fn builtin() -> Playbook {
        let t = |name: &str, phrases: &[&str], said_by, word_forms| Tracker {
            name: name.into(),
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            said_by,
            in_question: false,
            word_forms,
        };
        Playbook {
            replace: false,
            company: Vec::new(),
            products: Vec::new(),
            competitors: Vec::new(),
            pitch_phrases: BUILTIN_PITCH_PHRASES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            pitch_patterns: Vec::new(),
            trackers: vec![
                t(
                    "pricing",
                    &[
                        "price",
                        "pricing",
                        "cost",
                        "budget",
                        "quote",
                        "discount",
                        "per seat",
                        "per user",
                        "license fee",
                        "how much",
                    ],
                    SaidBy::Anyone,
                    true,
                ),
                t(
                    "filler",
                    &[
                        "um",
                        "uh",
                        "erm",
                        "you know",
                        "kind of",
                        "sort of",
                        "basically",
                        "i mean",
                    ],
                    SaidBy::Rep,
                    false,
                ),
                t(
                    "objection",
                    &[
                        "too expensive",
                        "not a priority",
                        "no budget",
                        "already have",
                        "not the right time",
                        "happy with what we have",
                        "locked into",
                    ],
                    SaidBy::Buyer,
                    false,
                ),
            ],
        }
    }

    /// Reads a TOML playbook and combines it with the built-in one unless it
    /// says `replace = true`.
    pub fn load(path: &Path) -> Result<Playbook> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read playbook", path.display()))?;
        Playbook::from_toml(&text).with_context(|| format!("{}", path.display()))
    }

    pub fn from_toml(text: &str) -> Result<Playbook> {
        let user: Playbook = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| 1 + text[..s.start].matches('\n').count())
                .unwrap_or(0);
            anyhow::anyhow!("{line}: {}", e.message())
        })?;
        for p in &user.pitch_patterns {
            if let Err(e) = regex::Regex::new(p) {
                bail!("pitch pattern {p:?} is not a valid regular expression: {e}");
            }
        }
        for t in &user.trackers {
            if t.name.trim().is_empty() || t.phrases.iter().all(|p| p.trim().is_empty()) {
                bail!("tracker {:?} needs a name and at least one phrase", t.name);
            }
        }
        Ok(if user.replace {
            user
        } else {
            Playbook::builtin().extend(user)
        })
    }

    fn extend(mut self, other: Playbook) -> Playbook {
        self.company.extend(other.company);
        self.products.extend(other.products);
        self.competitors.extend(other.competitors);
        self.pitch_phrases.extend(other.pitch_phrases);
        self.pitch_patterns.extend(other.pitch_patterns);
        for t in other.trackers {
            // A tracker with a built-in name replaces the built-in one.
            self.trackers.retain(|b| b.name != t.name);
            self.trackers.push(t);
        }
        self
    }

    /// All trackers, with a `competitor` tracker built from `competitors`.
    pub fn all_trackers(&self) -> Vec<Tracker> {
        let mut v = self.trackers.clone();
        if !self.competitors.is_empty() && !v.iter().any(|t| t.name == "competitor") {
            v.push(Tracker {
                name: "competitor".into(),
                phrases: self.competitors.clone(),
                said_by: SaidBy::Anyone,
                in_question: false,
                word_forms: false,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_builtin() {
        let p = Playbook::from_toml(
            "company = [\"Brightlane\"]\nproducts = [\"Route Optimizer\"]\ncompetitors = [\"Routemate\"]\n\
             [[tracker]]\nname = \"pricing\"\nphrases = [\"rate card\"]\nsaid_by = \"buyer\"\n",
        )
        .unwrap();
        assert!(p.pitch_phrases.iter().any(|s| s == "let me show you"));
        assert_eq!(p.products, vec!["Route Optimizer"]);
        let pricing: Vec<_> = p.trackers.iter().filter(|t| t.name == "pricing").collect();
        assert_eq!(pricing.len(), 1);
        assert_eq!(pricing[0].said_by, SaidBy::Buyer);
        assert!(p.all_trackers().iter().any(|t| t.name == "competitor"));
    }

    #[test]
    fn replace_and_errors() {
        let p =
            Playbook::from_toml("replace = true\npitch_phrases = [\"look at this\"]\n").unwrap();
        assert_eq!(p.pitch_phrases, vec!["look at this"]);
        assert!(p.trackers.is_empty());
        let e = Playbook::from_toml("\nproducts = \"x\"\n").unwrap_err();
        assert!(format!("{e:#}").starts_with("2: "), "{e:#}");
        let e = Playbook::from_toml("pitch_patterns = [\"(unclosed\"]\n").unwrap_err();
        assert!(
            format!("{e:#}").contains("not a valid regular expression"),
            "{e:#}"
        );
        let e = Playbook::from_toml("prodcts = []\n").unwrap_err();
        assert!(format!("{e:#}").contains("prodcts"), "{e:#}");
    }
}

//! A deterministic corpus of sales calls for the benchmarks.
//!
//! Benchmarks of a transcript reader are only as honest as their input: a
//! three-minute fixture says little about a week of 30-minute calls from a
//! thousand reps. This module invents such a week — same seed, same bytes —
//! and writes each call in the export formats that matter most for speed
//! (Zoom and Teams WebVTT, SRT, CSV, WhisperX, Amazon Transcribe, Gong).
//!
//! It is shared by `examples/gen_corpus.rs` (files on disk for the
//! end-to-end script `benches/run.sh`) and the Criterion benches (one call in
//! memory), through `#[path]`, so it is never part of the library.
//!
//! Every call has the shape the detectors look for: small talk, discovery
//! questions, a long buyer story, a pitch phrase from the built-in playbook
//! near the middle, a demo with buyer questions and pricing, and a dated next
//! step with an owner near the end, with buyer backchannels throughout.

mod formats;
mod script;

pub use formats::Format;
pub use script::Call;

/// SplitMix64: a tiny, good-enough PRNG, so the corpus needs no dependency
/// and is the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..hi` (`hi` excluded).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo).max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.range(0, v.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Dana", "Sam", "Priya", "Marcus", "Elena", "Jamal", "Grace", "Owen", "Lucia", "Ravi", "Hannah",
    "Theo", "Nadia", "Caleb", "Mei", "Andre", "Sofia", "Victor", "Imani", "Felix", "Rosa", "Devin",
    "Aisha", "Tobias", "Leah", "Mateo", "Yara", "Quinn", "Hugo", "Zoe", "Nikhil", "Clara", "Iris",
    "Jonah",
];
const LAST: &[&str] = &[
    "Reyes",
    "Okafor",
    "Natarajan",
    "Bell",
    "Moreau",
    "Hughes",
    "Lindqvist",
    "Baptiste",
    "Chen",
    "Kowalski",
    "Adeyemi",
    "Fischer",
    "Santos",
    "Murphy",
    "Tanaka",
    "Ibrahim",
    "Novak",
    "Walsh",
    "Haddad",
    "Park",
    "Ortega",
    "Brennan",
    "Singh",
    "Larsen",
    "Costa",
    "Whitfield",
    "Delgado",
    "Osei",
    "Keller",
    "Nguyen",
    "Abbott",
];
const TEAMS: &[&str] = &[
    "East",
    "West",
    "Central",
    "North",
    "South",
    "Enterprise",
    "SMB",
    "Mid-Market",
];

/// The reps of the corpus: `n` distinct names, in teams of about 8 to 20.
pub fn reps(n: usize) -> Vec<Rep> {
    (0..n)
        .map(|i| {
            // Every (first, last, number) triple is distinct; the number only
            // appears once the plain names run out.
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            let round = i / (FIRST.len() * LAST.len());
            let name = if round == 0 {
                format!("{first} {last}")
            } else {
                format!("{first} {last}-{}", round + 1)
            };
            let slug = name.to_lowercase().replace(' ', "-");
            let email = format!("{}@brightlane.io", slug.replace('-', "."));
            Rep {
                team: TEAMS[(i / 16) % TEAMS.len()].to_string(),
                name,
                slug,
                email,
            }
        })
        .collect()
}

/// An internal seller on the roster.
#[derive(Clone, Debug)]
pub struct Rep {
    pub name: String,
    pub slug: String,
    pub email: String,
    pub team: String,
}

/// `roster.csv` for [`reps`]: `name,email,team,role,aliases`.
pub fn roster_csv(reps: &[Rep]) -> String {
    let mut s = String::from("name,email,team,role,aliases\n");
    for r in reps {
        s.push_str(&format!("{},{},{},rep,\n", r.name, r.email, r.team));
    }
    s
}

/// Call `index` of a corpus: rep `index % reps`, five calls a day for a week
/// per rep, about `minutes` long. The same `(seed, index)` always gives the
/// same call.
pub fn call(seed: u64, index: usize, reps: &[Rep], minutes: f64) -> Call {
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ index as u64);
    let rep = &reps[index % reps.len()];
    let k = index / reps.len();
    let day = 16 + (k % 5);
    let date = format!("2026-11-{day}");
    let id = format!("{date}-{}-{index:06}", rep.slug);
    script::compose(&mut rng, id, date, rep, minutes)
}

/// Phrases for the `rg` floor of `benches/run.sh`: the playbook's pitch
/// phrases, the next-step phrases and the question openers, one per line.
pub fn scan_patterns() -> String {
    let mut v: Vec<String> = callscore::playbook::BUILTIN_PITCH_PHRASES
        .iter()
        .chain(callscore::metrics::next_step::STEP_PHRASES)
        .map(|s| s.to_string())
        .collect();
    v.extend(callscore::metrics::text::WH.iter().map(|w| format!("{w} ")));
    v.extend(
        callscore::metrics::text::AUX
            .iter()
            .map(|a| format!("{a} you")),
    );
    v.extend(["walk me through", "tell me about", "help me understand"].map(String::from));
    v.sort();
    v.dedup();
    v.join("\n") + "\n"
}

/// One call of the default corpus in one format, as the benches read it.
pub struct Sample {
    /// A path inside `/corpus/`, whose extension format detection may use.
    pub path: std::path::PathBuf,
    pub bytes: Vec<u8>,
    pub words: usize,
    /// The roster and manifest that make speaker 0 the rep.
    pub roles: callscore::roles::RoleContext,
}

/// Call `index` of the default corpus (seed 2026, 40 reps, 30 minutes) in `f`.
pub fn sample(f: Format, index: usize) -> Sample {
    let reps = reps(40);
    let c = call(2026, index, &reps, 30.0);
    let file = format!("{}.{}", c.id, f.ext());
    let manifest = format!(
        "file,call_id,rep,date,call_type,speaker_map\n{file},{},{},{},{},{}\n",
        c.id,
        c.names[0],
        c.date,
        c.call_type,
        f.speaker_map(&c)
    );
    let base = std::path::Path::new("/corpus");
    Sample {
        path: base.join(&file),
        bytes: f.write(&c),
        words: c.word_count(),
        roles: callscore::roles::RoleContext {
            roster: Some(callscore::roles::Roster::parse(&roster_csv(&reps)).expect("roster")),
            manifest: Some(callscore::roles::Manifest::parse(&manifest, base).expect("manifest")),
        },
    }
}

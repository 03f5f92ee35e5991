//! What is said on a generated call, and when: an opening, discovery, one
//! pitch, a demo with the buyer's questions, and a dated next step, timed
//! from word counts at each speaker's pace.

use super::{Rep, Rng};

/// One speaker's uninterrupted speech. Speaker 0 is the rep, 1 the buyer.
#[derive(Clone, Debug)]
pub struct Turn {
    pub speaker: usize,
    pub start_ms: u64,
    pub end_ms: u64,
    pub sentences: Vec<String>,
}

impl Turn {
    /// Each word with its time: words spread evenly over the turn, on a 10 ms
    /// grid, touching.
    pub fn words(&self) -> Vec<(&str, u64, u64)> {
        let words: Vec<&str> = self
            .sentences
            .iter()
            .flat_map(|s| s.split_whitespace())
            .collect();
        let n = words.len().max(1) as u64;
        let span = self.end_ms - self.start_ms;
        let at = |i: u64| self.start_ms + (span * i / n) / 10 * 10;
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let i = i as u64;
                let end = if i + 1 == n { self.end_ms } else { at(i + 1) };
                (*w, at(i), end.max(at(i) + 10))
            })
            .collect()
    }
}

/// A generated call: who, when, and the turns in time order.
#[derive(Clone, Debug)]
pub struct Call {
    pub id: String,
    pub date: String,
    pub call_type: &'static str,
    /// `[rep, buyer]` names and e-mails.
    pub names: [String; 2],
    pub emails: [String; 2],
    pub turns: Vec<Turn>,
}

impl Call {
    /// Words in the call.
    pub fn word_count(&self) -> usize {
        self.turns
            .iter()
            .flat_map(|t| &t.sentences)
            .map(|s| s.split_whitespace().count())
            .sum()
    }
}

const COMPANIES: &[&str] = &[
    "Acme",
    "Northside",
    "Sunset",
    "Ridgeline",
    "Harbor",
    "Keystone",
    "Bayview",
    "Copper State",
    "Greenleaf",
    "Metro",
    "Cascade",
    "Summit",
    "Pioneer",
    "Liberty",
    "Evergreen",
    "Tri-State",
];
const TRADES: &[&str] = &[
    "HVAC",
    "Plumbing",
    "Electric",
    "Pest Control",
    "Home Services",
];
const BUYER_FIRST: &[&str] = &[
    "Tom", "Rachel", "Luis", "Brian", "Angela", "Paul", "Monica", "Greg", "Heather", "Kevin",
    "Erin", "Dave", "Sandra", "Mark", "Olivia", "Keith",
];
const BUYER_LAST: &[&str] = &[
    "Alvarez", "Kim", "Moreno", "Walsh", "Foster", "Novak", "Tran", "Hollis", "Lund", "Grant",
    "Reilly", "Ellis", "Jensen", "Hart", "Dunn",
];
const TOOLS: &[&str] = &[
    "QuickBooks",
    "Xero",
    "Sage",
    "a shared spreadsheet",
    "a whiteboard",
];
const CITIES: &[&str] = &[
    "Columbus", "Phoenix", "Denver", "Tacoma", "Raleigh", "Boise", "Oakland",
];
const OPS: &[&str] = &[
    "Linda", "Gina", "Kayla", "Donna", "Megan", "Rosa", "Tina", "Maria",
];
const COMPETITORS: &[&str] = &["Routemate", "CrewFlow"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TIMES: &[&str] = &["10am", "11am", "2pm", "3:30pm", "9:30am"];
const CALL_TYPES: &[&str] = &["discovery", "discovery", "demo", "follow-up", "negotiation"];

const REP_OPENING: &[&str] = &[
    "Hi {first}, thanks for making the time today.",
    "How's your week going so far?",
    "Before we dive in, I want to make sure we spend the time on what matters to {co}.",
    "I've got us down for thirty minutes, does that still work for you?",
];
const BUYER_OPENING: &[&str] = &[
    "Good, busy, you know how it is this time of year.",
    "Yeah, thirty minutes is fine.",
    "Thanks for setting this up, I've been meaning to look at this for a while.",
    "Sure, that works.",
];
const REP_QUESTIONS: &[&str] = &[
    "How are you scheduling jobs today?",
    "What does a normal Monday look like for your dispatchers?",
    "Walk me through what happens when an emergency call comes in.",
    "How many technicians do you have in the field right now?",
    "Do you use {tool} for invoicing as well?",
    "What made you start looking at this now?",
    "Who else is involved when you make a decision like this?",
    "Is there a busy season where this gets worse?",
    "How do your technicians know where to go next?",
    "Tell me about the last time a job fell through the cracks.",
    "What happens when a customer calls to reschedule?",
    "Are you tracking first-time fix rates at the moment?",
    "And how much overtime are you paying in a typical week?",
    "Have you looked at other tools before, like {comp}?",
];
const REP_REFLECTIONS: &[&str] = &[
    "That makes sense.",
    "Got it, so the schedule really lives in {tool} and in {ops}'s head.",
    "Okay, that's really helpful context.",
    "I hear that a lot from teams your size.",
    "So if I'm hearing you right, the problem is less the schedule and more the changes during the day.",
    "Right, and that's usually where the overtime comes from, you know.",
    "Um, yeah, we see that kind of thing all the time.",
];
const BUYER_STORY: &[&str] = &[
    "So right now we run everything out of {tool}, and honestly it's held together with tape.",
    "Every morning {ops} prints the schedule and then spends half the day on the phone moving people around.",
    "Last week we had {n} techs out and two of them ended up on opposite sides of {city} for back to back jobs.",
    "When an emergency call comes in, somebody has to figure out who's closest, and usually that's a guess.",
    "The customers don't see any of that, but they sure notice when we're late.",
    "We looked at {comp} last year, but it felt like a lot of setup for what we needed.",
    "Overtime is probably the biggest cost we can actually control.",
    "My guys hate typing on their phones, so anything we pick has to be simple in the truck.",
    "We lose maybe two or three jobs a week because nobody calls the customer back in time.",
    "It's not terrible, it's just that everything depends on {ops} being at her desk.",
    "In the summer it gets a lot worse, we're double booked most days.",
    "I'd say about a third of our calls are same day, and that's where it falls apart.",
    "We tried a cheaper app a couple of years ago, and the techs just stopped using it.",
    "The budget is there if it pays for itself, but I have to show that to the owner.",
];
const BUYER_SHORT: &[&str] = &[
    "About {n} right now, plus two in the office.",
    "Mostly {tool}, and a whiteboard.",
    "Yeah, that's me and {ops}.",
    "Not really, no.",
    "Honestly, we don't track it.",
    "Pretty much every day.",
];
const REP_PITCH: &[&str] = &[
    "Let me share my screen and show you how the board handles a day like that.",
    "Okay, let me show you how this works on a real schedule.",
    "So what we do is pull every job into one board and suggest who should take it.",
    "Let me give you a quick tour of the dispatch board.",
];
const REP_DEMO: &[&str] = &[
    "Our platform pulls every job from {tool} into one board, so nobody retypes anything.",
    "Here you can see each tech as a row, and the jobs move when you drag them.",
    "When an emergency comes in, the board suggests the closest tech who's free.",
    "The customer gets a text with the arrival window automatically.",
    "Most teams your size cut overtime by about a fifth in the first couple of months.",
    "Your techs just see the next job and the route on their phone, nothing to type.",
    "Reports like this one show you first-time fix rate by tech and by week.",
    "It connects to {tool} in a couple of clicks, so invoices flow back on their own.",
    "Pricing is per technician per month, and the office seats are included.",
    "We'd usually start with a pilot with a few of your techs.",
];
const REP_CHECKS: &[&str] = &[
    "That would help with the overtime problem, right?",
    "Does that make sense?",
];
const BUYER_QUESTIONS: &[&str] = &[
    "How does it handle emergency calls?",
    "Does it work with {tool}?",
    "What does it cost per technician?",
    "Can the techs see their route on their phones?",
    "How long does it usually take to get set up?",
    "Is there a contract, or is it month to month?",
    "What happens if a tech is running late?",
];
const REP_ANSWERS: &[&str] = &[
    "Good question.",
    "Yes, it does, and it syncs both ways.",
    "It's {price} dollars per tech per month, and there's no setup fee.",
    "Usually about two weeks, and we do the import for you.",
    "It's an annual agreement, but we can start with a pilot.",
    "The board moves the next job and texts the customer, so nobody has to call.",
];
const BACKCHANNELS: &[&str] = &[
    "Mm-hmm.", "Yeah.", "Right.", "Okay.", "Got it.", "Sure.", "Uh-huh.",
];

/// Fills the `{slot}`s of a sentence template.
struct Slots(Vec<(&'static str, String)>);

impl Slots {
    fn fill(&self, template: &str) -> String {
        let mut s = template.to_string();
        for (k, v) in &self.0 {
            if s.contains(k) {
                s = s.replace(k, v);
            }
        }
        s
    }
}

/// Builds turns one after another, each at its speaker's pace.
struct Timeline<'r> {
    rng: &'r mut Rng,
    turns: Vec<Turn>,
    now_ms: u64,
    /// Words per minute of the rep and the buyer.
    wpm: [u64; 2],
}

impl Timeline<'_> {
    fn say(&mut self, speaker: usize, sentences: Vec<String>) {
        let words: u64 = sentences
            .iter()
            .map(|s| s.split_whitespace().count() as u64)
            .sum();
        let gap = self.rng.range(150, 900);
        // Now and then the next speaker starts a little early.
        let start = if self.rng.chance(0.08) {
            self.now_ms.saturating_sub(300)
        } else {
            self.now_ms + gap
        };
        let dur = (words * 60_000 / self.wpm[speaker]).max(400) / 10 * 10;
        let end = start + dur;
        // A listener's "mm-hmm" inside long turns.
        if dur > 9_000 {
            let n = self.rng.range(0, 3);
            for k in 0..n {
                let at = start + 3_000 + (dur - 4_500) * (k + 1) / (n + 1);
                let at = at / 10 * 10;
                let word = self.rng.pick(BACKCHANNELS).to_string();
                self.turns.push(Turn {
                    speaker: 1 - speaker,
                    start_ms: at,
                    end_ms: at + self.rng.range(35, 70) * 10,
                    sentences: vec![word],
                });
            }
        }
        self.turns.push(Turn {
            speaker,
            start_ms: start,
            end_ms: end,
            sentences,
        });
        self.now_ms = self.now_ms.max(end);
    }
}

/// Composes one call of about `minutes` minutes.
pub fn compose(rng: &mut Rng, id: String, date: String, rep: &Rep, minutes: f64) -> Call {
    let co = format!("{} {}", rng.pick(COMPANIES), rng.pick(TRADES));
    let first = *rng.pick(BUYER_FIRST);
    let buyer = format!("{first} {}", rng.pick(BUYER_LAST));
    let domain = co.to_lowercase().replace([' ', '-'], "");
    let buyer_email = format!("{}@{domain}.example", first.to_lowercase());
    let n = rng.range(6, 40);
    let day = rng.range(0, 5) as usize;
    let slots = Slots(vec![
        ("{first}", first.to_string()),
        ("{co}", co.clone()),
        ("{tool}", rng.pick(TOOLS).to_string()),
        ("{city}", rng.pick(CITIES).to_string()),
        ("{ops}", rng.pick(OPS).to_string()),
        ("{comp}", rng.pick(COMPETITORS).to_string()),
        ("{n}", n.to_string()),
        ("{price}", (59 + 10 * rng.range(0, 4)).to_string()),
        ("{day}", DAYS[day].to_string()),
        ("{day2}", DAYS[(day + 2) % 5].to_string()),
        ("{time}", rng.pick(TIMES).to_string()),
    ]);
    let call_type = *rng.pick(CALL_TYPES);
    let target = (minutes * 60_000.0 * (0.9 + 0.2 * rng.range(0, 1000) as f64 / 1000.0)) as u64;
    let wpm = [rng.range(150, 176), rng.range(140, 162)];
    let mut tl = Timeline {
        rng,
        turns: Vec::new(),
        now_ms: 1_200,
        wpm,
    };
    let pick = |tl: &mut Timeline, bank: &[&str]| slots.fill(tl.rng.pick::<&str>(bank));

    // Opening.
    for i in 0..2 {
        let s = vec![
            slots.fill(REP_OPENING[2 * i]),
            slots.fill(REP_OPENING[2 * i + 1]),
        ];
        tl.say(0, s);
        let b = pick(&mut tl, BUYER_OPENING);
        tl.say(1, vec![b]);
    }
    // Discovery until ~45% of the call.
    while tl.now_ms < target * 45 / 100 {
        let mut s = Vec::new();
        if tl.rng.chance(0.5) {
            s.push(pick(&mut tl, REP_REFLECTIONS));
        }
        s.push(pick(&mut tl, REP_QUESTIONS));
        tl.say(0, s);
        let mut b = Vec::new();
        if tl.rng.chance(0.4) {
            b.push(pick(&mut tl, BUYER_SHORT));
        }
        for _ in 0..tl.rng.range(1, 6) {
            b.push(pick(&mut tl, BUYER_STORY));
        }
        tl.say(1, b);
    }
    // The pitch, then the demo until ~95%.
    let mut s = vec![pick(&mut tl, REP_PITCH)];
    s.push(pick(&mut tl, REP_DEMO));
    tl.say(0, s);
    while tl.now_ms < target * 95 / 100 {
        let mut s = Vec::new();
        for _ in 0..tl.rng.range(2, 5) {
            s.push(pick(&mut tl, REP_DEMO));
        }
        if tl.rng.chance(0.3) {
            s.push(pick(&mut tl, REP_CHECKS));
        }
        tl.say(0, s);
        if tl.rng.chance(0.6) {
            let q = pick(&mut tl, BUYER_QUESTIONS);
            tl.say(1, vec![q]);
            let a = vec![pick(&mut tl, REP_ANSWERS), pick(&mut tl, REP_DEMO)];
            tl.say(0, a);
        }
        let b = if tl.rng.chance(0.5) {
            vec![pick(&mut tl, BUYER_STORY), pick(&mut tl, BUYER_STORY)]
        } else {
            vec![pick(&mut tl, BACKCHANNELS)]
        };
        tl.say(1, b);
    }
    // The close: a dated next step with owners, accepted.
    tl.say(
        0,
        vec![
            slots.fill("So here's what I'd suggest as a next step."),
            slots.fill("I'll send you the proposal by {day}, and let's set up a call with {ops} on {day2} at {time}."),
        ],
    );
    tl.say(
        1,
        vec![slots.fill("That works, send the invite and I'll make sure {ops} is there.")],
    );
    tl.say(
        0,
        vec![
            slots.fill("Perfect, I'll send the calendar invite for {day2} at {time} right after this call."),
            slots.fill("Thanks again for the time, {first}."),
        ],
    );
    tl.say(1, vec!["Thanks, you too, bye.".to_string()]);

    let mut turns = tl.turns;
    turns.sort_by_key(|t| (t.start_ms, t.end_ms));
    Call {
        id,
        date,
        call_type,
        names: [rep.name.clone(), buyer],
        emails: [rep.email.clone(), buyer_email],
        turns,
    }
}

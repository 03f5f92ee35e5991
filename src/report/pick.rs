//! Which call timelines the report draws: every call asked for, and the
//! first calls with a miss of each rep (in batch order) up to a cap, so a
//! batch of 25,000 calls still makes a page a browser opens in seconds. The
//! calls left out are counted per rep and the report says so.

use std::collections::BTreeMap;

use super::Timeline;

pub struct Picked {
    per_rep: usize,
    kept: Vec<Timeline>,
    by_rep: BTreeMap<String, usize>,
    left_out: BTreeMap<String, usize>,
}

impl Picked {
    pub fn new(per_rep: usize) -> Picked {
        Picked {
            per_rep,
            kept: Vec::new(),
            by_rep: BTreeMap::new(),
            left_out: BTreeMap::new(),
        }
    }

    /// Offers one call's timeline; `asked` ones are always kept.
    pub fn offer(&mut self, t: Timeline, asked: bool) {
        let rep = t.rep.clone().unwrap_or_default();
        let n = self.by_rep.entry(rep.clone()).or_default();
        if asked || *n < self.per_rep {
            *n += 1;
            self.kept.push(t);
        } else {
            *self.left_out.entry(rep).or_default() += 1;
        }
    }

    /// The timelines to draw, and per rep how many were left out.
    pub fn finish(self) -> (Vec<Timeline>, Vec<(String, usize)>) {
        (self.kept, self.left_out.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rep: &str, id: &str) -> Timeline {
        Timeline {
            call_id: id.into(),
            rep: Some(rep.into()),
            date: None,
            source: String::new(),
            recording_url: None,
            duration_ms: 0,
            speech: Vec::new(),
            marks: Vec::new(),
        }
    }

    #[test]
    fn caps_per_rep_and_counts_the_rest() {
        let mut p = Picked::new(2);
        for i in 0..5 {
            p.offer(t("Dana", &format!("d{i}")), false);
        }
        p.offer(t("Dana", "asked"), true);
        p.offer(t("Sam", "s0"), false);
        let (kept, left) = p.finish();
        let ids: Vec<&str> = kept.iter().map(|t| t.call_id.as_str()).collect();
        assert_eq!(ids, ["d0", "d1", "asked", "s0"]);
        assert_eq!(left, [("Dana".to_string(), 3)]);
    }
}

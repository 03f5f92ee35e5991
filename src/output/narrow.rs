//! The calls columns the rep and team aggregation reads, kept for the whole
//! batch: with the file list and the manifest (both freed before the
//! aggregation), the state of a run that grows with its number of calls.
//! So it is stored column by column, numbers unboxed with a bit a row for
//! "missing" (an `Option<f64>` is 16 bytes), each distinct text (team, rep,
//! date, call type) once, and room made for the whole batch at the start
//! (a vector that doubles holds up to twice what it needs): ~90 bytes a
//! call instead of the ~600 of a row of cells.

use std::collections::HashMap;

use super::record::Cell;

/// Values that may be missing: the values (a default where missing) and a
/// bit a row saying which are there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opt<T> {
    values: Vec<T>,
    present: Vec<u64>,
}

impl<T: Copy + Default> Opt<T> {
    fn reserve(&mut self, n: usize) {
        self.values.reserve_exact(n);
        self.present.reserve_exact(n.div_ceil(64));
    }

    fn push(&mut self, v: Option<T>) {
        let i = self.values.len();
        if i % 64 == 0 {
            self.present.push(0);
        }
        if v.is_some() {
            self.present[i / 64] |= 1 << (i % 64);
        }
        self.values.push(v.unwrap_or_default());
    }

    /// Row `i`'s value, `None` where missing.
    pub fn get(&self, i: usize) -> Option<T> {
        (self.present[i / 64] >> (i % 64) & 1 == 1).then(|| self.values[i])
    }

    /// Every row's value, in order.
    pub fn to_vec(&self) -> Vec<Option<T>> {
        (0..self.values.len()).map(|i| self.get(i)).collect()
    }
}

/// One column's values, one per call.
pub enum Values {
    F64(Opt<f64>),
    U32(Opt<u32>),
    Bool(Vec<Option<bool>>),
    /// Indexes into `texts`.
    Text {
        ids: Opt<u32>,
        texts: Vec<String>,
        index: HashMap<String, u32>,
    },
}

impl Values {
    fn like(cell: &Cell) -> Values {
        match cell {
            Cell::F64(_) => Values::F64(Opt::default()),
            Cell::U32(_) => Values::U32(Opt::default()),
            Cell::Bool(_) => Values::Bool(Vec::new()),
            Cell::Str(_) => Values::Text {
                ids: Opt::default(),
                texts: Vec::new(),
                index: HashMap::new(),
            },
        }
    }

    fn reserve(&mut self, n: usize) {
        match self {
            Values::F64(v) => v.reserve(n),
            Values::U32(v) => v.reserve(n),
            Values::Bool(v) => v.reserve_exact(n),
            Values::Text { ids, .. } => ids.reserve(n),
        }
    }

    fn push(&mut self, cell: &Cell) {
        match (self, cell) {
            (Values::F64(v), Cell::F64(x)) => v.push(*x),
            (Values::U32(v), Cell::U32(x)) => v.push(*x),
            (Values::Bool(v), Cell::Bool(x)) => v.push(*x),
            (Values::Text { ids, texts, index }, Cell::Str(s)) => {
                let id = s.as_ref().map(|s| match index.get(s) {
                    Some(&id) => id,
                    None => {
                        let id = texts.len() as u32;
                        texts.push(s.clone());
                        index.insert(s.clone(), id);
                        id
                    }
                });
                ids.push(id);
            }
            (v, c) => panic!(
                "a calls column changed type mid-batch: {c:?} into {}",
                v.kind()
            ),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Values::F64(_) => "f64",
            Values::U32(_) => "u32",
            Values::Bool(_) => "bool",
            Values::Text { .. } => "text",
        }
    }

    /// The texts of a text column, each once, sorted.
    pub fn distinct(&self) -> Vec<&str> {
        let mut v: Vec<&str> = match self {
            Values::Text { texts, .. } => texts.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        v.sort_unstable();
        v
    }

    /// The text of row `i` of a text column.
    pub fn text(&self, i: usize) -> Option<&str> {
        match self {
            Values::Text { ids, texts, .. } => ids.get(i).map(|id| texts[id as usize].as_str()),
            _ => None,
        }
    }
}

/// Named columns of equal length.
pub struct Narrow {
    names: Vec<String>,
    /// Positions in a full calls row of each kept column.
    keep: Vec<usize>,
    values: Vec<Values>,
    rows: usize,
    /// Rows to make room for when the first one comes.
    expected: usize,
}

impl Narrow {
    /// Keeps the columns `names` of rows whose columns are `all`.
    pub fn new(all: &[String], names: &[&str]) -> Narrow {
        let keep = names
            .iter()
            .map(|c| {
                all.iter()
                    .position(|k| k == c)
                    .expect("the aggregation reads calls columns")
            })
            .collect();
        Narrow {
            names: names.iter().map(|s| s.to_string()).collect(),
            keep,
            values: Vec::new(),
            rows: 0,
            expected: 0,
        }
    }

    /// Makes room for `n` rows in all (the batch's number of files): the
    /// columns then never grow by doubling.
    pub fn expect(&mut self, n: usize) {
        self.expected = n;
    }

    /// Adds a full calls row.
    pub fn push(&mut self, row: &[Cell]) {
        if self.values.is_empty() {
            self.values = self.keep.iter().map(|&i| Values::like(&row[i])).collect();
            for v in &mut self.values {
                v.reserve(self.expected);
            }
        }
        for (v, &i) in self.values.iter_mut().zip(&self.keep) {
            v.push(&row[i]);
        }
        self.rows += 1;
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The columns, by name; none before the first row.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &Values)> {
        self.names.iter().map(String::as_str).zip(&self.values)
    }

    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_named_columns_with_texts_once() {
        let all: Vec<String> = ["id", "rep", "ratio", "n", "ok"].map(String::from).to_vec();
        let mut n = Narrow::new(&all, &["rep", "ratio", "ok"]);
        n.expect(2);
        assert!(n.is_empty() && n.column("rep").is_none());
        let s = |x: &str| Cell::Str(Some(x.into()));
        for (id, rep, r) in [("a", "Dana", 0.5), ("b", "Sam", 0.25), ("c", "Dana", 0.75)] {
            n.push(&[
                s(id),
                s(rep),
                Cell::F64(Some(r)),
                Cell::U32(Some(1)),
                Cell::Bool(Some(true)),
            ]);
        }
        n.push(&[
            s("d"),
            Cell::Str(None),
            Cell::F64(None),
            Cell::U32(None),
            Cell::Bool(None),
        ]);
        assert_eq!(n.len(), 4);
        let rep = n.column("rep").unwrap();
        assert_eq!(rep.distinct(), ["Dana", "Sam"]);
        assert_eq!(
            (0..4).map(|i| rep.text(i)).collect::<Vec<_>>(),
            [Some("Dana"), Some("Sam"), Some("Dana"), None]
        );
        match n.column("ratio").unwrap() {
            Values::F64(v) => assert_eq!(v.to_vec(), [Some(0.5), Some(0.25), Some(0.75), None]),
            _ => panic!("ratio is f64"),
        }
        assert!(n.column("id").is_none());
        assert_eq!(
            n.columns().map(|(c, _)| c).collect::<Vec<_>>(),
            ["rep", "ratio", "ok"]
        );
    }

    #[test]
    fn missing_values_across_words_of_the_bitmap() {
        let mut o: Opt<u32> = Opt::default();
        o.reserve(10);
        let want: Vec<Option<u32>> = (0..200u32)
            .map(|i| (i % 3 != 0 && i != 64).then_some(i))
            .collect();
        for &v in &want {
            o.push(v);
        }
        assert_eq!(o.to_vec(), want);
        assert_eq!(o.get(62), Some(62));
        assert_eq!(o.get(63), None);
        assert_eq!(o.get(64), None);
        assert_eq!(o.get(199), Some(199));
    }
}

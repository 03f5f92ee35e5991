//! Reading the batch's tables by column name. The report and `check`'s
//! screen are coded against the column names (the contract), never
//! positions, and a missing column reads as empty, so a table that gains or
//! lacks an optional column still renders.

use crate::output::record::Cell;
use crate::output::Table;

/// A table with its column lookups done once.
pub struct Rows<'a> {
    table: &'a Table,
}

/// One row of a [`Rows`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    cells: &'a [Cell],
}

impl<'a> Rows<'a> {
    pub fn new(table: &'a Table) -> Rows<'a> {
        Rows { table }
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        let table = self.table;
        table.rows.iter().map(move |cells| Row { table, cells })
    }
}

impl<'a> Row<'a> {
    /// The row's cells in column order.
    pub fn cells(&self) -> &'a [Cell] {
        self.cells
    }

    fn cell(&self, name: &str) -> Option<&'a Cell> {
        self.table.col(name).and_then(|i| self.cells.get(i))
    }

    /// Text of a cell; `None` when empty or absent.
    pub fn str(&self, name: &str) -> Option<&'a str> {
        match self.cell(name)? {
            Cell::Str(Some(s)) if !s.is_empty() => Some(s.as_str()),
            _ => None,
        }
    }

    /// A number, whatever numeric cell holds it.
    pub fn f64(&self, name: &str) -> Option<f64> {
        match self.cell(name)? {
            Cell::F64(v) => v.filter(|x| x.is_finite()),
            Cell::U32(v) => v.map(f64::from),
            Cell::Bool(v) => v.map(|b| if b { 1.0 } else { 0.0 }),
            Cell::Str(Some(s)) => s.trim().parse().ok().filter(|x: &f64| x.is_finite()),
            Cell::Str(None) => None,
        }
    }

    pub fn u32(&self, name: &str) -> Option<u32> {
        match self.cell(name)? {
            Cell::U32(v) => *v,
            Cell::F64(Some(x)) if *x >= 0.0 => Some(x.round() as u32),
            Cell::Str(Some(s)) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Rows for the whole period have an empty `week`.
    pub fn is_whole_period(&self) -> bool {
        self.str("week").is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_by_name_and_absent_columns_are_empty() {
        let t = Table {
            name: "t",
            columns: vec!["rep".into(), "share".into(), "week".into()],
            rows: vec![vec![
                Cell::Str(Some("Dana".into())),
                Cell::F64(Some(0.5)),
                Cell::Str(Some(String::new())),
            ]],
        };
        let rows = Rows::new(&t);
        let r = rows.iter().next().unwrap();
        assert_eq!(r.str("rep"), Some("Dana"));
        assert_eq!(r.f64("share"), Some(0.5));
        assert_eq!(r.f64("nope"), None);
        assert!(r.is_whole_period());
    }
}

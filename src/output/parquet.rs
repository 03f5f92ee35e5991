//! Parquet files written row group by row group, so a large table (the
//! evidence of 25,000 calls: 2 M rows) is never held whole, with each row's
//! cells copied once into typed column buffers.
//!
//! Written with polars' Arrow and Parquet layers rather than its
//! `ParquetWriter`, to pick each column's encoding:
//! - `ParquetWriter` tries a dictionary for every string and float column: it
//!   estimates the column's distinct values (HyperLogLog over every value),
//!   then hashes them all again. Most of our strings are distinct (quotes,
//!   timings) and that was a third of the Parquet cost.
//! - The strings that repeat do so in runs: an evidence row's call, source
//!   file, speaker and role are those of the row before it, ~90 rows a call.
//!   A string column is therefore kept as the values of its runs and a key a
//!   row, the key looked up among the last few values only. When that
//!   halves the values, the row group stores the column with Parquet's
//!   dictionary encoding (still a string column to every reader); otherwise
//!   as plain strings. Two thirds of the evidence table's bytes are such
//!   repeats, which zstd no longer has to read.
//! - Integers keep polars' own dictionary attempt, a cheap min/max test;
//!   floats and booleans are plain.

use std::sync::Arc;

use anyhow::Result;
use polars_arrow::array::{
    Array, DictionaryArray, MutableArray, MutableBinaryViewArray, MutableBooleanArray,
    MutablePrimitiveArray, PrimitiveArray, Utf8ViewArray,
};
use polars_arrow::datatypes::{ArrowDataType, ArrowSchema, ArrowSchemaRef, Field, IntegerType};
use polars_arrow::record_batch::RecordBatchT;
use polars_parquet::write::{
    CompressionOptions, Encoding, FileWriter, ParquetType, Version, WriteOptions, ZstdLevel,
};

use super::record::Cell;
use crate::aggregate::pe;

/// Rows buffered before they are written as one Parquet row group.
pub const ROW_GROUP: usize = 1 << 14;

/// How many of a string column's latest distinct values a new value is
/// compared with: enough for the speakers and roles of a call, which
/// alternate, and for the kinds of evidence.
const RECENT: usize = 4;

/// A Parquet file being written. Column types come from the first row (every
/// column of a table holds one kind of cell).
pub struct ParquetStream<W: std::io::Write> {
    out: Option<W>,
    file: Option<Open<W>>,
    names: Vec<String>,
    /// One buffer a column, made from the first row.
    columns: Vec<Column>,
    rows: usize,
}

/// The open file and its Parquet schema.
struct Open<W: std::io::Write> {
    file: FileWriter<W>,
    schema: ArrowSchemaRef,
    fields: Vec<ParquetType>,
    options: WriteOptions,
}

/// A row group's cells of one column.
enum Column {
    F64(MutablePrimitiveArray<f64>),
    U32(MutablePrimitiveArray<u32>),
    Bool(MutableBooleanArray),
    Str(Strings),
}

/// A string column. A row group that repeats (see the module's comment) is
/// kept as the values of its runs and a key a row (`None` for an empty
/// cell); one that does not as each row's value. Which one a group is kept
/// as is what the group before it turned out to need, measured the same way
/// in both: how many values were not among the latest few.
#[derive(Default)]
struct Strings {
    /// The values of the runs, or every row's value when `plain`.
    values: MutableBinaryViewArray<str>,
    /// Each row's key into `values` (not when `plain`).
    keys: Vec<Option<u32>>,
    /// Where in `values` the latest distinct values are, newest first.
    recent: Vec<u32>,
    plain: bool,
    rows: usize,
    /// Values that were not among the recent ones: the size of the
    /// dictionary the group would have.
    new_values: usize,
}

impl Strings {
    fn push(&mut self, v: Option<&str>) {
        self.rows += 1;
        let Some(v) = v else {
            if self.plain {
                self.values.push_null();
            } else {
                self.keys.push(None);
            }
            return;
        };
        let hit = self
            .recent
            .iter()
            .position(|&k| self.values.value(k as usize) == v);
        let key = match hit {
            Some(i) => {
                let k = self.recent[i];
                self.recent[..=i].rotate_right(1);
                if self.plain {
                    self.values.push_value(v);
                }
                k
            }
            None => {
                self.new_values += 1;
                let k = self.values.len() as u32;
                self.values.push_value(v);
                if self.recent.len() == RECENT {
                    self.recent.pop();
                }
                self.recent.insert(0, k);
                k
            }
        };
        if !self.plain {
            self.keys.push(Some(key));
        }
    }

    /// The row group's column, with the encoding to write it in; the next
    /// group is kept as this one needed.
    fn finish(&mut self) -> (Box<dyn Array>, Encoding) {
        let values: Utf8ViewArray = std::mem::take(&mut self.values).freeze();
        let new_values = std::mem::take(&mut self.new_values);
        let repeats = new_values > 0 && new_values * 2 <= std::mem::take(&mut self.rows);
        self.recent.clear();
        let was_plain = std::mem::replace(&mut self.plain, !repeats);
        if was_plain {
            return (values.boxed(), Encoding::Plain);
        }
        let keys = std::mem::take(&mut self.keys);
        if repeats {
            let keys = PrimitiveArray::from(keys);
            let dtype = ArrowDataType::Dictionary(
                IntegerType::UInt32,
                Box::new(ArrowDataType::Utf8View),
                false,
            );
            let dict = DictionaryArray::try_new(dtype, keys, values.boxed())
                .expect("every key is one of the values");
            (dict.boxed(), Encoding::RleDictionary)
        } else {
            let mut plain = MutableBinaryViewArray::<str>::with_capacity(keys.len());
            for k in keys {
                plain.push(k.map(|k| values.value(k as usize)));
            }
            (plain.as_box(), Encoding::Plain)
        }
    }
}

impl Column {
    fn of<S>(cell: &Cell<S>) -> Column {
        match cell {
            Cell::F64(_) => Column::F64(MutablePrimitiveArray::with_capacity(ROW_GROUP)),
            Cell::U32(_) => Column::U32(MutablePrimitiveArray::with_capacity(ROW_GROUP)),
            Cell::Bool(_) => Column::Bool(MutableBooleanArray::with_capacity(ROW_GROUP)),
            Cell::Str(_) => Column::Str(Strings::default()),
        }
    }

    /// The column's Arrow type, as polars reads it back.
    fn dtype(&self) -> ArrowDataType {
        match self {
            Column::F64(_) => ArrowDataType::Float64,
            Column::U32(_) => ArrowDataType::UInt32,
            Column::Bool(_) => ArrowDataType::Boolean,
            Column::Str(_) => ArrowDataType::Utf8View,
        }
    }

    /// Adds a cell; one of another kind than the column's is a bug, and is
    /// left empty.
    fn push<S: AsRef<str> + std::fmt::Debug>(&mut self, cell: &Cell<S>) {
        match (self, cell) {
            (Column::F64(a), Cell::F64(v)) => a.push(*v),
            (Column::U32(a), Cell::U32(v)) => a.push(*v),
            (Column::Bool(a), Cell::Bool(v)) => a.push(*v),
            (Column::Str(a), Cell::Str(v)) => a.push(v.as_ref().map(AsRef::as_ref)),
            (column, cell) => {
                debug_assert!(false, "a {cell:?} cell in a column of another kind");
                match column {
                    Column::F64(a) => a.push_null(),
                    Column::U32(a) => a.push_null(),
                    Column::Bool(a) => a.push_null(),
                    Column::Str(a) => a.push(None),
                }
            }
        }
    }

    /// The row group's column, with the encoding to write it in; the buffer
    /// is left empty for the next group.
    fn finish(&mut self) -> (Box<dyn Array>, Encoding) {
        match self {
            Column::F64(a) => (a.as_box(), Encoding::Plain),
            Column::U32(a) => (a.as_box(), Encoding::RleDictionary),
            Column::Bool(a) => (a.as_box(), Encoding::Plain),
            Column::Str(r) => r.finish(),
        }
    }
}

impl<W: std::io::Write> ParquetStream<W> {
    pub fn new(out: W, names: Vec<String>) -> ParquetStream<W> {
        ParquetStream {
            out: Some(out),
            file: None,
            names,
            columns: Vec::new(),
            rows: 0,
        }
    }

    /// Appends one row (cells in column order).
    pub fn push<S: AsRef<str> + std::fmt::Debug>(&mut self, row: &[Cell<S>]) -> Result<()> {
        debug_assert_eq!(row.len(), self.names.len());
        if self.columns.is_empty() {
            self.columns = row.iter().map(Column::of).collect();
        }
        for (c, cell) in self.columns.iter_mut().zip(row) {
            c.push(cell);
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Opens the file: the schema comes from the columns' kinds, text when
    /// no row came.
    fn open(&mut self) -> Result<&mut Open<W>> {
        if self.file.is_none() {
            let out = self.out.take().expect("the output is taken once");
            let schema: ArrowSchema = self
                .names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let dtype = self
                        .columns
                        .get(i)
                        .map_or(ArrowDataType::Utf8View, Column::dtype);
                    Field::new(name.as_str().into(), dtype, true)
                })
                .collect();
            // polars' defaults (min/max/null statistics, version 1 pages)
            // but zstd's fastest level: on plain string columns, level 3
            // cost 30% more compression time for files 3% smaller.
            let options = WriteOptions {
                statistics: Default::default(),
                version: Version::V1,
                compression: CompressionOptions::Zstd(Some(
                    ZstdLevel::try_new(1).expect("a zstd level"),
                )),
                data_page_size: None,
            };
            let file = FileWriter::try_new(out, schema.clone(), options)
                .map_err(pe("starting Parquet"))?;
            self.file = Some(Open {
                fields: file.parquet_schema().fields().to_vec(),
                file,
                schema: Arc::new(schema),
                options,
            });
        }
        Ok(self.file.as_mut().expect("just opened"))
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        let rows = std::mem::take(&mut self.rows);
        let (arrays, encodings): (Vec<_>, Vec<_>) = self
            .columns
            .iter_mut()
            .map(|c| {
                let (a, e) = c.finish();
                (a, vec![e])
            })
            .unzip();
        let f = self.open()?;
        if rows == 0 {
            return Ok(());
        }
        let batch = RecordBatchT::try_new(rows, f.schema.clone(), arrays)
            .map_err(pe("building a Parquet row group"))?;
        let group = polars_parquet::write::row_group_iter(
            batch,
            encodings.into(),
            f.fields.clone(),
            f.options,
        );
        f.file
            .write(rows as u64, group)
            .map_err(pe("writing Parquet"))?;
        Ok(())
    }

    /// Writes what is buffered and the file's footer.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        let f = self.file.as_mut().expect("flush opens the file");
        f.file.end(None).map_err(pe("finishing Parquet"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn read_back(bytes: Vec<u8>) -> DataFrame {
        ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .expect("readable Parquet")
    }

    #[test]
    fn streamed_parquet_spans_row_groups_and_keeps_types() {
        let mut buf = Vec::new();
        let mut s = ParquetStream::new(&mut buf, vec!["id".into(), "at_s".into()]);
        let n = ROW_GROUP + 1234;
        for i in 0..n {
            let at = (i % 7 != 0).then_some(i as f64 / 10.0);
            s.push(&[Cell::Str(Some(format!("c{i}"))), Cell::F64(at)])
                .unwrap();
        }
        s.finish().unwrap();
        let df = read_back(buf);
        assert_eq!(df.height(), n);
        let at = df.column("at_s").unwrap().f64().unwrap();
        assert_eq!(at.get(1), Some(0.1));
        assert_eq!(at.get(7), None);
        assert_eq!(at.get(n - 1), Some((n - 1) as f64 / 10.0));
        assert_eq!(
            df.column("id").unwrap().str().unwrap().get(n - 1),
            Some(format!("c{}", n - 1).as_str())
        );
    }

    /// A cell of a string column that repeats in runs in some row groups
    /// and not in others, with empty cells in both kinds of group.
    fn mixed(i: usize) -> Option<String> {
        let group = i / ROW_GROUP;
        if i % 11 == 3 {
            None
        } else if group % 3 == 1 {
            Some(format!("distinct {i}"))
        } else {
            // Runs of 90 rows, and a value that alternates with two others.
            Some(format!(
                "call {} {}",
                i / 90,
                ["rep", "buyer", "rep"][i % 3]
            ))
        }
    }

    #[test]
    fn strings_read_back_whether_kept_as_runs_or_plain() {
        let mut buf = Vec::new();
        let names = vec!["mixed".into(), "role".into(), "n".into()];
        let mut s = ParquetStream::new(&mut buf, names);
        let n = 4 * ROW_GROUP + 77;
        let role = |i: usize| (i % 13 != 0).then(|| ["rep", "buyer"][i / 7 % 2].to_string());
        for i in 0..n {
            s.push(&[
                Cell::Str(mixed(i)),
                Cell::Str(role(i)),
                Cell::U32(Some(i as u32)),
            ])
            .unwrap();
        }
        s.finish().unwrap();
        let df = read_back(buf.clone());
        assert_eq!(df.height(), n);
        let (m, r) = (df.column("mixed").unwrap(), df.column("role").unwrap());
        let (m, r) = (m.str().unwrap(), r.str().unwrap());
        for i in 0..n {
            assert_eq!(m.get(i), mixed(i).as_deref(), "row {i}");
            assert_eq!(r.get(i), role(i).as_deref(), "row {i}");
        }
        assert_eq!(
            df.column("n").unwrap().u32().unwrap().get(n - 1),
            Some(n as u32 - 1)
        );
        // The groups of runs were written with a dictionary, the others
        // plain: the first group of distinct values is read as runs and
        // turns plain, which the next group of runs stays before the one
        // after it is a dictionary again.
        let meta = polars_parquet::read::read_metadata(&mut std::io::Cursor::new(&buf)).unwrap();
        let dictionary: Vec<bool> = meta
            .row_groups
            .iter()
            .map(|g| g.parquet_columns()[0].dictionary_page_offset().is_some())
            .collect();
        assert_eq!(dictionary, [true, false, false, true, false]);
        let role = meta.row_groups.iter().map(|g| &g.parquet_columns()[1]);
        assert!(role.clone().all(|c| c.dictionary_page_offset().is_some()));
    }

    /// Which encoding each kind of string column gets, group after group.
    #[test]
    fn repeating_strings_are_a_dictionary_and_distinct_ones_plain() {
        let group = |s: &mut Strings, f: &dyn Fn(usize) -> Option<String>| {
            for i in 0..1000 {
                s.push(f(i).as_deref());
            }
            let (a, e) = s.finish();
            (
                a.len(),
                e,
                matches!(a.dtype(), ArrowDataType::Dictionary(..)),
            )
        };
        let runs = |i: usize| Some(format!("call {}", i / 90));
        let distinct = |i: usize| Some(format!("quote {i}"));
        let empty = |_: usize| None;
        let mut s = Strings::default();
        assert_eq!(group(&mut s, &runs), (1000, Encoding::RleDictionary, true));
        assert_eq!(group(&mut s, &distinct), (1000, Encoding::Plain, false));
        // Kept plain now, and it still tells that the next group repeats.
        assert!(s.plain);
        assert_eq!(group(&mut s, &distinct), (1000, Encoding::Plain, false));
        assert_eq!(group(&mut s, &runs), (1000, Encoding::Plain, false));
        assert_eq!(group(&mut s, &runs), (1000, Encoding::RleDictionary, true));
        // A column of empty cells has no values to make a dictionary of.
        let mut e = Strings::default();
        assert_eq!(group(&mut e, &empty), (1000, Encoding::Plain, false));
        assert_eq!(group(&mut e, &empty), (1000, Encoding::Plain, false));
    }

    #[test]
    fn an_empty_table_is_a_valid_file_with_its_columns() {
        let mut buf = Vec::new();
        ParquetStream::new(&mut buf, vec!["source".into(), "line".into()])
            .finish()
            .unwrap();
        let df = read_back(buf);
        assert_eq!(df.height(), 0);
        assert_eq!(df.get_column_names(), ["source", "line"]);
    }
}

//! Per-rep and per-team figures, and Parquet files, built with polars: the
//! only module that touches it (polars is 0.x and its API moves; everything else works on plain
//! Rust values). Calls are turned into a DataFrame, grouped, and the result is
//! turned back into a [`Table`] so every writer formats it the same way.
//!
//! For each key behaviour: mean, median and 90th percentile over the rep's
//! calls (empty values ignored), the team's median over all its calls, the
//! rep's delta to it, and the rep's percentile rank among the team's reps.

use anyhow::Result;
use polars::prelude::*;

use crate::output::record::Cell;
use crate::output::Table;

/// The behaviours compared between reps, by contract name.
pub const KEY_METRICS: &[&str] = &[
    "talk_ratio",
    "longest_monologue_s",
    "first_pitch_min",
    "rep_questions",
    "rep_open_questions",
    "questions_per_hour",
    "patience_s",
    "rep_interruptions",
    "rep_wpm",
];

/// The columns of `calls` the aggregation reads; the batch keeps only these
/// in memory.
pub const READS: &[&str] = &[
    "team",
    "rep",
    "date",
    "call_type",
    "rep_talk_s",
    "talk_ratio",
    "longest_monologue_s",
    "first_pitch_min",
    "rep_questions",
    "rep_open_questions",
    "questions_per_hour",
    "patience_s",
    "rep_interruptions",
    "rep_wpm",
    "next_step",
    "next_step_has_date",
];

/// Turns a polars error into one that says what was being done.
fn pe(what: &'static str) -> impl Fn(PolarsError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e}")
}

/// A table as a DataFrame (typed columns, nulls for empty cells): the
/// Parquet writer's row groups.
pub fn frame(calls: &Table) -> Result<DataFrame> {
    let n = calls.rows.len();
    let mut cols = Vec::with_capacity(calls.columns.len());
    for (i, name) in calls.columns.iter().enumerate() {
        let name = PlSmallStr::from(name.as_str());
        let first = calls.rows.iter().map(|r| &r[i]).next();
        let col = match first {
            Some(Cell::F64(_)) => Column::new(
                name,
                calls.rows.iter().map(|r| as_f64(&r[i])).collect::<Vec<_>>(),
            ),
            Some(Cell::U32(_)) => Column::new(
                name,
                calls.rows.iter().map(|r| as_u32(&r[i])).collect::<Vec<_>>(),
            ),
            Some(Cell::Bool(_)) => Column::new(
                name,
                calls
                    .rows
                    .iter()
                    .map(|r| as_bool(&r[i]))
                    .collect::<Vec<_>>(),
            ),
            _ => Column::new(
                name,
                calls.rows.iter().map(|r| as_str(&r[i])).collect::<Vec<_>>(),
            ),
        };
        cols.push(col);
    }
    DataFrame::new(n, cols).map_err(pe("building the calls frame"))
}

/// The batch's narrow calls columns as a DataFrame.
pub fn frame_of(calls: &crate::output::narrow::Narrow) -> Result<DataFrame> {
    use crate::output::narrow::Values;
    let cols = calls
        .columns()
        .map(|(name, v)| {
            let name = PlSmallStr::from(name);
            match v {
                Values::F64(v) => Column::new(name, v),
                Values::U32(v) => Column::new(name, v),
                Values::Bool(v) => Column::new(name, v),
                Values::Text { .. } => Column::new(
                    name,
                    (0..calls.len()).map(|i| v.text(i)).collect::<Vec<_>>(),
                ),
            }
        })
        .collect();
    DataFrame::new(calls.len(), cols).map_err(pe("building the calls frame"))
}

fn as_f64(c: &Cell) -> Option<f64> {
    if let Cell::F64(v) = c {
        *v
    } else {
        None
    }
}
fn as_u32(c: &Cell) -> Option<u32> {
    if let Cell::U32(v) = c {
        *v
    } else {
        None
    }
}
fn as_bool(c: &Cell) -> Option<bool> {
    if let Cell::Bool(v) = c {
        *v
    } else {
        None
    }
}
fn as_str(c: &Cell) -> Option<&str> {
    if let Cell::Str(v) = c {
        v.as_deref()
    } else {
        None
    }
}

/// Aggregations shared by the rep and the team tables.
fn figures() -> Vec<Expr> {
    let mut aggs = vec![len().alias("calls")];
    for m in KEY_METRICS {
        let c = || col(*m).cast(DataType::Float64);
        aggs.push(c().mean().alias(format!("{m}_mean")));
        aggs.push(c().median().alias(format!("{m}_median")));
        aggs.push(
            c().quantile(lit(0.9), QuantileMethod::Linear)
                .alias(format!("{m}_p90")),
        );
    }
    aggs.push(
        col("next_step")
            .cast(DataType::Float64)
            .mean()
            .alias("share_next_step"),
    );
    aggs.push(
        col("next_step_has_date")
            .cast(DataType::Float64)
            .mean()
            .alias("share_next_step_dated"),
    );
    aggs.push(
        col("discovery_early_pitch")
            .mean()
            .alias("share_discovery_pitch_before_12"),
    );
    aggs
}

/// Calls with a helper column: on discovery calls with a known rep, 1.0 when
/// the rep pitched before minute 12, else 0.0 (no pitch is not early); null on
/// other calls.
fn with_helpers(df: DataFrame) -> LazyFrame {
    let early = col("first_pitch_min")
        .lt(lit(12.0))
        .fill_null(lit(false))
        .cast(DataType::Float64);
    df.lazy().with_column(
        when(
            col("call_type").eq(lit("discovery")).and(
                col("rep_questions")
                    .is_not_null()
                    .or(col("rep_talk_s").is_not_null()),
            ),
        )
        .then(early)
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias("discovery_early_pitch"),
    )
}

/// ISO week (`2026-W47`) of an ISO date, for the per-week rows.
pub fn iso_week(date: Option<&str>) -> Option<String> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(date?, "%Y-%m-%d").ok()?;
    let w = d.iso_week();
    Some(format!("{}-W{:02}", w.year(), w.week()))
}

/// `reps`: one row per rep over the whole batch (`week` empty), and when the
/// batch spans several ISO weeks, one more row per rep and week.
pub fn reps(calls: &DataFrame) -> Result<Table> {
    let mut df = calls.clone();
    let weeks: Vec<Option<String>> = df
        .column("date")
        .map_err(pe("date column"))?
        .str()
        .map_err(pe("date column"))?
        .iter()
        .map(iso_week)
        .collect();
    let several = {
        let mut w: Vec<&String> = weeks.iter().flatten().collect();
        w.sort();
        w.dedup();
        w.len() > 1
    };
    df.with_column(Column::new(PlSmallStr::from("week"), weeks))
        .map_err(pe("adding the week"))?;
    let teams = team_frame(df.clone(), &["team"])?;
    let period = with_helpers(df.clone())
        .group_by_stable([col("team"), col("rep")])
        .agg(figures())
        .with_column(lit(NULL).cast(DataType::String).alias("week"))
        .collect()
        .map_err(pe("aggregating per rep"))?;
    let mut all = compare(period, &teams)?;
    if several {
        let weekly = with_helpers(df)
            .group_by_stable([col("team"), col("rep"), col("week")])
            .agg(figures())
            .collect()
            .map_err(pe("aggregating per rep and week"))?;
        let weekly = compare(weekly, &teams)?;
        let weekly = weekly
            .select(all.get_column_names_owned())
            .map_err(pe("aligning weekly rows"))?;
        all = all.vstack(&weekly).map_err(pe("stacking weekly rows"))?;
    }
    let sorted = all
        .lazy()
        .sort(
            ["team", "rep", "week"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
        .map_err(pe("sorting reps"))?;
    // `week` right after `rep`, for readers of the table.
    let mut order: Vec<PlSmallStr> = vec!["team".into(), "rep".into(), "week".into()];
    order.extend(
        sorted
            .get_column_names_owned()
            .into_iter()
            .filter(|c| !matches!(c.as_str(), "team" | "rep" | "week")),
    );
    to_table(
        "reps",
        &sorted.select(order).map_err(pe("ordering reps columns"))?,
    )
}

/// `team`: one row per team, and one for the whole batch (team `all`).
pub fn team(calls: &DataFrame) -> Result<Table> {
    let df = calls.clone();
    let per_team = team_frame(df.clone(), &["team"])?;
    let whole = with_helpers(df)
        .with_column(lit("all").alias("team"))
        .group_by([col("team")])
        .agg(figures())
        .collect()
        .map_err(pe("aggregating the whole batch"))?;
    let stacked = per_team.vstack(&whole).map_err(pe("stacking team rows"))?;
    to_table("team", &stacked)
}

fn team_frame(df: DataFrame, by: &[&str]) -> Result<DataFrame> {
    let keys: Vec<Expr> = by.iter().map(|k| col(*k)).collect();
    with_helpers(df)
        .group_by_stable(keys)
        .agg(figures())
        .sort(
            by.iter().map(|s| PlSmallStr::from(*s)).collect::<Vec<_>>(),
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
        .map_err(pe("aggregating per team"))
}

/// Adds, per key metric, the team median, the rep's delta to it and the rep's
/// percentile rank among the team's reps (share of the team's reps whose
/// median is at or below this rep's).
fn compare(reps: DataFrame, teams: &DataFrame) -> Result<DataFrame> {
    let mut exprs = Vec::new();
    for m in KEY_METRICS {
        let med = format!("{m}_median");
        exprs.push(col(med.as_str()).alias(format!("{m}_team_median")));
    }
    let team_medians = teams.clone().lazy().select(
        std::iter::once(col("team"))
            .chain(exprs)
            .collect::<Vec<_>>(),
    );
    let mut out = reps.lazy().join(
        team_medians,
        [col("team")],
        [col("team")],
        JoinArgs::new(JoinType::Left),
    );
    for m in KEY_METRICS {
        let med = col(format!("{m}_median").as_str());
        out = out.with_column(
            (med - col(format!("{m}_team_median").as_str())).alias(format!("{m}_delta")),
        );
    }
    let mut df = out
        .collect()
        .map_err(pe("comparing reps with their team"))?;
    let teams: Vec<Option<String>> = df
        .column("team")
        .map_err(pe("team column"))?
        .str()
        .map_err(pe("team column"))?
        .iter()
        .map(|t| t.map(str::to_string))
        .collect();
    for m in KEY_METRICS {
        let med: Vec<Option<f64>> = df
            .column(&format!("{m}_median"))
            .map_err(pe("median column"))?
            .f64()
            .map_err(pe("median column"))?
            .iter()
            .collect();
        let rank: Vec<Option<f64>> = (0..med.len())
            .map(|i| {
                let mine = med[i]?;
                let peers: Vec<f64> = (0..med.len())
                    .filter(|&j| teams[j] == teams[i])
                    .filter_map(|j| med[j])
                    .collect();
                Some(peers.iter().filter(|&&v| v <= mine).count() as f64 / peers.len() as f64)
            })
            .collect();
        df.with_column(Column::new(
            PlSmallStr::from(format!("{m}_pct_rank").as_str()),
            rank,
        ))
        .map_err(pe("adding a rank column"))?;
    }
    Ok(df)
}

/// A DataFrame back into a table of cells.
fn to_table(name: &'static str, df: &DataFrame) -> Result<Table> {
    let columns: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows = vec![Vec::with_capacity(columns.len()); df.height()];
    for c in df.columns() {
        let s = c.as_materialized_series();
        match s.dtype() {
            DataType::String => {
                for (i, v) in s.str()?.iter().enumerate() {
                    rows[i].push(Cell::Str(v.map(str::to_string)));
                }
            }
            DataType::Boolean => {
                for (i, v) in s.bool()?.iter().enumerate() {
                    rows[i].push(Cell::Bool(v));
                }
            }
            DataType::UInt32 => {
                for (i, v) in s.u32()?.iter().enumerate() {
                    rows[i].push(Cell::U32(v));
                }
            }
            _ => {
                let f = s.cast(&DataType::Float64)?;
                for (i, v) in f.f64()?.iter().enumerate() {
                    rows[i].push(Cell::F64(v));
                }
            }
        }
    }
    Ok(Table {
        name,
        columns,
        rows,
    })
}

/// Rows buffered before they are written as one Parquet row group.
const ROW_GROUP: usize = 1 << 14;

/// A Parquet file written row group by row group, so a large table (the
/// evidence of 25,000 calls) is never held whole. Column types come from the
/// first rows (every column of a table holds one kind of cell).
///
/// Written with polars' Parquet layer rather than its `ParquetWriter`, to pick
/// each column's encoding: `ParquetWriter` tries a dictionary for every string
/// and float column, which first estimates the column's distinct values
/// (HyperLogLog over every value) and then hashes them all again to build
/// it. For our tables that was a third of the Parquet cost and ~5% of a whole
/// run; quotes, paths and timings are mostly distinct, and zstd compresses
/// the repeated names that are not. Integer columns keep polars' dictionary
/// attempt, which is a cheap min/max test.
pub struct ParquetStream<W: std::io::Write> {
    out: Option<W>,
    writer: Option<StreamWriter<W>>,
    columns: Vec<String>,
    buf: Vec<Vec<Cell>>,
}

/// The open file, with the per-column choices made from the first rows.
struct StreamWriter<W: std::io::Write> {
    file: polars_parquet::write::FileWriter<W>,
    fields: Vec<polars_parquet::write::ParquetType>,
    encodings: polars_buffer::Buffer<Vec<polars_parquet::write::Encoding>>,
    options: polars_parquet::write::WriteOptions,
}

/// A column's Parquet encoding, by its Arrow type.
fn encoding(dtype: &ArrowDataType) -> polars_parquet::write::Encoding {
    use polars_parquet::write::Encoding;
    match dtype {
        ArrowDataType::Int8
        | ArrowDataType::Int16
        | ArrowDataType::Int32
        | ArrowDataType::Int64
        | ArrowDataType::UInt8
        | ArrowDataType::UInt16
        | ArrowDataType::UInt32
        | ArrowDataType::UInt64 => Encoding::RleDictionary,
        _ => Encoding::Plain,
    }
}

impl<W: std::io::Write> ParquetStream<W> {
    pub fn new(out: W, columns: Vec<String>) -> ParquetStream<W> {
        ParquetStream {
            out: Some(out),
            writer: None,
            columns,
            buf: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        self.buf.push(row);
        if self.buf.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        use polars_parquet::write::{
            CompressionOptions, FileWriter, Version, WriteOptions, ZstdLevel,
        };
        let rows = std::mem::take(&mut self.buf);
        if rows.is_empty() && self.writer.is_some() {
            return Ok(());
        }
        let df = frame(&Table {
            name: "",
            columns: self.columns.clone(),
            rows,
        })?;
        if self.writer.is_none() {
            let out = self.out.take().expect("the output is taken once");
            let schema = df.schema().to_arrow(CompatLevel::newest());
            let encodings: Vec<_> = schema
                .iter_values()
                .map(|f| vec![encoding(&f.dtype)])
                .collect();
            // polars' defaults (min/max/null statistics, version 1 pages)
            // but zstd's fastest level: on our plain string columns, level 3
            // cost 30% more compression time for files 3% smaller.
            let options = WriteOptions {
                statistics: Default::default(),
                version: Version::V1,
                compression: CompressionOptions::Zstd(Some(
                    ZstdLevel::try_new(1).expect("a zstd level"),
                )),
                data_page_size: None,
            };
            let file = FileWriter::try_new(out, schema, options).map_err(pe("starting Parquet"))?;
            self.writer = Some(StreamWriter {
                fields: file.parquet_schema().fields().to_vec(),
                file,
                encodings: encodings.into(),
                options,
            });
        }
        let w = self.writer.as_mut().expect("just set");
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            if batch.is_empty() {
                continue;
            }
            let rows = batch.len() as u64;
            let group = polars_parquet::write::row_group_iter(
                batch,
                w.encodings.clone(),
                w.fields.clone(),
                w.options,
            );
            w.file.write(rows, group).map_err(pe("writing Parquet"))?;
        }
        Ok(())
    }

    /// Writes what is buffered and the file's footer.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        let w = self.writer.as_mut().expect("flush starts the writer");
        w.file.end(None).map_err(pe("finishing Parquet"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            s.push(vec![Cell::Str(Some(format!("c{i}"))), Cell::F64(at)])
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

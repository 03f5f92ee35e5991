//! Per-rep and per-team figures, built with polars: with the Parquet writer
//! (`output::parquet`), the only module that touches it (polars is 0.x and
//! its API moves; everything else works on plain Rust values). Calls are
//! turned into a DataFrame, grouped, and the result is turned back into a
//! [`Table`] so every writer formats it the same way.
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
pub(crate) fn pe(what: &'static str) -> impl Fn(PolarsError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e}")
}

/// The batch's narrow calls columns as a DataFrame.
pub fn frame_of(calls: &crate::output::narrow::Narrow) -> Result<DataFrame> {
    use crate::output::narrow::Values;
    let cols = calls
        .columns()
        .map(|(name, v)| {
            let name = PlSmallStr::from(name);
            match v {
                Values::F64(v) => Column::new(name, v.to_vec()),
                Values::U32(v) => Column::new(name, v.to_vec()),
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

//! The tables of a batch run, assembled from its outcome: `calls` (one row per
//! call), `evidence` (one row per detected moment), `errors` (one row per file
//! that failed or was skipped).

use super::record::{Cell, CALL_COLUMNS, EVIDENCE_COLUMNS};
use super::Table;
use crate::batch::Outcome;

pub fn calls(o: &Outcome) -> Table {
    let mut columns: Vec<String> = CALL_COLUMNS.iter().map(|c| c.to_string()).collect();
    columns.extend(o.tracker_names.iter().map(|n| format!("tracker_{n}")));
    Table {
        name: "calls",
        columns,
        rows: o.records.iter().map(|r| r.cells.clone()).collect(),
    }
}

pub fn evidence(o: &Outcome) -> Table {
    let rows = o
        .records
        .iter()
        .flat_map(|r| r.evidence.iter().map(|e| e.cells()))
        .collect();
    Table {
        name: "evidence",
        columns: EVIDENCE_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

pub fn errors(o: &Outcome) -> Table {
    let s = |v: String| Cell::Str(Some(v));
    let mut rows: Vec<Vec<Cell>> = o
        .failed
        .iter()
        .map(|e| {
            vec![
                s(e.path.display().to_string()),
                Cell::U32(Some(e.line)),
                s("failed".into()),
                s(e.message.clone()),
            ]
        })
        .chain(o.skipped.iter().map(|(p, why)| {
            vec![
                s(p.display().to_string()),
                Cell::U32(None),
                s("skipped".into()),
                s(why.clone()),
            ]
        }))
        .collect();
    rows.sort_by(|a, b| a[0].to_text().cmp(&b[0].to_text()));
    Table {
        name: "errors",
        columns: ["source", "line", "status", "message"]
            .iter()
            .map(|c| c.to_string())
            .collect(),
        rows,
    }
}

//! `check`: prove the ledger's invariants on the file.

use anyhow::Result;
use serde::Serialize;

use super::Store;

/// One broken invariant, with the item or document it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub invariant: u8,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invariant {}: {}", self.invariant, self.message)
    }
}

impl Store {
    /// Verify the ledger's six invariants: (1) movements and documents are append-only
    /// (triggers refuse UPDATE and DELETE); (2) each item's on hand and value at each
    /// location equal the sum of its movements; (3) no stock below zero unless the store
    /// allows it; (4) every document has as many movements as it was posted with (and the
    /// file passes SQLite's quick check); (5) the file is in WAL mode; (6) every movement
    /// carries its UTC time, user and document, and no row points at a missing record.
    /// An empty list means all hold.
    pub fn check(&self) -> Result<Vec<Violation>> {
        let conn = self.conn();
        let mut out = Vec::new();
        let mut push = |invariant: u8, message: String| out.push(Violation { invariant, message });

        let integrity: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if integrity != "ok" {
            push(4, format!("SQLite quick check failed: {integrity}"));
        }

        // 1. Append-only, enforced by the database itself.
        for (name, table, event) in [
            ("movements_no_update", "movements", "UPDATE"),
            ("movements_no_delete", "movements", "DELETE"),
            ("documents_no_update", "documents", "UPDATE"),
            ("documents_no_delete", "documents", "DELETE"),
        ] {
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1 AND tbl_name = ?2",
                    [name, table],
                    |r| r.get(0),
                )
                .ok();
            let ok = sql.is_some_and(|s| s.to_uppercase().contains(event) && s.contains("RAISE"));
            if !ok {
                push(
                    1,
                    format!("trigger {name} refusing {event} on {table} is missing or altered"),
                );
            }
        }

        // 2. On hand (and value) equal to the sum of movements, per item and location.
        let mut stmt = conn.prepare(
            "SELECT i.sku, x.location_id, x.on_hand, x.q, x.value, x.v
             FROM (SELECT item_id, location_id, sum(oh) AS on_hand, sum(q) AS q,
                          sum(val) AS value, sum(v) AS v
                   FROM (SELECT item_id, location_id, on_hand AS oh, 0 AS q, value AS val, 0 AS v
                         FROM stock
                         UNION ALL
                         SELECT item_id, location_id, 0, qty, 0, value FROM movements)
                   GROUP BY item_id, location_id) x
             JOIN items i ON i.id = x.item_id
             WHERE x.on_hand <> x.q OR x.value <> x.v",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (sku, loc, on_hand, sum, value, vsum) in rows {
            if on_hand != sum {
                push(
                    2,
                    format!("'{sku}' at location {loc}: on hand {on_hand} but its movements sum to {sum}"),
                );
            }
            if value != vsum {
                push(
                    2,
                    format!("'{sku}' at location {loc}: stock value {value} but its movements sum to {vsum}"),
                );
            }
        }

        // 3. Never below zero unless the store allows it.
        if !self.settings().allow_negative_stock {
            let mut stmt = conn.prepare(
                "SELECT i.sku, s.on_hand FROM stock s JOIN items i ON i.id = s.item_id WHERE s.on_hand < 0",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (sku, q) in rows {
                push(
                    3,
                    format!("'{sku}' is at {q}, below zero, and this store refuses negative stock"),
                );
            }
        }

        // 4. Every document whole: as many movements as it was posted with.
        let mut stmt = conn.prepare(
            "SELECT d.id, d.kind, d.line_count, (SELECT count(*) FROM movements m WHERE m.doc_id = d.id)
             FROM documents d
             WHERE d.line_count <> (SELECT count(*) FROM movements m WHERE m.doc_id = d.id)",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, kind, want, have) in rows {
            push(
                4,
                format!(
                    "{kind} document {id} was posted with {want} lines but has {have} movements"
                ),
            );
        }

        // 5. Durability: the file is in WAL mode (commits are fsynced with synchronous=FULL
        // on every connection stockroom opens).
        let mode = self.journal_mode()?;
        if !mode.eq_ignore_ascii_case("wal") {
            push(5, format!("the store is in journal mode '{mode}', not WAL"));
        }

        // 6. When (UTC), who and which document, on every movement.
        let mut stmt = conn.prepare(
            "SELECT m.id, m.at, m.user, m.doc_id, (SELECT count(*) FROM documents d WHERE d.id = m.doc_id)
             FROM movements m
             WHERE m.user = '' OR m.at NOT LIKE '____-__-__T__:__:__%Z'
                OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, at, user, doc) in rows {
            push(6, format!("movement {id} (document {doc}) lacks a UTC time, user or document: at '{at}', user '{user}'"));
        }
        let fk: Vec<String> = {
            let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        for table in fk {
            push(6, format!("a row of {table} points at a missing record"));
        }
        Ok(out)
    }
}

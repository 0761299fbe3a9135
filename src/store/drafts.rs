//! Open (not yet posted) receiving and sales documents, saved on every change.

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{fmt_time, now_utc, refuse, Store};
use crate::domain::ledger::DocKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    /// Unit cost (receiving) or unit price (sales), minor units.
    pub unit_amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub uuid: String,
    pub kind: DocKind,
    pub user: String,
    pub order_id: Option<i64>,
    pub lines: Vec<DraftLine>,
    pub updated_at: String,
}

impl Store {
    /// Save a draft (insert or replace by UUID). Called on every change.
    pub fn save_draft(
        &mut self,
        uuid: &str,
        kind: DocKind,
        order_id: Option<i64>,
        lines: &[DraftLine],
    ) -> Result<()> {
        if !matches!(kind, DocKind::Receipt | DocKind::Sale | DocKind::Return) {
            return refuse(format!("{kind} documents have no drafts"));
        }
        let json = serde_json::to_string(lines).context("encoding the draft")?;
        let now = fmt_time(now_utc());
        let user = self.user().to_string();
        let tx = self.begin_write()?;
        tx.prepare_cached(
            "INSERT INTO drafts (uuid, kind, user, order_id, lines, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT(uuid) DO UPDATE SET kind = excluded.kind, order_id = excluded.order_id,
                lines = excluded.lines, updated_at = excluded.updated_at",
        )?
        .execute(params![uuid, kind.as_str(), user, order_id, json, now])?;
        tx.commit().context("saving the draft")?;
        Ok(())
    }

    pub fn delete_draft(&mut self, uuid: &str) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute("DELETE FROM drafts WHERE uuid = ?1", [uuid])?;
        tx.commit()?;
        Ok(())
    }

    /// Open drafts of one kind for this user (or everyone's when `user` is None), newest first.
    pub fn drafts(&self, kinds: &[DocKind], user: Option<&str>) -> Result<Vec<Draft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, uuid, kind, user, order_id, lines, updated_at FROM drafts
             WHERE (?1 IS NULL OR user = ?1) ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([user], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for (id, uuid, kind, user, order_id, lines, updated_at) in rows {
            let Some(kind) = DocKind::parse(&kind) else {
                continue;
            };
            if !kinds.contains(&kind) {
                continue;
            }
            let lines: Vec<DraftLine> = serde_json::from_str(&lines).unwrap_or_default();
            out.push(Draft {
                id,
                uuid,
                kind,
                user,
                order_id,
                lines,
                updated_at,
            });
        }
        Ok(out)
    }

    pub fn draft(&self, uuid: &str) -> Result<Option<Draft>> {
        let found: Option<String> = self
            .conn()
            .query_row("SELECT kind FROM drafts WHERE uuid = ?1", [uuid], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(kind) = found.and_then(|k| DocKind::parse(&k)) else {
            return Ok(None);
        };
        Ok(self
            .drafts(&[kind], None)?
            .into_iter()
            .find(|d| d.uuid == uuid))
    }
}

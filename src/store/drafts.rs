//! Open (not yet posted) receiving and sales documents, saved on every change.
//!
//! A draft belongs to one live TUI session at a time (its holder): shops run every till
//! under one login, and two tills on one draft post under one document key, so a line
//! scanned on one of them was lost behind a tick. A session claims a draft before it shows
//! it, only saves drafts it holds, and another session never opens a draft a running
//! session holds. A holder whose process has ended holds nothing (see `crate::session`).

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{fmt_time, now_utc, refuse, Store};
use crate::domain::ledger::DocKind;
use crate::session::{process_running, Session};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    /// Unit cost (receiving) or unit price (sales), minor units.
    pub unit_amount: Option<i64>,
}

/// The session holding a draft, as the draft records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftHolder {
    /// The session's id.
    pub session: String,
    /// Where the session is (`pts/3 on till1`).
    pub place: String,
    /// Since when it holds the draft (UTC, RFC 3339).
    pub since: String,
    /// Whether its process is still running when the drafts were read.
    pub running: bool,
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
    /// The session that last held it, if any.
    pub holder: Option<DraftHolder>,
}

impl Draft {
    /// Held by a running session other than `session`: not to be opened here.
    pub fn held_elsewhere(&self, session: &Session) -> Option<&DraftHolder> {
        self.holder
            .as_ref()
            .filter(|h| h.running && h.session != session.id)
    }
}

/// The answer to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The draft is this session's now.
    Claimed(Draft),
    /// A running session holds it.
    HeldElsewhere(DraftHolder),
    /// There is no such draft (posted or discarded meanwhile).
    Gone,
}

/// The refusal when a session saves a draft that another session holds.
fn held_refusal(h: &DraftHolder) -> String {
    format!(
        "this document is open in another session ({}, since {}); it was not saved here",
        h.place,
        short_time(&h.since)
    )
}

/// `2026-12-04T14:02:11Z` → `2026-12-04 14:02 UTC`.
pub fn short_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => at.to_string(),
    }
}

type DraftRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn draft_from_row(row: DraftRow) -> Option<Draft> {
    let (id, uuid, kind, user, order_id, lines, updated_at, holder, process, place, since) = row;
    let kind = DocKind::parse(&kind)?;
    let lines: Vec<DraftLine> = serde_json::from_str(&lines).unwrap_or_default();
    let holder = holder.map(|session| DraftHolder {
        session,
        running: process.as_deref().is_some_and(process_running),
        place: place.unwrap_or_else(|| "another session".to_string()),
        since: since.unwrap_or_default(),
    });
    Some(Draft {
        id,
        uuid,
        kind,
        user,
        order_id,
        lines,
        updated_at,
        holder,
    })
}

/// The columns `read_row` reads, in its order (a macro, so the queries are literals made
/// at compile time rather than strings formatted at every save).
macro_rules! draft_columns {
    () => {
        "id, uuid, kind, user, order_id, lines, updated_at, holder, holder_process,
         holder_where, held_since"
    };
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

/// The draft with this key, as it stands in `conn` (a write transaction or the store).
fn draft_by_uuid(conn: &rusqlite::Connection, uuid: &str) -> Result<Option<Draft>> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT ",
            draft_columns!(),
            " FROM drafts WHERE uuid = ?1"
        ))?
        .query_row([uuid], read_row)
        .optional()?
        .and_then(draft_from_row))
}

impl Store {
    /// Save a draft held by `session` (insert, or replace its lines). Called on every
    /// change. Refused when another running session holds the draft: nothing is written.
    pub fn save_draft(
        &mut self,
        uuid: &str,
        kind: DocKind,
        order_id: Option<i64>,
        lines: &[DraftLine],
        session: &Session,
    ) -> Result<()> {
        if !matches!(kind, DocKind::Receipt | DocKind::Sale | DocKind::Return) {
            return refuse(format!("{kind} documents have no drafts"));
        }
        let json = serde_json::to_string(lines).context("encoding the draft")?;
        let now = fmt_time(now_utc());
        let user = self.user().to_string();
        let tx = self.begin_write()?;
        let existing = draft_by_uuid(&tx, uuid)?;
        if let Some(h) = existing.as_ref().and_then(|d| d.held_elsewhere(session)) {
            return refuse(held_refusal(h));
        }
        let keeps_hold = existing
            .as_ref()
            .and_then(|d| d.holder.as_ref())
            .is_some_and(|h| h.session == session.id);
        tx.prepare_cached(
            "INSERT INTO drafts (uuid, kind, user, order_id, lines, created_at, updated_at,
                    holder, holder_process, holder_where, held_since)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?6)
             ON CONFLICT(uuid) DO UPDATE SET kind = excluded.kind, order_id = excluded.order_id,
                lines = excluded.lines, updated_at = excluded.updated_at,
                holder = excluded.holder, holder_process = excluded.holder_process,
                holder_where = excluded.holder_where,
                held_since = CASE WHEN ?10 THEN drafts.held_since ELSE excluded.held_since END",
        )?
        .execute(params![
            uuid,
            kind.as_str(),
            user,
            order_id,
            json,
            now,
            session.id,
            session.process,
            session.place,
            keeps_hold
        ])?;
        tx.commit().context("saving the draft")?;
        Ok(())
    }

    /// Take a draft for `session`, unless a running session holds it.
    pub fn claim_draft(&mut self, uuid: &str, session: &Session) -> Result<Claim> {
        let now = fmt_time(now_utc());
        let tx = self.begin_write()?;
        let Some(mut draft) = draft_by_uuid(&tx, uuid)? else {
            return Ok(Claim::Gone);
        };
        if let Some(h) = draft.held_elsewhere(session) {
            return Ok(Claim::HeldElsewhere(h.clone()));
        }
        if draft.holder.as_ref().map(|h| &h.session) != Some(&session.id) {
            tx.prepare_cached(
                "UPDATE drafts SET holder = ?2, holder_process = ?3, holder_where = ?4,
                        held_since = ?5
                 WHERE uuid = ?1",
            )?
            .execute(params![
                uuid,
                session.id,
                session.process,
                session.place,
                now
            ])?;
            tx.commit().context("taking the draft")?;
            draft.holder = Some(DraftHolder {
                session: session.id.clone(),
                place: session.place.clone(),
                since: now,
                running: true,
            });
        }
        Ok(Claim::Claimed(draft))
    }

    /// Let go of every draft `session` holds (the session ends; the drafts stay).
    pub fn release_drafts(&mut self, session: &Session) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute(
            "UPDATE drafts SET holder = NULL, holder_process = NULL, holder_where = NULL,
                    held_since = NULL
             WHERE holder = ?1",
            [&session.id],
        )?;
        tx.commit().context("letting go of the drafts")?;
        Ok(())
    }

    /// Remove a draft, unless another running session holds it.
    pub fn delete_draft(&mut self, uuid: &str, session: &Session) -> Result<()> {
        let tx = self.begin_write()?;
        let existing = draft_by_uuid(&tx, uuid)?;
        if let Some(h) = existing.as_ref().and_then(|d| d.held_elsewhere(session)) {
            return refuse(held_refusal(h));
        }
        tx.execute("DELETE FROM drafts WHERE uuid = ?1", [uuid])?;
        tx.commit()?;
        Ok(())
    }

    /// Open drafts of these kinds for this user (or everyone's when `user` is None), newest
    /// first, each with its holder as it stands now.
    pub fn drafts(&self, kinds: &[DocKind], user: Option<&str>) -> Result<Vec<Draft>> {
        let mut stmt = self.conn().prepare_cached(concat!(
            "SELECT ",
            draft_columns!(),
            " FROM drafts WHERE (?1 IS NULL OR user = ?1) ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([user], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(draft_from_row)
            .filter(|d| kinds.contains(&d.kind))
            .collect())
    }

    pub fn draft(&self, uuid: &str) -> Result<Option<Draft>> {
        draft_by_uuid(self.conn(), uuid)
    }
}

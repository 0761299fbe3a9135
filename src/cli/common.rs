//! What several groups of commands share: reading money, counts and times from arguments,
//! and writing money, tables, JSON and files, so every command says them the same way.

use std::io::{BufWriter, StdoutLock, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::ledger::parse_count_qty;
use crate::domain::money::{format_money, parse_money};
use crate::store::Store;

/// An amount in major units (e.g. `4.20`) at the store's currency decimals; `what` names
/// the argument in the error.
pub(super) fn money(store: &Store, raw: &str, what: &str) -> Result<i64> {
    parse_money(raw, store.settings().currency_decimals).map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

pub(super) fn opt_money(store: &Store, raw: &Option<String>, what: &str) -> Result<Option<i64>> {
    raw.as_deref().map(|r| money(store, r, what)).transpose()
}

/// An amount as the output writes it: major units at the store's currency decimals.
pub(super) fn fmt_money(store: &Store, v: i64) -> String {
    format_money(v, store.settings().currency_decimals)
}

pub(super) fn opt_count(raw: &Option<String>, what: &str) -> Result<Option<i64>> {
    raw.as_deref()
        .map(|r| parse_count_qty(r).map_err(|e| anyhow::anyhow!("{what}: {e}")))
        .transpose()
}

/// `--at`: an RFC 3339 time.
pub(super) fn parse_at(raw: &Option<String>) -> Result<Option<DateTime<Utc>>> {
    match raw {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| {
                anyhow::anyhow!(
                    "--at '{s}' is not an RFC 3339 time ({e}); e.g. 2026-03-01T14:30:00Z"
                )
            }),
    }
}

/// A quantity with its sign, as movements are listed: `+3`, `-2`, `0`.
pub(super) fn signed(q: i64) -> String {
    if q > 0 {
        format!("+{q}")
    } else {
        q.to_string()
    }
}

/// A table cell for a value that may be missing: `-` when it is.
pub(super) fn or_dash(v: Option<impl std::fmt::Display>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

/// A name for a table column: made safe for the terminal and cut to `width` characters.
pub(super) fn cell(name: &str, width: usize) -> String {
    crate::domain::text::sanitize(name)
        .chars()
        .take(width)
        .collect()
}

/// Standard output, buffered, for a table of many lines.
pub(super) fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

/// `--json`: pretty-printed, one newline at the end.
pub(super) fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, v).context("writing JSON")?;
    writeln!(out)?;
    out.flush().context("writing JSON")?;
    Ok(())
}

/// Write to a file (all or nothing: a temp file renamed into place) or to stdout.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).context("writing to standard output")?;
            out.flush()?;
        }
        Some(p) => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                bail!(
                    "cannot write {}: folder {} does not exist",
                    p.display(),
                    dir.display()
                );
            }
            let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
            std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", p.display()))?;
            std::fs::rename(&tmp, p).with_context(|| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write {}", p.display())
            })?;
        }
    }
    Ok(())
}

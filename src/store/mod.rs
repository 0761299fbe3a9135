//! The store: the only code that speaks SQL. One `Store` per process.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction; the connection runs in WAL with
//! `synchronous=FULL`, so a commit that returned is on disk.

mod catalog;
mod check;
mod drafts;
mod import;
mod orders;
mod posting;
mod queries;
mod search;
pub use import::{CatalogFeed, ImportSummary};

pub use catalog::{Item, ItemFields, Supplier};
pub use check::Violation;
pub use drafts::{short_time, Claim, Draft, DraftHolder, DraftLine};
pub use orders::{NewOrder, NewOrderLine, OrderLineView, OrderState, OrderView};
pub use posting::{new_document_uuid, PostLine, PostRequest, Posted, PostedLine};
pub use queries::{
    AlertInput, HistoryRow, MovementExport, ShopifyListing, SortKey, StockQuery, StockRow,
    StockStatus,
};

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

/// `PRAGMA application_id` of a stockroom file ("STKR").
pub const APPLICATION_ID: i32 = 0x5354_4B52;

/// The migrations, in order; `user_version` is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/001_ledger.sql"),
    include_str!("../../assets/migrations/002_search.sql"),
    include_str!("../../assets/migrations/003_search_contentless.sql"),
    include_str!("../../assets/migrations/004_documents_partial_unique.sql"),
    include_str!("../../assets/migrations/005_search_candidates.sql"),
    include_str!("../../assets/migrations/006_movements_one_item_index.sql"),
    include_str!("../../assets/migrations/007_no_items_supplier_index.sql"),
    include_str!("../../assets/migrations/008_shopify_names.sql"),
    include_str!("../../assets/migrations/009_draft_holders.sql"),
    include_str!("../../assets/migrations/010_items_inactive_index.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Settings read once at open.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub currency_decimals: u32,
    pub currency_symbol: String,
    pub allow_negative_stock: bool,
    pub default_lead_time_days: u32,
    pub review_period_days: u32,
    pub service_level: f64,
}

/// An error the user caused (unknown item, insufficient stock, ...), as opposed to I/O.
/// Its message is meant to be shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Refusal {}

/// Shorthand for refusing with a message.
pub(crate) fn refuse<T>(msg: impl Into<String>) -> Result<T> {
    Err(Refusal(msg.into()).into())
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    settings: Settings,
    user: String,
}

/// The default store path: `$STOCKROOM_DB`, else `$XDG_DATA_HOME/stockroom/stockroom.db`,
/// else `~/.local/share/stockroom/stockroom.db`.
pub fn default_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("STOCKROOM_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(data_dir()?.join("stockroom.db"))
}

/// `$XDG_DATA_HOME/stockroom` or `~/.local/share/stockroom`.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(x).join("stockroom"));
    }
    let home = std::env::var_os("HOME").filter(|p| !p.is_empty()).context(
        "cannot find the store: neither --db, STOCKROOM_DB, XDG_DATA_HOME nor HOME is set",
    )?;
    Ok(PathBuf::from(home).join(".local/share/stockroom"))
}

/// The OS user, recorded on every movement.
pub fn os_user() -> String {
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Ok(u) = std::env::var(var) {
            let u = u.trim();
            if !u.is_empty() {
                return u.to_string();
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata("/proc/self") {
            // The same person with or without $USER (cron, `env -i`, some tmux set-ups):
            // their login name from /etc/passwd, else the number.
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            return user_name_of(&passwd, m.uid()).unwrap_or_else(|| format!("uid{}", m.uid()));
        }
    }
    "unknown".to_string()
}

/// The login name of `uid` in the text of /etc/passwd (`name:x:uid:gid:...`).
fn user_name_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let _password = fields.next()?;
        let id: u32 = fields.next()?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// Now, in UTC, as stored.
pub fn now_utc() -> DateTime<Utc> {
    Utc::now()
}

pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_time_pub(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub(crate) fn shopify_location_in(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'shopify_location'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| DEFAULT_SHOPIFY_LOCATION.to_string()))
}

/// The name Shopify gives a new shop's first location.
const DEFAULT_SHOPIFY_LOCATION: &str = "Shop location";

/// Put the store in WAL; the mode it is in afterwards. SQLite refuses the switch at once,
/// without waiting out the busy timeout, while another connection writes through the
/// rollback journal (an import alone with the store: `Store::journal_alone`) or reads the
/// store: so wait for them (taking the exclusive lock does wait) and try again.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<String> {
    const ATTEMPTS: usize = 20;
    let mut waited = 0;
    loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && waited < ATTEMPTS =>
            {
                waited += 1;
                conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
            }
            done => return done,
        }
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))
        .context("setting the busy timeout")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Statement journals of savepoints stay in memory instead of a temp file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Enough cached statements for a posting and an import row without re-preparing.
    conn.set_prepared_statement_cache_capacity(256);
    // `folded_contains(text, folded_term)`: whether `text`, case folded, holds the term
    // (already folded), as the trigram index compares; checks the index's candidates.
    conn.create_scalar_function(
        "folded_contains",
        2,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text = ctx.get_raw(0).as_str_or_null()?;
            let term = ctx.get_raw(1).as_str_or_null()?;
            Ok(match (text, term) {
                (Some(text), Some(term)) => crate::domain::text::folded_contains(text, term),
                _ => false,
            })
        },
    )
    .context("registering the search function")?;
    Ok(())
}

/// A command other than `init` was pointed at a path that holds no store. Nothing was
/// created: the file may be a typing mistake in `--db`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoStore(pub PathBuf);

impl std::fmt::Display for NoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no store at {} (run stockroom init to create one)",
            self.0.display()
        )
    }
}
impl std::error::Error for NoStore {}

/// Whether nothing is at `path` (following links: a dangling link holds no store either).
fn nothing_at(path: &Path) -> bool {
    matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

impl Store {
    /// Open (creating the file and its folder if needed) and migrate forward. Only `init`,
    /// `demo` and the TUI after asking create a store; everything else uses `open_existing`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        }
        if path.is_dir() {
            bail!("{} is a folder, not a stockroom file", path.display());
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open {}", path.display()))?;
        Self::identify(&conn, path)?;
        Self::finish_open(conn, path)
    }

    /// Open a store that is already there and migrate it forward; fails with [`NoStore`]
    /// and creates nothing (no file, no -wal or -shm, no folder) when there is none: no
    /// file, or a file without a stockroom schema (empty, as `touch` leaves it). SQLite is
    /// asked to open without `SQLITE_OPEN_CREATE`, so a file removed meanwhile is not made.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if nothing_at(path) {
            return Err(NoStore(path.to_path_buf()).into());
        }
        if path.is_dir() {
            bail!("{} is a folder, not a stockroom file", path.display());
        }
        let conn = match Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            Ok(conn) => conn,
            Err(_) if nothing_at(path) => return Err(NoStore(path.to_path_buf()).into()),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("cannot open {}", path.display())))
            }
        };
        if Self::identify(&conn, path)? {
            return Err(NoStore(path.to_path_buf()).into());
        }
        Self::finish_open(conn, path)
    }

    /// Configure, migrate and switch to WAL a connection `identify` accepted.
    fn finish_open(conn: Connection, path: &Path) -> Result<Store> {
        configure(&conn).with_context(|| format!("cannot use {}", path.display()))?;
        Self::migrate(&conn, path)?;
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .context("reading the journal mode")?;
        if !mode.eq_ignore_ascii_case("wal") {
            let mode = switch_to_wal(&conn)
                .with_context(|| format!("cannot switch {} to WAL", path.display()))?;
            if !mode.eq_ignore_ascii_case("wal") {
                bail!(
                    "{} cannot use write-ahead logging (journal_mode is {mode}); is it on a network file system?",
                    path.display()
                );
            }
        }
        let settings = Self::load_settings(&conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            settings,
            user: os_user(),
        })
    }

    /// Refuse a file that is not a stockroom store, or one from a newer version, before
    /// anything is written to it. True when the file is new and empty (no schema yet).
    fn identify(conn: &Connection, path: &Path) -> Result<bool> {
        conn.busy_timeout(Duration::from_secs(10))
            .context("setting the busy timeout")?;
        let header_ok: rusqlite::Result<i64> =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0));
        let tables = match header_ok {
            Ok(n) => n,
            Err(e) => bail!(
                "{} is not a stockroom store (not an SQLite database: {e})",
                path.display()
            ),
        };
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if tables == 0 && app_id == 0 && version == 0 {
            return Ok(true); // a new, empty file
        }
        if app_id != APPLICATION_ID {
            bail!(
                "{} is not a stockroom store (it is some other SQLite database); left untouched",
                path.display()
            );
        }
        if version > SCHEMA_VERSION {
            bail!(
                "{} was written by a newer stockroom (schema {version}, this one knows up to {SCHEMA_VERSION}); upgrade stockroom — the file was left untouched",
                path.display()
            );
        }
        Ok(false)
    }

    fn migrate(conn: &Connection, path: &Path) -> Result<()> {
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        // WAL first: it needs no transaction, and every later write benefits.
        let _mode = switch_to_wal(conn)
            .with_context(|| format!("cannot switch {} to WAL", path.display()))?;
        // A migration may rebuild a table others point at (v4 rebuilds `documents`), which
        // SQLite allows only with foreign keys off; every one is checked before the
        // migration commits, and they are back on before anything else runs.
        conn.pragma_update(None, "foreign_keys", false)?;
        let migrated = Self::apply_migrations(conn, path);
        conn.pragma_update(None, "foreign_keys", true)?;
        migrated
    }

    fn apply_migrations(conn: &Connection, path: &Path) -> Result<()> {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .with_context(|| format!("cannot lock {} to migrate it", path.display()))?;
        // Re-read under the lock: another process may have migrated meanwhile.
        let version: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            bail!("{} was written by a newer stockroom", path.display());
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql)
                .with_context(|| format!("applying migration {} to {}", i + 1, path.display()))?;
        }
        let broken: Option<String> = tx
            .query_row(
                "SELECT \"table\" || ' row ' || rowid || ' points at a missing ' || parent
                 FROM pragma_foreign_key_check LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(broken) = broken {
            bail!(
                "migrating {} would break a reference ({broken}); the file was left as it was",
                path.display()
            );
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()
            .with_context(|| format!("committing the migration of {}", path.display()))?;
        Ok(())
    }

    fn load_settings(conn: &Connection) -> Result<Settings> {
        let get = |k: &str| -> Result<Option<String>> {
            Ok(conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [k], |r| {
                    r.get(0)
                })
                .optional()?)
        };
        let num = |k: &str, d: u32| -> Result<u32> {
            Ok(get(k)?.and_then(|v| v.parse().ok()).unwrap_or(d))
        };
        Ok(Settings {
            currency_decimals: num("currency_decimals", 2)?.min(6),
            currency_symbol: get("currency_symbol")?.unwrap_or_default(),
            allow_negative_stock: get("allow_negative_stock")?.as_deref() == Some("1"),
            default_lead_time_days: num("default_lead_time_days", 7)?,
            review_period_days: num("review_period_days", 7)?,
            service_level: get("service_level")?
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| *v > 0.0 && *v < 1.0)
                .unwrap_or(0.95),
        })
    }

    /// Change one store-wide setting (used by tests and `init`).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        tx.commit()?;
        self.settings = Self::load_settings(&self.conn)?;
        Ok(())
    }

    /// The Shopify location `export shopify-inventory` puts the stock at: the one the last
    /// Shopify inventory file that named a single location counted it at, else the name
    /// Shopify gives a new shop's first location.
    pub fn shopify_location(&self) -> Result<String> {
        shopify_location_in(&self.conn)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// Record another name than the OS user (tests).
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Start a write: always `BEGIN IMMEDIATE`, so the lock is taken (waiting up to the
    /// busy timeout) before anything is read, and no read is ever upgraded to a write.
    pub(crate) fn begin_write(&self) -> Result<Transaction<'_>> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .context("cannot start a write on the store (is another program holding it?)")
    }

    /// A read transaction: every query until it is dropped sees one snapshot. Never write
    /// inside it (in WAL, upgrading a read to a write fails at once with SQLITE_BUSY).
    pub fn read_snapshot(&self) -> Result<Transaction<'_>> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .context("starting a read of the store")
    }

    /// Changes when another connection commits; polled to refresh screens.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// A counter that changes on any commit, ours or another session's: data_version plus
    /// our own total changes.
    pub fn change_marker(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    /// True when the store holds no items and no documents.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM documents)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?)
    }

    /// A consistent copy of the live store, safe while others post (SQLite online backup).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            bail!(
                "{} already exists; choose a new file for the backup",
                dest.display()
            );
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                bail!(
                    "cannot write the backup: folder {} does not exist",
                    dir.display()
                );
            }
        }
        let mut out = Connection::open(dest)
            .with_context(|| format!("cannot create backup file {}", dest.display()))?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
            backup
                .run_to_completion(256, Duration::from_millis(5), None)
                .with_context(|| format!("copying the store to {}", dest.display()))?;
        }
        out.pragma_update(None, "synchronous", "FULL")?;
        let mode: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        let _ = mode;
        Ok(())
    }
}

impl Store {
    /// For loading generated history only: trade per-commit fsync for speed, then restore
    /// `synchronous=FULL` and checkpoint so everything is on disk before returning.
    pub fn set_bulk_load(&mut self, on: bool) -> Result<()> {
        if on {
            self.conn.pragma_update(None, "synchronous", "OFF")?;
        } else {
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .context("checkpointing after the bulk load")?;
        }
        Ok(())
    }
}

impl Store {
    /// For a store file no other program knows of yet (`import` into a new store): the
    /// rollback journal in memory and no syncs, so each page is written once. Savepoints
    /// and rollback work as ever; durability comes from `finish_private_build` and the
    /// caller's sync of the finished file.
    pub fn build_privately(&mut self) -> Result<()> {
        self.journal_new_store("MEMORY", "OFF")
    }

    /// Back to how every store runs (WAL, `synchronous=FULL`) before the file is published.
    pub fn finish_private_build(&mut self) -> Result<()> {
        self.journal_new_store("WAL", "FULL")
    }

    /// For one long write into a store that no other connection has open (`import` from the
    /// command line): the rollback journal instead of WAL until `back_to_wal`. A page the
    /// write adds then goes into the store file once, where through WAL it is written twice
    /// (log, then checkpoint): 100k Shopify rows into an empty store 0.88 s -> 0.75 s.
    /// Atomic and durable as ever (`synchronous=FULL`; a crash leaves a journal that the
    /// next open rolls back, and every open goes back to WAL).
    ///
    /// False, with nothing changed, when another connection has the store open: SQLite
    /// leaves WAL only when no other connection holds it. A session that opens the store
    /// while the write runs waits for it (`switch_to_wal`, each wait up to the busy
    /// timeout) instead of reading the store as it was before.
    pub fn journal_alone(&mut self) -> Result<bool> {
        match self
            .conn
            .query_row("PRAGMA journal_mode=TRUNCATE", [], |r| {
                r.get::<_, String>(0)
            }) {
            Ok(mode) => Ok(mode.eq_ignore_ascii_case("truncate")),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Ok(false)
            }
            Err(e) => Err(e).context("switching the store to the rollback journal"),
        }
    }

    /// Back to WAL after `journal_alone`, which every session expects.
    pub fn back_to_wal(&mut self) -> Result<()> {
        let mode = switch_to_wal(&self.conn).context("switching the store back to WAL")?;
        if !mode.eq_ignore_ascii_case("wal") {
            bail!("the store did not go back to WAL (it is in {mode})");
        }
        Ok(())
    }

    fn journal_new_store(&mut self, journal: &str, synchronous: &str) -> Result<()> {
        let mode: String = self
            .conn
            .query_row(&format!("PRAGMA journal_mode={journal}"), [], |r| r.get(0))
            .with_context(|| format!("switching the new store to journal mode {journal}"))?;
        if !mode.eq_ignore_ascii_case(journal) {
            bail!("the new store cannot use journal mode {journal} (it is in {mode})");
        }
        self.conn.pragma_update(None, "synchronous", synchronous)?;
        Ok(())
    }
}

/// Writes made inside one transaction (bulk loading: the benchmark generator, the demo).
pub struct BulkWriter<'a> {
    tx: &'a Connection,
    allow_negative: bool,
    user: String,
    /// Items added, indexed for search in one go at the end.
    added: Vec<i64>,
}

impl BulkWriter<'_> {
    pub fn add_item(&mut self, fields: &ItemFields) -> Result<i64> {
        let id = catalog::insert_item(self.tx, fields)?;
        self.added.push(id);
        Ok(id)
    }

    pub fn supplier(&mut self, name: &str) -> Result<i64> {
        catalog::supplier_id(self.tx, name)
    }

    pub fn post(&mut self, req: &PostRequest) -> Result<Posted> {
        let ctx = posting::validate(req, self.allow_negative, &self.user)?;
        posting::post_in(self.tx, req, &ctx)
    }
}

impl Store {
    /// Run `f` inside one write transaction: all of it is committed, or none.
    pub fn in_one_transaction<T>(
        &mut self,
        f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>,
    ) -> Result<T> {
        let allow_negative = self.settings.allow_negative_stock;
        let user = self.user.clone();
        let tx = self.begin_write()?;
        let value = {
            let mut w = BulkWriter {
                tx: &tx,
                allow_negative,
                user,
                added: Vec::new(),
            };
            let value = f(&mut w)?;
            search::reindex_items(&tx, &w.added)?;
            value
        };
        tx.commit().context("committing")?;
        Ok(value)
    }
}

#[cfg(test)]
mod user_tests {
    use super::user_name_of;

    #[test]
    fn finds_the_login_name_of_a_uid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nshop:x:1000:1000::/home/shop:/bin/sh\n";
        assert_eq!(user_name_of(passwd, 1000).as_deref(), Some("shop"));
        assert_eq!(user_name_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(user_name_of(passwd, 42), None);
    }

    /// Migrations run with foreign keys off (a table rebuild needs it); the store must come
    /// out of them with foreign keys on, whether it was created or migrated.
    #[test]
    fn foreign_keys_are_on_after_migrating() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("s.db");
        for _ in 0..2 {
            let store = super::Store::open(&path).expect("open");
            let on: i64 = store
                .conn()
                .pragma_query_value(None, "foreign_keys", |r| r.get(0))
                .expect("pragma");
            assert_eq!(on, 1);
        }
    }

    /// An import runs with a larger page cache, and the store's own size comes back after
    /// it, whether it committed or was refused.
    #[test]
    fn an_import_gives_its_page_cache_back() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = super::Store::open(&dir.path().join("s.db")).expect("open");
        let size = |s: &super::Store| -> i64 {
            s.conn()
                .pragma_query_value(None, "cache_size", |r| r.get(0))
                .expect("cache size")
        };
        let before = size(&store);
        for text in ["sku,name\nA-1,Apple\n", "sku,name\nB-1,\n"] {
            let _ = crate::import::import_bytes(
                &mut store,
                text.as_bytes(),
                None,
                false,
                false,
                std::path::Path::new("t.csv"),
            )
            .expect("import");
            assert_eq!(size(&store), before);
        }
    }
}

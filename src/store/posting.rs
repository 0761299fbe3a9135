//! Posting documents: one `BEGIN IMMEDIATE` transaction each, all movements or none.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{fmt_time, now_utc, refuse, Store};
use crate::domain::ledger::{doc_label, parse_doc_label, Balance, DocKind};
use crate::domain::posting::{
    check_lines, check_reason, check_void, clean_text, opening_receipt_value, past_needed,
    post_line, posting_time, unit_cost_of, void_line, ItemNow, LineIn, LineRefusal, Movement,
    NegativeStock, PastCosts, Shortfall, TextRefusal, VoidRefusal,
};
use crate::domain::purchasing::{check_post_against_order, OrderRefusal, OrderState};

/// The one location there is for now; the schema has room for more (transfers).
pub const MAIN_LOCATION: i64 = 1;

/// One line of a document to post. `qty` means: units in (receipt, return), units out
/// (sale), the signed change (adjustment), or the counted quantity (count).
#[derive(Debug, Clone, PartialEq)]
pub struct PostLine {
    pub item_id: i64,
    pub qty: i64,
    pub unit_cost: Option<i64>,
    pub unit_price: Option<i64>,
}

/// A document to post. `uuid` is made before the transaction starts, so a retry can never
/// post twice.
#[derive(Debug, Clone, PartialEq)]
pub struct PostRequest {
    pub uuid: String,
    pub kind: DocKind,
    pub lines: Vec<PostLine>,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub order_id: Option<i64>,
    pub external_key: Option<String>,
    /// The draft this document came from; it is removed in the same transaction.
    pub draft_uuid: Option<String>,
}

/// A new document key. Version 7 UUIDs are time-ordered, so the UNIQUE index on them grows
/// at its end instead of touching a random page on every posting.
pub fn new_document_uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl PostLine {
    /// The line as the ledger's rules see it (`domain::posting`).
    fn rule_line(&self) -> LineIn {
        LineIn {
            qty: self.qty,
            unit_cost: self.unit_cost,
            unit_price: self.unit_price,
        }
    }
}

impl PostRequest {
    pub fn new(kind: DocKind, lines: Vec<PostLine>) -> PostRequest {
        PostRequest {
            uuid: new_document_uuid(),
            kind,
            lines,
            reference: None,
            reason: None,
            at: None,
            order_id: None,
            external_key: None,
            draft_uuid: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostedLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    /// The signed movement posted.
    pub qty: i64,
    /// On hand after the posting (at the time it is reported).
    pub on_hand: i64,
}

/// What a post did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posted {
    pub doc_id: i64,
    pub doc: String,
    pub kind: String,
    pub lines: Vec<PostedLine>,
    /// True when this UUID (or external key) was already posted and nothing new was written.
    pub replayed: bool,
}

fn check_reference(field: &str, v: Option<&str>) -> Result<Option<String>> {
    match clean_text(v) {
        Ok(s) => Ok(s.map(str::to_string)),
        Err(TextRefusal::ControlCharacter) => {
            refuse(format!("{field} contains a control character"))
        }
        Err(TextRefusal::TooLong) => refuse(format!(
            "{field} is longer than {} characters",
            crate::domain::posting::MAX_TEXT_CHARS
        )),
    }
}

#[derive(Clone)]
struct ItemInfo {
    sku: String,
    name: String,
    cost: Option<i64>,
    price: Option<i64>,
}

/// Whether an item has a row in `stock` yet: a movement updates it, or inserts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BalanceRow {
    Exists,
    Missing,
}

/// An item's balance as a posting knows it, and whether the `stock` table has its row.
#[derive(Debug, Clone, Copy)]
struct Known {
    balance: Balance,
    row: BalanceRow,
}

impl Known {
    /// The balance after a movement: its row exists once the movement is written.
    fn after(balance: Balance) -> Known {
        Known {
            balance,
            row: BalanceRow::Exists,
        }
    }
}

/// What `write_movement` does to the item's `stock` row besides inserting the movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BalanceWrite {
    /// Move the row (it exists) by the movement.
    Update,
    /// Insert the row (the item has none yet) at the movement.
    Insert,
    /// Leave it: a run of postings writes it once at the end (`write_balances`).
    Deferred,
}

impl From<BalanceRow> for BalanceWrite {
    fn from(row: BalanceRow) -> BalanceWrite {
        match row {
            BalanceRow::Exists => BalanceWrite::Update,
            BalanceRow::Missing => BalanceWrite::Insert,
        }
    }
}

/// An item found for a line: its fields, and its balance as the line finds it.
struct Found {
    info: ItemInfo,
    known: Known,
}

impl Found {
    /// The item as the ledger's rules see it.
    fn now(&self) -> ItemNow {
        ItemNow {
            balance: self.known.balance,
            cost: self.info.cost,
            price: self.info.price,
        }
    }
}

fn item_info(tx: &Connection, item_id: i64) -> Result<ItemInfo> {
    let info = tx
        .prepare_cached("SELECT sku, name, cost, price FROM items WHERE id = ?1")?
        .query_row([item_id], |r| {
            Ok(ItemInfo {
                sku: r.get(0)?,
                name: r.get(1)?,
                cost: r.get(2)?,
                price: r.get(3)?,
            })
        })
        .optional()?;
    match info {
        Some(i) => Ok(i),
        None => refuse(format!("unknown item (id {item_id})")),
    }
}

/// What a run of postings in one write already knows (an orders import posts 50,000
/// documents over a few hundred items): each item's fields, and its balance as of the last
/// posting that succeeded. A posting that fails (and is rolled back to its savepoint)
/// leaves it as it was. Postings do not change items.
///
/// A single posting's cache (`default`) keeps nothing, as no other posting will read it (a
/// count of 100k lines spent 0.07 s filling one); only a run's (`deferring_balances`) does.
#[derive(Default)]
pub(crate) struct PostingCache {
    items: HashMap<i64, ItemInfo>,
    balances: HashMap<i64, Known>,
    /// For a run: the items whose balance rows are behind `balances`, until
    /// `write_balances`. (A single posting writes its balances as it goes.)
    unwritten: Option<std::collections::HashSet<i64>>,
}

impl PostingCache {
    /// A cache whose postings leave the balance rows to `write_balances`, which must run
    /// before the write commits: the ledger's movements go in as each posting is made, and
    /// each item's balance row is written once, at its last figure (an orders import moved
    /// the same few hundred rows 100,000 times).
    pub(crate) fn deferring_balances() -> PostingCache {
        PostingCache {
            unwritten: Some(std::collections::HashSet::new()),
            ..PostingCache::default()
        }
    }

    /// Whether this cache is shared by a run of postings, and so worth filling.
    fn keeps(&self) -> bool {
        self.unwritten.is_some()
    }

    /// Write the balance rows the postings moved (see `deferring_balances`).
    pub(crate) fn write_balances(&mut self, tx: &Connection) -> Result<()> {
        let Some(unwritten) = self.unwritten.as_mut() else {
            return Ok(());
        };
        let mut items: Vec<i64> = unwritten.drain().collect();
        items.sort_unstable();
        let mut upsert = tx.prepare_cached(
            "INSERT INTO stock (item_id, location_id, on_hand, value) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (item_id, location_id)
             DO UPDATE SET on_hand = excluded.on_hand, value = excluded.value",
        )?;
        for item in items {
            if let Some(k) = self.balances.get(&item) {
                upsert.execute(params![
                    item,
                    MAIN_LOCATION,
                    k.balance.on_hand,
                    k.balance.value
                ])?;
            }
        }
        Ok(())
    }
}

/// An item and its balance as a document's line finds them: the balance this document
/// already moved it to (`balances`), else the one `cache` holds, else the store's, read
/// with the item in one look-up.
fn item_and_balance(
    tx: &Connection,
    item_id: i64,
    balances: &HashMap<i64, Known>,
    cache: &mut PostingCache,
) -> Result<Found> {
    let known = balances
        .get(&item_id)
        .or_else(|| cache.balances.get(&item_id))
        .copied();
    if let Some(known) = known {
        let info = match cache.items.get(&item_id) {
            Some(info) => info.clone(),
            None => {
                let info = item_info(tx, item_id)?;
                if cache.keeps() {
                    cache.items.insert(item_id, info.clone());
                }
                info
            }
        };
        return Ok(Found { info, known });
    }
    let found = tx
        .prepare_cached(
            // Subqueries, not a LEFT JOIN: with the join, SQLite carries `i.id = ?1` over to
            // the stock side and then prepares the statement again on every use (9 µs, not 2).
            "SELECT sku, name, cost, price,
                    (SELECT on_hand FROM stock WHERE item_id = ?1 AND location_id = ?2),
                    (SELECT value FROM stock WHERE item_id = ?1 AND location_id = ?2)
             FROM items WHERE id = ?1",
        )?
        .query_row(params![item_id, MAIN_LOCATION], |r| {
            let info = ItemInfo {
                sku: r.get(0)?,
                name: r.get(1)?,
                cost: r.get(2)?,
                price: r.get(3)?,
            };
            let on_hand: Option<i64> = r.get(4)?;
            let value: Option<i64> = r.get(5)?;
            Ok((info, on_hand.zip(value)))
        })
        .optional()?;
    let (info, known) = match found {
        Some((info, Some((on_hand, value)))) => (
            info,
            Known {
                balance: Balance { on_hand, value },
                row: BalanceRow::Exists,
            },
        ),
        Some((info, None)) => (
            info,
            Known {
                balance: Balance::default(),
                row: BalanceRow::Missing,
            },
        ),
        None => return refuse(format!("unknown item (id {item_id})")),
    };
    if cache.keeps() {
        cache.items.insert(item_id, info.clone());
    }
    Ok(Found { info, known })
}

/// Where a document's movements go: its id, when they happened, and who posted them.
#[derive(Clone, Copy)]
struct DocRow<'a> {
    doc_id: i64,
    at: &'a str,
    user: &'a str,
}

/// Write one movement of `item_id` for `doc`, and its balance row as `balance` says.
fn write_movement(
    tx: &Connection,
    doc: DocRow<'_>,
    item_id: i64,
    m: Movement,
    balance: BalanceWrite,
) -> Result<()> {
    let Movement {
        qty,
        value,
        unit_price,
        demand,
    } = m;
    tx.prepare_cached(
        "INSERT INTO movements (doc_id, item_id, location_id, qty, value, unit_price, demand, at, user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        doc.doc_id,
        item_id,
        MAIN_LOCATION,
        qty,
        value,
        unit_price,
        demand,
        doc.at,
        doc.user
    ])?;
    match balance {
        BalanceWrite::Update => {
            tx.prepare_cached(
                "UPDATE stock SET on_hand = on_hand + ?1, value = value + ?2
                 WHERE item_id = ?3 AND location_id = ?4",
            )?
            .execute(params![qty, value, item_id, MAIN_LOCATION])?;
        }
        BalanceWrite::Insert => {
            tx.prepare_cached(
                "INSERT INTO stock (item_id, location_id, on_hand, value) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![item_id, MAIN_LOCATION, qty, value])?;
        }
        BalanceWrite::Deferred => {}
    }
    Ok(())
}

/// The unit cost a customer return comes back in at: that of the item's latest sale (by
/// when it happened, then by posting order; read from the end of the item's index).
fn last_sale_unit_cost(tx: &Connection, item_id: i64) -> Result<Option<i64>> {
    let row: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT m.qty, m.value FROM movements m JOIN documents d ON d.id = m.doc_id
             WHERE m.item_id = ?1 AND d.kind = 'sale' AND m.qty < 0
             ORDER BY m.at DESC, m.id DESC LIMIT 1",
        )?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(q, v)| unit_cost_of(q, v)))
}

/// The unit cost of the item's latest receipt (as `last_sale_unit_cost` orders them), for
/// stock found when nothing else is known.
fn last_receipt_unit_cost(tx: &Connection, item_id: i64) -> Result<Option<i64>> {
    let row: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT m.qty, m.value FROM movements m JOIN documents d ON d.id = m.doc_id
             WHERE m.item_id = ?1 AND d.kind = 'receipt' AND m.qty > 0
             ORDER BY m.at DESC, m.id DESC LIMIT 1",
        )?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(q, v)| unit_cost_of(q, v)))
}

fn insufficient(info: &ItemInfo, s: Shortfall) -> anyhow::Error {
    super::Refusal(format!(
        "insufficient stock for '{}' ({}): {} on hand, {} asked",
        info.sku,
        crate::domain::text::sanitize(&info.name),
        s.on_hand,
        s.asked
    ))
    .into()
}

/// The past costs of an item that `needed` asks for (each one query, and only then).
fn past_costs(
    tx: &Connection,
    item_id: i64,
    needed: crate::domain::posting::PastNeeded,
) -> Result<PastCosts> {
    Ok(PastCosts {
        last_receipt: if needed.last_receipt {
            last_receipt_unit_cost(tx, item_id)?
        } else {
            None
        },
        last_sale: if needed.last_sale {
            last_sale_unit_cost(tx, item_id)?
        } else {
            None
        },
    })
}

impl Store {
    /// Post a document. Refusals (unknown item, insufficient stock, closed order, ...) leave
    /// the store unchanged.
    pub fn post(&mut self, req: &PostRequest) -> Result<Posted> {
        let ctx = validate(req, self.settings().allow_negative_stock, self.user())?;
        let tx = self.begin_write()?;
        let posted = post_in(&tx, req, &ctx)?;
        tx.commit().context("committing the posting")?;
        if crate::log::enabled() && !posted.replayed {
            crate::log::info(&format!(
                "posted {} ({}) uuid={} lines={} by {}",
                posted.doc,
                posted.kind,
                req.uuid,
                posted.lines.len(),
                ctx.user
            ));
        }
        Ok(posted)
    }

    /// Reverse a posted document by posting its opposite. Nothing is deleted.
    pub fn void(&mut self, label: &str, reason: &str, uuid: &str) -> Result<Posted> {
        let (kind_given, id) = match parse_doc_label(label) {
            Ok(v) => v,
            Err(e) => return refuse(e),
        };
        let reason = check_reference("reason", Some(reason))?;
        if let Err(why) = check_reason(DocKind::Void, reason.is_some()) {
            return refuse(why.to_string());
        }
        let negative = NegativeStock::allowed(self.settings().allow_negative_stock);
        let user = self.user().to_string();
        let tx = self.begin_write()?;
        if let Some(posted) = replay(&tx, uuid, None)? {
            tx.commit()?;
            return Ok(posted);
        }
        let doc: Option<(String, Option<i64>)> = tx
            .query_row(
                "SELECT kind, order_id FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((kind_text, order_id)) = doc else {
            return refuse(format!("no document {}", label.trim()));
        };
        let kind = DocKind::parse(&kind_text).context("a document of unknown kind")?;
        let voided_by: Option<i64> = tx
            .query_row("SELECT id FROM documents WHERE voids_doc = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let moves: Vec<(i64, Movement)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT item_id, qty, value, unit_price, demand FROM movements
                 WHERE doc_id = ?1 AND qty <> 0 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok((
                        r.get(0)?,
                        Movement {
                            qty: r.get(1)?,
                            value: r.get(2)?,
                            unit_price: r.get(3)?,
                            demand: r.get(4)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        if let Err(why) = check_void(kind_given, kind, voided_by, !moves.is_empty()) {
            let this = doc_label(kind, id);
            return refuse(match why {
                VoidRefusal::WrongKind { given } => {
                    format!("document {id} is a {kind}, not a {given} (its number is {this})")
                }
                VoidRefusal::IsAVoid => {
                    format!("{this} is itself a void; post the transaction again instead")
                }
                VoidRefusal::AlreadyVoided(v) => format!(
                    "{this} was already voided by {}",
                    doc_label(DocKind::Void, v)
                ),
                VoidRefusal::NothingToReverse => {
                    format!("{this} moved no stock; there is nothing to reverse")
                }
            });
        }
        let now = now_utc();
        let at = fmt_time(now);
        tx.execute(
            "INSERT INTO documents (uuid, kind, ref, reason, at, posted_at, user, line_count,
                voids_doc, order_id)
             VALUES (?1, 'void', ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
            params![
                uuid,
                doc_label(kind, id),
                reason,
                at,
                user,
                moves.len() as i64,
                id,
                order_id
            ],
        )?;
        let void_id = tx.last_insert_rowid();
        let doc = DocRow {
            doc_id: void_id,
            at: &at,
            user: &user,
        };
        let mut balances: HashMap<i64, Known> = HashMap::new();
        let mut out = Vec::new();
        for (item_id, original) in moves {
            let found = item_and_balance(&tx, item_id, &balances, &mut PostingCache::default())?;
            let m = match void_line(original, found.now(), negative) {
                Ok(m) => m,
                Err(s) => {
                    return refuse(format!(
                        "cannot void {}: insufficient stock for '{}': {} on hand, {} would go out",
                        doc_label(kind, id),
                        found.info.sku,
                        s.on_hand,
                        s.asked
                    ))
                }
            };
            write_movement(&tx, doc, item_id, m, found.known.row.into())?;
            let after = m.applied_to(found.known.balance);
            balances.insert(item_id, Known::after(after));
            out.push(PostedLine {
                item_id,
                sku: found.info.sku,
                name: found.info.name,
                qty: m.qty,
                on_hand: after.on_hand,
            });
        }
        tx.commit().context("committing the void")?;
        crate::log::info(&format!(
            "posted {} voiding {}",
            doc_label(DocKind::Void, void_id),
            doc_label(kind, id)
        ));
        for l in &mut out {
            if let Some(k) = balances.get(&l.item_id) {
                l.on_hand = k.balance.on_hand;
            }
        }
        Ok(Posted {
            doc_id: void_id,
            doc: doc_label(DocKind::Void, void_id),
            kind: "void".to_string(),
            lines: out,
            replayed: false,
        })
    }

    /// Current on hand of an item (all locations).
    pub fn on_hand(&self, item_id: i64) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(sum(on_hand), 0) FROM stock WHERE item_id = ?1")?
            .query_row([item_id], |r| r.get(0))?)
    }

    /// Current on hand and cost value of an item.
    pub fn balance(&self, item_id: i64) -> Result<Balance> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(on_hand), 0), coalesce(sum(value), 0) FROM stock WHERE item_id = ?1",
            )?
            .query_row([item_id], |r| {
                Ok(Balance {
                    on_hand: r.get(0)?,
                    value: r.get(1)?,
                })
            })?)
    }
}

/// Check a request before any write starts; returns what the posting needs.
pub(crate) fn validate(req: &PostRequest, allow_negative: bool, user: &str) -> Result<PostContext> {
    if let Err(why) = check_lines(req.kind, req.lines.iter().map(PostLine::rule_line)) {
        return refuse(why.to_string());
    }
    let reason = check_reference("reason", req.reason.as_deref())?;
    if let Err(why) = check_reason(req.kind, reason.is_some()) {
        return refuse(why.to_string());
    }
    let reference = check_reference("reference", req.reference.as_deref())?;
    let now = now_utc();
    let at = match posting_time(req.at, now) {
        Ok(t) => t,
        Err(t) => return refuse(format!("time {} is in the future", fmt_time(t))),
    };
    Ok(PostContext {
        allow_negative,
        user: user.to_string(),
        now,
        at,
        reason,
        reference,
    })
}

/// What a posting needs to know besides the request, validated before the write starts.
pub(crate) struct PostContext {
    pub allow_negative: bool,
    pub user: String,
    pub now: DateTime<Utc>,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
    pub reference: Option<String>,
}

/// Post inside a write that the caller commits (or rolls back).
pub(crate) fn post_in(tx: &Connection, req: &PostRequest, ctx: &PostContext) -> Result<Posted> {
    post_in_cached(tx, req, ctx, &mut PostingCache::default())
}

/// `post_in` for one of many postings in the same write, sharing what they read in `cache`.
pub(crate) fn post_in_cached(
    tx: &Connection,
    req: &PostRequest,
    ctx: &PostContext,
    cache: &mut PostingCache,
) -> Result<Posted> {
    if let Some(posted) = replay(tx, &req.uuid, req.external_key.as_deref())? {
        return Ok(posted);
    }
    post_new_in(tx, req, ctx, cache)
}

/// `post_in_cached` for a request known not to be posted yet: the caller made its UUID and
/// has looked its external key up in this same write (an orders import checks each order's
/// key before anything else). The replay look-ups are skipped: 5% of an orders import.
pub(crate) fn post_new_in(
    tx: &Connection,
    req: &PostRequest,
    ctx: &PostContext,
    cache: &mut PostingCache,
) -> Result<Posted> {
    if let Some(order) = req.order_id {
        let state: Option<String> = tx
            .query_row(
                "SELECT state FROM purchase_orders WHERE id = ?1",
                [order],
                |r| r.get(0),
            )
            .optional()?;
        let state = state
            .map(|s| OrderState::parse(&s).context("a purchase order of unknown state"))
            .transpose()?;
        if let Err(why) = check_post_against_order(state, req.kind) {
            return refuse(match why {
                OrderRefusal::Unknown => format!("unknown purchase order {order}"),
                OrderRefusal::NotOpen(s) => {
                    format!("purchase order {order} is {s}; nothing can be received against it")
                }
                OrderRefusal::NotAReceipt => {
                    "only receipts can be posted against a purchase order".to_string()
                }
            });
        }
    }
    let negative = NegativeStock::allowed(ctx.allow_negative);
    let at_text = fmt_time(ctx.at);
    let doc = DocRow {
        doc_id: insert_document(tx, req, ctx, &at_text)?,
        at: &at_text,
        user: &ctx.user,
    };
    let mut balances: HashMap<i64, Known> = HashMap::new();
    let mut out = Vec::with_capacity(req.lines.len());
    for line in &req.lines {
        let found = item_and_balance(tx, line.item_id, &balances, cache)?;
        let (rule_line, now) = (line.rule_line(), found.now());
        let past = past_costs(tx, line.item_id, past_needed(req.kind, rule_line, now))?;
        let m = match post_line(req.kind, rule_line, now, past, negative) {
            Ok(m) => m,
            Err(LineRefusal::Insufficient(s)) => return Err(insufficient(&found.info, s)),
            Err(LineRefusal::NotPostable(_)) => {
                return refuse("this kind of document cannot be posted here")
            }
        };
        // Deferring, the cache writes the balance rows (`write_balances`).
        let balance = if cache.unwritten.is_none() {
            found.known.row.into()
        } else {
            BalanceWrite::Deferred
        };
        write_movement(tx, doc, line.item_id, m, balance)
            .with_context(|| format!("posting '{}'", found.info.sku))?;
        let after = m.applied_to(found.known.balance);
        balances.insert(line.item_id, Known::after(after));
        out.push(PostedLine {
            item_id: line.item_id,
            sku: found.info.sku,
            name: found.info.name,
            qty: m.qty,
            on_hand: after.on_hand,
        });
    }
    if let Some(d) = &req.draft_uuid {
        tx.execute("DELETE FROM drafts WHERE uuid = ?1", [d])?;
    }
    // Each line reports the balance after the whole document.
    for l in &mut out {
        if let Some(k) = balances.get(&l.item_id) {
            l.on_hand = k.balance.on_hand;
        }
    }
    // Posted: the cache holds these balances now (and so does the stock table, unless the
    // cache writes them later).
    if let Some(unwritten) = cache.unwritten.as_mut() {
        unwritten.extend(balances.keys().copied());
    }
    if cache.keeps() {
        cache.balances.extend(balances);
    }
    Ok(Posted {
        doc_id: doc.doc_id,
        doc: doc_label(req.kind, doc.doc_id),
        kind: req.kind.as_str().to_string(),
        lines: out,
        replayed: false,
    })
}

/// If a document with this UUID (or external key) exists, describe it instead of posting.
fn replay(tx: &Connection, uuid: &str, external_key: Option<&str>) -> Result<Option<Posted>> {
    // Two look-ups, each on its own index (an OR across them would scan the table).
    let mut found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, kind FROM documents WHERE uuid = ?1")?
        .query_row([uuid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let (None, Some(key)) = (&found, external_key) {
        found = tx
            .prepare_cached("SELECT id, kind FROM documents WHERE external_key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
    }
    let Some((doc_id, kind_text)) = found else {
        return Ok(None);
    };
    let kind = DocKind::parse(&kind_text).unwrap_or(DocKind::Adjustment);
    let mut stmt = tx.prepare_cached(
        "SELECT m.item_id, i.sku, i.name, m.qty,
                (SELECT coalesce(sum(on_hand), 0) FROM stock s WHERE s.item_id = m.item_id)
         FROM movements m JOIN items i ON i.id = m.item_id WHERE m.doc_id = ?1 ORDER BY m.id",
    )?;
    let lines = stmt
        .query_map([doc_id], |r| {
            Ok(PostedLine {
                item_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                qty: r.get(3)?,
                on_hand: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Posted {
        doc_id,
        doc: doc_label(kind, doc_id),
        kind: kind.as_str().to_string(),
        lines,
        replayed: true,
    }))
}

/// The document row of a posting; returns its id.
fn insert_document(
    tx: &Connection,
    req: &PostRequest,
    ctx: &PostContext,
    at_text: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO documents (uuid, kind, ref, reason, at, posted_at, user, line_count,
                order_id, external_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        req.uuid,
        req.kind.as_str(),
        ctx.reference,
        ctx.reason,
        at_text,
        fmt_time(ctx.now),
        ctx.user,
        req.lines.len() as i64,
        req.order_id,
        req.external_key
    ])
    .context("recording the document")?;
    Ok(tx.last_insert_rowid())
}

/// Post a receipt of opening stock for items created earlier in the same write (an import):
/// they have no balance yet, so each line is one movement at its unit cost (none: zero, as
/// `post_in` would take it from an item with no cost and no stock) and one new balance row,
/// with statements prepared once and nothing read per line. Returns the document's id.
pub(crate) fn post_opening_receipt(
    tx: &Connection,
    req: &PostRequest,
    ctx: &PostContext,
) -> Result<i64> {
    if req.kind != DocKind::Receipt || req.order_id.is_some() || req.draft_uuid.is_some() {
        return refuse("an opening receipt is a plain receipt");
    }
    if let Err(why) = check_lines(
        DocKind::Receipt,
        req.lines.iter().map(|l| LineIn {
            // Costs are checked by the caller, as it makes them.
            unit_cost: None,
            unit_price: None,
            ..l.rule_line()
        }),
    ) {
        return refuse(why.to_string());
    }
    let at_text = fmt_time(ctx.at);
    let doc_id = insert_document(tx, req, ctx, &at_text)?;
    let mut values = Vec::with_capacity(req.lines.len());
    for line in &req.lines {
        let value =
            opening_receipt_value(line.rule_line()).context("the stock value is too large")?;
        values.push((line.item_id, line.qty, value));
    }
    // Many rows a statement: a statement's own cost (binding, opening the table and its
    // indexes, resetting) is then paid once per chunk instead of once per line.
    let full = (
        opening_movements_sql(OPENING_CHUNK),
        opening_stock_sql(OPENING_CHUNK),
    );
    for chunk in values.chunks(OPENING_CHUNK) {
        let rest;
        let (movements_sql, stock_sql) = if chunk.len() == OPENING_CHUNK {
            (&full.0, &full.1)
        } else {
            rest = (
                opening_movements_sql(chunk.len()),
                opening_stock_sql(chunk.len()),
            );
            (&rest.0, &rest.1)
        };
        let mut movement = tx.prepare_cached(movements_sql)?;
        movement.raw_bind_parameter(1, doc_id)?;
        movement.raw_bind_parameter(2, MAIN_LOCATION)?;
        movement.raw_bind_parameter(3, &at_text)?;
        movement.raw_bind_parameter(4, &ctx.user)?;
        let mut stock = tx.prepare_cached(stock_sql)?;
        stock.raw_bind_parameter(1, MAIN_LOCATION)?;
        for (i, (item, qty, value)) in chunk.iter().enumerate() {
            movement.raw_bind_parameter(5 + 3 * i, item)?;
            movement.raw_bind_parameter(6 + 3 * i, qty)?;
            movement.raw_bind_parameter(7 + 3 * i, value)?;
            stock.raw_bind_parameter(2 + 3 * i, item)?;
            stock.raw_bind_parameter(3 + 3 * i, qty)?;
            stock.raw_bind_parameter(4 + 3 * i, value)?;
        }
        movement.raw_execute()?;
        stock.raw_execute()?;
    }
    Ok(doc_id)
}

/// Lines per statement of an opening receipt (3 parameters each, well inside SQLite's limit).
const OPENING_CHUNK: usize = 100;

/// `INSERT INTO movements` of `n` lines: ?1 document, ?2 location, ?3 time, ?4 user, then
/// item, quantity and value of each line.
fn opening_movements_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(?1, ?{}, ?2, ?{}, ?{}, NULL, 0, ?3, ?4)",
                5 + 3 * i,
                6 + 3 * i,
                7 + 3 * i
            )
        })
        .collect();
    format!(
        "INSERT INTO movements (doc_id, item_id, location_id, qty, value, unit_price, demand, at, user) VALUES {}",
        rows.join(", ")
    )
}

/// `INSERT INTO stock` of `n` lines: ?1 location, then item, quantity and value of each.
/// A balance that is there after all (an item given twice) is added to, not replaced.
fn opening_stock_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| format!("(?{}, ?1, ?{}, ?{})", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i))
        .collect();
    format!(
        "INSERT INTO stock (item_id, location_id, on_hand, value) VALUES {}
         ON CONFLICT (item_id, location_id) DO UPDATE
         SET on_hand = on_hand + excluded.on_hand, value = value + excluded.value",
        rows.join(", ")
    )
}

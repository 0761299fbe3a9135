//! Applying parsed channel files to the store: one transaction for the whole file.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use std::collections::HashMap;

use super::catalog::{update_item, ItemFields, ItemInserter};
use super::posting::{
    post_in, post_in_cached, post_new_in, post_opening_receipt, PostContext, PostLine, PostRequest,
    PostingCache,
};
use super::{now_utc, Refusal, Store};
use crate::channels::{CatalogRow, LevelRow, OrderRecord, Problem, Untracked};
use crate::domain::ledger::DocKind;

/// Where a streamed catalogue import gets its rows, and what it hands back.
pub struct CatalogFeed<'a> {
    /// The rows, in batches, as the parser hands them over.
    pub batches: &'a mut dyn Iterator<Item = Vec<CatalogRow>>,
    /// Called once the batches run out: the parser's problems, or its error (which fails
    /// the import).
    pub parse_end: &'a mut dyn FnMut() -> Result<Vec<Problem>>,
    /// Told of each row as it is written.
    pub progress: &'a mut dyn FnMut(&CatalogRow),
    /// Each row's fields once written, to be freed where they were made.
    pub spent_row: &'a mut dyn FnMut(ItemFields),
    /// Each batch once emptied, its buffer kept, to be filled again.
    pub spent_batch: &'a mut dyn FnMut(Vec<CatalogRow>),
}

/// What an import did, or (dry run) would do.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    pub new_items: usize,
    pub updated_items: usize,
    /// Lines that changed stock (opening receipts, counts).
    pub stock_changes: usize,
    pub sales: usize,
    pub returns: usize,
    /// Orders already imported before (posted nothing).
    pub already_imported: usize,
    /// Rows left out: not stockable, "not stocked", cancelled orders.
    pub skipped: usize,
    /// Orders partly refunded in the channel: the export does not say which items came
    /// back, so no return was posted for them; staff post it by hand if goods came back.
    pub partly_refunded: Vec<String>,
    /// Shopify variants whose quantity was left out because Shopify does not track their
    /// stock (blank `Variant Inventory Tracker`), if any were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untracked: Option<Untracked>,
    pub problems: Vec<Problem>,
    pub committed: bool,
}

fn message(e: &anyhow::Error) -> String {
    match e.downcast_ref::<Refusal>() {
        Some(r) => r.0.clone(),
        None => format!("{e:#}"),
    }
}

/// Run `f` inside a savepoint; on error, undo just what it did. Without `needed` (a failed
/// row fails the whole import anyway) the savepoint is skipped: it costs a journal per row.
fn in_savepoint<T>(conn: &Connection, needed: bool, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !needed {
        return f();
    }
    conn.execute_batch("SAVEPOINT import_row")?;
    match f() {
        Ok(v) => {
            conn.execute_batch("RELEASE import_row")?;
            Ok(v)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
            Err(e)
        }
    }
}

/// Add to `known` the store's ids of the SKUs in `rows` (keyed by lower-cased SKU), in one
/// statement for the batch rather than one per row.
fn find_known_skus(
    tx: &Connection,
    rows: &[CatalogRow],
    known: &mut HashMap<String, i64>,
) -> Result<()> {
    let skus: Vec<&str> = rows.iter().map(|r| r.sku.trim()).collect();
    let mut stmt = tx.prepare_cached(
        "SELECT j.value, i.id FROM json_each(?1) j
         CROSS JOIN items i ON i.sku = j.value COLLATE NOCASE",
    )?;
    let mut found = stmt.query([serde_json::to_string(&skus)?])?;
    while let Some(r) = found.next()? {
        known.insert(r.get::<_, String>(0)?.to_ascii_lowercase(), r.get(1)?);
    }
    Ok(())
}

/// Pages an import keeps in memory (16 MB): postings touch the movement, document and
/// balance indexes all over, and SQLite's default 2 MB cache wrote pages out and read them
/// back again and again. 50,000 orders (100k rows): 1.40 s -> 1.11 s. Only while the import
/// runs: a TUI that imports keeps its small cache (and its memory) afterwards.
const IMPORT_CACHE_KIB: i64 = 16 * 1024;

/// The larger page cache of an import, and the cache size before it, put back on drop.
struct ImportCache<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> ImportCache<'c> {
    fn new(conn: &'c Connection) -> Result<ImportCache<'c>> {
        let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        Ok(ImportCache { conn, before })
    }
}

impl Drop for ImportCache<'_> {
    fn drop(&mut self) {
        // Only memory is at stake: a failure leaves the larger cache in place.
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

fn problem(line: u64, column: &str, value: &str, message: String) -> Problem {
    Problem {
        line,
        column: column.to_string(),
        value: value.to_string(),
        message,
    }
}

impl Store {
    fn context(&self, reason: Option<String>, reference: Option<String>) -> PostContext {
        let now = now_utc();
        PostContext {
            allow_negative: self.settings().allow_negative_stock,
            user: self.user().to_string(),
            now,
            at: now,
            reason,
            reference,
        }
    }

    fn finish(
        &self,
        tx: rusqlite::Transaction<'_>,
        mut summary: ImportSummary,
        dry_run: bool,
        skip_invalid: bool,
    ) -> Result<ImportSummary> {
        if dry_run || (!summary.problems.is_empty() && !skip_invalid) {
            tx.rollback()?;
            summary.committed = false;
        } else {
            tx.commit()?;
            summary.committed = true;
        }
        summary.problems.sort_by_key(|p| p.line);
        Ok(summary)
    }

    /// Create or update items; `on_hand` on a new item posts an opening receipt at its cost,
    /// on an existing item a count to that figure.
    pub fn import_catalog(
        &mut self,
        rows: Vec<CatalogRow>,
        problems: Vec<Problem>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
    ) -> Result<ImportSummary> {
        let mut problems = Some(problems);
        self.import_catalog_stream(
            CatalogFeed {
                batches: &mut std::iter::once(rows),
                parse_end: &mut || Ok(problems.take().unwrap_or_default()),
                progress: &mut |_| {},
                spent_row: &mut drop,
                spent_batch: &mut drop,
            },
            dry_run,
            skip_invalid,
            source,
        )
    }

    /// `import_catalog` for rows that arrive in batches while the file is still being
    /// parsed (see `CatalogFeed`).
    pub fn import_catalog_stream(
        &mut self,
        feed: CatalogFeed<'_>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
    ) -> Result<ImportSummary> {
        let _cache = ImportCache::new(self.conn())?;
        let tx = self.begin_write()?;
        let mut problems = Vec::new();
        let mut s = ImportSummary::default();
        let mut receipts = Vec::new();
        let mut counts = Vec::new();
        let mut touched = Vec::new();
        let mut added = Vec::new();
        // The file's SKUs already in the store, keyed as `COLLATE NOCASE` compares (ASCII
        // case folded); an empty store (moving in) has none to look up. (A SKU twice in one
        // file is the parser's to refuse; should one get here, the insert refuses it.)
        let mut known: HashMap<String, i64> = HashMap::new();
        let store_has_items: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM items)", [], |r| r.get(0))?;
        // Without savepoints, new items are indexed for search as they go in.
        let index_as_added = !skip_invalid;
        let mut inserter = ItemInserter::new(&tx)?;
        if index_as_added {
            super::search::bulk_loading(&tx, true)?;
            inserter = inserter.index_for_search()?;
        }
        for mut batch in feed.batches {
            if store_has_items {
                find_known_skus(&tx, &batch, &mut known)?;
            }
            for row in batch.drain(..) {
                (feed.progress)(&row);
                let existing = if store_has_items {
                    known.get(&row.sku.trim().to_ascii_lowercase()).copied()
                } else {
                    None
                };
                let (line, on_hand, cost) = (row.line, row.on_hand, row.cost);
                // An update keeps the SKU as the store spells it.
                let (new_sku, updated_sku) = match existing {
                    None => (Some(row.sku), None),
                    Some(_) => (None, Some(row.sku)),
                };
                let mut fields = ItemFields {
                    sku: new_sku,
                    name: Some(row.name),
                    product: row.product,
                    variant: row.variant,
                    handle: row.handle,
                    option_names: row.option_names,
                    barcodes: row.barcodes,
                    price: row.price,
                    cost: row.cost,
                    reorder_point: row.reorder_point,
                    reorder_qty: row.reorder_qty,
                    lead_time_days: None,
                    pack: None,
                    supplier: row.supplier,
                    active: Some(row.active),
                };
                let result = in_savepoint(&tx, skip_invalid, || match existing {
                    Some(id) => {
                        let reindex = update_item(&tx, id, &fields)?;
                        Ok((id, false, reindex))
                    }
                    None => Ok((inserter.insert(&fields)?, true, false)),
                });
                match result {
                    Ok((id, true, _)) => {
                        added.push(id);
                        s.new_items += 1;
                        if let Some(q) = on_hand.filter(|q| *q > 0) {
                            receipts.push(PostLine {
                                item_id: id,
                                qty: q,
                                unit_cost: cost,
                                unit_price: None,
                            });
                        }
                    }
                    Ok((id, false, reindex)) => {
                        // A re-imported catalogue mostly repeats what the store has: only
                        // items whose searched text changed are indexed again.
                        if reindex {
                            touched.push(id);
                        }
                        s.updated_items += 1;
                        if let Some(q) = on_hand {
                            let have: i64 = tx
                                .prepare_cached(
                                    "SELECT coalesce(sum(on_hand), 0) FROM stock WHERE item_id = ?1",
                                )?
                                .query_row([id], |r| r.get(0))?;
                            if have != q {
                                counts.push(PostLine {
                                    item_id: id,
                                    qty: q,
                                    unit_cost: cost,
                                    unit_price: None,
                                });
                            }
                        }
                    }
                    Err(e) => {
                        let msg = message(&e);
                        let column = if msg.contains("barcode") {
                            "barcode"
                        } else if msg.contains("SKU") {
                            "sku"
                        } else {
                            "name"
                        };
                        let value = if column == "barcode" {
                            fields.barcodes.join("|")
                        } else {
                            updated_sku
                                .or_else(|| fields.sku.take())
                                .unwrap_or_default()
                        };
                        problems.push(problem(line, column, &value, msg));
                    }
                }
                (feed.spent_row)(fields);
            }
            (feed.spent_batch)(batch);
        }
        drop(inserter);
        // Every row is in; the parser's own findings decide whether this commits.
        let mut found = (feed.parse_end)()?;
        found.append(&mut problems);
        let mut problems = found;
        if index_as_added {
            super::search::bulk_loading(&tx, false)?;
            super::search::reindex_bulk(&tx, &touched, &[])?;
        } else {
            super::search::reindex_bulk(&tx, &touched, &added)?;
        }
        if !receipts.is_empty() {
            s.stock_changes += receipts.len();
            let mut req = PostRequest::new(DocKind::Receipt, receipts);
            req.reference = Some(format!("opening stock from {source}"));
            let ctx = self.context(None, req.reference.clone());
            post_opening_receipt(&tx, &req, &ctx)?;
        }
        if !counts.is_empty() {
            s.stock_changes += counts.len();
            let req = PostRequest::new(DocKind::Count, counts);
            let ctx = self.context(None, Some(format!("on hand from {source}")));
            if let Err(e) = post_in(&tx, &req, &ctx) {
                problems.push(problem(0, "on_hand", "", message(&e)));
            }
        }
        s.problems = problems;
        self.finish(tx, s, dry_run, skip_invalid)
    }

    /// Count every listed SKU to its new on-hand: one count document, so the ledger explains
    /// each change.
    pub fn import_levels(
        &mut self,
        rows: &[LevelRow],
        problems: Vec<Problem>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
    ) -> Result<ImportSummary> {
        self.import_levels_with_progress(rows, problems, dry_run, skip_invalid, source, &mut |_| {})
    }

    /// `import_levels`, calling `progress` with the number of rows done after each row.
    pub fn import_levels_with_progress(
        &mut self,
        rows: &[LevelRow],
        mut problems: Vec<Problem>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let _cache = ImportCache::new(self.conn())?;
        let tx = self.begin_write()?;
        let mut s = ImportSummary::default();
        // stockroom keeps one location: an item's rows at several Shopify locations add up
        // to its on-hand. (The parser has already refused a SKU twice at one location.)
        let mut totals: Vec<(i64, i64, i64)> = Vec::new(); // (item, on hand now, new total)
        let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for (done, row) in rows.iter().enumerate() {
            progress(done);
            let found: Option<(i64, i64)> = tx
                .prepare_cached(
                    "SELECT i.id, coalesce((SELECT sum(on_hand) FROM stock WHERE item_id = i.id), 0)
                     FROM items i WHERE i.sku = ?1 COLLATE NOCASE",
                )?
                .query_row([row.sku.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match found {
                None => problems.push(problem(
                    row.line,
                    "SKU",
                    &row.sku,
                    format!("unknown item '{}'", row.sku),
                )),
                Some((id, have)) => match index.get(&id) {
                    Some(&i) => {
                        if let Some(t) = totals.get_mut(i) {
                            t.2 = t.2.saturating_add(row.on_hand);
                        }
                    }
                    None => {
                        index.insert(id, totals.len());
                        totals.push((id, have, row.on_hand));
                    }
                },
            }
        }
        let mut lines: Vec<PostLine> = Vec::new();
        for (item_id, have, total) in totals {
            if have == total {
                s.skipped += 1;
            } else {
                lines.push(PostLine {
                    item_id,
                    qty: total,
                    unit_cost: None,
                    unit_price: None,
                });
            }
        }
        progress(rows.len());
        // One location named throughout: the one stock goes back to on export.
        let mut locations = rows.iter().map(|r| r.location.trim());
        if let Some(first) = locations.next().filter(|l| !l.is_empty()) {
            if locations.all(|l| l == first) && first != super::shopify_location_in(&tx)? {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ('shopify_location', ?1)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [first],
                )?;
            }
        }
        if !lines.is_empty() {
            s.stock_changes = lines.len();
            let req = PostRequest::new(DocKind::Count, lines);
            let ctx = self.context(None, Some(format!("inventory levels from {source}")));
            post_in(&tx, &req, &ctx)?;
        }
        s.problems = problems;
        self.finish(tx, s, dry_run, skip_invalid)
    }

    /// Post each order as a sale at its own time, keyed by order name so that a re-import
    /// (or an overlapping file) posts nothing twice; refunds post returns.
    pub fn import_orders(
        &mut self,
        orders: &[OrderRecord],
        problems: Vec<Problem>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
    ) -> Result<ImportSummary> {
        self.import_orders_with_progress(
            orders,
            problems,
            dry_run,
            skip_invalid,
            source,
            &mut |_| {},
        )
    }

    /// `import_orders`, calling `progress` with the number of orders done after each order.
    pub fn import_orders_with_progress(
        &mut self,
        orders: &[OrderRecord],
        mut problems: Vec<Problem>,
        dry_run: bool,
        skip_invalid: bool,
        source: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let _cache = ImportCache::new(self.conn())?;
        let tx = self.begin_write()?;
        let mut s = ImportSummary::default();
        // Each SKU is looked up once: an order import adds no items, and a month of orders
        // names the same few hundred again and again.
        let mut item_ids: HashMap<String, Option<i64>> = HashMap::new();
        // The items' fields and balances, read once rather than at every order; each
        // balance row is written once, before the commit.
        let mut known = PostingCache::deferring_balances();
        let mut sorted: Vec<&OrderRecord> = orders.iter().collect();
        sorted.sort_by_key(|o| (o.created_at, o.line));
        let now = now_utc();
        for (done, order) in sorted.into_iter().enumerate() {
            progress(done);
            if order.cancelled {
                // Cancelled before it was imported: nothing to post. Cancelled after an
                // earlier file posted its sale: the goods come back, once.
                match restock_cancelled(&tx, source, &order.name)? {
                    Some(lines) => {
                        let mut req = PostRequest::new(DocKind::Return, lines);
                        req.external_key = Some(format!("{source}:cancel:{}", order.name));
                        req.reference = Some(format!("{source} cancelled {}", order.name));
                        let ctx = self.context(None, req.reference.clone());
                        match in_savepoint(&tx, skip_invalid, || {
                            post_in_cached(&tx, &req, &ctx, &mut known)
                        }) {
                            Ok(_) => s.returns += 1,
                            Err(e) => problems.push(problem(
                                order.line,
                                "Cancelled at",
                                &order.name,
                                format!("order {}: {}", order.name, message(&e)),
                            )),
                        }
                    }
                    None => s.skipped += 1,
                }
                continue;
            }
            // Every unknown SKU of the order is listed, not just the first.
            let mut resolve =
                |lines: &[crate::channels::OrderLine]| -> Result<Vec<PostLine>, Vec<Problem>> {
                    let mut out = Vec::new();
                    let mut unknown = Vec::new();
                    for l in lines {
                        let key = l.sku.trim().to_ascii_lowercase();
                        let id: Option<i64> = match item_ids.get(&key) {
                            Some(&id) => id,
                            None => {
                                let id = tx
                                    .prepare_cached(
                                        "SELECT id FROM items WHERE sku = ?1 COLLATE NOCASE",
                                    )
                                    .and_then(|mut st| {
                                        st.query_row([l.sku.trim()], |r| r.get(0)).optional()
                                    })
                                    .map_err(|e| {
                                        vec![problem(l.line, "Lineitem sku", &l.sku, e.to_string())]
                                    })?;
                                item_ids.insert(key, id);
                                id
                            }
                        };
                        match id {
                            Some(item_id) => out.push(PostLine {
                                item_id,
                                qty: l.qty,
                                unit_cost: None,
                                unit_price: l.price,
                            }),
                            None => unknown.push(problem(
                                l.line,
                                "Lineitem sku",
                                &l.sku,
                                format!("unknown item '{}' in order {}", l.sku, order.name),
                            )),
                        }
                    }
                    if unknown.is_empty() {
                        Ok(out)
                    } else {
                        Err(unknown)
                    }
                };
            let sale_key = format!("{source}:order:{}", order.name);
            if posted_with_key(&tx, &sale_key)? {
                // An earlier file brought it in: nothing to look up, nothing to post (a
                // month's file overlapping the last one repeats most of its orders).
                s.already_imported += 1;
            } else {
                let sale_lines = match resolve(&order.lines) {
                    Ok(v) => v,
                    Err(mut p) => {
                        problems.append(&mut p);
                        continue;
                    }
                };
                let mut req = PostRequest::new(DocKind::Sale, sale_lines);
                req.external_key = Some(sale_key);
                req.reference = Some(format!("{source} order {}", order.name));
                let mut ctx = self.context(None, req.reference.clone());
                ctx.at = order.created_at.min(now);
                // Its key was looked up just above, and its UUID is new.
                match in_savepoint(&tx, skip_invalid, || {
                    post_new_in(&tx, &req, &ctx, &mut known)
                }) {
                    Ok(_) => s.sales += 1,
                    Err(e) => {
                        problems.push(problem(
                            order.line,
                            "Name",
                            &order.name,
                            format!("order {}: {}", order.name, message(&e)),
                        ));
                        continue;
                    }
                }
            }
            if order.partially_refunded {
                s.partly_refunded.push(order.name.clone());
            }
            if !order.refunded_lines.is_empty() {
                if let Ok(lines) = resolve(&order.refunded_lines) {
                    let mut req = PostRequest::new(DocKind::Return, lines);
                    req.external_key = Some(format!("{source}:refund:{}", order.name));
                    req.reference = Some(format!("{source} refund {}", order.name));
                    let ctx = self.context(None, req.reference.clone());
                    match in_savepoint(&tx, skip_invalid, || {
                        post_in_cached(&tx, &req, &ctx, &mut known)
                    }) {
                        Ok(p) if p.replayed => {}
                        Ok(_) => s.returns += 1,
                        Err(e) => problems.push(problem(
                            order.line,
                            "Financial Status",
                            "refunded",
                            message(&e),
                        )),
                    }
                }
            }
        }
        progress(orders.len());
        known.write_balances(&tx)?;
        s.problems = problems;
        self.finish(tx, s, dry_run, skip_invalid)
    }
}

/// Whether a document was posted under this external key.
fn posted_with_key(tx: &Connection, key: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE external_key = ?1)")?
        .query_row([key], |r| r.get(0))?)
}

/// The lines to put back for an order cancelled after its sale was imported: the sale's
/// own items and quantities. `None` when its sale was never imported, or was voided, or its
/// stock already came back (a refund or an earlier cancellation).
fn restock_cancelled(tx: &Connection, source: &str, order: &str) -> Result<Option<Vec<PostLine>>> {
    let sale: Option<i64> = tx
        .prepare_cached(
            "SELECT d.id FROM documents d WHERE d.external_key = ?1
               AND NOT EXISTS (SELECT 1 FROM documents v WHERE v.voids_doc = d.id)",
        )?
        .query_row([format!("{source}:order:{order}")], |r| r.get(0))
        .optional()?;
    let Some(sale) = sale else {
        return Ok(None);
    };
    let back: i64 = tx
        .prepare_cached("SELECT count(*) FROM documents WHERE external_key IN (?1, ?2)")?
        .query_row(
            [
                format!("{source}:refund:{order}"),
                format!("{source}:cancel:{order}"),
            ],
            |r| r.get(0),
        )?;
    if back > 0 {
        return Ok(None);
    }
    let lines = tx
        .prepare_cached(
            "SELECT item_id, -qty FROM movements WHERE doc_id = ?1 AND qty < 0 ORDER BY id",
        )?
        .query_map([sale], |r| {
            Ok(PostLine {
                item_id: r.get(0)?,
                qty: r.get(1)?,
                unit_cost: None,
                unit_price: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!lines.is_empty()).then_some(lines))
}

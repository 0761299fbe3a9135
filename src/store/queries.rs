//! Read-side queries: paged stock lists, item history, alert inputs, exports.

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::Store;
use crate::domain::gtin::{display_gtin, Code};
use crate::domain::ledger::{doc_label, DocKind};

/// How an item stands against its reorder point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StockStatus {
    Ok,
    Low,
    Out,
}

impl StockStatus {
    pub fn of(on_hand: i64, reorder_point: Option<i64>) -> StockStatus {
        if on_hand <= 0 {
            StockStatus::Out
        } else if reorder_point.is_some_and(|rp| on_hand <= rp) {
            StockStatus::Low
        } else {
            StockStatus::Ok
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StockStatus::Ok => "",
            StockStatus::Low => "LOW",
            StockStatus::Out => "OUT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockRow {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub variant: Option<String>,
    pub barcodes: Vec<String>,
    pub on_hand: i64,
    pub reorder_point: Option<i64>,
    pub value: i64,
    pub avg_cost: Option<i64>,
    pub price: Option<i64>,
    pub status: StockStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Sku,
    Name,
    OnHand,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Sku => SortKey::Name,
            SortKey::Name => SortKey::OnHand,
            SortKey::OnHand => SortKey::Sku,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Sku => "SKU",
            SortKey::Name => "name",
            SortKey::OnHand => "on hand",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StockQuery {
    pub search: String,
    pub low_only: bool,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// An item as `export shopify-inventory` names it, with its stock.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopifyListing {
    pub sku: String,
    /// The product's title: the item's product, else its name.
    pub title: String,
    pub variant: Option<String>,
    /// Shopify's handle and option names, for an item from a Shopify products file.
    pub handle: Option<String>,
    pub option_names: Option<String>,
    pub on_hand: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    pub doc: String,
    pub at: String,
    pub kind: String,
    pub qty: i64,
    pub balance: i64,
    pub user: String,
    pub value: i64,
    pub unit_price: Option<i64>,
    pub reason: Option<String>,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MovementExport {
    pub doc: String,
    pub at: String,
    pub kind: String,
    pub sku: String,
    pub qty: i64,
    pub value: i64,
    pub unit_price: Option<i64>,
    pub user: String,
    pub reason: Option<String>,
    pub reference: Option<String>,
}

/// What the reorder maths needs about one item.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertInput {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub supplier: Option<String>,
    pub supplier_id: Option<i64>,
    pub on_hand: i64,
    pub on_order: i64,
    pub reorder_point: Option<i64>,
    pub reorder_qty: Option<i64>,
    pub lead_time_days: i64,
    pub pack: i64,
    pub cost: Option<i64>,
    /// When the item first moved (RFC 3339), if ever.
    pub first_at: Option<String>,
}

/// How the rows of a stock query are found: a WHERE clause over
/// `items i LEFT JOIN stock s` with its arguments (pages and positions walk the list's
/// order with it), and, for a common search with a word of three or more characters, a
/// `FROM ... WHERE ...` that counts from the trigram index instead of walking every item.
struct StockFilter {
    clause: String,
    args: Vec<String>,
    fts_count: Option<(String, Vec<String>)>,
}

/// Below this many trigram matches a search goes through the index; above, the LIKE walk.
const SPARSE_LIMIT: i64 = 1000;

/// One word of a search (the search split at whitespace), in the forms its checks bind.
/// Every word must match somewhere in an item, in any order.
struct SearchWord {
    /// As typed.
    text: String,
    /// Case folded, for `folded_contains`.
    folded: String,
    /// Escaped for LIKE.
    like: String,
    /// The stored form of the word as a code (a GTIN zero-padded), for the exact-code match.
    code_key: String,
    /// Three or more characters: the trigram index can find it, and it matches part of a
    /// barcode or of a supplier's name.
    long: bool,
    /// What a supplier's name (spaces around it) must contain to match the word: the word
    /// itself from three characters on, a whole word of the name below ("07" of
    /// "Supplier 07"), so one or two letters do not match every supplier.
    supplier_pattern: String,
    /// Some supplier matches the word: its items do, though the index (which holds no
    /// supplier) does not find them, so the word cannot narrow the index's candidates.
    supplier: bool,
}

impl SearchWord {
    fn new(text: &str) -> SearchWord {
        let folded = crate::domain::text::fold_case(text);
        let long = text.chars().count() >= 3;
        SearchWord {
            text: text.to_string(),
            like: like_escape(text),
            code_key: code_key(text),
            long,
            supplier_pattern: if long {
                folded.clone()
            } else {
                format!(" {folded} ")
            },
            folded,
            supplier: false,
        }
    }
}

/// The stored form of a typed code: a GTIN zero-padded to 14 digits, anything else as is.
fn code_key(term: &str) -> String {
    match Code::parse(term) {
        Ok(c) => c.key().to_string(),
        Err(_) => term.to_string(),
    }
}

/// The trigram index's query for the words of a search that are three or more characters
/// long: every trigram of every word, each asked once (and each one quoted, quotes doubled,
/// so no character is FTS syntax). The index keeps no positions, so this finds the items
/// holding all of them anywhere, the narrowest set the index can give: candidates, which
/// `folded_contains` then checks against the text.
fn fts_trigrams_of(words: &[&str]) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut query = String::new();
    for term in words {
        let chars: Vec<char> = term.chars().collect();
        for window in chars.windows(3) {
            let trigram: String = window.iter().collect();
            if seen.insert(crate::domain::text::fold_case(&trigram)) {
                if !query.is_empty() {
                    query.push(' ');
                }
                query.push('"');
                query.push_str(&trigram.replace('"', "\"\""));
                query.push('"');
            }
        }
    }
    query
}

/// Push a bound argument, returning its placeholder.
fn bind(args: &mut Vec<String>, value: String) -> String {
    args.push(value);
    format!("?{}", args.len())
}

/// The items of the suppliers whose name holds a word (`pattern` as `SearchWord` makes it).
fn supplier_match(pattern: &str) -> String {
    format!(
        "i.supplier_id IN (SELECT id FROM suppliers WHERE folded_contains(' ' || name || ' ', {pattern}))"
    )
}

fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn display_code(c: String) -> String {
    if c.len() == 14 && c.bytes().all(|b| b.is_ascii_digit()) {
        display_gtin(&c)
    } else {
        c
    }
}

const STOCK_SELECT: &str = "SELECT i.id, i.sku, i.name, i.variant,
        (SELECT group_concat(code, '|') FROM barcodes b WHERE b.item_id = i.id),
        coalesce(s.on_hand, 0), i.reorder_point, coalesce(s.value, 0), i.price
    FROM items i LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1";

fn stock_row(r: &Row<'_>) -> rusqlite::Result<StockRow> {
    let codes: Option<String> = r.get(4)?;
    let on_hand: i64 = r.get(5)?;
    let reorder_point: Option<i64> = r.get(6)?;
    let value: i64 = r.get(7)?;
    Ok(StockRow {
        item_id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        variant: r.get(3)?,
        barcodes: codes
            .map(|c| c.split('|').map(|s| display_code(s.to_string())).collect())
            .unwrap_or_default(),
        on_hand,
        reorder_point,
        value,
        avg_cost: (on_hand > 0).then(|| crate::domain::money::mul_div_round(value, 1, on_hand)),
        price: r.get(8)?,
        status: StockStatus::of(on_hand, reorder_point),
    })
}

impl Store {
    /// The WHERE clause for a stock query. A search of three or more characters that matches
    /// few items goes through the trigram index; a short or very common one walks the
    /// SKU-ordered index with LIKE, which finds a page of dense matches at once.
    fn stock_where(&self, q: &StockQuery) -> Result<(String, Vec<String>)> {
        let f = self.stock_filter(q)?;
        Ok((f.clause, f.args))
    }

    /// How the rows of a stock query are found (see `StockFilter`).
    ///
    /// The search is split into words at whitespace, and every word must match somewhere
    /// in the item (SKU, name, variant, barcodes, supplier), in any order; one word is
    /// asked exactly as before words were. The trigram index is asked once, for the items
    /// holding every trigram of every word it can find (three or more characters, in no
    /// supplier's name): when that is few items, they are the candidates, each word then
    /// checked against each one's text; else the list is walked in its order with every
    /// word's LIKE checks, and a count starts from the index.
    ///
    /// Part of a barcode is matched from three characters on, as the trigram index does:
    /// on the walk it is one look-up of the item's barcodes per row the name did not
    /// match (scanning every barcode with LIKE cost 5 ms per statement at 100k items); the
    /// whole code is matched at any length.
    fn stock_filter(&self, q: &StockQuery) -> Result<StockFilter> {
        let mut clauses = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let mut fts: Option<(String, String)> = None;
        let term = q.search.trim();
        if !term.is_empty() {
            let mut words: Vec<SearchWord> = term.split_whitespace().map(SearchWord::new).collect();
            for w in &mut words {
                w.supplier = self.supplier_holds(&w.supplier_pattern)?;
            }
            let one = words.len() == 1;
            let indexed: Vec<&str> = words
                .iter()
                .filter(|w| w.long && !w.supplier)
                .map(|w| w.text.as_str())
                .collect();
            let phrase = fts_trigrams_of(&indexed);
            if !phrase.is_empty() && self.search_is_sparse(&phrase)? {
                let m = bind(&mut args, phrase);
                let whole = bind(&mut args, code_key(term));
                let mut checks = Vec::with_capacity(words.len());
                for w in &words {
                    let f = bind(&mut args, w.folded.clone());
                    // A word of one or two letters is the start of a SKU, as on the walk
                    // (the SKU's "1" is in every tenth SKU).
                    let sku = if w.long {
                        format!("folded_contains(i.sku, {f})")
                    } else {
                        let l = bind(&mut args, w.like.clone());
                        format!("i.sku LIKE {l} || '%' ESCAPE '\\'")
                    };
                    let mut check = format!(
                        "{sku} OR folded_contains(i.name, {f}) OR folded_contains(i.variant, {f})"
                    );
                    if w.long {
                        check.push_str(&format!(
                            " OR EXISTS (SELECT 1 FROM barcodes b
                                         WHERE b.item_id = i.id AND folded_contains(b.code, {f}))"
                        ));
                    }
                    if !one {
                        let c = bind(&mut args, w.code_key.clone());
                        check.push_str(&format!(
                            " OR i.id IN (SELECT item_id FROM barcodes WHERE code = {c})"
                        ));
                    }
                    if w.supplier {
                        let p = if w.long {
                            f.clone()
                        } else {
                            bind(&mut args, w.supplier_pattern.clone())
                        };
                        check.push_str(&format!(" OR {}", supplier_match(&p)));
                    }
                    checks.push(format!("({check})"));
                }
                clauses.push(format!(
                    "((i.id IN (SELECT rowid FROM item_search WHERE item_search MATCH {m})
                       AND {})
                      OR i.id IN (SELECT item_id FROM barcodes WHERE code = {whole}))",
                    checks.join(" AND ")
                ));
            } else {
                // The patterns are made in SQL from the bound term: SQLite re-prepares a
                // statement whose LIKE has a bare parameter on its right every time that
                // parameter is bound again (9% of a keystroke at 100k items).
                let mut walk = Vec::with_capacity(words.len());
                let mut counted = Vec::with_capacity(words.len());
                for w in &words {
                    let l = bind(&mut args, w.like.clone());
                    let c = bind(&mut args, w.code_key.clone());
                    let text = format!(
                        "i.sku LIKE {l} || '%' ESCAPE '\\' OR i.name LIKE '%' || {l} || '%' ESCAPE '\\'
                      OR i.variant LIKE '%' || {l} || '%' ESCAPE '\\'"
                    );
                    let code = format!("i.id IN (SELECT item_id FROM barcodes WHERE code = {c})");
                    let mut more = String::new();
                    if w.long {
                        more.push_str(&format!(
                            " OR EXISTS (SELECT 1 FROM barcodes b
                                     WHERE b.item_id = i.id AND b.code LIKE '%' || {l} || '%' ESCAPE '\\')"
                        ));
                    }
                    if w.supplier {
                        let p = bind(&mut args, w.supplier_pattern.clone());
                        more.push_str(&format!(" OR {}", supplier_match(&p)));
                    }
                    walk.push(format!("({text} OR {code}{more})"));
                    // Every row the walk can match holds each indexed word somewhere in
                    // the trigram index (the whole code holds it too: a stored code is
                    // the word itself or the word zero-padded), so a count can start from
                    // the index.
                    counted.push(if one {
                        format!("({text}{more})")
                    } else {
                        format!("({text} OR {code}{more})")
                    });
                }
                let (mut walk, mut counted) = (walk.join(" AND "), counted.join(" AND "));
                if !one {
                    // The whole search as one code (a code may hold spaces).
                    let whole = bind(&mut args, code_key(term));
                    let code =
                        format!("i.id IN (SELECT item_id FROM barcodes WHERE code = {whole})");
                    walk = format!("(({walk}) OR {code})");
                    counted = format!("(({counted}) OR {code})");
                }
                clauses.push(walk);
                if !phrase.is_empty() {
                    fts = Some((phrase, counted));
                }
            }
        }
        let low = q.low_only.then_some(
            "(i.reorder_point IS NOT NULL AND coalesce(s.on_hand, 0) <= i.reorder_point)",
        );
        let fts_count = fts.map(|(phrase, text)| {
            let mut cargs = args.clone();
            cargs.push(phrase);
            let n = cargs.len();
            let low = low.map(|l| format!(" AND {l}")).unwrap_or_default();
            (
                format!(
                    " FROM item_search CROSS JOIN items i ON i.id = item_search.rowid
                     LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1
                     WHERE item_search MATCH ?{n} AND {text}{low} AND i.active = 1"
                ),
                cargs,
            )
        });
        clauses.extend(low.map(str::to_string));
        // Inactive items are left out of the list (`item edit --inactive`).
        clauses.push("i.active = 1".to_string());
        let clause = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        Ok(StockFilter {
            clause,
            args,
            fts_count,
        })
    }

    /// `FROM ... WHERE ...` and arguments to count the rows of a stock query with.
    fn stock_count_from(&self, q: &StockQuery) -> Result<(String, Vec<String>)> {
        let f = self.stock_filter(q)?;
        Ok(match f.fts_count {
            Some(c) => c,
            None => (
                format!(
                    " FROM items i LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1{}",
                    f.clause
                ),
                f.args,
            ),
        })
    }

    /// Whether some supplier's name holds a search word (`SearchWord::supplier_pattern`).
    /// An ASCII word is asked with LIKE (ASCII case-insensitive, as folding it is): it
    /// is asked on every keystroke, and a Rust function per supplier doubled the cost of a
    /// one-word search the index answers.
    fn supplier_holds(&self, pattern: &str) -> Result<bool> {
        let sql = if pattern.is_ascii() {
            "SELECT EXISTS (SELECT 1 FROM suppliers
                            WHERE ' ' || name || ' ' LIKE '%' || ?1 || '%' ESCAPE '\\')"
        } else {
            "SELECT EXISTS (SELECT 1 FROM suppliers
                            WHERE folded_contains(' ' || name || ' ', ?1))"
        };
        let arg = if pattern.is_ascii() {
            like_escape(pattern)
        } else {
            pattern.to_string()
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([arg], |r| r.get(0))?)
    }

    /// Whether fewer than SPARSE_LIMIT items are candidates for an index query (as
    /// `fts_trigrams_of` makes it) in the trigram index.
    fn search_is_sparse(&self, phrase: &str) -> Result<bool> {
        let n: i64 = self
            .conn()
            // The limit is written into the SQL: bound, it made SQLite re-prepare the
            // statement on every use.
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT rowid FROM item_search WHERE item_search MATCH ?1 LIMIT {SPARSE_LIMIT})"
            ))?
            .query_row([phrase], |r| r.get(0))?;
        Ok(n < SPARSE_LIMIT)
    }

    /// Count matches, stopping at `cap`: (count, exact). Cheap enough for every keystroke.
    pub fn stock_count_capped(&self, q: &StockQuery, cap: i64) -> Result<(i64, bool)> {
        let (from, args) = self.stock_count_from(q)?;
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1{from} LIMIT {})",
            cap.max(0) + 1
        );
        let n: i64 = self
            .conn()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        Ok((n.min(cap.max(0)), n <= cap.max(0)))
    }

    /// Every item as `export shopify-inventory` writes it, in SKU order, in one read.
    pub fn shopify_listings(&self) -> Result<Vec<ShopifyListing>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.sku, coalesce(i.product, i.name), i.variant, i.handle, i.option_names,
                    coalesce(s.on_hand, 0)
             FROM items i LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1
             ORDER BY i.sku COLLATE NOCASE",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ShopifyListing {
                    sku: r.get(0)?,
                    title: r.get(1)?,
                    variant: r.get(2)?,
                    handle: r.get(3)?,
                    option_names: r.get(4)?,
                    on_hand: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One page of the stock list, searched and sorted in SQL.
    pub fn stock_page(&self, q: &StockQuery) -> Result<Vec<StockRow>> {
        self.stock_page_in(q, q.offset, false)
    }

    /// The page `stock_page` gives for `q` in a list of `total` rows, read from the far
    /// end of the order (every key reversed, ties too) and turned back: OFFSET walks the
    /// rows it skips, so a page near the end (End, the last pages of 100k items) costs
    /// what one near the start does.
    pub fn stock_page_from_end(&self, q: &StockQuery, total: i64) -> Result<Vec<StockRow>> {
        if q.limit <= 0 {
            return self.stock_page(q);
        }
        let from_end = (total - q.offset - q.limit).max(0);
        let take = q.limit.min((total - q.offset).max(0));
        let mut rows = self.stock_page_in(
            &StockQuery {
                limit: take,
                ..q.clone()
            },
            from_end,
            true,
        )?;
        rows.reverse();
        Ok(rows)
    }

    fn stock_page_in(&self, q: &StockQuery, offset: i64, reverse: bool) -> Result<Vec<StockRow>> {
        let (w, args) = self.stock_where(q)?;
        let dir = if q.descending != reverse {
            "DESC"
        } else {
            "ASC"
        };
        let tie = if reverse { "DESC" } else { "ASC" };
        let order = match q.sort {
            SortKey::Sku => format!("i.sku COLLATE NOCASE {dir}"),
            SortKey::Name => format!("i.name COLLATE NOCASE {dir}, i.sku COLLATE NOCASE {tie}"),
            SortKey::OnHand => {
                format!("coalesce(s.on_hand, 0) {dir}, i.sku COLLATE NOCASE {tie}")
            }
        };
        let limit = if q.limit <= 0 { -1 } else { q.limit };
        let sql = format!(
            "{STOCK_SELECT}{w} ORDER BY {order} LIMIT {limit} OFFSET {}",
            offset.max(0)
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), stock_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many rows the stock list has under this search.
    pub fn stock_count(&self, q: &StockQuery) -> Result<i64> {
        let (from, args) = self.stock_count_from(q)?;
        let sql = format!("SELECT count(*){from}");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }

    /// The position of an item in the list under a query (to jump to a scanned item):
    /// the number of rows that sort before it, counted in SQL.
    pub fn stock_position(&self, q: &StockQuery, item_id: i64) -> Result<Option<i64>> {
        let (w, mut args) = self.stock_where(q)?;
        let key: Option<(String, String, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT i.sku, i.name, coalesce(s.on_hand, 0) FROM items i
                 LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1 WHERE i.id = ?1",
            )?
            .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((sku, name, on_hand)) = key else {
            return Ok(None);
        };
        let n = args.len();
        let (sku_p, other_p) = (format!("?{}", n + 1), format!("?{}", n + 2));
        let cmp = if q.descending { ">" } else { "<" };
        let before = match q.sort {
            SortKey::Sku => format!("i.sku COLLATE NOCASE {cmp} {sku_p}"),
            SortKey::Name => format!(
                "(i.name COLLATE NOCASE {cmp} {other_p} OR (i.name = {other_p} COLLATE NOCASE AND i.sku COLLATE NOCASE < {sku_p}))"
            ),
            SortKey::OnHand => format!(
                "(coalesce(s.on_hand, 0) {cmp} CAST({other_p} AS INTEGER) OR (coalesce(s.on_hand, 0) = CAST({other_p} AS INTEGER) AND i.sku COLLATE NOCASE < {sku_p}))"
            ),
        };
        args.push(sku);
        match q.sort {
            SortKey::Sku => {}
            SortKey::Name => args.push(name),
            SortKey::OnHand => args.push(on_hand.to_string()),
        }
        let joiner = if w.is_empty() { " WHERE " } else { " AND " };
        let sql = format!(
            "SELECT count(*) FROM items i LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1{w}{joiner}{before}"
        );
        let pos: i64 = self
            .conn()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        Ok(Some(pos))
    }

    /// An item's ledger, oldest first (posting order), with the running balance.
    pub fn history(&self, item_id: i64) -> Result<Vec<HistoryRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.id, d.kind, m.at, m.qty, m.user, m.value, m.unit_price, d.reason, d.ref
             FROM movements m JOIN documents d ON d.id = m.doc_id
             WHERE m.item_id = ?1 ORDER BY m.id",
        )?;
        let mut balance = 0i64;
        let rows = stmt
            .query_map([item_id], |r| {
                let id: i64 = r.get(0)?;
                let kind: String = r.get(1)?;
                Ok((
                    id,
                    kind,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, at, qty, user, value, unit_price, reason, reference)| {
                    balance += qty;
                    let k = DocKind::parse(&kind).unwrap_or(DocKind::Adjustment);
                    HistoryRow {
                        doc: doc_label(k, id),
                        at,
                        kind,
                        qty,
                        balance,
                        user,
                        value,
                        unit_price,
                        reason,
                        reference,
                    }
                },
            )
            .collect())
    }

    /// Units sold minus units returned per day, for the `days` days ending at `end` (oldest
    /// first). Voids of sales and returns count against them.
    pub fn daily_net_sales(&self, item_id: i64, days: i64, end: DateTime<Utc>) -> Result<Vec<f64>> {
        let days = days.max(1);
        let start = (end - Duration::days(days)).date_naive();
        let mut series = vec![0.0; days as usize];
        let mut stmt = self.conn().prepare_cached(
            "SELECT substr(at, 1, 10), sum(demand) FROM movements
             WHERE item_id = ?1 AND at >= ?2 AND demand <> 0
             GROUP BY 1",
        )?;
        let rows = stmt
            .query_map(params![item_id, start.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (day, qty) in rows {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                let idx = (d - start).num_days() - 1;
                if (0..days).contains(&idx) {
                    series[idx as usize] += qty as f64;
                }
            }
        }
        Ok(series)
    }

    /// Net demand per day for every item that had any in the `days` days ending at `end`,
    /// in one pass over the demand index (oldest day first).
    pub fn daily_demand_all(
        &self,
        days: i64,
        end: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<i64, Vec<f64>>> {
        let mut out = std::collections::HashMap::new();
        self.for_each_daily_demand(days, end, |item, series| {
            out.insert(item, series.to_vec());
            Ok(())
        })?;
        Ok(out)
    }

    /// Net demand per day (oldest day first) of every item that had any in the `days` days
    /// ending at `end`, one item at a time in item id order, in one pass over the demand
    /// index. Only one item's series is held at a time: a map of them all took 60 MB at
    /// 60k selling items.
    pub fn for_each_daily_demand(
        &self,
        days: i64,
        end: DateTime<Utc>,
        mut f: impl FnMut(i64, &[f64]) -> Result<()>,
    ) -> Result<()> {
        let days = days.max(1);
        let start = (end - Duration::days(days)).date_naive();
        let mut stmt = self.conn().prepare_cached(
            "SELECT item_id, substr(at, 1, 10), sum(demand) FROM movements
             WHERE at >= ?1 AND demand <> 0 GROUP BY item_id, 2 ORDER BY item_id",
        )?;
        let mut rows = stmt.query(params![start.to_string()])?;
        let mut series = vec![0.0; days as usize];
        let mut current: Option<i64> = None;
        while let Some(r) = rows.next()? {
            let item: i64 = r.get(0)?;
            let day: String = r.get(1)?;
            let qty: i64 = r.get(2)?;
            if current != Some(item) {
                if let Some(done) = current {
                    f(done, &series)?;
                    series.iter_mut().for_each(|v| *v = 0.0);
                }
                current = Some(item);
            }
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                let idx = (d - start).num_days() - 1;
                if (0..days).contains(&idx) {
                    series[idx as usize] += qty as f64;
                }
            }
        }
        if let Some(done) = current {
            f(done, &series)?;
        }
        Ok(())
    }

    /// The first day an item had any movement, if any.
    pub fn first_movement_at(&self, item_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT min(at) FROM movements WHERE item_id = ?1")?
            .query_row([item_id], |r| r.get(0))?)
    }

    /// Items at or below their reorder point (or, with `all`, every item with a reorder
    /// point), with what is on order for them.
    pub fn alert_inputs(&self, supplier: Option<i64>) -> Result<Vec<AlertInput>> {
        let default_lead = i64::from(self.settings().default_lead_time_days);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT i.id, i.sku, i.name, sp.name, i.supplier_id, coalesce(s.on_hand, 0),
                    {},
                    i.reorder_point, i.reorder_qty,
                    coalesce(i.lead_time_days, sp.lead_time_days, ?1), i.pack, i.cost,
                    (SELECT min(m.at) FROM movements m WHERE m.item_id = i.id)
             FROM items i
             LEFT JOIN stock s ON s.item_id = i.id AND s.location_id = 1
             LEFT JOIN suppliers sp ON sp.id = i.supplier_id
             WHERE i.reorder_point IS NOT NULL AND i.active = 1
               AND coalesce(s.on_hand, 0) <= i.reorder_point
               AND (?2 IS NULL OR i.supplier_id = ?2)
             ORDER BY i.sku COLLATE NOCASE",
            super::orders::on_order_sql("i.id")
        ))?;
        let rows = stmt
            .query_map(params![default_lead, supplier], |r| {
                Ok(AlertInput {
                    item_id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    supplier: r.get(3)?,
                    supplier_id: r.get(4)?,
                    on_hand: r.get(5)?,
                    on_order: r.get(6)?,
                    reorder_point: r.get(7)?,
                    reorder_qty: r.get(8)?,
                    lead_time_days: r.get(9)?,
                    pack: r.get(10)?,
                    cost: r.get(11)?,
                    first_at: r.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every movement, in posting order, for export.
    pub fn movements_export(
        &self,
        mut each: impl FnMut(MovementExport) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT d.id, d.kind, m.at, i.sku, m.qty, m.value, m.unit_price, m.user, d.reason, d.ref
             FROM movements m JOIN documents d ON d.id = m.doc_id JOIN items i ON i.id = m.item_id
             ORDER BY m.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let k = DocKind::parse(&kind).unwrap_or(DocKind::Adjustment);
            each(MovementExport {
                doc: doc_label(k, id),
                at: r.get(2)?,
                kind,
                sku: r.get(3)?,
                qty: r.get(4)?,
                value: r.get(5)?,
                unit_price: r.get(6)?,
                user: r.get(7)?,
                reason: r.get(8)?,
                reference: r.get(9)?,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::fts_trigrams_of;

    #[test]
    fn a_term_becomes_its_distinct_trigrams_each_quoted() {
        let fts_trigrams = |t: &str| fts_trigrams_of(&[t]);
        assert_eq!(fts_trigrams("mug"), "\"mug\"");
        assert_eq!(fts_trigrams("Harb"), "\"Har\" \"arb\"");
        // Repeats (in any case) are asked once; quotes are text.
        assert_eq!(fts_trigrams("aaaA"), "\"aaa\"");
        assert_eq!(fts_trigrams("a\"b"), "\"a\"\"b\"");
        assert_eq!(fts_trigrams("äpfe"), "\"äpf\" \"pfe\"");
    }

    #[test]
    fn words_are_asked_together_each_trigram_once() {
        assert_eq!(fts_trigrams_of(&["tee", "red"]), "\"tee\" \"red\"");
        assert_eq!(fts_trigrams_of(&["Tee", "tee", "reD"]), "\"Tee\" \"reD\"");
        assert_eq!(fts_trigrams_of(&[]), "");
    }
}

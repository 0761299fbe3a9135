//! Keeping the trigram search index (`item_search`) in step with the catalogue.

use anyhow::Result;
use rusqlite::Connection;

/// The variant column holds the variant only where the name does not already: a match is
/// on any column, so a variant inside its name ("Tee - M / Red" of "M / Red", as Shopify
/// and WooCommerce name variants) would only be indexed twice.
const INDEX_ROW: &str = "INSERT INTO item_search (rowid, sku, name, variant, codes)
    SELECT i.id, i.sku, i.name,
           CASE WHEN i.variant IS NULL OR instr(i.name, i.variant) > 0 THEN '' ELSE i.variant END,
           coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
    FROM items i";

/// One item's search row from values in hand: rowid, SKU, name, variant (or NULL) and its
/// barcodes joined by spaces, kept as `INDEX_ROW` keeps them from the store.
pub(crate) const INSERT_ROW: &str = "INSERT INTO item_search (rowid, sku, name, variant, codes)
    VALUES (?1, ?2, ?3, CASE WHEN ?4 IS NULL OR instr(?3, ?4) > 0 THEN '' ELSE ?4 END, ?5)";

/// Re-index one item (after an insert, an edit or a barcode change).
pub(crate) fn reindex_item(conn: &Connection, item_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM item_search WHERE rowid = ?1")?
        .execute([item_id])?;
    conn.prepare_cached(&format!("{INDEX_ROW} WHERE i.id = ?1"))?
        .execute([item_id])?;
    Ok(())
}

/// Re-index a set of items with two statements, however many there are (bulk changes).
pub(crate) fn reindex_items(conn: &Connection, ids: &[i64]) -> Result<()> {
    reindex_bulk(conn, ids, &[])
}

/// FTS5's own default for the terms it gathers in memory before writing a segment.
const DEFAULT_HASH_SIZE: i64 = 1024 * 1024;
/// From this many rows, a statement gathers more in memory: a 100k-row import writes a
/// few large segments instead of a hundred 1 MB ones merged over and over (index 315 ms ->
/// 260 ms for 100k new items).
const BULK_ROWS: usize = 10_000;
const BULK_HASH_SIZE: i64 = 16 * 1024 * 1024;

/// Index `changed` items (delete their rows, then write them again) and `added` ones,
/// which have no row yet (items created in this same write), however many there are.
pub(crate) fn reindex_bulk(conn: &Connection, changed: &[i64], added: &[i64]) -> Result<()> {
    if changed.is_empty() && added.is_empty() {
        return Ok(());
    }
    let bulk = changed.len() + added.len() >= BULK_ROWS;
    if bulk {
        bulk_loading(conn, true)?;
    }
    if !changed.is_empty() {
        conn.execute(
            "DELETE FROM item_search WHERE rowid IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(changed)?],
        )?;
    }
    // One statement, rowids ascending: FTS5 writes a new segment whenever a rowid goes
    // backwards.
    let mut all: Vec<i64> = Vec::with_capacity(changed.len() + added.len());
    all.extend_from_slice(changed);
    all.extend_from_slice(added);
    all.sort_unstable();
    all.dedup();
    match (all.first(), all.last()) {
        // A run of ids (the items an import just added): a range, not a 100k-long list.
        (Some(&first), Some(&last))
            if usize::try_from(last - first + 1).ok() == Some(all.len()) =>
        {
            conn.execute(
                &format!("{INDEX_ROW} WHERE i.id BETWEEN ?1 AND ?2 ORDER BY i.id"),
                [first, last],
            )?;
        }
        _ => {
            conn.execute(
                &format!(
                    "{INDEX_ROW} WHERE i.id IN (SELECT value FROM json_each(?1)) ORDER BY i.id"
                ),
                [serde_json::to_string(&all)?],
            )?;
        }
    }
    if bulk {
        bulk_loading(conn, false)?;
    }
    Ok(())
}

/// Let the index gather a bulk load's terms in memory (`on`), or go back to its default.
pub(crate) fn bulk_loading(conn: &Connection, on: bool) -> Result<()> {
    set_hash_size(
        conn,
        if on {
            BULK_HASH_SIZE
        } else {
            DEFAULT_HASH_SIZE
        },
    )
}

fn set_hash_size(conn: &Connection, bytes: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO item_search (item_search, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

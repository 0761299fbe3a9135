//! Keeping the trigram search index (`item_search`) in step with the catalogue.

use anyhow::Result;
use rusqlite::Connection;

const INDEX_ROW: &str = "INSERT INTO item_search (rowid, sku, name, variant, codes)
    SELECT i.id, i.sku, i.name, coalesce(i.variant, ''),
           coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
    FROM items i";

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
    if ids.is_empty() {
        return Ok(());
    }
    let list = serde_json::to_string(ids)?;
    conn.execute(
        "DELETE FROM item_search WHERE rowid IN (SELECT value FROM json_each(?1))",
        [&list],
    )?;
    conn.execute(
        &format!("{INDEX_ROW} WHERE i.id IN (SELECT value FROM json_each(?1))"),
        [&list],
    )?;
    Ok(())
}

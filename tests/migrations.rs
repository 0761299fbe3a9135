//! Stores written by an older stockroom open in this one, keeping every record.

use stockroom::domain::ledger::DocKind;
use stockroom::store::{PostLine, PostRequest, Store, APPLICATION_ID};

const V1: &str = include_str!("../assets/migrations/001_ledger.sql");
const V2: &str = include_str!("../assets/migrations/002_search.sql");
const V3: &str = include_str!("../assets/migrations/003_search_contentless.sql");

/// A version 3 store: item 1 (TEA-1), a receipt of 5 (document 1), its void (document 2),
/// and a receipt of 3 imported under an external key (document 3); on hand 3.
fn version_3_store(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("v3.db");
    let c = rusqlite::Connection::open(&path).expect("open");
    for sql in [V1, V2, V3] {
        c.execute_batch(sql).expect("old schema");
    }
    c.execute_batch(
        "INSERT INTO items (id, sku, name, cost, created_at, updated_at)
             VALUES (1, 'TEA-1', 'Green tea', 200, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO documents (id, uuid, kind, at, posted_at, user, line_count)
             VALUES (1, 'u-1', 'receipt', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'ann', 1);
         INSERT INTO movements (doc_id, item_id, location_id, qty, value, at, user)
             VALUES (1, 1, 1, 5, 1000, '2026-01-02T00:00:00Z', 'ann');
         INSERT INTO documents (id, uuid, kind, reason, at, posted_at, user, line_count, voids_doc)
             VALUES (2, 'u-2', 'void', 'typo', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z', 'ann', 1, 1);
         INSERT INTO movements (doc_id, item_id, location_id, qty, value, at, user)
             VALUES (2, 1, 1, -5, -1000, '2026-01-03T00:00:00Z', 'ann');
         INSERT INTO documents (id, uuid, kind, at, posted_at, user, line_count, external_key)
             VALUES (3, 'u-3', 'receipt', '2026-01-04T00:00:00Z', '2026-01-04T00:00:00Z', 'ann', 1,
                     'shop:order:1001');
         INSERT INTO movements (doc_id, item_id, location_id, qty, value, at, user)
             VALUES (3, 1, 1, 3, 600, '2026-01-04T00:00:00Z', 'ann');
         INSERT INTO stock (item_id, location_id, on_hand, value) VALUES (1, 1, 3, 600);
         INSERT INTO item_search (rowid, sku, name, variant, codes)
             VALUES (1, 'TEA-1', 'Green tea', '', '');",
    )
    .expect("records");
    c.pragma_update(None, "application_id", APPLICATION_ID)
        .expect("id");
    c.pragma_update(None, "user_version", 3).expect("v3");
    path
}

fn receipt_of(qty: i64, external_key: Option<&str>) -> PostRequest {
    let mut req = PostRequest::new(
        DocKind::Receipt,
        vec![PostLine {
            item_id: 1,
            qty,
            unit_cost: Some(200),
            unit_price: None,
        }],
    );
    req.external_key = external_key.map(str::to_string);
    req
}

/// v4 rebuilds the documents table so that a void and an external key are unique only where
/// they are set: every document, movement and link survives, the ledger still checks, and
/// both rules still hold.
#[test]
fn a_version_3_store_keeps_its_documents_and_their_rules() {
    let dir = tempfile::tempdir().expect("dir");
    let path = version_3_store(&dir);
    let mut store = Store::open(&path).expect("migrate");
    assert!(
        store.check().expect("check").is_empty(),
        "the ledger checks"
    );
    assert_eq!(store.on_hand(1).expect("on hand"), 3);

    // The void still names its document, so it cannot be voided again.
    let again = store.void("R-1", "twice", "u-9").expect_err("voided twice");
    assert!(again.to_string().contains("already voided"), "{again}");
    // The external key still means "posted once".
    let replay = store
        .post(&receipt_of(3, Some("shop:order:1001")))
        .expect("replay");
    assert!(replay.replayed);
    assert_eq!(replay.doc_id, 3);
    // New documents, with a key or without, post as before.
    let keyed = store
        .post(&receipt_of(2, Some("shop:order:1002")))
        .expect("keyed");
    assert!(!keyed.replayed);
    store.post(&receipt_of(1, None)).expect("plain");
    store.post(&receipt_of(1, None)).expect("another plain");
    assert_eq!(store.on_hand(1).expect("on hand"), 7);
    assert!(store.check().expect("check").is_empty());

    let c = rusqlite::Connection::open(&path).expect("open");
    let version: i32 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, stockroom::store::SCHEMA_VERSION);
    // Only the keyed documents are in the external-key index; none in the void index but
    // the one void.
    let entries = |index: &str| -> i64 {
        c.query_row(
            &format!(
                "SELECT count(*) FROM documents INDEXED BY {index} WHERE {}",
                match index {
                    "documents_voids" => "voids_doc IS NOT NULL",
                    _ => "external_key IS NOT NULL",
                }
            ),
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(entries("documents_voids"), 1);
    assert_eq!(entries("documents_external_key"), 2);
    let fks: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk check");
    assert_eq!(fks, 0);
    // v6: one index leads with the item.
    let item_indexes: Vec<String> = c
        .prepare(
            "SELECT name FROM pragma_index_list('movements') WHERE name LIKE 'movements_item%'",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("indexes");
    assert_eq!(item_indexes, ["movements_item_at"]);
    // v7: items are not indexed by supplier.
    let supplier_index: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'items_supplier'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(supplier_index, 0);
    // v8: items keep Shopify's names for them; those from before have none.
    let names: (Option<String>, Option<String>) = c
        .query_row(
            "SELECT handle, option_names FROM items ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("names");
    assert_eq!(names, (None, None));
    // Documents are still append-only.
    let changed = c.execute("UPDATE documents SET user = 'eve' WHERE id = 1", []);
    assert!(changed.is_err(), "documents cannot be changed");
}

/// v5 rebuilds the search index to keep only which items hold each trigram: what was
/// searchable before is found the same way after.
#[test]
fn a_version_3_store_is_searched_after_its_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let path = version_3_store(&dir);
    let store = Store::open(&path).expect("migrate");
    for term in ["green tea", "een t", "TEA-1", "ea-"] {
        let rows = store
            .stock_page(&stockroom::store::StockQuery {
                search: term.into(),
                ..Default::default()
            })
            .expect("page");
        let skus: Vec<&str> = rows.iter().map(|r| r.sku.as_str()).collect();
        assert_eq!(skus, ["TEA-1"], "{term}");
    }
    let c = rusqlite::Connection::open(&path).expect("open");
    let sql: String = c
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'item_search'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert!(sql.contains("detail = none"), "{sql}");
}

//! The stock list's search, paging and positions, on the library.

use stockroom::store::{ItemFields, SortKey, StockQuery, Store};

fn store_with(items: &[(&str, &str, &[&str])]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("s.db")).expect("open");
    for (sku, name, codes) in items {
        store
            .add_item(&ItemFields {
                sku: Some(sku.to_string()),
                name: Some(name.to_string()),
                barcodes: codes.iter().map(|c| c.to_string()).collect(),
                ..ItemFields::default()
            })
            .expect("add");
    }
    (dir, store)
}

fn skus(store: &Store, search: &str) -> Vec<String> {
    store
        .stock_page(&StockQuery {
            search: search.into(),
            ..StockQuery::default()
        })
        .expect("page")
        .into_iter()
        .map(|r| r.sku)
        .collect()
}

#[test]
fn search_finds_by_name_sku_and_barcode() {
    let (_d, store) = store_with(&[
        ("TEA-EARL", "Earl Grey tea", &["4006381333931"]),
        ("MUG-1", "Harbour mug", &["96385074"]),
        ("TEE-M", "Classic tee \"quoted\"", &[]),
    ]);
    assert_eq!(skus(&store, "harbour"), ["MUG-1"]);
    assert_eq!(skus(&store, "arbo"), ["MUG-1"]);
    assert_eq!(skus(&store, "tea-"), ["TEA-EARL"]);
    assert_eq!(skus(&store, "te"), ["TEA-EARL", "TEE-M"]);
    assert_eq!(
        skus(&store, "0000096385074"),
        ["MUG-1"],
        "a padded GTIN finds its item"
    );
    assert_eq!(skus(&store, "333931"), ["TEA-EARL"], "part of a barcode");
    assert_eq!(
        skus(&store, "\"quoted"),
        ["TEE-M"],
        "FTS syntax characters are plain text"
    );
    assert_eq!(skus(&store, "100%"), Vec::<String>::new());
    assert!(skus(&store, "zzz").is_empty());
    let q = StockQuery {
        search: "te".into(),
        ..StockQuery::default()
    };
    assert_eq!(store.stock_count(&q).expect("count"), 2);
    assert_eq!(store.stock_count_capped(&q, 1).expect("capped"), (1, false));
    assert_eq!(store.stock_count_capped(&q, 5).expect("capped"), (2, true));
}

#[test]
fn search_follows_edits_and_new_barcodes() {
    let (_d, mut store) = store_with(&[("A1", "Apple", &[])]);
    let item = store.find_item("A1").expect("find").expect("item");
    store
        .edit_item(
            item.id,
            &ItemFields {
                name: Some("Quince".into()),
                barcodes: vec!["5901234123457".into()],
                ..ItemFields::default()
            },
        )
        .expect("edit");
    assert_eq!(skus(&store, "quince"), ["A1"]);
    assert!(skus(&store, "apple").is_empty());
    assert_eq!(skus(&store, "12345"), ["A1"]);
    store
        .remove_barcode(item.id, "5901234123457")
        .expect("remove");
    assert!(skus(&store, "12345").is_empty());
}

#[test]
fn positions_are_counted_in_sql() {
    let items: Vec<(String, String)> = (0..50)
        .map(|i| (format!("S{i:03}"), format!("Name {}", 49 - i)))
        .collect();
    let refs: Vec<(&str, &str, &[&str])> = items
        .iter()
        .map(|(s, n)| (s.as_str(), n.as_str(), &[][..]))
        .collect();
    let (_d, store) = store_with(&refs);
    let id = store.find_item("S010").expect("f").expect("item").id;
    for (sort, descending) in [
        (SortKey::Sku, false),
        (SortKey::Sku, true),
        (SortKey::Name, false),
        (SortKey::OnHand, false),
    ] {
        let q = StockQuery {
            sort,
            descending,
            ..StockQuery::default()
        };
        let all = store.stock_page(&q).expect("page");
        let expected = all.iter().position(|r| r.item_id == id).map(|p| p as i64);
        assert_eq!(
            store.stock_position(&q, id).expect("pos"),
            expected,
            "{sort:?} desc={descending}"
        );
    }
    // Paging: pages join up to the whole list.
    let q = StockQuery {
        limit: 7,
        ..StockQuery::default()
    };
    let mut seen = Vec::new();
    for page in 0..8 {
        seen.extend(
            store
                .stock_page(&StockQuery {
                    offset: page * 7,
                    ..q.clone()
                })
                .expect("page")
                .into_iter()
                .map(|r| r.sku),
        );
    }
    assert_eq!(seen.len(), 50);
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
}

/// A store written by an older stockroom: `migrations` applied (the first `version` of
/// them), holding one item, OLD-1 'Old lantern', with one barcode.
fn old_store(dir: &tempfile::TempDir, migrations: &[&str], version: i32) -> std::path::PathBuf {
    let path = dir.path().join(format!("v{version}.db"));
    let c = rusqlite::Connection::open(&path).expect("open");
    let (first, later) = migrations.split_first().expect("a schema");
    c.execute_batch(first).expect("v1 schema");
    c.execute(
        "INSERT INTO items (sku, name, created_at, updated_at) VALUES ('OLD-1', 'Old lantern', 'x', 'x')",
        [],
    )
    .expect("item");
    c.execute(
        "INSERT INTO barcodes (code, item_id) VALUES ('04006381333931', 1)",
        [],
    )
    .expect("barcode");
    for sql in later {
        c.execute_batch(sql).expect("later schema");
    }
    c.pragma_update(None, "application_id", stockroom::store::APPLICATION_ID)
        .expect("id");
    c.pragma_update(None, "user_version", version)
        .expect("version");
    path
}

const V1: &str = include_str!("../assets/migrations/001_ledger.sql");
const V2: &str = include_str!("../assets/migrations/002_search.sql");

#[test]
fn a_version_1_store_is_migrated_forward() {
    let dir = tempfile::tempdir().expect("dir");
    let path = old_store(&dir, &[V1], 1);
    let store = Store::open(&path).expect("migrate");
    assert_eq!(
        skus(&store, "lantern"),
        ["OLD-1"],
        "existing items are indexed by the migration"
    );
    let v: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(v, stockroom::store::SCHEMA_VERSION as i64);
}

/// Version 2 kept a copy of every indexed text inside the search index; version 3 drops it
/// and rebuilds the index from the items. Search, edits and barcodes work on after the move.
#[test]
fn a_version_2_store_gets_an_index_without_a_copy_of_the_text() {
    let dir = tempfile::tempdir().expect("dir");
    let path = old_store(&dir, &[V1, V2], 2);
    let mut store = Store::open(&path).expect("migrate");
    assert_eq!(skus(&store, "lantern"), ["OLD-1"]);
    assert_eq!(skus(&store, "6381333"), ["OLD-1"], "part of its barcode");
    let copies: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'item_search_content'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(copies, 0, "the index keeps no copy of the text");
    let id = store.find_item("OLD-1").expect("look up").expect("item").id;
    store
        .edit_item(
            id,
            &ItemFields {
                name: Some("Brass beacon".into()),
                ..ItemFields::default()
            },
        )
        .expect("rename");
    assert!(skus(&store, "lantern").is_empty(), "the old name is gone");
    assert_eq!(skus(&store, "beacon"), ["OLD-1"]);
}

/// A term common enough to walk the list (1000+ trigram matches): pages, positions and
/// counts agree, and part of a barcode still finds an item whose name does not match.
#[test]
fn a_common_term_counts_what_its_pages_show() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("s.db")).expect("open");
    let item = |sku: String, name: String, barcodes: Vec<String>| ItemFields {
        sku: Some(sku),
        name: Some(name),
        barcodes,
        ..ItemFields::default()
    };
    store
        .in_one_transaction(|w| {
            for i in 0..1200 {
                w.add_item(&item(
                    format!("H{i:04}"),
                    format!("Harbour mug {i}"),
                    vec![],
                ))?;
            }
            for i in 0..30 {
                w.add_item(&item(
                    format!("P{i:03}"),
                    format!("Plain thing {i}"),
                    vec![format!("XHARBX{i}")],
                ))?;
            }
            for i in 0..5 {
                w.add_item(&item(format!("HARB-{i}"), format!("Other {i}"), vec![]))?;
            }
            // The SKU matches at its start only on the walk: these are not found.
            for i in 0..7 {
                w.add_item(&item(format!("ZHARB{i}"), format!("Zed {i}"), vec![]))?;
            }
            Ok(())
        })
        .expect("items");
    for (term, want) in [("harb", 1235), ("HARBX", 30), ("ha", 1205)] {
        let q = StockQuery {
            search: term.into(),
            ..StockQuery::default()
        };
        let all = store.stock_page(&q).expect("page");
        assert_eq!(all.len(), want, "{term}: page");
        assert_eq!(store.stock_count(&q).expect("count"), want as i64, "{term}");
        assert_eq!(
            store.stock_count_capped(&q, 1000).expect("capped"),
            (want.min(1000) as i64, want <= 1000),
            "{term}: capped"
        );
        let last = all.last().expect("a match");
        assert_eq!(
            store.stock_position(&q, last.item_id).expect("pos"),
            Some(want as i64 - 1),
            "{term}: position"
        );
    }
    let q = StockQuery {
        search: "harb".into(),
        ..StockQuery::default()
    };
    let skus: Vec<String> = store
        .stock_page(&q)
        .expect("page")
        .into_iter()
        .map(|r| r.sku)
        .collect();
    assert!(skus.contains(&"P007".to_string()), "part of a barcode");
    assert!(!skus.iter().any(|s| s.starts_with('Z')));
}

/// A page read from the far end (what End and the last pages use) is the same page, in the
/// same order, as one read from the start, for every sort, ties included, searched or not.
#[test]
fn pages_read_from_the_end_match_pages_read_from_the_start() {
    let names = ["Mug", "mug", "Tea", "Apron", "tea towel", "Mug"];
    let owned: Vec<(String, String)> = (0..53)
        .map(|i| {
            (
                format!("SKU-{:02}", (i * 37) % 53),
                names[i % names.len()].to_string(),
            )
        })
        .collect();
    let items: Vec<(&str, &str, &[&str])> = owned
        .iter()
        .map(|(s, n)| (s.as_str(), n.as_str(), &[][..]))
        .collect();
    let (_d, store) = store_with(&items);
    for search in ["", "mug", "SKU-1"] {
        for sort in [SortKey::Sku, SortKey::Name, SortKey::OnHand] {
            for descending in [false, true] {
                let all = store
                    .stock_page(&StockQuery {
                        search: search.into(),
                        sort,
                        descending,
                        ..StockQuery::default()
                    })
                    .expect("all");
                let total = i64::try_from(all.len()).expect("fits");
                assert!(total > 0, "{search:?}");
                for limit in [1, 7, 10] {
                    for offset in 0..total {
                        let q = StockQuery {
                            search: search.into(),
                            sort,
                            descending,
                            offset,
                            limit,
                            ..StockQuery::default()
                        };
                        let want = store.stock_page(&q).expect("forward");
                        let got = store.stock_page_from_end(&q, total).expect("from end");
                        let sk = |rows: &[stockroom::store::StockRow]| {
                            rows.iter().map(|r| r.sku.clone()).collect::<Vec<_>>()
                        };
                        assert_eq!(
                            sk(&got),
                            sk(&want),
                            "{search:?} {sort:?} desc={descending} offset={offset} limit={limit}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn variants_are_found_whether_or_not_the_name_holds_them() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("s.db")).expect("open");
    for (sku, name, variant) in [
        ("TEE-M-RED", "Tee - M / Red", "M / Red"),
        ("MUG-BLUE", "Harbour mug", "Cobalt blue"),
    ] {
        store
            .add_item(&ItemFields {
                sku: Some(sku.into()),
                name: Some(name.into()),
                variant: Some(variant.into()),
                ..ItemFields::default()
            })
            .expect("add");
    }
    // Through the trigram index (few matches) and through the walk (short terms).
    assert_eq!(
        skus(&store, "m / red"),
        ["TEE-M-RED"],
        "variant inside the name"
    );
    assert_eq!(
        skus(&store, "cobalt"),
        ["MUG-BLUE"],
        "variant not in the name"
    );
    assert_eq!(skus(&store, "lt b"), ["MUG-BLUE"]);
    // An edit re-indexes with the same rule.
    let mug = store.find_item("MUG-BLUE").expect("find").expect("item");
    store
        .edit_item(
            mug.id,
            &ItemFields {
                name: Some("Harbour mug - Cobalt blue".into()),
                ..ItemFields::default()
            },
        )
        .expect("edit");
    assert_eq!(skus(&store, "cobalt"), ["MUG-BLUE"]);
    store
        .edit_item(
            mug.id,
            &ItemFields {
                name: Some("Harbour mug".into()),
                variant: Some("Sea green".into()),
                ..ItemFields::default()
            },
        )
        .expect("edit");
    assert_eq!(skus(&store, "sea gr"), ["MUG-BLUE"]);
    assert!(skus(&store, "cobalt").is_empty());
}

#[test]
fn candidates_from_the_index_are_checked_against_the_text() {
    // "Rbo harb bour" holds every trigram of "harbour" (har arb rbo bou our), not the word.
    let (_d, store) = store_with(&[
        ("MUG-1", "Harbour mug", &[]),
        ("CHAIR-9", "Rbo harb bour chair", &[]),
        ("JUICE-1", "ÄPFELSAFT naturtrüb", &["4006381333931"]),
        ("CODE-1", "Label roll", &["ABC-123-XYZ"]),
    ]);
    assert_eq!(skus(&store, "harbour"), ["MUG-1"]);
    assert_eq!(skus(&store, "HARBOUR M"), ["MUG-1"]);
    assert!(skus(&store, "harbour chair").is_empty());
    // Case folded in every script, as the index folds it.
    assert_eq!(skus(&store, "äpfel"), ["JUICE-1"]);
    assert_eq!(skus(&store, "NATURTRÜB"), ["JUICE-1"]);
    // Barcodes: part of a GTIN, part of a free-form code in either case.
    assert_eq!(skus(&store, "3339"), ["JUICE-1"]);
    assert!(skus(&store, "3939").is_empty());
    assert_eq!(skus(&store, "123-xy"), ["CODE-1"]);
    // A term that is one trigram repeated, and quotes, are plain text.
    assert!(skus(&store, "aaaa").is_empty());
    assert!(skus(&store, "\"\"\"\"").is_empty());
}

/// An item with every field search reads: SKU, name, variant, barcodes and supplier.
struct Full {
    sku: String,
    name: String,
    variant: Option<String>,
    codes: Vec<String>,
    supplier: Option<String>,
}

fn full(
    sku: &str,
    name: &str,
    variant: Option<&str>,
    codes: &[&str],
    supplier: Option<&str>,
) -> Full {
    Full {
        sku: sku.into(),
        name: name.into(),
        variant: variant.map(str::to_string),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        supplier: supplier.map(str::to_string),
    }
}

fn store_of(items: &[Full]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("s.db")).expect("open");
    store
        .in_one_transaction(|w| {
            for it in items {
                w.add_item(&ItemFields {
                    sku: Some(it.sku.clone()),
                    name: Some(it.name.clone()),
                    variant: it.variant.clone(),
                    barcodes: it.codes.clone(),
                    supplier: it.supplier.clone(),
                    ..ItemFields::default()
                })?;
            }
            Ok(())
        })
        .expect("add");
    (dir, store)
}

#[test]
fn every_word_must_match_in_any_order_and_any_field() {
    let (_d, store) = store_of(&[
        full(
            "TEE-RED-M",
            "Classic tee",
            Some("M / Red"),
            &["4006381333931"],
            Some("Harbour Textiles"),
        ),
        full(
            "TEE-NAVY-M",
            "Classic tee",
            Some("M / Navy"),
            &[],
            Some("Harbour Textiles"),
        ),
        full("CANDLE-SEA", "Candle", Some("Sea breeze"), &[], None),
        full(
            "MUG-RED",
            "Red mug",
            None,
            &["96385074"],
            Some("Supplier 07"),
        ),
        full("TEE-RED-S", "Vintage tee - S / Red", None, &[], None),
    ]);
    // The searches: words in any order, each in any field.
    assert_eq!(skus(&store, "tee red"), ["TEE-RED-M", "TEE-RED-S"]);
    assert_eq!(skus(&store, "red tee"), ["TEE-RED-M", "TEE-RED-S"]);
    assert_eq!(skus(&store, "classic red"), ["TEE-RED-M"]);
    assert_eq!(skus(&store, "candle sea"), ["CANDLE-SEA"]);
    assert_eq!(
        skus(&store, "  RED   Classic  "),
        ["TEE-RED-M"],
        "case, spaces"
    );
    assert_eq!(skus(&store, "classic m red"), ["TEE-RED-M"], "a short word");
    assert!(
        skus(&store, "tee red -m").is_empty(),
        "a word of one or two letters is the start of a SKU, not any part of it"
    );
    assert_eq!(skus(&store, "red te"), ["TEE-RED-M", "TEE-RED-S"]);
    // SKU, barcode (part of one, or the whole padded GTIN) and supplier are fields too.
    assert_eq!(skus(&store, "tee-red vintage"), ["TEE-RED-S"]);
    assert_eq!(skus(&store, "tee 333931"), ["TEE-RED-M"]);
    assert_eq!(skus(&store, "mug 0000096385074"), ["MUG-RED"]);
    assert_eq!(skus(&store, "navy textiles"), ["TEE-NAVY-M"]);
    assert_eq!(
        skus(&store, "harbour tee"),
        ["TEE-NAVY-M", "TEE-RED-M"],
        "a supplier's items match its name"
    );
    assert_eq!(skus(&store, "textiles"), ["TEE-NAVY-M", "TEE-RED-M"]);
    // A word of one or two letters matches a whole word of a supplier's name, not part.
    assert_eq!(skus(&store, "red 07"), ["MUG-RED"]);
    assert!(skus(&store, "red pp").is_empty());
    // Every word must match.
    assert!(skus(&store, "tee green").is_empty());
    assert!(skus(&store, "candle red").is_empty());
    let q = StockQuery {
        search: "red tee".into(),
        ..StockQuery::default()
    };
    assert_eq!(store.stock_count(&q).expect("count"), 2);
    assert_eq!(store.stock_count_capped(&q, 1).expect("capped"), (1, false));
    let id = store.find_item("TEE-RED-S").expect("f").expect("item").id;
    assert_eq!(store.stock_position(&q, id).expect("pos"), Some(1));
}

/// What a search must find, item by item, without SQL: every word (ASCII case folded) in
/// the name or variant, the SKU (its start, for a word of one or two letters), in a barcode from three characters, or in a supplier's name
/// (a whole word of it below three characters).
fn oracle(items: &[(String, String, Option<String>, String, String)], search: &str) -> Vec<String> {
    let fold = |s: &str| s.to_ascii_lowercase();
    items
        .iter()
        .filter(|(sku, name, variant, code, supplier)| {
            search.split_whitespace().all(|w| {
                let w = fold(w);
                let long = w.chars().count() >= 3;
                (if long {
                    fold(sku).contains(&w)
                } else {
                    fold(sku).starts_with(&w)
                }) || fold(name).contains(&w)
                    || variant.as_deref().is_some_and(|v| fold(v).contains(&w))
                    || (long && fold(code).contains(&w))
                    || if long {
                        fold(supplier).contains(&w)
                    } else {
                        fold(supplier).split(' ').any(|part| part == w)
                    }
            })
        })
        .map(|t| t.0.clone())
        .collect()
}

#[test]
fn many_word_searches_agree_on_the_index_and_on_the_walk() {
    // 2,400 items: "classic tee" is on the walk (every item a candidate), "tee red" too
    // (1,200), "red tee 0012" and "olive 00017" go through the index; "supplier" is in every
    // supplier's name, so only the other words can ask the index.
    let colours = ["Red", "Navy", "Red", "Olive"];
    let items: Vec<(String, String, Option<String>, String, String)> = (0..2400)
        .map(|i| {
            (
                format!("X{i:05}"),
                format!("Classic tee {i:05}"),
                Some(format!("M / {}", colours[i % 4])),
                format!("CODE{i:05}"),
                format!("Supplier {:02}", i % 7),
            )
        })
        .collect();
    let all: Vec<Full> = items
        .iter()
        .map(|(sku, name, variant, code, supplier)| {
            full(sku, name, variant.as_deref(), &[code], Some(supplier))
        })
        .collect();
    let (_d, store) = store_of(&all);
    for search in [
        "classic tee",
        "tee red",
        "RED tee 0012",
        "olive 00017",
        "supplier 03 red",
        "red 03",
        "code0002 navy",
        "tee 1 m",
        "navy 00012 supplier",
        "red tee 1",
        "olive 0001 x0",
        "x0 navy 00012",
    ] {
        let mut expected = oracle(&items, search);
        expected.sort();
        let q = StockQuery {
            search: search.into(),
            ..StockQuery::default()
        };
        let found = skus(&store, search);
        assert_eq!(found, expected, "{search}");
        let n = expected.len() as i64;
        assert_eq!(store.stock_count(&q).expect("count"), n, "{search}");
        assert_eq!(
            store.stock_count_capped(&q, 1000).expect("capped"),
            (n.min(1000), n <= 1000),
            "{search}"
        );
        // A page from the far end is the same page.
        if n > 30 {
            let page = StockQuery {
                offset: n - 30,
                limit: 20,
                ..q.clone()
            };
            assert_eq!(
                store.stock_page_from_end(&page, n).expect("end"),
                store.stock_page(&page).expect("page"),
                "{search}"
            );
        }
    }
}

//! `cargo bench`: the figures of the README's Performance section, on a generated store of
//! 100,000 items and about 1,000,000 movements (see `support/bigstore.rs`).

#[path = "support/bigstore.rs"]
mod bigstore;
#[path = "support/channel_files.rs"]
mod channel_files;

use std::collections::HashMap;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use stockroom::cli::args::ScanMode;
use stockroom::store::{StockQuery, Store};

fn big() -> std::path::PathBuf {
    match bigstore::big_store() {
        Ok(p) => p,
        Err(e) => panic!("cannot make the benchmark store: {e:#}"),
    }
}

/// One scanned sale through the code path `scan` uses, against the floor: a minimal
/// rusqlite program doing one look-up, one stock update and one movement insert per
/// commit with the same durability (WAL, synchronous=FULL), on a copy of the same file.
fn scanned_sale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = big();
    let path = bigstore::copy_of(&src, dir.path(), "sale.db").expect("copy");
    let mut store = Store::open(&path).expect("open");
    // A barcode of a fast seller with plenty of stock.
    let code = stockroom::demo::demo_ean13(5_000_000);
    let item = store.resolve(&code).expect("item");
    store
        .post(&stockroom::store::PostRequest::new(
            stockroom::domain::ledger::DocKind::Receipt,
            vec![stockroom::store::PostLine {
                item_id: item.id,
                qty: 1_000_000,
                unit_cost: Some(100),
                unit_price: None,
            }],
        ))
        .expect("stock up");
    let mut tally = HashMap::new();
    let mut g = c.benchmark_group("sale");
    g.sample_size(200).measurement_time(Duration::from_secs(5));
    g.bench_function("scan_line_posted_durably", |b| {
        b.iter(|| {
            stockroom::cli::scan::scan_one(&mut store, ScanMode::Sell, &code, &mut tally)
                .expect("sale")
        })
    });
    drop(store);

    let floor_path = bigstore::copy_of(&src, dir.path(), "floor.db").expect("copy");
    let conn = rusqlite::Connection::open(&floor_path).expect("open");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("sync");
    let _: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .expect("wal");
    conn.execute("UPDATE stock SET on_hand = on_hand + 1000000, value = value + 100000000 WHERE item_id = ?1", [item.id])
        .expect("stock up");
    let key = stockroom::domain::gtin::Code::parse(&code)
        .expect("gtin")
        .key()
        .to_string();
    conn.execute(
        "INSERT INTO documents (uuid, kind, at, posted_at, user, line_count) VALUES ('floor', 'sale', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'bench', 1)",
        [],
    )
    .expect("doc");
    let doc = conn.last_insert_rowid();
    g.bench_function("floor_minimal_rusqlite", |b| {
        b.iter(|| {
            conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
            let item_id: i64 = conn
                .prepare_cached("SELECT item_id FROM barcodes WHERE code = ?1")
                .and_then(|mut s| s.query_row([&key], |r| r.get(0)))
                .expect("look-up");
            let n = conn
                .prepare_cached("UPDATE stock SET on_hand = on_hand - 1, value = value - 100 WHERE item_id = ?1 AND location_id = 1 AND on_hand >= 1")
                .and_then(|mut s| s.execute([item_id]))
                .expect("update");
            assert_eq!(n, 1);
            conn.prepare_cached("INSERT INTO movements (doc_id, item_id, location_id, qty, value, demand, at, user) VALUES (?1, ?2, 1, -1, -100, 1, '2026-01-01T00:00:00Z', 'bench')")
                .and_then(|mut s| s.execute(rusqlite::params![doc, item_id]))
                .expect("insert");
            conn.execute_batch("COMMIT").expect("commit");
        })
    });
    // The floor plus the document row every posting carries (its UUID for idempotent
    // retries, kind, time and user): what separates the scanned sale from the floor.
    g.bench_function("floor_with_document_row", |b| {
        b.iter(|| {
            conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
            let item_id: i64 = conn
                .prepare_cached("SELECT item_id FROM barcodes WHERE code = ?1")
                .and_then(|mut s| s.query_row([&key], |r| r.get(0)))
                .expect("look-up");
            conn.prepare_cached("INSERT INTO documents (uuid, kind, at, posted_at, user, line_count) VALUES (?1, 'sale', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'bench', 1)")
                .and_then(|mut s| s.execute([stockroom::store::new_document_uuid()]))
                .expect("doc");
            let doc = conn.last_insert_rowid();
            let n = conn
                .prepare_cached("UPDATE stock SET on_hand = on_hand - 1, value = value - 100 WHERE item_id = ?1 AND location_id = 1 AND on_hand >= 1")
                .and_then(|mut s| s.execute([item_id]))
                .expect("update");
            assert_eq!(n, 1);
            conn.prepare_cached("INSERT INTO movements (doc_id, item_id, location_id, qty, value, demand, at, user) VALUES (?1, ?2, 1, -1, -100, 1, '2026-01-01T00:00:00Z', 'bench')")
                .and_then(|mut s| s.execute(rusqlite::params![doc, item_id]))
                .expect("insert");
            conn.execute_batch("COMMIT").expect("commit");
        })
    });
    g.finish();
}

fn stock_list(c: &mut Criterion) {
    let store = Store::open(&big()).expect("open");
    let mut g = c.benchmark_group("stock_list_100k");
    g.sample_size(50);
    let page = |offset: i64, search: &str| StockQuery {
        search: search.to_string(),
        offset,
        limit: 22,
        ..StockQuery::default()
    };
    g.bench_function("first_page", |b| {
        b.iter(|| store.stock_page(&page(0, "")).expect("page"))
    });
    g.bench_function("scroll_page_deep", |b| {
        b.iter(|| store.stock_page(&page(50_000, "")).expect("page"))
    });
    g.bench_function("count", |b| {
        b.iter(|| store.stock_count(&page(0, "")).expect("count"))
    });
    // Two words: "tee red" (about 700 items hold both) goes through the index, "classic
    // red" (about 4,000) walks the list.
    for term in ["S", "SKU0421", "harb", "Olive", "tee red", "classic red"] {
        g.bench_function(format!("search_{term}"), |b| {
            b.iter(|| {
                let q = page(0, term);
                (
                    store.stock_page(&q).expect("page"),
                    store.stock_count(&q).expect("count"),
                )
            })
        });
    }
    g.finish();
}

/// The TUI at 100k items: start-up to the first drawn frame, and one keystroke (search as
/// you type, scrolling) to a drawn frame on ratatui's TestBackend at 80x24.
fn tui(c: &mut Criterion) {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    use stockroom::app::{App, AppEvent, Key};

    let path = big();
    let now = bigstore::generated_now();
    let mut g = c.benchmark_group("tui_100k");
    g.sample_size(20);
    g.bench_function("startup_to_first_frame", |b| {
        b.iter(|| {
            let store = Store::open(&path).expect("open");
            let mut app = App::new(store, now);
            app.resize(80, 24);
            let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            term.draw(|f| stockroom::ui::draw(f, &app)).expect("draw");
        })
    });
    let store = Store::open(&path).expect("open");
    let mut app = App::new(store, now);
    app.resize(80, 24);
    app.update(AppEvent::Key(Key::F(2)));
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    for ch in "har".chars() {
        app.update(AppEvent::Key(Key::Char(ch)));
    }
    g.sample_size(100);
    // Alternate typing and deleting the fourth letter: every keystroke re-queries.
    let keys = [Key::Char('b'), Key::Backspace];
    keys_to_frames(
        &mut g,
        "search_keystroke_to_frame",
        &mut app,
        &mut term,
        keys,
    );
    for _ in 0..4 {
        app.update(AppEvent::Key(Key::Backspace));
    }
    app.update(AppEvent::Key(Key::Esc));
    // Two words: "tee re" (the index for "tee", then the walk) and "tee red" in turn.
    for ch in "tee re".chars() {
        app.update(AppEvent::Key(Key::Char(ch)));
    }
    let keys = [Key::Char('d'), Key::Backspace];
    keys_to_frames(
        &mut g,
        "search_two_words_keystroke_to_frame",
        &mut app,
        &mut term,
        keys,
    );
    app.update(AppEvent::Key(Key::Esc));
    let keys = [Key::PageDown, Key::PageUp];
    keys_to_frames(&mut g, "scroll_page_to_frame", &mut app, &mut term, keys);
    // End and Home: the last page of 100k items is read from the far end of the order.
    let keys = [Key::End, Key::Home];
    keys_to_frames(&mut g, "end_home_to_frame", &mut app, &mut term, keys);
    app.update(AppEvent::Key(Key::End));
    let keys = [Key::PageUp, Key::PageDown];
    keys_to_frames(
        &mut g,
        "scroll_page_at_the_end_to_frame",
        &mut app,
        &mut term,
        keys,
    );
    app.update(AppEvent::Key(Key::Home));
    // The alerts screen (F5): about 28k items at risk on the generated store.
    g.sample_size(10);
    g.bench_function("open_alerts_to_frame", |b| {
        b.iter(|| {
            app.update(AppEvent::Key(Key::F(2)));
            app.update(AppEvent::Key(Key::F(5)));
            term.draw(|f| stockroom::ui::draw(f, &app)).expect("draw");
        })
    });
    g.sample_size(20);
    let keys = [Key::Down, Key::Up];
    keys_to_frames(
        &mut g,
        "alerts_keystroke_to_frame",
        &mut app,
        &mut term,
        keys,
    );
    g.finish();
}

/// One key to a drawn frame, the two keys in turn (so the screen goes back and forth and
/// every iteration does the same work).
fn keys_to_frames(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    app: &mut stockroom::app::App,
    term: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    keys: [stockroom::app::Key; 2],
) {
    let mut next = 0;
    g.bench_function(name, |b| {
        b.iter(|| {
            app.update(stockroom::app::AppEvent::Key(keys[next]));
            next = 1 - next;
            term.draw(|f| stockroom::ui::draw(f, app)).expect("draw");
        })
    });
}

fn alerts(c: &mut Criterion) {
    let store = Store::open(&big()).expect("open");
    let now = bigstore::generated_now();
    let mut g = c.benchmark_group("alerts_100k_1m");
    g.sample_size(10);
    g.bench_function("alerts_with_suggestions", |b| {
        b.iter(|| stockroom::reorder::alerts(&store, None, now).expect("alerts"))
    });
    g.bench_function("demand_rates_all_items", |b| {
        b.iter(|| {
            store
                .daily_demand_all(stockroom::reorder::HISTORY_DAYS, now)
                .expect("rates")
        })
    });
    g.finish();
}

/// Imports in process, each into an existing store made for the run, as `import` on the
/// command line does it (alone with the store: `stockroom::import::writing_alone`). The
/// CLI's moving-in path, which builds the file privately, is timed through the binary by
/// the `rows_per_second` test instead.
fn import(c: &mut Criterion) {
    fn import_into(store: &mut Store, csv: &[u8]) -> stockroom::store::ImportSummary {
        let s = stockroom::import::writing_alone(store, |store| {
            stockroom::import::import_bytes(
                store,
                csv,
                None,
                false,
                false,
                std::path::Path::new("bench.csv"),
            )
        })
        .expect("import");
        assert!(s.committed && s.problems.is_empty(), "{s:?}");
        s
    }
    let fresh = |catalog: Option<&[u8]>| {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("i.db")).expect("open");
        if let Some(items) = catalog {
            import_into(&mut store, items);
        }
        (dir, store)
    };
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    // (A quarter of the WooCommerce rows are the variable products its variations hang under.)
    for (name, csv, items) in [
        (
            "native_csv_100k_rows",
            channel_files::native_catalog(100_000),
            100_000,
        ),
        (
            "shopify_products_100k_rows",
            channel_files::shopify_products(100_000),
            100_000,
        ),
        (
            "woocommerce_products_100k_rows",
            channel_files::woocommerce_products(100_000),
            75_000,
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || fresh(None),
                |(dir, mut store)| {
                    assert_eq!(import_into(&mut store, csv.as_bytes()).new_items, items);
                    drop(store);
                    dir
                },
                BatchSize::PerIteration,
            )
        });
    }
    let items = channel_files::order_items(1_000);
    let orders = channel_files::shopify_orders(50_000, 1_000);
    g.bench_function("shopify_orders_100k_rows", |b| {
        b.iter_batched(
            || fresh(Some(items.as_bytes())),
            |(dir, mut store)| {
                assert_eq!(import_into(&mut store, orders.as_bytes()).sales, 50_000);
                drop(store);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn check(c: &mut Criterion) {
    let store = Store::open(&big()).expect("open");
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.bench_function("check_100k_1m", |b| {
        b.iter(|| assert!(store.check().expect("check").is_empty()))
    });
    g.finish();
}

criterion_group!(
    benches,
    scanned_sale,
    stock_list,
    tui,
    alerts,
    import,
    check
);
criterion_main!(benches);

//! import / export / backup through the real binary (issue: bring in the shop's channels).

#[path = "../benches/support/channel_files.rs"]
mod channel_files;
mod common;

use std::process::Stdio;

use common::{fingerprint, Shop};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/channels/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn write(shop: &Shop, name: &str, text: &str) -> String {
    let p = shop.path(name);
    std::fs::write(&p, text).expect("write fixture");
    p.to_string_lossy().into_owned()
}

const GOOD: &str = "sku,name,barcode,price,cost,on_hand,reorder_point,reorder_qty,supplier\n\
TEA-GRN,Green tea 100 g,4006381333931,6.50,2.10,40,10,24,Leafy Ltd\n\
TEA-BLK,Black tea,,5.50,2.00,0,5,,Leafy Ltd\n\
MUG-1,\"Mug, \"\"large\"\"\",96385074|MUG-LABEL,12.00,4.00,6,,,\n";

#[test]
fn native_import_posts_opening_stock() {
    let s = Shop::new();
    let f = write(&s, "good.csv", GOOD);
    let out = s.ok(&["import", "--init", &f]);
    assert!(out.contains("3 new item(s)"), "{out}");
    let stock = s.json(&["stock", "--json"]);
    let by_sku = |sku: &str| {
        stock
            .as_array()
            .expect("a")
            .iter()
            .find(|r| r["sku"] == sku)
            .cloned()
            .expect("row")
    };
    assert_eq!(by_sku("TEA-GRN")["on_hand"], 40);
    assert_eq!(by_sku("TEA-GRN")["avg_cost"], "2.10");
    assert_eq!(by_sku("MUG-1")["name"], "Mug, \"large\"");
    assert_eq!(
        s.json(&["item", "show", "0000096385074", "--json"])["sku"],
        "MUG-1"
    );
    // Re-importing updates; a changed on_hand is posted as a count, so the ledger explains it.
    let f2 = write(
        &s,
        "again.csv",
        "sku,name,on_hand,price\nTEA-GRN,Green tea 100 g,35,7.00\n",
    );
    let out = s.ok(&["import", &f2]);
    assert!(out.contains("1 updated"), "{out}");
    let item = s.json(&["item", "show", "TEA-GRN", "--json"]);
    assert_eq!(item["on_hand"], 35);
    assert_eq!(item["price"], "7.00");
    let h = s.json(&["history", "TEA-GRN", "--json"]);
    assert_eq!(
        h.as_array().expect("a").last().expect("row")["kind"],
        "count"
    );
    s.ok(&["check"]);
}

/// Clashes with what the store already holds are found by its UNIQUE constraints and named;
/// with --skip-invalid a refused row takes back all it did (here a new supplier, which the
/// next row names again) and the rest is imported.
#[test]
fn clashes_with_the_store_are_refused_and_skipped_rows_leave_nothing() {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "A-1",
        "--name",
        "Apple",
        "--barcode",
        "4006381333931",
    ]);
    let f = write(
        &s,
        "clash.csv",
        "sku,name,barcode,on_hand,cost,supplier\n\
         B-1,Banana,4006381333931,5,1.00,Acme\n\
         C-1,Cherry,036000291452,3,2.00,acme\n\
         a-1,Apple two,,7,,\n",
    );
    let before = s.fingerprint();
    let r = s.run(&["import", &f]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("line 2, column barcode")
            && r.stderr.contains("already belongs to 'A-1'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 problem(s)"), "{}", r.stderr);
    assert_eq!(s.fingerprint(), before);
    let out = s.ok(&["import", &f, "--skip-invalid"]);
    assert!(out.contains("1 new item(s), 1 updated"), "{out}");
    let c = s.json(&["item", "show", "036000291452", "--json"]);
    assert_eq!(
        (c["sku"].as_str(), c["on_hand"].as_i64()),
        (Some("C-1"), Some(3))
    );
    assert_eq!(c["supplier"], "acme");
    assert_eq!(s.json(&["item", "show", "A-1", "--json"])["on_hand"], 7);
    assert!(s.run(&["item", "show", "B-1"]).code != 0);
    s.ok(&["check"]);
}

#[test]
fn a_bad_file_imports_nothing_and_lists_every_problem() {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "OLD",
        "--name",
        "Existing",
        "--barcode",
        "5901234123457",
    ]);
    let before = s.fingerprint();
    let bad = "sku,name,barcode,price,cost,on_hand\n\
A1,Good row,,1.00,0.50,3\n\
A2,Bad price,,12.345,,1\n\
A3,Negative stock,,1.00,,-3\n\
A4,Bad check digit,4006381333932,,,\n\
A5,Taken barcode,5901234123457,,,\n\
A6,Not a number,,,,lots\n";
    let f = write(&s, "bad.csv", bad);
    let r = s.run(&["import", &f]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for (line, col) in [
        (3, "price"),
        (4, "on_hand"),
        (5, "barcode"),
        (6, "barcode"),
        (7, "on_hand"),
    ] {
        let needle = format!("line {line}, column {col}");
        assert!(
            r.stderr.contains(&needle),
            "missing '{needle}' in:\n{}",
            r.stderr
        );
    }
    assert!(
        r.stderr.lines().last().unwrap_or("").starts_with("error: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was imported"), "{}", r.stderr);
    assert_eq!(
        before,
        s.fingerprint(),
        "a refused import changed the store"
    );
    // Dry run: reports, changes nothing.
    let good = write(&s, "good.csv", GOOD);
    let out = s.ok(&["import", &good, "--dry-run"]);
    assert!(
        out.contains("would import") && out.contains("3 new item(s)"),
        "{out}"
    );
    assert_eq!(before, s.fingerprint(), "a dry run changed the store");
    // --skip-invalid imports the good row and lists the others.
    let r = s.run(&["import", &f, "--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert_eq!(s.json(&["item", "show", "A1", "--json"])["on_hand"], 3);
    assert_eq!(s.run(&["item", "show", "A2"]).code, 1);
    s.ok(&["check"]);
}

#[test]
fn other_encodings_are_refused() {
    let s = Shop::new();
    s.ok(&["init"]);
    let before = s.fingerprint();
    let r = s.run(&["import", &fixture("native_latin1.csv")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("UTF-8"), "{}", r.stderr);
    assert_eq!(before, s.fingerprint());
    let r = s.run(&["import", "/nonexistent/file.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

#[test]
fn shopify_products_then_orders_without_double_counting() {
    let s = Shop::new();
    // The wide export has traps (Excel-mangled and 11-digit barcodes): refused whole...
    let r = s.run(&["import", "--init", &fixture("shopify_products_wide.csv")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("Excel"), "{}", r.stderr);
    // ...or imported without the bad rows.
    let r = s.run(&[
        "import",
        "--init",
        &fixture("shopify_products_wide.csv"),
        "--skip-invalid",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stock = s.json(&["stock", "--json"]);
    assert!(stock.as_array().map_or(0, Vec::len) >= 3, "{stock}");
    // Orders need their SKUs: make sure every SKU the orders file names exists with stock.
    for sku in ["TEE-M-RED", "TEE-S-RED", "MUG-L", "SCARF-SAND"] {
        if s.run(&["item", "show", sku]).code != 0 {
            s.ok(&["item", "add", "--sku", sku, "--name", sku]);
        }
        // A draft or archived Shopify product comes in inactive; these are on sale.
        s.ok(&["item", "edit", sku, "--active"]);
        s.ok(&["receive", sku, "20"]);
    }
    let before: Vec<i64> = ["TEE-M-RED", "TEE-S-RED", "MUG-L", "SCARF-SAND"]
        .iter()
        .map(|k| {
            s.json(&["item", "show", k, "--json"])["on_hand"]
                .as_i64()
                .unwrap_or(-1)
        })
        .collect();
    let out = s.ok(&[
        "import",
        "--init",
        &fixture("shopify_orders.csv"),
        "--skip-invalid",
    ]);
    assert!(out.contains("sale(s)"), "{out}");
    let after: Vec<i64> = ["TEE-M-RED", "TEE-S-RED", "MUG-L", "SCARF-SAND"]
        .iter()
        .map(|k| {
            s.json(&["item", "show", k, "--json"])["on_hand"]
                .as_i64()
                .unwrap_or(-1)
        })
        .collect();
    assert_ne!(before, after, "orders moved no stock");
    let snapshot = s.fingerprint();
    // The same file again: nothing posts twice.
    let out = s.ok(&[
        "import",
        "--init",
        &fixture("shopify_orders.csv"),
        "--skip-invalid",
    ]);
    assert!(out.contains(" 0 sale(s)"), "{out}");
    assert_eq!(snapshot, s.fingerprint(), "a re-import changed the store");
    s.ok(&["check"]);
}

#[test]
fn woocommerce_sample_imports() {
    let s = Shop::new();
    let sample = format!(
        "{}/../shared/data/catalogs/woocommerce_sample_products.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    assert!(
        std::path::Path::new(&sample).exists(),
        "shared WooCommerce sample missing at {sample}"
    );
    let out = s.ok(&["import", "--init", &sample]);
    assert!(out.contains("19 new item(s)"), "{out}");
    let stock = s.json(&["stock", "--json"]);
    assert!(
        stock
            .as_array()
            .expect("a")
            .iter()
            .any(|r| r["variant"].is_string()),
        "variations carry their options"
    );
    s.ok(&["check"]);
}

#[test]
fn exports_reimport_to_the_same_figures() {
    let s = Shop::new();
    s.ok(&["init", "--demo"]);
    let csv = s.path("stock.csv");
    s.ok(&["export", "stock", "-o", csv.to_str().expect("utf8")]);
    let fresh = Shop::new();
    fresh.ok(&["import", "--init", csv.to_str().expect("utf8")]);
    let pick = |v: serde_json::Value| -> Vec<(String, i64)> {
        v.as_array()
            .expect("a")
            .iter()
            .map(|r| {
                (
                    r["sku"].as_str().unwrap_or("").to_string(),
                    r["on_hand"].as_i64().unwrap_or(-1),
                )
            })
            .collect()
    };
    assert_eq!(
        pick(s.json(&["stock", "--json"])),
        pick(fresh.json(&["stock", "--json"]))
    );
    // Shopify inventory layout, applied back to the same store, changes nothing.
    let inv = s.path("inventory.csv");
    s.ok(&[
        "export",
        "shopify-inventory",
        "-o",
        inv.to_str().expect("utf8"),
    ]);
    let out = s.ok(&[
        "import",
        inv.to_str().expect("utf8"),
        "--format",
        "shopify-inventory",
    ]);
    assert!(out.contains(" 0 stock change(s)"), "{out}");
    // Movements export has every movement.
    let moves = s.ok(&["export", "movements"]);
    assert!(moves.lines().count() > 500, "{}", moves.lines().count());
    let r = s.run(&["export", "stock", "-o", "/nonexistent/dir/x.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[test]
fn backup_while_another_process_posts() {
    let s = common::shop_with_tee(0);
    let mut writer = s
        .cmd()
        .args(["scan", "receive"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = writer.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        for _ in 0..400 {
            if stdin.write_all(b"TEE\n").is_err() {
                break;
            }
        }
    });
    let mut copies = Vec::new();
    for i in 0..3 {
        let copy = s.path(&format!("backup{i}.db"));
        s.ok(&["backup", copy.to_str().expect("utf8")]);
        copies.push(copy);
    }
    let _ = feeder.join();
    let out = writer.wait_with_output().expect("wait");
    assert!(out.status.success());
    for copy in copies {
        let r = std::process::Command::new(common::bin())
            .arg("--db")
            .arg(&copy)
            .arg("check")
            .output()
            .expect("check");
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stdout));
        assert!(!fingerprint(&copy).is_empty());
    }
}

fn on_hand(s: &Shop, code: &str) -> i64 {
    s.json(&["item", "show", code, "--json"])["on_hand"]
        .as_i64()
        .unwrap_or(-1)
}

/// Every problem line has the line, the column as the file names it, and the value.
fn assert_problems(stderr: &str, wanted: &[(&str, &str)]) {
    for (head, value) in wanted {
        let line = stderr
            .lines()
            .find(|l| l.contains(head))
            .unwrap_or_else(|| panic!("no '{head}' in:\n{stderr}"));
        assert!(line.contains(value), "'{value}' missing from: {line}");
    }
}

#[test]
fn shopify_wide_export_traps_through_the_binary() {
    let s = Shop::new();
    s.ok(&["init"]);
    let before = s.fingerprint();
    let wide = fixture("shopify_products_wide.csv");
    let r = s.run(&["import", &wide]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_problems(
        &r.stderr,
        &[
            (
                "line 5, column Variant Barcode",
                "'3.65275E+11' is in scientific notation",
            ),
            (
                "line 13, column Variant Barcode",
                "'36527500001' has 11 digits",
            ),
            ("line 15, column Variant Barcode", "4006381333932"),
            ("line 16, column Variant SKU", "variant has no SKU"),
            ("line 18, column Variant SKU", "socks-l"),
            ("line 19, column Variant Inventory Qty", "-2"),
            ("line 19, column Variant Price", "'12.345'"),
        ],
    );
    assert_eq!(r.stderr.matches("error:").count(), 1, "{}", r.stderr);
    assert_eq!(before, s.fingerprint());
    // The dry run says what would come in, and changes nothing.
    let out = s.ok(&["import", &wide, "--dry-run", "--skip-invalid"]);
    assert!(
        out.contains("would import: 6 new item(s)") && out.contains("dry run: nothing was changed"),
        "{out}"
    );
    assert_eq!(before, s.fingerprint());
    let out = s.ok(&["import", &wide, "--skip-invalid"]);
    assert!(out.contains("imported: 6 new item(s)"), "{out}");
    // UTF-8 BOM before `Handle`; leading apostrophe dropped from the barcode.
    let tee = s.json(&["item", "show", "8908025278461", "--json"]);
    assert_eq!(tee["sku"], "TEE-S-RED");
    assert_eq!(tee["product"], "Classic Tee");
    assert_eq!(tee["variant"], "S / Red");
    assert_eq!(tee["on_hand"], 12);
    assert_eq!(tee["avg_cost"], "7.50");
    // Quoted title with a comma, quotes and a line break; Default Title is no variant.
    let mug = s.json(&["item", "show", "MUG-L", "--json"]);
    assert_eq!(mug["name"], "Mug, \"Large\" Stoneware");
    assert!(mug["variant"].is_null(), "{mug}");
    // Continuation row: title and vendor from the product's first row.
    let socks = s.json(&["item", "show", "SOCKS-L", "--json"]);
    assert_eq!(socks["name"], "Wool Socks - L");
    assert_eq!(socks["supplier"], "Knit & Purl");
    // Rows refused are not there; image-only rows and gift cards made nothing.
    for sku in ["TEE-L-RED", "TEE-XL-RED"] {
        assert_eq!(s.run(&["item", "show", sku]).code, 1, "{sku}");
    }
    // Six items; the two whose products are draft or archived in Shopify are inactive, so
    // the stock list leaves them out (their history is kept).
    assert_eq!(
        s.json(&["stock", "--json"]).as_array().map(Vec::len),
        Some(4)
    );
    s.ok(&["check"]);
}

#[test]
fn shopify_trimmed_export_then_inventory_counts_the_differences() {
    let s = Shop::new();
    let r = s.run(&["import", "--init", &fixture("shopify_products_trimmed.csv")]);
    assert_eq!(r.code, 1);
    assert_problems(&r.stderr, &[("line 6, column Barcode", "'73500538502'")]);
    s.ok(&[
        "import",
        "--init",
        &fixture("shopify_products_trimmed.csv"),
        "--skip-invalid",
    ]);
    let bowl = s.json(&["item", "show", "5901234123457", "--json"]);
    assert_eq!(bowl["name"], "Ceramic Bowl - Small / Blue");
    assert_eq!(bowl["on_hand"], 6);
    assert_eq!(on_hand(&s, "BOWL-L-BLU"), 3);
    assert_eq!(on_hand(&s, "TOWEL-1"), 0);

    // BOM, CRLF; two locations add up; "not stocked" and an empty On hand (new) leave the
    // item alone.
    let inv = fixture("shopify_inventory_apply.csv");
    let before = s.fingerprint();
    let out = s.ok(&["import", "--init", &inv, "--dry-run"]);
    assert!(
        out.contains("would import") && out.contains("2 stock change(s)"),
        "{out}"
    );
    assert_eq!(before, s.fingerprint());
    let out = s.ok(&["import", "--init", &inv]);
    assert!(out.contains(" 2 stock change(s)"), "{out}");
    assert_eq!(on_hand(&s, "BOWL-S-BLU"), 8);
    assert_eq!(on_hand(&s, "BOWL-L-BLU"), 3);
    assert_eq!(on_hand(&s, "TOWEL-1"), 10);
    // The ledger explains each change with a count.
    for (sku, qty) in [("BOWL-S-BLU", 2), ("TOWEL-1", 10)] {
        let h = s.json(&["history", sku, "--json"]);
        let last = h.as_array().and_then(|a| a.last()).cloned().expect("a row");
        assert_eq!(last["kind"], "count", "{sku}: {h}");
        assert_eq!(last["qty"], qty, "{sku}: {h}");
    }
    let h = s.json(&["history", "BOWL-L-BLU", "--json"]);
    assert_eq!(h.as_array().map(Vec::len), Some(1), "{h}");
    // Applying it again changes nothing; so does our own export of the same figures.
    let snapshot = s.fingerprint();
    let out = s.ok(&["import", "--init", &inv]);
    assert!(out.contains(" 0 stock change(s)"), "{out}");
    let back = s.path("levels.csv");
    let back = back.to_str().expect("utf8");
    s.ok(&["export", "shopify-inventory", "-o", back]);
    let out = s.ok(&["import", "--init", back]);
    assert!(out.contains(" 0 stock change(s)"), "{out}");
    assert_eq!(snapshot, s.fingerprint());
    // A SKU stockroom does not know is listed, and nothing is applied.
    let unknown = write(
        &s,
        "unknown.csv",
        "Handle,Title,SKU,Location,On hand (new)\nx,X,NOPE-1,Main,4\nb,B,BOWL-S-BLU,Main,1\n",
    );
    let r = s.run(&["import", "--init", &unknown]);
    assert_eq!(r.code, 1);
    assert_problems(
        &r.stderr,
        &[("line 2, column SKU", "unknown item 'NOPE-1'")],
    );
    assert_eq!(snapshot, s.fingerprint());
    s.ok(&["check"]);
}

#[test]
fn orders_cancelled_refunded_overlapping_and_unknown() {
    let s = Shop::new();
    let skus = ["TEE-S-RED", "TEE-M-RED", "MUG-L", "SCARF-SAND"];
    let mut catalog = String::from("sku,name,on_hand,cost\n");
    for sku in skus {
        catalog.push_str(&format!("{sku},{sku},20,1.00\n"));
    }
    s.ok(&["import", "--init", &write(&s, "catalog.csv", &catalog)]);
    let levels = |s: &Shop| -> Vec<i64> { skus.iter().map(|k| on_hand(s, k)).collect() };
    let orders = fixture("shopify_orders.csv");
    // #1001 has a line without a SKU and one of quantity 0: refused, both listed.
    let before = s.fingerprint();
    let r = s.run(&["import", &orders]);
    assert_eq!(r.code, 1);
    assert_problems(
        &r.stderr,
        &[
            ("line 7, column Lineitem sku", "no SKU"),
            ("line 8, column Lineitem quantity", "'0'"),
        ],
    );
    assert_eq!(before, s.fingerprint());
    let out = s.ok(&["import", &orders, "--skip-invalid"]);
    assert!(
        out.contains(" 3 sale(s), 1 return(s), 0 already imported, 1 skipped"),
        "{out}"
    );
    // The export does not say what a partial refund was for: staff are told, not guessed for.
    assert!(
        out.contains("note: order #1005 was partly refunded") && out.contains("--ref '#1005'"),
        "{out}"
    );
    // #1005 sold 2 (partially refunded: nothing back), #1004 cancelled, #1003 sold and
    // refunded, #1002 sold 2 tees and a mug.
    assert_eq!(levels(&s), [18, 18, 19, 20]);
    // Each sale is dated at its order.
    let h = s.json(&["history", "TEE-S-RED", "--json"]);
    let sale = h
        .as_array()
        .and_then(|a| a.iter().find(|r| r["kind"] == "sale"))
        .cloned()
        .expect("a sale");
    assert!(
        sale["at"]
            .as_str()
            .unwrap_or("")
            .starts_with("2024-03-05T19:12:01"),
        "{sale}"
    );
    assert_eq!(sale["qty"], -2);

    // An overlapping month: two orders again, one new, one cancelled since, one with SKUs
    // stockroom does not know.
    let overlap = fixture("shopify_orders_overlap.csv");
    let snapshot = s.fingerprint();
    let r = s.run(&["import", &overlap]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_problems(
        &r.stderr,
        &[
            (
                "line 3, column Lineitem sku",
                "unknown item 'GHOST-1' in order #1006",
            ),
            (
                "line 4, column Lineitem sku",
                "unknown item 'GHOST-2' in order #1006",
            ),
        ],
    );
    assert_eq!(snapshot, s.fingerprint());
    let out = s.ok(&["import", &overlap, "--skip-invalid", "--dry-run"]);
    assert!(
        out.contains("would import") && out.contains(" 1 sale(s), 1 return(s), 2 already imported"),
        "{out}"
    );
    assert_eq!(snapshot, s.fingerprint());
    let r = s.run(&["import", &overlap, "--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            " 1 sale(s), 1 return(s), 2 already imported, 1 skipped, 2 invalid row(s) left out"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("GHOST-1") && r.stderr.contains("GHOST-2"),
        "{}",
        r.stderr
    );
    // #1007 sold one more tee; #1005, cancelled after it was imported, put its 2 back.
    assert_eq!(levels(&s), [17, 20, 19, 20]);
    // Once more: nothing posts twice.
    let snapshot = s.fingerprint();
    let out = s.ok(&["import", &overlap, "--skip-invalid"]);
    assert!(
        out.contains(" 0 sale(s), 0 return(s), 3 already imported"),
        "{out}"
    );
    let out = s.ok(&["import", &orders, "--skip-invalid"]);
    assert!(out.contains(" 0 sale(s), 0 return(s)"), "{out}");
    assert_eq!(snapshot, s.fingerprint());
    s.ok(&["check"]);
}

#[test]
fn progress_bar_on_a_terminal_and_none_in_a_pipe() {
    use std::io::Read;

    let s = Shop::new();
    let big = write(&s, "big.csv", &channel_files::native_catalog(60_000));
    // Piped: nothing on stderr but what went wrong (nothing).
    let piped = Shop::new();
    let r = piped.run(&["import", "--init", &big]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{:?}", r.stderr);
    assert!(r.stdout.contains("60000 new item(s)"), "{}", r.stdout);

    // On a terminal: a bar redrawn in place, then wiped before the summary.
    let (mut child, master) = common::pty::spawn(&s.db, &["import", "--init", &big]);
    let mut reader = master.try_clone_reader().expect("pty reader");
    let collected = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    let status = child.wait().expect("wait");
    drop(master);
    let out = String::from_utf8_lossy(&collected.join().expect("reader")).into_owned();
    assert!(status.success(), "{out}");
    assert!(out.contains("big.csv: ["), "no bar drawn: {out:?}");
    assert!(out.contains("% "), "{out:?}");
    // Each frame is one line of at most 80 columns, started with \r.
    for frame in out.split('\r').filter(|f| f.contains("big.csv: [")) {
        assert!(frame.chars().count() <= 80, "{frame:?}");
        assert!(!frame.contains('\n'), "{frame:?}");
    }
    // The summary comes after the bar was wiped, on a clean line.
    let summary = out
        .split(['\r', '\n'])
        .find(|l| l.starts_with("imported: "))
        .unwrap_or_else(|| panic!("no summary in {out:?}"));
    assert!(summary.contains("60000 new item(s)"), "{summary}");
    assert_eq!(on_hand(&s, "SKU-000042"), 42);
}

/// The figures the README gives: `cargo test --release --test import_export -- --ignored
/// --nocapture rows_per_second`.
#[test]
#[ignore = "a measurement, not a check"]
fn rows_per_second() {
    for (what, text, items) in [
        ("native", channel_files::native_catalog(100_000), 100_000),
        ("shopify", channel_files::shopify_products(100_000), 100_000),
        // A quarter of the rows are the variable products the variations hang under.
        (
            "woocommerce",
            channel_files::woocommerce_products(100_000),
            75_000,
        ),
    ] {
        // Moving in (the store does not exist yet), and into an existing empty store.
        for existing in [false, true] {
            let s = Shop::new();
            if existing {
                s.ok(&["init"]);
            }
            let f = write(&s, "big.csv", &text);
            let start = std::time::Instant::now();
            let out = s.ok(&["import", &f]);
            let secs = start.elapsed().as_secs_f64();
            assert!(out.contains(&format!("{items} new item(s)")), "{out}");
            println!(
                "{what}, {}: 100000 rows in {secs:.2} s = {:.0} rows/s",
                if existing {
                    "existing store"
                } else {
                    "new store"
                },
                100_000.0 / secs
            );
        }
    }
    // A month of a busy shop's orders: 50,000 orders of two lines (100k rows) over 1,000
    // items, then the same file again (every order already imported).
    let s = Shop::new();
    let items = write(&s, "items.csv", &channel_files::order_items(1_000));
    s.ok(&["import", &items]);
    let orders = write(
        &s,
        "orders.csv",
        &channel_files::shopify_orders(50_000, 1_000),
    );
    for (run, wanted) in [
        ("first", "50000 sale(s)"),
        ("again", "50000 already imported"),
    ] {
        let start = std::time::Instant::now();
        let out = s.ok(&["import", &orders]);
        let secs = start.elapsed().as_secs_f64();
        assert!(out.contains(wanted), "{out}");
        println!(
            "shopify orders, {run}: 100000 rows in {secs:.2} s = {:.0} rows/s",
            100_000.0 / secs
        );
    }
}

/// Rows are written while the file is still being parsed, a batch at a time: a bad row
/// found after several batches were written still leaves the store as it was, and is
/// listed with every other problem; with --skip-invalid every good row of every batch lands.
#[test]
fn a_bad_row_after_rows_already_written_changes_nothing() {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "item", "add", "--sku", "KEEP-1", "--name", "Kept", "--price", "1.00",
    ]);
    let before = s.fingerprint();
    let mut text = channel_files::native_catalog(9_000);
    // Line 8002 (row 8001) gets a price with too many decimals; line 3 a negative count.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[8001] = lines[8001].replacen(",1.25,", ",1.255,", 1);
    lines[2] = "SKU-000001,\"Item 1, blue\",,2.01,1.25,-4,5,Supplier 1".to_string();
    text = lines.join("\n") + "\n";
    let f = write(&s, "late.csv", &text);

    let r = s.run(&["import", &f]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("line 8002, column cost"), "{}", r.stderr);
    assert!(r.stderr.contains("line 3, column on_hand"), "{}", r.stderr);
    assert!(
        r.stderr.contains("2 problem(s); nothing was imported"),
        "{}",
        r.stderr
    );
    assert_eq!(s.fingerprint(), before, "a refused file changes nothing");

    let out = s.ok(&["import", &f, "--skip-invalid"]);
    assert!(out.contains("8998 new item(s)"), "{out}");
    assert!(out.contains("2 invalid row(s) left out"), "{out}");
    assert_eq!(on_hand(&s, "SKU-008999"), 8999 % 50);
    assert_ne!(
        s.run(&["item", "show", "SKU-000001"]).code,
        0,
        "the bad row is not there"
    );
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// Re-importing a catalogue as updates re-indexes the changed items for search: the old
/// name no longer finds them, the new one does (the index keeps no copy of the text, so
/// this is what shows its rows were deleted and written again).
#[test]
fn a_reimport_that_renames_items_is_searched_by_the_new_names() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = stockroom::store::Store::open(&dir.path().join("s.db")).expect("open");
    let first = "sku,name,barcode\nLAMP-1,Brass lantern,4006381333931\nLAMP-2,Tin lantern,\n";
    // LAMP-1 renamed; LAMP-2 unchanged but for a new barcode.
    let second =
        "sku,name,barcode\nLAMP-1,Copper beacon,4006381333931\nLAMP-2,Tin lantern,5901234123457\n";
    // LAMP-2 gets a variant (its name unchanged).
    let third = "sku,name,variant\nLAMP-2,Tin lantern,Extra large\n";
    // New items with variants, one named with it (as Shopify names them), one not.
    let fourth = "sku,name,variant\nLAMP-3,Storm lamp - Small,Small\nLAMP-4,Oil lamp,Long wick\n";
    for text in [first, second, third, fourth] {
        let s = stockroom::import::import_bytes(
            &mut store,
            text.as_bytes(),
            None,
            false,
            false,
            std::path::Path::new("x.csv"),
        )
        .expect("import");
        assert!(s.committed, "{s:?}");
    }
    let find = |term: &str| -> Vec<String> {
        store
            .stock_page(&stockroom::store::StockQuery {
                search: term.into(),
                ..Default::default()
            })
            .expect("page")
            .into_iter()
            .map(|r| r.sku)
            .collect()
    };
    assert_eq!(find("lantern"), ["LAMP-2"]);
    assert_eq!(find("beacon"), ["LAMP-1"]);
    assert_eq!(find("6381333"), ["LAMP-1"], "part of the barcode");
    assert_eq!(
        find("1234123"),
        ["LAMP-2"],
        "part of the barcode added by the update"
    );
    assert_eq!(
        find("xtra larg"),
        ["LAMP-2"],
        "the variant set by the update"
    );
    assert_eq!(find("torm lamp - sma"), ["LAMP-3"], "a variant in its name");
    assert_eq!(find("ong wic"), ["LAMP-4"], "a variant not in its name");
}

/// A shop moving in: the first import builds the store beside its path and puts it there
/// only once the import has committed. The store is an ordinary one (WAL, every check
/// holds); a refused file or a dry run leaves no file at all, and no half-built one.
#[test]
fn the_first_import_builds_the_store_and_a_refused_one_leaves_nothing() {
    let files_in = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != "input.csv")
            .collect();
        names.sort();
        names
    };

    // Without --init a path with no store is an error, as for every command but init.
    let s = Shop::new();
    let good = write(&s, "input.csv", &channel_files::native_catalog(10));
    let r = s.run(&["import", &good]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("error: no store at"), "{}", r.stderr);
    assert!(files_in(s.dir.path()).is_empty());

    // Refused: a bad row anywhere.
    let mut text = channel_files::native_catalog(3_000);
    text.push_str("BAD-1,Bad row,,1.234,,,,\n");
    let f = write(&s, "input.csv", &text);
    let r = s.run(&["import", "--init", &f]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("line 3002, column price"), "{}", r.stderr);
    assert!(
        files_in(s.dir.path()).is_empty(),
        "{:?}",
        files_in(s.dir.path())
    );

    // A dry run.
    let good = write(&s, "input.csv", &channel_files::native_catalog(3_000));
    let out = s.ok(&["import", "--init", &good, "--dry-run"]);
    assert!(out.contains("would import: 3000 new item(s)"), "{out}");
    assert!(
        files_in(s.dir.path()).is_empty(),
        "{:?}",
        files_in(s.dir.path())
    );

    // Imported: the store is there, in WAL, and sound.
    let out = s.ok(&["import", "--init", &good]);
    assert!(out.contains("imported: 3000 new item(s)"), "{out}");
    assert_eq!(files_in(s.dir.path()), ["shop.db"]);
    let mode: String = rusqlite::Connection::open(&s.db)
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    assert_eq!(on_hand(&s, "SKU-002042"), 2042 % 50);
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    // With --skip-invalid the good rows of a new store's first file land.
    let t = Shop::new();
    let f = write(&t, "input.csv", &text);
    let out = t.ok(&["import", "--init", &f, "--skip-invalid"]);
    assert!(
        out.contains("3000 new item(s)") && out.contains("1 invalid row(s) left out"),
        "{out}"
    );
    assert_eq!(files_in(t.dir.path()), ["shop.db"]);
    assert_eq!(t.run(&["check"]).code, 0);
}

/// With --skip-invalid, an order refused part-way (its second line short of stock) leaves
/// no trace, and the orders after it see the stock as the store holds it: the first line's
/// sale was undone with the order, so a later order can sell those units. A refund's units
/// are there for the next order too.
#[test]
fn orders_after_a_refused_order_see_the_stock_as_it_is() {
    let s = Shop::new();
    let items = write(
        &s,
        "items.csv",
        "sku,name,price,cost,on_hand\nBOWL,Bowl,8.00,3.00,7\nCUP,Cup,4.00,1.00,1\n",
    );
    s.ok(&["import", "--init", &items]);
    let orders = write(
        &s,
        "orders.csv",
        "Name,Financial Status,Created at,Lineitem quantity,Lineitem price,Lineitem sku,Cancelled at,Refunded Amount\n\
         #1,paid,2026-10-01 10:00:00 +0000,1,4.00,CUP,,\n\
         #2,paid,2026-10-02 10:00:00 +0000,5,8.00,BOWL,,\n\
         #2,,,1,4.00,CUP,,\n\
         #3,paid,2026-10-03 10:00:00 +0000,5,8.00,BOWL,,\n\
         #4,refunded,2026-10-04 10:00:00 +0000,2,8.00,BOWL,,16.00\n\
         #5,paid,2026-10-05 10:00:00 +0000,2,8.00,BOWL,,\n",
    );
    let r = s.run(&["import", &orders, "--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // #2 is refused whole (its cup went to #1), so #3 has 5 of the 7 bowls; #4's 2 come
    // back with its refund and go to #5.
    assert!(
        r.stderr.contains("#2") && r.stderr.contains("insufficient stock"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("4 sale(s), 1 return(s)"), "{}", r.stdout);
    assert_eq!((on_hand(&s, "BOWL"), on_hand(&s, "CUP")), (0, 0));
    s.ok(&["check"]);
}

fn journal_mode(db: &std::path::Path) -> String {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode")
}

fn item_count(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("count")
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Start importing `rows` native rows into `s`, and watch (without sleeping) until
/// `reached` holds or the import ends: the running import, and whether `reached` held
/// while it ran.
fn import_until(s: &Shop, rows: usize, reached: impl Fn() -> bool) -> (std::process::Child, bool) {
    let file = write(s, "big.csv", &channel_files::native_catalog(rows));
    let mut import = s
        .cmd()
        .args(["import", &file])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    while import.try_wait().expect("wait").is_none() {
        if reached() {
            return (import, true);
        }
        std::thread::yield_now();
    }
    (import, false)
}

fn journals_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-journal"))
        .collect()
}

/// Into a store no other session has open, an import writes through the rollback journal
/// (`Store::journal_alone`) and leaves the store in WAL; a refused one changes nothing.
/// Beside a session that has the store open it stays in WAL, and that session sees it.
#[test]
fn an_import_into_an_existing_store_alone_and_beside_another_session() {
    let s = Shop::new();
    s.ok(&["init"]);

    let first = write(&s, "first.csv", &channel_files::native_catalog(2_000));
    let out = s.ok(&["import", &first]);
    assert!(out.contains("imported: 2000 new item(s)"), "{out}");
    assert_eq!(journal_mode(&s.db), "wal");
    assert!(journals_in(s.dir.path()).is_empty());
    assert_eq!(on_hand(&s, "SKU-001042"), 1042 % 50);
    s.ok(&["check"]);

    let before = s.fingerprint();
    let mut bad = channel_files::native_catalog(3_000);
    bad.push_str("BAD-1,Bad row,,1.234,,,,\n");
    let bad = write(&s, "bad.csv", &bad);
    let r = s.run(&["import", &bad]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("line 3002, column price"), "{}", r.stderr);
    assert_eq!(s.fingerprint(), before);
    assert_eq!(journal_mode(&s.db), "wal");
    assert!(journals_in(s.dir.path()).is_empty());

    // Another session has the store open, and has read it.
    let other = rusqlite::Connection::open(&s.db).expect("open");
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(&other), 2_000);
    let second = write(&s, "second.csv", &channel_files::native_catalog(3_000));
    let out = s.ok(&["import", &second]);
    assert!(out.contains("imported: 1000 new item(s)"), "{out}");
    assert_eq!(count(&other), 3_000);
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    drop(other);
    s.ok(&["check"]);
}

/// `kill -9` an import into an existing store once it has begun writing pages into the
/// store file (the rollback journal holds what they replaced): the next command finds the
/// store as it was, back in WAL, and sound; or, had the import finished first, all of it.
#[test]
fn kill_9_during_an_import_leaves_all_or_nothing() {
    let s = Shop::new();
    s.ok(&["init"]);
    let empty_size = file_size(&s.db);
    // The store file grows by megabytes when the import's page cache spills into it,
    // mid-transaction.
    let (mut import, writing) =
        import_until(&s, 100_000, || file_size(&s.db) > empty_size + (1 << 20));
    if writing {
        import.kill().expect("kill -9");
    }
    let status = import.wait().expect("wait");
    s.ok(&["check"]);
    let items = item_count(&s.db);
    if writing && !status.success() {
        assert_eq!(items, 0, "a killed import left part of itself");
    } else {
        assert_eq!(items, 100_000);
    }
    assert_eq!(journal_mode(&s.db), "wal");
    assert!(journals_in(s.dir.path()).is_empty());
}

/// A session that opens the store while an import writes through the rollback journal
/// waits for the import (rather than failing as "locked" or reading half of it) and then
/// sees all of it.
#[test]
fn a_session_that_opens_during_an_import_waits_and_sees_all_of_it() {
    let s = Shop::new();
    s.ok(&["init"]);
    let journal = s.path("shop.db-journal");
    // Once the journal holds more than the switch out of WAL wrote into it (page 1), the
    // import is inside its transaction, keeping the pages it changes from the store's
    // other sessions until it commits.
    let (import, mid_import) = import_until(&s, 100_000, || file_size(&journal) > 16 * 1024);
    let stock = s.json(&["stock", "--json"]);
    let out = import.wait_with_output().expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(mid_import, "the import ended before it was seen writing");
    assert_eq!(stock.as_array().map(Vec::len), Some(100_000));
    assert_eq!(journal_mode(&s.db), "wal");
    s.ok(&["check"]);
}

/// Shopify finds the variant of each row of an uploaded inventory file by its product's
/// handle and its option values under their names, at a location it has by that name. The
/// export names an item as the products file named it (a handle that is not its title's,
/// the option names), at the location the shop's own inventory file named; an item that
/// did not come from Shopify gets a handle made from its title.
#[test]
fn the_shopify_inventory_export_names_variants_as_shopify_knows_them() {
    let s = Shop::new();
    let products = write(
        &s,
        "products.csv",
        "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price\n\
         tee-2024,Classic Tee,Size,S,Color,Red,TEE-S,4,19.99\n\
         tee-2024,,,M,,Red,TEE-M,2,19.99\n\
         mug,Stoneware Mug,Title,Default Title,,,MUG,7,12.00\n",
    );
    s.ok(&["import", "--init", &products]);
    s.ok(&["item", "add", "--sku", "PIN-1", "--name", "Enamel Pin"]);
    let exported = |s: &Shop| -> std::collections::BTreeMap<String, Vec<String>> {
        let out = s.ok(&["export", "shopify-inventory"]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let head = reader.headers().expect("header").clone();
        let col = |name: &str| head.iter().position(|h| h == name).expect(name);
        let wanted = [
            "Handle",
            "Option1 Name",
            "Option1 Value",
            "Option2 Name",
            "Option2 Value",
            "Location",
            "On hand (new)",
        ]
        .map(col);
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                let cells = wanted.iter().map(|&i| r[i].to_string()).collect();
                (r[col("SKU")].to_string(), cells)
            })
            .collect()
    };
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let rows = exported(&s);
    assert_eq!(
        rows["TEE-S"],
        row(&[
            "tee-2024",
            "Size",
            "S",
            "Color",
            "Red",
            "Shop location",
            "4"
        ])
    );
    assert_eq!(
        rows["MUG"],
        row(&[
            "mug",
            "Title",
            "Default Title",
            "",
            "",
            "Shop location",
            "7"
        ])
    );
    assert_eq!(
        rows["PIN-1"],
        row(&[
            "enamel-pin",
            "Title",
            "Default Title",
            "",
            "",
            "Shop location",
            "0"
        ])
    );

    // The shop's own inventory file names its location: the export puts the stock there.
    let levels = write(
        &s,
        "levels.csv",
        "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,SKU,Location,On hand (new)\n\
         tee-2024,Classic Tee,Size,S,Color,Red,TEE-S,Main Street,5\n\
         tee-2024,Classic Tee,Size,M,Color,Red,TEE-M,Main Street,2\n",
    );
    let out = s.ok(&["import", &levels]);
    assert!(out.contains(" 1 stock change(s)"), "{out}");
    let rows = exported(&s);
    assert_eq!(
        rows["TEE-M"],
        row(&["tee-2024", "Size", "M", "Color", "Red", "Main Street", "2"])
    );
    assert_eq!(rows["TEE-S"][6], "5");
    assert_eq!(rows["MUG"][5], "Main Street");

    // What the export says is what the store holds: uploading it here changes nothing.
    let snapshot = s.fingerprint();
    let back = s.path("back.csv");
    let back = back.to_str().expect("utf8");
    s.ok(&["export", "shopify-inventory", "-o", back]);
    let out = s.ok(&["import", back]);
    assert!(out.contains(" 0 stock change(s)"), "{out}");
    assert_eq!(snapshot, s.fingerprint());
}

/// The note a Shopify products file gets when it leaves tracked-nothing quantities out.
fn untracked_note(variants: &str, column: &str) -> String {
    format!(
        "note: ignored the quantities of {variants} that Shopify does not track (blank {column}); \
         --track-untracked takes them"
    )
}

/// A variant whose `Variant Inventory Tracker` is blank is one Shopify does not track: its
/// quantity is left out (the item comes in at 0), and the dry run and the summary say how
/// many were and how to take them; `--track-untracked` counts them to the file's figures.
#[test]
fn untracked_shopify_quantities_are_left_out_and_the_summary_says_so() {
    let s = Shop::new();
    s.ok(&["init"]);
    let before = s.fingerprint();
    let file = fixture("shopify_products_untracked.csv");
    let note = untracked_note("3 variants", "Variant Inventory Tracker");
    // Three untracked variants with a quantity (5, 3, 12); the untracked one at 0 left
    // nothing out, and the tracked one (4) comes in.
    let out = s.ok(&["import", &file, "--dry-run"]);
    assert_eq!(
        out,
        format!(
            "would import: 5 new item(s), 0 updated, 1 stock change(s), 0 sale(s), 0 return(s), \
             0 already imported, 0 skipped\n{note}\ndry run: nothing was changed\n"
        )
    );
    assert_eq!(before, s.fingerprint());
    let out = s.ok(&["import", &file]);
    assert_eq!(
        out,
        format!(
            "imported: 5 new item(s), 0 updated, 1 stock change(s), 0 sale(s), 0 return(s), \
             0 already imported, 0 skipped\n{note}\n"
        )
    );
    for (sku, qty) in [
        ("APRON-NAT", 0),
        ("APRON-CHR", 0),
        ("APRON-RST", 4),
        ("WRAP-1", 0),
        ("WRAP-BEE", 0),
    ] {
        assert_eq!(on_hand(&s, sku), qty, "{sku}");
    }
    // The same file again with --track-untracked counts the items to its figures, and
    // leaves nothing out, so says nothing of it.
    let out = s.ok(&["import", &file, "--track-untracked", "--dry-run"]);
    assert!(
        out.contains("would import: 0 new item(s), 5 updated, 3 stock change(s)"),
        "{out}"
    );
    assert!(!out.contains("does not track"), "{out}");
    let out = s.ok(&["import", &file, "--track-untracked"]);
    assert_eq!(
        out,
        "imported: 0 new item(s), 5 updated, 3 stock change(s), 0 sale(s), 0 return(s), \
         0 already imported, 0 skipped\n"
    );
    for (sku, qty) in [
        ("APRON-NAT", 5),
        ("APRON-CHR", 3),
        ("APRON-RST", 4),
        ("WRAP-1", 0),
        ("WRAP-BEE", 12),
    ] {
        assert_eq!(on_hand(&s, sku), qty, "{sku}");
    }
    let h = s.json(&["history", "APRON-NAT", "--json"]);
    assert_eq!(
        h.as_array().expect("a").last().expect("row")["kind"],
        "count"
    );
    s.ok(&["check"]);
}

/// Moving in with --track-untracked: the untracked quantities are opening stock at the
/// file's cost, as tracked ones are.
#[test]
fn track_untracked_takes_the_quantities_as_opening_stock() {
    let s = Shop::new();
    let file = fixture("shopify_products_untracked.csv");
    let out = s.ok(&["import", "--init", &file, "--track-untracked"]);
    assert_eq!(
        out,
        "imported: 5 new item(s), 0 updated, 4 stock change(s), 0 sale(s), 0 return(s), \
         0 already imported, 0 skipped\n"
    );
    let apron = s.json(&["item", "show", "APRON-NAT", "--json"]);
    assert_eq!(apron["on_hand"], 5);
    assert_eq!(apron["avg_cost"], "9.00");
    assert_eq!(on_hand(&s, "APRON-CHR"), 3);
    assert_eq!(on_hand(&s, "APRON-RST"), 4);
    assert_eq!(on_hand(&s, "WRAP-BEE"), 12);
    let h = s.json(&["history", "WRAP-BEE", "--json"]);
    assert_eq!(
        h.as_array().expect("a").last().expect("row")["kind"],
        "receipt"
    );
    s.ok(&["check"]);
}

/// The current export's header (`Inventory tracker`) is named as the file names it; one
/// variant is one; a file that tracks everything (or has no tracker column) says nothing.
#[test]
fn the_untracked_note_names_the_files_column_and_only_when_something_was_left_out() {
    let s = Shop::new();
    s.ok(&["init"]);
    let f = write(
        &s,
        "current.csv",
        "URL handle,Title,SKU,Inventory tracker,Inventory quantity,Price\n\
         candle,Candle,CANDLE-1,,7,9.00\n\
         soap,Soap,SOAP-1,shopify,2,4.00\n",
    );
    let out = s.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains(&format!(
            "\n{}\n",
            untracked_note("1 variant", "Inventory tracker")
        )),
        "{out}"
    );
    for name in ["shopify_products_wide.csv", "shopify_products_trimmed.csv"] {
        let r = s.run(&["import", &fixture(name), "--dry-run", "--skip-invalid"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("does not track"), "{name}: {}", r.stdout);
    }
}

//! import / export / backup through the real binary (issue: bring in the shop's channels).

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
    let out = s.ok(&["import", &f]);
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

#[test]
fn a_bad_file_imports_nothing_and_lists_every_problem() {
    let s = Shop::new();
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
    let r = s.run(&["import", &fixture("shopify_products_wide.csv")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("Excel"), "{}", r.stderr);
    // ...or imported without the bad rows.
    let r = s.run(&[
        "import",
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
    let out = s.ok(&["import", &fixture("shopify_orders.csv"), "--skip-invalid"]);
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
    let out = s.ok(&["import", &fixture("shopify_orders.csv"), "--skip-invalid"]);
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
    let out = s.ok(&["import", &sample]);
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
    fresh.ok(&["import", csv.to_str().expect("utf8")]);
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

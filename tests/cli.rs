//! The command line of CONTRACT.md, driven through the real binary.

mod common;

use common::{shop_with_tee, Shop};

#[test]
fn receive_sell_and_stock_json() {
    let s = shop_with_tee(10);
    let out = s.ok(&["sell", "TEE", "3", "--price", "19.50"]);
    assert!(out.contains("TEE"), "{out}");
    let stock = s.json(&["stock", "--json"]);
    let row = &stock[0];
    assert_eq!(row["sku"], "TEE");
    assert_eq!(row["name"], "Classic Tee");
    assert_eq!(row["on_hand"], 7);
    assert_eq!(row["reorder_point"], 3);
    assert_eq!(row["avg_cost"], "5.00");
    assert_eq!(row["price"], "20.00");
    assert_eq!(row["barcodes"][0], "4006381333931");
    s.ok(&["check"]);
}

#[test]
fn upc_a_scan_finds_the_ean13_item() {
    let s = Shop::new();
    s.ok(&[
        "item",
        "add",
        "--sku",
        "COLA",
        "--name",
        "Cola 330ml",
        "--barcode",
        "0036000291452",
    ]);
    s.ok(&["receive", "036000291452", "5"]);
    s.ok(&["receive", "00036000291452", "1"]);
    let item = s.json(&["item", "show", "cola", "--json"]);
    assert_eq!(item["on_hand"], 6);
    assert_eq!(item["reorder_point"], serde_json::Value::Null);
}

#[test]
fn overselling_is_refused_and_changes_nothing() {
    let s = shop_with_tee(2);
    let before = s.fingerprint();
    let r = s.run(&["sell", "TEE", "3"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("insufficient stock"), "{}", r.stderr);
    assert!(r.stderr.contains("TEE"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
    assert_eq!(before, s.fingerprint());
}

#[test]
fn bad_inputs_get_one_clear_error_and_change_nothing() {
    let s = shop_with_tee(5);
    let cases: &[(&[&str], &str)] = &[
        (&["sell", "NOPE", "1"], "unknown item"),
        (&["sell", "TEE", "0"], "above zero"),
        (&["sell", "TEE", "-2"], "above zero"),
        (&["sell", "TEE", "two"], "not a whole number"),
        (&["sell", "TEE", "99999999999999999999999"], "too large"),
        (&["sell", "TEE", "1.5"], "not a whole number"),
        (&["receive", "TEE", "1", "--cost", "1.234"], "decimal"),
        (&["receive", "TEE", "1", "--cost", "abc"], "not an amount"),
        (
            &["receive", "TEE", "1", "--at", "2999-01-01T00:00:00Z"],
            "future",
        ),
        (&["receive", "TEE", "1", "--at", "yesterday"], "RFC 3339"),
        (&["item", "add", "--sku", "X1", "--name", ""], "name"),
        (&["item", "add", "--sku", "X1", "--name", "  "], "name"),
        (
            &["item", "add", "--sku", "tee", "--name", "Dup"],
            "already exists",
        ),
        (
            &[
                "item",
                "add",
                "--sku",
                "X2",
                "--name",
                "Other",
                "--barcode",
                "4006381333931",
            ],
            "already belongs",
        ),
        (
            &[
                "item",
                "add",
                "--sku",
                "X3",
                "--name",
                "Bad",
                "--barcode",
                "4006381333932",
            ],
            "check digit",
        ),
        (
            &["item", "add", "--sku", "X4", "--name", "P", "--price", "-1"],
            "negative",
        ),
        (&["adjust", "TEE", "0", "--reason", "x"], "changes nothing"),
        (
            &["adjust", "TEE", "-9", "--reason", "lost"],
            "insufficient stock",
        ),
        (&["adjust", "TEE", "2", "--reason", ""], "reason"),
        (&["count", "TEE", "-1"], "negative"),
        (&["void", "S-999", "--reason", "x"], "no document"),
        (&["void", "banana", "--reason", "x"], "document number"),
        (&["history", "4006381333932"], "check digit"),
        (&["return", "TEE", "0"], "above zero"),
    ];
    for (args, needle) in cases {
        let before = s.fingerprint();
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?} should fail: {} {}", r.stdout, r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stderr.trim_end().lines().count(),
            1,
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.to_lowercase().contains(&needle.to_lowercase()),
            "{args:?}: expected '{needle}' in {}",
            r.stderr
        );
        assert_eq!(before, s.fingerprint(), "{args:?} changed the store");
    }
    // Usage errors exit 2.
    assert_eq!(s.run(&["sell"]).code, 2);
    assert_eq!(s.run(&["frobnicate"]).code, 2);
    s.ok(&["check"]);
}

#[test]
fn adjust_count_void_and_history() {
    let s = shop_with_tee(10);
    s.ok(&["sell", "TEE", "4"]);
    s.ok(&["adjust", "TEE", "-1", "--reason", "damaged"]);
    s.ok(&["count", "TEE", "4"]);
    s.ok(&["return", "TEE", "1", "--ref", "till 2"]);
    let h = s.json(&["history", "TEE", "--json"]);
    let kinds: Vec<&str> = h
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["receipt", "sale", "adjustment", "count", "return"]);
    let balances: Vec<i64> = h
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["balance"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(balances, [10, 6, 5, 4, 5]);
    for r in h.as_array().expect("array") {
        assert_eq!(r["user"], "tester");
        assert!(r["at"].as_str().unwrap_or("").ends_with('Z'));
        assert!(r["doc"].as_str().is_some());
    }
    // Void the sale: 4 come back.
    let sale_doc = h[1]["doc"].as_str().expect("doc").to_string();
    s.ok(&["void", &sale_doc, "--reason", "rung up twice"]);
    assert_eq!(s.json(&["item", "show", "TEE", "--json"])["on_hand"], 9);
    let r = s.run(&["void", &sale_doc, "--reason", "again"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already voided"), "{}", r.stderr);
    let h = s.json(&["history", "TEE", "--json"]);
    assert_eq!(h.as_array().map(Vec::len), Some(6));
    assert_eq!(h[5]["kind"], "void");
    assert_eq!(h[5]["qty"], 4);
    s.ok(&["check"]);
}

#[test]
fn scan_acknowledges_each_line() {
    let s = shop_with_tee(3);
    let r = s.run_stdin(&["scan", "sell"], b"TEE\r\n2*4006381333931\nNOPE\nTEE\n");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(
        lines[0].starts_with("ok S-") && lines[0].ends_with(" TEE 2"),
        "{}",
        lines[0]
    );
    assert!(lines[1].ends_with(" TEE 0"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("error 3 ") && lines[2].contains("unknown item"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("error 4 ") && lines[3].contains("insufficient stock"),
        "{}",
        lines[3]
    );
    assert_eq!(r.code, 1);
    let r = s.run_stdin(&["scan", "receive"], b"5*TEE\n");
    assert_eq!(r.code, 0);
    assert!(r.stdout.trim().ends_with("TEE 5"), "{}", r.stdout);
}

#[test]
fn scan_survives_nul_bytes_and_huge_lines() {
    let s = shop_with_tee(3);
    let mut input = b"TE\0E\n".to_vec();
    input.extend(std::iter::repeat_n(b'A', 1_000_000));
    input.extend_from_slice(b"\n\xff\xfe\nTEE\n");
    let before_count = s.json(&["item", "show", "TEE", "--json"])["on_hand"].clone();
    assert_eq!(before_count, 3);
    let r = s.run_stdin(&["scan", "sell"], &input);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(lines[0].contains("NUL"), "{}", lines[0]);
    assert!(lines[1].contains("longer than"), "{}", lines[1]);
    assert!(lines[2].contains("UTF-8"), "{}", lines[2]);
    assert!(lines[3].starts_with("ok "), "{}", lines[3]);
    assert_eq!(r.code, 1);
}

#[test]
fn scan_count_tallies_scans() {
    let s = shop_with_tee(10);
    let r = s.run_stdin(&["scan", "count"], b"TEE\nTEE\n3*TEE\n");
    let last = r.stdout.lines().last().unwrap_or("");
    assert!(last.ends_with("TEE 5"), "{}", r.stdout);
    assert_eq!(r.code, 0);
}

#[test]
fn check_catches_tampering() {
    let s = shop_with_tee(5);
    s.ok(&["check"]);
    let conn = rusqlite::Connection::open(&s.db).expect("open");
    // The ledger refuses edits...
    assert!(conn.execute("UPDATE movements SET qty = 50", []).is_err());
    assert!(conn.execute("DELETE FROM movements", []).is_err());
    // ...but a balance changed behind its back is caught.
    conn.execute("UPDATE stock SET on_hand = 42", [])
        .expect("tamper");
    drop(conn);
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("TEE") && r.stdout.contains("invariant 2"),
        "{}",
        r.stdout
    );
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let s = Shop::new();
    // Not SQLite at all.
    std::fs::write(&s.db, b"hello, this is a text file\n").expect("write");
    let r = s.run(&["stock"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not a stockroom store"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&s.db).expect("read"),
        b"hello, this is a text file\n"
    );
    // Some other SQLite database.
    std::fs::remove_file(&s.db).expect("rm");
    {
        let c = rusqlite::Connection::open(&s.db).expect("open");
        c.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');")
            .expect("make");
    }
    let before = std::fs::read(&s.db).expect("read");
    let r = s.run(&["stock"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not a stockroom store"), "{}", r.stderr);
    assert_eq!(before, std::fs::read(&s.db).expect("read"));
    // A stockroom file from the future.
    let s2 = shop_with_tee(1);
    {
        let c = rusqlite::Connection::open(&s2.db).expect("open");
        c.pragma_update(None, "user_version", 99).expect("bump");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("mode");
    }
    let before = std::fs::read(&s2.db).expect("read");
    let r = s2.run(&["stock"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("newer"), "{}", r.stderr);
    assert_eq!(before, std::fs::read(&s2.db).expect("read"));
}

#[test]
fn store_path_from_environment() {
    let dir = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new(common::bin())
        .arg("init")
        .env_remove("STOCKROOM_DB")
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(dir.path().join("stockroom/stockroom.db").exists());
    let db = dir.path().join("env.db");
    let out = std::process::Command::new(common::bin())
        .arg("init")
        .env("STOCKROOM_DB", &db)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(db.exists());
}

#[test]
fn demo_loads_only_into_an_empty_store() {
    let s = Shop::new();
    s.ok(&["init", "--demo"]);
    let stock = s.json(&["stock", "--json"]);
    assert!(stock.as_array().map_or(0, Vec::len) >= 24);
    assert!(stock
        .as_array()
        .expect("a")
        .iter()
        .any(|r| r["sku"] == "TEE-BLA-M"));
    s.ok(&["check"]);
    let r = s.run(&["init", "--demo"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("empty store"), "{}", r.stderr);
    let h = s.json(&["history", "TEA-EARL", "--json"]);
    let kinds: std::collections::BTreeSet<String> = h
        .as_array()
        .expect("a")
        .iter()
        .map(|r| r["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        kinds.contains("sale") && kinds.contains("receipt"),
        "{kinds:?}"
    );
}

#[test]
fn backup_is_a_checked_copy() {
    let s = shop_with_tee(5);
    let copy = s.path("copy.db");
    s.ok(&["backup", copy.to_str().expect("utf8")]);
    let out = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(&copy)
        .arg("check")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let r = s.run(&["backup", copy.to_str().expect("utf8")]);
    assert_eq!(r.code, 1, "refuses to overwrite");
}

#[test]
fn log_only_when_asked_and_never_on_the_terminal() {
    let s = shop_with_tee(5);
    let log = s.path("logs/stockroom.log");
    let out = s
        .cmd()
        .args(["sell", "TEE", "1"])
        .env("STOCKROOM_LOG", &log)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&log).expect("log written");
    assert!(
        text.contains("INFO") && text.contains("posted S-"),
        "{text}"
    );
    // Without the flag or variable, no log is made.
    let state = s.path("state");
    let out = s
        .cmd()
        .args(["sell", "TEE", "1"])
        .env_remove("STOCKROOM_LOG")
        .env("XDG_STATE_HOME", &state)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(!state.exists());
    let out = s
        .cmd()
        .args(["--log", "sell", "TEE", "1"])
        .env_remove("STOCKROOM_LOG")
        .env("XDG_STATE_HOME", &state)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(state.join("stockroom/stockroom.log").exists());
}

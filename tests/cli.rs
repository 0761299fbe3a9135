//! Every command of the command line (its arguments, output, `--json` and exit codes, as
//! the README documents them), driven through the real binary.

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
    s.ok(&["init"]);
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

/// Issue 13, finding 6: the files and folders under `dir`, sorted (to prove nothing was made).
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).expect("under").display().to_string())
        .collect();
    names.sort();
    names
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// `stockroom --db PATH ARGS` with `input` on standard input (not a terminal).
fn run_on(db: &std::path::Path, args: &[&str], input: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("USER", "tester")
        .env_remove("STOCKROOM_DB")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn stockroom");
    // A command that fails at once may have gone before it reads: a broken pipe is fine.
    let _ = child.stdin.take().expect("stdin").write_all(input);
    let o = child.wait_with_output().expect("wait");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Issue 13, finding 6: a mistyped `--db` made a new, empty store and answered from it.
/// Every command but `init` (and `demo`) on a path with no store says so, exits 1 and
/// creates nothing: no file, no -wal or -shm, no folder.
#[test]
fn a_command_on_a_path_with_no_store_creates_nothing() {
    let s = Shop::new();
    let commands: &[(&[&str], &[u8])] = &[
        (&["stock"], b""),
        (&["stock", "--json"], b""),
        (&["sell", "TEE", "1"], b""),
        (&["item", "add", "--sku", "TEE", "--name", "Tee"], b""),
        (&["history", "TEE"], b""),
        (&["check"], b""),
        (&["export", "stock"], b""),
        (&["alerts"], b""),
        (&["count", "TEE", "3"], b""),
        (&["scan", "sell"], b"TEE\n"),
        (&["scan", "count"], b"TEE\n"),
        // The TUI with no terminal to ask on: the same error.
        (&["tui"], b"y\n"),
        (&[], b"y\n"),
    ];
    for db in [s.path("nope.db"), s.path("no-such-folder/nope.db")] {
        for (args, input) in commands {
            let (code, stdout, stderr) = run_on(&db, args, input);
            assert_eq!(
                stderr,
                format!(
                    "error: no store at {} (run stockroom init to create one)\n",
                    db.display()
                ),
                "{args:?} on {}",
                db.display()
            );
            assert_eq!(code, 1, "{args:?}");
            assert_eq!(stdout, "", "{args:?}");
            assert!(
                entries(s.dir.path()).is_empty(),
                "{args:?} created {:?}",
                entries(s.dir.path())
            );
        }
    }

    // An empty file (as `touch` leaves it) is no store either, and is left as it was.
    let empty = s.path("empty.db");
    std::fs::write(&empty, b"").expect("touch");
    let (code, _, stderr) = run_on(&empty, &["stock"], b"");
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "error: no store at {} (run stockroom init to create one)\n",
            empty.display()
        )
    );
    assert_eq!(entries(s.dir.path()), ["empty.db"]);
    assert_eq!(std::fs::metadata(&empty).expect("meta").len(), 0);
    std::fs::remove_file(&empty).expect("rm");

    // The default path too ($XDG_DATA_HOME/stockroom/stockroom.db): its folder is not made.
    let data = s.path("data");
    std::fs::create_dir(&data).expect("mkdir");
    let out = std::process::Command::new(common::bin())
        .arg("stock")
        .env_remove("STOCKROOM_DB")
        .env("XDG_DATA_HOME", &data)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: no store at {} (run stockroom init to create one)\n",
            data.join("stockroom/stockroom.db").display()
        )
    );
    assert_eq!(entries(s.dir.path()), ["data"]);

    // `init` creates it, folder and all, and then the commands work.
    let db = s.path("no-such-folder/nope.db");
    let (code, stdout, stderr) = run_on(&db, &["init"], b"");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("store ready"), "{stdout}");
    assert!(db.is_file());
    let (code, stdout, stderr) = run_on(&db, &["stock", "--json"], b"");
    assert_eq!((code, stdout.trim(), stderr.as_str()), (0, "[]", ""));
}

/// Issue 13, finding 6: the TUI asks on the plain terminal before it starts, and creates
/// the store only on `y`.
#[test]
fn the_tui_asks_before_it_creates_a_store() {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let start = |db: &std::path::Path| {
        let (child, master) = common::pty::spawn(db, &[]);
        let mut reader = master.try_clone_reader().expect("reader");
        let writer = master.take_writer().expect("writer");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        (child, master, writer, seen)
    };
    let wait_for = |seen: &Arc<Mutex<Vec<u8>>>, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = String::from_utf8_lossy(&seen.lock().expect("lock")).into_owned();
            if text.contains(what) {
                return text;
            }
            assert!(Instant::now() < deadline, "no {what:?} in {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let wait_exit = |child: &mut Box<dyn portable_pty::Child + Send + Sync>| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    };

    let s = Shop::new();
    // No: the error, exit 1, nothing made.
    let (mut child, _master, mut writer, seen) = start(&s.db);
    wait_for(
        &seen,
        &format!("No store at {}. Create it? [y/N] ", s.db.display()),
    );
    writer.write_all(b"n\r").expect("answer");
    let status = wait_exit(&mut child);
    assert_eq!(status.exit_code(), 1);
    wait_for(
        &seen,
        &format!(
            "error: no store at {} (run stockroom init to create one)",
            s.db.display()
        ),
    );
    assert!(
        entries(s.dir.path()).is_empty(),
        "{:?}",
        entries(s.dir.path())
    );

    // Yes: the store is made and the TUI opens on it.
    let (mut child, _master, mut writer, seen) = start(&s.db);
    wait_for(&seen, "Create it? [y/N] ");
    writer.write_all(b"y\r").expect("answer");
    // The TUI is up once it has taken the alternate screen.
    wait_for(&seen, "\x1b[?1049h");
    writer.write_all(b"\x03").expect("ctrl-c");
    let status = wait_exit(&mut child);
    assert!(status.success(), "{status:?}");
    assert!(s.db.is_file());
    s.ok(&["check"]);
}

/// Issue 13, finding 7: `scan count` posted a count from each line's partial tally, so one
/// scan of an item on a shelf set its stock to 1. A run is one count: every line adds to its
/// item's tally, and one count document is posted when the input ends.
#[test]
fn scan_count_posts_one_count_of_the_whole_run() {
    let s = shop_with_tee(13);
    s.ok(&[
        "item", "add", "--sku", "MUG", "--name", "Mug", "--cost", "2.00",
    ]);
    s.ok(&["receive", "MUG", "7", "--cost", "2.00"]);
    let mug_before = s.ok(&["history", "MUG", "--json"]);

    // Three scans of TEE (one by its barcode), a bad line, then two more at once.
    let r = s.run_stdin(
        &["scan", "count"],
        b"TEE\nTEE\nNOPE-404\n4006381333931\n2*TEE\n",
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", r.stdout);
    assert_eq!(lines[0], "ok - TEE 1");
    assert_eq!(lines[1], "ok - TEE 2");
    assert!(
        lines[2].starts_with("error 3 ") && lines[2].contains("unknown item"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "ok - TEE 3");
    assert_eq!(lines[4], "ok - TEE 5");
    let posted: Vec<&str> = lines[5].split(' ').collect();
    assert_eq!(posted.len(), 4, "{}", lines[5]);
    assert_eq!(posted[0], "ok");
    assert!(posted[1].starts_with("C-"), "{}", lines[5]);
    assert_eq!(&posted[2..], ["TEE", "5"]);
    // The bad line fails the run, and says the rest was counted.
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: scan: line 3 failed") && r.stderr.contains("unknown item"),
        "{}",
        r.stderr
    );

    // One count document set TEE to 5; MUG, not scanned, is untouched.
    let history = s.json(&["history", "TEE", "--json"]);
    let rows = history.as_array().expect("array");
    let counts: Vec<&serde_json::Value> = rows.iter().filter(|h| h["kind"] == "count").collect();
    assert_eq!(counts.len(), 1, "{history}");
    assert_eq!(counts[0]["doc"], posted[1]);
    assert_eq!(counts[0]["qty"], -8);
    assert_eq!(counts[0]["balance"], 5);
    assert_eq!(s.json(&["item", "show", "TEE", "--json"])["on_hand"], 5);
    assert_eq!(s.ok(&["history", "MUG", "--json"]), mug_before);
    assert_eq!(s.json(&["item", "show", "MUG", "--json"])["on_hand"], 7);

    // Two items in one run: one document with a line each, in the order first scanned.
    let r = s.run_stdin(&["scan", "count"], b"MUG\nTEE\n3*MUG\n");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[..3], ["ok - MUG 1", "ok - TEE 1", "ok - MUG 4"]);
    let doc = lines[3].split(' ').nth(1).expect("doc");
    assert_eq!(
        lines[3..],
        [format!("ok {doc} MUG 4"), format!("ok {doc} TEE 1")]
    );
    s.ok(&["check"]);

    // Nothing but bad lines: nothing is posted at all.
    let before = s.fingerprint();
    let r = s.run_stdin(&["scan", "count"], b"NOPE-404\n0*TEE\n");
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    assert_eq!(before, s.fingerprint());
}

/// Issue 13, finding 7: when the count cannot be posted at the end, the run says so on its
/// own line, exits 1, and nothing is posted (not even the lines that were fine).
#[test]
fn scan_count_that_cannot_post_posts_nothing() {
    use std::io::{BufRead, BufReader, Write};
    let s = shop_with_tee(13);
    let mut child = s
        .cmd()
        .args(["scan", "count"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    stdin.write_all(b"3*TEE\n").expect("write");
    stdin.flush().expect("flush");
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read");
    assert_eq!(first, "ok - TEE 3\n");
    // While the run is open, the store starts refusing new documents.
    let conn = rusqlite::Connection::open(&s.db).expect("open");
    conn.execute_batch(
        "CREATE TRIGGER refuse_documents BEFORE INSERT ON documents
         BEGIN SELECT RAISE(ABORT, 'the store refuses documents today'); END;",
    )
    .expect("trigger");
    let before = s.fingerprint();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        rest.starts_with("error - nothing posted: ") && rest.contains("refuses documents"),
        "{rest}"
    );
    assert_eq!(rest.lines().count(), 1, "{rest}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: scan count: nothing posted") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(before, s.fingerprint());
}

// ----- issue 15, point 2: cleaning up mistakes -----

/// `item edit --remove-barcode` takes a barcode off (repeatable), and the code no longer
/// finds the item.
#[test]
fn item_edit_removes_barcodes() {
    let s = shop_with_tee(5);
    s.ok(&[
        "item",
        "edit",
        "TEE",
        "--barcode",
        "5901234123457",
        "--barcode",
        "TEE-LABEL-1",
    ]);
    assert_eq!(
        s.json(&["item", "show", "TEE", "--json"])["barcodes"],
        serde_json::json!(["4006381333931", "5901234123457", "TEE-LABEL-1"])
    );
    let out = s.ok(&[
        "item",
        "edit",
        "TEE",
        "--remove-barcode",
        "5901234123457",
        "--remove-barcode",
        "TEE-LABEL-1",
        "--price",
        "21.00",
    ]);
    assert!(out.contains("updated TEE"), "{out}");
    let shown = s.json(&["item", "show", "TEE", "--json"]);
    assert_eq!(shown["barcodes"], serde_json::json!(["4006381333931"]));
    assert_eq!(shown["price"], "21.00");
    let r = s.run(&["sell", "5901234123457", "1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown item"), "{}", r.stderr);
    // A UPC-A form of the remaining EAN-13 removes it too.
    s.ok(&["item", "edit", "TEE", "--remove-barcode", "4006381333931"]);
    assert_eq!(
        s.json(&["item", "show", "TEE", "--json"])["barcodes"],
        serde_json::json!([])
    );
    s.ok(&["sell", "TEE", "1"]);
}

/// An inactive item is left out of `stock`, `stock --json`, `alerts` and `order draft`, and
/// every scan or posting of it by code is refused naming it; its history and `item show`
/// stay. `--active` brings it all back.
#[test]
fn inactive_items_leave_lists_alerts_and_scans_and_keep_their_history() {
    let s = shop_with_tee(5);
    s.ok(&["supplier", "add", "Fieldhouse"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "TEE-RED-S",
        "--name",
        "Classic Tee - S / Red",
        "--barcode",
        "5901234123457",
        "--reorder-point",
        "10",
        "--reorder-qty",
        "12",
        "--supplier",
        "Fieldhouse",
    ]);
    s.ok(&["receive", "TEE-RED-S", "2", "--cost", "3.00"]);
    let skus = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|r| r["sku"].as_str().expect("sku").to_string())
            .collect()
    };
    assert_eq!(skus(&s.json(&["stock", "--json"])), ["TEE", "TEE-RED-S"]);
    assert_eq!(skus(&s.json(&["alerts", "--json"])), ["TEE-RED-S"]);

    let out = s.ok(&["item", "edit", "TEE-RED-S", "--inactive"]);
    assert!(out.contains("inactive"), "{out}");
    assert_eq!(skus(&s.json(&["stock", "--json"])), ["TEE"]);
    assert!(!s.ok(&["stock"]).contains("TEE-RED-S"));
    assert!(!s.ok(&["stock", "--low"]).contains("TEE-RED-S"));
    assert_eq!(skus(&s.json(&["alerts", "--json"])), Vec::<String>::new());
    assert!(!s.ok(&["alerts"]).contains("TEE-RED-S"));
    let draft = s.ok(&["order", "draft"]);
    assert!(draft.contains("nothing to order"), "{draft}");
    // The stock list's total with no search (the TUI's) leaves it out too.
    let store = stockroom::store::Store::open_existing(&s.db).expect("open");
    assert_eq!(store.item_count().expect("count"), 1);
    drop(store);

    let message = "'TEE-RED-S' (Classic Tee - S / Red) is inactive (item edit TEE-RED-S --active)";
    for args in [
        &["sell", "TEE-RED-S", "1"][..],
        &["sell", "5901234123457", "1"],
        &["receive", "tee-red-s", "1"],
        &["return", "TEE-RED-S", "1"],
        &["adjust", "TEE-RED-S", "-1", "--reason", "lost"],
        &["count", "5901234123457", "0"],
    ] {
        let before = s.fingerprint();
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr.trim_end(), format!("error: {message}"), "{args:?}");
        assert_eq!(before, s.fingerprint(), "{args:?} changed the store");
    }
    for mode in ["sell", "receive", "count"] {
        let before = s.fingerprint();
        let r = s.run_stdin(&["scan", mode], b"TEE-RED-S\n2*5901234123457\nTEE\n");
        assert_eq!(r.code, 1, "scan {mode}");
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(lines[0], format!("error 1 {message}"), "scan {mode}");
        assert_eq!(lines[1], format!("error 2 {message}"), "scan {mode}");
        assert!(lines[2].starts_with("ok "), "scan {mode}: {}", r.stdout);
        if mode == "count" {
            // The good line is counted; the inactive item is left as it was.
            assert_eq!(
                s.json(&["item", "show", "TEE-RED-S", "--json"])["on_hand"],
                2
            );
        } else {
            assert_ne!(before, s.fingerprint());
        }
    }

    // Its history and record stay.
    let shown = s.json(&["item", "show", "TEE-RED-S", "--json"]);
    assert_eq!(shown["active"], false);
    assert_eq!(shown["on_hand"], 2);
    assert!(s
        .ok(&["item", "show", "5901234123457"])
        .contains("inactive"));
    let history = s.json(&["history", "TEE-RED-S", "--json"]);
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    assert!(s.ok(&["history", "5901234123457"]).contains("receipt"));
    assert_eq!(s.json(&["item", "show", "TEE", "--json"])["active"], true);
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    // Active again: back in the lists, alerts and scans.
    s.ok(&["item", "edit", "5901234123457", "--active"]);
    assert_eq!(skus(&s.json(&["stock", "--json"])), ["TEE", "TEE-RED-S"]);
    // (The scan count above set TEE to 1: it is low too.)
    assert_eq!(skus(&s.json(&["alerts", "--json"])), ["TEE", "TEE-RED-S"]);
    assert_eq!(
        s.json(&["item", "show", "TEE-RED-S", "--json"])["active"],
        true
    );
    s.ok(&["sell", "5901234123457", "1"]);
    s.ok(&["order", "draft"]);
    let orders = s.json(&["order", "list", "--json"]);
    let fieldhouse = orders
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["supplier"] == "Fieldhouse")
        .expect("an order for Fieldhouse");
    assert_eq!(fieldhouse["lines"][0]["sku"], "TEE-RED-S");
}

/// `supplier rename` renames; `supplier merge` moves the items and purchase orders of one
/// supplier to another and removes it.
#[test]
fn suppliers_are_renamed_and_merged() {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&["supplier", "add", "Acme", "--contact", "orders@acme.test"]);
    s.ok(&["supplier", "add", "ACME Ltd", "--lead-time", "5"]);
    for (sku, supplier) in [("A-1", "Acme"), ("B-1", "acme ltd"), ("B-2", "ACME LTD")] {
        s.ok(&[
            "item",
            "add",
            "--sku",
            sku,
            "--name",
            sku,
            "--reorder-point",
            "4",
            "--reorder-qty",
            "10",
            "--supplier",
            supplier,
        ]);
    }
    let drafted = s.ok(&["order", "draft"]);
    assert_eq!(drafted.lines().count(), 2, "{drafted}");
    let suppliers_of_orders = |s: &Shop| -> Vec<String> {
        let mut v: Vec<String> = s
            .json(&["order", "list", "--json"])
            .as_array()
            .expect("orders")
            .iter()
            .map(|o| o["supplier"].as_str().expect("supplier").to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(suppliers_of_orders(&s), ["ACME Ltd", "Acme"]);

    let out = s.ok(&["supplier", "merge", "acme ltd", "Acme"]);
    assert!(
        out.contains("merged into Acme: 2 items and 1 purchase order moved"),
        "{out}"
    );
    let list = s.json(&["supplier", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["name"], "Acme");
    assert_eq!(list[0]["contact"], "orders@acme.test");
    // Acme had no lead time: it takes the merged supplier's.
    assert_eq!(list[0]["lead_time_days"], 5);
    for sku in ["A-1", "B-1", "B-2"] {
        assert_eq!(s.json(&["item", "show", sku, "--json"])["supplier"], "Acme");
    }
    assert_eq!(suppliers_of_orders(&s), ["Acme", "Acme"]);

    s.ok(&["supplier", "rename", "acme", "Acme Trading"]);
    assert_eq!(
        s.json(&["item", "show", "B-2", "--json"])["supplier"],
        "Acme Trading"
    );
    assert_eq!(suppliers_of_orders(&s), ["Acme Trading", "Acme Trading"]);
    // Search finds the items by the supplier's new name at once.
    let store = stockroom::store::Store::open_existing(&s.db).expect("open");
    let found = store
        .stock_page(&stockroom::store::StockQuery {
            search: "trading".into(),
            ..Default::default()
        })
        .expect("search");
    assert_eq!(found.len(), 3);
    drop(store);
    // A change of case is a rename too.
    s.ok(&["supplier", "rename", "Acme Trading", "ACME TRADING"]);
    assert_eq!(
        s.json(&["supplier", "list", "--json"])[0]["name"],
        "ACME TRADING"
    );
    // Items now name the supplier as it is spelled: an existing one, in any case.
    s.ok(&[
        "item",
        "edit",
        "A-1",
        "--supplier",
        "acme trading",
        "--price",
        "2.00",
    ]);
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// On the command line a `--supplier` no supplier has is refused (a typo must not make a
/// second supplier) unless `--new-supplier` says to create it.
#[test]
fn item_supplier_must_exist_unless_new_supplier() {
    let s = shop_with_tee(0);
    let r = s.run(&[
        "item",
        "add",
        "--sku",
        "MUG",
        "--name",
        "Mug",
        "--supplier",
        "Fieldhose",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "error: no supplier 'Fieldhose' (supplier add Fieldhose first, or --new-supplier)"
    );
    let r = s.run(&["item", "edit", "TEE", "--supplier", "Field House"]);
    assert_eq!(
        r.stderr.trim_end(),
        "error: no supplier 'Field House' (supplier add 'Field House' first, or --new-supplier)"
    );
    assert!(s.ok(&["supplier", "list"]).lines().count() == 1);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "MUG",
        "--name",
        "Mug",
        "--supplier",
        "Fieldhouse",
        "--new-supplier",
    ]);
    s.ok(&["item", "edit", "TEE", "--supplier", "FIELDHOUSE"]);
    assert_eq!(
        s.json(&["item", "show", "TEE", "--json"])["supplier"],
        "Fieldhouse"
    );
    s.ok(&[
        "item",
        "edit",
        "TEE",
        "--supplier",
        "Other",
        "--new-supplier",
    ]);
    assert_eq!(
        s.json(&["item", "show", "TEE", "--json"])["supplier"],
        "Other"
    );
    // An empty name clears the item's supplier.
    s.ok(&["item", "edit", "TEE", "--supplier", ""]);
    assert_eq!(
        s.json(&["item", "show", "TEE", "--json"])["supplier"],
        serde_json::Value::Null
    );
    assert_eq!(
        s.json(&["supplier", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

// ----- issue 15, point 8: every flag described -----

/// Every command's `--help` describes each of its arguments and flags: no bare
/// `--sku <SKU>`.
#[test]
fn help_describes_every_argument_and_flag() {
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = std::process::Command::new(common::bin())
            .args(&args)
            .output()
            .expect("run --help");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        seen += 1;
        let lines: Vec<&str> = text.lines().collect();
        let mut section = "";
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with(' ') && line.ends_with(':') {
                section = line;
                continue;
            }
            let entry = line.trim_start();
            let indent = line.len() - entry.len();
            if line.is_empty() || indent > 6 {
                continue;
            }
            match section {
                "Commands:" => {
                    let name = entry.split_whitespace().next().unwrap_or_default();
                    if name != "help" {
                        let mut sub = path.clone();
                        sub.push(name.to_string());
                        todo.push(sub);
                    }
                }
                "Arguments:" | "Options:" => {}
                _ => continue,
            }
            // The description follows on the line (two spaces on) or on the next, indented.
            let on_line = entry
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            let below = lines
                .get(i + 1)
                .is_some_and(|n| !n.trim().is_empty() && n.len() - n.trim_start().len() > indent);
            assert!(
                on_line || below,
                "stockroom {}: '{entry}' has no description\n{text}",
                path.join(" ")
            );
        }
    }
    assert!(seen > 25, "only {seen} help pages");
}

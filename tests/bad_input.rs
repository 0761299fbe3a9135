//! Issue 2, "Bad input": every command, through the real binary, refuses each kind of bad
//! input with exactly one `error:` line on stderr that names the problem, exits 1, and leaves
//! the store as it was (every table compared, and `export movements` + `stock --json`).

mod common;

use common::{shop_with_tee, Shop};

/// What a refused command must leave behind: every row of every table, plus what the
/// user would see of it.
fn snapshot(s: &Shop) -> (String, String, String) {
    (
        s.fingerprint(),
        s.ok(&["export", "movements"]),
        s.ok(&["stock", "--json"]),
    )
}

/// Run `args` (with `stdin`), and assert: exit 1, one `error:` line on stderr that contains
/// `needle` (case-insensitive), and the store unchanged.
fn refused(s: &Shop, args: &[&str], stdin: Option<&[u8]>, needle: &str) {
    let before = snapshot(s);
    let r = match stdin {
        Some(input) => s.run_stdin(args, input),
        None => s.run(args),
    };
    let shown: String = r.stderr.chars().take(600).collect();
    assert_eq!(r.code, 1, "{args:?} should fail with 1: {shown}");
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "{args:?}: one error: line expected in {shown}"
    );
    assert!(
        errors[0].to_lowercase().contains(&needle.to_lowercase()),
        "{args:?}: expected '{needle}' in {}",
        errors[0]
    );
    assert!(!r.stderr.contains("panicked"), "{args:?} panicked: {shown}");
    assert_eq!(before, snapshot(s), "{args:?} changed the store");
}

const I64_OVERFLOW: &str = "9223372036854775808";
const HUGE: &str = "99999999999999999999999999";

#[test]
fn unknown_items_on_every_command_that_takes_a_code() {
    let s = shop_with_tee(5);
    for args in [
        &["receive", "NOPE", "1"][..],
        &["sell", "NOPE", "1"],
        &["return", "NOPE", "1"],
        &["adjust", "NOPE", "1", "--reason", "found"],
        &["count", "NOPE", "3"],
        &["history", "NOPE"],
        &["item", "show", "NOPE"],
        &["item", "edit", "NOPE", "--price", "1.00"],
        // A well-formed GTIN nobody has.
        &["sell", "5901234123457", "1"],
    ] {
        refused(&s, args, None, "unknown item");
    }
}

#[test]
fn quantities_zero_negative_non_numeric_and_overflowing() {
    let s = shop_with_tee(5);
    for cmd in ["receive", "sell", "return"] {
        refused(&s, &[cmd, "TEE", "0"], None, "above zero");
        refused(&s, &[cmd, "TEE", "-1"], None, "above zero");
        refused(&s, &[cmd, "TEE", "abc"], None, "not a whole number");
        refused(&s, &[cmd, "TEE", "1.5"], None, "not a whole number");
        refused(&s, &[cmd, "TEE", "1e3"], None, "not a whole number");
        refused(&s, &[cmd, "TEE", ""], None, "empty");
        refused(&s, &[cmd, "TEE", I64_OVERFLOW], None, "too large");
        refused(&s, &[cmd, "TEE", HUGE], None, "too large");
        refused(&s, &[cmd, "TEE", "-9223372036854775809"], None, "too large");
    }
    refused(
        &s,
        &["adjust", "TEE", "0", "--reason", "x"],
        None,
        "changes nothing",
    );
    refused(
        &s,
        &["adjust", "TEE", "abc", "--reason", "x"],
        None,
        "not a whole number",
    );
    refused(
        &s,
        &["adjust", "TEE", I64_OVERFLOW, "--reason", "x"],
        None,
        "too large",
    );
    refused(
        &s,
        &["adjust", "TEE", "-9", "--reason", "lost"],
        None,
        "insufficient stock",
    );
    refused(&s, &["count", "TEE", "-1"], None, "negative");
    refused(&s, &["count", "TEE", "many"], None, "not a whole number");
    refused(&s, &["count", "TEE", I64_OVERFLOW], None, "too large");
    refused(&s, &["sell", "TEE", "6"], None, "insufficient stock");
    // Item numbers: reorder point, reorder quantity, lead time, pack.
    for flag in ["--reorder-point", "--reorder-qty", "--lead-time", "--pack"] {
        refused(
            &s,
            &["item", "edit", "TEE", flag, "-1"],
            None,
            flag.trim_start_matches("--")
                .split('-')
                .next()
                .unwrap_or(""),
        );
        refused(&s, &["item", "edit", "TEE", flag, "lots"], None, "lots");
        refused(
            &s,
            &["item", "edit", "TEE", flag, I64_OVERFLOW],
            None,
            I64_OVERFLOW,
        );
        refused(
            &s,
            &["item", "add", "--sku", "NEW", "--name", "New", flag, "x1"],
            None,
            "x1",
        );
    }
}

#[test]
fn money_with_too_many_decimals_or_none_at_all() {
    let s = shop_with_tee(5);
    refused(
        &s,
        &["receive", "TEE", "1", "--cost", "1.234"],
        None,
        "decimal",
    );
    refused(
        &s,
        &["sell", "TEE", "1", "--price", "19.999"],
        None,
        "decimal",
    );
    refused(
        &s,
        &["receive", "TEE", "1", "--cost", "-1.00"],
        None,
        "negative",
    );
    refused(&s, &["receive", "TEE", "1", "--cost", "ten"], None, "ten");
    refused(&s, &["receive", "TEE", "1", "--cost", HUGE], None, "large");
    refused(
        &s,
        &["item", "edit", "TEE", "--price", "0.001"],
        None,
        "decimal",
    );
    refused(&s, &["item", "edit", "TEE", "--cost", "1,5"], None, "1,5");
    refused(
        &s,
        &[
            "item", "add", "--sku", "NEW", "--name", "New", "--price", "2.345",
        ],
        None,
        "decimal",
    );
    refused(
        &s,
        &[
            "item",
            "add",
            "--sku",
            "NEW",
            "--name",
            "New",
            "--price",
            "92233720368547758.08",
        ],
        None,
        "large",
    );
}

#[test]
fn empty_names_skus_reasons_and_codes() {
    let s = shop_with_tee(5);
    refused(
        &s,
        &["item", "add", "--sku", "NEW", "--name", ""],
        None,
        "name",
    );
    refused(
        &s,
        &["item", "add", "--sku", "NEW", "--name", " \t "],
        None,
        "name",
    );
    refused(
        &s,
        &["item", "add", "--sku", "", "--name", "New"],
        None,
        "sku",
    );
    refused(&s, &["item", "add", "--name", "New"], None, "sku");
    refused(&s, &["item", "edit", "TEE", "--name", ""], None, "name");
    refused(&s, &["item", "edit", "TEE", "--sku", " "], None, "sku");
    refused(&s, &["adjust", "TEE", "1", "--reason", ""], None, "reason");
    refused(&s, &["void", "R-1", "--reason", " "], None, "reason");
    refused(&s, &["sell", "", "1"], None, "code");
    refused(
        &s,
        &["item", "add", "--sku", "NUL\u{1}X", "--name", "N"],
        None,
        "sku",
    );
}

#[test]
fn scan_refuses_a_megabyte_line_and_nul_bytes() {
    let s = shop_with_tee(5);
    let mut huge = vec![b'7'; 1 << 20];
    huge.push(b'\n');
    refused(&s, &["scan", "sell"], Some(&huge), "longer than");
    // No newline at the end: the same.
    refused(
        &s,
        &["scan", "receive"],
        Some(&huge[..huge.len() - 1]),
        "longer than",
    );
    refused(&s, &["scan", "sell"], Some(b"TEE\0\n"), "NUL");
    refused(&s, &["scan", "count"], Some(b"\0\0\0\n"), "NUL");
    refused(&s, &["scan", "sell"], Some(b"\xff\xfeT\0E\0E\0\n"), "UTF-8");
    refused(&s, &["scan", "sell"], Some(b"0*TEE\n"), "above zero");
    refused(
        &s,
        &["scan", "sell"],
        Some(b"99999999999999999999*TEE\n"),
        "too large",
    );
    refused(&s, &["scan", "sell"], Some(b"NOPE\n"), "unknown item");
    // Good lines around a bad one still post, and the error line names the bad one.
    let r = s.run_stdin(&["scan", "sell"], b"TEE\nTE\0E\nTEE\n");
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: scan: line 2 failed") && r.stderr.contains("NUL"),
        "{}",
        r.stderr
    );
    assert_eq!(s.json(&["item", "show", "TEE", "--json"])["on_hand"], 3);
    s.ok(&["check"]);
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn csv_files_in_other_encodings_and_other_junk() {
    let s = shop_with_tee(5);
    let text = "sku,name,on_hand\nCAF-1,Café crème,4\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf16le.csv", utf16le(text), "UTF-16"),
        (
            "utf16be.csv",
            {
                let mut b = vec![0xFE, 0xFF];
                for u in text.encode_utf16() {
                    b.extend_from_slice(&u.to_be_bytes());
                }
                b
            },
            "UTF-16",
        ),
        // UTF-16 without its byte-order mark: NULs everywhere.
        (
            "utf16nobom.csv",
            utf16le(text)[2..].to_vec(),
            "NUL byte (line 1)",
        ),
        (
            "latin1.csv",
            b"sku,name,on_hand\nCAF-1,Caf\xe9 cr\xe8me,4\n".to_vec(),
            "line 2",
        ),
        (
            "cp1252.csv",
            b"sku,name,price\nMUG,\x93Big\x94 mug,3.00\n".to_vec(),
            "UTF-8",
        ),
        ("empty.csv", Vec::new(), "empty"),
        ("bom_only.csv", b"\xEF\xBB\xBF\n\n".to_vec(), "empty"),
        (
            "binary.csv",
            (0u8..=255).cycle().take(4096).collect(),
            "UTF",
        ),
        ("semicolons.csv", b"sku;name\nA;B\n".to_vec(), "';'"),
        (
            "noheader.csv",
            b"code,qty\nA,1\n".to_vec(),
            "cannot tell the format",
        ),
        (
            "unclosed.csv",
            b"sku,name\nA,\"never closed\nB,C\n".to_vec(),
            "line 2: a quoted cell",
        ),
        (
            "nul.csv",
            b"sku,name\nA\0,B\n".to_vec(),
            "NUL byte (line 2)",
        ),
    ];
    for (name, bytes, needle) in cases {
        let p = s.path(name);
        std::fs::write(&p, &bytes).expect("write");
        let path = p.to_str().expect("utf8");
        refused(&s, &["import", path], None, needle);
        refused(&s, &["import", path, "--dry-run"], None, needle);
    }
    refused(&s, &["import", "/nonexistent/x.csv"], None, "cannot read");
    refused(
        &s,
        &["import", s.path("").to_str().expect("utf8")],
        None,
        "cannot read",
    );
    let good = s.path("good.csv");
    std::fs::write(&good, "sku,name\nA,B\n").expect("write");
    refused(
        &s,
        &[
            "import",
            good.to_str().expect("utf8"),
            "--format",
            "magento",
        ],
        None,
        "unknown format",
    );
}

#[test]
fn bad_rows_in_an_import_each_get_a_line_and_nothing_is_imported() {
    let s = shop_with_tee(5);
    let f = s.path("rows.csv");
    std::fs::write(
        &f,
        "sku,name,price,cost,on_hand,reorder_point\n\
         OK-1,Fine,1.00,0.50,1,2\n\
         Z-1,,1.00,,1,\n\
         Z-2,Price,1.001,,1,\n\
         Z-3,Stock,1.00,,-4,\n\
         Z-4,Stock,1.00,,9223372036854775808,\n\
         Z-5,Point,1.00,,1,abc\n",
    )
    .expect("write");
    let before = snapshot(&s);
    let r = s.run(&["import", f.to_str().expect("utf8")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for needle in [
        "line 3, column name",
        "line 4, column price: '1.001'",
        "line 5, column on_hand: a count cannot be negative, got '-4'",
        "line 6, column on_hand: '9223372036854775808' is too large",
        "line 7, column reorder_point: 'abc'",
    ] {
        assert!(
            r.stderr.contains(needle),
            "missing '{needle}' in {}",
            r.stderr
        );
    }
    assert_eq!(
        r.stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{}",
        r.stderr
    );
    assert_eq!(before, snapshot(&s));
}

/// Issue 15: cleaning up mistakes refuses what it cannot do, naming it, and changes
/// nothing: a barcode the item does not have, an unknown or clashing supplier, a supplier
/// name that is a typo, a scan of an inactive item.
#[test]
fn cleaning_up_mistakes_refuses_bad_input_and_changes_nothing() {
    let s = shop_with_tee(5);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "MUG",
        "--name",
        "Mug",
        "--barcode",
        "5901234123457",
    ]);
    s.ok(&["supplier", "add", "Acme"]);
    s.ok(&["supplier", "add", "Bolt"]);
    // Barcodes: not on the item (on another, on none), malformed, or added and removed.
    refused(
        &s,
        &["item", "edit", "TEE", "--remove-barcode", "5901234123457"],
        None,
        "barcode '5901234123457' is not on 'TEE' (it belongs to 'MUG')",
    );
    refused(
        &s,
        &["item", "edit", "TEE", "--remove-barcode", "NO-SUCH-CODE"],
        None,
        "barcode 'NO-SUCH-CODE' is not on 'TEE'",
    );
    refused(
        &s,
        &["item", "edit", "TEE", "--remove-barcode", "4006381333932"],
        None,
        "check digit",
    );
    refused(
        &s,
        &["item", "edit", "TEE", "--remove-barcode", ""],
        None,
        "barcode",
    );
    // The good removal and the other changes given with a bad one are not made either.
    refused(
        &s,
        &[
            "item",
            "edit",
            "TEE",
            "--price",
            "99.00",
            "--remove-barcode",
            "4006381333931",
            "--remove-barcode",
            "5901234123457",
        ],
        None,
        "is not on 'TEE'",
    );
    refused(
        &s,
        &[
            "item",
            "edit",
            "TEE",
            "--barcode",
            "4006381333931",
            "--remove-barcode",
            "4006381333931",
        ],
        None,
        "both added and removed",
    );
    refused(
        &s,
        &["item", "edit", "NOPE", "--remove-barcode", "4006381333931"],
        None,
        "unknown item 'NOPE'",
    );
    // A supplier nobody has, on item add and edit.
    refused(
        &s,
        &[
            "item",
            "add",
            "--sku",
            "PEN",
            "--name",
            "Pen",
            "--supplier",
            "Acne",
        ],
        None,
        "no supplier 'Acne' (supplier add Acne first, or --new-supplier)",
    );
    refused(
        &s,
        &[
            "item",
            "edit",
            "TEE",
            "--price",
            "1.00",
            "--supplier",
            "Acne",
        ],
        None,
        "no supplier 'Acne'",
    );
    // Renames and merges.
    refused(
        &s,
        &["supplier", "rename", "Acme", "bolt"],
        None,
        "supplier 'Bolt' already exists: to move 'Acme''s items and orders to it, use supplier merge",
    );
    refused(
        &s,
        &["supplier", "rename", "Nobody", "X"],
        None,
        "no supplier 'Nobody'",
    );
    refused(
        &s,
        &["supplier", "rename", "Acme", "  "],
        None,
        "new supplier name is empty",
    );
    refused(
        &s,
        &["supplier", "rename", "Acme", "Acme"],
        None,
        "nothing to change",
    );
    refused(
        &s,
        &["supplier", "merge", "Acme", "Nobody"],
        None,
        "no supplier 'Nobody'",
    );
    refused(
        &s,
        &["supplier", "merge", "Nobody", "Acme"],
        None,
        "no supplier 'Nobody'",
    );
    refused(
        &s,
        &["supplier", "merge", "Acme", "ACME"],
        None,
        "into itself",
    );
    // An inactive item: every posting and scan by code is refused, naming it.
    s.ok(&["item", "edit", "TEE", "--inactive"]);
    let inactive = "'TEE' (Classic Tee) is inactive (item edit TEE --active)";
    for args in [
        &["sell", "TEE", "1"][..],
        &["receive", "4006381333931", "1"],
        &["return", "TEE", "1"],
        &["adjust", "TEE", "1", "--reason", "found"],
        &["count", "TEE", "3"],
    ] {
        refused(&s, args, None, inactive);
    }
    refused(&s, &["scan", "sell"], Some(b"TEE\n"), "line 1 failed");
    refused(&s, &["scan", "count"], Some(b"TEE\n"), "is inactive");
    // Nothing to change is said so.
    refused(&s, &["item", "edit", "TEE"], None, "nothing to change");
    // --active and --inactive together are a usage error (exit 2), and change nothing.
    let before = snapshot(&s);
    let r = s.run(&["item", "edit", "TEE", "--active", "--inactive"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    let r = s.run(&["item", "add", "--sku", "X", "--name", "X", "--new-supplier"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(before, snapshot(&s));
}

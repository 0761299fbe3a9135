//! Several OS processes on one file, and `kill -9` at random moments.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use common::shop_with_tee;

/// Four `scan sell` processes race for the last 100 units: exactly 100 are sold, the rest
/// are refused as insufficient stock, and nobody sees "locked" or "busy".
#[test]
fn processes_racing_for_the_last_units_never_oversell() {
    let s = shop_with_tee(100);
    let per_process = 50;
    let input: Vec<u8> = "TEE\n".repeat(per_process).into_bytes();
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut c = s
                .cmd()
                .args(["scan", "sell"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            let mut stdin = c.stdin.take().expect("stdin");
            let data = input.clone();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&data);
            });
            c
        })
        .collect();
    let mut ok = 0;
    let mut refused = 0;
    for c in children {
        let out = c.wait_with_output().expect("wait");
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            assert!(!line.contains("locked") && !line.contains("busy"), "{line}");
            if line.starts_with("ok ") {
                ok += 1;
            } else if line.contains("insufficient stock") {
                refused += 1;
            } else {
                panic!("unexpected line: {line}");
            }
        }
    }
    assert_eq!(ok, 100);
    assert_eq!(refused, 100);
    assert_eq!(s.json(&["item", "show", "TEE", "--json"])["on_hand"], 0);
    s.ok(&["check"]);
}

/// `kill -9` a scan stream at varying moments: every acknowledged line is in the ledger
/// and `check` passes.
#[test]
fn kill_9_loses_no_acknowledged_posting() {
    let s = shop_with_tee(0);
    let mut acked: Vec<String> = Vec::new();
    // A fixed spread of kill points stands in for randomness, so the test is repeatable.
    for (round, kill_after) in [0usize, 1, 3, 7, 12, 20, 33, 50].into_iter().enumerate() {
        let mut child = s
            .cmd()
            .args(["scan", "receive"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            for _ in 0..200 {
                if stdin.write_all(b"TEE\n").is_err() {
                    break;
                }
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut seen = 0;
        while seen < kill_after {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if let Some(doc) = line
                .strip_prefix("ok ")
                .and_then(|r| r.split_whitespace().next())
            {
                acked.push(doc.to_string());
            }
            seen += 1;
        }
        child.kill().expect("kill -9");
        // Lines that were already acknowledged before the kill landed count too.
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut reader, &mut rest);
        for l in rest.lines() {
            if let Some(doc) = l
                .strip_prefix("ok ")
                .and_then(|r| r.split_whitespace().next())
            {
                acked.push(doc.to_string());
            }
        }
        let _ = child.wait();
        let _ = writer.join();
        let history = s.json(&["history", "TEE", "--json"]);
        let docs: std::collections::HashSet<String> = history
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|r| r["doc"].as_str().map(str::to_string))
            .collect();
        for d in &acked {
            assert!(
                docs.contains(d),
                "round {round}: acknowledged {d} is missing"
            );
        }
        s.ok(&["check"]);
    }
    assert!(acked.len() >= 100, "only {} acknowledgements", acked.len());
}

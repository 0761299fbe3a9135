//! Shared helpers for the integration tests: run the real binary on a temp store.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Shop {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stockroom")
}

impl Shop {
    pub fn new() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("shop.db");
        Shop { dir, db }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.arg("--db").arg(&self.db);
        c.env("USER", "tester");
        c.env_remove("STOCKROOM_DB");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().expect("run stockroom"))
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "stockroom {args:?} failed: {}{}",
            r.stdout, r.stderr
        );
        r.stdout
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn stockroom");
        {
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(input).expect("write stdin");
        }
        Run::from(child.wait_with_output().expect("wait"))
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?} gave bad JSON ({e}): {out}"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Everything the store holds, as text: to prove a refused command changed nothing.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.db)
    }
}

pub fn fingerprint(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for fingerprint");
    let mut out = String::new();
    let tables: Vec<String> = {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .expect("tables");
        let rows = st.query_map([], |r| r.get(0)).expect("q");
        rows.map(|r| r.expect("row")).collect()
    };
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let n = st.column_count();
        let mut rows = st.query([]).expect("rows");
        while let Some(r) = rows.next().expect("next") {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).expect("value");
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

/// A shop with one item `TEE` (barcode 4006381333931) and `on_hand` units received at 5.00.
pub fn shop_with_tee(on_hand: i64) -> Shop {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "TEE",
        "--name",
        "Classic Tee",
        "--barcode",
        "4006381333931",
        "--price",
        "20.00",
        "--cost",
        "5.00",
        "--reorder-point",
        "3",
    ]);
    if on_hand > 0 {
        s.ok(&["receive", "TEE", &on_hand.to_string(), "--cost", "5.00"]);
    }
    s
}
pub mod pty;
pub mod tui;

//! The scanned sale against its floor, interleaved one commit at a time on one file so both
//! see the same disk (a shared machine's fsync latency swings 10x within seconds, which
//! sequential benchmarks cannot separate from the code):
//! `cargo run --release --example sale_floor -- [SALES]`.
//!
//! Per round, in rotating order: one sale through `scan`'s code path, one floor commit (a minimal rusqlite
//! program: one look-up, one stock update, one movement insert, WAL + synchronous=FULL), and
//! one floor commit that also writes the document row every posting carries.

#[path = "../benches/support/bigstore.rs"]
mod bigstore;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use stockroom::cli::args::ScanMode;
use stockroom::store::{PostLine, PostRequest, Store};

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(2000);
    let dir = tempfile::tempdir()?;
    let path = bigstore::copy_of(&bigstore::big_store()?, dir.path(), "ab.db")?;
    let mut store = Store::open(&path)?;
    let code = stockroom::demo::demo_ean13(5_000_000);
    let item = store.resolve(&code)?;
    store.post(&PostRequest::new(
        stockroom::domain::ledger::DocKind::Receipt,
        vec![PostLine {
            item_id: item.id,
            qty: 1_000_000,
            unit_cost: Some(100),
            unit_price: None,
        }],
    ))?;
    // One connection each, so every commit follows another connection's, as the sale's do.
    let open = || -> Result<rusqlite::Connection> {
        let conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        Ok(conn)
    };
    let (bare_conn, doc_conn) = (open()?, open()?);
    let conn = &bare_conn;
    let key = stockroom::domain::gtin::Code::parse(&code)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .key()
        .to_string();
    conn.execute(
        "INSERT INTO documents (uuid, kind, at, posted_at, user, line_count) VALUES (?1, 'sale', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'bench', 1)",
        [stockroom::store::new_document_uuid()],
    )?;
    let floor_doc = conn.last_insert_rowid();
    let floor = |with_doc: bool| -> Result<()> {
        let conn = if with_doc { &doc_conn } else { &bare_conn };
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let item_id: i64 = conn
            .prepare_cached("SELECT item_id FROM barcodes WHERE code = ?1")?
            .query_row([&key], |r| r.get(0))?;
        let doc = if with_doc {
            conn.prepare_cached("INSERT INTO documents (uuid, kind, at, posted_at, user, line_count) VALUES (?1, 'sale', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'bench', 1)")?
                .execute([stockroom::store::new_document_uuid()])?;
            conn.last_insert_rowid()
        } else {
            floor_doc
        };
        let n = conn
            .prepare_cached("UPDATE stock SET on_hand = on_hand - 1, value = value - 100 WHERE item_id = ?1 AND location_id = 1 AND on_hand >= 1")?
            .execute([item_id])?;
        anyhow::ensure!(n == 1, "the floor ran out of stock");
        conn.prepare_cached("INSERT INTO movements (doc_id, item_id, location_id, qty, value, demand, at, user) VALUES (?1, ?2, 1, -1, -100, 1, '2026-01-01T00:00:00Z', 'bench')")?
            .execute(rusqlite::params![doc, item_id])?;
        conn.execute_batch("COMMIT")?;
        Ok(())
    };
    let mut tally = HashMap::new();
    let (mut sale, mut bare, mut with_doc) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds + rounds / 10 {
        let mut took = [Duration::ZERO; 3];
        // Rotate which goes first: a commit right after another waits on different things.
        for k in 0..3 {
            let which = (round + k) % 3;
            let t = Instant::now();
            match which {
                0 => {
                    stockroom::cli::scan::scan_one(&mut store, ScanMode::Sell, &code, &mut tally)
                        .map_err(|e| anyhow::anyhow!(e))
                        .context("sale")?;
                }
                1 => floor(false)?,
                _ => floor(true)?,
            }
            took[which] = t.elapsed();
        }
        // The first tenth warms the caches and is not counted.
        if round >= rounds / 10 {
            sale.push(took[0]);
            bare.push(took[1]);
            with_doc.push(took[2]);
        }
    }
    let total = |v: &[Duration]| v.iter().sum::<Duration>() / v.len() as u32;
    let (ms, mb, md) = (total(&sale), total(&bare), total(&with_doc));
    let (s, b, d) = (median(&mut sale), median(&mut bare), median(&mut with_doc));
    println!("{rounds} rounds, interleaved: median (mean)");
    println!("  scanned sale             {s:>10.1?} ({ms:.1?})");
    println!("  floor                    {b:>10.1?} ({mb:.1?})");
    println!("  floor + document row     {d:>10.1?} ({md:.1?})");
    println!(
        "  sale / floor             {:>10.2}x ({:.2}x)",
        s.as_secs_f64() / b.as_secs_f64(),
        ms.as_secs_f64() / mb.as_secs_f64()
    );
    println!(
        "  sale / floor + document  {:>10.2}x ({:.2}x)",
        s.as_secs_f64() / d.as_secs_f64(),
        ms.as_secs_f64() / md.as_secs_f64()
    );
    Ok(())
}

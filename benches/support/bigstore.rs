//! The benchmark store: 100,000 items with variants, barcodes and suppliers, and about
//! 1,000,000 movements over two years with a skewed (Zipf-like) sales rate: a few fast
//! sellers, many slow ones. Generated once through the store's own posting code in one
//! transaction and cached under `target/bench-data/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use stockroom::demo::{demo_ean13, Rng};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, PostLine, PostRequest, Store};

pub const ITEMS: usize = 100_000;
pub const MOVEMENTS: usize = 1_000_000;
/// Bump when the generator changes, so cached stores are rebuilt.
pub const VERSION: u32 = 1;

/// A fixed "now" so the generated store is the same on every machine and day.
pub fn generated_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 18, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

const SIZES: [&str; 4] = ["S", "M", "L", "XL"];
const COLOURS: [&str; 5] = ["Black", "White", "Navy", "Red", "Olive"];
const NOUNS: [&str; 12] = [
    "Tee", "Mug", "Notebook", "Candle", "Scarf", "Beanie", "Tote", "Socks", "Poster", "Pen", "Tea",
    "Jam",
];
const ADJECTIVES: [&str; 10] = [
    "Classic", "Organic", "Vintage", "Studio", "Field", "Harbour", "Alpine", "Garden", "Coastal",
    "Urban",
];

/// Generate a store with `items` items and about `movements` movements at `path`.
pub fn generate(path: &Path, items: usize, movements: usize) -> Result<()> {
    let mut store = Store::open(path)?;
    let now = generated_now();
    let start = now - Duration::days(730);
    let mut rng = Rng::new(0xB16_5709E);
    store.set_bulk_load(true)?;
    let result = store.in_one_transaction(|w| {
        let suppliers: Vec<String> = (0..50).map(|i| format!("Supplier {i:02}")).collect();
        for s in &suppliers {
            w.supplier(s)?;
        }
        let mut ids = Vec::with_capacity(items);
        let mut n = 0usize;
        while ids.len() < items {
            let product = format!(
                "{} {} {}",
                ADJECTIVES[n % ADJECTIVES.len()],
                NOUNS[(n / 10) % NOUNS.len()],
                n
            );
            // One product in five comes in sizes and colours.
            let variants: Vec<Option<String>> = if n % 5 == 0 {
                let mut v = Vec::new();
                for c in COLOURS.iter().take(2 + n % 3) {
                    for s in SIZES {
                        v.push(Some(format!("{s} / {c}")));
                    }
                }
                v
            } else {
                vec![None]
            };
            for (k, variant) in variants.into_iter().enumerate() {
                if ids.len() >= items {
                    break;
                }
                let idx = ids.len();
                let cost = 100 + (rng.next_u64() % 5000) as i64;
                let name = match &variant {
                    Some(v) => format!("{product} - {v}"),
                    None => product.clone(),
                };
                let id = w.add_item(&ItemFields {
                    sku: Some(format!("SKU{n:06}-{k}")),
                    name: Some(name),
                    product: variant.as_ref().map(|_| product.clone()),
                    variant,
                    barcodes: vec![demo_ean13(5_000_000 + idx as u64)],
                    price: Some(cost * 2 + 99),
                    cost: Some(cost),
                    reorder_point: Some(2 + (idx % 10) as i64),
                    reorder_qty: Some(12),
                    lead_time_days: None,
                    pack: Some(if idx % 7 == 0 { 6 } else { 1 }),
                    supplier: Some(suppliers[idx % suppliers.len()].clone()),
                    active: Some(true),
                    ..ItemFields::default()
                })?;
                ids.push((id, cost));
            }
            n += 1;
        }
        // Zipf-like popularity over a shuffled order of items.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut cdf = Vec::with_capacity(order.len());
        let mut acc = 0.0;
        for rank in 0..order.len() {
            acc += 1.0 / ((rank + 1) as f64).powf(1.05);
            cdf.push(acc);
        }
        let mut on_hand = vec![0i64; ids.len()];
        let mut written = 0usize;
        // Opening stock for the first 20% (the rest arrives as it is first sold).
        for (i, (id, cost)) in ids.iter().enumerate().take(ids.len() / 5) {
            let mut req = PostRequest::new(
                DocKind::Receipt,
                vec![PostLine {
                    item_id: *id,
                    qty: 24,
                    unit_cost: Some(*cost),
                    unit_price: None,
                }],
            );
            req.at = Some(start);
            w.post(&req)?;
            on_hand[i] = 24;
            written += 1;
        }
        let remaining = movements.saturating_sub(written);
        let per_day = (remaining / 730).max(1);
        let mut day = 0i64;
        while written < movements {
            let t0 = start + Duration::days(day.min(729)) + Duration::hours(9);
            for k in 0..per_day {
                if written >= movements {
                    break;
                }
                let u = rng.unit() * acc;
                let rank = cdf.partition_point(|c| *c < u).min(order.len() - 1);
                let i = order[rank];
                let (id, cost) = ids[i];
                let at = t0 + Duration::seconds((k as i64 * 32_400) / per_day as i64);
                let qty = 1 + (rng.next_u64() % 3) as i64;
                if on_hand[i] < qty {
                    let mut req = PostRequest::new(
                        DocKind::Receipt,
                        vec![PostLine {
                            item_id: id,
                            qty: 24,
                            unit_cost: Some(cost + (day % 50)),
                            unit_price: None,
                        }],
                    );
                    req.at = Some(at);
                    w.post(&req)?;
                    on_hand[i] += 24;
                    written += 1;
                }
                let mut req = PostRequest::new(
                    DocKind::Sale,
                    vec![PostLine {
                        item_id: id,
                        qty,
                        unit_cost: None,
                        unit_price: None,
                    }],
                );
                req.at = Some(at);
                w.post(&req)?;
                on_hand[i] -= qty;
                written += 1;
            }
            day += 1;
        }
        Ok(())
    });
    store.set_bulk_load(false)?;
    result
}

/// The cached big store (generated on first use), and its path.
pub fn big_store() -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("big-v{VERSION}-{ITEMS}-{MOVEMENTS}.db"));
    if !path.exists() {
        let tmp = dir.join(format!("big-v{VERSION}.partial.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
        eprintln!(
            "generating the benchmark store ({ITEMS} items, {MOVEMENTS} movements); once only"
        );
        generate(&tmp, ITEMS, MOVEMENTS)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(path)
}

/// A private copy of a store file, for benchmarks that write.
pub fn copy_of(src: &Path, dir: &Path, name: &str) -> Result<PathBuf> {
    let dst = dir.join(name);
    std::fs::copy(src, &dst)?;
    // Flush the copy now: otherwise the first checkpoint's fsync of the file writes out
    // all of it, and a sale measured then costs milliseconds instead of microseconds.
    std::fs::File::open(&dst)?.sync_all()?;
    Ok(dst)
}

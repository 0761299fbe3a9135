//! The demo shop: a small clothing-and-gifts store with three suppliers and about 90 days
//! of history (deliveries, daily sales with a weekday pattern, returns, a count), generated
//! deterministically relative to `now` so every screen has something true to show.

use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};

use crate::domain::gtin::check_digit;
use crate::domain::ledger::DocKind;
use crate::store::{BulkWriter, ItemFields, PostLine, PostRequest, Store};

/// A small deterministic generator (xorshift64*), so the demo is the same every time.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A Poisson draw with mean `lambda` (Knuth; fine for small means).
    pub fn poisson(&mut self, lambda: f64) -> i64 {
        if lambda <= 0.0 {
            return 0;
        }
        let l = (-lambda.min(30.0)).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.unit();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }
}

/// An EAN-13 in the GS1 range for in-store numbering (prefix 20), with its check digit.
pub fn demo_ean13(n: u64) -> String {
    let body = format!("20{:010}", n % 10_000_000_000);
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", check_digit(&digits))
}

/// The demo's suppliers, in the order they are created: `name,contact,lead_time_days`.
const SUPPLIERS_CSV: &str = include_str!("../assets/demo/suppliers.csv");
/// The demo's items, in the order they are created (which fixes their barcodes):
/// `sku,name,product,variant,price,cost,supplier,daily_rate,reorder_point,reorder_qty,pack`,
/// prices and costs in major units of a two-decimal currency, `daily_rate` the mean units
/// sold a day (before the weekday pattern).
const CATALOGUE_CSV: &str = include_str!("../assets/demo/catalogue.csv");

/// One supplier row of `assets/demo/suppliers.csv`.
#[derive(Debug, serde::Deserialize)]
struct SupplierSpec {
    name: String,
    contact: String,
    lead_time_days: i64,
}

/// One item row of `assets/demo/catalogue.csv`.
#[derive(Debug, serde::Deserialize)]
struct Spec {
    sku: String,
    name: String,
    product: Option<String>,
    variant: Option<String>,
    #[serde(deserialize_with = "major_units")]
    price: i64,
    #[serde(deserialize_with = "major_units")]
    cost: i64,
    supplier: String,
    daily_rate: f64,
    reorder_point: i64,
    reorder_qty: i64,
    pack: i64,
}

/// A money cell in major units (`12.50`) as minor units of a two-decimal currency.
fn major_units<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let raw = <String as serde::Deserialize>::deserialize(d)?;
    crate::domain::money::parse_money(&raw, 2)
        .map_err(|e| serde::de::Error::custom(format!("{raw:?}: {e}")))
}

/// Read one of the demo's embedded tables (an error names the table and the row).
fn read_table<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("assets/demo/{name}, row {}", i + 1)))
        .collect()
}

fn suppliers() -> Result<Vec<SupplierSpec>> {
    read_table("suppliers.csv", SUPPLIERS_CSV)
}

fn catalogue() -> Result<Vec<Spec>> {
    read_table("catalogue.csv", CATALOGUE_CSV)
}

fn at_on(day: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let d = day.date_naive();
    Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).unwrap_or_default()) + Duration::minutes(minutes)
}

fn weekday_factor(w: Weekday) -> f64 {
    match w {
        Weekday::Mon => 0.7,
        Weekday::Tue => 0.8,
        Weekday::Wed => 0.9,
        Weekday::Thu => 1.0,
        Weekday::Fri => 1.3,
        Weekday::Sat => 1.7,
        Weekday::Sun => 0.6,
    }
}

/// Load the demo into an empty store. Returns the number of items.
pub fn load(store: &mut Store, now: DateTime<Utc>) -> Result<usize> {
    let suppliers = suppliers()?;
    let specs = catalogue()?;
    for s in &suppliers {
        store.upsert_supplier(&s.name, Some(&s.contact), Some(s.lead_time_days))?;
    }
    store.in_one_transaction(|w| load_history(w, &suppliers, &specs, now))?;
    // An order already sent to the tea supplier, so receiving against it can be tried.
    if let Some(leaf) = store.supplier_by_name("Leaf & Co")? {
        let alerts = crate::reorder::alerts(store, Some(leaf.id), now)?;
        for id in crate::purchasing::draft_orders(store, &alerts, None)? {
            store.set_order_state(id, crate::store::OrderState::Sent)?;
        }
    }
    Ok(specs.len())
}

fn load_history(
    store: &mut BulkWriter<'_>,
    suppliers: &[SupplierSpec],
    specs: &[Spec],
    now: DateTime<Utc>,
) -> Result<()> {
    let mut rng = Rng::new(0x5EED_CAFE);
    let mut ids = Vec::with_capacity(specs.len());
    for (i, s) in specs.iter().enumerate() {
        let item = store.add_item(&ItemFields {
            sku: Some(s.sku.clone()),
            name: Some(s.name.clone()),
            product: s.product.clone(),
            variant: s.variant.clone(),
            barcodes: vec![demo_ean13(1000 + i as u64)],
            price: Some(s.price),
            cost: Some(s.cost),
            reorder_point: Some(s.reorder_point),
            reorder_qty: Some(s.reorder_qty),
            lead_time_days: None,
            pack: Some(s.pack),
            supplier: Some(s.supplier.clone()),
            active: Some(true),
            ..ItemFields::default()
        })?;
        ids.push(item);
    }
    let days = 90;
    let start = now - Duration::days(days);
    // Opening delivery, one per supplier.
    let mut on_hand: Vec<i64> = vec![0; specs.len()];
    let mut pending: Vec<Option<(i64, i64)>> = vec![None; specs.len()]; // (arrival day, qty)
    for supplier in suppliers.iter().map(|s| s.name.as_str()) {
        let mut lines = Vec::new();
        for (i, s) in specs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.supplier == supplier)
        {
            let qty = s.reorder_qty * 2;
            on_hand[i] += qty;
            lines.push(PostLine {
                item_id: ids[i],
                qty,
                unit_cost: Some(s.cost),
                unit_price: None,
            });
        }
        let mut req = PostRequest::new(DocKind::Receipt, lines);
        req.at = Some(at_on(start, 0));
        req.reference = Some(format!("opening stock from {supplier}"));
        store.post(&req)?;
    }
    // Items left to run down in the last weeks, so the alerts screen has work to show.
    let run_down = [
        "MUG-ENAMEL",
        "TEA-EARL",
        "CHOC-DARK",
        "TEE-BLA-M",
        "CARD-BDAY",
        "CANDLE-SEA",
        "BEANIE-RIB",
    ];
    for day in 1..days {
        let date = start + Duration::days(day);
        let wf = weekday_factor(date.weekday());
        // Deliveries arriving today.
        for i in 0..specs.len() {
            if let Some((arrive, qty)) = pending[i] {
                if arrive == day {
                    let s = &specs[i];
                    // Supplier prices creep up a little over the quarter.
                    let cost = s.cost + (s.cost * day) / 900;
                    let mut req = PostRequest::new(
                        DocKind::Receipt,
                        vec![PostLine {
                            item_id: ids[i],
                            qty,
                            unit_cost: Some(cost),
                            unit_price: None,
                        }],
                    );
                    req.at = Some(at_on(date, 30));
                    req.reference = Some(format!(
                        "delivery note {}-{day}",
                        &s.supplier[..4].to_uppercase()
                    ));
                    store.post(&req)?;
                    on_hand[i] += qty;
                    pending[i] = None;
                }
            }
        }
        // Sales through the day.
        for (i, s) in specs.iter().enumerate() {
            let want = rng.poisson(s.daily_rate * wf);
            let qty = want.min(on_hand[i]);
            if qty > 0 {
                let minutes = 60 + (rng.unit() * 480.0) as i64;
                let mut req = PostRequest::new(
                    DocKind::Sale,
                    vec![PostLine {
                        item_id: ids[i],
                        qty,
                        unit_cost: None,
                        unit_price: Some(s.price),
                    }],
                );
                req.at = Some(at_on(date, minutes));
                store.post(&req)?;
                on_hand[i] -= qty;
                // Now and then a customer brings one back.
                if rng.unit() < 0.02 {
                    let mut ret = PostRequest::new(
                        DocKind::Return,
                        vec![PostLine {
                            item_id: ids[i],
                            qty: 1,
                            unit_cost: None,
                            unit_price: Some(s.price),
                        }],
                    );
                    ret.at = Some(at_on(date, (minutes + 30).min(539)));
                    ret.reference = Some("customer return".into());
                    store.post(&ret)?;
                    on_hand[i] += 1;
                }
            }
            // Reorder at the reorder point, except for the run-down items near the end.
            let late = day > days - 21;
            let lead = suppliers
                .iter()
                .find(|p| p.name == s.supplier)
                .map_or(10, |p| p.lead_time_days);
            // The owner reorders by feel: a little above the set point, enough for a few weeks.
            let trigger = s
                .reorder_point
                .max((s.daily_rate * 1.7 * lead as f64).ceil() as i64);
            if on_hand[i] <= trigger
                && pending[i].is_none()
                && !(late && run_down.contains(&s.sku.as_str()))
                && day + lead < days
            {
                let want = (s.daily_rate * (lead as f64 + 21.0)).ceil() as i64;
                let qty = ((want.max(s.reorder_qty) + s.pack - 1) / s.pack) * s.pack;
                pending[i] = Some((day + lead, qty));
            }
        }
        // A stocktake of the tea shelf a fortnight ago: one tin had gone missing.
        if day == days - 14 {
            let i = specs
                .iter()
                .position(|s| s.sku == "TEA-SENCHA")
                .unwrap_or(0);
            if on_hand[i] > 0 {
                let mut req = PostRequest::new(
                    DocKind::Count,
                    vec![PostLine {
                        item_id: ids[i],
                        qty: on_hand[i] - 1,
                        unit_cost: None,
                        unit_price: None,
                    }],
                );
                req.at = Some(at_on(date, 540));
                store.post(&req)?;
                on_hand[i] -= 1;
            }
        }
        if day == days - 30 {
            let i = specs.iter().position(|s| s.sku == "MUG-STONE").unwrap_or(0);
            if on_hand[i] > 0 {
                let mut req = PostRequest::new(
                    DocKind::Adjustment,
                    vec![PostLine {
                        item_id: ids[i],
                        qty: -1,
                        unit_cost: None,
                        unit_price: None,
                    }],
                );
                req.reason = Some("damaged".into());
                req.at = Some(at_on(date, 20));
                store.post(&req)?;
                on_hand[i] -= 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_barcodes_are_valid_gtins() {
        for n in 0..200 {
            let code = demo_ean13(n);
            assert!(crate::domain::gtin::Code::parse(&code).is_ok(), "{code}");
        }
    }

    #[test]
    fn the_catalogue_reads_and_names_only_known_suppliers() {
        let suppliers = suppliers().expect("suppliers.csv");
        let specs = catalogue().expect("catalogue.csv");
        assert_eq!(specs.len(), 33);
        let mut skus: Vec<&str> = specs.iter().map(|s| s.sku.as_str()).collect();
        skus.sort_unstable();
        skus.dedup();
        assert_eq!(skus.len(), specs.len(), "SKUs are unique");
        for s in &specs {
            assert!(
                suppliers.iter().any(|p| p.name == s.supplier),
                "{}: unknown supplier {}",
                s.sku,
                s.supplier
            );
            assert!(s.price > 0 && s.cost > 0 && s.pack >= 1, "{}", s.sku);
        }
        let tee = specs
            .iter()
            .find(|s| s.sku == "TEE-BLA-M")
            .expect("TEE-BLA-M");
        assert_eq!((tee.price, tee.cost), (2400, 850));
        assert_eq!(tee.product.as_deref(), Some("Classic Tee"));
        assert_eq!(tee.variant.as_deref(), Some("M / Black"));
        let mug = specs.iter().find(|s| s.sku == "MUG-ENAMEL").expect("MUG");
        assert_eq!(
            (mug.product.as_deref(), mug.variant.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn poisson_mean_is_close() {
        let mut r = Rng::new(7);
        let n = 20_000;
        let sum: i64 = (0..n).map(|_| r.poisson(2.0)).sum();
        let mean = sum as f64 / n as f64;
        assert!((mean - 2.0).abs() < 0.1, "{mean}");
    }
}

//! The demo shop: a small clothing-and-gifts store with three suppliers and about 90 days
//! of history (deliveries, daily sales with a weekday pattern, returns, a count), generated
//! deterministically relative to `now` so every screen has something true to show.

use anyhow::Result;
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

struct Spec {
    sku: String,
    name: String,
    product: Option<String>,
    variant: Option<String>,
    price: i64,
    cost: i64,
    supplier: &'static str,
    daily_rate: f64,
    reorder_point: i64,
    reorder_qty: i64,
    pack: i64,
}

fn catalogue() -> Vec<Spec> {
    let mut v = Vec::new();
    let mut simple = |sku: &str,
                      name: &str,
                      price: i64,
                      cost: i64,
                      supplier: &'static str,
                      rate: f64,
                      rp: i64,
                      rq: i64,
                      pack: i64| {
        v.push(Spec {
            sku: sku.into(),
            name: name.into(),
            product: None,
            variant: None,
            price,
            cost,
            supplier,
            daily_rate: rate,
            reorder_point: rp,
            reorder_qty: rq,
            pack,
        })
    };
    // Gifts and homeware (Northwind Gifts)
    simple(
        "MUG-ENAMEL",
        "Enamel camping mug",
        1200,
        450,
        "Northwind Gifts",
        1.6,
        8,
        24,
        6,
    );
    simple(
        "MUG-STONE",
        "Stoneware mug, speckled",
        1400,
        520,
        "Northwind Gifts",
        0.9,
        6,
        12,
        6,
    );
    simple(
        "CANDLE-FIG",
        "Soy candle, fig & cedar",
        1800,
        610,
        "Northwind Gifts",
        1.1,
        6,
        18,
        6,
    );
    simple(
        "CANDLE-SEA",
        "Soy candle, sea salt",
        1800,
        610,
        "Northwind Gifts",
        0.7,
        5,
        12,
        6,
    );
    simple(
        "CARD-BDAY",
        "Birthday card, letterpress",
        400,
        90,
        "Northwind Gifts",
        3.5,
        20,
        60,
        12,
    );
    simple(
        "CARD-THANKS",
        "Thank-you card set (6)",
        900,
        260,
        "Northwind Gifts",
        1.2,
        8,
        24,
        6,
    );
    simple(
        "NOTE-A5",
        "A5 notebook, dot grid",
        1100,
        380,
        "Northwind Gifts",
        1.4,
        10,
        30,
        10,
    );
    simple(
        "PEN-BRASS",
        "Brass pen",
        2500,
        980,
        "Northwind Gifts",
        0.3,
        3,
        6,
        1,
    );
    simple(
        "TOTE-CANVAS",
        "Canvas tote bag",
        1500,
        420,
        "Northwind Gifts",
        1.0,
        8,
        20,
        10,
    );
    simple(
        "TEA-EARL",
        "Earl Grey loose tea 100 g",
        850,
        310,
        "Leaf & Co",
        1.8,
        10,
        30,
        10,
    );
    simple(
        "TEA-SENCHA",
        "Sencha green tea 100 g",
        950,
        360,
        "Leaf & Co",
        0.8,
        6,
        20,
        10,
    );
    simple(
        "TEA-CHAI",
        "Masala chai 100 g",
        900,
        330,
        "Leaf & Co",
        1.2,
        8,
        20,
        10,
    );
    simple(
        "HONEY-WILD",
        "Wildflower honey 340 g",
        1050,
        480,
        "Leaf & Co",
        0.9,
        6,
        18,
        6,
    );
    simple(
        "JAM-RHUBARB",
        "Rhubarb & ginger jam",
        650,
        240,
        "Leaf & Co",
        0.6,
        5,
        12,
        6,
    );
    simple(
        "CHOC-DARK",
        "Dark chocolate 70%",
        450,
        170,
        "Leaf & Co",
        2.6,
        15,
        48,
        12,
    );
    simple(
        "CHOC-MILK",
        "Milk chocolate, sea salt",
        450,
        170,
        "Leaf & Co",
        2.2,
        15,
        48,
        12,
    );
    simple(
        "SOCK-WOOL",
        "Wool socks",
        1600,
        560,
        "Fieldhouse Apparel",
        0.9,
        6,
        18,
        6,
    );
    simple(
        "BEANIE-RIB",
        "Ribbed beanie",
        2200,
        740,
        "Fieldhouse Apparel",
        0.5,
        4,
        10,
        1,
    );
    simple(
        "SCARF-CHECK",
        "Checked scarf",
        3500,
        1300,
        "Fieldhouse Apparel",
        0.2,
        2,
        4,
        1,
    );
    simple(
        "UMBRELLA-S",
        "Compact umbrella",
        1900,
        700,
        "Fieldhouse Apparel",
        0.15,
        3,
        6,
        1,
    );
    simple(
        "POSTER-MAP",
        "City map poster A2",
        2400,
        600,
        "Northwind Gifts",
        0.05,
        2,
        4,
        1,
    );
    // A tee in sizes and colours (Fieldhouse Apparel)
    let mut n = 0;
    for colour in ["Black", "White", "Red"] {
        for size in ["S", "M", "L", "XL"] {
            n += 1;
            let popular = match size {
                "M" | "L" => 1.0,
                _ => 0.45,
            } * match colour {
                "Black" => 1.3,
                "White" => 1.0,
                _ => 0.6,
            };
            v.push(Spec {
                sku: format!("TEE-{}-{size}", &colour[..3].to_uppercase()),
                name: format!("Classic Tee - {size} / {colour}"),
                product: Some("Classic Tee".into()),
                variant: Some(format!("{size} / {colour}")),
                price: 2400,
                cost: 850,
                supplier: "Fieldhouse Apparel",
                daily_rate: 0.55 * popular,
                reorder_point: 4,
                reorder_qty: 12,
                pack: 1,
            });
        }
    }
    let _ = n;
    v
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
    let specs = catalogue();
    store.upsert_supplier("Northwind Gifts", Some("orders@northwind.example"), Some(5))?;
    store.upsert_supplier("Leaf & Co", Some("+44 20 7946 0000"), Some(3))?;
    store.upsert_supplier(
        "Fieldhouse Apparel",
        Some("trade@fieldhouse.example"),
        Some(10),
    )?;
    store.in_one_transaction(|w| load_history(w, &specs, now))?;
    // An order already sent to the tea supplier, so receiving against it can be tried.
    if let Some(leaf) = store.supplier_by_name("Leaf & Co")? {
        let alerts = crate::reorder::alerts(store, Some(leaf.id), now)?;
        for id in crate::purchasing::draft_orders(store, &alerts, None)? {
            store.set_order_state(id, crate::store::OrderState::Sent)?;
        }
    }
    Ok(specs.len())
}

fn load_history(store: &mut BulkWriter<'_>, specs: &[Spec], now: DateTime<Utc>) -> Result<()> {
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
            supplier: Some(s.supplier.to_string()),
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
    for supplier in ["Northwind Gifts", "Leaf & Co", "Fieldhouse Apparel"] {
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
            let lead = match s.supplier {
                "Leaf & Co" => 3,
                "Northwind Gifts" => 5,
                _ => 10,
            };
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
    fn poisson_mean_is_close() {
        let mut r = Rng::new(7);
        let n = 20_000;
        let sum: i64 = (0..n).map(|_| r.poisson(2.0)).sum();
        let mean = sum as f64 / n as f64;
        assert!((mean - 2.0).abs() < 0.1, "{mean}");
    }
}

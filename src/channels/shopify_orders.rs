//! Shopify's orders export: one row per line item; the order's own fields (`Financial
//! Status`, `Created at`, `Cancelled at`, ...) only on its first row. Rows are grouped by
//! `Name`; an order's rows are usually together, but rows of one name further down still
//! join it, and a row with a blank `Name` continues the order above it.
//!
//! An order is one sale: when any of its rows is bad, the whole order is left out (and every
//! problem is listed), so that no order is ever posted half.

use anyhow::Result;
use chrono::{DateTime, NaiveDateTime, Utc};

use super::table::{problem, FastMap, RowCheck, Sink, Table};
use super::{OrderLine, OrderRecord};

struct Building {
    line: u64,
    name: String,
    created_at: Option<DateTime<Utc>>,
    created_checked: bool,
    financial: String,
    cancelled: bool,
    lines: Vec<OrderLine>,
    bad: bool,
}

pub(super) fn parse(t: &Table, decimals: u32, sink: &mut Sink) -> Result<Vec<OrderRecord>> {
    let name_col = t.require(&["Name"])?;
    let created_col = t.require(&["Created at"])?;
    let qty_col = t.require(&["Lineitem quantity"])?;
    let sku_col = t.require(&["Lineitem sku"])?;
    let item_col = t.col(&["Lineitem name"]);
    let price_col = t.col(&["Lineitem price"]);
    let financial_col = t.col(&["Financial Status"]);
    let cancelled_col = t.col(&["Cancelled at"]);

    let mut orders: Vec<Building> = Vec::new();
    let mut by_name: FastMap<String, usize> = FastMap::default();
    let mut current: Option<usize> = None;
    for row in &t.rows {
        let mut c = RowCheck::new(row);
        let name = c.text(Some(&name_col)).unwrap_or_default();
        let idx = if name.is_empty() {
            match current {
                Some(i) => i,
                None => {
                    c.fail(&name_col.name, "", "the row has no order Name");
                    sink.problems.append(&mut c.problems);
                    continue;
                }
            }
        } else if let Some(&i) = by_name.get(&name) {
            i
        } else {
            orders.push(Building {
                line: row.line,
                name: name.clone(),
                created_at: None,
                created_checked: false,
                financial: String::new(),
                cancelled: false,
                lines: Vec::new(),
                bad: false,
            });
            by_name.insert(name, orders.len() - 1);
            orders.len() - 1
        };
        current = Some(idx);
        let Some(order) = orders.get_mut(idx) else {
            continue;
        };

        // Order-level fields: the first row that has them.
        let created = row.get(&created_col);
        if !order.created_checked && !created.is_empty() {
            order.created_checked = true;
            match parse_created_at(created) {
                Ok(at) => order.created_at = Some(at),
                Err(msg) => {
                    c.fail(
                        &created_col.name,
                        created,
                        format!("order {}: {msg}", order.name),
                    );
                    order.bad = true;
                }
            }
        }
        if order.financial.is_empty() {
            order.financial = row.opt(financial_col.as_ref()).to_ascii_lowercase();
        }
        if !row.opt(cancelled_col.as_ref()).is_empty() {
            order.cancelled = true;
        }

        // The line item.
        let qty = row.get(&qty_col);
        let sku = c.text(Some(&sku_col)).unwrap_or_default();
        let item = c.text(item_col.as_ref()).unwrap_or_default();
        let price_raw = row.opt(price_col.as_ref());
        if qty.is_empty() && sku.is_empty() && item.is_empty() && price_raw.is_empty() {
            // A row of order fields only: nothing to sell.
            sink.problems.append(&mut c.problems);
            continue;
        }
        let what = if item.is_empty() {
            format!("order {}", order.name)
        } else {
            format!("order {}, line item '{item}'", order.name)
        };
        if sku.is_empty() {
            c.fail(
                &sku_col.name,
                "",
                format!("{what}: no SKU; stockroom matches sales to items by SKU"),
            );
        }
        let before = c.problems.len();
        let qty = c.positive(&qty_col.name, qty);
        let price = c.money(price_col.as_ref(), decimals);
        for p in c.problems.iter_mut().skip(before) {
            p.message = format!("{what}: {}", p.message);
        }
        if c.ok() {
            if let Some(qty) = qty {
                order.lines.push(OrderLine {
                    line: row.line,
                    sku,
                    qty,
                    price,
                });
            }
        } else {
            order.bad = true;
        }
        sink.problems.append(&mut c.problems);
    }

    let mut out = Vec::new();
    for o in orders {
        let Some(created_at) = o.created_at else {
            if !o.created_checked {
                sink.problems.push(problem(
                    o.line,
                    &created_col.name,
                    "",
                    format!("order {} has no '{}' date", o.name, created_col.name),
                ));
            }
            continue;
        };
        if o.bad {
            continue;
        }
        if o.lines.is_empty() {
            sink.skipped += 1;
            continue;
        }
        let refunded_lines = if o.financial == "refunded" {
            o.lines.clone()
        } else {
            Vec::new()
        };
        out.push(OrderRecord {
            line: o.line,
            name: o.name,
            created_at,
            cancelled: o.cancelled,
            lines: o.lines,
            refunded_lines,
            partially_refunded: o.financial == "partially_refunded",
        });
    }
    Ok(out)
}

/// Shopify writes `2024-03-05 14:12:01 -0500`; RFC 3339 and a `UTC` suffix are accepted too.
fn parse_created_at(s: &str) -> Result<DateTime<Utc>, String> {
    for fmt in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Some(naive) = s.strip_suffix(" UTC") {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, "%Y-%m-%d %H:%M:%S") {
            return Ok(dt.and_utc());
        }
    }
    Err(format!(
        "'{s}' is not a date and time like 2024-03-05 14:12:01 -0500"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_at_forms() {
        let want = "2024-03-05T19:12:01Z";
        for s in [
            "2024-03-05 14:12:01 -0500",
            "2024-03-05T14:12:01-05:00",
            "2024-03-05 19:12:01 UTC",
        ] {
            assert_eq!(
                parse_created_at(s)
                    .unwrap()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                want,
                "{s}"
            );
        }
        assert!(parse_created_at("3/5/2024 14:12").is_err());
    }
}

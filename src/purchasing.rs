//! Purchase orders drafted from alerts, and the CSV a supplier receives.

use std::collections::BTreeMap;

use anyhow::Result;

use crate::domain::money::format_money;
use crate::reorder::Alert;
use crate::store::{NewOrder, NewOrderLine, OrderView, Store};

/// Draft one purchase order per supplier from the alerts (only `selected` items when given),
/// with the suggested quantities. Items whose suggestion is 0 are left out.
pub fn draft_orders(
    store: &mut Store,
    alerts: &[Alert],
    selected: Option<&[i64]>,
) -> Result<Vec<i64>> {
    let mut groups: BTreeMap<Option<i64>, Vec<NewOrderLine>> = BTreeMap::new();
    // A set, not the slice: "pick all" on tens of thousands of alerts stays linear.
    let selected: Option<std::collections::HashSet<i64>> =
        selected.map(|s| s.iter().copied().collect());
    for a in alerts {
        if selected.as_ref().is_some_and(|s| !s.contains(&a.item_id)) || a.suggested_qty <= 0 {
            continue;
        }
        groups.entry(a.supplier_id).or_default().push(NewOrderLine {
            item_id: a.item_id,
            qty: a.suggested_qty,
            unit_cost: a.unit_cost,
        });
    }
    let orders: Vec<NewOrder> = groups
        .into_iter()
        .map(|(supplier_id, lines)| NewOrder { supplier_id, lines })
        .collect();
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    store.create_orders(&orders)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The order as CSV for the supplier: one line per item, with barcodes and quantities open.
pub fn order_csv(store: &Store, order: &OrderView) -> Result<String> {
    let d = store.settings().currency_decimals;
    let mut out = String::from("order,supplier,sku,name,barcode,qty,received,open,unit_cost\n");
    for l in &order.lines {
        let barcode = store
            .barcodes_of(l.item_id)?
            .into_iter()
            .next()
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            order.id,
            csv_field(order.supplier.as_deref().unwrap_or("")),
            csv_field(&l.sku),
            csv_field(&crate::domain::text::sanitize(&l.name)),
            csv_field(&barcode),
            l.qty,
            l.received,
            l.open(),
            l.unit_cost.map(|c| format_money(c, d)).unwrap_or_default()
        ));
    }
    Ok(out)
}

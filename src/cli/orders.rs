//! Purchase orders: `order draft|list|show|export|send|close|cancel|set-qty`, and the order
//! number and lookup that `receive --order` shares.

use std::path::Path;

use anyhow::{bail, Result};
use chrono::Utc;
use serde::Serialize;

use super::args::OrderCommand;
use super::common::{cell, fmt_money, or_dash, print_json, write_output};
use crate::domain::ledger::parse_count_qty;
use crate::store::{OrderState, OrderView, Store};

pub(super) fn order(store: &mut Store, cmd: OrderCommand) -> Result<()> {
    match cmd {
        OrderCommand::Draft { supplier } => draft(store, supplier.as_deref()),
        OrderCommand::List { json } => list(store, json),
        OrderCommand::Show { id, json } => show(store, &id, json),
        OrderCommand::Export { id, output } => export(store, &id, output.as_deref()),
        OrderCommand::Send { id } => set_state(store, &id, OrderState::Sent),
        OrderCommand::Cancel { id } => set_state(store, &id, OrderState::Cancelled),
        OrderCommand::Close { id } => close(store, &id),
        OrderCommand::SetQty { id, code, qty } => set_qty(store, &id, &code, &qty),
    }
}

/// An order number as given: `12`, `PO-12` or `po12`.
pub(super) fn parse_order_id(raw: &str) -> Result<i64> {
    let s = raw
        .trim()
        .trim_start_matches(['P', 'p'])
        .trim_start_matches(['O', 'o'])
        .trim_start_matches('-');
    match s.parse::<i64>() {
        Ok(v) if v > 0 => Ok(v),
        _ => bail!("'{}' is not a purchase order number", raw.trim()),
    }
}

/// The order, or the `unknown purchase order` error.
pub(super) fn find_order(store: &Store, id: i64) -> Result<OrderView> {
    match store.order(id)? {
        Some(o) => Ok(o),
        None => bail!("unknown purchase order {id}"),
    }
}

fn draft(store: &mut Store, supplier: Option<&str>) -> Result<()> {
    let supplier_id = match supplier {
        None => None,
        Some(name) => match store.supplier_by_name(name)? {
            Some(s) => Some(s.id),
            None => bail!("unknown supplier '{}'", name.trim()),
        },
    };
    let alerts = crate::reorder::alerts(store, supplier_id, Utc::now())?;
    let ids = crate::purchasing::draft_orders(store, &alerts, None)?;
    if ids.is_empty() {
        println!("nothing to order: no item at its reorder point needs more than is on order");
    }
    for id in ids {
        println!("{id}");
    }
    Ok(())
}

#[derive(Serialize)]
struct OrderJson {
    id: i64,
    supplier: Option<String>,
    state: String,
    created_at: String,
    lines: Vec<OrderLineJson>,
}

#[derive(Serialize)]
struct OrderLineJson {
    sku: String,
    name: String,
    qty: i64,
    received: i64,
    unit_cost: Option<String>,
}

fn order_json(store: &Store, o: &OrderView) -> OrderJson {
    OrderJson {
        id: o.id,
        supplier: o.supplier.clone(),
        state: o.state.as_str().to_string(),
        created_at: o.created_at.clone(),
        lines: o
            .lines
            .iter()
            .map(|l| OrderLineJson {
                sku: l.sku.clone(),
                name: l.name.clone(),
                qty: l.qty,
                received: l.received,
                unit_cost: l.unit_cost.map(|c| fmt_money(store, c)),
            })
            .collect(),
    }
}

fn list(store: &Store, json: bool) -> Result<()> {
    let orders = store.orders()?;
    if json {
        let v: Vec<OrderJson> = orders.iter().map(|o| order_json(store, o)).collect();
        return print_json(&v);
    }
    println!(
        "{:>5}  {:<10} {:<24} {:>5} {:>9} {:>9}  CREATED",
        "ID", "STATE", "SUPPLIER", "LINES", "ORDERED", "RECEIVED"
    );
    for o in &orders {
        println!(
            "{:>5}  {:<10} {:<24} {:>5} {:>9} {:>9}  {}",
            o.id,
            o.state.as_str(),
            or_dash(o.supplier.as_deref()),
            o.lines.len(),
            o.lines.iter().map(|l| l.qty).sum::<i64>(),
            o.lines.iter().map(|l| l.received).sum::<i64>(),
            o.created_at
        );
    }
    Ok(())
}

fn show(store: &Store, id: &str, json: bool) -> Result<()> {
    let o = find_order(store, parse_order_id(id)?)?;
    if json {
        return print_json(&order_json(store, &o));
    }
    println!(
        "purchase order {} — {} — {}",
        o.id,
        o.supplier.as_deref().unwrap_or("no supplier"),
        o.state.as_str()
    );
    println!(
        "{:<16} {:<32} {:>7} {:>9} {:>10}",
        "SKU", "NAME", "QTY", "RECEIVED", "UNIT COST"
    );
    for l in &o.lines {
        println!(
            "{:<16} {:<32} {:>7} {:>9} {:>10}",
            l.sku,
            cell(&l.name, 32),
            l.qty,
            l.received,
            or_dash(l.unit_cost.map(|c| fmt_money(store, c)))
        );
    }
    Ok(())
}

/// `order export`: the CSV to send to the supplier.
fn export(store: &Store, id: &str, output: Option<&Path>) -> Result<()> {
    let o = find_order(store, parse_order_id(id)?)?;
    let csv = crate::purchasing::order_csv(store, &o)?;
    write_output(output, csv.as_bytes())
}

/// `order close`: closes even with lines still open, and says which.
fn close(store: &mut Store, id: &str) -> Result<()> {
    let open: Vec<String> = find_order(store, parse_order_id(id)?)?
        .open_lines()
        .map(|l| format!("{} ({} of {} received)", l.sku, l.received, l.qty))
        .collect();
    set_state(store, id, OrderState::Closed)?;
    if !open.is_empty() {
        println!(
            "closed with {} line(s) still open: {}",
            open.len(),
            open.join(", ")
        );
    }
    Ok(())
}

fn set_state(store: &mut Store, id: &str, to: OrderState) -> Result<()> {
    let id = parse_order_id(id)?;
    let o = store.set_order_state(id, to)?;
    println!("order {} is now {}", o.id, o.state.as_str());
    Ok(())
}

fn set_qty(store: &mut Store, id: &str, code: &str, qty: &str) -> Result<()> {
    let id = parse_order_id(id)?;
    let qty = parse_count_qty(qty).map_err(anyhow::Error::msg)?;
    // Taking an inactive item off an order is allowed; ordering more of it is not.
    let item = if qty == 0 {
        store.resolve_any(code)?
    } else {
        store.resolve(code)?
    };
    store.set_order_line(id, item.id, qty)?;
    println!("order {id}: {} set to {qty}", item.sku);
    Ok(())
}

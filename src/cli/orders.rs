//! Purchase orders: `order draft|new|add|set|remove|list|show|export|send|close|cancel|
//! set-qty`, and the order number and lookup that `receive --order` shares.

use std::path::Path;

use anyhow::{bail, Result};
use chrono::Utc;
use serde::Serialize;

use super::args::OrderCommand;
use super::common::{cell, fmt_money, money, or_dash, print_json, write_output};
use crate::domain::ledger::{parse_count_qty, parse_positive_qty};
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
        OrderCommand::New { supplier, note } => new(store, &supplier, note.as_deref()),
        OrderCommand::Add {
            id,
            code,
            qty,
            cost,
        } => add(store, &id, &code, &qty, cost.as_deref()),
        OrderCommand::Set {
            id,
            code,
            qty,
            cost,
        } => set(store, &id, &code, qty.as_deref(), cost.as_deref()),
        OrderCommand::Remove { id, code } => remove(store, &id, &code),
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
    /// How much has come in: `none`, `partly received` or `received`.
    received_state: &'static str,
    created_at: String,
    note: Option<String>,
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
        received_state: o.delivery().as_str(),
        created_at: o.created_at.clone(),
        note: o.note.clone(),
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
        "{:>5}  {:<15} {:<24} {:>5} {:>9} {:>9}  CREATED",
        "ID", "STATE", "SUPPLIER", "LINES", "ORDERED", "RECEIVED"
    );
    for o in &orders {
        println!(
            "{:>5}  {:<15} {:<24} {:>5} {:>9} {:>9}  {}",
            o.id,
            o.shown_state(),
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
    let state = match o.shown_state() {
        s if s == o.state.as_str() => s.to_string(),
        shown => format!("{}, {shown}", o.state.as_str()),
    };
    println!(
        "purchase order {} — {} — {state}",
        o.id,
        o.supplier.as_deref().unwrap_or("no supplier"),
    );
    if let Some(note) = &o.note {
        println!("note: {note}");
    }
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

/// `order new`: an empty draft for an existing supplier; prints its number.
fn new(store: &mut Store, supplier: &str, note: Option<&str>) -> Result<()> {
    let Some(s) = store.supplier_by_name(supplier)? else {
        let known: Vec<String> = store.suppliers()?.into_iter().map(|s| s.name).collect();
        let hint = if known.is_empty() {
            "there are none yet: `stockroom supplier add NAME`".to_string()
        } else {
            format!("known: {}", known.join(", "))
        };
        bail!("unknown supplier '{}' ({hint})", supplier.trim());
    };
    let id = store.new_order(Some(s.id), note)?;
    println!("{id}");
    Ok(())
}

/// `order add`: more of an item on an open order.
fn add(store: &mut Store, id: &str, code: &str, qty: &str, cost: Option<&str>) -> Result<()> {
    let id = parse_order_id(id)?;
    let qty = parse_positive_qty(qty).map_err(anyhow::Error::msg)?;
    let cost = cost.map(|c| money(store, c, "cost")).transpose()?;
    find_order(store, id)?;
    let item = store.resolve(code)?;
    let line = store.add_order_line(id, item.id, qty, cost)?;
    println!(
        "order {id}: {} × {}{}",
        line.qty,
        line.sku,
        line.unit_cost
            .map(|c| format!(" at {}", fmt_money(store, c)))
            .unwrap_or_default()
    );
    Ok(())
}

/// `order set`: a line's quantity and/or unit cost.
fn set(
    store: &mut Store,
    id: &str,
    code: &str,
    qty: Option<&str>,
    cost: Option<&str>,
) -> Result<()> {
    let id = parse_order_id(id)?;
    if qty.is_none() && cost.is_none() {
        bail!("nothing to change: give --qty N and/or --cost MONEY");
    }
    let qty = qty
        .map(|q| parse_positive_qty(q).map_err(|e| anyhow::anyhow!("--qty: {e}")))
        .transpose()?;
    let cost = cost.map(|c| money(store, c, "--cost")).transpose()?;
    find_order(store, id)?;
    let item = store.resolve_any(code)?;
    let line = store.change_order_line(id, item.id, qty, cost)?;
    println!(
        "order {id}: {} × {}{}",
        line.qty,
        line.sku,
        line.unit_cost
            .map(|c| format!(" at {}", fmt_money(store, c)))
            .unwrap_or_default()
    );
    Ok(())
}

/// `order remove`: an item's line off an open order.
fn remove(store: &mut Store, id: &str, code: &str) -> Result<()> {
    let id = parse_order_id(id)?;
    find_order(store, id)?;
    let item = store.resolve_any(code)?;
    store.remove_order_line(id, item.id)?;
    println!("order {id}: {} removed", item.sku);
    Ok(())
}

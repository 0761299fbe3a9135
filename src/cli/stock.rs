//! Reading the ledger: `stock`, `alerts`, `history`, and `check` of its invariants. Nothing
//! here writes to the store.

use std::io::Write;

use anyhow::Result;
use chrono::Utc;
use serde::Serialize;

use super::common::{cell, fmt_money, or_dash, print_json, signed, stdout};
use super::Outcome;
use crate::domain::text::sanitize;
use crate::store::{StockQuery, StockStatus, Store};

#[derive(Serialize)]
struct StockJson {
    sku: String,
    name: String,
    variant: Option<String>,
    barcodes: Vec<String>,
    on_hand: i64,
    reorder_point: Option<i64>,
    avg_cost: Option<String>,
    price: Option<String>,
    stock_value: String,
    status: StockStatus,
}

pub(super) fn stock(store: &Store, json: bool, low: bool) -> Result<()> {
    let rows = store.stock_page(&StockQuery {
        low_only: low,
        ..StockQuery::default()
    })?;
    if json {
        let out: Vec<StockJson> = rows
            .iter()
            .map(|r| StockJson {
                sku: r.sku.clone(),
                name: r.name.clone(),
                variant: r.variant.clone(),
                barcodes: r.barcodes.clone(),
                on_hand: r.on_hand,
                reorder_point: r.reorder_point,
                avg_cost: r.avg_cost.map(|c| fmt_money(store, c)),
                price: r.price.map(|c| fmt_money(store, c)),
                stock_value: fmt_money(store, r.value),
                status: r.status,
            })
            .collect();
        return print_json(&out);
    }
    let mut out = stdout();
    writeln!(
        out,
        "{:<16} {:<34} {:>8} {:>7} {:>10} {:>10}  STATUS",
        "SKU", "NAME", "ON HAND", "REORDER", "AVG COST", "PRICE"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:<16} {:<34} {:>8} {:>7} {:>10} {:>10}  {}",
            r.sku,
            cell(&r.name, 34),
            r.on_hand,
            or_dash(r.reorder_point),
            or_dash(r.avg_cost.map(|c| fmt_money(store, c))),
            or_dash(r.price.map(|c| fmt_money(store, c))),
            r.status.label()
        )?;
    }
    Ok(())
}

pub(super) fn alerts(store: &Store, json: bool) -> Result<()> {
    let alerts = crate::reorder::alerts(store, None, Utc::now())?;
    if json {
        return print_json(&alerts);
    }
    let mut out = stdout();
    writeln!(
        out,
        "{:<16} {:<30} {:>7} {:>8} {:>7} {:>7} {:>9} {:>8}  SUPPLIER",
        "SKU", "NAME", "ON HAND", "ON ORDER", "REORDER", "SUGG RP", "SUGGESTED", "COVER"
    )?;
    for a in &alerts {
        writeln!(
            out,
            "{:<16} {:<30} {:>7} {:>8} {:>7} {:>7} {:>9} {:>8}  {}",
            a.sku,
            cell(&a.name, 30),
            a.on_hand,
            a.on_order,
            or_dash(a.reorder_point),
            a.suggested_reorder_point,
            a.suggested_qty,
            or_dash(a.days_of_cover.map(|d| format!("{d:.0}d"))),
            or_dash(a.supplier.as_deref())
        )?;
    }
    Ok(())
}

pub(super) fn history(store: &Store, code: &str, json: bool) -> Result<()> {
    // An inactive item's history is kept, and shown.
    let item = store.resolve_any(code)?;
    let rows = store.history(item.id)?;
    if json {
        // Money as strings in major units (e.g. "4.20"), as in every money field of the
        // JSON output, so no amount goes through a float.
        let money = |v: i64| fmt_money(store, v);
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "doc": r.doc,
                    "at": r.at,
                    "kind": r.kind,
                    "qty": r.qty,
                    "balance": r.balance,
                    "user": r.user,
                    "value": money(r.value),
                    "unit_price": r.unit_price.map(money),
                    "reason": r.reason,
                    "reference": r.reference,
                })
            })
            .collect();
        return print_json(&rows);
    }
    let mut out = stdout();
    writeln!(out, "{} — {}", item.sku, sanitize(&item.name))?;
    writeln!(
        out,
        "{:<10} {:<27} {:<11} {:>7} {:>8}  USER  NOTE",
        "DOC", "AT", "KIND", "QTY", "BALANCE"
    )?;
    for r in &rows {
        let note = r.reason.clone().or(r.reference.clone()).unwrap_or_default();
        writeln!(
            out,
            "{:<10} {:<27} {:<11} {:>7} {:>8}  {}  {}",
            r.doc,
            r.at,
            r.kind,
            signed(r.qty),
            r.balance,
            r.user,
            sanitize(&note)
        )?;
    }
    Ok(())
}

/// `check`: exit 1 with the list of violations when an invariant fails.
pub(super) fn check(store: &Store) -> Result<Outcome> {
    let violations = store.check()?;
    if violations.is_empty() {
        println!("ok: all invariants hold ({})", store.path().display());
        return Ok(Outcome::Exit(0));
    }
    for v in &violations {
        println!("{v}");
    }
    eprintln!(
        "error: {} invariant violation(s) in {}",
        violations.len(),
        store.path().display()
    );
    Ok(Outcome::Exit(1))
}

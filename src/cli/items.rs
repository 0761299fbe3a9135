//! The catalogue: `item add|edit|show` and `supplier add|list`, the records that postings
//! and orders refer to.

use anyhow::{bail, Result};
use serde::Serialize;

use super::args::{ItemCommand, ItemFlags, SupplierCommand};
use super::common::{cell, fmt_money, opt_count, opt_money, or_dash, print_json};
use crate::domain::ledger::parse_positive_qty;
use crate::domain::text::sanitize;
use crate::store::{ItemFields, Store};

pub(super) fn item(store: &mut Store, cmd: ItemCommand) -> Result<()> {
    match cmd {
        ItemCommand::Add(flags) => add(store, &flags),
        ItemCommand::Edit {
            code,
            flags,
            remove_barcodes,
            inactive,
            active,
        } => {
            // clap refuses both; neither leaves it as it is.
            let set_active = match (inactive, active) {
                (true, _) => Some(false),
                (_, true) => Some(true),
                _ => None,
            };
            edit(store, &code, &flags, &remove_barcodes, set_active)
        }
        ItemCommand::Show { code, json } => show(store, &code, json),
    }
}

pub(super) fn supplier(store: &mut Store, cmd: SupplierCommand) -> Result<()> {
    match cmd {
        SupplierCommand::Add {
            name,
            contact,
            lead_time,
        } => supplier_add(store, &name, contact.as_deref(), &lead_time),
        SupplierCommand::List { json } => supplier_list(store, json),
        SupplierCommand::Rename { old, new } => {
            let s = store.rename_supplier(&old, &new)?;
            println!(
                "supplier {} renamed to {}",
                sanitize(old.trim()),
                sanitize(&s.name)
            );
            Ok(())
        }
        SupplierCommand::Merge { from, into } => {
            let (s, items, orders) = store.merge_suppliers(&from, &into)?;
            println!(
                "supplier {} merged into {}: {items} item{} and {orders} purchase order{} moved",
                sanitize(from.trim()),
                sanitize(&s.name),
                if items == 1 { "" } else { "s" },
                if orders == 1 { "" } else { "s" },
            );
            Ok(())
        }
    }
}

fn item_fields(store: &Store, f: &ItemFlags) -> Result<ItemFields> {
    Ok(ItemFields {
        sku: f.sku.clone(),
        name: f.name.clone(),
        product: f.product.clone(),
        variant: f.variant.clone(),
        barcodes: f.barcodes.clone(),
        price: opt_money(store, &f.price, "price")?,
        cost: opt_money(store, &f.cost, "cost")?,
        reorder_point: opt_count(&f.reorder_point, "reorder point")?,
        reorder_qty: opt_count(&f.reorder_qty, "reorder quantity")?,
        lead_time_days: opt_count(&f.lead_time, "lead time")?,
        pack: f
            .pack
            .as_deref()
            .map(|p| parse_positive_qty(p).map_err(|e| anyhow::anyhow!("pack: {e}")))
            .transpose()?,
        supplier: f.supplier.clone(),
        active: None,
        ..ItemFields::default()
    })
}

fn add(store: &mut Store, flags: &ItemFlags) -> Result<()> {
    if flags.sku.as_deref().is_none_or(|s| s.trim().is_empty()) {
        bail!("item add needs --sku");
    }
    if flags.name.as_deref().is_none_or(|s| s.trim().is_empty()) {
        bail!("item add needs a --name that is not empty");
    }
    let fields = item_fields(store, flags)?;
    let item = store.add_item_with(&fields, flags.new_supplier)?;
    println!("added {} ({})", item.sku, item.name);
    Ok(())
}

fn edit(
    store: &mut Store,
    code: &str,
    flags: &ItemFlags,
    remove_barcodes: &[String],
    set_active: Option<bool>,
) -> Result<()> {
    // Inactive items too: this is how one is made active again.
    let item = store.resolve_any(code)?;
    let fields = ItemFields {
        active: set_active,
        ..item_fields(store, flags)?
    };
    if fields == ItemFields::default() && remove_barcodes.is_empty() {
        bail!(
            "item edit '{}': nothing to change (give e.g. --price, --name, --remove-barcode or --inactive)",
            item.sku
        );
    }
    let item = store.edit_item_with(item.id, &fields, remove_barcodes, flags.new_supplier)?;
    let state = if item.active { "" } else { " · inactive" };
    println!("updated {} ({}){state}", item.sku, item.name);
    Ok(())
}

#[derive(Serialize)]
struct ItemJson {
    sku: String,
    name: String,
    product: Option<String>,
    variant: Option<String>,
    barcodes: Vec<String>,
    on_hand: i64,
    on_order: i64,
    reorder_point: Option<i64>,
    reorder_qty: Option<i64>,
    avg_cost: Option<String>,
    price: Option<String>,
    cost: Option<String>,
    stock_value: String,
    supplier: Option<String>,
    lead_time_days: Option<i64>,
    pack: i64,
    active: bool,
}

fn show(store: &Store, code: &str, json: bool) -> Result<()> {
    let item = store.resolve_any(code)?;
    let bal = store.balance(item.id)?;
    let j = ItemJson {
        sku: item.sku.clone(),
        name: item.name.clone(),
        product: item.product.clone(),
        variant: item.variant.clone(),
        barcodes: item.barcodes.clone(),
        on_hand: bal.on_hand,
        on_order: store.on_order(item.id)?,
        reorder_point: item.reorder_point,
        reorder_qty: item.reorder_qty,
        avg_cost: bal.avg_cost().map(|c| fmt_money(store, c)),
        price: item.price.map(|c| fmt_money(store, c)),
        cost: item.cost.map(|c| fmt_money(store, c)),
        stock_value: fmt_money(store, bal.value),
        supplier: item.supplier.clone(),
        lead_time_days: item.lead_time_days,
        pack: item.pack,
        active: item.active,
    };
    if json {
        return print_json(&j);
    }
    println!("SKU            {}", j.sku);
    if !j.active {
        println!("state          inactive (item edit {} --active)", j.sku);
    }
    println!("name           {}", sanitize(&j.name));
    if let Some(v) = &j.variant {
        println!("variant        {}", sanitize(v));
    }
    println!(
        "barcodes       {}",
        if j.barcodes.is_empty() {
            "-".into()
        } else {
            j.barcodes.join(", ")
        }
    );
    println!("on hand        {}", j.on_hand);
    println!("on order       {}", j.on_order);
    println!("reorder point  {}", or_dash(j.reorder_point));
    println!("reorder qty    {}", or_dash(j.reorder_qty));
    println!("price          {}", or_dash(j.price.as_deref()));
    println!("cost           {}", or_dash(j.cost.as_deref()));
    println!("average cost   {}", or_dash(j.avg_cost.as_deref()));
    println!("stock value    {}", j.stock_value);
    println!("supplier       {}", or_dash(j.supplier.as_deref()));
    Ok(())
}

fn supplier_add(
    store: &mut Store,
    name: &str,
    contact: Option<&str>,
    lead_time: &Option<String>,
) -> Result<()> {
    let lead = opt_count(lead_time, "lead time")?;
    let contact = contact.map(str::trim).filter(|c| !c.is_empty());
    let s = store.upsert_supplier(name, contact, lead)?;
    println!(
        "supplier {} · contact {} · lead time {}",
        sanitize(&s.name),
        or_dash(s.contact.as_deref().map(sanitize)),
        or_dash(s.lead_time_days.map(|d| format!("{d} days")))
    );
    Ok(())
}

fn supplier_list(store: &Store, json: bool) -> Result<()> {
    let all = store.suppliers()?;
    if json {
        return print_json(&all);
    }
    println!("{:<30} {:>9}  CONTACT", "SUPPLIER", "LEAD TIME");
    for s in &all {
        println!(
            "{:<30} {:>9}  {}",
            cell(&s.name, 30),
            or_dash(s.lead_time_days.map(|d| format!("{d}d"))),
            or_dash(s.contact.as_deref().map(sanitize))
        );
    }
    Ok(())
}

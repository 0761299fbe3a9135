//! The command line: thin over the store. Every failure is one `error:` line, exit 1.

pub mod args;
pub mod scan;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use args::Cli;
use args::{Command, ExportKind, ItemCommand, ItemFlags, OrderCommand, SupplierCommand};

use crate::domain::ledger::{parse_count_qty, parse_positive_qty, parse_signed_qty, DocKind};
use crate::domain::money::{format_money, parse_money};
use crate::store::{
    default_path, ItemFields, NoStore, OrderView, PostLine, PostRequest, StockQuery, Store,
};

/// What main should do after a command.
pub enum Outcome {
    Exit(i32),
    /// Open the TUI on this store.
    Tui(PathBuf),
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => default_path()?,
    };
    let command = cli.command.unwrap_or(Command::Tui);
    match command {
        Command::Tui => {
            open_or_offer_to_create(&path)?;
            Ok(Outcome::Tui(path))
        }
        Command::Demo => {
            let demo = demo_path(&path);
            let mut store = Store::open(&demo)?;
            if store.is_empty()? {
                crate::demo::load(&mut store, Utc::now())?;
            }
            Ok(Outcome::Tui(demo))
        }
        Command::Init { demo } => {
            let mut store = Store::open(&path)?;
            if demo {
                if !store.is_empty()? {
                    bail!(
                        "{} already holds items or postings; --demo loads only into an empty store",
                        path.display()
                    );
                }
                let n = crate::demo::load(&mut store, Utc::now())?;
                println!("demo store ready at {} ({n} items)", path.display());
            } else {
                println!("store ready at {}", path.display());
            }
            Ok(Outcome::Exit(0))
        }
        // Moving in: the first import builds the store (see `import::run_cli_new_store`).
        Command::Import {
            file,
            format,
            dry_run,
            skip_invalid,
        } if std::fs::symlink_metadata(&path).is_err() => {
            crate::import::run_cli_new_store(&path, &file, format.as_deref(), dry_run, skip_invalid)
                .map(Outcome::Exit)
        }
        other => {
            let mut store = Store::open_existing(&path)?;
            run_on_store(&mut store, other)
        }
    }
}

/// Before the TUI starts: open the store, or, when there is none and standard input is a
/// terminal, ask on the plain terminal whether to create it (as `init` does). Anything but
/// `y` (or no terminal to ask on) is the `no store` error, and nothing is created.
fn open_or_offer_to_create(path: &Path) -> Result<()> {
    use std::io::IsTerminal;
    match Store::open_existing(path) {
        Ok(_) => Ok(()),
        Err(e) if e.downcast_ref::<NoStore>().is_some() && std::io::stdin().is_terminal() => {
            let stdin = std::io::stdin();
            let yes = ask_to_create(path, &mut stdin.lock(), &mut std::io::stderr())
                .context("asking whether to create the store")?;
            if !yes {
                return Err(e);
            }
            Store::open(path)?;
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Ask `No store at PATH. Create it? [y/N] ` and read one line: true for `y` or `yes`.
pub fn ask_to_create(
    path: &Path,
    input: &mut impl std::io::BufRead,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    write!(out, "No store at {}. Create it? [y/N] ", path.display())?;
    out.flush()?;
    let mut answer = String::new();
    if input.read_line(&mut answer)? == 0 {
        // Ctrl-D: end the prompt's line before the error goes on the terminal.
        writeln!(out)?;
    }
    let answer = answer.trim();
    Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
}

/// The demo store: its own file beside the default one.
pub fn demo_path(default: &Path) -> PathBuf {
    let dir = default.parent().map(Path::to_path_buf).unwrap_or_default();
    dir.join("demo.db")
}

fn money(store: &Store, raw: &str, what: &str) -> Result<i64> {
    parse_money(raw, store.settings().currency_decimals).map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

fn opt_money(store: &Store, raw: &Option<String>, what: &str) -> Result<Option<i64>> {
    raw.as_deref().map(|r| money(store, r, what)).transpose()
}

fn fmt_money(store: &Store, v: i64) -> String {
    format_money(v, store.settings().currency_decimals)
}

fn opt_count(raw: &Option<String>, what: &str) -> Result<Option<i64>> {
    raw.as_deref()
        .map(|r| parse_count_qty(r).map_err(|e| anyhow::anyhow!("{what}: {e}")))
        .transpose()
}

fn parse_at(raw: &Option<String>) -> Result<Option<DateTime<Utc>>> {
    match raw {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| {
                anyhow::anyhow!(
                    "--at '{s}' is not an RFC 3339 time ({e}); e.g. 2026-03-01T14:30:00Z"
                )
            }),
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

fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, v).context("writing JSON")?;
    writeln!(out)?;
    out.flush().context("writing JSON")?;
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
}

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
    status: crate::store::StockStatus,
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

fn parse_order_id(raw: &str) -> Result<i64> {
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

/// A one-line posting, as the single-item commands do it.
fn post_one(
    store: &mut Store,
    kind: DocKind,
    code: &str,
    line: PostLine,
    req: impl FnOnce(&mut PostRequest),
) -> Result<()> {
    let item = store.resolve(code)?;
    let mut r = PostRequest::new(
        kind,
        vec![PostLine {
            item_id: item.id,
            ..line
        }],
    );
    req(&mut r);
    let posted = store.post(&r)?;
    for l in &posted.lines {
        println!(
            "{} {} {} on hand {}",
            posted.doc,
            l.sku,
            signed(l.qty),
            l.on_hand
        );
    }
    Ok(())
}

fn signed(q: i64) -> String {
    if q > 0 {
        format!("+{q}")
    } else {
        q.to_string()
    }
}

fn run_on_store(store: &mut Store, command: Command) -> Result<Outcome> {
    match command {
        Command::Init { .. } | Command::Tui | Command::Demo => unreachable_command(),
        Command::Item(ItemCommand::Add(flags)) => {
            if flags.sku.as_deref().is_none_or(|s| s.trim().is_empty()) {
                bail!("item add needs --sku");
            }
            if flags.name.as_deref().is_none_or(|s| s.trim().is_empty()) {
                bail!("item add needs a --name that is not empty");
            }
            let fields = item_fields(store, &flags)?;
            let item = store.add_item(&fields)?;
            println!("added {} ({})", item.sku, item.name);
            Ok(Outcome::Exit(0))
        }
        Command::Item(ItemCommand::Edit { code, flags }) => {
            let item = store.resolve(&code)?;
            let fields = item_fields(store, &flags)?;
            if fields == ItemFields::default() {
                bail!(
                    "item edit '{}': nothing to change (give e.g. --price or --name)",
                    item.sku
                );
            }
            let item = store.edit_item(item.id, &fields)?;
            println!("updated {} ({})", item.sku, item.name);
            Ok(Outcome::Exit(0))
        }
        Command::Item(ItemCommand::Show { code, json }) => {
            let item = store.resolve(&code)?;
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
            };
            if json {
                print_json(&j)?;
            } else {
                let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                println!("SKU            {}", j.sku);
                println!("name           {}", crate::domain::text::sanitize(&j.name));
                if let Some(v) = &j.variant {
                    println!("variant        {}", crate::domain::text::sanitize(v));
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
                println!(
                    "reorder point  {}",
                    j.reorder_point.map_or("-".into(), |v| v.to_string())
                );
                println!(
                    "reorder qty    {}",
                    j.reorder_qty.map_or("-".into(), |v| v.to_string())
                );
                println!("price          {}", opt(&j.price));
                println!("cost           {}", opt(&j.cost));
                println!("average cost   {}", opt(&j.avg_cost));
                println!("stock value    {}", j.stock_value);
                println!("supplier       {}", opt(&j.supplier));
            }
            Ok(Outcome::Exit(0))
        }
        Command::Receive {
            code,
            qty,
            cost,
            reference,
            order,
            extra,
            at,
        } => {
            let qty = parse_positive_qty(&qty).map_err(anyhow::Error::msg)?;
            let cost = opt_money(store, &cost, "cost")?;
            let at = parse_at(&at)?;
            let order_id = order.as_deref().map(parse_order_id).transpose()?;
            let item = store.resolve(&code)?;
            let mut unit_cost = cost;
            if let Some(oid) = order_id {
                let Some(o) = store.order(oid)? else {
                    bail!("unknown purchase order {oid}");
                };
                if !o.state.is_open() {
                    bail!(
                        "purchase order {oid} is {}; nothing can be received against it",
                        o.state.as_str()
                    );
                }
                let line = o.lines.iter().find(|l| l.item_id == item.id);
                match line {
                    None if !extra => bail!(
                        "'{}' is not on purchase order {oid} (--extra receives it anyway)",
                        item.sku
                    ),
                    None => {}
                    Some(l) => {
                        let open = (l.qty - l.received).max(0);
                        if qty > open && !extra {
                            bail!(
                                "'{}': {qty} is more than the {open} still open on purchase order {oid} ({} ordered, {} received; --extra receives it anyway)",
                                item.sku,
                                l.qty,
                                l.received
                            );
                        }
                        if unit_cost.is_none() {
                            unit_cost = l.unit_cost;
                        }
                    }
                }
            }
            post_one(
                store,
                DocKind::Receipt,
                &item.sku,
                PostLine {
                    item_id: 0,
                    qty,
                    unit_cost,
                    unit_price: None,
                },
                |r| {
                    r.reference = reference;
                    r.at = at;
                    r.order_id = order_id;
                },
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Sell {
            code,
            qty,
            price,
            reference,
            at,
        } => {
            let qty = parse_positive_qty(&qty).map_err(anyhow::Error::msg)?;
            let price = opt_money(store, &price, "price")?;
            let at = parse_at(&at)?;
            post_one(
                store,
                DocKind::Sale,
                &code,
                PostLine {
                    item_id: 0,
                    qty,
                    unit_cost: None,
                    unit_price: price,
                },
                |r| {
                    r.reference = reference;
                    r.at = at;
                },
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Return {
            code,
            qty,
            reference,
            at,
        } => {
            let qty = parse_positive_qty(&qty).map_err(anyhow::Error::msg)?;
            let at = parse_at(&at)?;
            post_one(
                store,
                DocKind::Return,
                &code,
                PostLine {
                    item_id: 0,
                    qty,
                    unit_cost: None,
                    unit_price: None,
                },
                |r| {
                    r.reference = reference;
                    r.at = at;
                },
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Adjust {
            code,
            delta,
            reason,
        } => {
            let delta = parse_signed_qty(&delta).map_err(anyhow::Error::msg)?;
            if delta == 0 {
                bail!("an adjustment of 0 changes nothing; give e.g. -2 or 3");
            }
            post_one(
                store,
                DocKind::Adjustment,
                &code,
                PostLine {
                    item_id: 0,
                    qty: delta,
                    unit_cost: None,
                    unit_price: None,
                },
                |r| {
                    r.reason = Some(reason);
                },
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Count { code, qty } => {
            let qty = parse_count_qty(&qty).map_err(anyhow::Error::msg)?;
            post_one(
                store,
                DocKind::Count,
                &code,
                PostLine {
                    item_id: 0,
                    qty,
                    unit_cost: None,
                    unit_price: None,
                },
                |_| {},
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Void { doc, reason } => {
            let uuid = crate::store::new_document_uuid();
            let posted = store.void(&doc, &reason, &uuid)?;
            for l in &posted.lines {
                println!(
                    "{} {} {} on hand {}",
                    posted.doc,
                    l.sku,
                    signed(l.qty),
                    l.on_hand
                );
            }
            Ok(Outcome::Exit(0))
        }
        Command::Stock { json, low } => {
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
                print_json(&out)?;
            } else {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                writeln!(
                    out,
                    "{:<16} {:<34} {:>8} {:>7} {:>10} {:>10}  STATUS",
                    "SKU", "NAME", "ON HAND", "REORDER", "AVG COST", "PRICE"
                )?;
                for r in &rows {
                    let name: String = crate::domain::text::sanitize(&r.name)
                        .chars()
                        .take(34)
                        .collect();
                    writeln!(
                        out,
                        "{:<16} {:<34} {:>8} {:>7} {:>10} {:>10}  {}",
                        r.sku,
                        name,
                        r.on_hand,
                        r.reorder_point.map_or("-".into(), |v| v.to_string()),
                        r.avg_cost.map_or("-".into(), |c| fmt_money(store, c)),
                        r.price.map_or("-".into(), |c| fmt_money(store, c)),
                        r.status.label()
                    )?;
                }
            }
            Ok(Outcome::Exit(0))
        }
        Command::Alerts { json } => {
            let alerts = crate::reorder::alerts(store, None, Utc::now())?;
            if json {
                print_json(&alerts)?;
            } else {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                writeln!(
                    out,
                    "{:<16} {:<30} {:>7} {:>8} {:>7} {:>7} {:>9} {:>8}  SUPPLIER",
                    "SKU",
                    "NAME",
                    "ON HAND",
                    "ON ORDER",
                    "REORDER",
                    "SUGG RP",
                    "SUGGESTED",
                    "COVER"
                )?;
                for a in &alerts {
                    let name: String = crate::domain::text::sanitize(&a.name)
                        .chars()
                        .take(30)
                        .collect();
                    writeln!(
                        out,
                        "{:<16} {:<30} {:>7} {:>8} {:>7} {:>7} {:>9} {:>8}  {}",
                        a.sku,
                        name,
                        a.on_hand,
                        a.on_order,
                        a.reorder_point.map_or("-".into(), |v| v.to_string()),
                        a.suggested_reorder_point,
                        a.suggested_qty,
                        a.days_of_cover.map_or("-".into(), |d| format!("{d:.0}d")),
                        a.supplier.clone().unwrap_or_else(|| "-".into())
                    )?;
                }
            }
            Ok(Outcome::Exit(0))
        }
        Command::History { code, json } => {
            let item = store.resolve(&code)?;
            let rows = store.history(item.id)?;
            if json {
                // Money as strings in major units, as CONTRACT.md has for every money field.
                let d = store.settings().currency_decimals;
                let money = |v: i64| crate::domain::money::format_money(v, d);
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
                print_json(&rows)?;
            } else {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                writeln!(
                    out,
                    "{} — {}",
                    item.sku,
                    crate::domain::text::sanitize(&item.name)
                )?;
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
                        crate::domain::text::sanitize(&note)
                    )?;
                }
            }
            Ok(Outcome::Exit(0))
        }
        Command::Check => {
            let violations = store.check()?;
            if violations.is_empty() {
                println!("ok: all invariants hold ({})", store.path().display());
                Ok(Outcome::Exit(0))
            } else {
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
        }
        Command::Order(cmd) => run_order(store, cmd),
        Command::Supplier(cmd) => run_supplier(store, cmd),
        Command::Scan { mode } => {
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            let tally = scan::run_counted(store, mode, stdin.lock(), stdout.lock())?;
            // Each failed line has its `error LINE MESSAGE` on standard output; standard
            // error gets the one `error:` line every failing command ends with.
            match tally.error_line() {
                Some(line) => {
                    eprintln!("{line}");
                    Ok(Outcome::Exit(1))
                }
                None => Ok(Outcome::Exit(0)),
            }
        }
        Command::Import {
            file,
            format,
            dry_run,
            skip_invalid,
        } => crate::import::run_cli(store, &file, format.as_deref(), dry_run, skip_invalid)
            .map(Outcome::Exit),
        Command::Export { kind, output } => {
            export(store, kind, output.as_deref())?;
            Ok(Outcome::Exit(0))
        }
        Command::Backup { file } => {
            store.backup_to(&file)?;
            println!("backup written to {}", file.display());
            Ok(Outcome::Exit(0))
        }
    }
}

fn unreachable_command() -> Result<Outcome> {
    bail!("internal: this command is handled before the store opens")
}

fn run_supplier(store: &mut Store, cmd: SupplierCommand) -> Result<Outcome> {
    match cmd {
        SupplierCommand::Add {
            name,
            contact,
            lead_time,
        } => {
            let lead = opt_count(&lead_time, "lead time")?;
            let contact = contact.as_deref().map(str::trim).filter(|c| !c.is_empty());
            let s = store.upsert_supplier(&name, contact, lead)?;
            println!(
                "supplier {} · contact {} · lead time {}",
                crate::domain::text::sanitize(&s.name),
                s.contact
                    .as_deref()
                    .map(crate::domain::text::sanitize)
                    .unwrap_or_else(|| "-".into()),
                s.lead_time_days.map_or("-".into(), |d| format!("{d} days"))
            );
        }
        SupplierCommand::List { json } => {
            let all = store.suppliers()?;
            if json {
                print_json(&all)?;
            } else {
                println!("{:<30} {:>9}  CONTACT", "SUPPLIER", "LEAD TIME");
                for s in &all {
                    let name: String = crate::domain::text::sanitize(&s.name)
                        .chars()
                        .take(30)
                        .collect();
                    println!(
                        "{:<30} {:>9}  {}",
                        name,
                        s.lead_time_days.map_or("-".into(), |d| format!("{d}d")),
                        s.contact
                            .as_deref()
                            .map(crate::domain::text::sanitize)
                            .unwrap_or_else(|| "-".into())
                    );
                }
            }
        }
    }
    Ok(Outcome::Exit(0))
}

fn run_order(store: &mut Store, cmd: OrderCommand) -> Result<Outcome> {
    match cmd {
        OrderCommand::Draft { supplier } => {
            let supplier_id = match supplier.as_deref() {
                None => None,
                Some(name) => match store.supplier_by_name(name)? {
                    Some(s) => Some(s.id),
                    None => bail!("unknown supplier '{}'", name.trim()),
                },
            };
            let alerts = crate::reorder::alerts(store, supplier_id, Utc::now())?;
            let ids = crate::purchasing::draft_orders(store, &alerts, None)?;
            if ids.is_empty() {
                println!(
                    "nothing to order: no item at its reorder point needs more than is on order"
                );
            }
            for id in ids {
                println!("{id}");
            }
            Ok(Outcome::Exit(0))
        }
        OrderCommand::List { json } => {
            let orders = store.orders()?;
            if json {
                let v: Vec<OrderJson> = orders.iter().map(|o| order_json(store, o)).collect();
                print_json(&v)?;
            } else {
                println!(
                    "{:>5}  {:<10} {:<24} {:>5} {:>9} {:>9}  CREATED",
                    "ID", "STATE", "SUPPLIER", "LINES", "ORDERED", "RECEIVED"
                );
                for o in &orders {
                    println!(
                        "{:>5}  {:<10} {:<24} {:>5} {:>9} {:>9}  {}",
                        o.id,
                        o.state.as_str(),
                        o.supplier.clone().unwrap_or_else(|| "-".into()),
                        o.lines.len(),
                        o.lines.iter().map(|l| l.qty).sum::<i64>(),
                        o.lines.iter().map(|l| l.received).sum::<i64>(),
                        o.created_at
                    );
                }
            }
            Ok(Outcome::Exit(0))
        }
        OrderCommand::Show { id, json } => {
            let id = parse_order_id(&id)?;
            let Some(o) = store.order(id)? else {
                bail!("unknown purchase order {id}");
            };
            if json {
                print_json(&order_json(store, &o))?;
            } else {
                println!(
                    "purchase order {} — {} — {}",
                    o.id,
                    o.supplier.clone().unwrap_or_else(|| "no supplier".into()),
                    o.state.as_str()
                );
                println!(
                    "{:<16} {:<32} {:>7} {:>9} {:>10}",
                    "SKU", "NAME", "QTY", "RECEIVED", "UNIT COST"
                );
                for l in &o.lines {
                    let name: String = crate::domain::text::sanitize(&l.name)
                        .chars()
                        .take(32)
                        .collect();
                    println!(
                        "{:<16} {:<32} {:>7} {:>9} {:>10}",
                        l.sku,
                        name,
                        l.qty,
                        l.received,
                        l.unit_cost.map_or("-".into(), |c| fmt_money(store, c))
                    );
                }
            }
            Ok(Outcome::Exit(0))
        }
        OrderCommand::Export { id, output } => {
            let id = parse_order_id(&id)?;
            let Some(o) = store.order(id)? else {
                bail!("unknown purchase order {id}");
            };
            let csv = crate::purchasing::order_csv(store, &o)?;
            write_output(output.as_deref(), csv.as_bytes())?;
            Ok(Outcome::Exit(0))
        }
        OrderCommand::Send { id } => set_state(store, &id, crate::store::OrderState::Sent),
        OrderCommand::Cancel { id } => set_state(store, &id, crate::store::OrderState::Cancelled),
        OrderCommand::Close { id } => {
            let oid = parse_order_id(&id)?;
            let open: Vec<String> = match store.order(oid)? {
                Some(o) => o
                    .open_lines()
                    .map(|l| format!("{} ({} of {} received)", l.sku, l.received, l.qty))
                    .collect(),
                None => bail!("unknown purchase order {oid}"),
            };
            let out = set_state(store, &id, crate::store::OrderState::Closed)?;
            if !open.is_empty() {
                println!(
                    "closed with {} line(s) still open: {}",
                    open.len(),
                    open.join(", ")
                );
            }
            Ok(out)
        }
        OrderCommand::SetQty { id, code, qty } => {
            let id = parse_order_id(&id)?;
            let qty = parse_count_qty(&qty).map_err(anyhow::Error::msg)?;
            let item = store.resolve(&code)?;
            store.set_order_line(id, item.id, qty)?;
            println!("order {id}: {} set to {qty}", item.sku);
            Ok(Outcome::Exit(0))
        }
    }
}

fn set_state(store: &mut Store, id: &str, to: crate::store::OrderState) -> Result<Outcome> {
    let id = parse_order_id(id)?;
    let o = store.set_order_state(id, to)?;
    println!("order {} is now {}", o.id, o.state.as_str());
    Ok(Outcome::Exit(0))
}

/// Write to a file (all or nothing: a temp file renamed into place) or to stdout.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).context("writing to standard output")?;
            out.flush()?;
        }
        Some(p) => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                bail!(
                    "cannot write {}: folder {} does not exist",
                    p.display(),
                    dir.display()
                );
            }
            let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
            std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", p.display()))?;
            std::fs::rename(&tmp, p).with_context(|| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write {}", p.display())
            })?;
        }
    }
    Ok(())
}

fn export(store: &Store, kind: ExportKind, output: Option<&Path>) -> Result<()> {
    let bytes = match kind {
        ExportKind::Stock => crate::import::export_stock(store)?,
        ExportKind::Movements => crate::import::export_movements(store)?,
        ExportKind::ShopifyInventory => crate::import::export_shopify_inventory(store)?,
    };
    write_output(output, &bytes)
}

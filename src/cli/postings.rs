//! The one-item postings: `receive`, `sell`, `return`, `adjust`, `count`, and `void` to
//! reverse any document. Each posts one document and prints one line per moved item.

use anyhow::{bail, Result};

use super::args::{ReceiveArgs, ReturnArgs, SellArgs};
use super::common::{opt_money, parse_at, signed};
use super::orders::{find_order, parse_order_id};
use crate::domain::ledger::{parse_count_qty, parse_positive_qty, parse_signed_qty, DocKind};
use crate::domain::purchasing::OffOrder;
use crate::store::{PostLine, PostRequest, Posted, Store};

pub(super) fn receive(store: &mut Store, a: ReceiveArgs) -> Result<()> {
    let qty = parse_positive_qty(&a.qty).map_err(anyhow::Error::msg)?;
    let cost = opt_money(store, &a.cost, "cost")?;
    let at = parse_at(&a.at)?;
    let order_id = a.order.as_deref().map(parse_order_id).transpose()?;
    let item = store.resolve(&a.code)?;
    let mut unit_cost = cost;
    if let Some(oid) = order_id {
        let order_cost = receivable_on_order(store, oid, item.id, &item.sku, qty, a.extra)?;
        unit_cost = unit_cost.or(order_cost);
    }
    let reference = a.reference;
    post_one(
        store,
        DocKind::Receipt,
        &item.sku,
        PostLine {
            unit_cost,
            ..line(qty)
        },
        |r| {
            r.reference = reference;
            r.at = at;
            r.order_id = order_id;
        },
    )
}

/// `receive --order`: refuses what the order does not take (an order no longer open; without
/// `--extra`, an item not on it or more than its line still has open). Gives the order
/// line's unit cost, the receipt's cost when `--cost` is not given.
fn receivable_on_order(
    store: &Store,
    oid: i64,
    item_id: i64,
    sku: &str,
    qty: i64,
    extra: bool,
) -> Result<Option<i64>> {
    let o = find_order(store, oid)?;
    if !o.state.is_open() {
        bail!(
            "purchase order {oid} is {}; nothing can be received against it",
            o.state.as_str()
        );
    }
    // The receiving rule is the domain's (`domain::purchasing::off_order`); `--extra` is the
    // command line's "yes".
    let (line, off) = o.off_order(item_id, qty);
    match (off, line) {
        (Some(OffOrder::MoreThanOpen { open }), Some(l)) if !extra => bail!(
            "'{sku}': {qty} is more than the {open} still open on purchase order {oid} ({} ordered, {} received; --extra receives it anyway)",
            l.qty,
            l.received
        ),
        (Some(_), _) if !extra => {
            bail!("'{sku}' is not on purchase order {oid} (--extra receives it anyway)")
        }
        _ => Ok(line.and_then(|l| l.unit_cost)),
    }
}

pub(super) fn sell(store: &mut Store, a: SellArgs) -> Result<()> {
    let qty = parse_positive_qty(&a.qty).map_err(anyhow::Error::msg)?;
    let price = opt_money(store, &a.price, "price")?;
    let at = parse_at(&a.at)?;
    let reference = a.reference;
    post_one(
        store,
        DocKind::Sale,
        &a.code,
        PostLine {
            unit_price: price,
            ..line(qty)
        },
        |r| {
            r.reference = reference;
            r.at = at;
        },
    )
}

pub(super) fn customer_return(store: &mut Store, a: ReturnArgs) -> Result<()> {
    let qty = parse_positive_qty(&a.qty).map_err(anyhow::Error::msg)?;
    let at = parse_at(&a.at)?;
    let reference = a.reference;
    post_one(store, DocKind::Return, &a.code, line(qty), |r| {
        r.reference = reference;
        r.at = at;
    })
}

pub(super) fn adjust(store: &mut Store, code: &str, delta: &str, reason: String) -> Result<()> {
    let delta = parse_signed_qty(delta).map_err(anyhow::Error::msg)?;
    if delta == 0 {
        bail!("an adjustment of 0 changes nothing; give e.g. -2 or 3");
    }
    post_one(store, DocKind::Adjustment, code, line(delta), |r| {
        r.reason = Some(reason);
    })
}

pub(super) fn count(store: &mut Store, code: &str, qty: &str) -> Result<()> {
    let qty = parse_count_qty(qty).map_err(anyhow::Error::msg)?;
    post_one(store, DocKind::Count, code, line(qty), |_| {})
}

pub(super) fn void(store: &mut Store, doc: &str, reason: &str) -> Result<()> {
    let uuid = crate::store::new_document_uuid();
    let posted = store.void(doc, reason, &uuid)?;
    print_posted(&posted);
    Ok(())
}

/// A line of `qty` with no unit cost or price of its own; `post_one` sets the item.
fn line(qty: i64) -> PostLine {
    PostLine {
        item_id: 0,
        qty,
        unit_cost: None,
        unit_price: None,
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
    print_posted(&posted);
    Ok(())
}

/// `DOC SKU ±QTY on hand N`, one line per line of the posted document.
fn print_posted(posted: &Posted) {
    for l in &posted.lines {
        println!(
            "{} {} {} on hand {}",
            posted.doc,
            l.sku,
            signed(l.qty),
            l.on_hand
        );
    }
}

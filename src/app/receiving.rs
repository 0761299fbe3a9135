//! Receiving (F3): goods in. Lines carry the unit cost (the item's cost unless edited); an
//! unknown code opens a quick-create form with the code filled in.

use anyhow::Result;

use super::doc_role::DocRole;
use super::document::{REORDER_POINT, SUPPLIER};
use super::form::Form;
use super::App;
use crate::domain::gtin::Code;
use crate::domain::purchasing::OffOrder;
use crate::domain::text::sanitize;
use crate::store::{DraftLine, ItemFields, OrderView, Refusal};

impl App {
    /// Save the quick-create form: create the item (the scanned code as its barcode when it
    /// is not simply its SKU), then add the scanned quantity to the receipt.
    pub(crate) fn submit_quick_create(
        &mut self,
        form: &mut Form,
        code: &str,
        qty: i64,
    ) -> Result<()> {
        let decimals = self.currency_decimals();
        if let Err(p) = form.validate(decimals) {
            return Err(Refusal(p).into());
        }
        let sku = form.text("SKU").unwrap_or_default();
        let is_gtin = matches!(Code::parse(code), Ok(Code::Gtin(_)));
        let barcodes = if is_gtin || !sku.eq_ignore_ascii_case(code.trim()) {
            vec![code.to_string()]
        } else {
            Vec::new()
        };
        // A supplier no supplier has is asked about (a typo must not make a second
        // supplier): the first save names it and refuses; saving again adds it.
        let new_supplier = form.ask_about_new_supplier(&self.store, SUPPLIER)?;
        let supplier = form.text(SUPPLIER);
        let fields = ItemFields {
            sku: Some(sku),
            name: form.text("Name"),
            price: form.money("Price", decimals),
            cost: form.money("Cost", decimals),
            reorder_point: form.number(REORDER_POINT),
            supplier: supplier.clone(),
            barcodes,
            ..ItemFields::default()
        };
        let item = self.store.add_item_with(&fields, new_supplier)?;
        if let Some(s) = item.supplier.clone().or(supplier) {
            self.last_supplier = Some(s);
        }
        self.add_item_to_doc(DocRole::Receiving, &item, qty);
        Ok(())
    }
}

/// Why a receipt line needs a "yes" before it goes on a receipt against `order`: the item
/// is not on the order, or the document would hold more than is still open on it.
pub fn off_order_reason(
    order: &OrderView,
    item_id: i64,
    sku: &str,
    total_qty: i64,
) -> Option<String> {
    let sku = sanitize(sku);
    match order.off_order(item_id, total_qty) {
        (_, None) => None,
        (Some(l), Some(OffOrder::MoreThanOpen { open })) => Some(format!(
            "{sku}: {total_qty} would be more than the {open} still open on purchase order {} ({} ordered, {} received). Receive it anyway?",
            order.id, l.qty, l.received
        )),
        (_, Some(_)) => Some(format!(
            "{sku} is not on purchase order {}. Receive it anyway?",
            order.id
        )),
    }
}

/// The open purchase order a plain receipt's lines are on (units still open), and the
/// question that offers it: "TEA-1 ×6 is on purchase order 4 (6 open)". When the lines are
/// on several orders, the one holding most of them is offered (the oldest on a tie) and
/// the question says the others stay plain. `None`: no line is on an open order.
pub fn order_offer(orders: &[OrderView], lines: &[DraftLine]) -> Option<(i64, String)> {
    let on = |o: &OrderView, item_id: i64| {
        o.lines
            .iter()
            .find(|l| l.item_id == item_id && l.open() > 0)
            .map(|l| l.open())
    };
    let open: Vec<&OrderView> = orders.iter().filter(|o| o.state.is_open()).collect();
    let best = open
        .iter()
        .map(|o| {
            (
                lines.iter().filter(|l| on(o, l.item_id).is_some()).count(),
                o,
            )
        })
        .filter(|(n, _)| *n > 0)
        .min_by_key(|(n, o)| (std::cmp::Reverse(*n), o.id))
        .map(|(_, o)| *o)?;
    let mut named: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            on(best, l.item_id).map(|open| format!("{} ×{} ({open} open)", sanitize(&l.sku), l.qty))
        })
        .collect();
    let n = named.len();
    if n > 3 {
        named.truncate(3);
        named.push(format!("{} more", n - 3));
    }
    let mut question = format!(
        "{} {} on purchase order {}{}.",
        named.join(", "),
        if n == 1 { "is" } else { "are" },
        best.id,
        best.supplier
            .as_deref()
            .map(|s| format!(" from {}", sanitize(s)))
            .unwrap_or_default()
    );
    let elsewhere = lines
        .iter()
        .filter(|l| on(best, l.item_id).is_none())
        .filter(|l| open.iter().any(|o| on(o, l.item_id).is_some()))
        .count();
    if elsewhere > 0 {
        question.push_str(&format!(
            " {elsewhere} other line{} on another order stay{} plain (receive those from Orders, F7).",
            if elsewhere == 1 { "" } else { "s" },
            if elsewhere == 1 { "s" } else { "" }
        ));
    }
    question.push_str(" Tick them off the order?");
    Some((best.id, question))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OrderLineView, OrderState};

    fn order() -> OrderView {
        OrderView {
            id: 7,
            supplier: Some("Tea Co".into()),
            supplier_id: Some(1),
            state: OrderState::Sent,
            created_at: "2026-01-01T00:00:00Z".into(),
            note: None,
            lines: vec![OrderLineView {
                item_id: 1,
                sku: "TEA".into(),
                name: "Tea".into(),
                qty: 10,
                received: 4,
                unit_cost: Some(120),
            }],
        }
    }

    #[test]
    fn within_what_is_open_needs_no_question() {
        assert_eq!(off_order_reason(&order(), 1, "TEA", 6), None);
    }

    #[test]
    fn more_than_is_open_asks_and_says_the_figures() {
        let q = off_order_reason(&order(), 1, "TEA", 7).unwrap_or_default();
        assert!(q.contains("7 would be more than the 6 still open"), "{q}");
    }

    #[test]
    fn an_item_not_on_the_order_asks() {
        let q = off_order_reason(&order(), 2, "MUG", 1).unwrap_or_default();
        assert!(q.contains("MUG is not on purchase order 7"), "{q}");
    }

    fn line(item_id: i64, sku: &str, qty: i64) -> DraftLine {
        DraftLine {
            item_id,
            sku: sku.into(),
            name: String::new(),
            qty,
            unit_amount: None,
        }
    }

    #[test]
    fn the_order_holding_most_lines_is_offered_and_the_rest_said_to_stay_plain() {
        let mut other = order();
        other.id = 8;
        other.lines[0].item_id = 2;
        other.lines[0].sku = "MUG".into();
        let mut both = order();
        both.id = 9;
        both.lines.push(other.lines[0].clone());
        both.lines[0].item_id = 3;
        // Order 9 holds MUG and item 3; order 7 holds TEA: 9 is offered, TEA stays plain.
        let lines = [line(1, "TEA", 2), line(2, "MUG", 1), line(3, "CUP", 1)];
        let (id, q) = order_offer(&[order(), both], &lines).expect("offer");
        assert_eq!(id, 9);
        assert!(q.contains("MUG ×1 (6 open), CUP ×1 (6 open) are on"), "{q}");
        assert!(
            q.contains("1 other line on another order stays plain"),
            "{q}"
        );
        // Nothing open, or a closed order: no offer.
        let mut closed = order();
        closed.state = OrderState::Closed;
        assert_eq!(order_offer(&[closed], &lines), None);
        assert_eq!(order_offer(&[order()], &[line(5, "X", 1)]), None);
    }

    #[test]
    fn open_units_ignore_over_deliveries() {
        let mut o = order();
        o.lines[0].received = 12;
        assert_eq!(o.open_units(), 0);
        assert_eq!(order().open_units(), 6);
    }
}

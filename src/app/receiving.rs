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
use crate::store::{ItemFields, OrderView, Refusal};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OrderLineView, OrderState};

    fn order() -> OrderView {
        OrderView {
            id: 7,
            supplier: Some("Tea Co".into()),
            state: OrderState::Sent,
            created_at: "2026-01-01T00:00:00Z".into(),
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

    #[test]
    fn open_units_ignore_over_deliveries() {
        let mut o = order();
        o.lines[0].received = 12;
        assert_eq!(o.open_units(), 0);
        assert_eq!(order().open_units(), 6);
    }
}

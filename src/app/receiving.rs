//! Receiving (F3): goods in. Lines carry the unit cost (the item's cost unless edited); an
//! unknown code opens a quick-create form with the code filled in.

use anyhow::Result;

use super::doc_role::DocRole;
use super::form::Form;
use super::App;
use crate::domain::gtin::Code;
use crate::store::{ItemFields, Refusal};

impl App {
    /// Save the quick-create form: create the item (the scanned code as its barcode when it
    /// is not simply its SKU), then add the scanned quantity to the receipt.
    pub(crate) fn submit_quick_create(&mut self, form: &Form, code: &str, qty: i64) -> Result<()> {
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
        let fields = ItemFields {
            sku: Some(sku),
            name: form.text("Name"),
            price: form.money("Price", decimals),
            cost: form.money("Cost", decimals),
            barcodes,
            ..ItemFields::default()
        };
        let item = self.store.add_item(&fields)?;
        self.add_item_to_doc(DocRole::Receiving, &item, qty);
        Ok(())
    }
}

//! Item detail: fields, barcodes, the ledger with its running balance, 30 days of sales,
//! average cost and stock value. From here: edit, count, adjust, add a new item.

use anyhow::{Context, Result};

use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::stock_list::{barcode_changes, item_fields, BARCODES};
use super::{App, Modal, Screen};
use crate::domain::ledger::DocKind;
use crate::domain::text::sanitize;
use crate::store::{HistoryRow, Item, PostLine, PostRequest, Refusal};

/// Days of sales in the sparkline.
pub const SALES_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemDetail {
    pub item: Item,
    pub on_hand: i64,
    /// Cost value of the stock (minor units).
    pub value: i64,
    pub avg_cost: Option<i64>,
    /// Units still to come on open purchase orders.
    pub on_order: i64,
    /// The ledger, oldest first, with running balance.
    pub history: Vec<HistoryRow>,
    /// Units sold (net of returns) per day, oldest first.
    pub sales: Vec<f64>,
    /// How many ledger rows up from the newest the view is scrolled.
    pub scroll: usize,
}

impl App {
    /// Show an item; Esc goes back to `back`.
    pub(crate) fn open_item(&mut self, item_id: i64, back: Screen) {
        self.modal = None;
        match self.load_detail(item_id, 0) {
            Ok(d) => {
                self.detail = Some(d);
                if back != Screen::ItemDetail {
                    self.detail_back = back;
                }
                self.screen = Screen::ItemDetail;
            }
            Err(e) => self.fail(&e),
        }
    }

    fn load_detail(&self, item_id: i64, scroll: usize) -> Result<ItemDetail> {
        let item = self
            .store
            .item_by_id(item_id)?
            .ok_or_else(|| Refusal(format!("item {item_id} no longer exists")))?;
        let balance = self.store.balance(item_id)?;
        let history = self.store.history(item_id)?;
        let sales = self
            .store
            .daily_net_sales(item_id, SALES_DAYS, self.now)
            .context("reading the sales of the last 30 days")?;
        Ok(ItemDetail {
            item,
            on_hand: balance.on_hand,
            value: balance.value,
            avg_cost: balance.avg_cost(),
            on_order: self.store.on_order(item_id)?,
            history,
            sales,
            scroll,
        })
    }

    pub(crate) fn reload_detail(&mut self) -> Result<()> {
        let Some((id, scroll)) = self.detail.as_ref().map(|d| (d.item.id, d.scroll)) else {
            return Ok(());
        };
        self.detail = Some(self.load_detail(id, scroll)?);
        Ok(())
    }

    pub(crate) fn detail_key(&mut self, key: Key) {
        let Some(d) = self.detail.as_mut() else {
            self.switch_to(Screen::Stock);
            return;
        };
        let max_scroll = d.history.len().saturating_sub(1);
        match key {
            Key::Esc | Key::Backspace => {
                let back = self.detail_back;
                self.switch_to(back);
            }
            Key::Up => d.scroll = (d.scroll + 1).min(max_scroll),
            Key::Down => d.scroll = d.scroll.saturating_sub(1),
            Key::PageUp => d.scroll = (d.scroll + 10).min(max_scroll),
            Key::PageDown => d.scroll = d.scroll.saturating_sub(10),
            Key::Home => d.scroll = max_scroll,
            Key::End => d.scroll = 0,
            Key::F(6) | Key::Ctrl('e') => self.open_edit_form(),
            Key::F(7) | Key::Ctrl('t') => self.open_count_form(),
            Key::F(8) | Key::Ctrl('a') => self.open_adjust_form(),
            Key::F(9) | Key::Ctrl('n') => self.open_new_item_form(),
            Key::Ctrl('x') => self.void_selected_row(),
            Key::Char(c) if !c.is_whitespace() => self.start_stock_search(c),
            _ => {}
        }
    }

    /// The ledger row the view ends on (the selected one): `scroll` rows up from the newest.
    pub fn selected_row(d: &ItemDetail) -> Option<&HistoryRow> {
        d.history
            .len()
            .checked_sub(1 + d.scroll)
            .and_then(|i| d.history.get(i))
    }

    fn void_selected_row(&mut self) {
        let Some(row) = self.detail.as_ref().and_then(Self::selected_row) else {
            self.info("No ledger row to void");
            return;
        };
        let (doc, what) = (
            row.doc.clone(),
            format!(
                "{} of {:+} on {}",
                row.kind,
                row.qty,
                row.at.get(..10).unwrap_or("")
            ),
        );
        self.open_void_form(&doc, &what);
    }

    /// Ask for the reason to void a document; saving the form is the confirmation.
    pub(crate) fn open_void_form(&mut self, doc: &str, what: &str) {
        let form = Form::new(
            FormKind::Void {
                doc: doc.to_string(),
            },
            format!("Void {}?", sanitize(doc)),
            vec![Field::new("Reason", FieldKind::Text, "")],
        )
        .with_note(format!(
            "{}: voiding posts its opposite; nothing is deleted",
            sanitize(what)
        ));
        self.modal = Some(Modal::Form(form));
    }

    /// Void under the form's UUID (a retry never voids twice), with the same rules as the
    /// command line's `void`.
    pub(crate) fn submit_void(&mut self, form: &Form, doc: &str) -> Result<()> {
        form.validate(self.currency_decimals()).map_err(Refusal)?;
        let reason = form.text("Reason").unwrap_or_default();
        let posted = self.store.void(doc, &reason, &form.uuid)?;
        let figures: Vec<String> = posted
            .lines
            .iter()
            .take(3)
            .map(|l| format!("{} now {}", sanitize(&l.sku), l.on_hand))
            .collect();
        self.success(format!(
            "Voided {} with {}: {}",
            sanitize(doc),
            posted.doc,
            figures.join(", ")
        ));
        for role in [super::DocRole::Receiving, super::DocRole::Sales] {
            let ds = self.doc_mut(role);
            if ds.last_posted.as_ref().is_some_and(|p| p.doc == doc) {
                ds.last_posted = None;
            }
        }
        let r = self.reload_screen();
        self.report(r);
        Ok(())
    }

    fn detail_item(&self) -> Option<&Item> {
        self.detail.as_ref().map(|d| &d.item)
    }

    fn open_edit_form(&mut self) {
        let decimals = self.currency_decimals();
        let Some(item) = self.detail_item() else {
            return;
        };
        let form = Form::new(
            FormKind::EditItem { item_id: item.id },
            format!("Edit {}", sanitize(&item.sku)),
            item_fields(Some(item), decimals),
        )
        .with_note("Empty fields are kept; a barcode left out is removed")
        .with_focus(1);
        self.modal = Some(Modal::Form(form));
    }

    fn open_count_form(&mut self) {
        let Some(d) = self.detail.as_ref() else {
            return;
        };
        let form = Form::new(
            FormKind::Count { item_id: d.item.id },
            format!("Count {}", sanitize(&d.item.sku)),
            vec![Field::new("Counted", FieldKind::RequiredCount, "")],
        )
        .with_note(format!(
            "The books say {} on hand; the difference is posted",
            d.on_hand
        ));
        self.modal = Some(Modal::Form(form));
    }

    fn open_adjust_form(&mut self) {
        let Some(d) = self.detail.as_ref() else {
            return;
        };
        let form = Form::new(
            FormKind::Adjust { item_id: d.item.id },
            format!("Adjust {}", sanitize(&d.item.sku)),
            vec![
                Field::new("Change (+/-)", FieldKind::Signed, ""),
                Field::new("Reason", FieldKind::Text, ""),
            ],
        )
        .with_note(format!(
            "{} on hand; reason: damaged, lost, found, ...",
            d.on_hand
        ))
        .with_focus(0);
        self.modal = Some(Modal::Form(form));
    }

    /// Save the edit form: its fields, the barcodes added to and left out of its list, and
    /// the item made inactive or active again; all of it or, on a refusal, nothing.
    pub(crate) fn submit_edit_item(&mut self, form: &mut Form, item_id: i64) -> Result<()> {
        let (mut fields, new_supplier) = self.item_fields_from(form)?;
        let before = self
            .store
            .item_by_id(item_id)?
            .ok_or_else(|| Refusal(format!("item {item_id} no longer exists")))?;
        let (add, remove) = barcode_changes(form.value(BARCODES), &before);
        fields.barcodes = add;
        let item = self
            .store
            .edit_item_with(item_id, &fields, &remove, new_supplier)?;
        let mut said = format!("Saved {}", sanitize(&item.sku));
        if !remove.is_empty() {
            let codes: Vec<String> = remove.iter().map(|c| sanitize(c)).collect();
            said.push_str(&format!(
                "; barcode{} {} removed",
                if codes.len() == 1 { "" } else { "s" },
                codes.join(", ")
            ));
        }
        if before.active && !item.active {
            said.push_str("; inactive now: left out of lists and scans");
        } else if !before.active && item.active {
            said.push_str("; active again");
        }
        self.success(said);
        let r = self.reload_detail();
        self.report(r);
        Ok(())
    }

    pub(crate) fn submit_count(&mut self, form: &Form, item_id: i64) -> Result<()> {
        form.validate(self.currency_decimals()).map_err(Refusal)?;
        let qty = form.number("Counted").unwrap_or(0);
        self.post_single(form, DocKind::Count, item_id, qty, None)
    }

    pub(crate) fn submit_adjust(&mut self, form: &Form, item_id: i64) -> Result<()> {
        form.validate(self.currency_decimals()).map_err(Refusal)?;
        let qty = form.number("Change (+/-)").unwrap_or(0);
        self.post_single(form, DocKind::Adjustment, item_id, qty, form.text("Reason"))
    }

    /// Post a one-line count or adjustment under the form's UUID (a retry never posts twice).
    fn post_single(
        &mut self,
        form: &Form,
        kind: DocKind,
        item_id: i64,
        qty: i64,
        reason: Option<String>,
    ) -> Result<()> {
        let mut req = PostRequest::new(
            kind,
            vec![PostLine {
                item_id,
                qty,
                unit_cost: None,
                unit_price: None,
            }],
        );
        req.uuid = form.uuid.clone();
        req.reason = reason;
        let posted = self.store.post(&req)?;
        let figures = posted
            .lines
            .first()
            .map(|l| format!(": {} now {} on hand", sanitize(&l.sku), l.on_hand))
            .unwrap_or_default();
        self.success(format!("Posted {}{figures}", posted.doc));
        let r = self.reload_detail();
        self.report(r);
        Ok(())
    }
}

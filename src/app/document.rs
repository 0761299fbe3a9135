//! The open document of receiving and sales: lines scanned so far, saved as a draft in the
//! store on every change, posted in one transaction on confirm.

use std::collections::HashMap;

use anyhow::Result;

use super::doc_role::DocRole;
use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::scan_line::{ScanLine, ScanOutcome};
use super::{App, Modal, Screen};
use crate::domain::gtin::Code;
use crate::domain::ledger::{doc_label, parse_doc_label, DocKind, MAX_QTY};
use crate::domain::money::format_money;
use crate::domain::scan::split_qty;
use crate::domain::text::sanitize;
use crate::store::{
    short_time, Claim, Draft, DraftLine, Item, OrderView, PostLine, PostRequest, Posted, Refusal,
};

/// The fields of the post form.
pub const DELIVERY_NOTE: &str = "Delivery note";
pub const RETURN_REASON: &str = "Reason";
pub const FROM_SALE: &str = "From sale";
/// The quick-create form's fields beyond the item's own.
pub const SUPPLIER: &str = "Supplier";
pub const REORDER_POINT: &str = "Reorder point";

/// A document being put together. Its UUID is the draft's key and the posting's
/// idempotency key, so a retry after a crash never posts twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub uuid: String,
    pub kind: DocKind,
    pub order_id: Option<i64>,
    pub lines: Vec<DraftLine>,
    /// The delivery note of a receipt, or the sale a return comes from (`S-12`): asked
    /// when posting. Kept while the document is open, not in its draft (a reopened draft
    /// asks again).
    pub reference: Option<String>,
    /// Why goods came back (a return): asked when posting.
    pub reason: Option<String>,
}

impl Document {
    pub fn new(kind: DocKind) -> Document {
        Document {
            uuid: uuid::Uuid::new_v4().to_string(),
            kind,
            order_id: None,
            lines: Vec::new(),
            reference: None,
            reason: None,
        }
    }

    pub fn from_draft(d: Draft) -> Document {
        Document {
            uuid: d.uuid,
            kind: d.kind,
            order_id: d.order_id,
            lines: d.lines,
            reference: None,
            reason: None,
        }
    }

    /// Add `qty` of an item: one more on its line, or a new line at the item's cost
    /// (receiving) or price (sales). Returns the line's index.
    pub fn add(&mut self, item: &Item, qty: i64) -> Result<usize, String> {
        self.add_at(item, qty, None)
    }

    /// As `add`, with the unit amount a new line takes (the order's price) instead of the
    /// item's own.
    pub fn add_at(
        &mut self,
        item: &Item,
        qty: i64,
        unit_amount: Option<i64>,
    ) -> Result<usize, String> {
        if let Some(i) = self.lines.iter().position(|l| l.item_id == item.id) {
            let line = &mut self.lines[i];
            let new = line.qty.saturating_add(qty);
            if new > MAX_QTY {
                return Err(format!(
                    "'{}' would have {new} units; a line holds at most {MAX_QTY}",
                    item.sku
                ));
            }
            line.qty = new;
            return Ok(i);
        }
        if qty > MAX_QTY {
            return Err(format!("a line holds at most {MAX_QTY} units"));
        }
        let unit_amount = unit_amount.or(match self.kind {
            DocKind::Receipt => item.cost,
            _ => item.price,
        });
        self.lines.push(DraftLine {
            item_id: item.id,
            sku: item.sku.clone(),
            name: item.name.clone(),
            qty,
            unit_amount,
        });
        Ok(self.lines.len() - 1)
    }

    pub fn total_qty(&self) -> i64 {
        self.lines.iter().map(|l| l.qty).sum()
    }

    /// Sum of qty × unit amount over the lines that have an amount.
    pub fn total_amount(&self) -> i64 {
        self.lines
            .iter()
            .map(|l| l.qty.saturating_mul(l.unit_amount.unwrap_or(0)))
            .fold(0i64, i64::saturating_add)
    }

    /// The posting this document becomes; it removes the draft in the same transaction.
    pub fn post_request(&self) -> PostRequest {
        let lines = self
            .lines
            .iter()
            .map(|l| PostLine {
                item_id: l.item_id,
                qty: l.qty,
                unit_cost: match self.kind {
                    DocKind::Receipt => l.unit_amount,
                    _ => None,
                },
                unit_price: match self.kind {
                    DocKind::Receipt => None,
                    _ => l.unit_amount,
                },
            })
            .collect();
        let mut req = PostRequest::new(self.kind, lines);
        req.uuid = self.uuid.clone();
        req.draft_uuid = Some(self.uuid.clone());
        req.order_id = self.order_id;
        req.reference = self.reference.clone();
        req.reason = self.reason.clone();
        req
    }
}

/// Where the keys go on a document screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The scan line (always, unless arrows moved to the lines).
    Scan,
    /// A line is selected: +/- change its quantity, Del removes it, Enter edits it.
    Lines,
}

/// The state of the receiving or the sales screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DocScreen {
    pub role: DocRole,
    pub doc: Document,
    pub scan: ScanLine,
    pub focus: Focus,
    /// The selected (or last scanned) line.
    pub selected: usize,
    /// What the last confirm posted, with the new on-hand figures.
    pub last_posted: Option<Posted>,
    /// On hand of the items on the lines, as last read.
    pub on_hand: HashMap<i64, i64>,
    /// Set when several drafts wait and the picker should be offered on entering.
    pub pick_pending: bool,
    /// Why the last confirm was refused (shown over the total until the next change).
    pub notice: Option<String>,
    /// The purchase order a receipt is against, as last read.
    pub order: Option<OrderView>,
    /// Changed during a batch of keys and not yet saved as a draft.
    pub unsaved: bool,
    /// Scanned goods that were left out of a receipt against an order ("not received"):
    /// shown until staff dismiss the list (Esc on an empty scan line).
    pub left_out: Vec<LeftOut>,
}

/// A scanned item staff chose not to receive (not on the order, or more than ordered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub sku: String,
    pub name: String,
    pub qty: i64,
}

impl DocScreen {
    pub fn new(role: DocRole) -> DocScreen {
        DocScreen {
            role,
            doc: Document::new(role.default_kind()),
            scan: ScanLine::default(),
            focus: Focus::Scan,
            selected: 0,
            last_posted: None,
            on_hand: HashMap::new(),
            pick_pending: false,
            notice: None,
            order: None,
            unsaved: false,
            left_out: Vec::new(),
        }
    }

    /// The purchase order this document is against, when it is.
    pub fn order_view(&self) -> Option<&OrderView> {
        self.order
            .as_ref()
            .filter(|o| Some(o.id) == self.doc.order_id)
    }

    pub fn is_return(&self) -> bool {
        self.doc.kind == DocKind::Return
    }

    /// Lines whose quantity is more than is on hand (sales only).
    pub fn short_lines(&self) -> Vec<usize> {
        if self.doc.kind != DocKind::Sale {
            return Vec::new();
        }
        self.doc
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| self.on_hand.get(&l.item_id).is_some_and(|h| l.qty > *h))
            .map(|(i, _)| i)
            .collect()
    }
}

/// The list of open drafts to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftPicker {
    pub role: DocRole,
    pub drafts: Vec<Draft>,
    /// Index into `drafts`; `drafts.len()` is "a new document".
    pub selected: usize,
}

impl App {
    /// At start: open the user's drafts that no running session holds. One per screen
    /// opens at once (claimed for this session); several ask with a picker when the screen
    /// is entered. A draft another till holds is left to it: this session starts its own.
    /// Returns the screen of the newest draft opened.
    pub(crate) fn reopen_drafts(&mut self) -> Option<Screen> {
        let user = self.store.user().to_string();
        let all = match self.store.drafts(
            &[DocKind::Receipt, DocKind::Sale, DocKind::Return],
            Some(&user),
        ) {
            Ok(d) => d,
            Err(e) => {
                self.fail(&e);
                return None;
            }
        };
        let (free, held): (Vec<Draft>, Vec<Draft>) = all
            .into_iter()
            .partition(|d| d.held_elsewhere(&self.session).is_none());
        let mut first = None;
        for role in [DocRole::Receiving, DocRole::Sales] {
            let mine: Vec<&Draft> = free
                .iter()
                .filter(|d| role.kinds().contains(&d.kind))
                .collect();
            match mine.as_slice() {
                [] => {}
                [one] => {
                    if let Some(doc) = self.claim(one) {
                        let n = doc.lines.len();
                        let ds = self.doc_mut(role);
                        ds.doc = doc;
                        ds.selected = n.saturating_sub(1);
                        if first
                            .as_ref()
                            .is_none_or(|(_, at): &(Screen, String)| one.updated_at > *at)
                        {
                            first = Some((role.screen(), one.updated_at.clone()));
                        }
                    }
                }
                _ => {
                    self.doc_mut(role).pick_pending = true;
                    if first
                        .as_ref()
                        .is_none_or(|(_, at): &(Screen, String)| mine[0].updated_at > *at)
                    {
                        first = Some((role.screen(), mine[0].updated_at.clone()));
                    }
                }
            }
        }
        if first.is_some() {
            self.info("Reopened your open document (saved as a draft)");
        } else if !held.is_empty() {
            let n = held.len();
            self.info(format!(
                "{n} open document{} held by another session ({}); this one starts its own",
                if n == 1 { " is" } else { "s are" },
                held[0]
                    .holder
                    .as_ref()
                    .map(|h| h.place.clone())
                    .unwrap_or_default()
            ));
        }
        first.map(|(screen, _)| screen)
    }

    /// Take a draft for this session; None (with the reason shown) when it cannot be had.
    fn claim(&mut self, draft: &Draft) -> Option<Document> {
        match self.store.claim_draft(&draft.uuid, &self.session) {
            Ok(Claim::Claimed(d)) => Some(Document::from_draft(d)),
            Ok(Claim::HeldElsewhere(h)) => {
                self.error(format!(
                    "That document is open in another session ({}, since {}): finish it there",
                    h.place,
                    short_time(&h.since)
                ));
                None
            }
            Ok(Claim::Gone) => {
                self.error("That document is gone: it was posted or discarded meanwhile");
                None
            }
            Err(e) => {
                self.fail(&e);
                None
            }
        }
    }

    /// When several drafts wait for this screen, ask which one to continue.
    pub(crate) fn offer_draft_picker(&mut self, role: DocRole) {
        if !self.doc_screen(role).pick_pending {
            return;
        }
        self.doc_mut(role).pick_pending = false;
        self.open_draft_picker(role);
    }

    pub(crate) fn open_draft_picker(&mut self, role: DocRole) {
        self.flush_drafts();
        let user = self.store.user().to_string();
        match self.store.drafts(role.kinds(), Some(&user)) {
            Ok(drafts) if drafts.is_empty() => self.info("No open drafts"),
            Ok(drafts) => {
                self.modal = Some(Modal::DraftPicker(DraftPicker {
                    role,
                    drafts,
                    selected: 0,
                }))
            }
            Err(e) => self.fail(&e),
        }
    }

    pub(crate) fn picker_key(&mut self, mut p: DraftPicker, key: Key) {
        let last = p.drafts.len();
        match key {
            Key::Up => p.selected = p.selected.saturating_sub(1),
            Key::Down => p.selected = (p.selected + 1).min(last),
            Key::Home => p.selected = 0,
            Key::End => p.selected = last,
            Key::Esc => {
                self.info("Drafts kept; Ctrl-O lists them again");
                return;
            }
            Key::Enter => {
                let role = p.role;
                let doc = match p.drafts.get(p.selected).cloned() {
                    Some(d) => match self.claim(&d) {
                        Some(doc) => doc,
                        None => {
                            // Held elsewhere or gone: the picker stays, freshly read.
                            self.ring();
                            if let Ok(drafts) =
                                self.store.drafts(role.kinds(), Some(self.store.user()))
                            {
                                p.drafts = drafts;
                                p.selected = p.selected.min(p.drafts.len());
                            }
                            self.modal = Some(Modal::DraftPicker(p));
                            return;
                        }
                    },
                    None => Document::new(role.default_kind()),
                };
                let n = doc.lines.len();
                let ds = self.doc_mut(role);
                ds.doc = doc;
                ds.selected = n.saturating_sub(1);
                ds.focus = Focus::Scan;
                let r = self.reload_doc(role);
                self.report(r);
                self.info(if n == 0 {
                    "New document"
                } else {
                    "Draft reopened"
                });
                return;
            }
            _ => {}
        }
        self.modal = Some(Modal::DraftPicker(p));
    }

    /// Re-read on-hand figures for the lines on screen.
    pub(crate) fn reload_doc(&mut self, role: DocRole) -> Result<()> {
        let ids: Vec<i64> = self
            .doc_screen(role)
            .doc
            .lines
            .iter()
            .map(|l| l.item_id)
            .collect();
        let mut on_hand = HashMap::with_capacity(ids.len());
        for id in ids {
            on_hand.insert(id, self.store.on_hand(id)?);
        }
        let order = match self.doc_screen(role).doc.order_id {
            Some(id) => self.store.order(id)?,
            None => None,
        };
        let ds = self.doc_mut(role);
        ds.on_hand = on_hand;
        ds.order = order;
        Ok(())
    }

    /// Save the document as a draft (or drop the draft when no line is left).
    pub(crate) fn save_doc(&mut self, role: DocRole) -> Result<()> {
        let doc = self.doc_screen(role).doc.clone();
        if doc.lines.is_empty() {
            self.store.delete_draft(&doc.uuid, &self.session)
        } else {
            self.store
                .save_draft(&doc.uuid, doc.kind, doc.order_id, &doc.lines, &self.session)
        }
    }

    /// Save the draft; false (with the error shown) when it could not be saved. While the
    /// loop feeds a batch of keys (a scanner's burst) the save waits for the end of the
    /// batch, before the frame that shows the change is drawn: one durable write per
    /// batch instead of one per scan, and nothing is ever on screen that is not saved.
    fn save_doc_reporting(&mut self, role: DocRole) -> bool {
        self.doc_mut(role).notice = None;
        if self.batching {
            self.doc_mut(role).unsaved = true;
            return true;
        }
        self.save_doc_now(role)
    }

    /// Write the drafts that a batch left unsaved.
    pub(crate) fn flush_drafts(&mut self) {
        for role in [DocRole::Receiving, DocRole::Sales] {
            if self.doc_screen(role).unsaved {
                self.save_doc_now(role);
            }
        }
    }

    fn save_doc_now(&mut self, role: DocRole) -> bool {
        self.doc_mut(role).unsaved = false;
        match self.save_doc(role) {
            Ok(()) => true,
            Err(e) => {
                let text = super::error_text(&e);
                self.error(format!("the draft was not saved: {text}"));
                self.ring();
                false
            }
        }
    }

    pub(crate) fn doc_key(&mut self, role: DocRole, key: Key) {
        if self.doc_screen(role).focus == Focus::Lines && self.lines_key(role, key) {
            return;
        }
        match key {
            Key::Up | Key::PageUp | Key::Home => {
                let ds = self.doc_mut(role);
                if !ds.doc.lines.is_empty() {
                    ds.focus = Focus::Lines;
                    ds.selected = match key {
                        Key::Up => ds.doc.lines.len() - 1,
                        _ => 0,
                    };
                }
            }
            Key::Esc => {
                let ds = self.doc_mut(role);
                if ds.scan.is_empty() && ds.focus == Focus::Scan && !ds.left_out.is_empty() {
                    ds.left_out.clear();
                    self.info("The list of goods not received is dismissed");
                    return;
                }
                ds.scan.clear();
                ds.focus = Focus::Scan;
            }
            Key::Ctrl('d') => self.ask_discard(role),
            Key::Ctrl('x') if self.doc_screen(role).doc.lines.is_empty() => {
                match self.doc_screen(role).last_posted.as_ref() {
                    Some(p) => {
                        let (doc, what) = (p.doc.clone(), format!("{} just posted", p.doc));
                        self.open_void_form(&doc, &what);
                    }
                    None => self.info("Nothing posted here to void (item detail voids any row)"),
                }
            }
            Key::Delete if self.doc_screen(role).scan.is_empty() => self.ask_discard(role),
            Key::Ctrl('n') => self.new_document(role),
            Key::Ctrl('o') => self.open_draft_picker(role),
            Key::F(6) if role == DocRole::Sales => self.toggle_return_mode(),
            Key::F(6) | Key::Ctrl('p') if role == DocRole::Receiving => {
                self.switch_to(Screen::Orders);
                self.info("Pick the purchase order that arrived and press F7 to receive it");
            }
            Key::Ctrl('r') if role == DocRole::Sales => self.toggle_return_mode(),
            _ => {
                let ds = self.doc_mut(role);
                ds.focus = Focus::Scan;
                match ds.scan.handle(key) {
                    Some(ScanOutcome::Scan(code, _)) => self.scan_code(role, &code),
                    Some(ScanOutcome::EmptyEnter) => self.ask_confirm(role),
                    Some(ScanOutcome::Edited) | Some(ScanOutcome::Ignored) | None => {}
                }
            }
        }
    }

    /// Keys while a line is selected. Returns false when the key is not for the lines
    /// (it then goes to the scan line, which takes the focus back).
    fn lines_key(&mut self, role: DocRole, key: Key) -> bool {
        let ds = self.doc_mut(role);
        let n = ds.doc.lines.len();
        if n == 0 {
            ds.focus = Focus::Scan;
            return false;
        }
        ds.selected = ds.selected.min(n - 1);
        match key {
            Key::Up => ds.selected = ds.selected.saturating_sub(1),
            Key::Down if ds.selected + 1 >= n => ds.focus = Focus::Scan,
            Key::Down => ds.selected += 1,
            Key::PageUp | Key::Home => ds.selected = 0,
            Key::PageDown | Key::End => ds.selected = n - 1,
            Key::Esc | Key::Tab => ds.focus = Focus::Scan,
            Key::Char('+') | Key::Right => self.change_qty(role, 1),
            Key::Char('-') | Key::Left => self.change_qty(role, -1),
            Key::Delete | Key::Ctrl('x') => self.remove_line(role),
            Key::Enter => self.edit_line(role),
            _ => return false,
        }
        true
    }

    fn change_qty(&mut self, role: DocRole, delta: i64) {
        let ds = self.doc_mut(role);
        let i = ds.selected;
        let Some(line) = ds.doc.lines.get_mut(i) else {
            return;
        };
        let new = line.qty + delta;
        if new < 1 {
            self.info("Quantity is 1; Del removes the line");
            return;
        }
        if new > MAX_QTY {
            return;
        }
        line.qty = new;
        let text = format!("{} × {}", new, sanitize(&line.sku));
        if self.save_doc_reporting(role) {
            self.info(text);
        }
    }

    fn remove_line(&mut self, role: DocRole) {
        let ds = self.doc_mut(role);
        let i = ds.selected;
        if i >= ds.doc.lines.len() {
            return;
        }
        let line = ds.doc.lines.remove(i);
        if ds.doc.lines.is_empty() {
            ds.focus = Focus::Scan;
            ds.selected = 0;
        } else {
            ds.selected = i.min(ds.doc.lines.len() - 1);
        }
        if self.save_doc_reporting(role) {
            self.info(format!("Removed {} from the document", sanitize(&line.sku)));
        }
    }

    fn edit_line(&mut self, role: DocRole) {
        let decimals = self.currency_decimals();
        let ds = self.doc_screen(role);
        let Some(line) = ds.doc.lines.get(ds.selected) else {
            return;
        };
        let amount_label = match role {
            DocRole::Receiving => "Unit cost",
            DocRole::Sales => "Unit price",
        };
        let form = Form::new(
            FormKind::EditLine {
                role,
                index: ds.selected,
            },
            format!("Line: {} {}", sanitize(&line.sku), sanitize(&line.name)),
            vec![
                Field::new("Quantity", FieldKind::Positive, line.qty.to_string()),
                Field::new(
                    amount_label,
                    FieldKind::Money,
                    line.unit_amount
                        .map(|a| format_money(a, decimals))
                        .unwrap_or_default(),
                ),
            ],
        );
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn submit_edit_line(
        &mut self,
        form: &Form,
        role: DocRole,
        index: usize,
    ) -> Result<()> {
        let decimals = self.currency_decimals();
        if let Err(p) = form.validate(decimals) {
            return Err(Refusal(p).into());
        }
        let qty = form.number("Quantity").unwrap_or(1);
        let amount_label = match role {
            DocRole::Receiving => "Unit cost",
            DocRole::Sales => "Unit price",
        };
        let amount = form.money(amount_label, decimals);
        let ds = self.doc_mut(role);
        let Some(line) = ds.doc.lines.get_mut(index) else {
            return Err(Refusal("that line is gone".into()).into());
        };
        line.qty = qty;
        line.unit_amount = amount;
        let sku = sanitize(&line.sku);
        ds.focus = Focus::Scan;
        if self.save_doc_reporting(role) {
            self.info(format!("Line {sku} changed"));
        }
        Ok(())
    }

    /// A complete scan: `CODE` or `N*CODE`.
    pub(crate) fn scan_code(&mut self, role: DocRole, raw: &str) {
        let (qty, code) = match split_qty(raw) {
            Ok(v) => v,
            Err(msg) => {
                self.ring();
                self.error(msg);
                return;
            }
        };
        let item = match self.store.resolve(code) {
            Ok(item) => item,
            Err(e) => {
                self.ring();
                self.fail(&e);
                // Only a code no item has offers to create one (an inactive item's code
                // is refused, naming the item, and offers nothing).
                let unknown = matches!(self.store.find_item(code), Ok(None));
                if e.downcast_ref::<Refusal>().is_some() && unknown {
                    self.unknown_code(role, code, qty);
                }
                return;
            }
        };
        if let Some(order) = self.doc_screen(role).order_view() {
            let on_doc = self
                .doc_screen(role)
                .doc
                .lines
                .iter()
                .find(|l| l.item_id == item.id)
                .map(|l| l.qty)
                .unwrap_or(0);
            if let Some(question) = super::receiving::off_order_reason(
                order,
                item.id,
                &item.sku,
                on_doc.saturating_add(qty),
            ) {
                self.ring();
                self.modal = Some(Modal::ConfirmOffOrder {
                    item_id: item.id,
                    qty,
                    question,
                });
                return;
            }
        }
        self.add_item_to_doc(role, &item, qty);
    }

    /// The answer to "not on the order / more than ordered: receive it anyway?".
    pub(crate) fn confirm_off_order_key(
        &mut self,
        item_id: i64,
        qty: i64,
        question: String,
        key: Key,
    ) {
        match key {
            Key::Enter | Key::Char('y') => match self.store.item_by_id(item_id) {
                Ok(Some(item)) => self.add_item_to_doc(DocRole::Receiving, &item, qty),
                Ok(None) => self.error("that item is gone"),
                Err(e) => self.fail(&e),
            },
            Key::Esc | Key::Char('n') => self.leave_out(item_id, qty),
            _ => {
                self.modal = Some(Modal::ConfirmOffOrder {
                    item_id,
                    qty,
                    question,
                })
            }
        }
    }

    /// Staff said no to an item off the order: it stays out, listed as not received.
    fn leave_out(&mut self, item_id: i64, qty: i64) {
        let (sku, name) = match self.store.item_by_id(item_id) {
            Ok(Some(item)) => (item.sku, item.name),
            _ => (format!("item {item_id}"), String::new()),
        };
        let ds = self.doc_mut(DocRole::Receiving);
        match ds.left_out.iter_mut().find(|l| l.sku == sku) {
            Some(l) => l.qty = l.qty.saturating_add(qty),
            None => ds.left_out.push(LeftOut {
                sku: sku.clone(),
                name,
                qty,
            }),
        }
        self.info(format!(
            "{qty} × {} left out of the receipt (listed as not received; Esc dismisses)",
            sanitize(&sku)
        ));
    }

    /// Put `qty` of an item on the document, save the draft, say what happened.
    pub(crate) fn add_item_to_doc(&mut self, role: DocRole, item: &Item, qty: i64) {
        let on_hand = self.store.on_hand(item.id);
        let ds = self.doc_mut(role);
        ds.last_posted = None;
        let order_amount = ds
            .order_view()
            .and_then(|o| o.lines.iter().find(|l| l.item_id == item.id))
            .and_then(|l| l.unit_cost);
        let index = match ds.doc.add_at(item, qty, order_amount) {
            Ok(i) => i,
            Err(msg) => {
                self.ring();
                self.error(msg);
                return;
            }
        };
        ds.selected = index;
        ds.focus = Focus::Scan;
        let line_qty = ds.doc.lines[index].qty;
        match on_hand {
            Ok(h) => {
                ds.on_hand.insert(item.id, h);
            }
            Err(e) => self.fail(&e),
        }
        if self.save_doc_reporting(role) {
            let short = self.doc_screen(role).short_lines().contains(&index);
            let sku = sanitize(&item.sku);
            if short {
                let h = self
                    .doc_screen(role)
                    .on_hand
                    .get(&item.id)
                    .copied()
                    .unwrap_or(0);
                self.error(format!("{sku}: {line_qty} on this sale, only {h} on hand"));
            } else {
                self.info(format!(
                    "+{qty} {sku} {} ({line_qty} on this document)",
                    sanitize(&item.name)
                ));
            }
        }
    }

    /// An unknown code: receiving offers to create the item on the spot.
    fn unknown_code(&mut self, role: DocRole, code: &str, qty: i64) {
        if role != DocRole::Receiving || Code::parse(code).is_err() {
            return;
        }
        let shown = sanitize(code);
        // The supplier: the order's, on a receipt against one; else the last one used.
        let supplier = self
            .doc_screen(role)
            .order_view()
            .and_then(|o| o.supplier.clone())
            .or_else(|| self.last_supplier.clone())
            .unwrap_or_default();
        let form = Form::new(
            FormKind::QuickCreate {
                code: code.to_string(),
                qty,
            },
            "New item",
            vec![
                Field::new("SKU", FieldKind::Text, shown.clone()),
                Field::new("Name", FieldKind::Text, ""),
                Field::new("Price", FieldKind::Money, ""),
                Field::new("Cost", FieldKind::Money, ""),
                Field::new(SUPPLIER, FieldKind::OptionalText, supplier),
                Field::new(REORDER_POINT, FieldKind::Count, ""),
            ],
        )
        .with_note(format!(
            "Unknown code {shown}: create it; qty {qty} goes on this receipt"
        ));
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn ask_confirm(&mut self, role: DocRole) {
        if self.doc_screen(role).doc.lines.is_empty() {
            self.info("Nothing to post: scan an item first");
            return;
        }
        // A plain receipt of goods still open on a purchase order says so first, and
        // offers to tick them off the order: otherwise they stay "on order" for good.
        let doc = &self.doc_screen(role).doc;
        if doc.kind == DocKind::Receipt && doc.order_id.is_none() {
            match self.store.orders() {
                Ok(orders) => {
                    if let Some((order_id, question)) =
                        super::receiving::order_offer(&orders, &doc.lines)
                    {
                        self.modal = Some(Modal::ConfirmOnOrder {
                            role,
                            order_id,
                            question,
                        });
                        return;
                    }
                }
                Err(e) => self.fail(&e),
            }
        }
        self.ask_post_form(role);
    }

    /// The answer to "these goods are on purchase order N": `o` makes the receipt one
    /// against the order (as F7 on the order would have), Enter leaves it plain; either
    /// goes on to the post form. Esc keeps editing.
    pub(crate) fn confirm_on_order_key(
        &mut self,
        role: DocRole,
        order_id: i64,
        question: String,
        key: Key,
    ) {
        match key {
            Key::Char('o') | Key::Char('O') => {
                self.doc_mut(role).doc.order_id = Some(order_id);
                if let Err(e) = self.reload_doc(role) {
                    self.doc_mut(role).doc.order_id = None;
                    self.ring();
                    self.fail(&e);
                    return;
                }
                let saved = self.save_doc_reporting(role);
                self.ask_post_form(role);
                if saved {
                    self.info(format!(
                        "This receipt is now against purchase order {order_id}"
                    ));
                }
            }
            Key::Enter => self.ask_post_form(role),
            Key::Esc => self.info("Not posted; the document is kept"),
            _ => {
                self.ring();
                self.modal = Some(Modal::ConfirmOnOrder {
                    role,
                    order_id,
                    question,
                });
            }
        }
    }

    /// The post question itself: a form for a receipt (delivery note) or a return (reason,
    /// sale), a yes/no for a sale.
    fn ask_post_form(&mut self, role: DocRole) {
        let doc = &self.doc_screen(role).doc;
        let summary = format!(
            "{} line{}, {} unit{}, total {}",
            doc.lines.len(),
            if doc.lines.len() == 1 { "" } else { "s" },
            doc.total_qty(),
            if doc.total_qty() == 1 { "" } else { "s" },
            format_money(doc.total_amount(), self.currency_decimals())
        );
        let form = match doc.kind {
            // A receipt asks its delivery note (optional: Enter posts without one).
            DocKind::Receipt => Form::new(
                FormKind::Post { role },
                match doc.order_id {
                    Some(id) => format!("Post this receipt against purchase order {id}?"),
                    None => "Post this receipt (goods in)?".to_string(),
                },
                vec![Field::new(
                    DELIVERY_NOTE,
                    FieldKind::OptionalText,
                    doc.reference.clone().unwrap_or_default(),
                )],
            )
            .with_note(format!("{summary} · Enter posts, Esc keeps editing")),
            // A return asks why (required) and the sale it comes from (optional).
            DocKind::Return => Form::new(
                FormKind::Post { role },
                "Post this customer RETURN?",
                vec![
                    Field::new(
                        RETURN_REASON,
                        FieldKind::Text,
                        doc.reason.clone().unwrap_or_default(),
                    ),
                    Field::new(
                        FROM_SALE,
                        FieldKind::OptionalText,
                        doc.reference.clone().unwrap_or_default(),
                    ),
                ],
            )
            .with_note(format!("{summary} · sale optional, e.g. S-12")),
            _ => {
                self.modal = Some(Modal::ConfirmPost(role));
                return;
            }
        };
        self.modal = Some(Modal::Form(form));
    }

    /// Keep what the post form holds on the document (it was closed without posting: Esc,
    /// or a scan arrived), so asking again shows it.
    pub(crate) fn keep_post_form(&mut self, form: &Form, role: DocRole) {
        let doc = &mut self.doc_mut(role).doc;
        match doc.kind {
            DocKind::Receipt => doc.reference = form.text(DELIVERY_NOTE),
            DocKind::Return => {
                doc.reason = form.text(RETURN_REASON);
                doc.reference = form.text(FROM_SALE);
            }
            _ => {}
        }
    }

    /// The post form was saved: the delivery note, or the return's reason and sale, go on
    /// the document and it is posted. A sale that is not one, or holds none of the
    /// returned items, is refused in the form.
    pub(crate) fn submit_post_form(&mut self, form: &Form, role: DocRole) -> Result<()> {
        let kind = self.doc_screen(role).doc.kind;
        match kind {
            DocKind::Receipt => {
                // `y` Enter out of habit from the other questions is a yes, not a note.
                let note = form
                    .text(DELIVERY_NOTE)
                    .filter(|n| !n.eq_ignore_ascii_case("y"));
                self.doc_mut(role).doc.reference = note;
            }
            DocKind::Return => {
                let sale = match form.text(FROM_SALE) {
                    Some(raw) => Some(self.check_sale_of_return(role, &raw)?),
                    None => None,
                };
                let doc = &mut self.doc_mut(role).doc;
                doc.reason = form.text(RETURN_REASON);
                doc.reference = sale;
            }
            _ => {}
        }
        self.post_document(role);
        Ok(())
    }

    /// The sale a return names: a sale (`S-12`, or just `12`) on which every returned item
    /// was sold. Returns its label.
    fn check_sale_of_return(&self, role: DocRole, raw: &str) -> Result<String> {
        let (given, id) = parse_doc_label(raw).map_err(Refusal)?;
        if given.is_some_and(|k| k != DocKind::Sale) {
            return Err(Refusal(format!(
                "{}: {} is not a sale (a sale is S-12)",
                FROM_SALE,
                sanitize(raw.trim())
            ))
            .into());
        }
        let label = doc_label(DocKind::Sale, id);
        for line in &self.doc_screen(role).doc.lines {
            let sold = self
                .store
                .history(line.item_id)?
                .iter()
                .any(|h| h.kind == "sale" && h.doc == label);
            if !sold {
                return Err(Refusal(format!(
                    "{FROM_SALE}: {} was not sold on {label} (no such sale, or another item's)",
                    sanitize(&line.sku)
                ))
                .into());
            }
        }
        Ok(label)
    }

    fn ask_discard(&mut self, role: DocRole) {
        if self.doc_screen(role).doc.lines.is_empty() {
            self.info("The document is empty");
            return;
        }
        self.modal = Some(Modal::ConfirmDiscard(role));
    }

    pub(crate) fn discard_document(&mut self, role: DocRole) {
        let uuid = self.doc_screen(role).doc.uuid.clone();
        match self.store.delete_draft(&uuid, &self.session) {
            Ok(()) => {
                let ds = self.doc_mut(role);
                ds.unsaved = false;
                ds.doc = Document::new(role.default_kind());
                ds.selected = 0;
                ds.focus = Focus::Scan;
                ds.on_hand.clear();
                self.info("Document discarded");
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Start another document; the current one stays as a draft (Ctrl-O reopens it).
    fn new_document(&mut self, role: DocRole) {
        self.flush_drafts();
        let ds = self.doc_mut(role);
        if ds.doc.lines.is_empty() {
            self.info("This document is already new");
            return;
        }
        ds.doc = Document::new(role.default_kind());
        ds.selected = 0;
        ds.focus = Focus::Scan;
        ds.on_hand.clear();
        self.info("New document; the other one is kept as a draft (Ctrl-O)");
    }

    /// Confirmed: post the document in one transaction. A refusal keeps the document.
    pub(crate) fn post_document(&mut self, role: DocRole) {
        let req = self.doc_screen(role).doc.post_request();
        match self.store.post(&req) {
            Ok(posted) if posted.replayed && !posted_matches(&posted, &req) => {
                // This document's key was posted already, with other lines (a second till
                // on the same draft): what is on screen was NOT posted. Never a tick: keep
                // the lines as a new document, say so loudly, and let staff decide.
                self.ring();
                let ds = self.doc_mut(role);
                let lines = std::mem::take(&mut ds.doc.lines);
                let kind = ds.doc.kind;
                let (reference, reason) = (ds.doc.reference.take(), ds.doc.reason.take());
                ds.doc = Document::new(kind);
                ds.doc.lines = lines;
                ds.doc.reference = reference;
                ds.doc.reason = reason;
                ds.last_posted = None;
                ds.unsaved = false;
                let saved = self.save_doc_now(role);
                let text = format!(
                    "NOT POSTED: {} was already posted from this document by another session, \
                     with other lines; the lines on screen are kept as a new document{}",
                    posted.doc,
                    if saved {
                        " — check them and post again"
                    } else {
                        ""
                    }
                );
                self.doc_mut(role).notice = Some(text.clone());
                self.error(text);
                let r = self.reload_doc(role);
                self.report(r);
            }
            Ok(posted) => {
                let mut text = if posted.replayed {
                    format!("{} was already posted", posted.doc)
                } else {
                    format!("Posted {}", posted.doc)
                };
                let figures: Vec<String> = posted
                    .lines
                    .iter()
                    .take(3)
                    .map(|l| format!("{} now {}", sanitize(&l.sku), l.on_hand))
                    .collect();
                if !figures.is_empty() {
                    text.push_str(": ");
                    text.push_str(&figures.join(", "));
                    if posted.lines.len() > 3 {
                        text.push_str(", ...");
                    }
                }
                if let Some(id) = req.order_id {
                    match self.store.order(id) {
                        Ok(Some(order)) => {
                            let open = order.open_lines().count();
                            let units = order.open_units();
                            text.push_str(&if open == 0 {
                                format!(" · purchase order {id} fully received")
                            } else {
                                format!(
                                    " · purchase order {id}: {units} unit{} on {open} line{} still open",
                                    if units == 1 { "" } else { "s" },
                                    if open == 1 { "" } else { "s" }
                                )
                            });
                        }
                        Ok(None) => {}
                        Err(e) => self.fail(&e),
                    }
                }
                let ds = self.doc_mut(role);
                ds.doc = Document::new(role.default_kind());
                ds.selected = 0;
                ds.focus = Focus::Scan;
                ds.on_hand.clear();
                ds.notice = None;
                ds.order = None;
                ds.unsaved = false;
                ds.last_posted = Some(posted);
                self.success(text);
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
                let text = self.status.text.clone();
                let r = self.reload_doc(role);
                self.report(r);
                self.doc_mut(role).notice = Some(format!("Not posted: {text}"));
            }
        }
    }
}

/// Whether a document that was already posted under this key holds exactly the lines of
/// the request: the same items in the same quantities. Only then may a replay be shown as
/// done.
fn posted_matches(posted: &Posted, req: &PostRequest) -> bool {
    let mut wanted: HashMap<i64, i64> = HashMap::new();
    for l in &req.lines {
        *wanted.entry(l.item_id).or_default() += l.qty;
    }
    let mut got: HashMap<i64, i64> = HashMap::new();
    for l in &posted.lines {
        *got.entry(l.item_id).or_default() += l.qty.abs();
    }
    wanted == got
}

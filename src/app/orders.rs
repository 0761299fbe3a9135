//! Purchase orders (F8 on the alerts, or Alt-6): the orders drafted from the alerts or
//! started by hand (Ctrl-N, for a supplier), with their lines. An open order has a scan
//! line: a scan (`CODE`, `N*CODE`) adds a line, words search the items and a picker adds
//! the one chosen. A line's quantity and cost can be changed and a line removed (after a
//! question) while the order is open; an order is marked sent, exported as CSV for the
//! supplier (asking where), received against (receiving ticks its lines off), closed
//! (saying what is still open) or cancelled.

use anyhow::Result;

use super::doc_role::DocRole;
use super::document::{Document, Focus};
use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::scan_line::{ScanLine, ScanOutcome};
use super::{App, Modal, Screen};
use crate::domain::ledger::{DocKind, MAX_QTY};
use crate::domain::purchasing::{check_hand_change, HandChange};
use crate::domain::scan::split_qty;
use crate::domain::text::sanitize;
use crate::store::{OrderState, OrderView, Refusal, StockQuery};

/// Where the keys go on the orders screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrdersFocus {
    /// Moving through the orders.
    #[default]
    Orders,
    /// Moving through the selected order's lines.
    Lines,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrdersScreen {
    /// Open orders first (newest first), then closed and cancelled ones.
    pub orders: Vec<OrderView>,
    pub selected: usize,
    pub focus: OrdersFocus,
    /// The selected line of the selected order.
    pub line: usize,
    /// What is being scanned or typed to add to the selected (open) order.
    pub scan: ScanLine,
}

impl OrdersScreen {
    pub fn current(&self) -> Option<&OrderView> {
        self.orders.get(self.selected)
    }

    /// Whether the selected order takes lines (it is open), so it has a scan line.
    pub fn has_scan_line(&self) -> bool {
        self.current().is_some_and(|o| o.state.is_open())
    }
}

/// What a confirm dialog on an order does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    Close,
    Cancel,
}

/// The items a search on an order's scan line found, to pick the one to add.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPicker {
    pub order_id: i64,
    /// Units to add (`N*words` searches too).
    pub qty: i64,
    /// What was typed.
    pub query: String,
    /// (item id, SKU, name, on hand), at most `PICK_MAX`.
    pub items: Vec<(i64, String, String, i64)>,
    /// More matched than are listed.
    pub more: bool,
    pub selected: usize,
}

/// The most items a search on an order's scan line lists.
pub const PICK_MAX: i64 = 12;

impl App {
    pub fn orders(&self) -> &OrdersScreen {
        &self.orders
    }

    pub(crate) fn reload_orders(&mut self) -> Result<()> {
        let mut all = self.store.orders()?;
        // Open orders first, newest first; then the rest, newest first.
        all.sort_by_key(|o| (!o.state.is_open(), std::cmp::Reverse(o.id)));
        let o = &mut self.orders;
        let keep = o.current().map(|c| c.id);
        o.orders = all;
        o.selected = keep
            .and_then(|id| o.orders.iter().position(|x| x.id == id))
            .unwrap_or(o.selected)
            .min(o.orders.len().saturating_sub(1));
        let n = o.current().map(|c| c.lines.len()).unwrap_or(0);
        o.line = o.line.min(n.saturating_sub(1));
        if n == 0 {
            o.focus = OrdersFocus::Orders;
        }
        Ok(())
    }

    /// Show the orders screen with order `id` selected.
    pub(crate) fn show_order(&mut self, id: i64) {
        self.switch_to(Screen::Orders);
        if let Some(i) = self.orders.orders.iter().position(|o| o.id == id) {
            self.orders.selected = i;
            self.orders.line = 0;
        }
    }

    pub(crate) fn orders_key(&mut self, key: Key) {
        if self.orders.focus == OrdersFocus::Lines && self.order_lines_key(key) {
            return;
        }
        if self.orders.focus == OrdersFocus::Orders
            && self.orders.has_scan_line()
            && self.order_scan_key(key)
        {
            return;
        }
        let o = &mut self.orders;
        let last = o.orders.len().saturating_sub(1);
        let page = super::stock_list::page_rows(self.height).max(1);
        let before = o.selected;
        if let Some(to) = super::input::list_move(key, o.selected, last, page) {
            o.selected = to;
        }
        match key {
            Key::Enter | Key::Tab if o.current().is_some_and(|c| !c.lines.is_empty()) => {
                o.focus = OrdersFocus::Lines;
                o.line = 0;
            }
            Key::Esc => self.switch_to(Screen::Alerts),
            Key::F(6) | Key::Ctrl('t') => self.mark_order_sent(),
            Key::F(7) | Key::Ctrl('r') => self.receive_against_order(),
            Key::F(8) | Key::Ctrl('e') => self.ask_export_order(),
            Key::Ctrl('n') => self.ask_new_order(),
            Key::Ctrl('k') => self.ask_order_action(OrderAction::Close),
            Key::Ctrl('x') => self.ask_order_action(OrderAction::Cancel),
            Key::Char(c) if !c.is_whitespace() => self.start_stock_search(c),
            _ => {}
        }
        if self.orders.selected != before {
            self.orders.line = 0;
        }
    }

    /// Keys for the scan line of an open order (the orders have the focus): characters
    /// type into it and Enter, LF or Tab end a scan; Esc clears it. False when the key is
    /// for the screen (an empty line's Enter, Tab and Esc keep their meaning).
    fn order_scan_key(&mut self, key: Key) -> bool {
        let scan = &mut self.orders.scan;
        let taken = match key {
            Key::Char(_) | Key::Backspace | Key::Ctrl('u') => true,
            Key::Enter | Key::Ctrl('j') | Key::Tab => !scan.is_empty(),
            Key::Esc if !scan.is_empty() => {
                scan.clear();
                return true;
            }
            _ => false,
        };
        if !taken {
            return false;
        }
        if let Some(ScanOutcome::Scan(text, _)) = scan.handle(key) {
            self.order_scan(&text);
        }
        true
    }

    /// A scan or search on the selected order's scan line: a known code adds its item (N
    /// of it for `N*CODE`); anything else searches the items by its words and offers the
    /// matches to pick from. An unknown barcode is refused, not searched.
    pub(crate) fn order_scan(&mut self, text: &str) {
        let Some(order_id) = self.orders.current().map(|o| o.id) else {
            return;
        };
        let (qty, code) = match split_qty(text) {
            Ok(v) => v,
            Err(e) => {
                self.ring();
                self.error(e);
                return;
            }
        };
        let found = match self.store.find_item(code) {
            Ok(f) => f,
            Err(e) => {
                self.ring();
                self.fail(&e);
                return;
            }
        };
        if let Some(item) = found {
            if !item.active {
                // Out of lists and scans: `resolve` says so.
                self.ring();
                match self.store.resolve(code) {
                    Err(e) => self.fail(&e),
                    Ok(_) => self.error(format!("{} is inactive", sanitize(&item.sku))),
                }
                return;
            }
            self.add_to_order(order_id, item.id, qty);
            return;
        }
        let looks_like_code = code.len() >= 6 && code.bytes().all(|b| b.is_ascii_digit());
        if looks_like_code {
            self.ring();
            let e = self.store.resolve(code).err();
            match e {
                Some(e) => self.fail(&e),
                None => self.error(format!("unknown item '{}'", sanitize(code))),
            }
            return;
        }
        self.search_to_add(order_id, qty, code);
    }

    /// Search the items by the words typed (the stock list's search) and offer them.
    fn search_to_add(&mut self, order_id: i64, qty: i64, words: &str) {
        let q = StockQuery {
            search: words.to_string(),
            limit: PICK_MAX + 1,
            ..StockQuery::default()
        };
        let rows = match self.store.stock_page(&q) {
            Ok(r) => r,
            Err(e) => {
                self.ring();
                self.fail(&e);
                return;
            }
        };
        if rows.is_empty() {
            self.ring();
            self.error(format!(
                "Nothing matches '{}': scan a code, or type words of its name or SKU",
                sanitize(words)
            ));
            return;
        }
        let more = rows.len() as i64 > PICK_MAX;
        let items = rows
            .into_iter()
            .take(PICK_MAX as usize)
            .map(|r| (r.item_id, r.sku, r.name, r.on_hand))
            .collect();
        self.info("Choose the item to add: ↑↓, Enter");
        self.modal = Some(Modal::PickItem(ItemPicker {
            order_id,
            qty,
            query: words.to_string(),
            items,
            more,
            selected: 0,
        }));
    }

    /// Keys of the item picker: move, Enter adds the chosen item, Esc adds nothing.
    pub(crate) fn item_picker_key(&mut self, mut p: ItemPicker, key: Key) {
        let last = p.items.len().saturating_sub(1);
        if let Some(to) = super::input::list_move(key, p.selected, last, 5) {
            p.selected = to;
            self.modal = Some(Modal::PickItem(p));
            return;
        }
        match key {
            Key::Esc => self.info("Nothing added"),
            Key::Enter => {
                if let Some((item_id, ..)) = p.items.get(p.selected) {
                    self.add_to_order(p.order_id, *item_id, p.qty);
                }
            }
            _ => self.modal = Some(Modal::PickItem(p)),
        }
    }

    /// Add `qty` of an item to an order, then show its line.
    fn add_to_order(&mut self, order_id: i64, item_id: i64, qty: i64) {
        match self.store.add_order_line(order_id, item_id, qty, None) {
            Ok(line) => {
                let r = self.reload_orders();
                self.report(r);
                if let Some(i) = self
                    .orders
                    .current()
                    .and_then(|o| o.lines.iter().position(|l| l.item_id == item_id))
                {
                    self.orders.line = i;
                }
                self.success(format!(
                    "Purchase order {order_id}: +{qty} {} {}, now {} on the line",
                    sanitize(&line.sku),
                    sanitize(&line.name),
                    line.qty
                ));
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }

    /// Start a purchase order by hand: asks the supplier (the known ones listed).
    fn ask_new_order(&mut self) {
        let names = match self.store.suppliers() {
            Ok(s) => s.into_iter().map(|s| s.name).collect::<Vec<_>>(),
            Err(e) => {
                self.fail(&e);
                return;
            }
        };
        let note = if names.is_empty() {
            "No suppliers yet: add one first (stockroom supplier add NAME)".to_string()
        } else {
            format!("Suppliers: {}", sanitize(&names.join(", ")))
        };
        let form = Form::new(
            FormKind::NewOrder,
            "New purchase order",
            vec![
                Field::new("Supplier", FieldKind::Text, ""),
                Field::new("Note", FieldKind::OptionalText, ""),
            ],
        )
        .with_note(note);
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn submit_new_order(&mut self, form: &Form) -> Result<()> {
        let typed = form.text("Supplier").unwrap_or_default();
        let suppliers = self.store.suppliers()?;
        let supplier = match self.store.supplier_by_name(&typed)? {
            Some(s) => s,
            None => {
                // The start of one name is enough.
                let lower = typed.to_lowercase();
                let starts: Vec<_> = suppliers
                    .iter()
                    .filter(|s| s.name.to_lowercase().starts_with(&lower))
                    .collect();
                match starts.as_slice() {
                    [one] => (*one).clone(),
                    [] => {
                        return Err(Refusal(format!(
                            "No supplier '{}': choose one of those listed",
                            sanitize(&typed)
                        ))
                        .into())
                    }
                    many => {
                        let names: Vec<&str> = many.iter().map(|s| s.name.as_str()).collect();
                        return Err(Refusal(format!(
                            "'{}' could be {}: type more of the name",
                            sanitize(&typed),
                            sanitize(&names.join(" or "))
                        ))
                        .into());
                    }
                }
            }
        };
        let note = form.text("Note");
        let id = self.store.new_order(Some(supplier.id), note.as_deref())?;
        self.reload_orders()?;
        let o = &mut self.orders;
        if let Some(i) = o.orders.iter().position(|x| x.id == id) {
            o.selected = i;
        }
        o.line = 0;
        o.focus = OrdersFocus::Orders;
        o.scan.clear();
        self.success(format!(
            "Purchase order {id} for {} started: scan or type what to order",
            sanitize(&supplier.name)
        ));
        Ok(())
    }

    /// Del on a line: asks first; a line something was received against stays.
    fn ask_remove_line(&mut self) {
        let Some(order) = self.orders.current() else {
            return;
        };
        let Some(line) = order.lines.get(self.orders.line) else {
            return;
        };
        if let Err(why) = check_hand_change(
            order.state,
            Some(line.ordered_line()),
            HandChange::Remove,
            None,
        ) {
            let text = format!("{}: {why}", sanitize(&line.sku));
            self.ring();
            self.error(text);
            return;
        }
        let question = format!(
            "Remove {} {} ({} unit{}) from purchase order {}?",
            sanitize(&line.sku),
            sanitize(&line.name),
            line.qty,
            if line.qty == 1 { "" } else { "s" },
            order.id
        );
        self.modal = Some(Modal::ConfirmRemoveLine {
            order_id: order.id,
            item_id: line.item_id,
            question,
        });
    }

    /// Keys while a line of the selected order has the focus; false when the key is for
    /// the order as a whole.
    fn order_lines_key(&mut self, key: Key) -> bool {
        let o = &mut self.orders;
        let n = o.current().map(|c| c.lines.len()).unwrap_or(0);
        if n == 0 {
            o.focus = OrdersFocus::Orders;
            return false;
        }
        match key {
            Key::Up => o.line = o.line.saturating_sub(1),
            Key::Down => o.line = (o.line + 1).min(n - 1),
            Key::Home | Key::PageUp => o.line = 0,
            Key::End | Key::PageDown => o.line = n - 1,
            Key::Esc | Key::Tab => o.focus = OrdersFocus::Orders,
            Key::Char('+') | Key::Right => self.change_order_line(1),
            Key::Char('-') | Key::Left => self.change_order_line(-1),
            Key::Enter => self.edit_order_line(),
            Key::Delete => self.ask_remove_line(),
            Key::Char(_) if o.has_scan_line() => {
                // Typing (or a scan) goes to the order's scan line.
                o.focus = OrdersFocus::Orders;
                o.scan.handle(key);
            }
            _ => return false,
        }
        true
    }

    fn selected_order_line(&self) -> Option<(i64, i64, String, i64)> {
        let order = self.orders.current()?;
        let line = order.lines.get(self.orders.line)?;
        Some((order.id, line.item_id, line.sku.clone(), line.qty))
    }

    fn change_order_line(&mut self, delta: i64) {
        let Some((_, _, _, qty)) = self.selected_order_line() else {
            return;
        };
        let new = qty.saturating_add(delta);
        if new < 1 {
            self.info("Quantity is 1; Del removes the line");
            return;
        }
        self.set_order_line_qty(new.min(MAX_QTY));
    }

    /// Set the selected line's quantity in the store.
    fn set_order_line_qty(&mut self, qty: i64) {
        let Some((id, item_id, sku, _)) = self.selected_order_line() else {
            return;
        };
        let result = self.store.set_order_line(id, item_id, qty);
        match result {
            Ok(()) => {
                let r = self.reload_orders();
                self.report(r);
                let sku = sanitize(&sku);
                self.info(format!("Purchase order {id}: {qty} × {sku}"));
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }

    /// Enter on a line: a form with its quantity and unit cost.
    fn edit_order_line(&mut self) {
        let Some(order) = self.orders.current() else {
            return;
        };
        let Some(line) = order.lines.get(self.orders.line) else {
            return;
        };
        let dec = self.currency_decimals();
        let cost = line
            .unit_cost
            .map(|c| crate::domain::money::format_money(c, dec))
            .unwrap_or_default();
        let note = if line.received > 0 {
            format!(
                "{} received: the quantity cannot go below it",
                line.received
            )
        } else {
            "Del on the line removes it".to_string()
        };
        let form = Form::new(
            FormKind::OrderLine {
                order_id: order.id,
                item_id: line.item_id,
            },
            format!(
                "Purchase order {}: {} {}",
                order.id,
                sanitize(&line.sku),
                sanitize(&line.name)
            ),
            vec![
                Field::new("Quantity", FieldKind::Positive, line.qty.to_string()),
                Field::new("Unit cost", FieldKind::Money, cost),
            ],
        )
        .with_note(note);
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn submit_order_line(
        &mut self,
        form: &Form,
        order_id: i64,
        item_id: i64,
    ) -> Result<()> {
        if let Err(p) = form.validate(self.currency_decimals()) {
            return Err(Refusal(p).into());
        }
        let qty = form.number("Quantity");
        if qty.is_some_and(|q| q > MAX_QTY) {
            return Err(Refusal(format!("an order line holds at most {MAX_QTY} units")).into());
        }
        // An emptied cost keeps the line's.
        let cost = form.money("Unit cost", self.currency_decimals());
        let line = self.store.change_order_line(order_id, item_id, qty, cost)?;
        self.reload_orders()?;
        let cost = line
            .unit_cost
            .map(|c| {
                format!(
                    " at {}",
                    crate::domain::money::format_money(c, self.currency_decimals())
                )
            })
            .unwrap_or_default();
        self.success(format!(
            "Purchase order {order_id}: {} × {}{cost}",
            line.qty,
            sanitize(&line.sku)
        ));
        Ok(())
    }

    fn mark_order_sent(&mut self) {
        let Some(id) = self.orders.current().map(|o| o.id) else {
            self.info("No purchase orders: draft them from the alerts (F5, then F6)");
            return;
        };
        match self.store.set_order_state(id, OrderState::Sent) {
            Ok(_) => {
                let r = self.reload_orders();
                self.report(r);
                self.success(format!("Purchase order {id} marked sent"));
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }

    fn ask_order_action(&mut self, action: OrderAction) {
        let Some(order) = self.orders.current() else {
            return;
        };
        if !order.state.is_open() {
            let text = format!(
                "Purchase order {} is already {}",
                order.id,
                order.state.as_str()
            );
            self.ring();
            self.error(text);
            return;
        }
        let open_lines = order.open_lines().count();
        let units = order.open_units();
        let question = match action {
            OrderAction::Close if open_lines > 0 => format!(
                "Close purchase order {}? {open_lines} line{} still open ({units} unit{} not received): they will no longer count as on order.",
                order.id,
                if open_lines == 1 { " is" } else { "s are" },
                if units == 1 { "" } else { "s" },
            ),
            OrderAction::Close => format!("Close purchase order {}? Everything on it was received.", order.id),
            OrderAction::Cancel => format!(
                "Cancel purchase order {}? Its {units} open unit{} will no longer count as on order.",
                order.id,
                if units == 1 { "" } else { "s" },
            ),
        };
        self.modal = Some(Modal::ConfirmOrder {
            order_id: order.id,
            action,
            question,
        });
    }

    pub(crate) fn confirm_order_key(
        &mut self,
        order_id: i64,
        action: OrderAction,
        question: String,
        key: Key,
    ) {
        match key {
            Key::Enter | Key::Char('y') => {
                let to = match action {
                    OrderAction::Close => OrderState::Closed,
                    OrderAction::Cancel => OrderState::Cancelled,
                };
                match self.store.set_order_state(order_id, to) {
                    Ok(order) => {
                        let r = self.reload_orders();
                        self.report(r);
                        let open = order.open_lines().count();
                        let text = match (action, open) {
                            (OrderAction::Close, 0) => format!("Purchase order {order_id} closed"),
                            (OrderAction::Close, n) => format!(
                                "Purchase order {order_id} closed with {n} line{} not received",
                                if n == 1 { "" } else { "s" }
                            ),
                            (OrderAction::Cancel, _) => {
                                format!("Purchase order {order_id} cancelled")
                            }
                        };
                        self.success(text);
                    }
                    Err(e) => {
                        self.ring();
                        self.fail(&e);
                    }
                }
            }
            Key::Esc | Key::Char('n') => self.info("Nothing changed"),
            _ => {
                self.modal = Some(Modal::ConfirmOrder {
                    order_id,
                    action,
                    question,
                })
            }
        }
    }

    /// The answer to "remove this line?": Enter or y removes it, Esc or n keeps it.
    pub(crate) fn confirm_remove_line_key(
        &mut self,
        order_id: i64,
        item_id: i64,
        question: String,
        key: Key,
    ) {
        match key {
            Key::Enter | Key::Char('y') => self.remove_order_line_now(order_id, item_id),
            Key::Esc | Key::Char('n') => self.info("Nothing changed"),
            _ => {
                self.modal = Some(Modal::ConfirmRemoveLine {
                    order_id,
                    item_id,
                    question,
                })
            }
        }
    }

    fn remove_order_line_now(&mut self, order_id: i64, item_id: i64) {
        match self.store.remove_order_line(order_id, item_id) {
            Ok(()) => {
                let sku = self
                    .orders
                    .current()
                    .and_then(|o| o.lines.iter().find(|l| l.item_id == item_id))
                    .map(|l| sanitize(&l.sku))
                    .unwrap_or_default();
                let r = self.reload_orders();
                self.report(r);
                self.success(format!("Removed {sku} from purchase order {order_id}"));
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }

    /// F8: asks where to write the CSV, with `po-ID.csv` (in the folder stockroom was
    /// started from) filled in.
    fn ask_export_order(&mut self) {
        let Some(id) = self.orders.current().map(|o| o.id) else {
            return;
        };
        let form = Form::new(
            FormKind::ExportOrder { order_id: id },
            format!("Export purchase order {id} as CSV"),
            vec![Field::new("File", FieldKind::Text, format!("po-{id}.csv"))],
        )
        .with_note("Edit the path; a relative one is in the folder you started in");
        self.modal = Some(Modal::Form(form));
    }

    /// Write the CSV where the form says; a file already there is replaced only when saved
    /// again. The status line says the full path written.
    pub(crate) fn submit_export_order(&mut self, form: &mut Form, order_id: i64) -> Result<()> {
        if let Err(p) = form.validate(self.currency_decimals()) {
            return Err(Refusal(p).into());
        }
        let typed = form.text("File").unwrap_or_default();
        let path = export_path(&typed, std::env::var_os("HOME"));
        let full = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        let shown = sanitize(&full.display().to_string());
        if path.is_dir() {
            return Err(Refusal(format!("{shown} is a folder: give a file name")).into());
        }
        let asked = format!("File={typed}");
        if path.exists() && !form.large_amounts_kept.contains(&asked) {
            form.large_amounts_kept.push(asked);
            return Err(Refusal(format!(
                "{shown} exists: save again to replace it, or change the name"
            ))
            .into());
        }
        let Some(order) = self.store.order(order_id)? else {
            return Err(Refusal(format!("unknown purchase order {order_id}")).into());
        };
        let csv = crate::purchasing::order_csv(&self.store, &order)?;
        if let Err(e) = std::fs::write(&path, csv) {
            return Err(Refusal(format!("cannot write {shown}: {e}")).into());
        }
        let full = std::fs::canonicalize(&path).unwrap_or(full);
        // The path first and alone: the status line keeps as much of it as fits.
        self.success(format!("Wrote {}", sanitize(&full.display().to_string())));
        Ok(())
    }

    /// Start (or go back to) a receipt against the selected order.
    fn receive_against_order(&mut self) {
        let Some(order) = self.orders.current().cloned() else {
            self.info("No purchase order to receive against");
            return;
        };
        if !order.state.is_open() {
            self.ring();
            self.error(format!(
                "Purchase order {} is {}; nothing can be received against it",
                order.id,
                order.state.as_str()
            ));
            return;
        }
        self.flush_drafts();
        let ds = self.doc_mut(DocRole::Receiving);
        let kept = if ds.doc.order_id == Some(order.id) {
            None
        } else if ds.doc.lines.is_empty() {
            ds.doc.order_id = Some(order.id);
            None
        } else {
            // The receipt in progress stays as a draft (Ctrl-O reopens it).
            let mut doc = Document::new(DocKind::Receipt);
            doc.order_id = Some(order.id);
            ds.doc = doc;
            ds.selected = 0;
            ds.on_hand.clear();
            Some(())
        };
        ds.focus = Focus::Scan;
        ds.last_posted = None;
        self.switch_to(Screen::Receiving);
        let supplier = order
            .supplier
            .as_deref()
            .map(|s| format!(" from {}", sanitize(s)))
            .unwrap_or_default();
        let mut text = format!(
            "Receiving against purchase order {}{supplier}: scan what arrived",
            order.id
        );
        if kept.is_some() {
            text.push_str(" (the other receipt is kept as a draft)");
        }
        self.info(text);
    }
}

/// The file an export form's text names: `~/` is the home folder (`home`); anything else as
/// typed (a relative path is in the current folder).
pub fn export_path(typed: &str, home: Option<std::ffi::OsString>) -> std::path::PathBuf {
    let typed = typed.trim();
    match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_path_expands_home_and_keeps_the_rest() {
        let home = Some(std::ffi::OsString::from("/home/ann"));
        assert_eq!(
            export_path(" ~/po-3.csv ", home.clone()),
            std::path::PathBuf::from("/home/ann/po-3.csv")
        );
        assert_eq!(
            export_path("po-3.csv", home.clone()),
            std::path::PathBuf::from("po-3.csv")
        );
        assert_eq!(
            export_path("/tmp/~/x.csv", home),
            std::path::PathBuf::from("/tmp/~/x.csv")
        );
        assert_eq!(
            export_path("~/x.csv", None),
            std::path::PathBuf::from("~/x.csv")
        );
    }
}

//! Purchase orders (F8 on the alerts, or Alt-6): the orders drafted from the alerts, with
//! their lines. Quantities can be changed while an order is open; an order is marked sent,
//! exported as CSV for the supplier, received against (receiving ticks its lines off),
//! closed (saying what is still open) or cancelled.

use anyhow::Result;

use super::doc_role::DocRole;
use super::document::{Document, Focus};
use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::{App, Modal, Screen};
use crate::domain::ledger::{DocKind, MAX_QTY};
use crate::domain::text::sanitize;
use crate::store::{OrderState, OrderView, Refusal};

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
}

impl OrdersScreen {
    pub fn current(&self) -> Option<&OrderView> {
        self.orders.get(self.selected)
    }
}

/// What a confirm dialog on an order does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    Close,
    Cancel,
}

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
            Key::Ctrl('k') => self.ask_order_action(OrderAction::Close),
            Key::Ctrl('x') => self.ask_order_action(OrderAction::Cancel),
            Key::Char(c) if !c.is_whitespace() => self.start_stock_search(c),
            _ => {}
        }
        if self.orders.selected != before {
            self.orders.line = 0;
        }
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
            Key::Delete => self.set_order_line_qty(0),
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

    /// Set the selected line's quantity (0 removes it) in the store.
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
                if qty == 0 {
                    self.info(format!("Removed {sku} from purchase order {id}"));
                } else {
                    self.info(format!("Purchase order {id}: {qty} × {sku}"));
                }
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }

    fn edit_order_line(&mut self) {
        let Some((id, item_id, sku, qty)) = self.selected_order_line() else {
            return;
        };
        let form = Form::new(
            FormKind::OrderLine {
                order_id: id,
                item_id,
            },
            format!("Purchase order {id}: {}", sanitize(&sku)),
            vec![Field::new(
                "Quantity",
                FieldKind::RequiredCount,
                qty.to_string(),
            )],
        )
        .with_note("0 removes the line");
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
        let qty = form.number("Quantity").unwrap_or(0);
        if qty > MAX_QTY {
            return Err(Refusal(format!("an order line holds at most {MAX_QTY} units")).into());
        }
        self.store.set_order_line(order_id, item_id, qty)?;
        self.reload_orders()?;
        self.info(format!("Purchase order {order_id} changed"));
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

    fn ask_export_order(&mut self) {
        let Some(id) = self.orders.current().map(|o| o.id) else {
            return;
        };
        let form = Form::new(
            FormKind::ExportOrder { order_id: id },
            format!("Export purchase order {id} as CSV"),
            vec![Field::new("File", FieldKind::Text, format!("po-{id}.csv"))],
        )
        .with_note("A path; a relative one is in the folder stockroom was started from");
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn submit_export_order(&mut self, form: &Form, order_id: i64) -> Result<()> {
        if let Err(p) = form.validate(self.currency_decimals()) {
            return Err(Refusal(p).into());
        }
        let path = form.text("File").unwrap_or_default();
        let Some(order) = self.store.order(order_id)? else {
            return Err(Refusal(format!("unknown purchase order {order_id}")).into());
        };
        let csv = crate::purchasing::order_csv(&self.store, &order)?;
        if let Err(e) = std::fs::write(&path, csv) {
            return Err(Refusal(format!("cannot write {}: {e}", sanitize(&path))).into());
        }
        self.success(format!(
            "Purchase order {order_id} written to {}",
            sanitize(&path)
        ));
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

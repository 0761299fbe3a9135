//! Purchase orders: drafted from alerts, sent, received against, closed or cancelled.

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{fmt_time, now_utc, refuse, Store};
use crate::domain::purchasing::{
    check_hand_change, check_line_change, check_new_order, delivery, off_order, open_qty,
    shown_state, supplier_fits, Delivery, HandChange, HandRefusal, OffOrder, OrderLineRefusal,
    OrderedLine,
};

/// SQL for the units of item `item` (an SQL expression: a column or a parameter) still to
/// come on open purchase orders: each open line's quantity less what was received against
/// it, never below 0 (`domain::purchasing::open_qty` in SQL). The one definition of "on
/// order".
pub(crate) fn on_order_sql(item: &str) -> String {
    format!(
        "coalesce((SELECT sum(max(pl.qty - coalesce((
             SELECT sum(m.qty) FROM movements m JOIN documents d ON d.id = m.doc_id
             WHERE d.order_id = pl.po_id AND m.item_id = pl.item_id), 0), 0))
           FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id
           WHERE pl.item_id = {item} AND po.state IN ('draft', 'sent')), 0)"
    )
}

pub use crate::domain::purchasing::OrderState;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderLineView {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub received: i64,
    pub unit_cost: Option<i64>,
}

impl OrderLineView {
    /// The line as the receiving rules see it (`domain::purchasing`).
    pub fn ordered_line(&self) -> OrderedLine {
        OrderedLine {
            ordered: self.qty,
            received: self.received,
        }
    }

    /// Units still to come on this line (`domain::purchasing::open_qty`).
    pub fn open(&self) -> i64 {
        open_qty(self.qty, self.received)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderView {
    pub id: i64,
    pub supplier: Option<String>,
    pub supplier_id: Option<i64>,
    pub state: OrderState,
    pub created_at: String,
    /// What staff wrote on an order made by hand (`order new --note`).
    pub note: Option<String>,
    pub lines: Vec<OrderLineView>,
}

impl OrderView {
    /// Lines with less received than ordered.
    pub fn open_lines(&self) -> impl Iterator<Item = &OrderLineView> {
        self.lines.iter().filter(|l| l.open() > 0)
    }

    /// How much of the order has come in (`domain::purchasing::delivery`).
    pub fn delivery(&self) -> Delivery {
        delivery(self.lines.iter().map(OrderLineView::ordered_line))
    }

    /// Its state as staff see it: "partly received" for an open order part of which came
    /// in, else its stored state (`domain::purchasing::shown_state`).
    pub fn shown_state(&self) -> &'static str {
        shown_state(self.state, self.delivery())
    }

    /// Units still to come on the order: the open units of all its lines.
    pub fn open_units(&self) -> i64 {
        self.lines.iter().map(OrderLineView::open).sum()
    }

    /// The receiving rule for `qty` of `item_id` against this order
    /// (`domain::purchasing::off_order`), with the item's line if it has one.
    pub fn off_order(&self, item_id: i64, qty: i64) -> (Option<&OrderLineView>, Option<OffOrder>) {
        let line = self.lines.iter().find(|l| l.item_id == item_id);
        (line, off_order(line.map(OrderLineView::ordered_line), qty))
    }
}

/// One line of a purchase order to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewOrderLine {
    pub item_id: i64,
    pub qty: i64,
    pub unit_cost: Option<i64>,
}

/// A purchase order to create: its supplier and lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub supplier_id: Option<i64>,
    pub lines: Vec<NewOrderLine>,
}

impl Store {
    /// Create purchase orders in one transaction, in draft. Returns their ids.
    pub fn create_orders(&mut self, orders: &[NewOrder]) -> Result<Vec<i64>> {
        for NewOrder { lines, .. } in orders {
            if let Err(why) = check_new_order(lines.iter().map(|l| (l.qty, l.unit_cost))) {
                return refuse(why.to_string());
            }
        }
        let now = fmt_time(now_utc());
        let user = self.user().to_string();
        let tx = self.begin_write()?;
        let mut ids = Vec::new();
        for NewOrder {
            supplier_id: supplier,
            lines,
        } in orders
        {
            tx.execute(
                "INSERT INTO purchase_orders (supplier_id, state, created_at, updated_at, created_by)
                 VALUES (?1, 'draft', ?2, ?2, ?3)",
                params![supplier, now, user],
            )?;
            let id = tx.last_insert_rowid();
            for NewOrderLine {
                item_id: item,
                qty,
                unit_cost: cost,
            } in lines
            {
                tx.execute(
                    "INSERT INTO po_lines (po_id, item_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(po_id, item_id) DO UPDATE SET qty = qty + excluded.qty",
                    params![id, item, qty, cost],
                )
                .context("adding an order line")?;
            }
            ids.push(id);
        }
        tx.commit().context("saving the purchase orders")?;
        Ok(ids)
    }

    pub fn orders(&self) -> Result<Vec<OrderView>> {
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id FROM purchase_orders ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(o) = self.order(id)? {
                out.push(o);
            }
        }
        Ok(out)
    }

    pub fn order(&self, id: i64) -> Result<Option<OrderView>> {
        type Head = (Option<String>, Option<i64>, String, String, Option<String>);
        let head: Option<Head> = self
            .conn()
            .prepare_cached(
                "SELECT s.name, po.supplier_id, po.state, po.created_at, po.note
                 FROM purchase_orders po
                 LEFT JOIN suppliers s ON s.id = po.supplier_id WHERE po.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let Some((supplier, supplier_id, state, created_at, note)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT pl.item_id, i.sku, i.name, pl.qty, pl.unit_cost,
                    coalesce((SELECT sum(m.qty) FROM movements m JOIN documents d ON d.id = m.doc_id
                              WHERE d.order_id = pl.po_id AND m.item_id = pl.item_id), 0)
             FROM po_lines pl JOIN items i ON i.id = pl.item_id
             WHERE pl.po_id = ?1 ORDER BY i.sku COLLATE NOCASE",
        )?;
        let lines = stmt
            .query_map([id], |r| {
                Ok(OrderLineView {
                    item_id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    qty: r.get(3)?,
                    unit_cost: r.get(4)?,
                    received: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(OrderView {
            id,
            supplier,
            supplier_id,
            state: OrderState::parse(&state).unwrap_or(OrderState::Draft),
            created_at,
            note,
            lines,
        }))
    }

    /// Units of an item still to come on open (draft or sent) purchase orders.
    pub fn on_order(&self, item_id: i64) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT {}", on_order_sql("?1")))?
            .query_row([item_id], |r| r.get(0))?)
    }

    /// Move an order to a new state: draft → sent; draft/sent → closed or cancelled.
    pub fn set_order_state(&mut self, id: i64, to: OrderState) -> Result<OrderView> {
        let Some(order) = self.order(id)? else {
            return refuse(format!("unknown purchase order {id}"));
        };
        if !order.state.can_become(to) {
            return refuse(format!(
                "purchase order {id} is {}; it cannot be marked {}",
                order.state.as_str(),
                to.as_str()
            ));
        }
        let tx = self.begin_write()?;
        tx.execute(
            "UPDATE purchase_orders SET state = ?1, updated_at = ?2 WHERE id = ?3",
            params![to.as_str(), fmt_time(now_utc()), id],
        )?;
        tx.commit()?;
        self.order(id)?.context("the order vanished")
    }

    /// Change (or, with 0, remove) an open order's line: never below what was received
    /// against it, and a line something was received against is not removed.
    pub fn set_order_line(&mut self, id: i64, item_id: i64, qty: i64) -> Result<()> {
        if let Err(why) = check_line_change(None, qty) {
            return refuse(why.to_string());
        }
        let Some(order) = self.order(id)? else {
            return refuse(format!("unknown purchase order {id}"));
        };
        if let Err(OrderLineRefusal::Closed(state)) = check_line_change(Some(order.state), qty) {
            return refuse(format!(
                "purchase order {id} is {}; it can no longer be changed",
                state.as_str()
            ));
        }
        let on_order = order.lines.iter().any(|l| l.item_id == item_id);
        if qty == 0 {
            self.remove_order_line(id, item_id)
        } else if on_order {
            self.change_order_line(id, item_id, Some(qty), None)
                .map(|_| ())
        } else {
            self.add_order_line(id, item_id, qty, None).map(|_| ())
        }
    }

    /// Start a purchase order by hand: an empty draft for a supplier (or none), with an
    /// optional note. Returns its id.
    pub fn new_order(&mut self, supplier_id: Option<i64>, note: Option<&str>) -> Result<i64> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let now = fmt_time(now_utc());
        let user = self.user().to_string();
        let tx = self.begin_write()?;
        tx.execute(
            "INSERT INTO purchase_orders (supplier_id, state, created_at, updated_at, created_by, note)
             VALUES (?1, 'draft', ?2, ?2, ?3, ?4)",
            params![supplier_id, now, user, note],
        )
        .context("saving the new purchase order")?;
        let id = tx.last_insert_rowid();
        tx.commit().context("saving the new purchase order")?;
        Ok(id)
    }

    /// Order `qty` more of an item on an open order: a new line, or more on its line. A
    /// cost given sets the line's unit cost; without one a new line takes the item's cost.
    /// An item of another supplier is refused (one with no supplier goes on any order).
    pub fn add_order_line(
        &mut self,
        id: i64,
        item_id: i64,
        qty: i64,
        cost: Option<i64>,
    ) -> Result<OrderLineView> {
        self.hand_change(id, item_id, HandChange::Add { qty }, cost)
    }

    /// Set an order line's quantity and/or unit cost (`None` keeps it).
    pub fn change_order_line(
        &mut self,
        id: i64,
        item_id: i64,
        qty: Option<i64>,
        cost: Option<i64>,
    ) -> Result<OrderLineView> {
        self.hand_change(id, item_id, HandChange::Set { qty, cost }, cost)
    }

    /// Take an item's line off an open order (nothing may have been received against it).
    pub fn remove_order_line(&mut self, id: i64, item_id: i64) -> Result<()> {
        self.hand_change(id, item_id, HandChange::Remove, None)
            .map(|_| ())
    }

    /// One change by hand to an order's line, checked (`domain::purchasing::
    /// check_hand_change`) and written in one write transaction, so a receipt posted at the
    /// same moment cannot slip between the check and the write. Returns the line as it is
    /// after (for a removal, as it was).
    fn hand_change(
        &mut self,
        id: i64,
        item_id: i64,
        change: HandChange,
        cost: Option<i64>,
    ) -> Result<OrderLineView> {
        let tx = self.begin_write()?;
        let Some(order) = self.order(id)? else {
            return refuse(format!("unknown purchase order {id}"));
        };
        let Some(item) = self.item_by_id(item_id)? else {
            return refuse(format!("unknown item {item_id}"));
        };
        let line = order.lines.iter().find(|l| l.item_id == item_id).cloned();
        let sku = crate::domain::text::sanitize(&item.sku);
        let qty = match check_hand_change(
            order.state,
            line.as_ref().map(OrderLineView::ordered_line),
            change,
            cost,
        ) {
            Ok(q) => q,
            Err(HandRefusal::NoLine) => {
                return refuse(format!("{sku} is not on purchase order {id}"))
            }
            Err(HandRefusal::Closed(s)) => {
                return refuse(format!(
                    "purchase order {id} is {s}; it can no longer be changed"
                ))
            }
            Err(why) => return refuse(format!("purchase order {id}, {sku}: {why}")),
        };
        if matches!(change, HandChange::Add { .. })
            && line.is_none()
            && !supplier_fits(order.supplier_id, item.supplier_id)
        {
            let theirs = item.supplier.as_deref().unwrap_or("another supplier");
            let ours = order
                .supplier
                .as_deref()
                .map(|s| format!("for {s}"))
                .unwrap_or_else(|| "with no supplier".to_string());
            return refuse(crate::domain::text::sanitize(&format!(
                "{sku} comes from {theirs}; purchase order {id} is {ours}"
            )));
        }
        let now = fmt_time(now_utc());
        if qty == 0 {
            tx.execute(
                "DELETE FROM po_lines WHERE po_id = ?1 AND item_id = ?2",
                params![id, item_id],
            )?;
        } else {
            let unit_cost = cost
                .or(line.as_ref().and_then(|l| l.unit_cost))
                .or(item.cost);
            tx.execute(
                "INSERT INTO po_lines (po_id, item_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(po_id, item_id) DO UPDATE SET qty = excluded.qty,
                    unit_cost = excluded.unit_cost",
                params![id, item_id, qty, unit_cost],
            )
            .context("writing the order line")?;
        }
        tx.execute(
            "UPDATE purchase_orders SET updated_at = ?1 WHERE id = ?2",
            params![now, id],
        )?;
        let after = self
            .order(id)?
            .and_then(|o| o.lines.into_iter().find(|l| l.item_id == item_id));
        tx.commit().context("saving the purchase order")?;
        match (after, line) {
            (Some(l), _) | (None, Some(l)) => Ok(l),
            (None, None) => refuse(format!("{sku} is not on purchase order {id}")),
        }
    }
}

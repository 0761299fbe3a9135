//! Purchase orders: drafted from alerts, sent, received against, closed or cancelled.

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{fmt_time, now_utc, refuse, Store};
use crate::domain::purchasing::{
    check_line_change, check_new_order, off_order, open_qty, OffOrder, OrderLineRefusal,
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
    pub state: OrderState,
    pub created_at: String,
    pub lines: Vec<OrderLineView>,
}

impl OrderView {
    /// Lines with less received than ordered.
    pub fn open_lines(&self) -> impl Iterator<Item = &OrderLineView> {
        self.lines.iter().filter(|l| l.open() > 0)
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
        let head: Option<(Option<String>, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT s.name, po.state, po.created_at FROM purchase_orders po
                 LEFT JOIN suppliers s ON s.id = po.supplier_id WHERE po.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((supplier, state, created_at)) = head else {
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
            state: OrderState::parse(&state).unwrap_or(OrderState::Draft),
            created_at,
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

    /// Change (or, with 0, remove) an open order's line.
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
        let tx = self.begin_write()?;
        if qty == 0 {
            tx.execute(
                "DELETE FROM po_lines WHERE po_id = ?1 AND item_id = ?2",
                params![id, item_id],
            )?;
        } else {
            let cost: Option<i64> = tx
                .query_row("SELECT cost FROM items WHERE id = ?1", [item_id], |r| {
                    r.get(0)
                })
                .optional()?
                .flatten();
            tx.execute(
                "INSERT INTO po_lines (po_id, item_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(po_id, item_id) DO UPDATE SET qty = excluded.qty",
                params![id, item_id, qty, cost],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

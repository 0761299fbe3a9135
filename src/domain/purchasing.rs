//! Purchase orders: their states, and what may be received against them.

use std::fmt;

use serde::Serialize;

use super::ledger::DocKind;

/// Where a purchase order stands. Stored as its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderState {
    Draft,
    Sent,
    Closed,
    Cancelled,
}

impl OrderState {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Draft => "draft",
            OrderState::Sent => "sent",
            OrderState::Closed => "closed",
            OrderState::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<OrderState> {
        match s {
            "draft" => Some(OrderState::Draft),
            "sent" => Some(OrderState::Sent),
            "closed" => Some(OrderState::Closed),
            "cancelled" => Some(OrderState::Cancelled),
            _ => None,
        }
    }
    /// Open: goods can still be received against it, and what is not received yet counts
    /// as on order.
    pub fn is_open(self) -> bool {
        matches!(self, OrderState::Draft | OrderState::Sent)
    }

    /// Whether an order may move from this state to `to`: draft → sent; draft or sent →
    /// closed or cancelled.
    pub fn can_become(self, to: OrderState) -> bool {
        matches!(
            (self, to),
            (OrderState::Draft, OrderState::Sent)
                | (
                    OrderState::Draft | OrderState::Sent,
                    OrderState::Closed | OrderState::Cancelled
                )
        )
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Units of an order line still to come: ordered less received, never below 0 (a line
/// received beyond its quantity has nothing open). The one definition of "open"; the SQL
/// of "on order" (`store::orders::on_order_sql`) sums the same.
pub fn open_qty(ordered: i64, received: i64) -> i64 {
    (ordered - received).max(0)
}

/// Why an order line cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderLineRefusal {
    /// An order is made with at least one line.
    NoLines,
    /// A new line orders at least one unit.
    NotAboveZero(i64),
    /// A changed line orders 0 (removed) or more.
    Negative(i64),
    NegativeCost,
    /// Only an open order's lines change.
    Closed(OrderState),
}

impl fmt::Display for OrderLineRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderLineRefusal::NoLines => f.write_str("a purchase order needs at least one line"),
            OrderLineRefusal::NotAboveZero(q) => {
                write!(f, "order quantity must be above zero (got {q})")
            }
            OrderLineRefusal::Negative(q) => {
                write!(f, "order quantity cannot be negative (got {q})")
            }
            OrderLineRefusal::NegativeCost => f.write_str("order cost cannot be negative"),
            OrderLineRefusal::Closed(s) => {
                write!(f, "the order is {s}; it can no longer be changed")
            }
        }
    }
}

/// The lines of a new order, as (quantity, unit cost): at least one, each ordering one unit
/// or more at a cost (if known) not below zero.
pub fn check_new_order(
    lines: impl IntoIterator<Item = (i64, Option<i64>)>,
) -> Result<(), OrderLineRefusal> {
    let mut any = false;
    for (qty, cost) in lines {
        any = true;
        if qty <= 0 {
            return Err(OrderLineRefusal::NotAboveZero(qty));
        }
        if cost.is_some_and(|c| c < 0) {
            return Err(OrderLineRefusal::NegativeCost);
        }
    }
    if !any {
        return Err(OrderLineRefusal::NoLines);
    }
    Ok(())
}

/// A change of an order's line to `qty` (0 removes it): not below zero (checked first, with
/// `state` unknown), and only on an open order.
pub fn check_line_change(state: Option<OrderState>, qty: i64) -> Result<(), OrderLineRefusal> {
    if qty < 0 {
        return Err(OrderLineRefusal::Negative(qty));
    }
    match state {
        Some(s) if !s.is_open() => Err(OrderLineRefusal::Closed(s)),
        _ => Ok(()),
    }
}

/// Why a document cannot be posted against a purchase order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderRefusal {
    /// No such order.
    Unknown,
    /// The order is closed or cancelled.
    NotOpen(OrderState),
    /// Only receipts are posted against an order.
    NotAReceipt,
}

/// Whether a document of `kind` may be posted against an order in `state` (`None`: no such
/// order): the order must be open, and the document a receipt.
pub fn check_post_against_order(
    state: Option<OrderState>,
    kind: DocKind,
) -> Result<(), OrderRefusal> {
    match state {
        None => return Err(OrderRefusal::Unknown),
        Some(s) if !s.is_open() => return Err(OrderRefusal::NotOpen(s)),
        Some(_) => {}
    }
    if kind != DocKind::Receipt {
        return Err(OrderRefusal::NotAReceipt);
    }
    Ok(())
}

/// An order's line for an item, as receiving sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderedLine {
    pub ordered: i64,
    pub received: i64,
}

impl OrderedLine {
    pub fn open(&self) -> i64 {
        open_qty(self.ordered, self.received)
    }
}

/// Why receiving a quantity of an item against an order wants a "yes" (`--extra`) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffOrder {
    /// The item is not on the order.
    NotOnOrder,
    /// More than is still open on its line.
    MoreThanOpen { open: i64 },
}

/// The receiving rule of an order: receiving `qty` of an item whose line on the order is
/// `line` (`None`: not on it) is off the order when the item is not on it or `qty` is more
/// than its line still has open.
pub fn off_order(line: Option<OrderedLine>, qty: i64) -> Option<OffOrder> {
    match line {
        None => Some(OffOrder::NotOnOrder),
        Some(l) => {
            let open = l.open();
            (qty > open).then_some(OffOrder::MoreThanOpen { open })
        }
    }
}

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

/// How much of an order has come in, over all its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Delivery {
    /// Nothing received yet (or the order has no lines).
    Nothing,
    /// Some units received, some still open.
    Partly,
    /// Every line received in full.
    All,
}

impl Delivery {
    /// As `order show --json` names it (`received_state`).
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Nothing => "none",
            Delivery::Partly => "partly received",
            Delivery::All => "received",
        }
    }
}

/// How much of an order with these lines has come in.
pub fn delivery(lines: impl IntoIterator<Item = OrderedLine>) -> Delivery {
    let (mut any_received, mut any_open, mut any) = (false, false, false);
    for l in lines {
        any = true;
        any_received |= l.received > 0;
        any_open |= l.open() > 0;
    }
    match (any, any_received, any_open) {
        (false, _, _) | (true, false, _) => Delivery::Nothing,
        (true, true, true) => Delivery::Partly,
        (true, true, false) => Delivery::All,
    }
}

/// The state an order is shown with: an open order part of which came in is "partly
/// received" (its stored state, draft or sent, is unchanged); otherwise its state.
pub fn shown_state(state: OrderState, delivery: Delivery) -> &'static str {
    if state.is_open() && delivery == Delivery::Partly {
        "partly received"
    } else {
        state.as_str()
    }
}

/// A change made by hand to one line of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandChange {
    /// Order `qty` more (a new line, or more on the item's line).
    Add { qty: i64 },
    /// Set the line's quantity and/or unit cost.
    Set { qty: Option<i64>, cost: Option<i64> },
    /// Take the line off the order.
    Remove,
}

/// Why a change by hand to an order's line is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandRefusal {
    /// Only an open (draft or sent) order changes.
    Closed(OrderState),
    /// A quantity ordered is one unit or more.
    NotAboveZero(i64),
    /// A line holds at most `MAX_QTY` units.
    TooMany(i64),
    NegativeCost,
    /// Setting or removing a line the order does not have.
    NoLine,
    /// A line cannot be set below what was already received against it.
    BelowReceived {
        received: i64,
        qty: i64,
    },
    /// A line something was received against stays (its receipts name the order).
    Received(i64),
}

impl fmt::Display for HandRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandRefusal::Closed(s) => write!(f, "it is {s}; it can no longer be changed"),
            HandRefusal::NotAboveZero(q) => {
                write!(f, "order quantity must be above zero (got {q})")
            }
            HandRefusal::TooMany(q) => write!(
                f,
                "a line holds at most {} units ({q} asked)",
                super::ledger::MAX_QTY
            ),
            HandRefusal::NegativeCost => f.write_str("order cost cannot be negative"),
            HandRefusal::NoLine => f.write_str("the item is not on it"),
            HandRefusal::BelowReceived { received, qty } => write!(
                f,
                "{received} already received; the line cannot go down to {qty}"
            ),
            HandRefusal::Received(r) => write!(
                f,
                "{r} already received against the line, so it stays (set its quantity to {r} to order no more)"
            ),
        }
    }
}

/// The rule for changing an order by hand: only an open (draft or sent) order changes; a
/// quantity is 1 to `MAX_QTY` units (an add counts what the line already has); a cost is
/// not below zero; a line is never set below what was received against it, and a line
/// something was received against is not removed. `line` is the item's line on the order
/// (`None`: not on it). Returns the line's new quantity (0: removed).
pub fn check_hand_change(
    state: OrderState,
    line: Option<OrderedLine>,
    change: HandChange,
    cost: Option<i64>,
) -> Result<i64, HandRefusal> {
    if !state.is_open() {
        return Err(HandRefusal::Closed(state));
    }
    if cost.is_some_and(|c| c < 0) {
        return Err(HandRefusal::NegativeCost);
    }
    let max = super::ledger::MAX_QTY;
    match change {
        HandChange::Add { qty } => {
            if qty <= 0 {
                return Err(HandRefusal::NotAboveZero(qty));
            }
            let total = line.map_or(0, |l| l.ordered).saturating_add(qty);
            if total > max {
                return Err(HandRefusal::TooMany(total));
            }
            Ok(total)
        }
        HandChange::Set { qty, .. } => {
            let line = line.ok_or(HandRefusal::NoLine)?;
            let Some(qty) = qty else {
                return Ok(line.ordered);
            };
            if qty <= 0 {
                return Err(HandRefusal::NotAboveZero(qty));
            }
            if qty > max {
                return Err(HandRefusal::TooMany(qty));
            }
            if qty < line.received {
                return Err(HandRefusal::BelowReceived {
                    received: line.received,
                    qty,
                });
            }
            Ok(qty)
        }
        HandChange::Remove => {
            let line = line.ok_or(HandRefusal::NoLine)?;
            if line.received > 0 {
                return Err(HandRefusal::Received(line.received));
            }
            Ok(0)
        }
    }
}

/// Whether an item of supplier `item` may go on an order for supplier `order` (ids; `None`:
/// no supplier): an item with no supplier goes on any order; any other only on an order
/// for its own supplier.
pub fn supplier_fits(order: Option<i64>, item: Option<i64>) -> bool {
    item.is_none() || item == order
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(ordered: i64, received: i64) -> Option<OrderedLine> {
        Some(OrderedLine { ordered, received })
    }

    #[test]
    fn delivery_is_partly_while_something_came_and_something_is_open() {
        assert_eq!(delivery([]), Delivery::Nothing);
        assert_eq!(delivery(line(5, 0)), Delivery::Nothing);
        assert_eq!(delivery(line(5, 2)), Delivery::Partly);
        let two = [
            OrderedLine {
                ordered: 5,
                received: 5,
            },
            OrderedLine {
                ordered: 3,
                received: 0,
            },
        ];
        assert_eq!(delivery(two), Delivery::Partly);
        let all = [
            OrderedLine {
                ordered: 5,
                received: 6,
            },
            OrderedLine {
                ordered: 3,
                received: 3,
            },
        ];
        assert_eq!(delivery(all), Delivery::All);
        assert_eq!(
            shown_state(OrderState::Sent, Delivery::Partly),
            "partly received"
        );
        assert_eq!(
            shown_state(OrderState::Draft, Delivery::Partly),
            "partly received"
        );
        assert_eq!(shown_state(OrderState::Closed, Delivery::Partly), "closed");
        assert_eq!(shown_state(OrderState::Sent, Delivery::All), "sent");
    }

    #[test]
    fn hand_changes_only_on_open_orders_and_never_below_what_came() {
        let add = |qty| HandChange::Add { qty };
        let set = |qty| HandChange::Set {
            qty: Some(qty),
            cost: None,
        };
        assert_eq!(
            check_hand_change(OrderState::Draft, None, add(3), None),
            Ok(3)
        );
        assert_eq!(
            check_hand_change(OrderState::Sent, line(4, 0), add(3), None),
            Ok(7)
        );
        for s in [OrderState::Closed, OrderState::Cancelled] {
            assert_eq!(
                check_hand_change(s, line(4, 0), add(1), None),
                Err(HandRefusal::Closed(s))
            );
        }
        assert_eq!(
            check_hand_change(OrderState::Draft, None, add(0), None),
            Err(HandRefusal::NotAboveZero(0))
        );
        assert_eq!(
            check_hand_change(OrderState::Draft, None, add(1), Some(-1)),
            Err(HandRefusal::NegativeCost)
        );
        assert!(matches!(
            check_hand_change(
                OrderState::Draft,
                line(super::super::ledger::MAX_QTY, 0),
                add(1),
                None
            ),
            Err(HandRefusal::TooMany(_))
        ));
        assert_eq!(
            check_hand_change(OrderState::Draft, None, set(2), None),
            Err(HandRefusal::NoLine)
        );
        assert_eq!(
            check_hand_change(OrderState::Sent, line(10, 4), set(3), None),
            Err(HandRefusal::BelowReceived {
                received: 4,
                qty: 3
            })
        );
        assert_eq!(
            check_hand_change(OrderState::Sent, line(10, 4), set(4), None),
            Ok(4)
        );
        assert_eq!(
            check_hand_change(OrderState::Sent, line(10, 4), HandChange::Remove, None),
            Err(HandRefusal::Received(4))
        );
        assert_eq!(
            check_hand_change(OrderState::Draft, line(10, 0), HandChange::Remove, None),
            Ok(0)
        );
        assert_eq!(
            check_hand_change(OrderState::Draft, None, HandChange::Remove, None),
            Err(HandRefusal::NoLine)
        );
    }

    #[test]
    fn an_item_goes_on_its_own_suppliers_order_or_any_when_it_has_none() {
        assert!(supplier_fits(Some(1), Some(1)));
        assert!(supplier_fits(Some(1), None));
        assert!(supplier_fits(None, None));
        assert!(!supplier_fits(Some(1), Some(2)));
        assert!(!supplier_fits(None, Some(2)));
    }
}

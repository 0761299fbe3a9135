//! What each kind of document does to an item's stock and value: the ledger's rules as pure
//! functions over small plain values. `store::posting` reads what they ask for, calls them,
//! and writes the movements they return; `tests/ledger_props.rs` tests them without SQL.
//!
//! A line is posted in two steps, so the store reads an item's past only when a rule can use
//! it: `past_needed` says which of an item's past costs the line's rule may look at, and
//! `post_line` turns the line, the item as it stands and those costs into the movement to
//! write (or a refusal). A void reverses a document's movements one by one (`void_line`).

use std::fmt;

use super::ledger::{Balance, DocKind, MAX_QTY};
use super::money::mul_div_round;

/// Whether stock may go below zero (the `allow_negative_stock` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegativeStock {
    Refuse,
    Allow,
}

impl NegativeStock {
    /// From the setting's yes/no.
    pub fn allowed(yes: bool) -> NegativeStock {
        if yes {
            NegativeStock::Allow
        } else {
            NegativeStock::Refuse
        }
    }
}

/// One line of a document as given. `qty` means: units in (receipt, return), units out
/// (sale), the signed change (adjustment), or the counted quantity (count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineIn {
    pub qty: i64,
    pub unit_cost: Option<i64>,
    pub unit_price: Option<i64>,
}

/// The item as the line finds it: its balance (after any earlier line of the same document)
/// and its catalogue cost and price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemNow {
    pub balance: Balance,
    pub cost: Option<i64>,
    pub price: Option<i64>,
}

/// Unit costs from the item's past documents (see `unit_cost_of`): its latest receipt and
/// its latest sale, by when they happened. `None`: no such document (or not read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PastCosts {
    pub last_receipt: Option<i64>,
    pub last_sale: Option<i64>,
}

/// Which of `PastCosts` a line's rule may use; the others need not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PastNeeded {
    pub last_receipt: bool,
    pub last_sale: bool,
}

/// A movement of one item: signed quantity and cost value, the unit price it was sold or
/// returned at, and the demand it stands for (units a customer took: sales count, returns
/// count against, everything else is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Movement {
    pub qty: i64,
    pub value: i64,
    pub unit_price: Option<i64>,
    pub demand: i64,
}

impl Movement {
    /// The balance after this movement.
    pub fn applied_to(&self, balance: Balance) -> Balance {
        balance.apply(self.qty, self.value)
    }
}

/// Not enough stock for a movement out while negative stock is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    pub on_hand: i64,
    /// The units that would go out.
    pub asked: i64,
}

/// Why a line cannot be posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRefusal {
    Insufficient(Shortfall),
    /// Voids and transfers are not posted as documents of lines.
    NotPostable(DocKind),
}

/// Why a document is refused before anything is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRefusal {
    NotPostable(DocKind),
    NoLines,
    AdjustmentChangesNothing(i64),
    NegativeCount(i64),
    NotAboveZero(i64),
    NegativeMoney,
    AdjustmentWithoutReason,
    VoidWithoutReason,
}

impl fmt::Display for DocRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocRefusal::NotPostable(k) => write!(f, "{k} documents are not posted this way"),
            DocRefusal::NoLines => f.write_str("nothing to post: the document has no lines"),
            DocRefusal::AdjustmentChangesNothing(q) => {
                write!(f, "an adjustment must change stock (got {q})")
            }
            DocRefusal::NegativeCount(q) => write!(f, "a count must be 0 or more (got {q})"),
            DocRefusal::NotAboveZero(q) => write!(f, "quantity must be above zero (got {q})"),
            DocRefusal::NegativeMoney => f.write_str("costs and prices cannot be negative"),
            DocRefusal::AdjustmentWithoutReason => {
                f.write_str("an adjustment needs a reason (--reason damaged, lost, found, ...)")
            }
            DocRefusal::VoidWithoutReason => f.write_str("a void needs a reason"),
        }
    }
}

/// Whether documents of this kind are posted from lines (voids and transfers are not).
pub fn postable(kind: DocKind) -> bool {
    !matches!(kind, DocKind::Void | DocKind::Transfer)
}

/// Check a document's kind and lines: a kind posted from lines, at least one line, each
/// line's quantity within what its kind allows (an adjustment's ±1..=MAX_QTY, a count's
/// 0..=MAX_QTY, otherwise 1..=MAX_QTY), and no negative cost or price.
pub fn check_lines(
    kind: DocKind,
    lines: impl IntoIterator<Item = LineIn>,
) -> Result<(), DocRefusal> {
    if !postable(kind) {
        return Err(DocRefusal::NotPostable(kind));
    }
    let mut any = false;
    for l in lines {
        any = true;
        check_line(kind, l)?;
    }
    if !any {
        return Err(DocRefusal::NoLines);
    }
    Ok(())
}

/// One line of `check_lines`.
pub fn check_line(kind: DocKind, l: LineIn) -> Result<(), DocRefusal> {
    match kind {
        DocKind::Adjustment if l.qty == 0 || l.qty.abs() > MAX_QTY => {
            return Err(DocRefusal::AdjustmentChangesNothing(l.qty))
        }
        DocKind::Count if !(0..=MAX_QTY).contains(&l.qty) => {
            return Err(DocRefusal::NegativeCount(l.qty))
        }
        DocKind::Adjustment | DocKind::Count => {}
        _ if !(1..=MAX_QTY).contains(&l.qty) => return Err(DocRefusal::NotAboveZero(l.qty)),
        _ => {}
    }
    if l.unit_cost.is_some_and(|c| c < 0) || l.unit_price.is_some_and(|p| p < 0) {
        return Err(DocRefusal::NegativeMoney);
    }
    Ok(())
}

/// An adjustment says why (damaged, lost, found, ...), and so does a void; other kinds
/// need no reason.
pub fn check_reason(kind: DocKind, has_reason: bool) -> Result<(), DocRefusal> {
    match kind {
        DocKind::Adjustment if !has_reason => Err(DocRefusal::AdjustmentWithoutReason),
        DocKind::Void if !has_reason => Err(DocRefusal::VoidWithoutReason),
        _ => Ok(()),
    }
}

/// When a posting happened: the time it was given (back-dated, say), else now. A time
/// after now is refused (returned as the error).
pub fn posting_time<T: PartialOrd + Copy>(at: Option<T>, now: T) -> Result<T, T> {
    match at {
        Some(t) if t > now => Err(t),
        Some(t) => Ok(t),
        None => Ok(now),
    }
}

/// A free-text field (a reference, a reason) that cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRefusal {
    ControlCharacter,
    TooLong,
}

/// The most characters a reference or reason may have.
pub const MAX_TEXT_CHARS: usize = 500;

/// A reference or reason as stored: trimmed, `None` when empty; refused with a control
/// character or beyond `MAX_TEXT_CHARS`.
pub fn clean_text(v: Option<&str>) -> Result<Option<&str>, TextRefusal> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().any(char::is_control) => Err(TextRefusal::ControlCharacter),
        Some(s) if s.chars().count() > MAX_TEXT_CHARS => Err(TextRefusal::TooLong),
        Some(s) => Ok(Some(s)),
    }
}

/// The unit cost a past movement of `qty` units carrying `value` was at (rounded).
pub fn unit_cost_of(qty: i64, value: i64) -> i64 {
    mul_div_round(value, 1, qty)
}

/// The unit cost of stock that comes or goes with nothing better known: the moving average,
/// else the item's cost, else its latest receipt's, else 0.
pub fn fallback_unit_cost(item: ItemNow, past: PastCosts) -> i64 {
    item.balance
        .avg_cost()
        .or(item.cost)
        .or(past.last_receipt)
        .unwrap_or(0)
}

/// Which past costs `post_line` may use for this line: the latest receipt's only when the
/// fallback cost can come to it (no average, no item cost) and the line can be valued at
/// the fallback; the latest sale's only for a return without a cost of its own.
pub fn past_needed(kind: DocKind, line: LineIn, item: ItemNow) -> PastNeeded {
    let no_cost = item.balance.avg_cost().is_none() && item.cost.is_none();
    let uses_fallback = match kind {
        DocKind::Receipt | DocKind::Void | DocKind::Transfer => false,
        // With no average there is nothing on hand: what goes out is valued at the fallback.
        DocKind::Sale => true,
        DocKind::Return => line.unit_cost.is_none(),
        DocKind::Adjustment | DocKind::Count => {
            count_delta(kind, line, item.balance) < 0 || line.unit_cost.is_none()
        }
    };
    PastNeeded {
        last_receipt: no_cost && uses_fallback,
        last_sale: kind == DocKind::Return && line.unit_cost.is_none(),
    }
}

/// The signed change a line asks for: a count's difference from what is on hand, an
/// adjustment's own quantity.
fn count_delta(kind: DocKind, line: LineIn, balance: Balance) -> i64 {
    if kind == DocKind::Count {
        line.qty - balance.on_hand
    } else {
        line.qty
    }
}

/// Refuse a movement of `-out` units that leaves `balance` below zero, unless negative stock
/// is allowed.
fn check_stock(balance: Balance, out: i64, negative: NegativeStock) -> Result<(), Shortfall> {
    if negative == NegativeStock::Refuse && balance.on_hand - out < 0 {
        return Err(Shortfall {
            on_hand: balance.on_hand,
            asked: out,
        });
    }
    Ok(())
}

/// The movement one line of a document makes, given the item as it stands:
/// - receipt: `qty` in at the line's cost, else the item's, else the average, else 0;
/// - sale: `qty` out at the moving average (V·q/Q, all of V when q = Q; beyond what is on
///   hand at the fallback cost), refused beyond what is on hand unless negative stock is
///   allowed; priced at the line's price, else the item's; demand `qty`;
/// - return: `qty` in at the line's cost, else the latest sale's unit cost, else the
///   fallback; priced as a sale; demand `-qty`;
/// - adjustment, count: the change (a count's difference from on hand) in at the line's
///   cost, else the fallback; or out as a sale goes out (and refused as a sale is).
pub fn post_line(
    kind: DocKind,
    line: LineIn,
    item: ItemNow,
    past: PastCosts,
    negative: NegativeStock,
) -> Result<Movement, LineRefusal> {
    let bal = item.balance;
    let fallback = || fallback_unit_cost(item, past);
    let m = match kind {
        DocKind::Receipt => {
            let cost = line.unit_cost.or(item.cost).or(bal.avg_cost()).unwrap_or(0);
            Movement {
                qty: line.qty,
                value: line.qty * cost,
                unit_price: None,
                demand: 0,
            }
        }
        DocKind::Sale => {
            check_stock(bal, line.qty, negative).map_err(LineRefusal::Insufficient)?;
            Movement {
                qty: -line.qty,
                value: -bal.issue_value(line.qty, fallback()),
                unit_price: line.unit_price.or(item.price),
                demand: line.qty,
            }
        }
        DocKind::Return => {
            let cost = line.unit_cost.or(past.last_sale).unwrap_or_else(fallback);
            Movement {
                qty: line.qty,
                value: line.qty * cost,
                unit_price: line.unit_price.or(item.price),
                demand: -line.qty,
            }
        }
        DocKind::Adjustment | DocKind::Count => {
            let delta = count_delta(kind, line, bal);
            if delta >= 0 {
                let cost = line.unit_cost.unwrap_or_else(fallback);
                Movement {
                    qty: delta,
                    value: delta * cost,
                    unit_price: None,
                    demand: 0,
                }
            } else {
                check_stock(bal, -delta, negative).map_err(LineRefusal::Insufficient)?;
                Movement {
                    qty: delta,
                    value: -bal.issue_value(-delta, fallback()),
                    unit_price: None,
                    demand: 0,
                }
            }
        }
        DocKind::Void | DocKind::Transfer => return Err(LineRefusal::NotPostable(kind)),
    };
    Ok(m)
}

/// The value of a receipt line of opening stock (an item with no balance and no history):
/// `qty` at the line's cost, none being 0, as `post_line` values it for such an item.
/// `None` when the value does not fit.
pub fn opening_receipt_value(line: LineIn) -> Option<i64> {
    line.qty.checked_mul(line.unit_cost.unwrap_or(0))
}

/// Why a document cannot be voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoidRefusal {
    /// The number given names another kind (`S-7` for a receipt).
    WrongKind { given: DocKind },
    /// A void is not voided; the transaction is posted again instead.
    IsAVoid,
    /// Voided already, by the void with this id.
    AlreadyVoided(i64),
    /// The document moved no stock.
    NothingToReverse,
}

/// Whether the document of kind `kind` may be voided: the kind its number was given with
/// (if any) is its own, it is not itself a void, no void reverses it yet, and it moved stock.
pub fn check_void(
    given: Option<DocKind>,
    kind: DocKind,
    voided_by: Option<i64>,
    moved_stock: bool,
) -> Result<(), VoidRefusal> {
    if let Some(g) = given {
        if g != kind {
            return Err(VoidRefusal::WrongKind { given: g });
        }
    }
    if kind == DocKind::Void {
        return Err(VoidRefusal::IsAVoid);
    }
    if let Some(v) = voided_by {
        return Err(VoidRefusal::AlreadyVoided(v));
    }
    if !moved_stock {
        return Err(VoidRefusal::NothingToReverse);
    }
    Ok(())
}

/// The movement that reverses `original`: the opposite quantity, price and demand. Stock
/// going back out leaves at the moving average (the average never leaves the range of costs
/// received; beyond what is on hand at the average, else the item's cost, else 0); stock
/// coming back returns at the value it left with. Refused when it would leave stock below
/// zero and negative stock is refused.
pub fn void_line(
    original: Movement,
    item: ItemNow,
    negative: NegativeStock,
) -> Result<Movement, Shortfall> {
    let bal = item.balance;
    let qty = -original.qty;
    check_stock(bal, -qty, negative)?;
    let value = if qty < 0 {
        let fallback = bal.avg_cost().or(item.cost).unwrap_or(0);
        -bal.issue_value(-qty, fallback)
    } else {
        -original.value
    };
    Ok(Movement {
        qty,
        value,
        unit_price: original.unit_price,
        demand: -original.demand,
    })
}

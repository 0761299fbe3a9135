//! Every key, by screen: the help screen (F1) lists them and the footer shows the ones of
//! the current screen. Kept here, as data, so the two never disagree.

/// One key (or keys) and what it does.
pub type KeyHelp = (&'static str, &'static str);

pub const QUIT: KeyHelp = ("Ctrl-C", "quit");

pub const STOCK_KEYS: &[KeyHelp] = &[
    ("↑↓", "move"),
    ("Enter", "open"),
    ("F6", "import"),
    ("F7", "sort"),
    ("F8", "low only"),
    ("F9", "new item"),
];

pub const DETAIL_KEYS: &[KeyHelp] = &[
    ("F6", "edit"),
    ("F7", "count"),
    ("F8", "adjust"),
    ("F9", "new item"),
    ("↑↓", "row"),
    ("Ctrl-X", "void"),
    ("Esc", "back"),
];

pub const RECEIVING_KEYS: &[KeyHelp] = &[
    ("Enter", "add"),
    ("empty Enter", "post"),
    ("↑", "lines"),
    ("F6", "PO"),
    ("Ctrl-D", "discard"),
    ("Ctrl-O", "drafts"),
];

pub const SALES_KEYS: &[KeyHelp] = &[
    ("Enter", "add"),
    ("empty Enter", "post"),
    ("↑", "lines"),
    ("F6", "sale/return"),
    ("Ctrl-D", "discard"),
];

pub const LINES_KEYS: &[KeyHelp] = &[
    ("↑↓", "select"),
    ("+/-", "qty"),
    ("Del", "remove"),
    ("Enter", "edit"),
    ("Esc/typing", "scan line"),
];

pub const ALERTS_KEYS: &[KeyHelp] = &[
    ("↑↓", "move"),
    ("Space", "pick"),
    ("F7", "all"),
    ("F6", "draft orders"),
    ("F8", "orders"),
    ("Enter", "open"),
];

pub const ORDERS_KEYS: &[KeyHelp] = &[
    ("Ctrl-N", "new"),
    ("Tab", "lines"),
    ("F6", "sent"),
    ("F7", "receive"),
    ("F8", "CSV"),
    ("Ctrl-K/X", "close/cancel"),
];

pub const ORDER_LINES_KEYS: &[KeyHelp] = &[
    ("↑↓", "select"),
    ("+/-", "qty"),
    ("Enter", "qty & cost"),
    ("Del", "remove"),
    ("Esc/Tab", "orders"),
];

/// The items a search on an order's scan line found.
pub const ITEM_PICKER_KEYS: &[KeyHelp] = &[
    ("↑↓", "choose"),
    ("Enter", "add it"),
    ("Esc", "add nothing"),
];

pub const HELP_KEYS: &[KeyHelp] = &[("↑↓ PgUp PgDn", "scroll"), ("Esc", "stock list")];

pub const FORM_KEYS: &[KeyHelp] = &[
    ("Tab/↑↓", "field"),
    ("Enter", "next, save on last"),
    ("F10", "save"),
    ("Ctrl-U", "clear"),
    ("Esc", "cancel"),
];

pub const CONFIRM_KEYS: &[KeyHelp] = &[("Enter or y", "yes"), ("Esc", "no, keep it")];

/// Posting a plain receipt of goods on an open purchase order.
pub const ON_ORDER_KEYS: &[KeyHelp] = &[
    ("o", "against the order"),
    ("Enter", "plain receipt"),
    ("Esc", "keep editing"),
];

pub const PICKER_KEYS: &[KeyHelp] = &[("↑↓", "choose"), ("Enter", "open"), ("Esc", "close")];

/// Width of the key column on the help screen.
pub const HELP_KEY_WIDTH: usize = 22;

/// The help screen's section for receiving and sales.
pub const DOCUMENT_HELP: (&str, &[KeyHelp]) = (
    "Receiving (F3) and Sales (F4): the cursor is in the scan line",
    &[
        (
            "CODE Enter",
            "add one (barcode or SKU); again adds one more",
        ),
        ("N*CODE Enter", "add N of the item"),
        ("Enter, Ctrl-J, Tab", "end a scan (what scanners send)"),
        (
            "Enter on empty line",
            "post: Enter or y confirms, Esc keeps editing",
        ),
        (
            "  a receipt",
            "asks its delivery note (optional; Enter posts)",
        ),
        (
            "  goods on an order",
            "says so: o receives against it, Enter plain",
        ),
        (
            "  a return",
            "asks a reason, and the sale it is from (S-12; optional)",
        ),
        ("↑ ↓", "select a line: +/- qty, Del remove, Enter edit"),
        ("Esc or typing", "back from the lines to the scan line"),
        ("F6 (sales)", "switch between a sale and a customer return"),
        (
            "F6 (receiving)",
            "receive against a purchase order: pick it, F7",
        ),
        ("Ctrl-D or Del", "discard the document (asks first)"),
        (
            "Ctrl-X after posting",
            "void what was just posted (asks a reason)",
        ),
        (
            "Ctrl-N / Ctrl-O",
            "start another document / open a saved draft",
        ),
        (
            "unknown code",
            "rings; in receiving a form creates the item",
        ),
    ],
);

pub const STOCK_HELP: (&str, &[KeyHelp]) = (
    "Stock list (F2)",
    &[
        ("type", "search SKU, name, variant, barcode as you type"),
        (
            "scan, or code Enter",
            "jump to the item with exactly that code",
        ),
        ("↑↓ PgUp PgDn Home End", "move"),
        ("Enter", "open the item: ledger, sales, edit, count"),
        ("F7", "sort by SKU, name, on hand"),
        ("F8", "only items at or below their reorder point"),
        ("F9 or Ctrl-N", "add a new item"),
        ("F6 or Ctrl-L", "import a CSV (dry run first, then confirm)"),
        ("Esc", "clear the search"),
    ],
);

pub const DETAIL_HELP: (&str, &[KeyHelp]) = (
    "Item detail (Enter on an item)",
    &[
        (
            "F6 or Ctrl-E",
            "edit the item (an empty field is left as is)",
        ),
        (
            "F7 or Ctrl-T",
            "count: what is on the shelf; the difference posts",
        ),
        ("F8 or Ctrl-A", "adjust by a signed quantity with a reason"),
        ("F9 or Ctrl-N", "add a new item"),
        (
            "↑ ↓ PgUp PgDn",
            "scroll the ledger; the lowest row is selected",
        ),
        ("Ctrl-X", "void the selected row's document (asks a reason)"),
        ("Esc", "back"),
    ],
);

pub const ALERTS_HELP: (&str, &[KeyHelp]) = (
    "Low-stock alerts (F5)",
    &[
        ("↑ ↓ PgUp PgDn", "move"),
        ("Space", "pick an item (F7 picks all)"),
        (
            "F6 or Ctrl-P",
            "draft purchase orders (picked items, or all)",
        ),
        ("F8 or Ctrl-O", "purchase orders"),
        ("Enter", "open the item"),
        ("Esc", "unpick all"),
    ],
);

pub const ORDERS_HELP: (&str, &[KeyHelp]) = (
    "Purchase orders (F8 on the alerts, Alt-6)",
    &[
        ("↑ ↓ PgUp PgDn", "choose an order"),
        ("Ctrl-N", "new order for a supplier (asks which)"),
        (
            "CODE / N*CODE Enter",
            "on an open order: add the item (N of it)",
        ),
        ("words Enter", "search the items; ↑↓ Enter adds the chosen"),
        (
            "Tab (or Enter)",
            "its lines: ↑↓, +/- qty, Enter qty & cost, Del",
        ),
        ("Del (on a line)", "remove the line (asks first)"),
        ("F6 or Ctrl-T", "mark sent to the supplier"),
        (
            "F7 or Ctrl-R",
            "receive against it: scans tick its lines off",
        ),
        ("F8 or Ctrl-E", "CSV for the supplier (asks where)"),
        ("Ctrl-K", "close (says what is still open)"),
        ("Ctrl-X", "cancel"),
        ("Esc", "back to the alerts"),
    ],
);

pub const FORMS_HELP: (&str, &[KeyHelp]) = (
    "Forms",
    &[
        ("Tab ↓ / Shift-Tab ↑", "next / previous field"),
        ("Enter", "next field; on the last field, save"),
        ("F10", "save from any field"),
        ("Ctrl-U", "clear the field"),
        ("Esc", "cancel"),
    ],
);

#[cfg(test)]
mod tests {
    use super::*;

    fn width(keys: &[KeyHelp]) -> usize {
        // As the footer draws them: " k what · k what".
        1 + keys
            .iter()
            .map(|(k, w)| k.chars().count() + 1 + w.chars().count())
            .sum::<usize>()
            + 3 * keys.len().saturating_sub(1)
    }

    #[test]
    fn every_footer_fits_in_80_columns() {
        for keys in [
            STOCK_KEYS,
            DETAIL_KEYS,
            RECEIVING_KEYS,
            SALES_KEYS,
            LINES_KEYS,
            ALERTS_KEYS,
            ORDERS_KEYS,
            ORDER_LINES_KEYS,
            ITEM_PICKER_KEYS,
            HELP_KEYS,
            FORM_KEYS,
            CONFIRM_KEYS,
            ON_ORDER_KEYS,
            PICKER_KEYS,
        ] {
            assert!(width(keys) <= 80, "{keys:?} is {} wide", width(keys));
        }
    }
}

//! Every key, by screen: the help screen (F1) lists them and the footer shows the ones of
//! the current screen. Kept here, as data, so the two never disagree.

use super::document::Focus;
use super::{App, Modal, Screen};

/// One key (or keys) and what it does.
pub type KeyHelp = (&'static str, &'static str);

/// Screen switching; each F-key has an Alt-digit fallback (some terminals eat F-keys).
pub const GLOBAL_KEYS: &[(&str, &str, Screen)] = &[
    ("F1", "Help", Screen::Help),
    ("F2", "Stock", Screen::Stock),
    ("F3", "Receiving", Screen::Receiving),
    ("F4", "Sales", Screen::Sales),
    ("F5", "Alerts", Screen::Alerts),
];

pub const GLOBAL_FALLBACK: KeyHelp = ("Alt-1..5", "same");
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
    ("↑↓", "ledger"),
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
    ("↑↓", "move"),
    ("Tab", "lines"),
    ("F6", "sent"),
    ("F7", "receive"),
    ("F8", "export"),
    ("Ctrl-K/X", "close/cancel"),
];

pub const ORDER_LINES_KEYS: &[KeyHelp] = &[
    ("↑↓", "select"),
    ("+/-", "qty"),
    ("Enter", "edit qty"),
    ("Del", "remove"),
    ("Esc/Tab", "orders"),
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

pub const PICKER_KEYS: &[KeyHelp] = &[("↑↓", "choose"), ("Enter", "open"), ("Esc", "close")];

/// Width of the key column on the help screen.
pub const HELP_KEY_WIDTH: usize = 22;

/// The help screen: sections of (keys, what they do).
pub fn sections() -> Vec<(&'static str, Vec<KeyHelp>)> {
    let mut global: Vec<KeyHelp> = GLOBAL_KEYS.iter().map(|(k, w, _)| (*k, *w)).collect();
    global.extend([
        (
            "Alt-1 .. Alt-5",
            "the same as F1 .. F5 (if F-keys do not work)",
        ),
        ("Alt-6", "purchase orders (also F8 on the alerts)"),
        (
            "Ctrl-C",
            "quit from anywhere (open documents stay as drafts)",
        ),
        ("Esc", "leave an input or a dialog; keeps documents"),
    ]);
    vec![
        ("Everywhere", global),
        (
            "Receiving (F3) and Sales (F4): the cursor is in the scan line",
            vec![
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
                ("↑ ↓", "select a line: +/- qty, Del remove, Enter edit"),
                ("Esc or typing", "back from the lines to the scan line"),
                ("F6 (sales)", "switch between a sale and a customer return"),
                (
                    "F6 (receiving)",
                    "receive against a purchase order: pick it, F7",
                ),
                ("Ctrl-D or Del", "discard the document (asks first)"),
                (
                    "Ctrl-N / Ctrl-O",
                    "start another document / open a saved draft",
                ),
                (
                    "unknown code",
                    "rings; in receiving a form creates the item",
                ),
            ],
        ),
        (
            "Stock list (F2)",
            vec![
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
        ),
        (
            "Item detail (Enter on an item)",
            vec![
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
                ("↑ ↓ PgUp PgDn", "scroll the ledger"),
                ("Esc", "back"),
            ],
        ),
        (
            "Low-stock alerts (F5)",
            vec![
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
        ),
        (
            "Purchase orders (F8 on the alerts, Alt-6)",
            vec![
                ("↑ ↓ PgUp PgDn", "choose an order"),
                (
                    "Tab or Enter",
                    "its lines: ↑↓, +/- qty, Enter edit, Del remove",
                ),
                ("F6 or Ctrl-T", "mark sent to the supplier"),
                (
                    "F7 or Ctrl-R",
                    "receive against it: scans tick its lines off",
                ),
                ("F8 or Ctrl-E", "export as CSV for the supplier"),
                ("Ctrl-K", "close (says what is still open)"),
                ("Ctrl-X", "cancel"),
                ("Esc", "back to the alerts"),
            ],
        ),
        (
            "Forms",
            vec![
                ("Tab ↓ / Shift-Tab ↑", "next / previous field"),
                ("Enter", "next field; on the last field, save"),
                ("F10", "save from any field"),
                ("Ctrl-U", "clear the field"),
                ("Esc", "cancel"),
            ],
        ),
    ]
}

/// Lines the help screen has (sections, their keys, blank lines, and the settings).
pub fn line_count() -> u16 {
    let n: usize = sections().iter().map(|(_, keys)| keys.len() + 2).sum();
    u16::try_from(n + HELP_TAIL_LINES).unwrap_or(u16::MAX)
}

/// Lines after the key sections on the help screen (settings and the tmux note).
pub const HELP_TAIL_LINES: usize = 3;

impl App {
    /// The keys of what has the keyboard now: a dialog, or the screen.
    pub fn footer_keys(&self) -> &'static [KeyHelp] {
        match self.modal() {
            Some(Modal::ConfirmPost(_)) | Some(Modal::ConfirmDiscard(_)) => return CONFIRM_KEYS,
            Some(Modal::Form(_)) => return FORM_KEYS,
            Some(Modal::DraftPicker(_)) => return PICKER_KEYS,
            Some(Modal::ConfirmOrder { .. })
            | Some(Modal::ConfirmOffOrder { .. })
            | Some(Modal::ConfirmImport { .. }) => return CONFIRM_KEYS,
            None => {}
        }
        match self.screen() {
            Screen::Help => HELP_KEYS,
            Screen::Stock => STOCK_KEYS,
            Screen::ItemDetail => DETAIL_KEYS,
            Screen::Alerts => ALERTS_KEYS,
            Screen::Orders if self.orders().focus == super::OrdersFocus::Lines => ORDER_LINES_KEYS,
            Screen::Orders => ORDERS_KEYS,
            Screen::Receiving if self.receiving().focus == Focus::Lines => LINES_KEYS,
            Screen::Sales if self.sales().focus == Focus::Lines => LINES_KEYS,
            Screen::Receiving => RECEIVING_KEYS,
            Screen::Sales => SALES_KEYS,
        }
    }
}

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
    fn every_help_line_fits_in_80_columns() {
        for (title, keys) in sections() {
            assert!(title.chars().count() <= 80, "{title}");
            for (k, w) in keys {
                // As the help screen draws them: 2 + key column + text.
                let n = 2 + HELP_KEY_WIDTH.max(k.chars().count()) + w.chars().count();
                assert!(n <= 80, "{k} {w}: {n} wide");
            }
        }
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
            HELP_KEYS,
            FORM_KEYS,
            CONFIRM_KEYS,
            PICKER_KEYS,
        ] {
            assert!(width(keys) <= 80, "{keys:?} is {} wide", width(keys));
        }
    }
}

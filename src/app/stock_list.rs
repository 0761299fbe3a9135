//! Stock list (F2): one page of the catalogue at a time, paged, searched and sorted in SQL.
//! The search line is also a scan line: a scan that is exactly an item's code jumps to it.

use anyhow::Result;

use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::scan_line::{ScanLine, ScanOutcome};
use super::{App, Modal, Screen, CHROME_ROWS};
use crate::domain::gtin::Code;
use crate::domain::scan::split_qty;
use crate::domain::text::sanitize;
use crate::store::{Item, SortKey, StockQuery, StockRow};

/// Counts of a search stop here (shown as "1000+") until the user scrolls past them.
pub const COUNT_CAP: i64 = 1000;

/// Rows of the table that fit at this terminal height (search line and header aside).
pub fn page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(CHROME_ROWS + 2)).max(1)
}

#[derive(Debug, Clone, PartialEq)]
pub struct StockList {
    /// The search line (search as you type; also where scans arrive).
    pub search: ScanLine,
    pub sort: SortKey,
    pub low_only: bool,
    /// Rows under the current search.
    pub total: i64,
    /// Position of the first loaded row.
    pub offset: i64,
    /// Position of the selected row (in the whole list, not the page).
    pub selected: i64,
    /// The loaded page.
    pub rows: Vec<StockRow>,
    pub page_rows: usize,
    /// The page must be reloaded (done once per batch of keys).
    pub dirty: bool,
    /// The search or filter changed: count again.
    pub recount: bool,
    /// False when `total` is a lower bound (a capped count of a broad search).
    pub count_exact: bool,
    /// The arrows moved since the search was typed: Enter opens the selected item.
    pub browsing: bool,
}

impl Default for StockList {
    fn default() -> Self {
        StockList {
            search: ScanLine::default(),
            sort: SortKey::Sku,
            low_only: false,
            total: 0,
            offset: 0,
            selected: 0,
            rows: Vec::new(),
            page_rows: page_rows(24),
            dirty: true,
            recount: true,
            count_exact: true,
            browsing: false,
        }
    }
}

impl StockList {
    pub fn query(&self, offset: i64, limit: i64) -> StockQuery {
        StockQuery {
            search: self.search.text().trim().to_string(),
            low_only: self.low_only,
            sort: self.sort,
            descending: false,
            offset,
            limit,
        }
    }

    /// The selected row, when it is loaded.
    pub fn selected_row(&self) -> Option<&StockRow> {
        let i = self.selected - self.offset;
        usize::try_from(i).ok().and_then(|i| self.rows.get(i))
    }

    fn move_by(&mut self, delta: i64) {
        let mut to = self.selected.saturating_add(delta).max(0);
        if self.count_exact {
            to = to.min((self.total - 1).max(0));
        }
        self.selected = to;
        self.browsing = true;
        // Within the loaded page nothing needs reading.
        let loaded = self.offset..self.offset + self.rows.len() as i64;
        if !loaded.contains(&to) {
            self.dirty = true;
        }
    }

    /// The search, filter or sort changed: back to the top, count and load again.
    pub(crate) fn query_changed(&mut self) {
        self.selected = 0;
        self.offset = 0;
        self.dirty = true;
        self.recount = true;
    }
}

/// The item form's list of barcodes: ` | ` between them.
pub(crate) const BARCODES: &str = "Barcodes";
/// The item form's active field: n makes the item inactive (left out of lists and scans,
/// its history kept), y active again.
pub(crate) const ACTIVE: &str = "Active (y/n)";
const SUPPLIER: &str = "Supplier";

/// An item's barcodes as the item form shows them.
pub(crate) fn barcode_field(item: &Item) -> String {
    item.barcodes
        .iter()
        .map(|b| sanitize(b))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The codes in a Barcodes field, each once: `|` between them, or spaces (a code `current`
/// has that holds a space is kept whole).
pub(crate) fn barcode_list(value: &str, current: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for piece in value.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        if current.iter().any(|c| c.trim() == piece) {
            codes.push(piece.to_string());
        } else {
            codes.extend(piece.split_whitespace().map(str::to_string));
        }
    }
    let mut seen: Vec<String> = Vec::new();
    codes.retain(|c| {
        let k = barcode_key(c);
        let new = !seen.contains(&k);
        seen.push(k);
        new
    });
    codes
}

/// The form a barcode is stored under (a code that does not parse as itself: the store
/// refuses it, naming it).
fn barcode_key(code: &str) -> String {
    Code::parse(code)
        .map(|c| c.key().to_string())
        .unwrap_or_else(|_| code.trim().to_string())
}

/// The fields of the item form (new item, edit item).
pub(crate) fn item_fields(item: Option<&Item>, decimals: u32) -> Vec<Field> {
    let money = |v: Option<i64>| {
        v.map(|m| crate::domain::money::format_money(m, decimals))
            .unwrap_or_default()
    };
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        Field::new(
            "SKU",
            FieldKind::Text,
            item.map(|i| i.sku.clone()).unwrap_or_default(),
        ),
        Field::new(
            "Name",
            FieldKind::Text,
            item.map(|i| sanitize(&i.name)).unwrap_or_default(),
        ),
        Field::new(
            "Variant",
            FieldKind::OptionalText,
            item.and_then(|i| i.variant.as_deref().map(sanitize))
                .unwrap_or_default(),
        ),
        Field::new(
            BARCODES,
            FieldKind::OptionalText,
            item.map(barcode_field).unwrap_or_default(),
        ),
        Field::new("Price", FieldKind::Money, money(item.and_then(|i| i.price))),
        Field::new("Cost", FieldKind::Money, money(item.and_then(|i| i.cost))),
        Field::new(
            "Reorder point",
            FieldKind::Count,
            num(item.and_then(|i| i.reorder_point)),
        ),
        Field::new(
            "Reorder qty",
            FieldKind::Count,
            num(item.and_then(|i| i.reorder_qty)),
        ),
        Field::new(
            SUPPLIER,
            FieldKind::OptionalText,
            item.and_then(|i| i.supplier.as_deref().map(sanitize))
                .unwrap_or_default(),
        ),
        Field::new(
            ACTIVE,
            FieldKind::YesNo,
            if item.is_none_or(|i| i.active) {
                "y"
            } else {
                "n"
            },
        ),
    ]
}

impl App {
    /// Where an item sits in the list as it is filtered and sorted now (None when the
    /// filter leaves it out). Counted in SQL, never by loading the list.
    fn position_in_list(&self, item: &Item) -> Result<Option<i64>> {
        let q = self.stock.query(0, 1);
        let Some(pos) = self.store.stock_position(&q, item.id)? else {
            return Ok(None);
        };
        let at = self.store.stock_page(&StockQuery { offset: pos, ..q })?;
        Ok(at.first().filter(|r| r.item_id == item.id).map(|_| pos))
    }

    /// Count the rows under the search: exactly when asked (or when it is cheap: no
    /// search and no filter), else stopping at COUNT_CAP so typing stays instant.
    fn count_stock(&mut self, exact: bool) -> Result<()> {
        let q = self.stock.query(0, 0);
        let (total, is_exact) = if q.search.is_empty() && !q.low_only {
            (self.store.item_count()?, true)
        } else if exact {
            (self.store.stock_count(&q)?, true)
        } else {
            self.store.stock_count_capped(&q, COUNT_CAP)?
        };
        self.stock.total = total;
        self.stock.count_exact = is_exact;
        self.stock.recount = false;
        Ok(())
    }

    /// Reload the page around the selection (and the count when the query changed).
    pub(crate) fn reload_stock(&mut self) -> Result<()> {
        let page = self.stock.page_rows.max(1) as i64;
        if self.stock.recount {
            self.count_stock(false)?;
        }
        if !self.stock.count_exact && self.stock.selected >= self.stock.total - 1 {
            // Moving past a capped count: now it is worth counting them all.
            self.count_stock(true)?;
        }
        let total = self.stock.total;
        let s = &mut self.stock;
        s.selected = s.selected.clamp(0, (total - 1).max(0));
        if s.selected < s.offset {
            s.offset = s.selected;
        } else if s.selected >= s.offset + page {
            s.offset = s.selected - page + 1;
        }
        s.offset = s.offset.clamp(0, (total - page).max(0));
        let q = s.query(s.offset, page);
        // Past the middle of an exactly counted list, read the page from the far end.
        let rows = if s.count_exact && s.offset > total / 2 {
            self.store.stock_page_from_end(&q, total)?
        } else {
            self.store.stock_page(&q)?
        };
        self.stock.rows = rows;
        self.stock.dirty = false;
        Ok(())
    }

    pub(crate) fn stock_key(&mut self, key: Key) {
        let page = self.stock.page_rows.max(1) as i64;
        match key {
            Key::Up => self.stock.move_by(-1),
            Key::Down => self.stock.move_by(1),
            Key::PageUp => self.stock.move_by(-page),
            Key::PageDown => self.stock.move_by(page),
            Key::Home => self.stock.move_by(i64::MIN / 2),
            Key::End => self.stock.move_by(i64::MAX / 2),
            Key::F(7) => {
                self.stock.sort = self.stock.sort.next();
                self.stock.query_changed();
                self.info(format!("Sorted by {}", self.stock.sort.label()));
            }
            Key::F(8) => {
                self.stock.low_only = !self.stock.low_only;
                self.stock.query_changed();
                self.info(if self.stock.low_only {
                    "Showing only items at or below their reorder point (F8 for all)"
                } else {
                    "Showing every item"
                });
            }
            Key::F(9) | Key::Ctrl('n') => self.open_new_item_form(),
            Key::F(6) | Key::Ctrl('l') => self.ask_import(),
            Key::Esc => {
                if !self.stock.search.is_empty() {
                    self.stock.search.clear();
                    self.stock.query_changed();
                }
                self.stock.browsing = false;
            }
            Key::Enter if self.stock.browsing || self.stock.search.is_empty() => {
                self.open_selected_stock_item();
            }
            _ => match self.stock.search.handle(key) {
                Some(ScanOutcome::Edited) => {
                    self.stock.query_changed();
                    self.stock.browsing = false;
                }
                Some(ScanOutcome::Scan(code, _)) => self.jump_to_code(&code),
                Some(ScanOutcome::EmptyEnter) => self.open_selected_stock_item(),
                Some(ScanOutcome::Ignored) | None => {}
            },
        }
    }

    fn open_selected_stock_item(&mut self) {
        if self.stock.dirty || self.stock.recount {
            let r = self.reload_stock();
            self.report(r);
        }
        match self.stock.selected_row() {
            Some(row) => {
                let id = row.item_id;
                self.open_item(id, Screen::Stock);
            }
            None => self.info("No item selected"),
        }
    }

    /// A scan (or a typed code and Enter): jump to the item that has exactly this code.
    /// Text that is no item's code stays as the search; when exactly one item matches it,
    /// that item opens (a search narrowed to one item, then Enter).
    fn jump_to_code(&mut self, raw: &str) {
        let code = split_qty(raw).map(|(_, c)| c).unwrap_or(raw).to_string();
        let item = match self.store.find_item(&code) {
            Ok(Some(item)) => item,
            Ok(None) => {
                // Not a code: keep the text as a search if it matches something.
                self.stock.search.set(raw);
                self.stock.query_changed();
                let r = self.reload_stock();
                self.report(r);
                let only = match self.stock.rows.as_slice() {
                    [row] if self.stock.total == 1 && self.stock.count_exact => Some(row.item_id),
                    _ => None,
                };
                if let Some(id) = only {
                    // One item matches what was typed: Enter opens it, no row to pick.
                    self.stock.browsing = true;
                    self.open_item(id, Screen::Stock);
                } else if self.stock.total > 0 {
                    self.stock.browsing = true;
                    self.info(format!(
                        "No item has the code '{}'; {}{} match the search (Enter opens the highlighted one)",
                        sanitize(raw),
                        self.stock.total,
                        if self.stock.count_exact { "" } else { "+" }
                    ));
                } else {
                    self.stock.search.clear();
                    self.stock.query_changed();
                    self.ring();
                    match self.store.resolve(&code) {
                        Err(e) => self.fail(&e),
                        Ok(_) => self.error(format!("unknown item '{}'", sanitize(&code))),
                    }
                }
                return;
            }
            Err(e) => {
                self.fail(&e);
                return;
            }
        };
        self.stock.search.clear();
        self.stock.query_changed();
        self.stock.browsing = false;
        if !item.active {
            // Left out of the list, its history kept: shown alone, so it can be made
            // active again.
            self.open_item(item.id, Screen::Stock);
            self.info(format!(
                "{} is inactive, left out of the list: F6 makes it active again",
                sanitize(&item.sku)
            ));
            return;
        }
        if self.stock.low_only && item.reorder_point.is_none() {
            self.stock.low_only = false;
        }
        let mut pos = self.position_in_list(&item);
        if matches!(pos, Ok(None)) && self.stock.low_only {
            self.stock.low_only = false;
            pos = self.position_in_list(&item);
        }
        match pos {
            Ok(Some(p)) => {
                let page = self.stock.page_rows.max(1) as i64;
                self.stock.selected = p;
                self.stock.offset = (p - page / 2).max(0);
                let r = self.reload_stock();
                self.report(r);
                let on_hand = self
                    .stock
                    .selected_row()
                    .map(|r| r.on_hand.to_string())
                    .unwrap_or_default();
                self.info(format!(
                    "{} {}: {on_hand} on hand (Enter opens it)",
                    sanitize(&item.sku),
                    sanitize(&item.name)
                ));
            }
            Ok(None) => {
                // Could not place it in the list: show it alone.
                self.stock.search.set(&item.sku);
                self.stock.query_changed();
                let r = self.reload_stock();
                self.report(r);
            }
            Err(e) => self.fail(&e),
        }
    }

    pub(crate) fn open_new_item_form(&mut self) {
        let decimals = self.currency_decimals();
        let form = Form::new(FormKind::NewItem, "New item", item_fields(None, decimals));
        self.modal = Some(Modal::Form(form));
    }

    pub(crate) fn submit_new_item(&mut self, form: &mut Form) -> Result<()> {
        let (fields, new_supplier) = self.item_fields_from(form)?;
        let fields = crate::store::ItemFields {
            barcodes: barcode_list(form.value(BARCODES), &[]),
            ..fields
        };
        let item = self.store.add_item_with(&fields, new_supplier)?;
        self.success(format!(
            "Added {} {}",
            sanitize(&item.sku),
            sanitize(&item.name)
        ));
        self.open_item(item.id, Screen::Stock);
        Ok(())
    }

    /// The item form's fields, barcodes aside (new and edit read them differently), and
    /// whether its supplier is a new one staff said yes to (the first save with a name no
    /// supplier has asks, and is refused).
    pub(crate) fn item_fields_from(
        &self,
        form: &mut Form,
    ) -> Result<(crate::store::ItemFields, bool)> {
        let decimals = self.currency_decimals();
        if let Err(p) = form.validate(decimals) {
            return Err(crate::store::Refusal(p).into());
        }
        let new_supplier = form.ask_about_new_supplier(&self.store, SUPPLIER)?;
        let fields = crate::store::ItemFields {
            sku: form.text("SKU"),
            name: form.text("Name"),
            variant: form.text("Variant"),
            price: form.money("Price", decimals),
            cost: form.money("Cost", decimals),
            reorder_point: form.number("Reorder point"),
            reorder_qty: form.number("Reorder qty"),
            supplier: form.text(SUPPLIER),
            active: form.yes_no(ACTIVE),
            ..Default::default()
        };
        Ok((fields, new_supplier))
    }
}

/// What an edit of the Barcodes field does to `current`: the codes to add and the codes to
/// remove. The field as it was shown changes nothing.
pub(crate) fn barcode_changes(value: &str, current: &Item) -> (Vec<String>, Vec<String>) {
    if value.trim() == barcode_field(current) {
        return (Vec::new(), Vec::new());
    }
    let listed = barcode_list(value, &current.barcodes);
    let listed_keys: Vec<String> = listed.iter().map(|c| barcode_key(c)).collect();
    let current_keys: Vec<String> = current.barcodes.iter().map(|c| barcode_key(c)).collect();
    let add = listed
        .into_iter()
        .filter(|c| !current_keys.contains(&barcode_key(c)))
        .collect();
    let remove = current
        .barcodes
        .iter()
        .filter(|c| !listed_keys.contains(&barcode_key(c)))
        .cloned()
        .collect();
    (add, remove)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(barcodes: &[&str]) -> Item {
        Item {
            id: 1,
            sku: "TEA-1".into(),
            name: "Tea".into(),
            product: None,
            variant: None,
            price: None,
            cost: None,
            reorder_point: None,
            reorder_qty: None,
            lead_time_days: None,
            pack: 1,
            supplier_id: None,
            supplier: None,
            active: true,
            barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
        }
    }

    #[test]
    fn the_field_as_shown_changes_nothing() {
        let it = item(&["4006381333931", "SHELF 12"]);
        assert_eq!(barcode_field(&it), "4006381333931 | SHELF 12");
        assert_eq!(
            barcode_changes("4006381333931 | SHELF 12", &it),
            (vec![], vec![])
        );
    }

    #[test]
    fn a_code_left_out_is_removed_and_a_new_one_added() {
        let it = item(&["4006381333931", "SHELF 12"]);
        assert_eq!(
            barcode_changes("SHELF 12 | 96385074", &it),
            (
                vec!["96385074".to_string()],
                vec!["4006381333931".to_string()]
            )
        );
        // Spaces separate new codes; the same GTIN in another form is the same code.
        assert_eq!(
            barcode_changes("04006381333931 96385074  SHELF 12", &it).0,
            vec![
                "96385074".to_string(),
                "SHELF".to_string(),
                "12".to_string()
            ]
        );
        assert_eq!(
            barcode_changes("", &it).1,
            vec!["4006381333931".to_string(), "SHELF 12".to_string()]
        );
    }

    #[test]
    fn a_code_is_listed_once() {
        assert_eq!(
            barcode_list("96385074 | 96385074 00000096385074", &[]),
            vec!["96385074".to_string()]
        );
    }
}

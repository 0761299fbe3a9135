//! Low-stock alerts (F5): items at or below their reorder point, derived from the current
//! state each time the screen loads, with a suggested order; Space picks items and F6
//! drafts purchase orders for them (for all when none is picked).

use std::collections::BTreeSet;

use anyhow::Result;

use super::input::Key;
use super::{App, Screen};
use crate::reorder::{self, Alert};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertsScreen {
    pub rows: Vec<Alert>,
    pub selected: usize,
    /// Item ids picked with Space.
    pub chosen: BTreeSet<i64>,
    /// The first row on screen: only the rows on screen are drawn (28k alerts at 100k
    /// items drew 113 MB of rows a frame before).
    pub offset: usize,
}

/// The first row to show so that `selected` is on a screen of `page` rows, moving the
/// view as little as possible from `offset`.
pub fn keep_visible(offset: usize, selected: usize, page: usize) -> usize {
    let page = page.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    }
}

impl App {
    pub(crate) fn reload_alerts(&mut self) -> Result<()> {
        let rows = reorder::alerts(&self.store, None, self.now)?;
        let a = &mut self.alerts;
        if !a.chosen.is_empty() {
            let at_risk: std::collections::HashSet<i64> = rows.iter().map(|r| r.item_id).collect();
            a.chosen.retain(|id| at_risk.contains(id));
        }
        a.selected = a.selected.min(rows.len().saturating_sub(1));
        a.rows = rows;
        a.offset = keep_visible(
            a.offset.min(a.selected),
            a.selected,
            super::stock_list::page_rows(self.height),
        );
        Ok(())
    }

    pub(crate) fn alerts_key(&mut self, key: Key) {
        let a = &mut self.alerts;
        let last = a.rows.len().saturating_sub(1);
        let page = super::stock_list::page_rows(self.height);
        if let Some(to) = super::input::list_move(key, a.selected, last, page) {
            a.selected = to;
            a.offset = keep_visible(a.offset, a.selected, page);
            return;
        }
        match key {
            Key::Char(' ') => {
                if let Some(row) = a.rows.get(a.selected) {
                    let id = row.item_id;
                    if !a.chosen.remove(&id) {
                        a.chosen.insert(id);
                    }
                    a.selected = (a.selected + 1).min(last);
                }
            }
            Key::F(7) => {
                if a.chosen.len() == a.rows.len() {
                    a.chosen.clear();
                } else {
                    a.chosen = a.rows.iter().map(|r| r.item_id).collect();
                }
            }
            Key::Esc => a.chosen.clear(),
            Key::Enter => {
                if let Some(id) = a.rows.get(a.selected).map(|r| r.item_id) {
                    self.open_item(id, Screen::Alerts);
                }
            }
            Key::F(6) | Key::Ctrl('p') => self.draft_orders(),
            Key::F(8) | Key::Ctrl('o') => self.switch_to(Screen::Orders),
            Key::Char(c) if !c.is_whitespace() => self.start_stock_search(c),
            _ => {}
        }
        let a = &mut self.alerts;
        a.offset = keep_visible(a.offset, a.selected, page);
    }

    /// Draft purchase orders for the picked alerts (all when none is picked).
    fn draft_orders(&mut self) {
        let chosen: Vec<i64> = self.alerts.chosen.iter().copied().collect();
        let selected = (!chosen.is_empty()).then_some(chosen.as_slice());
        let rows = self.alerts.rows.clone();
        match crate::purchasing::draft_orders(&mut self.store, &rows, selected) {
            Ok(ids) if ids.is_empty() => {
                self.info("Nothing to order: every suggested quantity is 0")
            }
            Ok(ids) => {
                let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                let text = format!(
                    "Drafted purchase order{} {}: change quantities here, F6 marks sent",
                    if ids.len() == 1 { "" } else { "s" },
                    list.join(", ")
                );
                self.alerts.chosen.clear();
                // Show the drafts, so quantities can be checked before they go out.
                if let Some(first) = ids.first() {
                    self.show_order(*first);
                }
                self.success(text);
            }
            Err(e) => {
                self.ring();
                self.fail(&e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::keep_visible;

    #[test]
    fn the_view_moves_only_as_far_as_the_selection_needs() {
        assert_eq!(keep_visible(0, 5, 10), 0);
        assert_eq!(keep_visible(0, 10, 10), 1);
        assert_eq!(keep_visible(20, 25, 10), 20);
        assert_eq!(keep_visible(20, 3, 10), 3);
        assert_eq!(keep_visible(0, 28_000, 18), 27_983);
        assert_eq!(keep_visible(7, 7, 0), 7);
    }
}

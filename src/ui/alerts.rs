//! Low-stock alerts: items at or below their reorder point with the suggested order.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, TableState};
use ratatui::Frame;

use super::{clean, columns, cut_line, Col, Grid, Theme, SELECTION};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let a = app.alerts();
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let picked = if a.chosen.is_empty() {
        "none picked: F6 drafts orders for all".to_string()
    } else {
        format!("{} picked: F6 drafts orders for them", a.chosen.len())
    };
    let line = Line::from(vec![
        Span::styled(
            format!("{} at or below their reorder point", a.rows.len()),
            theme.header,
        ),
        Span::styled(format!(" · {picked}"), theme.dim),
    ]);
    frame.render_widget(Paragraph::new(cut_line(line, title.width, true)), title);
    if a.rows.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing to reorder: every item is above its reorder point.")
                .style(theme.dim),
            table,
        );
        return;
    }
    // The supplier column only when there is room for it.
    let with_supplier = table.width >= 100;
    // Narrow terminals leave out the suggested reorder point (the suggested order stays).
    let narrow = table.width < super::NARROW;
    let mut cols = columns(
        vec![
            (Col::text(4, 4), "Pick"),
            (Col::text(12, 6), "SKU"),
            (Col::fill_weighted(2, 8), "Name"),
            (Col::num(7), "On hand"),
            (Col::num(7), "Ordered"),
            (Col::num(7), "Reorder"),
            (Col::num(7), "Sugg RP"),
            (Col::num(7), "Suggest"),
            (Col::num(5), "Cover"),
        ],
        6,
        narrow,
    );
    if with_supplier {
        cols.push((Col::fill_weighted(1, 4), "Supplier"));
    }
    let mut grid = Grid::new(cols);
    // Only the rows on screen are built (at 100k items tens of thousands may be at risk).
    let visible = usize::from(table.height.saturating_sub(1)).max(1);
    let selected = a.selected.min(a.rows.len() - 1);
    let offset = crate::app::alerts::keep_visible(a.offset.min(selected), selected, visible);
    for r in a.rows.iter().skip(offset).take(visible) {
        let pick = if a.chosen.contains(&r.item_id) {
            "[x]"
        } else {
            "[ ]"
        };
        let status = if r.on_hand <= 0 { "OUT " } else { "" };
        let mut cells = columns(
            vec![
                Line::from(pick),
                Line::from(clean(&r.sku)),
                Line::from(vec![
                    Span::styled(status, theme.out),
                    Span::raw(clean(&r.name)),
                ]),
                Line::from(r.on_hand.to_string()),
                Line::from(r.on_order.to_string()),
                Line::from(r.reorder_point.map(|p| p.to_string()).unwrap_or_default()),
                Line::from(r.suggested_reorder_point.to_string()),
                Line::from(r.suggested_qty.to_string()),
                Line::from(
                    r.days_of_cover
                        .map(|d| format!("{d:.0}d"))
                        .unwrap_or_else(|| "-".into()),
                ),
            ],
            6,
            narrow,
        );
        if with_supplier {
            cells.push(Line::from(
                r.supplier.as_deref().map(clean).unwrap_or_default(),
            ));
        }
        grid.push(cells);
    }
    let mut state = TableState::default();
    state.select(Some(selected - offset));
    let widget = grid
        .table(table.width, SELECTION, theme.header)
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, table, &mut state);
}

//! Low-stock alerts: items at or below their reorder point with the suggested order.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{clean, num_cell, Theme};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let a = app.alerts();
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let picked = if a.chosen.is_empty() {
        "none picked: F6 drafts orders for all".to_string()
    } else {
        format!("{} picked: F6 drafts orders for them", a.chosen.len())
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{} at or below their reorder point", a.rows.len()),
                theme.header,
            ),
            Span::styled(format!(" · {picked}"), theme.dim),
        ])),
        title,
    );
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
    let mut header = vec![
        Cell::from("Pick"),
        Cell::from("SKU"),
        Cell::from("Name"),
        num_cell("On hand"),
        num_cell("Ordered"),
        num_cell("Reorder"),
        num_cell("Sugg RP"),
        num_cell("Suggest"),
        num_cell("Cover"),
    ];
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Length(12),
        Constraint::Fill(2),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(5),
    ];
    if with_supplier {
        header.push(Cell::from("Supplier"));
        widths.push(Constraint::Fill(1));
    }
    // Only the rows on screen are built (at 100k items tens of thousands may be at risk).
    let visible = usize::from(table.height.saturating_sub(1)).max(1);
    let selected = a.selected.min(a.rows.len() - 1);
    let offset = crate::app::alerts::keep_visible(a.offset.min(selected), selected, visible);
    let rows: Vec<Row> = a
        .rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|r| {
            let pick = if a.chosen.contains(&r.item_id) {
                "[x]"
            } else {
                "[ ]"
            };
            let status = if r.on_hand <= 0 { "OUT " } else { "" };
            let mut cells = vec![
                Cell::from(pick),
                Cell::from(clean(&r.sku)),
                Cell::from(Line::from(vec![
                    Span::styled(status, theme.out),
                    Span::raw(clean(&r.name)),
                ])),
                num_cell(r.on_hand.to_string()),
                num_cell(r.on_order.to_string()),
                num_cell(r.reorder_point.map(|p| p.to_string()).unwrap_or_default()),
                num_cell(r.suggested_reorder_point.to_string()),
                num_cell(r.suggested_qty.to_string()),
                num_cell(
                    r.days_of_cover
                        .map(|d| format!("{d:.0}d"))
                        .unwrap_or_else(|| "-".into()),
                ),
            ];
            if with_supplier {
                cells.push(Cell::from(
                    r.supplier.as_deref().map(clean).unwrap_or_default(),
                ));
            }
            Row::new(cells)
        })
        .collect();
    let mut state = TableState::default();
    state.select(Some(selected - offset));
    let widget = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header))
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, table, &mut state);
}

//! Stock list: search line, then one page of the table.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{clean, columns, draw_input, num_cell, status_style, Theme};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let s = app.stock();
    let [search, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);

    let first = if s.total == 0 { 0 } else { s.offset + 1 };
    let last = (s.offset + s.rows.len() as i64).min(s.total);
    let info = format!(
        " sort {}{} · {first}-{last} of {}{} ",
        s.sort.label(),
        if s.low_only { " · LOW only" } else { "" },
        s.total,
        if s.count_exact { "" } else { "+" }
    );
    let info_w = super::width_of(&info).min(search.width / 2);
    let [input, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(info_w)]).areas(search);
    draw_input(
        frame,
        input,
        "Search/scan: ",
        s.search.text(),
        app.modal().is_none(),
        theme,
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(info, theme.dim))).right_aligned(),
        right,
    );

    if s.rows.is_empty() {
        let text = if s.search.is_empty() && !s.low_only {
            "No items yet. F9 adds one; `stockroom import FILE` loads a catalogue."
        } else {
            "No item matches. Esc clears the search."
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim), table);
        return;
    }

    // Narrow terminals leave out the variant column.
    let narrow = table.width < super::NARROW;
    let header = Row::new(columns(
        vec![
            Cell::from("SKU"),
            Cell::from("Name"),
            Cell::from("Variant"),
            num_cell("On hand"),
            num_cell("Reorder"),
            Cell::from("Status"),
        ],
        2,
        narrow,
    ))
    .style(theme.header);
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| {
            let label = r.status.label();
            Row::new(columns(
                vec![
                    Cell::from(clean(&r.sku)),
                    Cell::from(clean(&r.name)),
                    Cell::from(r.variant.as_deref().map(clean).unwrap_or_default()),
                    num_cell(r.on_hand.to_string()),
                    num_cell(r.reorder_point.map(|p| p.to_string()).unwrap_or_default()),
                    Cell::from(Span::styled(label, status_style(label, theme))),
                ],
                2,
                narrow,
            ))
        })
        .collect();
    let widths = columns(
        vec![
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(6),
        ],
        2,
        narrow,
    );
    let mut state = TableState::default();
    let sel = s.selected - s.offset;
    if sel >= 0 && (sel as usize) < s.rows.len() {
        state.select(Some(sel as usize));
    }
    let table_widget = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(table_widget, table, &mut state);
}

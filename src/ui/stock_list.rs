//! Stock list: search line, then one page of the table.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, TableState};
use ratatui::Frame;

use super::{
    clean, columns, cut_words_start, draw_input, status_style, Col, Grid, Theme, SELECTION,
};
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
    // Cut from the start, so the counts at its end stay whole.
    let info = cut_words_start(&info, info_w);
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
    let mut grid = Grid::new(columns(
        vec![
            (Col::text(14, 6), "SKU"),
            (Col::fill(8), "Name"),
            (Col::text(10, 4), "Variant"),
            (Col::num(8), "On hand"),
            (Col::num(8), "Reorder"),
            (Col::text(6, 3), "Status"),
        ],
        2,
        narrow,
    ));
    for r in &s.rows {
        let label = r.status.label();
        grid.push(columns(
            vec![
                Line::from(clean(&r.sku)),
                Line::from(clean(&r.name)),
                Line::from(r.variant.as_deref().map(clean).unwrap_or_default()),
                Line::from(r.on_hand.to_string()),
                Line::from(r.reorder_point.map(|p| p.to_string()).unwrap_or_default()),
                Line::from(Span::styled(label, status_style(label, theme))),
            ],
            2,
            narrow,
        ));
    }
    let mut state = TableState::default();
    let sel = s.selected - s.offset;
    if sel >= 0 && (sel as usize) < s.rows.len() {
        state.select(Some(sel as usize));
    }
    let table_widget = grid
        .table(table.width, SELECTION, theme.header)
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(table_widget, table, &mut state);
}

//! Purchase orders: the orders on top, the selected order's lines below.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{clean, money, num_cell, Theme};
use crate::app::orders::open_units;
use crate::app::{App, OrdersFocus};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let o = app.orders();
    if o.orders.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("No purchase orders yet."),
                Line::from("On the alerts (F5), F6 drafts one per supplier from what is low."),
            ])
            .style(theme.dim),
            area,
        );
        return;
    }
    // The orders take up to half the body; the lines of the selected one the rest.
    let list_h = u16::try_from(o.orders.len() + 1)
        .unwrap_or(u16::MAX)
        .min(area.height / 2)
        .max(2);
    let [list, title, lines] = Layout::vertical([
        Constraint::Length(list_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);

    let header = Row::new(vec![
        Cell::from("PO"),
        Cell::from("Supplier"),
        Cell::from("State"),
        Cell::from("Created"),
        num_cell("Lines"),
        num_cell("Ordered"),
        num_cell("Open"),
    ])
    .style(theme.header);
    let rows: Vec<Row> = o
        .orders
        .iter()
        .map(|order| {
            let ordered: i64 = order.lines.iter().map(|l| l.qty).sum();
            Row::new(vec![
                Cell::from(order.id.to_string()),
                Cell::from(
                    order
                        .supplier
                        .as_deref()
                        .map(clean)
                        .unwrap_or_else(|| "(none)".into()),
                ),
                Cell::from(order.state.as_str().to_uppercase()),
                Cell::from(clean(
                    &order.created_at.chars().take(10).collect::<String>(),
                )),
                num_cell(order.lines.len().to_string()),
                num_cell(ordered.to_string()),
                num_cell(open_units(order).to_string()),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(9),
        Constraint::Length(10),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(6),
    ];
    let mut state = TableState::default();
    state.select(Some(o.selected.min(o.orders.len() - 1)));
    let list_style = if o.focus == OrdersFocus::Orders {
        theme.selected
    } else {
        theme.marked
    };
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(list_style)
            .highlight_symbol("> ")
            .highlight_spacing(HighlightSpacing::Always),
        list,
        &mut state,
    );

    let Some(order) = o.current() else {
        return;
    };
    let open_lines = order.open_lines().count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(
                    "Purchase order {} · {} · {} line{} still open",
                    order.id,
                    order.state.as_str(),
                    open_lines,
                    if open_lines == 1 { "" } else { "s" }
                ),
                theme.header,
            ),
            Span::styled(
                if o.focus == OrdersFocus::Lines {
                    " · +/- or Enter changes a quantity"
                } else {
                    " · Tab: its lines"
                },
                theme.dim,
            ),
        ])),
        title,
    );
    let decimals = app.currency_decimals();
    let header = Row::new(vec![
        Cell::from("SKU"),
        Cell::from("Name"),
        num_cell("Qty"),
        num_cell("Recvd"),
        num_cell("Open"),
        num_cell("Unit cost"),
    ])
    .style(theme.header);
    let rows: Vec<Row> = order
        .lines
        .iter()
        .map(|l| {
            let open = (l.qty - l.received).max(0);
            let row = Row::new(vec![
                Cell::from(clean(&l.sku)),
                Cell::from(clean(&l.name)),
                num_cell(l.qty.to_string()),
                num_cell(l.received.to_string()),
                num_cell(open.to_string()),
                num_cell(money(l.unit_cost, decimals)),
            ]);
            if open == 0 {
                row.style(theme.dim)
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(14),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(10),
    ];
    let mut state = TableState::default();
    if o.focus == OrdersFocus::Lines && !order.lines.is_empty() {
        state.select(Some(o.line.min(order.lines.len() - 1)));
    }
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected)
            .highlight_symbol("> ")
            .highlight_spacing(HighlightSpacing::Always),
        lines,
        &mut state,
    );
}

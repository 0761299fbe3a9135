//! Purchase orders: the orders on top, the selected order's lines below.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, TableState};
use ratatui::Frame;

use super::{clean, cut_line, money, Col, Grid, Theme, SELECTION};
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

    let mut grid = Grid::new(vec![
        (Col::num_left(5), "PO"),
        (Col::fill(8), "Supplier"),
        (Col::text(9, 5), "State"),
        (Col::num_left(10), "Created"),
        (Col::num(5), "Lines"),
        (Col::num(7), "Ordered"),
        (Col::num(6), "Open"),
    ]);
    for order in &o.orders {
        let ordered: i64 = order
            .lines
            .iter()
            .map(|l| l.qty)
            .fold(0, i64::saturating_add);
        grid.push(vec![
            Line::from(order.id.to_string()),
            Line::from(
                order
                    .supplier
                    .as_deref()
                    .map(clean)
                    .unwrap_or_else(|| "(none)".into()),
            ),
            Line::from(order.state.as_str().to_uppercase()),
            Line::from(clean(
                &order.created_at.chars().take(10).collect::<String>(),
            )),
            Line::from(order.lines.len().to_string()),
            Line::from(ordered.to_string()),
            Line::from(open_units(order).to_string()),
        ]);
    }
    let mut state = TableState::default();
    state.select(Some(o.selected.min(o.orders.len() - 1)));
    let list_style = if o.focus == OrdersFocus::Orders {
        theme.selected
    } else {
        theme.marked
    };
    frame.render_stateful_widget(
        grid.table(list.width, SELECTION, theme.header)
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
    let line = Line::from(vec![
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
    ]);
    frame.render_widget(Paragraph::new(cut_line(line, title.width, true)), title);
    let decimals = app.currency_decimals();
    let mut grid = Grid::new(vec![
        (Col::text(14, 6), "SKU"),
        (Col::fill(8), "Name"),
        (Col::num(6), "Qty"),
        (Col::num(6), "Recvd"),
        (Col::num(6), "Open"),
        (Col::num(10), "Unit cost"),
    ]);
    for l in &order.lines {
        let open = (l.qty - l.received).max(0);
        let cells = vec![
            Line::from(clean(&l.sku)),
            Line::from(clean(&l.name)),
            Line::from(l.qty.to_string()),
            Line::from(l.received.to_string()),
            Line::from(open.to_string()),
            Line::from(money(l.unit_cost, decimals)),
        ];
        if open == 0 {
            grid.push_styled(cells, theme.dim);
        } else {
            grid.push(cells);
        }
    }
    let mut state = TableState::default();
    if o.focus == OrdersFocus::Lines && !order.lines.is_empty() {
        state.select(Some(o.line.min(order.lines.len() - 1)));
    }
    frame.render_stateful_widget(
        grid.table(lines.width, SELECTION, theme.header)
            .row_highlight_style(theme.selected)
            .highlight_symbol("> ")
            .highlight_spacing(HighlightSpacing::Always),
        lines,
        &mut state,
    );
}

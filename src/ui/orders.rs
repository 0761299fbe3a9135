//! Purchase orders: the orders on top, the selected order's lines below.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, Table, TableState};
use ratatui::Frame;

use super::{clean, cut_line, money, Col, Grid, Theme, SELECTION};
use crate::app::{App, OrdersFocus, OrdersScreen};
use crate::store::OrderView;

/// The purchase orders screen: lays out its regions and draws each one.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let o = app.orders();
    if o.orders.is_empty() {
        draw_no_orders(frame, area, theme);
        return;
    }
    // The orders take up to half the body; the lines of the selected one the rest.
    let list_h = u16::try_from(o.orders.len() + 1)
        .unwrap_or(u16::MAX)
        .min(area.height / 2)
        .max(2);
    // An open order has a scan line under its summary.
    let scan_h = u16::from(o.has_scan_line());
    let [list, summary, scan, lines] = Layout::vertical([
        Constraint::Length(list_h),
        Constraint::Length(1),
        Constraint::Length(scan_h),
        Constraint::Min(0),
    ])
    .areas(area);
    draw_order_list(frame, list, o, theme);
    let Some(order) = o.current() else {
        return;
    };
    draw_order_summary(frame, summary, o, order, theme);
    if scan_h > 0 {
        let focused = app.modal().is_none() && o.focus == OrdersFocus::Orders;
        let label = format!(
            "Add to order {} (scan, or type words to search): ",
            order.id
        );
        super::draw_input(frame, scan, &label, o.scan.text(), focused, theme);
    }
    draw_order_lines(frame, lines, app, o, order, theme);
}

/// What to do when there are no orders yet.
fn draw_no_orders(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("No purchase orders yet."),
            Line::from("On the alerts (F5), F6 drafts one per supplier from what is low;"),
            Line::from("Ctrl-N starts one by hand for a supplier."),
        ])
        .style(theme.dim),
        area,
    );
}

/// The orders, one row each, the selected one highlighted (dimmer while on its lines).
fn draw_order_list(frame: &mut Frame, area: Rect, o: &OrdersScreen, theme: &Theme) {
    let mut grid = Grid::new(vec![
        (Col::num_left(5), "PO"),
        (Col::fill(8), "Supplier"),
        (Col::text(15, 5), "State"),
        (Col::num_left(10), "Created"),
        (Col::num(5), "Lines"),
        (Col::num(7), "Ordered"),
        (Col::num(6), "Open"),
    ]);
    for order in &o.orders {
        grid.push(order_row(order));
    }
    let mut state = TableState::default();
    state.select(Some(o.selected.min(o.orders.len() - 1)));
    let style = if o.focus == OrdersFocus::Orders {
        theme.selected
    } else {
        theme.marked
    };
    frame.render_stateful_widget(selectable(grid, area, style, theme), area, &mut state);
}

/// An order's row in the list: number, supplier, state, date, lines, units ordered and open.
fn order_row<'a>(order: &OrderView) -> Vec<Line<'a>> {
    let ordered: i64 = order
        .lines
        .iter()
        .map(|l| l.qty)
        .fold(0, i64::saturating_add);
    let supplier = order.supplier.as_deref().map(clean);
    let created: String = order.created_at.chars().take(10).collect();
    vec![
        Line::from(order.id.to_string()),
        Line::from(supplier.unwrap_or_else(|| "(none)".into())),
        Line::from(order.shown_state().to_uppercase()),
        Line::from(clean(&created)),
        Line::from(order.lines.len().to_string()),
        Line::from(ordered.to_string()),
        Line::from(order.open_units().to_string()),
    ]
}

/// The selected order in one line: number, state, open lines, and what the keys do.
fn draw_order_summary(
    frame: &mut Frame,
    area: Rect,
    o: &OrdersScreen,
    order: &OrderView,
    theme: &Theme,
) {
    let open_lines = order.open_lines().count();
    let hint = if o.focus == OrdersFocus::Lines {
        " · +/- qty, Enter qty & cost, Del removes"
    } else {
        " · Tab: its lines"
    };
    let state = match order.shown_state() {
        s if s == order.state.as_str() => s.to_string(),
        shown => format!("{}, {shown}", order.state.as_str()),
    };
    let mut spans = vec![Span::styled(
        format!(
            "Purchase order {} · {state} · {} line{} still open",
            order.id,
            open_lines,
            if open_lines == 1 { "" } else { "s" }
        ),
        theme.header,
    )];
    if let Some(note) = &order.note {
        spans.push(Span::raw(format!(" · {}", clean(note))));
    }
    spans.push(Span::styled(hint, theme.dim));
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(cut_line(line, area.width, true)), area);
}

/// The selected order's lines; those with nothing open are dimmed.
fn draw_order_lines(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    o: &OrdersScreen,
    order: &OrderView,
    theme: &Theme,
) {
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
        let cells = vec![
            Line::from(clean(&l.sku)),
            Line::from(clean(&l.name)),
            Line::from(l.qty.to_string()),
            Line::from(l.received.to_string()),
            Line::from(l.open().to_string()),
            Line::from(money(l.unit_cost, decimals)),
        ];
        if l.open() == 0 {
            grid.push_styled(cells, theme.dim);
        } else {
            grid.push(cells);
        }
    }
    let mut state = TableState::default();
    if o.focus == OrdersFocus::Lines && !order.lines.is_empty() {
        state.select(Some(o.line.min(order.lines.len() - 1)));
    }
    let table = selectable(grid, area, theme.selected, theme);
    frame.render_stateful_widget(table, area, &mut state);
}

/// `grid` as a table in `area` whose selected row is drawn in `style` after `> `.
fn selectable<'a>(grid: Grid<'a>, area: Rect, style: Style, theme: &Theme) -> Table<'a> {
    grid.table(area.width, SELECTION, theme.header)
        .row_highlight_style(style)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always)
}

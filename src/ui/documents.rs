//! Receiving and sales: the scan line, the lines of the open document, the total; after a
//! posting, what was posted with the new on-hand figures.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, TableState};
use ratatui::Frame;

use super::{
    clean, columns, cut_end, cut_line, cut_words, draw_input, figures, money, plural, width_of,
    Col, Grid, Theme, SELECTION,
};
use crate::app::{App, DocRole, DocScreen, Focus};
use crate::domain::ledger::DocKind;
use crate::domain::purchasing::OffOrder;
use crate::store::{DraftLine, OrderView, Posted};

/// The receiving or sales screen: lays out its regions and draws each one.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(role) = app.current_role() else {
        return;
    };
    let ds = app.doc_screen(role);
    let notice_h = if ds.notice.is_some() { 2 } else { 0 };
    let left_out_h = u16::from(!ds.left_out.is_empty());
    let [scan, banner, table, left_out, notice, total] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(left_out_h),
        Constraint::Length(notice_h),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_not_received(frame, left_out, ds, theme);
    draw_notice(frame, notice, ds, theme);
    draw_scan_line(frame, scan, app, ds, theme);
    draw_order_banner(frame, banner, ds, theme);
    if ds.doc.lines.is_empty() {
        draw_empty(frame, table, ds, theme);
        return;
    }
    draw_lines(frame, table, app, role, ds, theme);
    draw_total(frame, total, app, ds, theme);
}

/// Goods staff chose not to receive, in sight until dismissed.
fn draw_not_received(frame: &mut Frame, area: Rect, ds: &DocScreen, theme: &Theme) {
    if ds.left_out.is_empty() {
        return;
    }
    let items: Vec<String> = ds
        .left_out
        .iter()
        .map(|l| format!("{} ×{}", clean(&l.sku), l.qty))
        .collect();
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!("Not received: {} (Esc dismisses)", items.join(", ")),
            theme.error,
        ))),
        area,
    );
}

/// Why the last confirm was refused: two rows at most, cut at a word with `…`.
fn draw_notice(frame: &mut Frame, area: Rect, ds: &DocScreen, theme: &Theme) {
    let Some(text) = &ds.notice else {
        return;
    };
    let lines: Vec<Line> = figures::wrap_words(&format!("! {}", clean(text)), area.width, 2)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.error)))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The scan input on the left, the document's mode (goods in, sale, return) on the right.
fn draw_scan_line(frame: &mut Frame, area: Rect, app: &App, ds: &DocScreen, theme: &Theme) {
    let mode = match ds.doc.kind {
        DocKind::Return => " RETURN MODE (F6 for sale) ",
        DocKind::Sale => " sale (F6 for return) ",
        _ => " goods in ",
    };
    let mode_w = width_of(mode).min(area.width / 3);
    let [input, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(mode_w)]).areas(area);
    let scan_focused = app.modal().is_none() && ds.focus == Focus::Scan;
    draw_input(frame, input, "Scan: ", ds.scan.text(), scan_focused, theme);
    let mode_style = if ds.is_return() {
        theme.tab_active
    } else {
        theme.dim
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            cut_end(mode, right.width),
            mode_style,
        )))
        .right_aligned(),
        right,
    );
}

/// The purchase order a receipt is against and what is still expected on it.
fn draw_order_banner(frame: &mut Frame, area: Rect, ds: &DocScreen, theme: &Theme) {
    let Some(order) = ds.order_view() else {
        return;
    };
    let supplier = order
        .supplier
        .as_deref()
        .map(|s| format!(" from {}", clean(s)))
        .unwrap_or_default();
    let units = order.open_units();
    let lines = order.open_lines().count();
    let text = format!(
        "Against purchase order {}{supplier}: {units} unit{} on {lines} line{} expected",
        order.id,
        plural(units),
        plural(lines as i64),
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            cut_words(&text, area.width),
            theme.header,
        ))),
        area,
    );
}

/// `s` after a count other than one.
/// The lines of the open document, the selected (or newest) one in view.
fn draw_lines(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    role: DocRole,
    ds: &DocScreen,
    theme: &Theme,
) {
    let grid = lines_grid(area.width, app, role, ds, theme);
    let last = ds.doc.lines.len() - 1;
    let mut state = TableState::default();
    if ds.focus == Focus::Lines {
        state.select(Some(ds.selected.min(last)));
    } else {
        // Keep the newest scan in view.
        let visible = usize::from(area.height.saturating_sub(1)).max(1);
        *state.offset_mut() = (ds.selected.min(last) + 1).saturating_sub(visible);
    }
    let widget = grid
        .table(area.width, SELECTION, theme.header)
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, area, &mut state);
}

/// The grid of the document's lines; narrow terminals leave out the amount column (the
/// total is still shown).
fn lines_grid<'a>(width: u16, app: &App, role: DocRole, ds: &DocScreen, theme: &Theme) -> Grid<'a> {
    let amount_title = match role {
        DocRole::Receiving => "Unit cost",
        DocRole::Sales => "Price",
    };
    let narrow = width < super::NARROW;
    let mut grid = Grid::new(columns(
        vec![
            (Col::text(if narrow { 12 } else { 14 }, 6), "SKU"),
            (Col::fill(8), "Name"),
            (Col::num(5), "Qty"),
            (Col::num(9), amount_title),
            (Col::num(10), "Amount"),
            (Col::num(7), "On hand"),
            (Col::text(5, 5), ""),
        ],
        4,
        narrow,
    ));
    let decimals = app.currency_decimals();
    let short = ds.short_lines();
    for (i, l) in ds.doc.lines.iter().enumerate() {
        let on_hand = ds.on_hand.get(&l.item_id).map(|h| h.to_string());
        let flag = line_flag(l, short.contains(&i), ds.order_view(), theme);
        let cells = columns(
            vec![
                Line::from(clean(&l.sku)),
                Line::from(clean(&l.name)),
                Line::from(l.qty.to_string()),
                Line::from(money(l.unit_amount, decimals)),
                Line::from(line_amount(l, decimals)),
                Line::from(on_hand.unwrap_or_default()),
                Line::from(flag),
            ],
            4,
            narrow,
        );
        if i == ds.selected && ds.focus == Focus::Scan {
            grid.push_styled(cells, theme.marked);
        } else {
            grid.push(cells);
        }
    }
    grid
}

/// A line's amount; one beyond i64 is the overflow mark, not a clamped figure.
fn line_amount(l: &DraftLine, decimals: u32) -> String {
    match l.unit_amount.map(|a| figures::amount(l.qty, a)) {
        Some(Some(a)) => money(Some(a), decimals),
        Some(None) => figures::TOO_LARGE.to_string(),
        None => String::new(),
    }
}

/// SHORT (more than on hand), or against an order EXTRA (not on it) or OVER (more than is
/// still open on it).
fn line_flag<'a>(l: &DraftLine, short: bool, order: Option<&OrderView>, theme: &Theme) -> Span<'a> {
    if short {
        return Span::styled("SHORT", theme.out);
    }
    match order.and_then(|o| o.off_order(l.item_id, l.qty).1) {
        Some(OffOrder::NotOnOrder) => Span::styled("EXTRA", theme.low),
        Some(OffOrder::MoreThanOpen { .. }) => Span::styled("OVER", theme.low),
        None => Span::raw(""),
    }
}

/// Lines, units and the total; the posting hint gives way first, and the figures are cut
/// only whole, at a word boundary.
fn draw_total(frame: &mut Frame, area: Rect, app: &App, ds: &DocScreen, theme: &Theme) {
    let symbol = clean(&app.store().settings().currency_symbol);
    let lines = ds.doc.lines.len();
    let units = ds.doc.total_qty();
    let text = format!(
        " {lines} line{} · {units} unit{} · total {symbol}{}",
        plural(lines as i64),
        plural(units),
        figures::money_or_mark(doc_total(ds), app.currency_decimals(), 8),
    );
    let hint = " · Enter on an empty scan line posts";
    let line = if width_of(&text) + width_of(hint) <= area.width {
        Line::from(vec![
            Span::styled(text, theme.header),
            Span::styled(hint, theme.dim),
        ])
    } else {
        cut_line(
            Line::from(Span::styled(text, theme.header)),
            area.width,
            true,
        )
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The document's total, `None` when it is beyond i64.
pub fn doc_total(ds: &DocScreen) -> Option<i64> {
    figures::total_amount(ds.doc.lines.iter().map(|l| (l.qty, l.unit_amount)))
}

/// A document without lines: what is still to come on its order, what was last posted, or
/// how to start.
fn draw_empty(frame: &mut Frame, area: Rect, ds: &DocScreen, theme: &Theme) {
    match (ds.order_view(), ds.last_posted.as_ref()) {
        (Some(order), None) => draw_still_to_come(frame, area, order, theme),
        (_, Some(posted)) => draw_posted(frame, area, posted, theme),
        (None, None) => {
            let text = vec![
                Line::from("Scan a barcode, or type a SKU and press Enter."),
                Line::from("3*CODE adds three. Enter on an empty scan line posts the document."),
            ];
            frame.render_widget(Paragraph::new(text).style(theme.dim), area);
        }
    }
}

/// The open lines of the order a receipt is against.
fn draw_still_to_come(frame: &mut Frame, area: Rect, order: &OrderView, theme: &Theme) {
    let mut grid = Grid::new(vec![
        (Col::text(14, 6), "SKU"),
        (Col::fill(8), "Name"),
        (Col::num(8), "Ordered"),
        (Col::num(6), "Recvd"),
        (Col::num(6), "Open"),
    ]);
    for l in order.open_lines() {
        grid.push(vec![
            Line::from(clean(&l.sku)),
            Line::from(clean(&l.name)),
            Line::from(l.qty.to_string()),
            Line::from(l.received.to_string()),
            Line::from(l.open().to_string()),
        ]);
    }
    let title = "Still to come (scan what arrived; Enter on an empty line posts):";
    draw_titled(frame, area, Line::from(title), theme.dim, grid, theme);
}

/// What the last confirm posted, with the new on-hand figures.
fn draw_posted(frame: &mut Frame, area: Rect, posted: &Posted, theme: &Theme) {
    let mut grid = Grid::new(vec![
        (Col::text(14, 6), "SKU"),
        (Col::fill(8), "Name"),
        (Col::num(8), "Moved"),
        (Col::num(8), "On hand"),
    ]);
    for l in &posted.lines {
        grid.push(vec![
            Line::from(clean(&l.sku)),
            Line::from(clean(&l.name)),
            Line::from(format!("{:+}", l.qty)),
            Line::from(l.on_hand.to_string()),
        ]);
    }
    let what = if posted.replayed {
        "was already posted"
    } else {
        "posted"
    };
    let title = cut_words(&format!("{} {what}. On hand now:", posted.doc), area.width);
    let title = Line::from(Span::styled(title, theme.success));
    draw_titled(frame, area, title, Style::default(), grid, theme);
}

/// A title row in `style` over a table without selection.
fn draw_titled(
    frame: &mut Frame,
    area: Rect,
    title: Line,
    style: Style,
    grid: Grid,
    theme: &Theme,
) {
    let [title_area, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(title).style(style), title_area);
    frame.render_widget(grid.table(table.width, 0, theme.header), table);
}

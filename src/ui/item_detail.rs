//! Item detail: fields in two columns, 30 days of sales as a sparkline, the ledger with its
//! running balance (newest at the bottom).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

use super::figures::figure;
use super::{clean, cut_end, cut_line, cut_words, money, width_of, Col, Grid, Theme};
use crate::app::{App, ItemDetail};
use crate::store::Item;

const LABEL_W: u16 = 14;

/// A field's name, padded to the width of the names.
fn label<'a>(name: &str, theme: &Theme) -> Span<'a> {
    let width = usize::from(LABEL_W);
    Span::styled(format!("{name:<width$}"), theme.header)
}

/// A text field: the value is cut with `…` when it does not fit `width` (at a word boundary
/// with `words`, for lists of codes and figures).
fn field<'a>(name: &str, value: String, width: u16, words: bool, theme: &Theme) -> Line<'a> {
    let room = width.saturating_sub(LABEL_W);
    let value = if words {
        cut_words(&value, room)
    } else {
        cut_end(&value, room)
    };
    Line::from(vec![label(name, theme), Span::raw(value)])
}

/// A figure field: the figure whole (the label's padding gives way first) or the overflow mark.
fn figure_field<'a>(name: &str, value: String, width: u16, theme: &Theme) -> Line<'a> {
    let name_w = width_of(name);
    let padded = if LABEL_W + width_of(&value) <= width {
        label(name, theme)
    } else {
        Span::styled(format!("{name} "), theme.header)
    };
    let room = width.saturating_sub(name_w + 1);
    Line::from(vec![padded, Span::raw(figure(&value, room))])
}

/// The item detail screen: lays out its regions and draws each one.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = app.detail() else {
        return;
    };
    let [fields, spark, ledger] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    let figures = figure_rows(d, app.currency_decimals());
    let right_w = figures_width(fields.width, d, &figures);
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(fields);
    draw_header_fields(frame, left, &d.item, theme);
    draw_figures(frame, right, d, figures, theme);
    draw_sales(frame, spark, d, theme);
    draw_ledger(frame, ledger, d, theme);
}

/// The money figures and the ledger's length, as labelled in the figures column.
fn figure_rows(d: &ItemDetail, dec: u32) -> [(&'static str, String); 5] {
    let it = &d.item;
    [
        ("Price", money(it.price, dec)),
        ("Cost", money(it.cost, dec)),
        ("Average cost", money(d.avg_cost, dec)),
        ("Stock value", money(Some(d.value), dec)),
        ("Ledger rows", d.history.len().to_string()),
    ]
}

/// The width of the figures column in `width`: the figures take the room they need, the
/// names on the left give way.
fn figures_width(width: u16, d: &ItemDetail, figures: &[(&str, String)]) -> u16 {
    let on_hand = width_of(&d.on_hand.to_string()) + 1 + width_of(status_word(d));
    let need = figures
        .iter()
        .map(|(_, v)| width_of(v))
        .chain([on_hand])
        .max()
        .unwrap_or(0)
        + LABEL_W;
    (width / 2).max(need).min(width.saturating_sub(LABEL_W + 6))
}

/// The stock status word of the item (OUT, LOW, ...).
fn status_word(d: &ItemDetail) -> &'static str {
    crate::store::StockStatus::of(d.on_hand, d.item.reorder_point).label()
}

/// The value, or `-` when there is none.
fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "-".into())
}

/// The item's own fields on the left: SKU, name, variant, barcodes, supplier, lead time.
fn draw_header_fields(frame: &mut Frame, area: Rect, it: &Item, theme: &Theme) {
    let barcodes = (!it.barcodes.is_empty()).then(|| clean(&it.barcodes.join(", ")));
    let rows = [
        ("SKU", clean(&it.sku), false),
        ("Name", clean(&it.name), false),
        ("Variant", or_dash(it.variant.as_deref().map(clean)), false),
        ("Barcodes", or_dash(barcodes), true),
        (
            "Supplier",
            or_dash(it.supplier.as_deref().map(clean)),
            false,
        ),
        (
            "Lead time",
            or_dash(it.lead_time_days.map(|d| format!("{d} days"))),
            true,
        ),
        (
            "Active",
            // Inactive: why it is missing from the stock list and refused at a scan.
            if it.active {
                "yes"
            } else {
                "no (hidden from lists)"
            }
            .to_string(),
            false,
        ),
    ];
    let width = area.width.saturating_sub(1);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(label, value, words)| field(label, value, width, words, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The figures column on the right: on hand with its status, the reorder rule, the money.
fn draw_figures(
    frame: &mut Frame,
    area: Rect,
    d: &ItemDetail,
    figures: [(&str, String); 5],
    theme: &Theme,
) {
    let it = &d.item;
    let w = area.width;
    let status = status_word(d);
    let on_order = if d.on_order > 0 {
        format!(" · {} on order", d.on_order)
    } else {
        String::new()
    };
    let on_hand = Line::from(vec![
        label("On hand", theme),
        Span::styled(
            figure(&d.on_hand.to_string(), w.saturating_sub(LABEL_W)),
            theme.input,
        ),
        Span::raw(" "),
        Span::styled(status, super::status_style(status, theme)),
        Span::styled(on_order, theme.dim),
    ]);
    let num = |v: Option<i64>| or_dash(v.map(|n| n.to_string()));
    let reorder = format!(
        "at {} · order {} · pack {}",
        num(it.reorder_point),
        num(it.reorder_qty),
        it.pack
    );
    let mut lines = vec![
        cut_line(on_hand, w, true),
        field("Reorder", reorder, w, true, theme),
    ];
    for (label, value) in figures {
        lines.push(figure_field(label, value, w, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Units sold in the last 30 days: a label, then one bar a day, oldest left.
fn draw_sales(frame: &mut Frame, area: Rect, d: &ItemDetail, theme: &Theme) {
    let sold: f64 = d.sales.iter().sum();
    let [label_area, bar] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let label = Line::from(vec![
        Span::styled("Sales, last 30 days: ", theme.header),
        Span::raw(format!("{sold:.0} units (one bar a day, oldest left)")),
    ]);
    frame.render_widget(
        Paragraph::new(cut_line(label, label_area.width, true)),
        label_area,
    );
    let data: Vec<u64> = d
        .sales
        .iter()
        .map(|v| if *v > 0.0 { v.round() as u64 } else { 0 })
        .collect();
    let bar = Rect {
        width: bar.width.min(data.len() as u16),
        ..bar
    };
    frame.render_widget(Sparkline::default().data(&data).style(theme.marked), bar);
}

/// The ledger with its running balance: the newest rows that fit, scrolled up by `scroll`.
fn draw_ledger(frame: &mut Frame, area: Rect, d: &ItemDetail, theme: &Theme) {
    let visible = usize::from(area.height.saturating_sub(1));
    let end = d.history.len().saturating_sub(d.scroll);
    let start = end.saturating_sub(visible);
    if start == end {
        frame.render_widget(
            Paragraph::new("No movements yet: receive it (F3) or count it (F7).").style(theme.dim),
            area,
        );
        return;
    }
    let mut grid = Grid::new(vec![
        (Col::num_left(8), "Doc"),
        (Col::num_left(16), "When (UTC)"),
        (Col::text(10, 4), "Kind"),
        (Col::num(7), "Qty"),
        (Col::num(8), "Balance"),
        (Col::text(10, 3), "User"),
        (Col::fill(6), "Reason/ref"),
    ]);
    for h in &d.history[start..end] {
        let when: String = h.at.chars().take(16).collect::<String>().replace('T', " ");
        let note = h.reason.as_deref().or(h.reference.as_deref());
        grid.push(vec![
            Line::from(clean(&h.doc)),
            Line::from(clean(&when)),
            Line::from(clean(&h.kind)),
            Line::from(format!("{:+}", h.qty)),
            Line::from(h.balance.to_string()),
            Line::from(clean(&h.user)),
            Line::from(note.map(clean).unwrap_or_default()),
        ]);
    }
    // The row the view ends on is the selected one (Ctrl-X voids its document).
    let selected = end - start - 1;
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        grid.table(area.width, 0, theme.header)
            .row_highlight_style(theme.selected),
        area,
        &mut state,
    );
}

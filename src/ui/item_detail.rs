//! Item detail: fields in two columns, 30 days of sales as a sparkline, the ledger with its
//! running balance (newest at the bottom).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

use super::figures::figure;
use super::{clean, cut_end, cut_line, cut_words, money, width_of, Col, Grid, Theme};
use crate::app::App;

const LABEL_W: u16 = 14;

/// A text field: the value is cut with `…` when it does not fit `width` (at a word boundary
/// with `words`, for lists of codes and figures).
fn field<'a>(label: &'a str, value: String, width: u16, words: bool, theme: &Theme) -> Line<'a> {
    let room = width.saturating_sub(LABEL_W);
    let value = if words {
        cut_words(&value, room)
    } else {
        cut_end(&value, room)
    };
    Line::from(vec![
        Span::styled(format!("{label:<14}"), theme.header),
        Span::raw(value),
    ])
}

/// A figure field: the figure whole (the label's padding gives way first) or the overflow mark.
fn figure_field<'a>(label: &'a str, value: String, width: u16, theme: &Theme) -> Line<'a> {
    let label_w = width_of(label);
    let padded = if LABEL_W + width_of(&value) <= width {
        format!("{label:<14}")
    } else {
        format!("{label} ")
    };
    let room = width.saturating_sub(label_w + 1);
    Line::from(vec![
        Span::styled(padded, theme.header),
        Span::raw(figure(&value, room)),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = app.detail() else {
        return;
    };
    let it = &d.item;
    let dec = app.currency_decimals();
    let [fields, spark, ledger] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    let opt_num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    let status = crate::store::StockStatus::of(d.on_hand, it.reorder_point).label();
    let figures = [
        ("Price", money(it.price, dec)),
        ("Cost", money(it.cost, dec)),
        ("Average cost", money(d.avg_cost, dec)),
        ("Stock value", money(Some(d.value), dec)),
        ("Ledger rows", d.history.len().to_string()),
    ];
    let on_hand = d.on_hand.to_string();
    // The figures take the room they need; the names on the left give way.
    let need = figures
        .iter()
        .map(|(_, v)| width_of(v))
        .chain([width_of(&on_hand) + 1 + width_of(status)])
        .max()
        .unwrap_or(0)
        + LABEL_W;
    let right_w = (fields.width / 2)
        .max(need)
        .min(fields.width.saturating_sub(LABEL_W + 6));
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(fields);
    let lw = left.width.saturating_sub(1);
    let left_lines = vec![
        field("SKU", clean(&it.sku), lw, false, theme),
        field("Name", clean(&it.name), lw, false, theme),
        field(
            "Variant",
            it.variant
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "-".into()),
            lw,
            false,
            theme,
        ),
        field(
            "Barcodes",
            if it.barcodes.is_empty() {
                "-".to_string()
            } else {
                clean(&it.barcodes.join(", "))
            },
            lw,
            true,
            theme,
        ),
        field(
            "Supplier",
            it.supplier
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "-".into()),
            lw,
            false,
            theme,
        ),
        field(
            "Lead time",
            it.lead_time_days
                .map(|d| format!("{d} days"))
                .unwrap_or_else(|| "-".into()),
            lw,
            true,
            theme,
        ),
        field(
            "Active",
            if it.active { "yes" } else { "no" }.to_string(),
            lw,
            false,
            theme,
        ),
    ];
    let rw = right.width;
    let on_hand_line = Line::from(vec![
        Span::styled(format!("{:<14}", "On hand"), theme.header),
        Span::styled(figure(&on_hand, rw.saturating_sub(LABEL_W)), theme.input),
        Span::raw(" "),
        Span::styled(status, super::status_style(status, theme)),
        Span::styled(
            if d.on_order > 0 {
                format!(" · {} on order", d.on_order)
            } else {
                String::new()
            },
            theme.dim,
        ),
    ]);
    let mut right_lines = vec![
        cut_line(on_hand_line, rw, true),
        field(
            "Reorder",
            format!(
                "at {} · order {} · pack {}",
                opt_num(it.reorder_point),
                opt_num(it.reorder_qty),
                it.pack
            ),
            rw,
            true,
            theme,
        ),
    ];
    for (label, value) in figures {
        right_lines.push(figure_field(label, value, rw, theme));
    }
    frame.render_widget(Paragraph::new(left_lines), left);
    frame.render_widget(Paragraph::new(right_lines), right);

    let sold: f64 = d.sales.iter().sum();
    let [spark_label, spark_bar] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(spark);
    let label = Line::from(vec![
        Span::styled("Sales, last 30 days: ", theme.header),
        Span::raw(format!("{sold:.0} units (one bar a day, oldest left)")),
    ]);
    frame.render_widget(
        Paragraph::new(cut_line(label, spark_label.width, true)),
        spark_label,
    );
    let data: Vec<u64> = d
        .sales
        .iter()
        .map(|v| if *v > 0.0 { v.round() as u64 } else { 0 })
        .collect();
    let bar_area = Rect {
        width: spark_bar.width.min(data.len() as u16),
        ..spark_bar
    };
    frame.render_widget(
        Sparkline::default().data(&data).style(theme.marked),
        bar_area,
    );

    // The ledger: the newest rows that fit, scrolled up by `scroll`.
    let visible = usize::from(ledger.height.saturating_sub(1));
    let end = d.history.len().saturating_sub(d.scroll);
    let start = end.saturating_sub(visible);
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
        let note = h
            .reason
            .as_deref()
            .or(h.reference.as_deref())
            .map(clean)
            .unwrap_or_default();
        grid.push(vec![
            Line::from(clean(&h.doc)),
            Line::from(clean(&when)),
            Line::from(clean(&h.kind)),
            Line::from(format!("{:+}", h.qty)),
            Line::from(h.balance.to_string()),
            Line::from(clean(&h.user)),
            Line::from(note),
        ]);
    }
    if start == end {
        frame.render_widget(
            Paragraph::new("No movements yet: receive it (F3) or count it (F7).").style(theme.dim),
            ledger,
        );
        return;
    }
    frame.render_widget(grid.table(ledger.width, 0, theme.header), ledger);
}

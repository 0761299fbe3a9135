//! Item detail: fields in two columns, 30 days of sales as a sparkline, the ledger with its
//! running balance (newest at the bottom).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Sparkline, Table};
use ratatui::Frame;

use super::{clean, money, num_cell, Theme};
use crate::app::App;

fn field<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<14}"), theme.header),
        Span::raw(value),
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
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(fields);

    let opt_num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    let status = crate::store::StockStatus::of(d.on_hand, it.reorder_point).label();
    let left_lines = vec![
        field("SKU", clean(&it.sku), theme),
        field("Name", clean(&it.name), theme),
        field(
            "Variant",
            it.variant
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "-".into()),
            theme,
        ),
        field(
            "Barcodes",
            if it.barcodes.is_empty() {
                "-".to_string()
            } else {
                clean(&it.barcodes.join(", "))
            },
            theme,
        ),
        field(
            "Supplier",
            it.supplier
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "-".into()),
            theme,
        ),
        field(
            "Lead time",
            it.lead_time_days
                .map(|d| format!("{d} days"))
                .unwrap_or_else(|| "-".into()),
            theme,
        ),
        field(
            "Active",
            if it.active { "yes" } else { "no" }.to_string(),
            theme,
        ),
    ];
    let right_lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<14}", "On hand"), theme.header),
            Span::styled(d.on_hand.to_string(), theme.input),
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
        ]),
        field(
            "Reorder",
            format!(
                "at {} · order {} · pack {}",
                opt_num(it.reorder_point),
                opt_num(it.reorder_qty),
                it.pack
            ),
            theme,
        ),
        field("Price", money(it.price, dec), theme),
        field("Cost", money(it.cost, dec), theme),
        field("Average cost", money(d.avg_cost, dec), theme),
        field("Stock value", money(Some(d.value), dec), theme),
        field("Ledger rows", d.history.len().to_string(), theme),
    ];
    frame.render_widget(Paragraph::new(left_lines), left);
    frame.render_widget(Paragraph::new(right_lines), right);

    let sold: f64 = d.sales.iter().sum();
    let [spark_label, spark_bar] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(spark);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Sales, last 30 days: ", theme.header),
            Span::raw(format!("{sold:.0} units (one bar a day, oldest left)")),
        ])),
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
    let header = Row::new(vec![
        Cell::from("Doc"),
        Cell::from("When (UTC)"),
        Cell::from("Kind"),
        num_cell("Qty"),
        num_cell("Balance"),
        Cell::from("User"),
        Cell::from("Reason/ref"),
    ])
    .style(theme.header);
    let rows: Vec<Row> = d.history[start..end]
        .iter()
        .map(|h| {
            let when: String = h.at.chars().take(16).collect::<String>().replace('T', " ");
            let note = h
                .reason
                .as_deref()
                .or(h.reference.as_deref())
                .map(clean)
                .unwrap_or_default();
            Row::new(vec![
                Cell::from(clean(&h.doc)),
                Cell::from(clean(&when)),
                Cell::from(clean(&h.kind)),
                num_cell(format!("{:+}", h.qty)),
                num_cell(h.balance.to_string()),
                Cell::from(clean(&h.user)),
                Cell::from(note),
            ])
        })
        .collect();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No movements yet: receive it (F3) or count it (F7).").style(theme.dim),
            ledger,
        );
        return;
    }
    let widths = [
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(10),
        Constraint::Fill(1),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), ledger);
}

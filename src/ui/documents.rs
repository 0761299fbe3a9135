//! Receiving and sales: the scan line, the lines of the open document, the total; after a
//! posting, what was posted with the new on-hand figures.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{clean, columns, draw_input, money, num_cell, Theme};
use crate::app::{App, DocRole, DocScreen, Focus};
use crate::domain::ledger::DocKind;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(role) = app.current_role() else {
        return;
    };
    let ds = app.doc_screen(role);
    let notice_h = if ds.notice.is_some() { 2 } else { 0 };
    let [scan, gap, table, notice, total] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notice_h),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(text) = &ds.notice {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!("! {}", clean(text)),
                theme.error,
            )))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            notice,
        );
    }

    let mode = match ds.doc.kind {
        DocKind::Return => " RETURN MODE (F6 for sale) ",
        DocKind::Sale => " sale (F6 for return) ",
        _ => " goods in ",
    };
    let mode_w = super::width_of(mode).min(scan.width / 3);
    let [input, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(mode_w)]).areas(scan);
    let scan_focused = app.modal().is_none() && ds.focus == Focus::Scan;
    draw_input(frame, input, "Scan: ", ds.scan.text(), scan_focused, theme);
    let mode_style = if ds.is_return() {
        theme.tab_active
    } else {
        theme.dim
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(mode, mode_style))).right_aligned(),
        right,
    );
    if let Some(order) = ds.order_view() {
        let supplier = order
            .supplier
            .as_deref()
            .map(|s| format!(" from {}", clean(s)))
            .unwrap_or_default();
        let units = crate::app::orders::open_units(order);
        let lines = order.open_lines().count();
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(
                    "Against purchase order {}{supplier}: {units} unit{} on {lines} line{} expected",
                    order.id,
                    if units == 1 { "" } else { "s" },
                    if lines == 1 { "" } else { "s" },
                ),
                theme.header,
            ))),
            gap,
        );
    }

    let decimals = app.currency_decimals();
    if ds.doc.lines.is_empty() {
        draw_empty(frame, table, ds, theme);
        return;
    }
    let amount_title = match role {
        DocRole::Receiving => "Unit cost",
        DocRole::Sales => "Price",
    };
    // Narrow terminals leave out the amount column (the total is still shown).
    let narrow = table.width < super::NARROW;
    let header = Row::new(columns(
        vec![
            Cell::from("SKU"),
            Cell::from("Name"),
            num_cell("Qty"),
            num_cell(amount_title),
            num_cell("Amount"),
            num_cell("On hand"),
            Cell::from(""),
        ],
        4,
        narrow,
    ))
    .style(theme.header);
    let short = ds.short_lines();
    let rows: Vec<Row> = ds
        .doc
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let amount = l.unit_amount.map(|a| a.saturating_mul(l.qty));
            let on_hand = ds
                .on_hand
                .get(&l.item_id)
                .map(|h| h.to_string())
                .unwrap_or_default();
            let against = ds
                .order_view()
                .map(|o| o.lines.iter().find(|ol| ol.item_id == l.item_id));
            let flag = if short.contains(&i) {
                Span::styled("SHORT", theme.out)
            } else {
                match against {
                    Some(None) => Span::styled("EXTRA", theme.low),
                    Some(Some(ol)) if l.qty > (ol.qty - ol.received).max(0) => {
                        Span::styled("OVER", theme.low)
                    }
                    _ => Span::raw(""),
                }
            };
            let row = Row::new(columns(
                vec![
                    Cell::from(clean(&l.sku)),
                    Cell::from(clean(&l.name)),
                    num_cell(l.qty.to_string()),
                    num_cell(money(l.unit_amount, decimals)),
                    num_cell(money(amount, decimals)),
                    num_cell(on_hand),
                    Cell::from(flag),
                ],
                4,
                narrow,
            ));
            if i == ds.selected && ds.focus == Focus::Scan {
                row.style(theme.marked)
            } else {
                row
            }
        })
        .collect();
    let widths = columns(
        vec![
            Constraint::Length(if narrow { 12 } else { 14 }),
            Constraint::Fill(1),
            Constraint::Length(5),
            Constraint::Length(9),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(5),
        ],
        4,
        narrow,
    );
    let mut state = TableState::default();
    if ds.focus == Focus::Lines {
        state.select(Some(ds.selected.min(ds.doc.lines.len() - 1)));
    } else {
        // Keep the newest scan in view.
        let visible = usize::from(table.height.saturating_sub(1)).max(1);
        let sel = ds.selected.min(ds.doc.lines.len() - 1);
        *state.offset_mut() = (sel + 1).saturating_sub(visible);
    }
    let widget = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.selected)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, table, &mut state);

    let symbol = clean(&app.store().settings().currency_symbol);
    let text = format!(
        " {} line{} · {} unit{} · total {}{}",
        ds.doc.lines.len(),
        if ds.doc.lines.len() == 1 { "" } else { "s" },
        ds.doc.total_qty(),
        if ds.doc.total_qty() == 1 { "" } else { "s" },
        symbol,
        money(Some(ds.doc.total_amount()), decimals),
    );
    let hint = " · Enter on an empty scan line posts";
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(text, theme.header),
            Span::styled(hint, theme.dim),
        ])),
        total,
    );
}

fn draw_empty(frame: &mut Frame, area: Rect, ds: &DocScreen, theme: &Theme) {
    if let (Some(order), None) = (ds.order_view(), ds.last_posted.as_ref()) {
        let [title, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(
            Paragraph::new("Still to come (scan what arrived; Enter on an empty line posts):")
                .style(theme.dim),
            title,
        );
        let header = Row::new(vec![
            Cell::from("SKU"),
            Cell::from("Name"),
            num_cell("Ordered"),
            num_cell("Recvd"),
            num_cell("Open"),
        ])
        .style(theme.header);
        let rows: Vec<Row> = order
            .open_lines()
            .map(|l| {
                Row::new(vec![
                    Cell::from(clean(&l.sku)),
                    Cell::from(clean(&l.name)),
                    num_cell(l.qty.to_string()),
                    num_cell(l.received.to_string()),
                    num_cell((l.qty - l.received).max(0).to_string()),
                ])
            })
            .collect();
        let widths = [
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(6),
        ];
        frame.render_widget(Table::new(rows, widths).header(header), table);
        return;
    }
    let Some(posted) = ds.last_posted.as_ref() else {
        let text = vec![
            Line::from("Scan a barcode, or type a SKU and press Enter."),
            Line::from("3*CODE adds three. Enter on an empty scan line posts the document."),
        ];
        frame.render_widget(Paragraph::new(text).style(theme.dim), area);
        return;
    };
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let what = if posted.replayed {
        "was already posted"
    } else {
        "posted"
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!("{} {what}. On hand now:", posted.doc),
            theme.success,
        ))),
        title,
    );
    let header = Row::new(vec![
        Cell::from("SKU"),
        Cell::from("Name"),
        num_cell("Moved"),
        num_cell("On hand"),
    ])
    .style(theme.header);
    let rows: Vec<Row> = posted
        .lines
        .iter()
        .map(|l| {
            Row::new(vec![
                Cell::from(clean(&l.sku)),
                Cell::from(clean(&l.name)),
                num_cell(format!("{:+}", l.qty)),
                num_cell(l.on_hand.to_string()),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(14),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(8),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), table);
}

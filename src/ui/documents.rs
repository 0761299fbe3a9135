//! Receiving and sales: the scan line, the lines of the open document, the total; after a
//! posting, what was posted with the new on-hand figures.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, TableState};
use ratatui::Frame;

use super::{
    clean, columns, cut_end, cut_line, cut_words, draw_input, figures, money, Col, Grid, Theme,
    SELECTION,
};
use crate::app::{App, DocRole, DocScreen, Focus};
use crate::domain::ledger::DocKind;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(role) = app.current_role() else {
        return;
    };
    let ds = app.doc_screen(role);
    let notice_h = if ds.notice.is_some() { 2 } else { 0 };
    let left_out_h = u16::from(!ds.left_out.is_empty());
    let [scan, gap, table, left_out, notice, total] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(left_out_h),
        Constraint::Length(notice_h),
        Constraint::Length(1),
    ])
    .areas(area);
    if !ds.left_out.is_empty() {
        // Goods staff chose not to receive stay in sight until dismissed.
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
            left_out,
        );
    }
    if let Some(text) = &ds.notice {
        // Two rows at most: the end is cut at a word with `…`, never in a figure.
        let lines: Vec<Line> = figures::wrap_words(&format!("! {}", clean(text)), notice.width, 2)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.error)))
            .collect();
        frame.render_widget(Paragraph::new(lines), notice);
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
        Paragraph::new(Line::from(Span::styled(
            cut_end(mode, right.width),
            mode_style,
        )))
        .right_aligned(),
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
        let text = format!(
            "Against purchase order {}{supplier}: {units} unit{} on {lines} line{} expected",
            order.id,
            if units == 1 { "" } else { "s" },
            if lines == 1 { "" } else { "s" },
        );
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                cut_words(&text, gap.width),
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
    let short = ds.short_lines();
    for (i, l) in ds.doc.lines.iter().enumerate() {
        // An amount beyond i64 is the overflow mark, not a clamped figure.
        let amount = match l.unit_amount.map(|a| figures::amount(l.qty, a)) {
            Some(Some(a)) => money(Some(a), decimals),
            Some(None) => figures::TOO_LARGE.to_string(),
            None => String::new(),
        };
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
        let cells = columns(
            vec![
                Line::from(clean(&l.sku)),
                Line::from(clean(&l.name)),
                Line::from(l.qty.to_string()),
                Line::from(money(l.unit_amount, decimals)),
                Line::from(amount),
                Line::from(on_hand),
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
    let mut state = TableState::default();
    if ds.focus == Focus::Lines {
        state.select(Some(ds.selected.min(ds.doc.lines.len() - 1)));
    } else {
        // Keep the newest scan in view.
        let visible = usize::from(table.height.saturating_sub(1)).max(1);
        let sel = ds.selected.min(ds.doc.lines.len() - 1);
        *state.offset_mut() = (sel + 1).saturating_sub(visible);
    }
    let widget = grid
        .table(table.width, SELECTION, theme.header)
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
        figures::money_or_mark(doc_total(ds), decimals, 8),
    );
    let hint = " · Enter on an empty scan line posts";
    // The hint gives way first; the figures are cut only whole, at a word boundary.
    let line = if super::width_of(&text) + super::width_of(hint) <= total.width {
        Line::from(vec![
            Span::styled(text, theme.header),
            Span::styled(hint, theme.dim),
        ])
    } else {
        cut_line(
            Line::from(Span::styled(text, theme.header)),
            total.width,
            true,
        )
    };
    frame.render_widget(Paragraph::new(line), total);
}

/// The document's total, `None` when it is beyond i64.
pub fn doc_total(ds: &DocScreen) -> Option<i64> {
    figures::total_amount(ds.doc.lines.iter().map(|l| (l.qty, l.unit_amount)))
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
                Line::from((l.qty - l.received).max(0).to_string()),
            ]);
        }
        frame.render_widget(grid.table(table.width, 0, theme.header), table);
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
            cut_words(&format!("{} {what}. On hand now:", posted.doc), title.width),
            theme.success,
        ))),
        title,
    );
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
    frame.render_widget(grid.table(table.width, 0, theme.header), table);
}

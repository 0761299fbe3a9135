//! Dialogs over the screen: confirm, forms, the draft picker.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, clean, plural, width_of, Theme};
use crate::app::{App, DocRole, Form, Modal};
use crate::domain::ledger::DocKind;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(modal) = app.modal() else {
        return;
    };
    match modal {
        Modal::ConfirmPost(role) => confirm_post(frame, area, app, *role, theme),
        Modal::ConfirmDiscard(role) => {
            let n = app.doc_screen(*role).doc.lines.len();
            let question = format!(
                "Throw away this document ({n} line{})?",
                if n == 1 { "" } else { "s" }
            );
            yes_no(
                frame,
                area,
                " Discard? ",
                &question,
                "discard",
                "keep it",
                theme,
            );
        }
        Modal::Form(form) => draw_form(frame, area, form, theme),
        Modal::ConfirmOrder { question, .. } => yes_no(
            frame,
            area,
            " Purchase order ",
            question,
            "yes",
            "no, keep it",
            theme,
        ),
        Modal::ConfirmRemoveLine { question, .. } => yes_no(
            frame,
            area,
            " Remove the line ",
            question,
            "remove it",
            "keep it",
            theme,
        ),
        Modal::PickItem(p) => {
            let mut lines = vec![
                Line::from(format!(
                    "Add {} to purchase order {}: what matches '{}'{}",
                    p.qty,
                    p.order_id,
                    clean(&p.query),
                    if p.more {
                        format!(" (the first {})", p.items.len())
                    } else {
                        String::new()
                    }
                )),
                Line::from(""),
            ];
            for (i, (_, sku, name, on_hand)) in p.items.iter().enumerate() {
                let text = format!("{:<14} {}  ({on_hand} on hand)", clean(sku), clean(name));
                lines.push(pick_line(i == p.selected, text, theme));
            }
            boxed(frame, area, " Add to the order ", lines, 72, theme);
        }
        Modal::ConfirmOffOrder { question, .. } => yes_no(
            frame,
            area,
            " Not as ordered ",
            question,
            "receive it",
            "leave it out",
            theme,
        ),
        Modal::ConfirmOnOrder {
            order_id, question, ..
        } => {
            let lines = vec![
                Line::from(clean(question)),
                Line::from(""),
                Line::from(vec![
                    Span::styled("o", theme.key),
                    Span::raw(format!(": against order {order_id} · ")),
                    Span::styled("Enter", theme.key),
                    Span::raw(": plain · "),
                    Span::styled("Esc", theme.key),
                    Span::raw(": keep editing"),
                ]),
            ];
            boxed(frame, area, " On a purchase order ", lines, 64, theme);
        }
        Modal::ConfirmImport { path, summary, .. } => {
            let question = format!(
                "Import {}? The dry run found: {}.",
                clean(path),
                clean(summary)
            );
            yes_no(
                frame, area, " Import ", &question, "import", "cancel", theme,
            )
        }
        Modal::DraftPicker(p) => {
            let dec = app.currency_decimals();
            let mut lines = vec![Line::from("Open drafts (newest first):"), Line::from("")];
            for (i, d) in p.drafts.iter().enumerate() {
                let units: i64 = d.lines.iter().map(|l| l.qty).sum();
                let first: Vec<String> = d.lines.iter().take(2).map(|l| clean(&l.sku)).collect();
                let total =
                    super::figures::total_amount(d.lines.iter().map(|l| (l.qty, l.unit_amount)));
                // Held by another running till: said first, so it is never cut off.
                let held = match d.held_elsewhere(app.session()) {
                    Some(h) => format!(
                        "HELD in {} since {} · ",
                        clean(&h.place),
                        clean(&crate::store::short_time(&h.since))
                    ),
                    None => String::new(),
                };
                let text = format!(
                    "{held}{} · {} line{} · {units} unit{} · {} · {} · saved {}",
                    d.kind,
                    d.lines.len(),
                    plural(d.lines.len() as i64),
                    plural(units),
                    super::figures::money_or_mark(total, dec, 8),
                    first.join(", "),
                    clean(
                        &d.updated_at
                            .chars()
                            .take(16)
                            .collect::<String>()
                            .replace('T', " ")
                    )
                );
                lines.push(pick_line(i == p.selected, text, theme));
            }
            lines.push(pick_line(
                p.selected >= p.drafts.len(),
                "a new document".to_string(),
                theme,
            ));
            boxed(frame, area, " Drafts ", lines, 76, theme);
        }
    }
}

fn pick_line<'a>(selected: bool, text: String, theme: &Theme) -> Line<'a> {
    if selected {
        Line::from(Span::styled(format!("> {text}"), theme.selected))
    } else {
        Line::from(format!("  {text}"))
    }
}

fn confirm_post(frame: &mut Frame, area: Rect, app: &App, role: DocRole, theme: &Theme) {
    let ds = app.doc_screen(role);
    let dec = app.currency_decimals();
    let what = match ds.doc.kind {
        DocKind::Receipt => "receipt (goods in)",
        DocKind::Return => "customer RETURN (stock comes back)",
        _ => "sale",
    };
    let mut lines = vec![
        Line::from(format!("Post this {what}?")),
        Line::from(format!(
            "{} line{}, {} unit{}, total {}",
            ds.doc.lines.len(),
            plural(ds.doc.lines.len() as i64),
            ds.doc.total_qty(),
            plural(ds.doc.total_qty()),
            super::figures::money_or_mark(super::documents::doc_total(ds), dec, 8)
        )),
    ];
    let short = ds.short_lines();
    if !short.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} line{} more than is on hand: the store will refuse",
                short.len(),
                if short.len() == 1 { " asks" } else { "s ask" }
            ),
            theme.error,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("Enter", theme.key),
        Span::raw(" or "),
        Span::styled("y", theme.key),
        Span::raw(": post · "),
        Span::styled("Esc", theme.key),
        Span::raw(": keep editing"),
    ]));
    boxed(frame, area, " Confirm ", lines, 56, theme);
}

fn draw_form(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let label_w = form
        .fields
        .iter()
        .map(|f| width_of(f.label))
        .max()
        .unwrap_or(0)
        + 2;
    // Note and fields: one row each (a long note is cut, never wrapped, so the cursor row
    // is known); the error goes last and wraps.
    let mut top = Vec::new();
    let width = 64.min(area.width.saturating_sub(2));
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    if let Some(note) = &form.note {
        let note = super::cut_words(&clean(note), width.saturating_sub(2));
        top.push(Line::from(Span::styled(note, theme.dim)));
        top.push(Line::from(""));
    }
    let first_field_row = top.len();
    // A long value shows its end (what was typed last), `…` first where it was cut.
    let value_room = inner_w.saturating_sub(usize::from(label_w) + 1);
    let shown = |v: &str| super::tail(&clean(v), value_room);
    for (i, f) in form.fields.iter().enumerate() {
        let label = format!("{:<w$}", f.label, w = usize::from(label_w));
        let style = if i == form.focus {
            theme.focus_field
        } else {
            theme.input
        };
        top.push(Line::from(vec![
            Span::styled(label, theme.header),
            Span::styled(format!("{} ", shown(&f.value)), style),
        ]));
    }
    let error = form
        .error
        .as_ref()
        .map(|e| Line::from(Span::styled(format!("! {}", clean(e)), theme.error)));
    let error_rows = error
        .as_ref()
        .map(|l| 1 + l.width().div_ceil(inner_w) + 1)
        .unwrap_or(0);
    let top_rows = top.len();
    let height = u16::try_from(top_rows + error_rows + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    if rect.width < 3 || rect.height < 3 {
        return;
    }
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {} ", clean(&form.title)),
            theme.header,
        ))
        .style(theme.dialog);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let top_h = u16::try_from(top_rows)
        .unwrap_or(u16::MAX)
        .min(inner.height);
    let top_area = Rect {
        height: top_h,
        ..inner
    };
    // On a short terminal, scroll so the focused field stays in view.
    let focus_row = u16::try_from(first_field_row + form.focus).unwrap_or(u16::MAX);
    let scroll = (focus_row + 1).saturating_sub(top_h);
    frame.render_widget(Paragraph::new(top).scroll((scroll, 0)), top_area);
    if let Some(error) = error {
        let rest = Rect {
            y: inner.y + top_h,
            height: inner.height - top_h,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(vec![Line::from(""), error]).wrap(Wrap { trim: false }),
            rest,
        );
    }
    // The cursor at the end of the focused field.
    if let Some(f) = form.fields.get(form.focus) {
        if let Some(row) = focus_row.checked_sub(scroll) {
            if row < top_h {
                let x = label_w.saturating_add(width_of(&shown(&f.value)));
                let line_area = Rect {
                    y: inner.y + row,
                    height: 1,
                    ..inner
                };
                super::place_cursor(frame, line_area, x);
            }
        }
    }
}

/// Draw lines in a bordered box centred in `area`; returns the inner area.
/// A question with "Enter or y: YES · Esc: NO" under it.
fn yes_no(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    question: &str,
    yes: &str,
    no: &str,
    theme: &Theme,
) {
    let lines = vec![
        Line::from(clean(question)),
        Line::from(""),
        Line::from(vec![
            Span::styled("Enter", theme.key),
            Span::raw(" or "),
            Span::styled("y", theme.key),
            Span::raw(format!(": {yes} · ")),
            Span::styled("Esc", theme.key),
            Span::raw(format!(": {no}")),
        ]),
    ];
    boxed(frame, area, title, lines, 64, theme);
}

fn boxed(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    max_width: u16,
    theme: &Theme,
) -> Option<Rect> {
    let width = max_width.min(area.width.saturating_sub(2));
    // Rows after wrapping (one more for each wrapped line: word wrap can take an extra row).
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| match l.width() {
            0 => 1,
            w if w <= inner_w => 1,
            w => w.div_ceil(inner_w) + 1,
        })
        .sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let rect = centered(area, width, height);
    if rect.width < 3 || rect.height < 3 {
        return None;
    }
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title.to_string(), theme.header))
        .style(theme.dialog);
    let inner = block.inner(rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    Some(inner)
}

//! Help: every key, by screen, and the store's settings.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Theme;
use crate::app::{help, screens, App};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    for (title, keys) in screens::help_sections() {
        lines.push(Line::from(Span::styled(title, theme.header)));
        for (k, what) in keys {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("{k:<w$}", w = help::HELP_KEY_WIDTH), theme.key),
                Span::raw(what),
            ]));
        }
        lines.push(Line::from(""));
    }
    let st = app.store().settings();
    lines.push(Line::from(Span::styled("Store settings", theme.header)));
    // One setting a line: a long line would be cut at the edge, in the middle of a figure.
    lines.push(Line::from(format!(
        "  currency: {} decimals{}",
        st.currency_decimals,
        if st.currency_symbol.is_empty() {
            String::new()
        } else {
            format!(", symbol {}", super::clean(&st.currency_symbol))
        },
    )));
    lines.push(Line::from(format!(
        "  negative stock: {}",
        if st.allow_negative_stock {
            "allowed"
        } else {
            "refused"
        },
    )));
    lines.push(Line::from(format!(
        "  default lead time: {} days · service level: {:.0}%",
        st.default_lead_time_days,
        st.service_level * 100.0
    )));
    lines.push(Line::from(
        "  tmux users: set `escape-time` low (e.g. 10) so Esc answers at once.",
    ));
    let max_scroll = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(area.height);
    let scroll = app.help_scroll().min(max_scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

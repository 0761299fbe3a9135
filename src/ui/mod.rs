//! Drawing only: `draw(frame, &app)` reads the app state and paints one frame. One module
//! per screen, a shared theme. Catalogue text always goes through `text::sanitize` first.

pub mod alerts;
pub mod dialog;
pub mod documents;
pub mod figures;
pub mod help;
pub mod item_detail;
pub mod orders;
pub mod stock_list;
pub mod theme;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::help::QUIT;
use crate::app::screens;
use crate::app::{App, Screen, StatusKind, MIN_HEIGHT, MIN_WIDTH};
use crate::domain::money::format_money;
pub use figures::{cut_end, cut_line, cut_words, cut_words_start, Col, Grid};
pub use theme::{monochrome_wanted, Theme};

/// The plural ending of a count: "1 unit", "2 units", "0 units".
pub fn plural(n: impl Into<i64>) -> &'static str {
    if n.into() == 1 {
        ""
    } else {
        "s"
    }
}

/// Text from the data, made safe to draw.
pub fn clean(s: &str) -> String {
    crate::domain::text::sanitize(s)
}

/// Money for display (empty when unknown).
pub fn money(v: Option<i64>, decimals: u32) -> String {
    v.map(|m| format_money(m, decimals)).unwrap_or_default()
}

/// Leave out column `index` when `narrow` (a terminal under 76 columns).
pub fn columns<T>(mut cells: Vec<T>, index: usize, narrow: bool) -> Vec<T> {
    if narrow && index < cells.len() {
        cells.remove(index);
    }
    cells
}

/// The width of the highlight symbol (`> `) tables show before their rows.
pub const SELECTION: u16 = 2;

/// Below this width, tables leave out a column so names stay readable.
pub const NARROW: u16 = 76;

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Put the cursor at `x` on the row of `area`, if it is inside.
pub fn place_cursor(frame: &mut Frame, area: Rect, x: u16) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let x = area.x.saturating_add(x).min(area.right().saturating_sub(1));
    frame.set_cursor_position(Position { x, y: area.y });
}

/// Display width of a string, in terminal cells.
pub fn width_of(s: &str) -> u16 {
    u16::try_from(Line::from(s).width()).unwrap_or(u16::MAX)
}

/// Draw one frame.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::for_monochrome(app.monochrome());
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from("terminal too small"),
            Line::from(format!("(needs {MIN_WIDTH}x{MIN_HEIGHT}; drafts are kept)")),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [title, body, status, keys, global] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_title(frame, title, app, &theme);
    draw_screen(frame, body, app, &theme);
    draw_status(frame, status, app, &theme);
    draw_keys(frame, keys, app, &theme);
    draw_global(frame, global, app, &theme);
    if app.modal().is_some() {
        dialog::draw(frame, body, app, &theme);
    }
}

/// The body of the current screen: one arm a screen (the rest of a screen's description is
/// its row in `app::screens::SCREENS`).
fn draw_screen(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    match app.screen() {
        Screen::Help => help::draw(frame, body, app, theme),
        Screen::Stock => stock_list::draw(frame, body, app, theme),
        Screen::ItemDetail => item_detail::draw(frame, body, app, theme),
        Screen::Receiving | Screen::Sales => documents::draw(frame, body, app, theme),
        Screen::Alerts => alerts::draw(frame, body, app, theme),
        Screen::Orders => orders::draw(frame, body, app, theme),
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let what = (screens::spec(app.screen()).title)(app);
    let line = Line::from(vec![Span::raw(" stockroom │ "), Span::raw(what)]);
    frame.render_widget(
        Paragraph::new(cut_line(line, area.width, false)).style(theme.title),
        area,
    );
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let st = app.status();
    let (style, prefix) = match st.kind {
        StatusKind::Info => (theme.base, ""),
        StatusKind::Success => (theme.success, "✓ "),
        StatusKind::Error => (theme.error, "! "),
    };
    let who = format!(" {} · {} ", app.store_name(), clean(app.store().user()));
    let who_w = width_of(&who).min(area.width / 3);
    let [left, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(who_w)]).areas(area);
    // A long message is cut at a word boundary with `…`, so a figure in it is shown whole
    // or not at all.
    let message = Line::from(vec![
        Span::raw(" "),
        Span::styled(format!("{prefix}{}", clean(&st.text)), style),
    ]);
    frame.render_widget(Paragraph::new(cut_line(message, left.width, true)), left);
    let who = format!("{} ", cut_end(who.trim_end(), who_w.saturating_sub(1)));
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(who, theme.dim))).right_aligned(),
        right,
    );
}

fn key_spans<'a>(keys: &[(&'a str, &'a str)], theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = Vec::with_capacity(keys.len() * 3);
    spans.push(Span::raw(" "));
    for (i, (k, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(*k, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(*what));
    }
    spans
}

fn draw_keys(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let spans = key_spans(app.footer_keys(), theme);
    frame.render_widget(
        Paragraph::new(cut_line(Line::from(spans), area.width, true)),
        area,
    );
}

fn draw_global(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let current = screens::spec(app.screen()).lights;
    let mut spans = vec![Span::raw(" ")];
    for (key, name, screen) in screens::function_key_tabs() {
        let style = if screen == current {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(format!("{key} {name}"), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(screens::alt_fallback().0, theme.key));
    spans.push(Span::raw(" · "));
    spans.push(Span::styled(QUIT.0, theme.key));
    spans.push(Span::raw(format!(" {}", QUIT.1)));
    frame.render_widget(
        Paragraph::new(cut_line(Line::from(spans), area.width, true)),
        area,
    );
}

/// A one-line input: label, text, and the cursor after it when `focused`.
pub fn draw_input(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    text: &str,
    focused: bool,
    theme: &Theme,
) {
    let shown = clean(text);
    let label_w = width_of(label);
    let room = area.width.saturating_sub(label_w + 1) as usize;
    // Show the end of a long input (what was typed last), `…` first where it was cut.
    let visible = tail(&shown, room);
    let line = Line::from(vec![
        Span::styled(label.to_string(), theme.header),
        Span::styled(visible.clone(), theme.input),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if focused {
        place_cursor(frame, area, label_w.saturating_add(width_of(&visible)));
    }
}

/// The end of `text` in `room` cells, starting with `…` when the start was left out.
pub fn tail(text: &str, room: usize) -> String {
    let room = u16::try_from(room).unwrap_or(u16::MAX);
    if width_of(text) <= room {
        return text.to_string();
    }
    let reversed: String = text.chars().rev().collect();
    let kept = cut_end(&reversed, room);
    let body: String = kept
        .strip_suffix(figures::ELLIPSIS)
        .unwrap_or(&kept)
        .chars()
        .rev()
        .collect();
    format!("{}{body}", figures::ELLIPSIS)
}

/// Style for a stock status word.
pub fn status_style(label: &str, theme: &Theme) -> Style {
    match label {
        "OUT" => theme.out,
        "LOW" => theme.low,
        _ => theme.base,
    }
}

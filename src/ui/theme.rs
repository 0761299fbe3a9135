//! Colours: the 16 named ANSI colours only, and a monochrome theme where meaning is carried
//! by text, bold and reverse video (NO_COLOR, --no-color, TERM=dumb).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub monochrome: bool,
    pub base: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub header: Style,
    pub selected: Style,
    pub marked: Style,
    pub low: Style,
    pub out: Style,
    pub error: Style,
    pub success: Style,
    pub key: Style,
    pub dim: Style,
    pub input: Style,
    pub dialog: Style,
    pub focus_field: Style,
}

impl Theme {
    pub fn colour() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            monochrome: false,
            base: Style::default(),
            title: Style::default()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(bold),
            tab: Style::default().fg(Color::Gray),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            header: Style::default().fg(Color::Yellow).add_modifier(bold),
            selected: Style::default().fg(Color::Black).bg(Color::Cyan),
            marked: Style::default().fg(Color::Cyan).add_modifier(bold),
            low: Style::default().fg(Color::Yellow).add_modifier(bold),
            out: Style::default().fg(Color::LightRed).add_modifier(bold),
            error: Style::default().fg(Color::LightRed).add_modifier(bold),
            success: Style::default().fg(Color::LightGreen).add_modifier(bold),
            key: Style::default().fg(Color::Cyan).add_modifier(bold),
            dim: Style::default().fg(Color::DarkGray),
            input: Style::default().fg(Color::White).add_modifier(bold),
            dialog: Style::default().fg(Color::White).bg(Color::Black),
            focus_field: Style::default().fg(Color::Black).bg(Color::Cyan),
        }
    }

    pub fn monochrome() -> Theme {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let rev = Style::default().add_modifier(Modifier::REVERSED);
        Theme {
            monochrome: true,
            base: Style::default(),
            title: rev,
            tab: Style::default(),
            tab_active: rev.add_modifier(Modifier::BOLD),
            header: bold.add_modifier(Modifier::UNDERLINED),
            selected: rev,
            marked: bold,
            low: bold,
            out: bold,
            error: bold,
            success: bold,
            key: bold,
            dim: Style::default(),
            input: bold,
            dialog: Style::default(),
            focus_field: rev,
        }
    }

    pub fn for_monochrome(mono: bool) -> Theme {
        if mono {
            Theme::monochrome()
        } else {
            Theme::colour()
        }
    }
}

/// Whether to draw without colour: `--no-color`, a non-empty `NO_COLOR`, or `TERM=dumb`.
pub fn monochrome_wanted(no_color_flag: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    no_color_flag || no_color || dumb
}

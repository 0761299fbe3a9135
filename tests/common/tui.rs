//! Driving `App` without a terminal: the app as the tests see it (a fixed clock, the
//! monochrome theme, 80x24), keys fed through the terminal loop's own mapping, the one
//! `render` every TUI test file draws with, and insta snapshots of drawn screens.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::{map_event, App, AppEvent, Effects, Key};
use stockroom::store::Store;

/// A store file in a folder of its own, removed with it. Each test file adds the
/// constructor that fills it with that file's shop.
pub struct StoreFile {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl StoreFile {
    /// `shop.db` in a new temporary folder, not created yet.
    pub fn empty() -> StoreFile {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("shop.db");
        StoreFile { dir, path }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.path).expect("open")
    }

    /// The app on this store (see `app_on`).
    pub fn app(&self) -> App {
        app_on(self.store())
    }
}

/// The app on `store` at 2026-01-15 12:00 UTC, monochrome, on an 80x24 terminal.
pub fn app_on(store: Store) -> App {
    let mut app = App::new(store, Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap());
    app.set_monochrome(true);
    app.update(AppEvent::Resize {
        width: 80,
        height: 24,
    });
    app
}

/// Feed a crossterm key event through the same mapping the terminal loop uses.
pub fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Effects {
    let ev = map_event(&Event::Key(KeyEvent::new(code, mods))).expect("a key the app takes");
    app.update(ev)
}

pub fn key(app: &mut App, k: Key) -> Effects {
    app.update(AppEvent::Key(k))
}

/// Type text as a terminal delivers it: uppercase letters carry SHIFT.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        press(app, KeyCode::Char(c), mods);
    }
}

pub fn enter(app: &mut App) -> Effects {
    press(app, KeyCode::Enter, KeyModifiers::NONE)
}

/// A scanner's code: its characters, then Enter.
pub fn scan(app: &mut App, code: &str) -> Effects {
    type_text(app, code);
    enter(app)
}

/// The dates and times a screen shows (a ledger line's posting time, the day an order was
/// drafted) come from the wall clock at posting, not from the app's fixed clock: snapshots
/// mask them. Applied in order, so a date with its time becomes `YYYY-MM-DD hh:mm`.
pub const DATE_FILTERS: [(&str, &str); 2] = [
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "YYYY-MM-DD hh:mm"),
    (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
];

/// `assert_screen!("name", &screen)`: compare a drawn screen with
/// tests/snapshots/<test file>__name.snap (insta), dates and times masked by `DATE_FILTERS`.
/// A missing or changed snapshot fails: locally insta writes the new screen beside it as
/// `.snap.new` for `cargo insta review` (or `INSTA_UPDATE=always` accepts it in place);
/// under `CI=true` it writes nothing. A macro, so insta names the snapshot after the test
/// file that asserts it.
#[allow(unused_macros)]
macro_rules! assert_screen {
    ($name:expr, $screen:expr) => {
        insta::with_settings!({ filters => $crate::common::tui::DATE_FILTERS }, {
            insta::assert_snapshot!($name, $screen);
        })
    };
}
#[allow(unused_imports)]
pub(crate) use assert_screen;

/// Draw the app on a `w`×`h` TestBackend and return the screen as text, one line a row.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| stockroom::ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" "));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

//! Driving `App` without a terminal: the app as the tests see it (a fixed clock, the
//! monochrome theme, 80x24), keys fed through the terminal loop's own mapping, and
//! snapshots of drawn screens.

use std::path::{Path, PathBuf};

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

/// Compare with tests/snapshots/NAME.txt; set UPDATE_SNAPSHOTS=1 to rewrite them.
pub fn snapshot(name: &str, screen: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, screen).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(screen, want, "screen differs from {}", path.display());
}

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

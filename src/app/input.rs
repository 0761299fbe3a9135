//! Input: the one place where terminal events become application events.
//!
//! A barcode scanner is a keyboard that types fast: characters, then Enter (CR), Ctrl-J (LF
//! in raw mode) or Tab. Every key is kept, in order; nothing here looks at timing.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the application sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character (uppercase letters stay uppercase).
    Char(char),
    /// Ctrl and a character, lowercased (`Ctrl('j')` is the LF a scanner may send).
    Ctrl(char),
    /// Alt (or Esc-prefixed) and a character.
    Alt(char),
    Enter,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Esc,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// Where a list movement key takes the selection in a list whose last index is `last`
/// (`page` rows a screen); None for any other key.
pub fn list_move(key: Key, selected: usize, last: usize, page: usize) -> Option<usize> {
    match key {
        Key::Up => Some(selected.saturating_sub(1)),
        Key::Down => Some((selected + 1).min(last)),
        Key::PageUp => Some(selected.saturating_sub(page)),
        Key::PageDown => Some((selected + page).min(last)),
        Key::Home => Some(0),
        Key::End => Some(last),
        _ => None,
    }
}

/// What drives `App::update`.
#[derive(Debug, Clone, PartialEq)]
pub enum AppEvent {
    Key(Key),
    /// Bracketed paste: treated as typed text, lines split on CR/LF into scans.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved (sent about once a second).
    Tick(DateTime<Utc>),
    /// Another session committed something: reload what is on screen.
    Refresh,
}

/// Map one crossterm event to an application event (None for events we ignore).
pub fn map_event(ev: &Event) -> Option<AppEvent> {
    match ev {
        Event::Key(k) => map_key(k).map(AppEvent::Key),
        Event::Paste(s) => Some(AppEvent::Paste(s.clone())),
        Event::Resize(w, h) => Some(AppEvent::Resize {
            width: *w,
            height: *h,
        }),
        _ => None,
    }
}

/// Map one crossterm key event to a `Key`. Releases are ignored (they only come with
/// keyboard-enhancement flags, which we never turn on).
pub fn map_key(k: &KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    Some(match k.code {
        KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
            // Some terminals send ^H for Backspace.
            'h' => Key::Backspace,
            c => Key::Ctrl(c),
        },
        KeyCode::Char(c) if alt => Key::Alt(c),
        KeyCode::Char(c) if c.is_control() => return None,
        KeyCode::Char(c) if shift && c.is_ascii_lowercase() => Key::Char(c.to_ascii_uppercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Tab if shift => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Esc => Key::Esc,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    })
}

/// Pasted text as the keys it stands for: CR is Enter, LF is Ctrl-J, Tab is Tab; other
/// control characters (escape sequences included) are dropped.
pub fn paste_keys(text: &str) -> Vec<Key> {
    let mut keys = Vec::with_capacity(text.len());
    let mut segment = String::new();
    let flush = |segment: &mut String, keys: &mut Vec<Key>| {
        keys.extend(
            crate::domain::text::sanitize(segment)
                .chars()
                .filter(|c| !c.is_control())
                .map(Key::Char),
        );
        segment.clear();
    };
    for c in text.chars() {
        let terminator = match c {
            '\r' => Key::Enter,
            '\n' => Key::Ctrl('j'),
            '\t' => Key::Tab,
            c => {
                segment.push(c);
                continue;
            }
        };
        flush(&mut segment, &mut keys);
        keys.push(terminator);
    }
    flush(&mut segment, &mut keys);
    keys
}

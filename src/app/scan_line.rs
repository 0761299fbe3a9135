//! The scan line: a one-line input that a person or a barcode scanner types into.
//!
//! Enter (CR), Ctrl-J (LF) and Tab end a scan. An empty Ctrl-J or Tab (the second half of
//! a CR+LF suffix, or a stray Tab) is ignored; only an empty Enter means something (it asks
//! to confirm the document). Keys are appended in the order they arrive, nothing dropped.

use super::input::Key;

/// The longest line kept; a scanner never sends more.
pub const MAX_SCAN: usize = 4096;

/// How a scan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminator {
    Enter,
    LineFeed,
    Tab,
}

/// What a key did to the scan line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanOutcome {
    /// The text changed.
    Edited,
    /// A complete scan (trimmed, non-empty), and what ended it.
    Scan(String, Terminator),
    /// Enter on an empty line.
    EmptyEnter,
    /// An empty LF or Tab: ignored.
    Ignored,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanLine {
    text: String,
}

impl ScanLine {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.chars().take(MAX_SCAN).collect();
    }

    /// Feed one key. Returns None when the key is not one the scan line handles (arrows,
    /// F-keys, ...), so the screen can use it.
    pub fn handle(&mut self, key: Key) -> Option<ScanOutcome> {
        match key {
            Key::Char(c) => {
                if self.text.len() < MAX_SCAN {
                    self.text.push(c);
                }
                Some(ScanOutcome::Edited)
            }
            Key::Backspace => {
                self.text.pop();
                Some(ScanOutcome::Edited)
            }
            Key::Ctrl('u') => {
                self.text.clear();
                Some(ScanOutcome::Edited)
            }
            Key::Enter => Some(self.end(Terminator::Enter)),
            Key::Ctrl('j') => Some(self.end(Terminator::LineFeed)),
            Key::Tab => Some(self.end(Terminator::Tab)),
            _ => None,
        }
    }

    fn end(&mut self, how: Terminator) -> ScanOutcome {
        let scan = self.text.trim().to_string();
        self.text.clear();
        if !scan.is_empty() {
            ScanOutcome::Scan(scan, how)
        } else if how == Terminator::Enter {
            ScanOutcome::EmptyEnter
        } else {
            ScanOutcome::Ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(line: &mut ScanLine, keys: &[Key]) -> Vec<ScanOutcome> {
        keys.iter().filter_map(|k| line.handle(*k)).collect()
    }

    #[test]
    fn terminators_and_empty_lines() {
        let mut l = ScanLine::default();
        let out = feed(
            &mut l,
            &[
                Key::Char('A'),
                Key::Enter,
                Key::Ctrl('j'),
                Key::Char('b'),
                Key::Tab,
                Key::Tab,
                Key::Enter,
            ],
        );
        assert_eq!(
            out,
            vec![
                ScanOutcome::Edited,
                ScanOutcome::Scan("A".into(), Terminator::Enter),
                ScanOutcome::Ignored,
                ScanOutcome::Edited,
                ScanOutcome::Scan("b".into(), Terminator::Tab),
                ScanOutcome::Ignored,
                ScanOutcome::EmptyEnter,
            ]
        );
        assert_eq!(l.handle(Key::Up), None);
    }
}

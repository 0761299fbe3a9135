//! Text from the catalogue is never trusted: strip what a terminal would interpret.

/// Remove control characters and escape sequences (CSI, OSC, and lone ESC) so that text
/// imported from anywhere cannot move the cursor, retitle the window or change colours.
pub fn sanitize(s: &str) -> String {
    // Most text has nothing to strip: one scan and a copy (an import sanitizes 100k names).
    // ASCII holds no bidi overrides and its only controls are ASCII ones.
    let clean = if s.is_ascii() {
        !s.bytes().any(|b| b.is_ascii_control())
    } else {
        !s.chars().any(|c| c.is_control() || is_bidi_override(c))
    };
    if clean {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    // CSI: parameters then one final byte in @..~
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                Some(']') | Some('P') | Some('_') | Some('^') => {
                    chars.next();
                    // OSC/DCS/APC/PM: until BEL or ST (ESC \)
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' {
                            break;
                        }
                        if n == '\u{1b}' {
                            if chars.peek() == Some(&'\\') {
                                chars.next();
                            }
                            break;
                        }
                    }
                }
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            // C1 controls and bidi overrides that reorder what is shown
            c if is_bidi_override(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `text`, case folded, contains `folded_term` (a term already passed through
/// `fold_case`): search's "does this item hold what was typed", case-insensitive in every
/// script, as the trigram index is.
pub fn folded_contains(text: &str, folded_term: &str) -> bool {
    if folded_term.is_empty() {
        return true;
    }
    if text.is_ascii() && folded_term.is_ascii() {
        // No copy: ASCII folds byte by byte.
        let (t, n) = (text.as_bytes(), folded_term.as_bytes());
        return t.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    fold_case(text).contains(folded_term)
}

/// Text in the one case search compares in.
pub fn fold_case(text: &str) -> String {
    text.to_lowercase()
}

/// Characters that reorder how the text around them is shown.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{fold_case, folded_contains, sanitize};

    #[test]
    fn folded_contains_ignores_case_in_every_script() {
        assert!(folded_contains("Harbour Mug", "our m"));
        assert!(folded_contains("ÄPFELSAFT", &fold_case("Äpfel")));
        assert!(folded_contains("anything", ""));
        assert!(!folded_contains("Harbour", "harbour mug"));
        assert!(!folded_contains("Rbo harb bour", "harbour"));
    }

    #[test]
    fn strips_escapes_and_controls() {
        assert_eq!(sanitize("Tee\u{1b}[2J\u{1b}[31mRed"), "TeeRed");
        assert_eq!(sanitize("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(sanitize("a\u{1b}]8;;http://x\u{1b}\\b"), "ab");
        assert_eq!(
            sanitize("line\nbreak\ttab\u{0}nul\u{9b}c1"),
            "line break tabnulc1"
        );
        assert_eq!(sanitize("plain café"), "plain café");
        assert_eq!(sanitize("a\u{202e}b"), "ab");
        assert_eq!(sanitize("a\u{1b}b"), "a");
        assert_eq!(sanitize("del\u{7f}ete"), "delete");
        assert_eq!(sanitize("plain ascii"), "plain ascii");
    }
}

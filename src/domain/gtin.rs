//! Barcodes: GTIN check digits and the zero-padded normal form.
//!
//! The rule: a code of only digits with 8, 12, 13 or 14 digits is a GTIN (EAN-8, UPC-A,
//! EAN-13, GTIN-14). It must carry a valid check digit, and all its zero-padded forms find
//! the same item. Any other code is free-form (Code 128 labels and the like).

use std::fmt;

/// A code as scanned or typed, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A valid GTIN, held as its 14-digit zero-padded form.
    Gtin(String),
    /// Any other code, kept as given (trimmed).
    Free(String),
}

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    BadCheckDigit { code: String, expected: u8 },
    ControlCharacter,
    TooLong,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "empty code"),
            CodeError::BadCheckDigit { code, expected } => write!(
                f,
                "bad check digit in GTIN '{code}' (the last digit should be {expected})"
            ),
            CodeError::ControlCharacter => write!(f, "code contains a control character"),
            CodeError::TooLong => write!(f, "code is longer than {MAX_CODE_LEN} characters"),
        }
    }
}

impl std::error::Error for CodeError {}

/// The longest code accepted anywhere (Code 128 labels are far shorter).
pub const MAX_CODE_LEN: usize = 64;

/// The GS1 check digit for the digits given (all but the check digit).
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 0 {
                d * 3
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// True when `s` is all ASCII digits of a GTIN length.
pub fn looks_like_gtin(s: &str) -> bool {
    matches!(s.len(), 8 | 12 | 13 | 14) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a digit string of any length carries a valid GS1 check digit.
pub fn has_valid_check_digit(s: &str) -> bool {
    if s.len() < 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
    let (body, last) = digits.split_at(digits.len() - 1);
    check_digit(body) == last[0]
}

impl Code {
    /// Classify a code: GTIN lengths must check, everything else is free-form.
    pub fn parse(raw: &str) -> Result<Code, CodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        if s.chars().any(char::is_control) {
            return Err(CodeError::ControlCharacter);
        }
        if s.chars().count() > MAX_CODE_LEN {
            return Err(CodeError::TooLong);
        }
        if looks_like_gtin(s) {
            let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            let (body, last) = digits.split_at(digits.len() - 1);
            let expected = check_digit(body);
            if expected != last[0] {
                return Err(CodeError::BadCheckDigit {
                    code: s.to_string(),
                    expected,
                });
            }
            return Ok(Code::Gtin(format!("{s:0>14}")));
        }
        Ok(Code::Free(s.to_string()))
    }

    /// The form barcodes are stored and looked up under.
    pub fn key(&self) -> &str {
        match self {
            Code::Gtin(s) | Code::Free(s) => s,
        }
    }

    /// The shortest usual form to show: EAN-13 / UPC-A / EAN-8 without needless padding.
    pub fn display(&self) -> String {
        match self {
            Code::Free(s) => s.clone(),
            Code::Gtin(s) => display_gtin(s),
        }
    }
}

/// Show a 14-digit GTIN in its common length: EAN-8 when it fits, else EAN-13, else GTIN-14.
pub fn display_gtin(g14: &str) -> String {
    if g14.len() != 14 {
        return g14.to_string();
    }
    if let Some(rest) = g14.strip_prefix("000000") {
        return rest.to_string();
    }
    if let Some(rest) = g14.strip_prefix('0') {
        return rest.to_string();
    }
    g14.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upc_a_and_ean13_forms_share_a_key() {
        let upc = Code::parse("036000291452").expect("valid UPC-A");
        let ean = Code::parse("0036000291452").expect("valid EAN-13");
        let g14 = Code::parse("00036000291452").expect("valid GTIN-14");
        assert_eq!(upc.key(), ean.key());
        assert_eq!(ean.key(), g14.key());
        assert_eq!(upc.key(), "00036000291452");
    }

    #[test]
    fn ean8_pads_to_14() {
        let c = Code::parse("96385074").expect("valid EAN-8");
        assert_eq!(c.key(), "00000096385074");
        assert_eq!(c.display(), "96385074");
    }

    #[test]
    fn bad_check_digit_is_refused_and_names_the_right_one() {
        let e = Code::parse("4006381333932").expect_err("bad check digit");
        assert_eq!(
            e,
            CodeError::BadCheckDigit {
                code: "4006381333932".into(),
                expected: 1
            }
        );
        assert!(e.to_string().contains("check digit"));
    }

    #[test]
    fn other_lengths_are_free_form() {
        assert_eq!(
            Code::parse("ABC-123").expect("free"),
            Code::Free("ABC-123".into())
        );
        assert_eq!(
            Code::parse("12345").expect("free"),
            Code::Free("12345".into())
        );
        assert_eq!(
            Code::parse("12345678901").expect("11 digits are free-form"),
            Code::Free("12345678901".into())
        );
    }

    #[test]
    fn empty_and_control_characters_refused() {
        assert_eq!(Code::parse("  "), Err(CodeError::Empty));
        assert_eq!(Code::parse("AB\u{1b}[2J"), Err(CodeError::ControlCharacter));
        assert_eq!(Code::parse(&"A".repeat(65)), Err(CodeError::TooLong));
    }
}

//! Document and movement kinds, quantities, and the moving-average cost rule.

use std::fmt;

use super::money::mul_div_round;

/// What a posted document is. Stored as its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Receipt,
    Sale,
    Return,
    Adjustment,
    Count,
    Transfer,
    Void,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Receipt,
        DocKind::Sale,
        DocKind::Return,
        DocKind::Adjustment,
        DocKind::Count,
        DocKind::Transfer,
        DocKind::Void,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Receipt => "receipt",
            DocKind::Sale => "sale",
            DocKind::Return => "return",
            DocKind::Adjustment => "adjustment",
            DocKind::Count => "count",
            DocKind::Transfer => "transfer",
            DocKind::Void => "void",
        }
    }

    /// The short prefix of a document number (`S-42`).
    pub fn prefix(self) -> &'static str {
        match self {
            DocKind::Receipt => "R",
            DocKind::Sale => "S",
            DocKind::Return => "RT",
            DocKind::Adjustment => "A",
            DocKind::Count => "C",
            DocKind::Transfer => "T",
            DocKind::Void => "V",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn from_prefix(p: &str) -> Option<DocKind> {
        DocKind::ALL
            .into_iter()
            .find(|k| k.prefix().eq_ignore_ascii_case(p))
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The number staff see for a document: kind prefix and id (`S-42`).
pub fn doc_label(kind: DocKind, id: i64) -> String {
    format!("{}-{id}", kind.prefix())
}

/// Parse a document number: `42`, `S-42` or `s42`. The prefix, when given, is returned so
/// the caller can check it names the document's real kind.
pub fn parse_doc_label(raw: &str) -> Result<(Option<DocKind>, i64), String> {
    let s = raw.trim();
    let split = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
    let (prefix, digits) = s.split_at(split);
    let prefix = prefix.trim_end_matches('-');
    let kind =
        if prefix.is_empty() {
            None
        } else {
            Some(DocKind::from_prefix(prefix).ok_or_else(|| {
                format!("'{s}' is not a document number (expected e.g. S-42 or 42)")
            })?)
        };
    let id: i64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a document number (expected e.g. S-42 or 42)"))?;
    if id <= 0 {
        return Err(format!("'{s}' is not a document number"));
    }
    Ok((kind, id))
}

/// Parse a quantity that must be a whole number above zero.
pub fn parse_positive_qty(raw: &str) -> Result<i64, String> {
    let q = parse_signed_qty(raw)?;
    if q <= 0 {
        return Err(format!("quantity must be above zero, got '{}'", raw.trim()));
    }
    Ok(q)
}

/// Parse a quantity that may be zero (a count).
pub fn parse_count_qty(raw: &str) -> Result<i64, String> {
    let q = parse_signed_qty(raw)?;
    if q < 0 {
        return Err(format!("a count cannot be negative, got '{}'", raw.trim()));
    }
    Ok(q)
}

/// The largest quantity one line may carry; keeps every sum far from i64 overflow.
pub const MAX_QTY: i64 = 1_000_000_000;

/// Parse a signed whole number within ±MAX_QTY.
pub fn parse_signed_qty(raw: &str) -> Result<i64, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("quantity is empty".to_string());
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{s}' is not a whole number"));
    }
    let q: i64 = s
        .parse()
        .map_err(|_| format!("'{s}' is too large a quantity (at most {MAX_QTY})"))?;
    if q.abs() > MAX_QTY {
        return Err(format!("'{s}' is too large a quantity (at most {MAX_QTY})"));
    }
    Ok(q)
}

/// Stock of one item at one location: quantity and total cost value (minor units).
/// Moving average cost is value / on_hand, kept as the pair so it never drifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    pub on_hand: i64,
    pub value: i64,
}

impl Balance {
    /// The average unit cost, rounded, if anything is on hand.
    pub fn avg_cost(&self) -> Option<i64> {
        (self.on_hand > 0).then(|| mul_div_round(self.value, 1, self.on_hand))
    }

    /// The cost value of taking `qty` units out: V·q/Q rounded, all of V when q = Q.
    /// When more goes out than is on hand (negative stock allowed) the extra is valued at
    /// `fallback_unit_cost`.
    pub fn issue_value(&self, qty: i64, fallback_unit_cost: i64) -> i64 {
        if qty <= 0 {
            return 0;
        }
        if self.on_hand <= 0 {
            return qty.saturating_mul(fallback_unit_cost);
        }
        if qty >= self.on_hand {
            let extra = qty - self.on_hand;
            return self
                .value
                .saturating_add(extra.saturating_mul(fallback_unit_cost));
        }
        mul_div_round(self.value, qty, self.on_hand)
    }

    /// Apply a movement of `qty` (signed) carrying `value` (signed).
    pub fn apply(&self, qty: i64, value: i64) -> Balance {
        Balance {
            on_hand: self.on_hand + qty,
            value: self.value + value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for k in DocKind::ALL {
            let l = doc_label(k, 42);
            assert_eq!(parse_doc_label(&l), Ok((Some(k), 42)));
        }
        assert_eq!(parse_doc_label("42"), Ok((None, 42)));
        assert_eq!(parse_doc_label("s42"), Ok((Some(DocKind::Sale), 42)));
        assert!(parse_doc_label("X-1").is_err());
        assert!(parse_doc_label("S-").is_err());
        assert!(parse_doc_label("S-0").is_err());
        assert!(parse_doc_label("S-99999999999999999999").is_err());
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_positive_qty("3"), Ok(3));
        assert!(parse_positive_qty("0").is_err());
        assert!(parse_positive_qty("-1").is_err());
        assert!(parse_positive_qty("1.5").is_err());
        assert!(parse_positive_qty("abc").is_err());
        assert!(parse_positive_qty("99999999999999999999").is_err());
        assert!(parse_positive_qty("1000000001").is_err());
        assert_eq!(parse_signed_qty("-4"), Ok(-4));
        assert_eq!(parse_count_qty("0"), Ok(0));
        assert!(parse_count_qty("-1").is_err());
    }

    #[test]
    fn issuing_everything_takes_all_value() {
        let b = Balance {
            on_hand: 3,
            value: 1000,
        };
        assert_eq!(b.issue_value(1, 0), 333);
        assert_eq!(b.issue_value(3, 0), 1000);
        let after = b
            .apply(-1, -333)
            .apply(-2, -b.apply(-1, -333).issue_value(2, 0));
        assert_eq!(after, Balance::default());
    }
}

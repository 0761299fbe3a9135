//! What a scan line holds: `CODE`, or `N*CODE` for N units. Shared by the CLI's `scan` and
//! the TUI's scan lines.

use super::ledger::parse_positive_qty;

/// Split `N*CODE` into its quantity and code; a bare `CODE` is one. A star with no number
/// before it is part of the code (`A*B`).
pub fn split_qty(line: &str) -> Result<(i64, &str), String> {
    match line.split_once('*') {
        Some((n, code))
            if !n.trim().is_empty()
                && n.trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+') =>
        {
            let qty = parse_positive_qty(n)?;
            let code = code.trim();
            if code.is_empty() {
                return Err(format!("'{}' has a quantity but no code", line.trim()));
            }
            Ok((qty, code))
        }
        _ => Ok((1, line.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quantities() {
        assert_eq!(split_qty("3*ABC"), Ok((3, "ABC")));
        assert_eq!(split_qty("ABC"), Ok((1, "ABC")));
        assert_eq!(split_qty("A*B"), Ok((1, "A*B")));
        assert!(split_qty("0*ABC").is_err());
        assert!(split_qty("-2*ABC").is_err());
        assert!(split_qty("3*").is_err());
    }
}

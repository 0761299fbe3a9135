//! Money as integer minor units. Input and output are decimals in major units ("12.50").

use std::fmt;

/// Why a money amount was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotANumber(String),
    TooManyDecimals { value: String, decimals: u32 },
    Negative(String),
    TooLarge(String),
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => write!(f, "empty amount"),
            MoneyError::NotANumber(v) => write!(f, "'{v}' is not an amount of money"),
            MoneyError::TooManyDecimals { value, decimals } => write!(
                f,
                "'{value}' has more than {decimals} decimal place{}",
                if *decimals == 1 { "" } else { "s" }
            ),
            MoneyError::Negative(v) => write!(f, "'{v}' is negative; amounts must be 0 or more"),
            MoneyError::TooLarge(v) => write!(f, "'{v}' is too large"),
        }
    }
}

impl std::error::Error for MoneyError {}

/// Parse a non-negative decimal amount into minor units with `decimals` places.
/// Accepts `12`, `12.5`, `12.50`, `.5`; refuses signs other than a leading `+`, exponents,
/// thousands separators and more decimal places than the currency has.
pub fn parse_money(raw: &str, decimals: u32) -> Result<i64, MoneyError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.starts_with('-') {
        return Err(MoneyError::Negative(s.to_string()));
    }
    let body = s.strip_prefix('+').unwrap_or(s);
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
        || (body.contains('.') && frac_part.is_empty() && int_part.is_empty())
    {
        return Err(MoneyError::NotANumber(s.to_string()));
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > decimals as usize {
        return Err(MoneyError::TooManyDecimals {
            value: s.to_string(),
            decimals,
        });
    }
    let too_large = || MoneyError::TooLarge(s.to_string());
    let scale = 10i64.checked_pow(decimals).ok_or_else(too_large)?;
    let int_value: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| too_large())?
    };
    let mut frac_value: i64 = 0;
    for (i, b) in frac_trimmed.bytes().enumerate() {
        let place = 10i64.pow(decimals - 1 - i as u32);
        frac_value += i64::from(b - b'0') * place;
    }
    int_value
        .checked_mul(scale)
        .and_then(|v| v.checked_add(frac_value))
        .ok_or_else(too_large)
}

/// Format minor units as a decimal string in major units (`1250` → `12.50`).
pub fn format_money(minor: i64, decimals: u32) -> String {
    if decimals == 0 {
        return minor.to_string();
    }
    let scale = 10i128.pow(decimals);
    let v = i128::from(minor);
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!(
        "{sign}{}.{:0width$}",
        a / scale,
        a % scale,
        width = decimals as usize
    )
}

/// `a * b / c` rounded half away from zero, without overflow for any i64 inputs (c != 0).
pub fn mul_div_round(a: i64, b: i64, c: i64) -> i64 {
    if c == 0 {
        return 0;
    }
    let n = i128::from(a) * i128::from(b);
    let d = i128::from(c);
    let q = n / d;
    let r = n % d;
    let adj = if (r.abs() * 2) >= d.abs() {
        if (n < 0) != (d < 0) {
            -1
        } else {
            1
        }
    } else {
        0
    };
    (q + adj).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_money("12.50", 2), Ok(1250));
        assert_eq!(parse_money("12.5", 2), Ok(1250));
        assert_eq!(parse_money("12", 2), Ok(1200));
        assert_eq!(parse_money(".5", 2), Ok(50));
        assert_eq!(parse_money("0", 2), Ok(0));
        assert_eq!(parse_money("12.500", 2), Ok(1250));
        assert_eq!(parse_money("7", 0), Ok(7));
    }

    #[test]
    fn refuses_bad_forms() {
        assert!(matches!(
            parse_money("12.345", 2),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(parse_money("-1", 2), Err(MoneyError::Negative(_))));
        for bad in ["abc", "1e5", "1,000", ".", "1.2.3", "12 50", "NaN"] {
            assert!(parse_money(bad, 2).is_err(), "{bad} accepted");
        }
        assert!(matches!(
            parse_money("99999999999999999999", 2),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(parse_money("", 2), Err(MoneyError::Empty)));
    }

    #[test]
    fn formats() {
        assert_eq!(format_money(1250, 2), "12.50");
        assert_eq!(format_money(5, 2), "0.05");
        assert_eq!(format_money(-5, 2), "-0.05");
        assert_eq!(format_money(7, 0), "7");
        assert_eq!(format_money(i64::MIN, 2), "-92233720368547758.08");
    }

    #[test]
    fn mul_div_rounds_half_away() {
        assert_eq!(mul_div_round(10, 1, 3), 3);
        assert_eq!(mul_div_round(10, 2, 3), 7);
        assert_eq!(mul_div_round(5, 1, 2), 3);
        assert_eq!(mul_div_round(-5, 1, 2), -3);
        assert_eq!(mul_div_round(i64::MAX, i64::MAX, 1), i64::MAX);
    }

    proptest::proptest! {
        #[test]
        fn round_trips(minor in 0i64..1_000_000_000_000) {
            let s = format_money(minor, 2);
            proptest::prop_assert_eq!(parse_money(&s, 2), Ok(minor));
        }
    }
}

//! GTIN rules checked against other people's test vectors, read from ../shared/data.

use std::path::PathBuf;

use stockroom::domain::gtin::{check_digit, Code, CodeError};

fn data(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/barcodes")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("test data {} missing: {e}", p.display()))
}

/// python-stdnum's test_ean.doctest: every `ean.validate('X')` either returns X (valid) or
/// raises; InvalidChecksum must be our bad check digit, length/format errors free-form codes.
#[test]
fn python_stdnum_ean_doctest() {
    let text = data("python-stdnum/test_ean.doctest");
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix(">>> ean.validate('") else {
            continue;
        };
        let Some(code) = rest.strip_suffix("')") else {
            continue;
        };
        let next = lines.get(i + 1).map(|s| s.trim()).unwrap_or("");
        let parsed = Code::parse(code);
        if next.starts_with('\'') {
            assert!(
                matches!(parsed, Ok(Code::Gtin(_))),
                "{code} should be a valid GTIN, got {parsed:?}"
            );
        } else {
            let err = lines[i + 1..]
                .iter()
                .take(4)
                .find(|l| l.contains("Invalid"))
                .copied()
                .unwrap_or("");
            if err.contains("InvalidChecksum") {
                assert!(
                    matches!(parsed, Err(CodeError::BadCheckDigit { .. })),
                    "{code}: {parsed:?}"
                );
            } else {
                assert!(
                    !matches!(parsed, Ok(Code::Gtin(_))),
                    "{code} must not be a GTIN: {parsed:?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 4, "too few vectors found ({checked})");
}

/// 5,467 real barcodes from Open Food Facts with python-stdnum's verdict: for every
/// all-digit code of a GTIN length, our verdict is stdnum's.
#[test]
fn open_food_facts_labels_agree_with_stdnum() {
    let text = data("openfoodfacts/labels.tsv");
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (code, stdnum_valid) = (cols[1], cols[3] == "True");
        let ours = matches!(Code::parse(code), Ok(Code::Gtin(_)));
        if matches!(code.len(), 8 | 12 | 13 | 14) && code.bytes().all(|b| b.is_ascii_digit()) {
            assert_eq!(ours, stdnum_valid, "{code}");
            checked += 1;
        } else {
            assert!(!ours, "{code} is not a GTIN length");
        }
    }
    assert!(checked > 5000, "only {checked} codes checked");
}

/// biip's check-digit table (GS1 standard algorithm over any length).
#[test]
fn biip_check_digits() {
    let text = data("biip/test_checksums.py");
    let start = text
        .find("def test_gs1_standard_check_digit(")
        .map(|_| ())
        .and(text.find("(\"value\", \"expected\")"));
    let start = start.expect("biip table present");
    let table = &text[start..];
    let end = table.find("],").unwrap_or(table.len());
    let mut n = 0;
    for line in table[..end].lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("(\"") {
            let (value, tail) = rest.split_once('"').expect("quoted value");
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let expected: u8 = tail
                .trim_start_matches([',', ' '])
                .trim_end_matches([')', ','])
                .trim()
                .parse()
                .expect("digit");
            let digits: Vec<u8> = value.bytes().map(|b| b - b'0').collect();
            assert_eq!(check_digit(&digits), expected, "{value}");
            n += 1;
        }
    }
    assert!(n >= 5, "found {n} vectors");
}

#[test]
fn zero_padded_forms_are_one_key() {
    // UPC-A, its EAN-13 and GTIN-14 forms; EAN-8 and its padded forms.
    for forms in [
        ["036000291452", "0036000291452", "00036000291452"],
        ["96385074", "0000096385074", "00000096385074"],
    ] {
        let keys: Vec<String> = forms
            .iter()
            .map(|f| {
                Code::parse(f)
                    .map(|c| c.key().to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert!(
            keys.iter().all(|k| k == &keys[0] && k.len() == 14),
            "{forms:?} -> {keys:?}"
        );
    }
}

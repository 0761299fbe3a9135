//! The CSV plumbing every channel parser shares: decoding, the header, column lookup by
//! name, and per-row checks that collect problems instead of stopping at the first one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{anyhow, bail, Result};

use super::Problem;
use crate::domain::gtin::{Code, CodeError};
use crate::domain::ledger::{parse_count_qty, parse_positive_qty};
use crate::domain::money::parse_money;
use crate::domain::text::sanitize;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file as text: BOM stripped, UTF-8 checked (naming the first bad line), not empty.
pub(super) fn decode(bytes: &[u8]) -> Result<&str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!("file is UTF-16 text, not UTF-8: save it as UTF-8 (in Excel: \"CSV UTF-8\")");
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let line = 1 + body.iter().take(at).filter(|&&b| b == b'\n').count();
        bail!(
            "file contains a NUL byte (line {line}): it is not CSV text (UTF-16 without its \
             byte-order mark, or a binary file?); save it as CSV UTF-8"
        );
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            let good = body.get(..e.valid_up_to()).unwrap_or_default();
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            bail!("file is not UTF-8 text (line {line}): save it as UTF-8");
        }
    };
    if text.trim().is_empty() {
        bail!("file is empty");
    }
    Ok(text)
}

/// Header names compare case-insensitively with runs of spaces folded:
/// `Option1 Value`, `option1 value` and ` Option1  value ` are one column.
pub(super) fn normalize_header(h: &str) -> String {
    h.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Names, titles, suppliers and locations: terminal controls removed, any run of
/// whitespace (including newlines inside a quoted cell) folded to one space.
pub(super) fn clean_text(s: &str) -> String {
    if is_clean(s) {
        // Most cells: nothing to strip or fold, so no three passes and allocations.
        return s.to_string();
    }
    sanitize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `clean_text` would give `s` back unchanged: no control character, escape or
/// bidi override (all `sanitize` removes), and no whitespace but single spaces between words.
fn is_clean(s: &str) -> bool {
    if s.starts_with(' ') || s.ends_with(' ') || s.contains("  ") {
        return false;
    }
    s.chars().all(|c| {
        if c.is_ascii() {
            c == ' ' || c.is_ascii_graphic()
        } else {
            !(c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        }
    })
}

/// The normalised names of the first non-blank record; for format detection, which must
/// work even on bytes that later fail UTF-8 decoding.
pub(super) fn header_keys(bytes: &[u8]) -> Option<Vec<String>> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    for rec in rdr.byte_records() {
        let rec = rec.ok()?;
        let keys: Vec<String> = rec
            .iter()
            .map(|f| normalize_header(&String::from_utf8_lossy(f)))
            .collect();
        if keys.iter().any(|k| !k.is_empty()) {
            return Some(keys);
        }
    }
    None
}

/// A parsed CSV: the header and every non-blank record with the line it starts on.
pub(super) struct Table {
    head: Head,
    pub rows: Vec<Row>,
}

/// A CSV's header: its names as written, and as compared (`normalize_header`).
pub(super) struct Head {
    headers: Vec<String>,
    pub keys: Vec<String>,
}

/// One record. Fields read trimmed; a short record reads as empty in its missing columns.
/// The record keeps its fields in one buffer (not a `String` each): a 100k-row export with
/// 50 columns would otherwise make five million allocations.
pub(super) struct Row {
    pub line: u64,
    record: csv::StringRecord,
}

/// A column found in the header: its index and its name as the file spells it.
#[derive(Debug, Clone)]
pub(super) struct Col {
    idx: usize,
    pub name: String,
}

/// The records after the header, read one at a time (an import parses while the store
/// writes what was already parsed). Blank records are passed over.
pub(super) struct Rows<'a> {
    records: csv::StringRecordsIntoIter<std::io::Cursor<std::borrow::Cow<'a, [u8]>>>,
}

impl Iterator for Rows<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        for rec in self.records.by_ref() {
            let rec = match rec {
                Ok(rec) => rec,
                Err(e) => return Some(Err(anyhow!("cannot read the CSV: {e}"))),
            };
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // blank lines and rows of bare commas carry nothing
            }
            let line = rec.position().map_or(0, csv::Position::line);
            return Some(Ok(Row { line, record: rec }));
        }
        None
    }
}

impl Table {
    /// The whole file at once.
    #[cfg(test)]
    pub fn read(text: &str) -> Result<Table> {
        let (head, rows) = Table::open(text)?;
        Table::from_parts(head, rows)
    }

    /// A table of `head` and every record left in `rows`.
    pub fn from_parts(head: Head, rows: Rows<'_>) -> Result<Table> {
        let rows = rows.collect::<Result<Vec<Row>>>()?;
        Ok(Table { head, rows })
    }

    /// The header, and the records still to read. A quoted cell the file never closes
    /// fails the file here, before any record is read.
    pub fn open(text: &str) -> Result<(Head, Rows<'_>)> {
        // The csv crate counts a record's line before it has seen the `\n` of a `\r\n`
        // ending, so with Windows (and old Mac) line ends every line after the first would
        // be one short. Reading `\n` endings only keeps the lines physical.
        let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
            std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        if let Some(line) = unclosed_quote(&text) {
            bail!(
                "line {line}: a quoted cell opened here is never closed, so the rest of the \
                 file would be read as one cell; check that line's quotes"
            );
        }
        let bytes = match text {
            std::borrow::Cow::Borrowed(t) => std::borrow::Cow::Borrowed(t.as_bytes()),
            std::borrow::Cow::Owned(t) => std::borrow::Cow::Owned(t.into_bytes()),
        };
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(bytes));
        let mut rows = Rows {
            records: rdr.into_records(),
        };
        let first = rows.next().transpose()?;
        let headers: Vec<String> = first
            .ok_or_else(|| anyhow!("file is empty"))?
            .record
            .iter()
            .map(|f| f.trim().to_string())
            .collect();
        let keys = headers.iter().map(|h| normalize_header(h)).collect();
        Ok((Head { headers, keys }, rows))
    }
}

impl std::ops::Deref for Table {
    type Target = Head;

    fn deref(&self) -> &Head {
        &self.head
    }
}

impl Head {
    /// The first of `names` the header has (compared as `normalize_header` does).
    pub fn col(&self, names: &[&str]) -> Option<Col> {
        names.iter().find_map(|n| {
            let key = normalize_header(n);
            self.keys.iter().position(|k| *k == key).map(|idx| Col {
                idx,
                name: self.headers.get(idx).cloned().unwrap_or_default(),
            })
        })
    }

    /// Like `col`, but a missing column fails the whole file.
    pub fn require(&self, names: &[&str]) -> Result<Col> {
        self.col(names).ok_or_else(|| missing_column(names))
    }
}

/// The line where a quoted cell opens that the file never closes, if one does (the CSV
/// reader would silently take the rest of the file as that cell). `\n` line ends only.
fn unclosed_quote(text: &str) -> Option<u64> {
    // Only a `"` at the start of a cell opens a quoted cell; inside one, `""` is a quote.
    let mut line: u64 = 1;
    let mut opened_at = 0;
    let mut in_quotes = false;
    let mut at_cell_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if in_quotes {
            match b {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_cell_start => {
                in_quotes = true;
                opened_at = line;
                at_cell_start = false;
            }
            b',' => at_cell_start = true,
            b'\n' => {
                line += 1;
                at_cell_start = true;
            }
            _ => at_cell_start = false,
        }
    }
    in_quotes.then_some(opened_at)
}

pub(super) fn missing_column(names: &[&str]) -> anyhow::Error {
    match names {
        [] => anyhow!("missing column"),
        [one] => anyhow!("missing column '{one}'"),
        [first, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|n| format!("'{n}'")).collect();
            anyhow!("missing column '{first}' (or {})", rest.join(" or "))
        }
    }
}

impl Row {
    pub fn get(&self, col: &Col) -> &str {
        self.record.get(col.idx).map_or("", str::trim)
    }

    /// An optional column: empty when the file does not have it.
    pub fn opt(&self, col: Option<&Col>) -> &str {
        col.map_or("", |c| self.get(c))
    }
}

/// What a parser hands back besides its records.
#[derive(Default)]
pub(super) struct Sink {
    pub problems: Vec<Problem>,
    pub skipped: usize,
    /// Quantities left out because the channel does not track those variants' stock.
    pub untracked: Option<super::Untracked>,
}

pub(super) fn problem(line: u64, column: &str, value: &str, message: impl Into<String>) -> Problem {
    Problem {
        line,
        column: column.to_string(),
        value: value.to_string(),
        message: message.into(),
    }
}

/// The checks of one row: each failed check adds a problem; the row is good when none did.
pub(super) struct RowCheck<'a> {
    pub row: &'a Row,
    pub problems: Vec<Problem>,
}

impl<'a> RowCheck<'a> {
    pub fn new(row: &'a Row) -> Self {
        RowCheck {
            row,
            problems: Vec::new(),
        }
    }

    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn fail(&mut self, column: &str, value: &str, message: impl Into<String>) {
        self.problems
            .push(problem(self.row.line, column, value, message));
    }

    /// A free-text cell, cleaned; `None` when empty or the column is absent.
    pub fn text(&self, col: Option<&Col>) -> Option<String> {
        let v = clean_text(self.row.opt(col));
        (!v.is_empty()).then_some(v)
    }

    /// Money in major units; empty is `None`.
    pub fn money(&mut self, col: Option<&Col>, decimals: u32) -> Option<i64> {
        let col = col?;
        let raw = self.row.get(col);
        if raw.is_empty() {
            return None;
        }
        match parse_money(raw, decimals) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(&col.name, raw, e.to_string());
                None
            }
        }
    }

    /// A whole number of units, 0 or more; empty is `None`.
    pub fn count(&mut self, col: Option<&Col>) -> Option<i64> {
        let col = col?;
        let raw = self.row.get(col);
        if raw.is_empty() {
            return None;
        }
        self.count_value(&col.name, raw)
    }

    pub fn count_value(&mut self, column: &str, raw: &str) -> Option<i64> {
        match parse_count_qty(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(column, raw, e);
                None
            }
        }
    }

    pub fn positive(&mut self, column: &str, raw: &str) -> Option<i64> {
        match parse_positive_qty(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(column, raw, e);
                None
            }
        }
    }

    /// Barcodes of one cell (several separated by `|` when `several`), each checked.
    /// Returns (as written, stored key) pairs, without repeats.
    pub fn barcodes(&mut self, col: Option<&Col>, several: bool) -> Vec<(String, String)> {
        let Some(col) = col else {
            return Vec::new();
        };
        let cell = self.row.get(col);
        let parts: Vec<&str> = if several {
            cell.split('|').collect()
        } else {
            vec![cell]
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for part in parts {
            let part = part.trim();
            match barcode(part) {
                Ok(None) => {}
                Ok(Some(key)) => {
                    if !out.iter().any(|(_, k)| *k == key) {
                        out.push((part.to_string(), key));
                    }
                }
                Err(message) => self.fail(&col.name, part, message),
            }
        }
        out
    }
}

/// Check one barcode as a spreadsheet may have left it. `Ok(None)` when there is none.
///
/// A leading apostrophe (Excel's "keep this as text" mark) is dropped. Scientific notation
/// and 11-digit codes are refused, never repaired: the digits are already lost, or which
/// digit went missing cannot be known.
pub(super) fn barcode(raw: &str) -> std::result::Result<Option<String>, String> {
    let s = raw.trim();
    let s = s.strip_prefix('\'').unwrap_or(s).trim();
    if s.is_empty() {
        return Ok(None);
    }
    if looks_scientific(s) {
        return Err(format!(
            "'{s}' is in scientific notation: Excel turned this barcode into a number and its \
             digits are lost; format the column as text and export again"
        ));
    }
    if s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "'{s}' has 11 digits: a UPC-A with its leading zero lost? 11 is not a GTIN length; \
             correct the code in the file"
        ));
    }
    match Code::parse(s) {
        Ok(code) => Ok(Some(code.key().to_string())),
        Err(e @ CodeError::BadCheckDigit { .. }) => Err(e.to_string()),
        Err(e) => Err(format!("barcode '{s}': {e}")),
    }
}

/// `3.65275E+11`, `8,90803E+12`, `1e12`: a number a spreadsheet wrote in E notation.
fn looks_scientific(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac) && digits(exponent)
}

/// FxHash (as in rustc): the parsers hash a few keys per row, and SipHash's protection
/// against crafted keys buys nothing for a file the user imports themselves.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with `FxHasher`.
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Catalog-wide checks: a SKU twice in one file (compared without case), and one barcode
/// on two different SKUs. The later line gets the problem.
#[derive(Default)]
pub(super) struct Dupes {
    /// Each SKU as first written, once; the maps below point into it.
    skus_seen: Vec<String>,
    /// Lower-cased SKU -> (its first line, its index in `skus_seen`).
    skus: FastMap<String, (u64, usize)>,
    /// Barcode key -> (its first line, the index of the SKU it named).
    barcodes: FastMap<String, (u64, usize)>,
}

impl Dupes {
    pub fn check(
        &mut self,
        check: &mut RowCheck<'_>,
        sku: &str,
        sku_col: &str,
        barcodes: &[(String, String)],
        barcode_col: &str,
    ) {
        if sku.is_empty() {
            return;
        }
        let line = check.row.line;
        let sku_key = sku.to_lowercase();
        if let Some(&(first, idx)) = self.skus.get(&sku_key) {
            let first_sku = self.skus_seen.get(idx).map_or("", String::as_str);
            let msg = if first_sku == sku {
                format!("SKU '{sku}' is already on line {first}")
            } else {
                format!(
                    "SKU '{sku}' is already on line {first} as '{first_sku}' \
                     (SKUs are compared without case)"
                )
            };
            check.fail(sku_col, sku, msg);
            return; // its barcodes would only repeat the same news
        }
        let this = self.skus_seen.len();
        self.skus_seen.push(sku.to_string());
        self.skus.insert(sku_key, (line, this));
        for (raw, key) in barcodes {
            match self.barcodes.get(key) {
                Some(&(first, other)) if other != this => {
                    let other = self.skus_seen.get(other).map_or("", String::as_str);
                    let msg = format!(
                        "barcode '{raw}' is already on line {first} for SKU '{other}'; \
                         one barcode can name only one item"
                    );
                    check.fail(barcode_col, raw, msg);
                }
                Some(_) => {}
                None => {
                    self.barcodes.insert(key.clone(), (line, this));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_fast_path_agrees() {
        for s in [
            "Tea",
            "Green tea 50 g",
            " Tea",
            "Tea ",
            "Tea  cup",
            "Tea\tcup",
            "caf\u{e9} cr\u{e8}me",
            "a\u{a0}b",
            "a\u{2003}b",
            "a\u{202e}b",
            "a\u{1b}[31mb",
            "a\u{85}b",
            "a\u{7f}b",
            "",
            "'4006381333931",
        ] {
            let slow = sanitize(s).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(clean_text(s), slow, "{s:?}");
        }
    }

    #[test]
    fn barcodes_as_spreadsheets_leave_them() {
        assert_eq!(
            barcode("'8908025278461"),
            Ok(Some("08908025278461".to_string()))
        );
        assert_eq!(barcode("  "), Ok(None));
        assert_eq!(barcode("'"), Ok(None));
        assert_eq!(barcode("ABC-123"), Ok(Some("ABC-123".to_string())));
        assert!(barcode("3.65275E+11").unwrap_err().contains("scientific"));
        assert!(barcode("8,90803E+12").unwrap_err().contains("Excel"));
        assert!(barcode("1e12").is_err());
        assert!(barcode("36527500001").unwrap_err().contains("11 digits"));
        assert!(barcode("4006381333932")
            .unwrap_err()
            .contains("check digit"));
        // A UPC-A and its EAN-13 form are one key.
        assert_eq!(barcode("036000291452"), barcode("0036000291452"));
        // Not scientific: free-form codes with an E in them.
        assert!(!looks_scientific("E12"));
        assert!(!looks_scientific("12E"));
        assert!(!looks_scientific("AB12E5"));
    }

    #[test]
    fn decode_names_the_bad_line() {
        let err = decode(b"sku,name\nA,Caf\xe9\n").unwrap_err().to_string();
        assert_eq!(err, "file is not UTF-8 text (line 2): save it as UTF-8");
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n").unwrap(), "a,b\n");
        assert_eq!(decode(b"").unwrap_err().to_string(), "file is empty");
        assert_eq!(
            decode(b"\xEF\xBB\xBF \n").unwrap_err().to_string(),
            "file is empty"
        );
        assert_eq!(
            decode(b"sku,name\nA\x00,B\n").unwrap_err().to_string(),
            "file contains a NUL byte (line 2): it is not CSV text (UTF-16 without its \
             byte-order mark, or a binary file?); save it as CSV UTF-8"
        );
        assert!(decode(b"\xFF\xFEs\x00")
            .unwrap_err()
            .to_string()
            .contains("UTF-16"));
    }

    #[test]
    fn an_unclosed_quote_is_refused_at_its_line() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\n2,3\n"), Some(2));
        assert_eq!(unclosed_quote("a,b\n1,\"x\n\"\"y,3\n"), Some(2));
        assert_eq!(unclosed_quote("a,b\n1,\"x\ny\",3\n"), None);
        assert_eq!(unclosed_quote("a,b\n1,\"say \"\"hi\"\"\"\n"), None);
        // A quote inside an unquoted cell is literal (12" wide), as the reader takes it.
        assert_eq!(unclosed_quote("a,b\nMug 12\" wide,3\n"), None);
        let err = Table::read("sku,name\nA,\"never closed\nB,C\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("line 2: a quoted cell opened here is never closed"),
            "{err}"
        );
    }

    #[test]
    fn headers_fold_case_and_spaces() {
        assert_eq!(normalize_header(" Option1  Value "), "option1 value");
        let t = Table::read("Variant SKU,Title\nA,B\n").unwrap();
        let c = t.col(&["SKU", "variant sku"]).unwrap();
        assert_eq!(c.name, "Variant SKU");
        assert_eq!(
            t.require(&["Handle", "URL handle"])
                .unwrap_err()
                .to_string(),
            "missing column 'Handle' (or 'URL handle')"
        );
    }

    #[test]
    fn rows_know_their_lines_and_skip_blank_ones() {
        let t = Table::read("a,b\n\n,\n\"x\ny\",1\nshort\n").unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 6]);
        let crlf = Table::read("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n").unwrap();
        let lines: Vec<u64> = crlf.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3, 5]);
        let cr = Table::read("a,b\r1,2\r3,4\r").unwrap();
        let lines: Vec<u64> = cr.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3]);
        let b = t.col(&["b"]).unwrap();
        assert_eq!(t.rows[1].get(&b), "");
        assert_eq!(clean_text("x\ny\u{1b}[2J  z"), "x y z");
    }
}

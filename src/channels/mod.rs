//! Channel files: pure parsers turning CSV bytes (native, Shopify, WooCommerce) into
//! validated records, and the Shopify inventory CSV writer. No SQL, no file system.
//!
//! Every row problem is reported with its line and column, and all of a file's problems
//! are listed, not just the first; a bad row is left out of what was parsed. Only
//! whole-file failures (not UTF-8, empty, unknown header, a required column missing) are
//! errors.

use std::fmt;
use std::str::FromStr;

use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

mod native;
mod shopify;
mod shopify_orders;
mod table;
mod woocommerce;

pub use shopify::{write_shopify_inventory, InventoryExportRow, SHOPIFY_INVENTORY_HEADER};

/// The file layouts `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// stockroom's own catalog CSV: `sku,name,barcode,price,cost,on_hand,...` in any order
    /// (see `native`).
    Native,
    /// Shopify's product CSV (legacy `Handle`/`Variant SKU` or current `URL handle`/`SKU`).
    Shopify,
    /// Shopify's inventory CSV: on-hand per SKU and location.
    ShopifyInventory,
    /// Shopify's orders export: one row per line item.
    ShopifyOrders,
    /// WooCommerce's product CSV.
    WooCommerce,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Native,
        Format::Shopify,
        Format::ShopifyInventory,
        Format::ShopifyOrders,
        Format::WooCommerce,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Shopify => "shopify",
            Format::ShopifyInventory => "shopify-inventory",
            Format::ShopifyOrders => "shopify-orders",
            Format::WooCommerce => "woocommerce",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        match s.as_str() {
            "native" => Ok(Format::Native),
            "shopify" | "shopify-products" => Ok(Format::Shopify),
            "shopify-inventory" => Ok(Format::ShopifyInventory),
            "shopify-orders" => Ok(Format::ShopifyOrders),
            "woocommerce" | "woo" => Ok(Format::WooCommerce),
            _ => Err(format!(
                "unknown format '{s}' (use native, shopify, shopify-inventory, shopify-orders \
                 or woocommerce)"
            )),
        }
    }
}

/// Tell the format from the header row (a UTF-8 BOM is ignored).
pub fn detect_format(bytes: &[u8]) -> Option<Format> {
    table::header_keys(bytes).and_then(|keys| detect_from_keys(&keys))
}

fn detect_from_keys(keys: &[String]) -> Option<Format> {
    let has = |k: &str| keys.iter().any(|x| x == k);
    let any = |ks: &[&str]| ks.iter().any(|k| has(k));
    if has("name") && any(&["lineitem quantity", "lineitem sku"]) {
        return Some(Format::ShopifyOrders);
    }
    if has("sku")
        && has("location")
        && any(&[
            "on hand (new)",
            "on hand (current)",
            "on hand",
            "available (not editable)",
            "available",
        ])
    {
        return Some(Format::ShopifyInventory);
    }
    if any(&["handle", "url handle"]) && has("title") {
        return Some(Format::Shopify);
    }
    if has("sku")
        && has("name")
        && has("type")
        && any(&[
            "regular price",
            "parent",
            "in stock?",
            "attribute 1 name",
            "visibility in catalog",
        ])
    {
        return Some(Format::WooCommerce);
    }
    if has("sku") && has("name") {
        return Some(Format::Native);
    }
    None
}

/// One thing wrong with one cell (or row) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The 1-based physical line the record starts on.
    pub line: u64,
    /// The column as the file names it.
    pub column: String,
    /// The offending value as written (may be empty).
    pub value: String,
    /// Why; it quotes the value where that helps.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )?;
        // The value is always shown: quoted in the message, or else after it.
        if !self.value.is_empty() && !self.message.contains(self.value.as_str()) {
            write!(f, " (value '{}')", self.value)?;
        }
        Ok(())
    }
}

/// An item of the catalog, from any catalog format. Money in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogRow {
    pub line: u64,
    pub sku: String,
    pub name: String,
    /// The product a variant belongs to (Shopify title, WooCommerce parent name).
    pub product: Option<String>,
    /// The variant's option values, e.g. `M / Red`.
    pub variant: Option<String>,
    /// Shopify's handle of the product (Shopify files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The names of the variant's options, e.g. `Size / Color` (Shopify files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_names: Option<String>,
    /// Validated, in stored form (`Code::key`: GTINs as 14 digits).
    pub barcodes: Vec<String>,
    pub price: Option<i64>,
    pub cost: Option<i64>,
    pub on_hand: Option<i64>,
    pub reorder_point: Option<i64>,
    pub reorder_qty: Option<i64>,
    pub supplier: Option<String>,
    pub active: bool,
}

/// Shopify inventory: the on-hand to count `sku` at `location` to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelRow {
    pub line: u64,
    pub sku: String,
    pub location: String,
    pub on_hand: i64,
}

/// One line item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    pub line: u64,
    pub sku: String,
    pub qty: i64,
    /// Unit price, minor units.
    pub price: Option<i64>,
}

/// One order, gathered from its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderRecord {
    /// The line of the order's first row.
    pub line: u64,
    /// The order name, e.g. `#1001`.
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub cancelled: bool,
    pub lines: Vec<OrderLine>,
    /// What to post as returns: every line when the order is `refunded`, else nothing.
    pub refunded_lines: Vec<OrderLine>,
    /// `partially_refunded`: some money went back, but the file does not say for which
    /// line, so nothing is returned to stock.
    pub partially_refunded: bool,
}

/// Variants of a Shopify products file whose quantity was left out: their
/// `Variant Inventory Tracker` is blank, so Shopify does not track their stock and the
/// figure may mean nothing. `Opened::track_untracked` takes them anyway.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Untracked {
    /// The tracker column as the file names it.
    pub column: String,
    /// How many variants had a quantity other than 0 that was left out.
    pub variants: usize,
}

/// The records of a file, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Parsed {
    Catalog(Vec<CatalogRow>),
    Levels(Vec<LevelRow>),
    Orders(Vec<OrderRecord>),
}

impl Parsed {
    /// How many records were parsed (items, levels or orders).
    pub fn len(&self) -> usize {
        match self {
            Parsed::Catalog(v) => v.len(),
            Parsed::Levels(v) => v.len(),
            Parsed::Orders(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What `parse` found: the good records, every problem (sorted by line), and how many
/// rows were skipped on purpose (image-only rows, `not stocked`, variable parents, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseReport {
    pub format: Format,
    pub parsed: Parsed,
    pub problems: Vec<Problem>,
    pub skipped_rows: usize,
    /// Quantities left out of untracked Shopify variants, if any were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untracked: Option<Untracked>,
}

/// Parse a channel file. `format` `None` detects it from the header. `decimals` is the
/// currency's number of decimal places.
pub fn parse(bytes: &[u8], format: Option<Format>, decimals: u32) -> Result<ParseReport> {
    open(bytes, format)?.parse(decimals)
}

/// A channel file with its header read and its format known; its records not read yet.
pub struct Opened<'a> {
    pub format: Format,
    head: table::Head,
    rows: table::Rows<'a>,
    /// Physical lines in the file, for a progress bar (a record's line over this).
    pub lines: u64,
    /// Take the quantities of Shopify variants whose inventory Shopify does not track
    /// (blank `Variant Inventory Tracker`) as their on-hand, as for tracked ones; by
    /// default they are left out and counted in `Untracked`.
    pub track_untracked: bool,
}

/// Decode `bytes` and read the header: every whole-file failure (not UTF-8, empty, an
/// unclosed quote, an unknown header) is found here, before any record is read.
pub fn open(bytes: &[u8], format: Option<Format>) -> Result<Opened<'_>> {
    let text = table::decode(bytes)?;
    let (head, rows) = table::Table::open(text)?;
    let format = match format {
        Some(f) => f,
        None => detect_from_keys(&head.keys).ok_or_else(|| unknown_header(text))?,
    };
    // Old Mac files end their lines with CR alone.
    let count = |end: u8| text.bytes().filter(|&b| b == end).count() as u64;
    let lines = 1 + match count(b'\n') {
        0 => count(b'\r'),
        n => n,
    };
    Ok(Opened {
        format,
        head,
        rows,
        lines,
        track_untracked: false,
    })
}

/// What a parser reports besides its records: every problem (sorted by line) and how many
/// rows it skipped on purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseEnd {
    pub problems: Vec<Problem>,
    pub skipped_rows: usize,
    /// Quantities left out of untracked Shopify variants, if any were.
    pub untracked: Option<Untracked>,
}

impl Opened<'_> {
    /// Whether the file is a catalogue (native, Shopify or WooCommerce products), which
    /// `stream_catalog` reads.
    pub fn is_catalog(&self) -> bool {
        matches!(
            self.format,
            Format::Native | Format::Shopify | Format::WooCommerce
        )
    }

    /// Read every record.
    pub fn parse(self, decimals: u32) -> Result<ParseReport> {
        let format = self.format;
        let mut sink = table::Sink::default();
        let parsed = if self.is_catalog() {
            let mut rows = Vec::new();
            let end = self.stream_catalog(decimals, &mut |row| {
                rows.push(row);
                Ok(())
            })?;
            sink.problems = end.problems;
            sink.skipped = end.skipped_rows;
            sink.untracked = end.untracked;
            Parsed::Catalog(rows)
        } else {
            let table = table::Table::from_parts(self.head, self.rows)?;
            let parsed = match format {
                Format::ShopifyInventory => {
                    Parsed::Levels(shopify::parse_inventory(&table, &mut sink)?)
                }
                _ => Parsed::Orders(shopify_orders::parse(&table, decimals, &mut sink)?),
            };
            // (A catalogue's come sorted from `stream_catalog`.)
            sink.problems.sort_by_key(|p| p.line);
            parsed
        };
        Ok(ParseReport {
            format,
            parsed,
            problems: sink.problems,
            skipped_rows: sink.skipped,
            untracked: sink.untracked,
        })
    }

    /// Read a catalogue, handing each good item to `emit` as soon as it is read (native and
    /// Shopify; WooCommerce's variations can name a parent further down, so its items come
    /// once the file is read). An error from `emit` stops the reading and is returned.
    pub fn stream_catalog(
        mut self,
        decimals: u32,
        emit: &mut dyn FnMut(CatalogRow) -> Result<()>,
    ) -> Result<ParseEnd> {
        let mut sink = table::Sink::default();
        match self.format {
            Format::Native => native::parse(&self.head, &mut self.rows, decimals, &mut sink, emit)?,
            Format::Shopify => shopify::parse_products(
                &self.head,
                &mut self.rows,
                decimals,
                self.track_untracked,
                &mut sink,
                emit,
            )?,
            Format::WooCommerce => {
                let table = table::Table::from_parts(self.head, self.rows)?;
                for row in woocommerce::parse(&table, decimals, &mut sink)? {
                    emit(row)?;
                }
            }
            other => bail!("{} is not a catalogue file", other.name()),
        }
        let mut problems = sink.problems;
        problems.sort_by_key(|p| p.line);
        Ok(ParseEnd {
            problems,
            skipped_rows: sink.skipped,
            untracked: sink.untracked,
        })
    }
}

fn unknown_header(text: &str) -> anyhow::Error {
    let first = text.lines().next().unwrap_or_default();
    let hint = if first.contains(';') && !first.contains(',') {
        " (the header is separated by ';': save the file as comma-separated CSV)"
    } else {
        ""
    };
    anyhow!(
        "cannot tell the format from the header; use --format native, shopify, \
         shopify-inventory, shopify-orders or woocommerce{hint}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("WooCommerce".parse::<Format>(), Ok(Format::WooCommerce));
        assert_eq!(
            "shopify_orders".parse::<Format>(),
            Ok(Format::ShopifyOrders)
        );
        assert!("magento".parse::<Format>().is_err());
    }

    #[test]
    fn detection_from_headers() {
        let d = |h: &str| detect_format(h.as_bytes());
        assert_eq!(d("sku,name,price\n"), Some(Format::Native));
        assert_eq!(d("\u{feff}name,SKU\n"), Some(Format::Native));
        assert_eq!(
            d("Handle,Title,Variant SKU,Variant Price\n"),
            Some(Format::Shopify)
        );
        assert_eq!(d("URL handle,Title,SKU,Price\n"), Some(Format::Shopify));
        assert_eq!(
            d("Handle,Title,Option1 Name,Option1 Value,SKU,Location,On hand\n"),
            Some(Format::ShopifyInventory)
        );
        assert_eq!(
            d("Name,Email,Created at,Lineitem quantity,Lineitem sku\n"),
            Some(Format::ShopifyOrders)
        );
        assert_eq!(
            d("ID,Type,SKU,Name,Regular price\n"),
            Some(Format::WooCommerce)
        );
        assert_eq!(d("code,qty\n"), None);
        assert_eq!(d(""), None);
        assert_eq!(d("sku;name\n"), None);
    }

    #[test]
    fn whole_file_errors() {
        let e = |b: &[u8]| parse(b, None, 2).unwrap_err().to_string();
        assert_eq!(e(b""), "file is empty");
        assert!(e(b"code,qty\nA,1\n").starts_with("cannot tell the format from the header"));
        assert!(e(b"sku;name\nA;B\n").contains("separated by ';'"));
        assert_eq!(
            parse(b"name,price\nA,1\n", Some(Format::Native), 2)
                .unwrap_err()
                .to_string(),
            "missing column 'sku'"
        );
    }

    #[test]
    fn problem_display() {
        let p = Problem {
            line: 7,
            column: "price".into(),
            value: "12.345".into(),
            message: "'12.345' has more than 2 decimal places".into(),
        };
        assert_eq!(
            p.to_string(),
            "line 7, column price: '12.345' has more than 2 decimal places"
        );
        let p = Problem {
            message: "not a price".into(),
            ..p
        };
        assert_eq!(
            p.to_string(),
            "line 7, column price: not a price (value '12.345')"
        );
    }
}

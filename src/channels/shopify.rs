//! Shopify's product CSV and inventory CSV, and the inventory CSV writer.
//!
//! Product CSV: both the legacy headers (`Handle`, `Variant SKU`, `Option1 Value`,
//! `Variant Barcode`, `Variant Price`, `Variant Inventory Qty`, `Published`) and the current
//! ones (`URL handle`, `SKU`, `Option1 value`, `Barcode`, `Price`, `Inventory quantity`,
//! `Published on online store`) are read; columns are found by name, so market columns
//! (`Price / International`), metafield columns (`... (product.metafields...)`,
//! `Google Shopping / ...`) and anything else are ignored, and trimmed exports with a few
//! columns work. One row per variant; a product's first row carries its Title, Vendor and
//! Status, its continuation rows share the handle with a blank Title.

use std::io::Write;

use anyhow::{bail, Result};

use super::table::{clean_text, Col, Dupes, FastMap, Head, Row, RowCheck, Sink, Table};
use super::{CatalogRow, LevelRow, Untracked};
use crate::domain::ledger::parse_signed_qty;

/// What a product's first row says for all its variants.
struct ProductInfo {
    title: String,
    vendor: Option<String>,
    active: bool,
    gift_card: bool,
    /// The product's option names, one per `OptionN Value` column (on its first row).
    option_names: Vec<String>,
}

/// The `OptionN Value` columns the file has, each with its `OptionN Name` column if there
/// is one.
fn option_cols(t: &Head) -> Vec<(Col, Option<Col>)> {
    (1..=3)
        .filter_map(|i| {
            let value = t.col(&[&format!("Option{i} Value")])?;
            Some((value, t.col(&[&format!("Option{i} Name")])))
        })
        .collect()
}

fn is_true(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "1")
}

fn is_false(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "false" | "no" | "0")
}

/// Read `rows` (the records after `t`'s header), handing each good variant to `emit` as
/// soon as it is read. A variant whose `Variant Inventory Tracker` is blank (Shopify does
/// not track its stock) gets no on-hand unless `track_untracked`; those left out with a
/// quantity other than 0 are counted in `sink.untracked`.
pub(super) fn parse_products(
    t: &Head,
    rows: &mut dyn Iterator<Item = Result<Row>>,
    decimals: u32,
    track_untracked: bool,
    sink: &mut Sink,
    emit: &mut dyn FnMut(CatalogRow) -> Result<()>,
) -> Result<()> {
    let handle_col = t.require(&["Handle", "URL handle"])?;
    let title_col = t.require(&["Title"])?;
    let sku_col = t.require(&["Variant SKU", "SKU"])?;
    let barcode = t.col(&["Variant Barcode", "Barcode"]);
    let price = t.col(&["Variant Price", "Price"]);
    let cost = t.col(&["Cost per item", "Variant Cost"]);
    let qty = t.col(&[
        "Variant Inventory Qty",
        "Inventory quantity",
        "Inventory Qty",
    ]);
    let tracker = t.col(&["Variant Inventory Tracker", "Inventory tracker"]);
    let vendor = t.col(&["Vendor"]);
    let status = t.col(&["Status"]);
    let published = t.col(&["Published", "Published on online store"]);
    let gift_card = t.col(&["Gift Card"]);
    let options = option_cols(t);
    let barcode_name = barcode
        .as_ref()
        .map_or("Variant Barcode", |c| c.name.as_str());

    let mut products: FastMap<String, ProductInfo> = FastMap::default();
    let mut dupes = Dupes::default();
    for row in rows {
        let row = row?;
        let row = &row;
        let mut c = RowCheck::new(row);
        let handle = row.get(&handle_col).to_string();
        let sku = c.text(Some(&sku_col)).unwrap_or_default();
        let values: Vec<String> = options
            .iter()
            .map(|(col, _)| clean_text(row.get(col)))
            .collect();
        let has_variant_data = !sku.is_empty()
            || values.iter().any(|v| !v.is_empty())
            || !row.opt(price.as_ref()).is_empty()
            || !row.opt(barcode.as_ref()).is_empty()
            || !row.opt(qty.as_ref()).is_empty();
        if handle.is_empty() {
            if has_variant_data {
                c.fail(
                    &handle_col.name,
                    "",
                    "the row has no handle, so its product is unknown",
                );
                sink.problems.append(&mut c.problems);
            } else {
                sink.skipped += 1;
            }
            continue;
        }

        // The product's first row (or, failing that, the first row with a title) says
        // what the product is; continuation rows only fill what is still blank.
        let title = c.text(Some(&title_col));
        let row_status = row.opt(status.as_ref()).to_ascii_lowercase();
        let row_published = row.opt(published.as_ref());
        let active = if !row_status.is_empty() {
            !matches!(row_status.as_str(), "draft" | "archived")
        } else {
            !is_false(row_published)
        };
        let info = products
            .entry(handle.clone())
            .or_insert_with(|| ProductInfo {
                title: String::new(),
                vendor: None,
                active,
                gift_card: is_true(row.opt(gift_card.as_ref())),
                option_names: Vec::new(),
            });
        if info.title.is_empty() {
            if let Some(title) = title {
                info.title = title;
                info.active = active;
            }
        }
        if info.vendor.is_none() {
            info.vendor = c.text(vendor.as_ref());
        }
        if info.option_names.iter().all(String::is_empty) {
            info.option_names = options
                .iter()
                .map(|(_, name)| clean_text(row.opt(name.as_ref())))
                .collect();
        }

        if !has_variant_data {
            // Image-only rows and rows of product data without a variant.
            sink.skipped += 1;
            continue;
        }
        if info.gift_card && sku.is_empty() {
            sink.skipped += 1; // gift cards are not stock
            continue;
        }

        let shown: Vec<&str> = values
            .iter()
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .collect();
        let default_variant = match shown.as_slice() {
            [] => true,
            [only] => only.eq_ignore_ascii_case("Default Title"),
            _ => false,
        };
        let variant = (!default_variant).then(|| shown.join(" / "));
        // The names of the options the variant has values for, if the file names them all.
        let option_names = variant.as_ref().and_then(|_| {
            let names: Vec<&str> = values
                .iter()
                .zip(&info.option_names)
                .filter(|(value, _)| !value.is_empty())
                .map(|(_, name)| name.as_str())
                .collect();
            (names.len() == shown.len() && names.iter().all(|n| !n.is_empty()))
                .then(|| names.join(" / "))
        });

        if sku.is_empty() {
            let which = match &variant {
                Some(v) => format!("variant '{v}' of '{handle}'"),
                None => format!("the variant of '{handle}'"),
            };
            c.fail(
                &sku_col.name,
                "",
                format!("variant has no SKU ({which}); stockroom needs a SKU for every item"),
            );
        }
        if info.title.is_empty() {
            c.fail(
                &title_col.name,
                "",
                format!("product '{handle}' has no Title (its first row must carry it)"),
            );
        }
        let name = match &variant {
            Some(v) if !info.title.is_empty() => format!("{} - {v}", info.title),
            _ => info.title.clone(),
        };
        let barcodes = c.barcodes(barcode.as_ref(), false);
        // An untracked variant's quantity may mean nothing: it is not counted to unless
        // asked, and the summary says how many were left out.
        let tracked = tracker.as_ref().is_none_or(|col| !row.get(col).is_empty());
        let (on_hand, left_out) = if tracked || track_untracked {
            (c.count(qty.as_ref()), false)
        } else {
            let raw = row.opt(qty.as_ref());
            (None, !raw.is_empty() && parse_signed_qty(raw) != Ok(0))
        };
        let price = c.money(price.as_ref(), decimals);
        let cost = c.money(cost.as_ref(), decimals);
        dupes.check(&mut c, &sku, &sku_col.name, &barcodes, barcode_name);
        let item = CatalogRow {
            line: row.line,
            sku,
            name,
            product: (!info.title.is_empty()).then(|| info.title.clone()),
            variant,
            handle: Some(handle),
            option_names,
            barcodes: barcodes.into_iter().map(|(_, key)| key).collect(),
            price,
            cost,
            on_hand,
            reorder_point: None,
            reorder_qty: None,
            supplier: info.vendor.clone(),
            active: info.active,
        };
        let ok = c.ok();
        sink.problems.append(&mut c.problems);
        if ok {
            if let (true, Some(col)) = (left_out, &tracker) {
                sink.untracked
                    .get_or_insert_with(|| Untracked {
                        column: col.name.clone(),
                        variants: 0,
                    })
                    .variants += 1;
            }
            emit(item)?;
        }
    }
    Ok(())
}

/// Shopify's inventory CSV: one row per variant and location. The new on-hand is
/// `On hand (new)` when given, else `On hand (current)` / `On hand`, else `Available`.
/// `not stocked` rows are skipped.
pub(super) fn parse_inventory(t: &Table, sink: &mut Sink) -> Result<Vec<LevelRow>> {
    let sku_col = t.require(&["SKU", "Variant SKU"])?;
    let handle = t.col(&["Handle"]);
    let location_col = t.col(&["Location"]);
    let qty_cols: Vec<Col> = [
        t.col(&["On hand (new)"]),
        t.col(&["On hand (current)", "On hand"]),
        t.col(&["Available (not editable)", "Available"]),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(first_qty) = qty_cols.first().cloned() else {
        bail!("missing column 'On hand (new)' (or 'On hand' or 'Available')");
    };

    let mut seen: FastMap<(String, String), u64> = FastMap::default();
    let mut out = Vec::new();
    for row in &t.rows {
        let mut c = RowCheck::new(row);
        let chosen = qty_cols
            .iter()
            .find(|col| !row.get(col).is_empty())
            .map(|col| (col.name.as_str(), row.get(col)));
        if chosen.is_some_and(|(_, v)| v.eq_ignore_ascii_case("not stocked")) {
            sink.skipped += 1;
            continue;
        }
        let sku = c.text(Some(&sku_col)).unwrap_or_default();
        let location = c.text(location_col.as_ref()).unwrap_or_default();
        if sku.is_empty() {
            let h = row.opt(handle.as_ref());
            let which = if h.is_empty() {
                String::new()
            } else {
                format!(" ('{h}')")
            };
            c.fail(
                &sku_col.name,
                "",
                format!("the row has no SKU{which}; stockroom matches inventory rows by SKU"),
            );
        }
        let on_hand = match chosen {
            Some((column, raw)) => c.count_value(column, raw),
            None => {
                let names: Vec<String> = qty_cols.iter().map(|q| format!("'{}'", q.name)).collect();
                let which = match names.as_slice() {
                    [one] => format!("{one} is empty"),
                    [init @ .., last] => format!("{} and {last} are all empty", init.join(", ")),
                    [] => String::new(),
                };
                c.fail(&first_qty.name, "", format!("no quantity: {which}"));
                None
            }
        };
        if !sku.is_empty() {
            let key = (sku.to_lowercase(), location.to_lowercase());
            if let Some(first) = seen.get(&key) {
                let at = if location.is_empty() {
                    String::new()
                } else {
                    format!(" at '{location}'")
                };
                c.fail(
                    &sku_col.name,
                    &sku,
                    format!("SKU '{sku}'{at} is already on line {first}"),
                );
            } else {
                seen.insert(key, row.line);
            }
        }
        if let (true, Some(on_hand)) = (c.ok(), on_hand) {
            out.push(LevelRow {
                line: row.line,
                sku,
                location,
                on_hand,
            });
        }
        sink.problems.append(&mut c.problems);
    }
    Ok(out)
}

/// The columns of Shopify's inventory CSV (the 2024 layout), as written by
/// `write_shopify_inventory`.
pub const SHOPIFY_INVENTORY_HEADER: [&str; 19] = [
    "Handle",
    "Title",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "SKU",
    "HS Code",
    "COO",
    "Location",
    "Bin name",
    "Incoming (not editable)",
    "Unavailable (not editable)",
    "Committed (not editable)",
    "Available (not editable)",
    "On hand (current)",
    "On hand (new)",
];

/// One variant at one location, to write in Shopify's inventory layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryExportRow {
    pub handle: String,
    pub title: String,
    /// (option name, option value) pairs; empty writes Shopify's `Title` / `Default Title`.
    /// Shopify has at most three options: a fourth and later are folded into the third
    /// value, joined by ` / `.
    pub options: Vec<(String, String)>,
    pub sku: String,
    pub location: String,
    pub on_hand: i64,
}

/// Write `rows` as Shopify's inventory CSV, with the stock in `On hand (new)`.
///
/// `On hand (current)` and the not-editable columns are left blank: stockroom does not know
/// Shopify's figures, and Shopify compares `On hand (current)` with its own to refuse
/// stale rows.
pub fn write_shopify_inventory<W: Write>(w: W, rows: &[InventoryExportRow]) -> Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(SHOPIFY_INVENTORY_HEADER)?;
    for r in rows {
        let mut opts: Vec<(String, String)> = r.options.iter().take(3).cloned().collect();
        if r.options.len() > 3 {
            let rest: Vec<&str> = r.options.iter().skip(2).map(|(_, v)| v.as_str()).collect();
            if let Some(third) = opts.get_mut(2) {
                third.1 = rest.join(" / ");
            }
        }
        if opts.is_empty() {
            opts.push(("Title".to_string(), "Default Title".to_string()));
        }
        opts.resize(3, (String::new(), String::new()));
        let on_hand = r.on_hand.to_string();
        let mut rec: Vec<&str> = vec![&r.handle, &r.title];
        for (n, v) in &opts {
            rec.push(n);
            rec.push(v);
        }
        rec.extend([
            r.sku.as_str(),
            "",
            "",
            r.location.as_str(),
            "",
            "",
            "",
            "",
            "",
            "",
            on_hand.as_str(),
        ]);
        wr.write_record(&rec)?;
    }
    wr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Format, Parsed};
    use super::*;

    #[test]
    fn export_folds_options_and_defaults_the_title_option() {
        let rows = vec![
            InventoryExportRow {
                handle: "mug".into(),
                title: "Mug".into(),
                options: vec![],
                sku: "MUG".into(),
                location: "Shop".into(),
                on_hand: 3,
            },
            InventoryExportRow {
                handle: "tee".into(),
                title: "Tee, \"soft\"".into(),
                options: vec![
                    ("Size".into(), "M".into()),
                    ("Color".into(), "Red".into()),
                    ("Fit".into(), "Slim".into()),
                    ("Neck".into(), "V".into()),
                ],
                sku: "TEE-M".into(),
                location: "Shop".into(),
                on_hand: 0,
            },
        ];
        let mut out = Vec::new();
        write_shopify_inventory(&mut out, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "mug,Mug,Title,Default Title,,,,,MUG,,,Shop,,,,,,,3"
        );
        assert_eq!(
            lines[2],
            "tee,\"Tee, \"\"soft\"\"\",Size,M,Color,Red,Fit,Slim / V,TEE-M,,,Shop,,,,,,,0"
        );
        let r = parse(text.as_bytes(), None, 2).unwrap();
        assert_eq!(r.format, Format::ShopifyInventory);
        assert!(matches!(r.parsed, Parsed::Levels(ref l) if l.len() == 2));
    }
}

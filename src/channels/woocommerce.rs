//! WooCommerce's product CSV (Products > Export).
//!
//! - `Type` is a comma-separated list (`simple, downloadable, virtual`).
//! - `variable` products are parents, not stocked items: skipped (counted), with or
//!   without a SKU; their `Name` names their variations' product.
//! - `variation` rows become items named `Parent Name - Blue, Large`, with variant
//!   `Blue / Large` (the non-empty `Attribute N value(s)`). `Parent` is the parent's SKU or
//!   `id:123`. A variation whose parent is not in the file keeps its own `Name`.
//! - `grouped` and `external` products, and `virtual` ones (services, downloads), have no
//!   stock: skipped (counted).
//! - Any other type (`simple`, plugin types) is an item. A stocked item without a SKU is a
//!   problem: stockroom matches items by SKU.
//! - Price is `Regular price` (the sale price is a promotion, not the price); `Stock` is
//!   the on-hand when not empty; `Low stock amount` is the reorder point; the barcode is
//!   `GTIN, UPC, EAN, or ISBN` (WooCommerce 9.2+); cost is `Cost of goods` or the Cost of
//!   Goods extension's `Meta: _wc_cog_cost` when present.
//! - `Published`: 1 is active; 0 (private) and -1 (draft) are inactive. A variation is
//!   active only when its parent is too.

use anyhow::Result;

use super::table::{clean_text, Col, Dupes, FastMap, Row, RowCheck, Sink, Table};
use super::CatalogRow;

struct Parent {
    name: String,
    active: bool,
}

fn types(row: &Row, col: &Col) -> Vec<String> {
    row.get(col)
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn published(raw: &str) -> bool {
    !matches!(
        raw.trim().to_ascii_lowercase().as_str(),
        "0" | "-1" | "false" | "no" | "draft" | "private"
    )
}

pub(super) fn parse(t: &Table, decimals: u32, sink: &mut Sink) -> Result<Vec<CatalogRow>> {
    let type_col = t.require(&["Type"])?;
    let sku_col = t.require(&["SKU"])?;
    let name_col = t.require(&["Name"])?;
    let id_col = t.col(&["ID"]);
    let parent_col = t.col(&["Parent"]);
    let published_col = t.col(&["Published"]);
    let price = t.col(&["Regular price"]);
    let stock = t.col(&["Stock"]);
    let low_stock = t.col(&["Low stock amount"]);
    let barcode = t.col(&["GTIN, UPC, EAN, or ISBN", "GTIN", "EAN", "Barcode"]);
    let cost = t.col(&[
        "Cost of goods",
        "Meta: _wc_cog_cost",
        "meta:_wc_cog_cost",
        "Cost",
    ]);
    let attrs: Vec<Col> = (1..=t.keys.len())
        .filter_map(|i| t.col(&[&format!("Attribute {i} value(s)")]))
        .collect();
    let barcode_name = barcode
        .as_ref()
        .map_or("GTIN, UPC, EAN, or ISBN", |c| c.name.as_str());

    // Pass 1: the variable parents, by SKU and by `id:N`.
    let mut parents: FastMap<String, Parent> = FastMap::default();
    for row in &t.rows {
        if !types(row, &type_col).iter().any(|t| t == "variable") {
            continue;
        }
        let parent = || Parent {
            name: clean_text(row.get(&name_col)),
            active: published(row.opt(published_col.as_ref())),
        };
        let sku = row.get(&sku_col);
        if !sku.is_empty() {
            parents.entry(sku.to_lowercase()).or_insert_with(parent);
        }
        let id = row.opt(id_col.as_ref());
        if !id.is_empty() {
            parents
                .entry(format!("id:{}", id.to_lowercase()))
                .or_insert_with(parent);
        }
    }

    // Pass 2: the items.
    let mut dupes = Dupes::default();
    let mut out = Vec::new();
    for row in &t.rows {
        let kinds = types(row, &type_col);
        let is = |k: &str| kinds.iter().any(|t| t == k);
        if is("variable") || is("grouped") || is("external") || is("virtual") {
            sink.skipped += 1;
            continue;
        }
        let mut c = RowCheck::new(row);
        let sku = c.text(Some(&sku_col)).unwrap_or_default();
        let own_name = c.text(Some(&name_col)).unwrap_or_default();
        let mut active = published(row.opt(published_col.as_ref()));
        let (name, product, variant) = if is("variation") {
            let reference = row.opt(parent_col.as_ref()).trim().to_lowercase();
            let reference = reference.replace("id: ", "id:");
            let values: Vec<String> = attrs
                .iter()
                .map(|col| clean_text(row.get(col)))
                .filter(|v| !v.is_empty())
                .collect();
            let variant = (!values.is_empty()).then(|| values.join(" / "));
            match parents.get(&reference) {
                Some(p) => {
                    active &= p.active;
                    let name = if values.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{} - {}", p.name, values.join(", "))
                    };
                    (name, Some(p.name.clone()), variant)
                }
                None => (own_name, None, variant),
            }
        } else {
            (own_name, None, None)
        };
        if sku.is_empty() {
            let what = if name.is_empty() {
                "the product".to_string()
            } else {
                format!("'{name}'")
            };
            c.fail(
                &sku_col.name,
                "",
                format!("{what} has no SKU; stockroom needs a SKU for every stocked item"),
            );
        }
        if name.is_empty() {
            c.fail(&name_col.name, "", "the name is empty");
        }
        let barcodes = c.barcodes(barcode.as_ref(), false);
        let item = CatalogRow {
            line: row.line,
            sku: sku.clone(),
            name,
            product,
            variant,
            handle: None,
            option_names: None,
            barcodes: barcodes.iter().map(|(_, key)| key.clone()).collect(),
            price: c.money(price.as_ref(), decimals),
            cost: c.money(cost.as_ref(), decimals),
            on_hand: c.count(stock.as_ref()),
            reorder_point: c.count(low_stock.as_ref()),
            reorder_qty: None,
            supplier: None,
            active,
        };
        dupes.check(&mut c, &sku, &sku_col.name, &barcodes, barcode_name);
        if c.ok() {
            out.push(item);
        }
        sink.problems.append(&mut c.problems);
    }
    Ok(out)
}

//! stockroom's own catalog CSV (what `export stock` writes): a header with any of
//! `sku,name,barcode,price,cost,on_hand,reorder_point,reorder_qty,supplier` in any order
//! (`sku` and `name` required), plus optional `product` and `variant`. Other columns (the
//! export's `avg_cost`, `stock_value`, anything a user adds) are ignored.

use anyhow::Result;

use super::table::{Dupes, Head, Row, RowCheck, Sink};
use super::CatalogRow;

/// Read `rows` (the records after `t`'s header), handing each good item to `emit` as soon as
/// it is read.
pub(super) fn parse(
    t: &Head,
    rows: &mut dyn Iterator<Item = Result<Row>>,
    decimals: u32,
    sink: &mut Sink,
    emit: &mut dyn FnMut(CatalogRow) -> Result<()>,
) -> Result<()> {
    let sku_col = t.require(&["sku"])?;
    let name_col = t.require(&["name"])?;
    let barcode = t.col(&["barcode", "barcodes"]);
    let price = t.col(&["price"]);
    let cost = t.col(&["cost"]);
    let on_hand = t.col(&["on_hand"]);
    let reorder_point = t.col(&["reorder_point"]);
    let reorder_qty = t.col(&["reorder_qty"]);
    let supplier = t.col(&["supplier"]);
    let product = t.col(&["product"]);
    let variant = t.col(&["variant"]);
    let barcode_name = barcode.as_ref().map_or("barcode", |c| c.name.as_str());

    let mut dupes = Dupes::default();
    for row in rows {
        let row = row?;
        let mut c = RowCheck::new(&row);
        let sku = c.text(Some(&sku_col)).unwrap_or_default();
        if sku.is_empty() {
            c.fail(&sku_col.name, "", "the SKU is empty");
        }
        let name = c.text(Some(&name_col)).unwrap_or_default();
        if name.is_empty() {
            c.fail(&name_col.name, "", "the name is empty");
        }
        let barcodes = c.barcodes(barcode.as_ref(), true);
        let product_text = c.text(product.as_ref());
        let variant_text = c.text(variant.as_ref());
        let price = c.money(price.as_ref(), decimals);
        let cost = c.money(cost.as_ref(), decimals);
        let on_hand = c.count(on_hand.as_ref());
        let reorder_point = c.count(reorder_point.as_ref());
        let reorder_qty = c.count(reorder_qty.as_ref());
        let supplier = c.text(supplier.as_ref());
        dupes.check(&mut c, &sku, &sku_col.name, &barcodes, barcode_name);
        let item = CatalogRow {
            line: row.line,
            sku,
            name,
            product: product_text,
            variant: variant_text,
            handle: None,
            option_names: None,
            barcodes: barcodes.into_iter().map(|(_, key)| key).collect(),
            price,
            cost,
            on_hand,
            reorder_point,
            reorder_qty,
            supplier,
            active: true,
        };
        let ok = c.ok();
        sink.problems.append(&mut c.problems);
        if ok {
            emit(item)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Format, Parsed};

    #[test]
    fn every_problem_of_every_row() {
        let csv = "name,sku,price,on_hand,barcode,extra\n\
                   Tea,T-1,3.50,4,4006381333931|'036000291452,x\n\
                   ,T-2,12.345,-1,,\n\
                   Mug,t-1,1,1,,\n\
                   Cup,C-1,,,0036000291452,\n";
        let r = parse(csv.as_bytes(), Some(Format::Native), 2).unwrap();
        let Parsed::Catalog(rows) = &r.parsed else {
            panic!("catalog expected")
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].barcodes, ["04006381333931", "00036000291452"]);
        assert_eq!(rows[0].price, Some(350));
        let got: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "line 3, column name: the name is empty",
                "line 3, column price: '12.345' has more than 2 decimal places",
                "line 3, column on_hand: a count cannot be negative, got '-1'",
                "line 4, column sku: SKU 't-1' is already on line 2 as 'T-1' (SKUs are compared without case)",
                "line 5, column barcode: barcode '0036000291452' is already on line 2 for SKU 'T-1'; one barcode can name only one item",
            ]
        );
    }
}

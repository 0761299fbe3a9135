//! Large import files made on the fly, for the import benches and the import tests (which
//! include this file by path): a native catalogue, Shopify and WooCommerce product exports,
//! and a month of Shopify orders over a small catalogue.

/// An EAN-13 with a valid check digit from a 12-digit body.
fn ean13(body: u64) -> String {
    let body = format!("{body:012}");
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", stockroom::domain::gtin::check_digit(&digits))
}

/// `rows` native catalogue rows (`SKU-000000`...), one EAN-13 each, opening stock on most.
pub fn native_catalog(rows: usize) -> String {
    let mut out = String::from("sku,name,barcode,price,cost,on_hand,reorder_point,supplier\n");
    for i in 0..rows {
        out.push_str(&format!(
            "SKU-{i:06},\"Item {i}, blue\",{},{}.{:02},1.25,{},5,Supplier {}\n",
            ean13(200_000_000_000 + i as u64),
            1 + i % 90,
            i % 100,
            i % 50,
            i % 20
        ));
    }
    out
}

/// `rows` Shopify product rows: products of 4 sizes, the product's fields on its first row
/// only (continuation rows), a quoted title with commas and quotes, barcodes with Shopify's
/// leading apostrophe.
pub fn shopify_products(rows: usize) -> String {
    let mut out = String::from(
        "Handle,Title,Body (HTML),Vendor,Published,Option1 Name,Option1 Value,Option2 Name,\
         Option2 Value,Variant SKU,Variant Inventory Tracker,Variant Inventory Qty,Variant Price,\
         Variant Barcode,Image Src,Gift Card,Cost per item,Price / International,Status\n",
    );
    for i in 0..rows {
        let p = i / 4;
        let first = i % 4 == 0;
        let size = ["S", "M", "L", "XL"][i % 4];
        let (title, vendor, opt1, opt2, status) = if first {
            (
                format!("\"Product {p}, \"\"classic\"\"\""),
                format!("Vendor {}", p % 20),
                "Size",
                "Color",
                "active",
            )
        } else {
            Default::default()
        };
        out.push_str(&format!(
            "prod-{p},{title},<p>x</p>,{vendor},TRUE,{opt1},{size},{opt2},Red,SKU-{i:06},shopify,{},\
             {}.99,'{},,FALSE,1.25,,{status}\n",
            i % 50,
            1 + i % 90,
            ean13(300_000_000_000 + i as u64),
        ));
    }
    out
}

/// `rows` WooCommerce product rows: variable products (a quoted name with a comma and
/// quotes), each followed by its three size variations, which name it as `Parent` by id and
/// carry the price, stock and an EAN-13.
pub fn woocommerce_products(rows: usize) -> String {
    let mut out = String::from(
        "ID,Type,SKU,Name,Published,Stock,Regular price,Parent,Attribute 1 name,\
         Attribute 1 value(s),\"GTIN, UPC, EAN, or ISBN\"\n",
    );
    let (mut id, mut product) = (1_000u64, 0usize);
    let mut written = 0;
    while written < rows {
        id += 1;
        let parent = id;
        out.push_str(&format!(
            "{parent},variable,woo-{product},\"Tee {product}, \"\"soft\"\"\",1,,,,Size,\"S, M, L\",\n"
        ));
        written += 1;
        for size in ["S", "M", "L"] {
            if written == rows {
                break;
            }
            id += 1;
            out.push_str(&format!(
                "{id},variation,woo-{product}-{size},Tee {product} - {size},1,{},{}.99,id:{parent},Size,{size},{}\n",
                product * 3 % 50,
                10 + product % 40,
                ean13(400_000_000_000 + written as u64),
            ));
            written += 1;
        }
        product += 1;
    }
    out
}

/// A native catalogue of `items` items (`ITEM-0000`...) with stock enough for any orders
/// file below.
pub fn order_items(items: usize) -> String {
    let mut out = String::from("sku,name,price,cost,on_hand\n");
    for i in 0..items {
        out.push_str(&format!("ITEM-{i:04},Item {i},10.00,4.00,1000000\n"));
    }
    out
}

/// `orders` Shopify orders of two lines each over `items` items of `order_items`, one every
/// 30 seconds from 1 October 2026, oldest first; the order's fields on its first row only.
pub fn shopify_orders(orders: usize, items: usize) -> String {
    use chrono::TimeZone;
    let start = chrono::Utc
        .with_ymd_and_hms(2026, 10, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut out = String::from(
        "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,\
         Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,\
         Cancelled at,Refunded Amount\n",
    );
    let items = items.max(1);
    for o in 0..orders {
        let when = (start + chrono::Duration::seconds(30 * o as i64))
            .format("%Y-%m-%d %H:%M:%S +0000")
            .to_string();
        let (a, b) = (o * 7 % items, (o * 13 + 1) % items);
        out.push_str(&format!(
            "#{},a@b.c,paid,{when},fulfilled,,USD,20.00,20.00,{when},1,Item,10.00,ITEM-{a:04},,0.00\n",
            100_000 + o
        ));
        out.push_str(&format!(
            "#{},,,,,,,,,,1,Item,10.00,ITEM-{b:04},,\n",
            100_000 + o
        ));
    }
    out
}

//! The channel parsers against files in each platform's real layout, traps included.

use chrono::{DateTime, TimeZone, Utc};
use stockroom::channels::{
    detect_format, parse, write_shopify_inventory, CatalogRow, Format, InventoryExportRow,
    LevelRow, OrderLine, OrderRecord, ParseReport, Parsed,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/channels/");
const WOO_SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/catalogs/woocommerce_sample_products.csv"
);

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_fixture(name: &str) -> ParseReport {
    let report = parse(&fixture(name), None, 2).unwrap_or_else(|e| panic!("{name}: {e:#}"));
    // What was detected is what the file is: parsing it as such gives the same report.
    let again = parse(&fixture(name), Some(report.format), 2).unwrap();
    assert_eq!(report, again);
    report
}

/// (line, column, value) of every problem, in order.
fn problems(r: &ParseReport) -> Vec<(u64, &str, &str)> {
    r.problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
        .collect()
}

fn catalog(r: &ParseReport) -> &[CatalogRow] {
    match &r.parsed {
        Parsed::Catalog(rows) => rows,
        other => panic!("catalog expected, got {other:?}"),
    }
}

fn levels(r: &ParseReport) -> &[LevelRow] {
    match &r.parsed {
        Parsed::Levels(rows) => rows,
        other => panic!("levels expected, got {other:?}"),
    }
}

fn orders(r: &ParseReport) -> &[OrderRecord] {
    match &r.parsed {
        Parsed::Orders(rows) => rows,
        other => panic!("orders expected, got {other:?}"),
    }
}

fn item(line: u64, sku: &str, name: &str) -> CatalogRow {
    CatalogRow {
        line,
        sku: sku.to_string(),
        name: name.to_string(),
        product: None,
        variant: None,
        handle: None,
        option_names: None,
        barcodes: Vec::new(),
        price: None,
        cost: None,
        on_hand: None,
        reorder_point: None,
        reorder_qty: None,
        supplier: None,
        active: true,
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn level(line: u64, sku: &str, location: &str, on_hand: i64) -> LevelRow {
    LevelRow {
        line,
        sku: sku.to_string(),
        location: location.to_string(),
        on_hand,
    }
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, sec).unwrap()
}

fn order_line(line: u64, sku: &str, qty: i64, price: i64) -> OrderLine {
    OrderLine {
        line,
        sku: sku.to_string(),
        qty,
        price: Some(price),
    }
}

#[test]
fn native_catalog_every_problem_listed() {
    let r = parse_fixture("native_catalog.csv");
    assert_eq!(r.format, Format::Native);
    assert_eq!(
        catalog(&r),
        [
            CatalogRow {
                product: s("Green Tea, loose leaf"),
                variant: s("100 g"),
                barcodes: vec!["08908025278461".into(), "04006381333931".into()],
                price: Some(650),
                cost: Some(210),
                on_hand: Some(40),
                reorder_point: Some(10),
                reorder_qty: Some(24),
                supplier: s("Leafy Ltd"),
                ..item(2, "TEA-GRN", "Green Tea, loose leaf - 100 g")
            },
            CatalogRow {
                price: Some(550),
                cost: Some(200),
                on_hand: Some(0),
                supplier: s("Leafy Ltd"),
                ..item(3, "TEA-BLK", "Black Tea")
            },
            CatalogRow {
                barcodes: vec!["EG-LABEL-01".into()],
                price: Some(400),
                on_hand: Some(12),
                ..item(9, "TEA-EG", "Earl Grey")
            },
        ]
    );
    assert_eq!(
        problems(&r),
        [
            (4, "sku", "tea-grn"),
            (5, "name", ""),
            (5, "price", "12.345"),
            (5, "on_hand", "-3"),
            (6, "barcode", "4006381333931"),
            (7, "barcode", "3.65275E+11"),
            (7, "barcode", "36527500001"),
            (7, "reorder_point", "abc"),
            (8, "sku", ""),
        ]
    );
    let text: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        text[2],
        "line 5, column price: '12.345' has more than 2 decimal places"
    );
    assert!(text[0].contains("already on line 2"), "{}", text[0]);
    assert!(text[4].contains("SKU 'TEA-GRN'"), "{}", text[4]);
    assert!(text[5].contains("Excel"), "{}", text[5]);
    assert!(text[6].contains("11 digits"), "{}", text[6]);
    assert_eq!(r.skipped_rows, 0);
}

#[test]
fn shopify_products_wide_layout() {
    let r = parse_fixture("shopify_products_wide.csv");
    assert_eq!(r.format, Format::Shopify);
    let tee = |line, sku: &str, size: &str| CatalogRow {
        product: s("Classic Tee"),
        variant: Some(format!("{size} / Red")),
        handle: s("classic-tee"),
        option_names: s("Size / Color"),
        price: Some(1999),
        cost: Some(750),
        supplier: s("Acme Apparel"),
        ..item(line, sku, &format!("Classic Tee - {size} / Red"))
    };
    assert_eq!(
        catalog(&r),
        [
            CatalogRow {
                barcodes: vec!["08908025278461".into()],
                on_hand: Some(12),
                ..tee(2, "TEE-S-RED", "S")
            },
            CatalogRow {
                barcodes: vec!["04006381333931".into()],
                on_hand: Some(8),
                ..tee(4, "TEE-M-RED", "M")
            },
            // Quoted title with a comma, quotes and a newline; Default Title is no variant.
            CatalogRow {
                product: s("Mug, \"Large\" Stoneware"),
                handle: s("stoneware-mug"),
                barcodes: vec!["00036000291452".into()],
                price: Some(1250),
                cost: Some(420),
                on_hand: Some(30),
                supplier: s("Hearth & Home"),
                ..item(8, "MUG-L", "Mug, \"Large\" Stoneware")
            },
            // Draft: inactive.
            CatalogRow {
                product: s("Linen Scarf"),
                variant: s("Sand"),
                handle: s("linen-scarf"),
                option_names: s("Color"),
                barcodes: vec!["05012345678900".into()],
                price: Some(3500),
                on_hand: Some(5),
                supplier: s("Acme Apparel"),
                active: false,
                ..item(12, "SCARF-SAND", "Linen Scarf - Sand")
            },
            // Archived and not tracked: inactive, and its quantity means nothing.
            CatalogRow {
                product: s("Canvas Tote"),
                handle: s("canvas-tote"),
                price: Some(1500),
                supplier: s("Acme Apparel"),
                active: false,
                ..item(14, "TOTE-1", "Canvas Tote")
            },
            // Continuation row: title and vendor from the handle's first row.
            CatalogRow {
                product: s("Wool Socks"),
                variant: s("L"),
                handle: s("wool-socks"),
                option_names: s("Size"),
                price: Some(900),
                on_hand: Some(7),
                supplier: s("Knit & Purl"),
                ..item(17, "SOCKS-L", "Wool Socks - L")
            },
        ]
    );
    assert_eq!(
        problems(&r),
        [
            (5, "Variant Barcode", "3.65275E+11"),
            (13, "Variant Barcode", "36527500001"),
            (15, "Variant Barcode", "4006381333932"),
            (16, "Variant SKU", ""),
            (18, "Variant SKU", "socks-l"),
            (19, "Variant Inventory Qty", "-2"),
            (19, "Variant Price", "12.345"),
        ]
    );
    let msg = |i: usize| r.problems[i].message.as_str();
    assert!(msg(0).contains("scientific notation") && msg(0).contains("Excel"));
    assert!(msg(1).contains("a UPC-A with its leading zero lost?"));
    assert!(msg(2).contains("bad check digit"));
    assert!(msg(3).starts_with("variant has no SKU"), "{}", msg(3));
    assert!(msg(3).contains("'M' of 'wool-socks'"), "{}", msg(3));
    assert!(msg(4).contains("already on line 17"), "{}", msg(4));
    // Two image-only rows and the two gift-card variants.
    assert_eq!(r.skipped_rows, 4);
}

#[test]
fn shopify_products_trimmed_current_headers() {
    let r = parse_fixture("shopify_products_trimmed.csv");
    assert_eq!(r.format, Format::Shopify);
    let bowl = |line, sku: &str, size: &str| CatalogRow {
        product: s("Ceramic Bowl"),
        variant: Some(format!("{size} / Blue")),
        handle: s("ceramic-bowl"),
        option_names: s("Size / Glaze"),
        supplier: s("Clayworks"),
        ..item(line, sku, &format!("Ceramic Bowl - {size} / Blue"))
    };
    assert_eq!(
        catalog(&r),
        [
            CatalogRow {
                barcodes: vec!["05901234123457".into()],
                price: Some(1400),
                cost: Some(500),
                on_hand: Some(6),
                ..bowl(2, "BOWL-S-BLU", "Small")
            },
            CatalogRow {
                price: Some(1800),
                cost: Some(650),
                on_hand: Some(3),
                ..bowl(3, "BOWL-L-BLU", "Large")
            },
            CatalogRow {
                product: s("Tea Towel"),
                handle: s("tea-towel"),
                price: Some(800),
                active: false,
                ..item(5, "TOWEL-1", "Tea Towel")
            },
        ]
    );
    assert_eq!(problems(&r), [(6, "Barcode", "73500538502")]);
    assert_eq!(r.skipped_rows, 1);
}

#[test]
fn shopify_inventory_2024_layout() {
    let r = parse_fixture("shopify_inventory.csv");
    assert_eq!(r.format, Format::ShopifyInventory);
    assert_eq!(
        levels(&r),
        [
            level(2, "TEE-S-RED", "Main Street", 15),
            // On hand (new) empty: the current on-hand stands.
            level(3, "TEE-S-RED", "Warehouse", 4),
        ]
    );
    assert_eq!(
        problems(&r),
        [
            (6, "On hand (new)", "-3"),
            (7, "SKU", ""),
            (8, "On hand (new)", "seven"),
            (9, "On hand (new)", ""),
            (10, "SKU", "TEE-S-RED"),
        ]
    );
    assert!(r.problems[0].message.contains("cannot be negative"));
    assert!(r.problems[1].message.contains("'wool-socks'"));
    assert!(r.problems[2].message.contains("not a whole number"));
    assert!(r.problems[4]
        .message
        .contains("'Main Street' is already on line 2"));
    // The two "not stocked" rows.
    assert_eq!(r.skipped_rows, 2);
}

#[test]
fn shopify_inventory_2023_layout() {
    let r = parse_fixture("shopify_inventory_2023.csv");
    assert_eq!(r.format, Format::ShopifyInventory);
    assert_eq!(
        levels(&r),
        [
            level(2, "MUG-L", "Main Street", 30),
            // On hand empty: Available.
            level(4, "TEE-S-RED", "Main Street", 9),
        ]
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.skipped_rows, 1);
}

#[test]
fn shopify_inventory_only_available_export() {
    let csv = "Handle,Title,Option1 Name,Option1 Value,SKU,Location,Available\n\
               mug,Mug,Title,Default Title,MUG-L,Main Street,7\n\
               mug,Mug,Title,Default Title,MUG-L,Annex,Not Stocked\n";
    let r = parse(csv.as_bytes(), None, 2).unwrap();
    assert_eq!(r.format, Format::ShopifyInventory);
    assert_eq!(levels(&r), [level(2, "MUG-L", "Main Street", 7)]);
    assert_eq!(r.skipped_rows, 1);
    let err = parse(
        b"SKU,Location,Incoming\nA,B,1\n",
        Some(Format::ShopifyInventory),
        2,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("missing column 'On hand (new)'"), "{err}");
}

#[test]
fn shopify_orders_grouped_cancelled_refunded() {
    let r = parse_fixture("shopify_orders.csv");
    assert_eq!(r.format, Format::ShopifyOrders);
    let base = |line, name: &str, at, lines: Vec<OrderLine>| OrderRecord {
        line,
        name: name.to_string(),
        created_at: at,
        cancelled: false,
        lines,
        refunded_lines: Vec::new(),
        partially_refunded: false,
    };
    let refunded = vec![order_line(4, "SCARF-SAND", 1, 3500)];
    assert_eq!(
        orders(&r),
        [
            OrderRecord {
                partially_refunded: true,
                ..base(
                    2,
                    "#1005",
                    utc(2024, 3, 9, 18, 0, 0),
                    vec![order_line(2, "TEE-M-RED", 2, 1999)]
                )
            },
            OrderRecord {
                cancelled: true,
                ..base(
                    3,
                    "#1004",
                    utc(2024, 3, 8, 14, 30, 0),
                    vec![order_line(3, "MUG-L", 1, 1250)]
                )
            },
            OrderRecord {
                refunded_lines: refunded.clone(),
                ..base(4, "#1003", utc(2024, 3, 7, 15, 45, 10), refunded)
            },
            // `2024-03-05 14:12:01 -0500` is 19:12:01 UTC; two lines, order fields on the first.
            base(
                5,
                "#1002",
                utc(2024, 3, 5, 19, 12, 1),
                vec![
                    order_line(5, "TEE-S-RED", 2, 1999),
                    order_line(6, "MUG-L", 1, 1250)
                ]
            ),
        ]
    );
    assert_eq!(
        problems(&r),
        [(7, "Lineitem sku", ""), (8, "Lineitem quantity", "0")]
    );
    assert!(r.problems[0]
        .message
        .starts_with("order #1001, line item 'Gift wrap': no SKU"));
    assert!(r.problems[1]
        .message
        .starts_with("order #1001, line item 'Wool Socks - L': quantity must be above zero"));
    assert_eq!(r.skipped_rows, 0);
}

#[test]
fn shopify_orders_tolerate_scattered_rows() {
    let csv = "Name,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n\
               #2001,paid,2024-05-01 10:00:00 +0200,1,Tea,6.50,TEA-GRN\n\
               #2002,refunded,2024-05-02 10:00:00 +0000,3,Mug,12.50,MUG-L\n\
               #2001,,,2,Black tea,5.50,TEA-BLK\n\
               ,,,1,Cup,4,CUP-1\n\
               #2003,paid,5/3/2024 10:00,1,Tea,6.50,TEA-GRN\n\
               #2004,paid,,1,Tea,6.50,TEA-GRN\n\
               #2005,paid,2024-05-05T09:00:00Z,1.5,Tea,abc,TEA-GRN\n";
    let r = parse(csv.as_bytes(), None, 2).unwrap();
    let o = orders(&r);
    assert_eq!(o.len(), 2);
    assert_eq!(o[0].name, "#2001");
    assert_eq!(o[0].created_at, utc(2024, 5, 1, 8, 0, 0));
    // A blank Name continues the order above it: #2001, by then on line 4.
    assert_eq!(
        o[0].lines,
        [
            order_line(2, "TEA-GRN", 1, 650),
            order_line(4, "TEA-BLK", 2, 550),
            order_line(5, "CUP-1", 1, 400)
        ]
    );
    assert_eq!(o[1].name, "#2002");
    assert_eq!(o[1].lines, [order_line(3, "MUG-L", 3, 1250)]);
    assert_eq!(o[1].refunded_lines, o[1].lines);
    assert_eq!(
        problems(&r),
        [
            (6, "Created at", "5/3/2024 10:00"),
            (7, "Created at", ""),
            (8, "Lineitem quantity", "1.5"),
            (8, "Lineitem price", "abc"),
        ]
    );
}

#[test]
fn woocommerce_sample_file() {
    let bytes = std::fs::read(WOO_SAMPLE).expect("the WooCommerce sample");
    assert_eq!(detect_format(&bytes), Some(Format::WooCommerce));
    let r = parse(&bytes, None, 2).unwrap();
    assert_eq!(r.format, Format::WooCommerce);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let rows = catalog(&r);
    // 12 physical simple products and 7 variations; 2 variable parents, 2 virtual
    // downloads, 1 grouped and 1 external product skipped.
    assert_eq!(rows.len(), 19);
    assert_eq!(r.skipped_rows, 6);
    let variations: Vec<&CatalogRow> = rows.iter().filter(|r| r.product.is_some()).collect();
    assert_eq!(variations.len(), 7);
    assert!(rows.iter().all(|r| r.active && r.on_hand.is_none()));
    let by_sku = |sku: &str| rows.iter().find(|r| r.sku == sku).unwrap();
    assert_eq!(
        by_sku("woo-vneck-tee-red"),
        &CatalogRow {
            product: s("V-Neck T-Shirt"),
            variant: s("Red"),
            price: Some(2000),
            ..item(16, "woo-vneck-tee-red", "V-Neck T-Shirt - Red")
        }
    );
    let blue_logo = by_sku("woo-hoodie-blue-logo");
    assert_eq!(blue_logo.name, "Hoodie - Blue, Yes");
    assert_eq!(blue_logo.variant.as_deref(), Some("Blue / Yes"));
    assert_eq!(blue_logo.product.as_deref(), Some("Hoodie"));
    // Regular price, not the sale price.
    assert_eq!(by_sku("woo-beanie").price, Some(2000));
    assert_eq!(by_sku("woo-beanie").variant, None);
    assert!(rows.iter().all(|r| ![
        "woo-vneck-tee",
        "woo-hoodie",
        "woo-album",
        "logo-collection",
        "wp-pennant"
    ]
    .contains(&r.sku.as_str())));
}

#[test]
fn woocommerce_traps() {
    let r = parse_fixture("woocommerce_traps.csv");
    assert_eq!(r.format, Format::WooCommerce);
    assert_eq!(
        catalog(&r),
        [
            // Parent by `id:101`, a parent without SKU.
            CatalogRow {
                product: s("Linen Shirt"),
                variant: s("S / White"),
                barcodes: vec!["05901234123457".into()],
                price: Some(4500),
                on_hand: Some(4),
                reorder_point: Some(2),
                ..item(3, "SHIRT-S-WHT", "Linen Shirt - S, White")
            },
            // Published -1: a draft.
            CatalogRow {
                price: Some(250),
                on_hand: Some(50),
                reorder_point: Some(10),
                active: false,
                ..item(8, "PEN-BLK", "Gel Pen, \"Black\"")
            },
            // Parent not in the file: its own name stands.
            CatalogRow {
                variant: s("L / White"),
                price: Some(4500),
                on_hand: Some(3),
                ..item(10, "SHIRT-L-WHT", "Linen Shirt - L, White")
            },
        ]
    );
    assert_eq!(
        problems(&r),
        [
            (4, "Stock", "-1"),
            (5, "SKU", ""),
            (7, "GTIN, UPC, EAN, or ISBN", "4006381333932"),
        ]
    );
    assert!(r.problems[1].message.contains("'Tote Bag' has no SKU"));
    // The variable parent and the virtual service.
    assert_eq!(r.skipped_rows, 2);
}

#[test]
fn each_format_detected_from_its_header() {
    for (file, format) in [
        ("native_catalog.csv", Format::Native),
        ("shopify_products_wide.csv", Format::Shopify),
        ("shopify_products_trimmed.csv", Format::Shopify),
        ("shopify_inventory.csv", Format::ShopifyInventory),
        ("shopify_inventory_2023.csv", Format::ShopifyInventory),
        ("shopify_orders.csv", Format::ShopifyOrders),
        ("woocommerce_traps.csv", Format::WooCommerce),
        ("native_latin1.csv", Format::Native),
    ] {
        assert_eq!(detect_format(&fixture(file)), Some(format), "{file}");
    }
    assert_eq!(detect_format(b"date,amount\n2024-01-01,3\n"), None);
}

#[test]
fn latin1_file_is_refused_with_its_line() {
    let err = parse(&fixture("native_latin1.csv"), None, 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "file is not UTF-8 text (line 3): save it as UTF-8"
    );
}

#[test]
fn whole_file_errors() {
    let err = |bytes: &[u8], f: Option<Format>| parse(bytes, f, 2).unwrap_err().to_string();
    assert_eq!(err(b"", None), "file is empty");
    assert_eq!(err(b"\xEF\xBB\xBF\n\n", None), "file is empty");
    assert!(err(b"date,amount\n", None)
        .starts_with("cannot tell the format from the header; use --format"));
    assert_eq!(
        err(b"name,price\n", Some(Format::Native)),
        "missing column 'sku'"
    );
    assert_eq!(
        err(b"sku,price\n", Some(Format::Native)),
        "missing column 'name'"
    );
    assert_eq!(
        err(b"Handle,Title\n", Some(Format::Shopify)),
        "missing column 'Variant SKU' (or 'SKU')"
    );
    assert_eq!(
        err(
            b"Name,Created at,Lineitem quantity\n",
            Some(Format::ShopifyOrders)
        ),
        "missing column 'Lineitem sku'"
    );
    assert_eq!(
        err(b"ID,SKU,Name\n", Some(Format::WooCommerce)),
        "missing column 'Type'"
    );
    // A header alone is a file with nothing in it, not an error.
    let r = parse(b"sku,name\n", None, 2).unwrap();
    assert!(r.parsed.is_empty() && r.problems.is_empty());
}

#[test]
fn shopify_inventory_export_round_trips() {
    let rows = vec![
        InventoryExportRow {
            handle: "classic-tee".into(),
            title: "Classic Tee".into(),
            options: vec![("Size".into(), "S".into()), ("Color".into(), "Red".into())],
            sku: "TEE-S-RED".into(),
            location: "Main Street".into(),
            on_hand: 15,
        },
        InventoryExportRow {
            handle: "stoneware-mug".into(),
            title: "Mug, \"Large\"\nStoneware".into(),
            options: vec![],
            sku: "MUG-L".into(),
            location: "Main Street".into(),
            on_hand: 0,
        },
        InventoryExportRow {
            handle: "classic-tee".into(),
            title: "Classic Tee".into(),
            options: vec![("Size".into(), "S".into()), ("Color".into(), "Red".into())],
            sku: "TEE-S-RED".into(),
            location: "Warehouse, back".into(),
            on_hand: 4,
        },
    ];
    let mut out = Vec::new();
    write_shopify_inventory(&mut out, &rows).unwrap();
    assert!(out.starts_with(b"Handle,Title,Option1 Name,Option1 Value,"));
    let r = parse(&out, None, 2).unwrap();
    assert_eq!(r.format, Format::ShopifyInventory);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let got: Vec<(&str, &str, i64)> = levels(&r)
        .iter()
        .map(|l| (l.sku.as_str(), l.location.as_str(), l.on_hand))
        .collect();
    let want: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|r| (r.sku.as_str(), r.location.as_str(), r.on_hand))
        .collect();
    assert_eq!(got, want);
    // The title's newline made row 2 two lines long.
    let lines: Vec<u64> = levels(&r).iter().map(|l| l.line).collect();
    assert_eq!(lines, [2, 3, 5]);
}

/// No input makes a parser panic: every prefix of every fixture, and bytes flipped in them,
/// under every format.
#[test]
fn never_panics() {
    let mut files: Vec<Vec<u8>> = [
        "native_catalog.csv",
        "shopify_products_wide.csv",
        "shopify_products_trimmed.csv",
        "shopify_inventory.csv",
        "shopify_inventory_2023.csv",
        "shopify_orders.csv",
        "woocommerce_traps.csv",
        "native_latin1.csv",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    files.push(std::fs::read(WOO_SAMPLE).unwrap());
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let formats = [
        None,
        Some(Format::Native),
        Some(Format::Shopify),
        Some(Format::ShopifyInventory),
        Some(Format::ShopifyOrders),
        Some(Format::WooCommerce),
    ];
    for file in &files {
        let step = (file.len() / 40).max(1);
        for cut in (0..=file.len()).step_by(step) {
            for f in formats {
                let _ = parse(&file[..cut], f, 2);
            }
            let _ = detect_format(&file[..cut]);
        }
        for _ in 0..60 {
            let mut bytes = file.clone();
            for _ in 0..4 {
                let i = (next() as usize) % bytes.len().max(1);
                if let Some(b) = bytes.get_mut(i) {
                    let pool = b",\"\n\r'|-0E;\xff";
                    *b = pool[(next() as usize) % pool.len()];
                }
            }
            for f in formats {
                let _ = parse(&bytes, f, (next() % 4) as u32);
            }
        }
    }
}

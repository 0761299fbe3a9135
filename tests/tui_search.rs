//! Issue 15, point 3, in the TUI: the stock list's search by words, and Enter after a
//! search that one item matches opens that item.

use stockroom::app::{Key, Screen};
use stockroom::store::ItemFields;

mod common;

use common::tui::{enter, key, scan, type_text, StoreFile as Shop};

const TEE_EAN: &str = "4006381333931";

/// Three tees and a candle; the red medium tee has a barcode and a supplier.
fn shop() -> Shop {
    let shop = Shop::empty();
    let mut store = shop.store();
    for (sku, name, variant, barcodes, supplier) in [
        (
            "TEE-RED-M",
            "Classic tee",
            "M / Red",
            vec![TEE_EAN],
            Some("Harbour Textiles"),
        ),
        ("TEE-RED-L", "Classic tee", "L / Red", vec![], None),
        (
            "TEE-NAVY-M",
            "Classic tee",
            "M / Navy",
            vec![],
            Some("Harbour Textiles"),
        ),
        ("CANDLE-SEA", "Candle", "Sea breeze", vec![], None),
    ] {
        store
            .add_item(&ItemFields {
                sku: Some(sku.into()),
                name: Some(name.into()),
                variant: Some(variant.into()),
                barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
                supplier: supplier.map(str::to_string),
                ..Default::default()
            })
            .expect("add item");
    }
    shop
}

fn listed(app: &stockroom::app::App) -> Vec<String> {
    app.stock().rows.iter().map(|r| r.sku.clone()).collect()
}

#[test]
fn words_typed_in_any_order_narrow_the_list() {
    let shop = shop();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    type_text(&mut app, "tee red");
    assert_eq!(listed(&app), ["TEE-RED-L", "TEE-RED-M"]);
    key(&mut app, Key::Esc);
    type_text(&mut app, "red classic m");
    assert_eq!(listed(&app), ["TEE-RED-M"]);
    key(&mut app, Key::Esc);
    type_text(&mut app, "candle sea");
    assert_eq!(listed(&app), ["CANDLE-SEA"]);
    key(&mut app, Key::Esc);
    type_text(&mut app, "textiles m");
    assert_eq!(
        listed(&app),
        ["TEE-NAVY-M", "TEE-RED-M"],
        "the supplier is searched"
    );
}

#[test]
fn enter_after_a_search_with_one_match_opens_it() {
    let shop = shop();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    type_text(&mut app, "candle sea");
    assert_eq!(app.stock().total, 1);
    enter(&mut app);
    assert_eq!(app.screen(), Screen::ItemDetail);
    assert_eq!(app.detail().expect("detail").item.sku, "CANDLE-SEA");
    // Back on the list, the search is still there.
    key(&mut app, Key::Esc);
    assert_eq!(app.screen(), Screen::Stock);
    assert_eq!(app.stock().search.text(), "candle sea");
    // The same with a search of one word.
    key(&mut app, Key::Esc);
    type_text(&mut app, "navy");
    enter(&mut app);
    assert_eq!(app.detail().expect("detail").item.sku, "TEE-NAVY-M");
}

#[test]
fn enter_after_a_search_with_several_matches_asks_for_a_row() {
    let shop = shop();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    type_text(&mut app, "tee red");
    enter(&mut app);
    assert_eq!(app.screen(), Screen::Stock, "two match: nothing opens");
    assert_eq!(listed(&app), ["TEE-RED-L", "TEE-RED-M"]);
    assert!(
        app.status().text.contains("2 match"),
        "{}",
        app.status().text
    );
    // The second Enter opens the highlighted row.
    key(&mut app, Key::Down);
    enter(&mut app);
    assert_eq!(app.detail().expect("detail").item.sku, "TEE-RED-M");
}

#[test]
fn a_scan_of_an_exact_code_still_jumps_to_the_item() {
    let shop = shop();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    scan(&mut app, TEE_EAN);
    assert_eq!(
        app.screen(),
        Screen::Stock,
        "a scan jumps, it does not open"
    );
    assert_eq!(app.stock().selected_row().expect("row").sku, "TEE-RED-M");
    assert_eq!(app.stock().search.text(), "", "ready for the next scan");
    scan(&mut app, "CANDLE-SEA");
    assert_eq!(app.screen(), Screen::Stock);
    assert_eq!(app.stock().selected_row().expect("row").sku, "CANDLE-SEA");
    // Enter again opens the item the scan jumped to.
    enter(&mut app);
    assert_eq!(app.detail().expect("detail").item.sku, "CANDLE-SEA");
}

//! Issue 15, "the everyday gaps", in the TUI: what staff see in a week at the counter.

use stockroom::app::{App, Key, Modal};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, PostLine, PostRequest};

mod common;

use common::tui::{app_on, enter, key, render, type_text, StoreFile as Shop};

/// TEA-1 with 10 on hand.
fn shop() -> Shop {
    let shop = Shop::empty();
    let mut store = shop.store();
    let item = store
        .add_item(&ItemFields {
            sku: Some("TEA-1".into()),
            name: Some("Green tea".into()),
            price: Some(450),
            cost: Some(210),
            ..Default::default()
        })
        .expect("add item");
    store
        .post(&PostRequest::new(
            DocKind::Receipt,
            vec![PostLine {
                item_id: item.id,
                qty: 10,
                unit_cost: None,
                unit_price: None,
            }],
        ))
        .expect("receive");
    shop
}

fn scan(app: &mut App, code: &str) {
    app.begin_batch();
    type_text(app, code);
    enter(app);
    app.end_batch();
}

/// Point 8: one unit is "1 unit", in the post question and the draft picker.
#[test]
fn one_unit_is_one_unit_not_one_units() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(4));
    scan(&mut app, "TEA-1");
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::ConfirmPost(_))));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 line, 1 unit, total"), "{screen}");
    assert!(!screen.contains("1 units"), "{screen}");
    key(&mut app, Key::Esc);
    // A second document: the picker lists the first as "1 unit".
    key(&mut app, Key::Ctrl('n'));
    scan(&mut app, "2*TEA-1");
    key(&mut app, Key::Ctrl('o'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 line · 1 unit ·"), "{screen}");
    assert!(screen.contains("1 line · 2 units ·"), "{screen}");
    assert!(!screen.contains("1 units"), "{screen}");
}

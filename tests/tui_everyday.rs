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

fn sold(shop: &Shop) -> Vec<(String, i64)> {
    let store = shop.store();
    let item = store.find_item("TEA-1").unwrap().expect("item");
    store
        .history(item.id)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == "sale" || h.kind == "void")
        .map(|h| (h.kind, h.qty))
        .collect()
}

fn on_hand(shop: &Shop) -> i64 {
    let store = shop.store();
    let item = store.find_item("TEA-1").unwrap().expect("item");
    store.on_hand(item.id).unwrap()
}

/// Point 1: a sale posted by mistake is voided from item detail's ledger: the lowest row
/// shown is the selected one; Ctrl-X asks a reason; the same rules as `void` hold.
#[test]
fn a_sale_is_voided_from_the_item_ledger() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(4));
    scan(&mut app, "3*TEA-1");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert_eq!(on_hand(&shop), 7);
    // The stock list, the item, its ledger: the sale is the newest row.
    key(&mut app, Key::F(2));
    scan(&mut app, "TEA-1");
    key(&mut app, Key::Enter);
    assert!(app.detail().is_some(), "{:?}", app.status());
    key(&mut app, Key::Ctrl('x'));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the void form, got {:?}", app.status());
    };
    assert!(form.title.starts_with("Void S-"), "{}", form.title);
    // No reason: refused, nothing voided.
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    assert_eq!(on_hand(&shop), 7);
    type_text(&mut app, "rang up twice");
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert!(
        app.status().text.starts_with("Voided S-"),
        "{:?}",
        app.status()
    );
    assert!(
        app.status().text.contains("TEA-1 now 10"),
        "{:?}",
        app.status()
    );
    assert_eq!(on_hand(&shop), 10);
    assert_eq!(
        sold(&shop),
        [("sale".to_string(), -3), ("void".to_string(), 3)]
    );
    // The void is now the newest row: voiding a void is refused, with the reason shown.
    key(&mut app, Key::Ctrl('x'));
    type_text(&mut app, "again");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.status());
    };
    assert!(form.error.is_some(), "{:?}", app.status());
    assert_eq!(on_hand(&shop), 10);
    key(&mut app, Key::Esc);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Ctrl-X void"), "{screen}");
}

/// Point 1: the posted-document screen offers the void of what was just posted.
#[test]
fn what_was_just_posted_is_voided_from_the_sales_screen() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(4));
    scan(&mut app, "2*TEA-1");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert_eq!(on_hand(&shop), 8);
    key(&mut app, Key::Ctrl('x'));
    type_text(&mut app, "wrong till");
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.starts_with("Voided S-"),
        "{:?}",
        app.status()
    );
    assert_eq!(on_hand(&shop), 10);
    assert!(app.sales().last_posted.is_none());
    // Help lists both ways.
    key(&mut app, Key::F(1));
    let help: Vec<String> = stockroom::app::screens::help_sections()
        .into_iter()
        .flat_map(|(_, keys)| keys.into_iter().map(|(k, w)| format!("{k} {w}")))
        .collect();
    assert!(help
        .iter()
        .any(|l| l.contains("Ctrl-X") && l.contains("void the selected")));
    assert!(help.iter().any(|l| l.contains("Ctrl-X after posting")));
}

/// Point 2 in the TUI: a scan of an inactive item is refused naming it, and does not offer
/// to create it again.
#[test]
fn a_scan_of_an_inactive_item_is_refused_without_a_quick_create() {
    let shop = shop();
    let mut store = shop.store();
    let tea = store.find_item("TEA-1").unwrap().expect("item");
    store
        .edit_item(
            tea.id,
            &ItemFields {
                active: Some(false),
                ..Default::default()
            },
        )
        .expect("inactive");
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "TEA-1");
    assert!(app.modal().is_none(), "no quick-create: {:?}", app.modal());
    assert!(app.status().text.contains("inactive"), "{:?}", app.status());
    assert!(app.receiving().doc.lines.is_empty());
}

fn history_of(shop: &Shop, code: &str) -> Vec<stockroom::store::HistoryRow> {
    let store = shop.store();
    let item = store.find_item(code).unwrap().expect("item");
    store.history(item.id).unwrap()
}

/// Point 6: posting a receipt asks its delivery note; history shows it on the movement.
#[test]
fn a_receipt_posted_with_a_delivery_note_shows_it_in_history() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "4*TEA-1");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the post form, got {:?}", app.modal());
    };
    assert_eq!(form.fields[form.focus].label, "Delivery note");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Post this receipt"), "{screen}");
    assert!(screen.contains("Delivery note"), "{screen}");
    // Esc keeps the document, and what was typed.
    type_text(&mut app, "DN-4471");
    key(&mut app, Key::Esc);
    assert!(app.modal().is_none());
    assert_eq!(app.receiving().doc.lines.len(), 1);
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the post form again, got {:?}", app.modal());
    };
    assert_eq!(form.value("Delivery note"), "DN-4471");
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.starts_with("Posted R-"),
        "{:?}",
        app.status()
    );
    assert_eq!(on_hand(&shop), 14);
    let last = history_of(&shop, "TEA-1").pop().expect("a row");
    assert_eq!(last.kind, "receipt");
    assert_eq!(last.reference.as_deref(), Some("DN-4471"));
    // The next receipt starts without it; Enter alone posts without a note.
    scan(&mut app, "TEA-1");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the post form, got {:?}", app.modal());
    };
    assert_eq!(form.value("Delivery note"), "");
    key(&mut app, Key::Enter);
    assert_eq!(on_hand(&shop), 15);
    let last = history_of(&shop, "TEA-1").pop().expect("a row");
    assert_eq!(last.reference, None);
}

/// Point 6: a return asks a reason (required) and, optionally, the sale it comes from,
/// which must be a sale of the returned items; both are recorded.
#[test]
fn a_return_asks_a_reason_and_records_it_with_the_sale() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(4));
    scan(&mut app, "2*TEA-1");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    let sale = history_of(&shop, "TEA-1").pop().expect("the sale").doc;
    assert!(sale.starts_with("S-"), "{sale}");
    // A return of one of them.
    key(&mut app, Key::F(6));
    assert!(app.sales().is_return());
    scan(&mut app, "TEA-1");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the return form, got {:?}", app.modal());
    };
    assert_eq!(form.fields[form.focus].label, "Reason");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("RETURN"), "{screen}");
    assert!(screen.contains("From sale"), "{screen}");
    // No reason: refused, nothing posted.
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.status());
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("Reason"),
        "{:?}",
        form.error
    );
    assert_eq!(on_hand(&shop), 8);
    // A reason, and a document that is not a sale: refused.
    key(&mut app, Key::Home);
    type_text(&mut app, "wrong size");
    key(&mut app, Key::Enter);
    type_text(&mut app, "R-1");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.status());
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("not a sale"),
        "{:?}",
        form.error
    );
    // A sale that does not exist: refused.
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "S-999");
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    assert_eq!(on_hand(&shop), 8);
    // The real sale: posted, with the reason and the sale on the movement.
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, &sale.to_lowercase());
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.starts_with("Posted RT-"),
        "{:?}",
        app.status()
    );
    assert_eq!(on_hand(&shop), 9);
    let last = history_of(&shop, "TEA-1").pop().expect("a row");
    assert_eq!(last.kind, "return");
    assert_eq!(last.reason.as_deref(), Some("wrong size"));
    assert_eq!(last.reference.as_deref(), Some(sale.as_str()));
}

/// Point 6: quick-create asks supplier and reorder point, so a new item shows in alerts
/// when at or below its point. A supplier no supplier has is asked about first; the next
/// quick-create offers the same supplier.
#[test]
fn quick_create_with_supplier_and_reorder_point_shows_in_alerts() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "2*OOLONG-7");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the quick-create form, got {:?}", app.status());
    };
    assert_eq!(form.value("Supplier"), "");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Supplier"), "{screen}");
    assert!(screen.contains("Reorder point"), "{screen}");
    type_text(&mut app, "Oolong");
    for (field, value) in [
        ("Price", "6.00"),
        ("Cost", "2.50"),
        ("Supplier", "Leaf Ltd"),
    ] {
        key(&mut app, Key::Enter);
        let Some(Modal::Form(form)) = app.modal() else {
            panic!("the form, got {:?}", app.status());
        };
        assert_eq!(form.fields[form.focus].label, field);
        type_text(&mut app, value);
    }
    key(&mut app, Key::Enter);
    type_text(&mut app, "5");
    key(&mut app, Key::Enter);
    // Not a supplier yet: asked, nothing created.
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("asked about the supplier, got {:?}", app.status());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("No supplier 'Leaf Ltd'"),
        "{:?}",
        form.error
    );
    assert!(shop.store().find_item("OOLONG-7").unwrap().is_none());
    // Saving again adds it.
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    let item = shop
        .store()
        .find_item("OOLONG-7")
        .unwrap()
        .expect("created");
    assert_eq!(item.supplier.as_deref(), Some("Leaf Ltd"));
    assert_eq!(item.reorder_point, Some(5));
    // Received: 2 on hand, at or below 5: an alert.
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.starts_with("Posted R-"),
        "{:?}",
        app.status()
    );
    key(&mut app, Key::F(5));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("OOLONG-7"), "{screen}");
    assert!(!screen.contains("TEA-1"), "no point, no alert: {screen}");
    // The next new item offers the same supplier.
    key(&mut app, Key::F(3));
    scan(&mut app, "SENCHA-2");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the quick-create form, got {:?}", app.status());
    };
    assert_eq!(form.value("Supplier"), "Leaf Ltd");
}

/// Point 7 in the TUI: the stock list's import (F6) says which Shopify quantities it left
/// out, in its dry run, before anything is imported.
#[test]
fn the_tui_import_says_which_shopify_quantities_it_left_out() {
    let shop = shop();
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(2));
    key(&mut app, Key::F(6));
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/channels/shopify_products_untracked.csv"
    );
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, file);
    // Past the format field (empty: detected) to the dry run.
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    let Some(Modal::ConfirmImport { summary, .. }) = app.modal() else {
        panic!(
            "the dry run's question, got {:?} / {:?}",
            app.modal(),
            app.status()
        );
    };
    assert!(
        summary.contains("quantities of 3 variants left out: Shopify does not track them"),
        "{summary}"
    );
}

/// A sent purchase order for 6 TEA-1 (a second item, MUG-1, is on no order). Returns the
/// order's id.
fn tea_on_order(shop: &Shop) -> i64 {
    use stockroom::store::{NewOrder, NewOrderLine, OrderState};
    let mut store = shop.store();
    let tea = store.find_item("TEA-1").unwrap().expect("tea");
    store
        .add_item(&ItemFields {
            sku: Some("MUG-1".into()),
            name: Some("Mug".into()),
            price: Some(900),
            cost: Some(300),
            ..Default::default()
        })
        .expect("add mug");
    let id = store
        .create_orders(&[NewOrder {
            supplier_id: None,
            lines: vec![NewOrderLine {
                item_id: tea.id,
                qty: 6,
                unit_cost: Some(210),
            }],
        }])
        .expect("order")[0];
    store.set_order_state(id, OrderState::Sent).expect("sent");
    id
}

fn tea_on_order_now(shop: &Shop) -> i64 {
    let store = shop.store();
    let tea = store.find_item("TEA-1").unwrap().expect("tea");
    store.on_order(tea.id).expect("on order")
}

/// Point 5: a plain receipt of goods on an open order says so; `o` posts it against the
/// order, which ticks the units off.
#[test]
fn a_plain_receipt_of_goods_on_an_order_is_offered_the_order() {
    let shop = shop();
    let id = tea_on_order(&shop);
    assert_eq!(tea_on_order_now(&shop), 6);
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "4*TEA-1");
    scan(&mut app, "MUG-1");
    key(&mut app, Key::Enter);
    let Some(Modal::ConfirmOnOrder {
        order_id, question, ..
    }) = app.modal()
    else {
        panic!("expected the order's question, got {:?}", app.modal());
    };
    assert_eq!(*order_id, id);
    assert!(
        question.contains(&format!("TEA-1 ×4 (6 open) is on purchase order {id}")),
        "{question}"
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains(&format!("o: against order {id}")),
        "{screen}"
    );
    assert!(screen.contains("Enter: plain"), "{screen}");
    assert!(screen.contains("against the order"), "footer: {screen}");

    // A scan arriving while it is asked answers nothing: it goes on the receipt.
    scan(&mut app, "TEA-1");
    assert!(app.modal().is_none(), "{:?}", app.modal());
    assert_eq!(app.receiving().doc.order_id, None);
    assert_eq!(app.receiving().doc.lines[0].qty, 5);

    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::ConfirmOnOrder { .. })));
    key(&mut app, Key::Char('o'));
    assert_eq!(app.receiving().doc.order_id, Some(id));
    // Then the post form (delivery note) as for any receipt: Enter posts.
    assert!(
        render(&app, 80, 24).contains(&format!("Post this receipt against purchase order {id}?")),
        "{:?}",
        app.modal()
    );
    assert!(
        matches!(app.modal(), Some(Modal::Form(_))),
        "{:?}",
        app.modal()
    );
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.contains("1 unit on 1 line still open"),
        "{:?}",
        app.status()
    );
    let order = shop.store().order(id).expect("read").expect("order");
    assert_eq!(order.lines[0].received, 5);
    assert_eq!(tea_on_order_now(&shop), 1);
    assert_eq!(on_hand(&shop), 15);
}

/// Point 5: Enter posts the receipt plain, and the order stays as it was.
#[test]
fn a_plain_receipt_answered_plain_leaves_the_order_as_it_was() {
    let shop = shop();
    let id = tea_on_order(&shop);
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "2*TEA-1");
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::ConfirmOnOrder { .. })));
    key(&mut app, Key::Enter);
    assert!(
        matches!(app.modal(), Some(Modal::Form(_))),
        "{:?}",
        app.modal()
    );
    assert_eq!(app.receiving().doc.order_id, None);
    key(&mut app, Key::Enter);
    assert!(app.status().text.contains("Posted"), "{:?}", app.status());
    let order = shop.store().order(id).expect("read").expect("order");
    assert_eq!(order.lines[0].received, 0);
    assert_eq!(tea_on_order_now(&shop), 6);
    assert_eq!(on_hand(&shop), 12);
}

/// Point 5: an item on no order posts as before, with no question about orders.
#[test]
fn a_receipt_of_goods_on_no_order_is_not_asked_about_orders() {
    let shop = shop();
    tea_on_order(&shop);
    let mut app = app_on(shop.store());
    key(&mut app, Key::F(3));
    scan(&mut app, "MUG-1");
    key(&mut app, Key::Enter);
    assert!(
        matches!(app.modal(), Some(Modal::Form(_))),
        "{:?}",
        app.modal()
    );
    key(&mut app, Key::Enter);
    assert!(app.status().text.contains("Posted"), "{:?}", app.status());
    assert_eq!(tea_on_order_now(&shop), 6);
}

/// Point 2 in the TUI: TEA-1's item detail with its edit form open (F6).
fn edit_form_of_tea(app: &mut App) {
    key(app, Key::F(2));
    scan(app, "TEA-1");
    key(app, Key::Enter);
    assert!(app.detail().is_some(), "{:?}", app.status());
    key(app, Key::F(6));
    assert!(
        matches!(app.modal(), Some(Modal::Form(f)) if f.title == "Edit TEA-1"),
        "{:?}",
        app.modal()
    );
}

/// Move the edit form's focus to `label` and clear it.
fn clear_field(app: &mut App, label: &str) {
    key(app, Key::Home);
    for _ in 0..20 {
        let Some(Modal::Form(form)) = app.modal() else {
            panic!("the form, got {:?}", app.status());
        };
        if form.fields[form.focus].label == label {
            key(app, Key::Ctrl('u'));
            return;
        }
        key(app, Key::Down);
    }
    panic!("no field {label}");
}

/// Point 2 in the TUI: the edit form lists the item's barcodes; saving with one left out
/// removes it (the store no longer finds the item by it), and a new one is added.
#[test]
fn a_barcode_left_out_of_the_edit_form_is_removed() {
    let shop = shop();
    {
        let mut store = shop.store();
        let tea = store.find_item("TEA-1").unwrap().expect("item");
        store
            .edit_item(
                tea.id,
                &ItemFields {
                    barcodes: vec!["4006381333931".into(), "96385074".into()],
                    ..Default::default()
                },
            )
            .expect("barcodes");
    }
    let mut app = app_on(shop.store());
    edit_form_of_tea(&mut app);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the edit form");
    };
    assert_eq!(form.value("Barcodes"), "4006381333931 | 96385074");
    assert_eq!(form.value("Active (y/n)"), "y");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("4006381333931 | 96385074"), "{screen}");
    assert!(screen.contains("a barcode left out is removed"), "{screen}");
    assert!(screen.contains("Active (y/n)"), "{screen}");
    // Saved as shown: nothing removed.
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(
        shop.store()
            .find_item("4006381333931")
            .unwrap()
            .map(|i| i.sku),
        Some("TEA-1".to_string())
    );
    // One left out, one new.
    key(&mut app, Key::F(6));
    clear_field(&mut app, "Barcodes");
    type_text(&mut app, "96385074 | 5901234123457");
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert!(
        app.status().text.contains("barcode 4006381333931 removed"),
        "{:?}",
        app.status()
    );
    let store = shop.store();
    assert!(store.find_item("4006381333931").unwrap().is_none());
    for code in ["96385074", "5901234123457"] {
        assert_eq!(
            store.find_item(code).unwrap().map(|i| i.sku),
            Some("TEA-1".to_string()),
            "{code}"
        );
    }
    let screen = render(&app, 80, 24);
    let barcodes = screen.lines().find(|l| l.starts_with("Barcodes"));
    assert_eq!(
        barcodes.map(|l| l.contains("96385074, 5901234123457") && !l.contains("4006381333931")),
        Some(true),
        "{screen}"
    );
    // A code that is not one refuses the whole save, naming it.
    key(&mut app, Key::F(6));
    clear_field(&mut app, "Barcodes");
    type_text(&mut app, "96385074 | 4006381333932");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.status());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("4006381333932"),
        "{:?}",
        form.error
    );
    assert!(shop.store().find_item("5901234123457").unwrap().is_some());
}

/// Point 2 in the TUI: Active n in the edit form makes the item inactive (item detail
/// says so, the stock list leaves it out, its history is kept); a scan of it on the stock
/// list still opens it, and Active y makes it active again.
#[test]
fn an_item_is_made_inactive_and_active_again_from_the_edit_form() {
    let shop = shop();
    shop.store()
        .add_item(&ItemFields {
            sku: Some("MUG-9".into()),
            name: Some("Mug".into()),
            ..Default::default()
        })
        .expect("mug");
    let listed = |app: &mut App| -> Vec<String> {
        key(app, Key::F(2));
        render(app, 80, 24);
        app.stock().rows.iter().map(|r| r.sku.clone()).collect()
    };
    let mut app = app_on(shop.store());
    assert!(listed(&mut app).contains(&"TEA-1".to_string()));
    edit_form_of_tea(&mut app);
    clear_field(&mut app, "Active (y/n)");
    type_text(&mut app, "maybe");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.status());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("answer y or n"),
        "{:?}",
        form.error
    );
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "n");
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert!(app.status().text.contains("inactive"), "{:?}", app.status());
    let tea = shop.store().find_item("TEA-1").unwrap().expect("kept");
    assert!(!tea.active);
    assert_eq!(on_hand(&shop), 10, "history kept");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("no (hidden from lists)"), "{screen}");
    assert_eq!(listed(&mut app), ["MUG-9".to_string()]);
    // A scan of it on the stock list opens it alone; Active y makes it active again.
    edit_form_of_tea(&mut app);
    assert!(
        app.status().text.contains("TEA-1 is inactive"),
        "{:?}",
        app.status()
    );
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the edit form");
    };
    assert_eq!(form.value("Active (y/n)"), "n");
    clear_field(&mut app, "Active (y/n)");
    type_text(&mut app, "y");
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert!(
        app.status().text.contains("active again"),
        "{:?}",
        app.status()
    );
    assert!(
        shop.store()
            .find_item("TEA-1")
            .unwrap()
            .expect("item")
            .active
    );
    let screen = render(&app, 80, 24);
    assert!(!screen.contains("hidden from lists"), "{screen}");
    assert!(listed(&mut app).contains(&"TEA-1".to_string()));
}

/// Point 2 in the TUI: a supplier name no supplier has is asked about in the item forms
/// (edit, F6, and new item, F9): the first save names it and changes nothing; a known
/// name saves at once; saving again adds the new one.
#[test]
fn the_item_forms_ask_before_adding_a_supplier() {
    let shop = shop();
    shop.store()
        .upsert_supplier("Leaf Ltd", None, None)
        .expect("supplier");
    let mut app = app_on(shop.store());
    edit_form_of_tea(&mut app);
    clear_field(&mut app, "Supplier");
    type_text(&mut app, "Leaf Ldt");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("asked about the supplier, got {:?}", app.status());
    };
    assert_eq!(
        form.error.as_deref(),
        Some("No supplier 'Leaf Ldt' yet: correct the name, or save again to add it")
    );
    let store = shop.store();
    assert!(store.supplier_by_name("Leaf Ldt").unwrap().is_none());
    assert_eq!(
        store.find_item("TEA-1").unwrap().expect("item").supplier,
        None
    );
    // Corrected to a known name: saved at once.
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "leaf ltd");
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(
        shop.store()
            .find_item("TEA-1")
            .unwrap()
            .expect("item")
            .supplier
            .as_deref(),
        Some("Leaf Ltd")
    );
    // A new name, saved twice: added.
    key(&mut app, Key::F(6));
    clear_field(&mut app, "Supplier");
    type_text(&mut app, "Bean Co");
    key(&mut app, Key::F(10));
    assert!(
        matches!(app.modal(), Some(Modal::Form(_))),
        "{:?}",
        app.status()
    );
    assert!(shop.store().supplier_by_name("Bean Co").unwrap().is_none());
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(
        shop.store()
            .find_item("TEA-1")
            .unwrap()
            .expect("item")
            .supplier
            .as_deref(),
        Some("Bean Co")
    );
    // The new-item form (F9) asks the same way.
    key(&mut app, Key::F(9));
    type_text(&mut app, "CUP-2");
    key(&mut app, Key::Enter);
    type_text(&mut app, "Cup");
    clear_field(&mut app, "Supplier");
    type_text(&mut app, "Cup Makers");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("asked about the supplier, got {:?}", app.status());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("No supplier 'Cup Makers' yet"),
        "{:?}",
        form.error
    );
    assert!(shop.store().find_item("CUP-2").unwrap().is_none());
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    let cup = shop.store().find_item("CUP-2").unwrap().expect("added");
    assert_eq!(cup.supplier.as_deref(), Some("Cup Makers"));
    assert!(cup.active);
}

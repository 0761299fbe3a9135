//! Purchase orders by hand in the TUI (issue 15 point 4), driven through `App` on a temp
//! store: Ctrl-N starts an order for a supplier, the open order's scan line adds scans and
//! offers a search's matches, Enter on a line changes its quantity and cost, Del asks before
//! removing it, "partly received" after a partial delivery, and F8 asks where to write the
//! CSV and says the full path. Scanner bursts never land in its forms and questions.

use stockroom::app::{App, FormKind, Key, Modal, OrdersFocus, Screen, StatusKind};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, OrderState, PostLine, PostRequest};

mod common;

use common::tui::{assert_screen, enter, key, type_text, StoreFile as Shop};

impl Shop {
    /// Suppliers Leafline and Bolt. TEA-1 "Green tea" (Leafline, cost 2.10, barcode
    /// 4006381333931), TEA-2 "Black tea" (Leafline, cost 1.80), MUG-1 "Mug" (no supplier,
    /// cost 3.00), NUT-1 "Hex nut" (Bolt). 10 TEA-1 on hand.
    fn new() -> Shop {
        let shop = Shop::empty();
        let mut store = shop.store();
        for s in ["Leafline", "Bolt"] {
            store.upsert_supplier(s, None, None).expect("supplier");
        }
        let item =
            |sku: &str, name: &str, cost: i64, supplier: Option<&str>, bc: &[&str]| ItemFields {
                sku: Some(sku.into()),
                name: Some(name.into()),
                cost: Some(cost),
                price: Some(cost * 2),
                supplier: supplier.map(Into::into),
                barcodes: bc.iter().map(|b| b.to_string()).collect(),
                ..ItemFields::default()
            };
        let tea = store
            .add_item(&item(
                "TEA-1",
                "Green tea",
                210,
                Some("Leafline"),
                &["4006381333931"],
            ))
            .expect("tea");
        for f in [
            item("TEA-2", "Black tea", 180, Some("Leafline"), &[]),
            item("MUG-1", "Mug", 300, None, &[]),
            item("NUT-1", "Hex nut", 5, Some("Bolt"), &[]),
        ] {
            store.add_item(&f).expect("item");
        }
        store
            .post(&PostRequest::new(
                DocKind::Receipt,
                vec![PostLine {
                    item_id: tea.id,
                    qty: 10,
                    unit_cost: None,
                    unit_price: None,
                }],
            ))
            .expect("receipt");
        shop
    }
}

/// A scanner's burst: its characters and Enter in one batch.
fn burst(app: &mut App, code: &str) {
    app.begin_batch();
    type_text(app, code);
    enter(app);
    app.end_batch();
}

/// Typed by a person: one key a batch.
fn typed(app: &mut App, text: &str) {
    type_text(app, text);
}

/// Alt-6, Ctrl-N, supplier `supplier`: a new order, selected. Returns its id.
fn new_order(app: &mut App, supplier: &str) -> i64 {
    key(app, Key::Alt('6'));
    assert_eq!(app.screen(), Screen::Orders);
    key(app, Key::Ctrl('n'));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("Ctrl-N asks the supplier, got {:?}", app.modal());
    };
    assert_eq!(form.kind, FormKind::NewOrder);
    typed(app, supplier);
    key(app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    let order = app.orders().current().expect("the new order").clone();
    assert_eq!(order.state, OrderState::Draft);
    assert!(order.lines.is_empty());
    order.id
}

fn lines(app: &App) -> Vec<(String, i64, Option<i64>)> {
    app.orders()
        .current()
        .expect("order")
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.qty, l.unit_cost))
        .collect()
}

/// The app on the shop, as user `clerk` (the status line shows who).
fn app(shop: &Shop) -> App {
    let mut app = shop.app();
    app.store_mut().set_user("clerk");
    app
}

fn render(app: &App) -> String {
    common::tui::render(app, 80, 24)
}

#[test]
fn ctrl_n_asks_the_supplier_and_an_unknown_one_is_said() {
    let shop = Shop::new();
    let mut app = app(&shop);
    key(&mut app, Key::Alt('6'));
    assert!(render(&app).contains("Ctrl-N starts one by hand"));
    key(&mut app, Key::Ctrl('n'));
    let text = render(&app);
    assert!(text.contains("Suppliers: Bolt, Leafline"), "{text}");
    // A scan into the question: never a supplier's name; with no open order shown it is
    // refused, not kept.
    burst(&mut app, "4006381333931");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays, got {:?}", app.modal());
    };
    assert_eq!(form.fields[0].value, "");
    assert!(
        app.status().text.contains("not taken"),
        "{:?}",
        app.status()
    );
    // An unknown supplier: said, the form stays, nothing made.
    typed(&mut app, "Leaflnie");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays, got {:?}", app.modal());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("No supplier 'Leaflnie'"),
        "{:?}",
        form.error
    );
    assert_eq!(app.status().kind, StatusKind::Error);
    assert!(shop.store().orders().expect("orders").is_empty());
    // The start of a name is enough; the note is kept.
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "leaf");
    key(&mut app, Key::Tab);
    typed(&mut app, "rush, by Friday");
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    let order = app.orders().current().expect("order").clone();
    assert_eq!(order.supplier.as_deref(), Some("Leafline"));
    assert_eq!(order.note.as_deref(), Some("rush, by Friday"));
    assert!(app.status().text.contains("scan or type what to order"));
    let stored = shop.store().orders().expect("orders");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, order.id);
}

#[test]
fn scans_add_lines_and_another_suppliers_item_is_refused() {
    let shop = Shop::new();
    let mut app = app(&shop);
    let id = new_order(&mut app, "Leafline");
    burst(&mut app, "TEA-1");
    burst(&mut app, "3*4006381333931");
    assert_eq!(lines(&app), [("TEA-1".to_string(), 4, Some(210))]);
    assert!(
        app.status().text.contains("now 4 on the line"),
        "{:?}",
        app.status()
    );
    // No supplier: goes on any order.
    burst(&mut app, "2*MUG-1");
    // Another supplier's: refused, nothing changed.
    let e = burst_effects(&mut app, "NUT-1");
    assert!(e, "the bell rings");
    assert_eq!(app.status().kind, StatusKind::Error);
    assert!(
        app.status().text.contains("NUT-1 comes from Bolt"),
        "{:?}",
        app.status()
    );
    // An inactive item is refused, saying so.
    let nut = shop.store().resolve("NUT-1").expect("nut");
    shop.store()
        .edit_item(
            nut.id,
            &ItemFields {
                active: Some(false),
                ..ItemFields::default()
            },
        )
        .expect("inactive");
    burst(&mut app, "NUT-1");
    assert!(
        app.status().text.contains("is inactive"),
        "{:?}",
        app.status()
    );
    // An unknown barcode is refused, not searched.
    burst(&mut app, "5012345678900");
    assert!(
        app.status().text.contains("unknown item"),
        "{:?}",
        app.status()
    );
    assert!(app.modal().is_none());
    let stored = shop.store().order(id).expect("read").expect("order");
    let skus: Vec<(&str, i64)> = stored
        .lines
        .iter()
        .map(|l| (l.sku.as_str(), l.qty))
        .collect();
    assert_eq!(skus, [("MUG-1", 2), ("TEA-1", 4)]);
    // No letter or digit is a command here: a scan typed while on the lines goes to the
    // scan line and is added.
    key(&mut app, Key::Tab);
    assert_eq!(app.orders().focus, OrdersFocus::Lines);
    burst(&mut app, "TEA-2");
    assert_eq!(app.orders().focus, OrdersFocus::Orders);
    assert_eq!(lines(&app).len(), 3, "{:?}", app.status());
    // Esc clears a half-typed line and does not leave the screen.
    typed(&mut app, "TE");
    key(&mut app, Key::Esc);
    assert_eq!(app.screen(), Screen::Orders);
    assert!(app.orders().scan.is_empty());
}

/// A burst that reports whether it rang the bell.
fn burst_effects(app: &mut App, code: &str) -> bool {
    app.begin_batch();
    type_text(app, code);
    let e = enter(app);
    app.end_batch();
    e.bell
}

#[test]
fn words_search_the_items_and_the_chosen_one_is_added() {
    let shop = Shop::new();
    let mut app = app(&shop);
    new_order(&mut app, "Leafline");
    typed(&mut app, "tea");
    key(&mut app, Key::Enter);
    let Some(Modal::PickItem(p)) = app.modal() else {
        panic!("a search offers its matches, got {:?}", app.modal());
    };
    let skus: Vec<&str> = p.items.iter().map(|i| i.1.as_str()).collect();
    assert_eq!(skus, ["TEA-1", "TEA-2"]);
    assert_screen!("pick_item", &render(&app));
    key(&mut app, Key::Down);
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none());
    assert_eq!(lines(&app), [("TEA-2".to_string(), 1, Some(180))]);
    // Words in any order; N* works with words too.
    typed(&mut app, "2*tea green");
    key(&mut app, Key::Enter);
    let Some(Modal::PickItem(p)) = app.modal() else {
        panic!("got {:?}", app.modal());
    };
    assert_eq!(p.items.len(), 1);
    // A scanner's burst does not answer the picker: it waits, and goes on the order after.
    burst(&mut app, "MUG-1");
    assert!(matches!(app.modal(), Some(Modal::PickItem(_))));
    assert!(
        app.status()
            .text
            .contains("held for the purchase order (1 waiting)"),
        "{:?}",
        app.status()
    );
    key(&mut app, Key::Enter);
    assert_eq!(
        lines(&app),
        [
            ("MUG-1".to_string(), 1, Some(300)),
            ("TEA-1".to_string(), 2, Some(210)),
            ("TEA-2".to_string(), 1, Some(180))
        ]
    );
    // Nothing matches: said; Esc on the picker adds nothing.
    typed(&mut app, "zzz");
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none());
    assert!(app.status().text.contains("Nothing matches 'zzz'"));
    typed(&mut app, "tea");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Esc);
    assert!(app.modal().is_none());
    assert_eq!(lines(&app).len(), 3);
}

#[test]
fn a_lines_cost_and_quantity_change_and_del_asks_before_removing() {
    let shop = Shop::new();
    let mut app = app(&shop);
    let id = new_order(&mut app, "Leafline");
    burst(&mut app, "5*TEA-1");
    burst(&mut app, "TEA-2");
    key(&mut app, Key::Tab);
    assert_eq!(app.orders().line, 0);
    // Enter: quantity, then unit cost.
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("Enter edits the line, got {:?}", app.modal());
    };
    assert_eq!(form.fields[0].value, "5");
    assert_eq!(form.fields[1].value, "2.10");
    // A scan while the form is open never lands in a field: it waits for the form.
    burst(&mut app, "4006381333931");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays, got {:?}", app.modal());
    };
    assert_eq!(form.fields[0].value, "5");
    assert!(app.status().text.contains("held"), "{:?}", app.status());
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "7");
    key(&mut app, Key::Tab);
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "1.95");
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    // 7 as saved, then the held scan's one more, at the line's new cost.
    assert_eq!(lines(&app)[0], ("TEA-1".to_string(), 8, Some(195)));
    assert!(app.status().text.contains("+1 TEA-1"), "{:?}", app.status());
    // A bad cost is refused in the form, nothing changed.
    key(&mut app, Key::Enter);
    key(&mut app, Key::Tab);
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "1.9x");
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    assert_eq!(app.status().kind, StatusKind::Error);
    key(&mut app, Key::Esc);
    assert_eq!(lines(&app)[0], ("TEA-1".to_string(), 8, Some(195)));

    // Del asks; Esc keeps the line, Enter removes it.
    key(&mut app, Key::Down);
    key(&mut app, Key::Delete);
    let Some(Modal::ConfirmRemoveLine { question, .. }) = app.modal() else {
        panic!("Del asks first, got {:?}", app.modal());
    };
    assert!(
        question.contains("Remove TEA-2 Black tea (1 unit)"),
        "{question}"
    );
    // A scanner's burst does not answer it; it goes on the order once it is answered.
    burst(&mut app, "MUG-1");
    assert!(matches!(app.modal(), Some(Modal::ConfirmRemoveLine { .. })));
    key(&mut app, Key::Esc);
    assert_eq!(lines(&app).len(), 3);
    assert_eq!(lines(&app)[0], ("MUG-1".to_string(), 1, Some(300)));
    assert_eq!(app.orders().focus, OrdersFocus::Lines);
    key(&mut app, Key::End);
    key(&mut app, Key::Delete);
    key(&mut app, Key::Enter);
    assert_eq!(
        lines(&app),
        [
            ("MUG-1".to_string(), 1, Some(300)),
            ("TEA-1".to_string(), 8, Some(195))
        ]
    );
    assert!(
        app.status().text.contains("Removed TEA-2"),
        "{:?}",
        app.status()
    );
    let stored = shop.store().order(id).expect("read").expect("order");
    assert_eq!(stored.lines.len(), 2);
}

#[test]
fn a_partial_delivery_shows_partly_received_and_holds_its_line() {
    let shop = Shop::new();
    let mut app = app(&shop);
    let id = new_order(&mut app, "Leafline");
    burst(&mut app, "10*TEA-1");
    burst(&mut app, "2*TEA-2");
    key(&mut app, Key::F(6));
    // Receive 4 of the 10 against the order.
    key(&mut app, Key::F(7));
    assert_eq!(app.receiving().doc.order_id, Some(id));
    burst(&mut app, "4*TEA-1");
    // Enter on the empty scan line asks the delivery note; F10 posts.
    key(&mut app, Key::Enter);
    key(&mut app, Key::F(10));
    assert_eq!(
        shop.store().order(id).expect("read").expect("order").lines[0].received,
        4,
        "{:?}",
        app.status()
    );
    key(&mut app, Key::Alt('6'));
    let text = render(&app);
    assert!(text.contains("PARTLY RECEIVED"), "{text}");
    assert!(text.contains("sent, partly received"), "{text}");
    assert_screen!("order_by_hand_partly_received", &text);
    // The received line: Del is refused at once, and its quantity cannot go below 4.
    key(&mut app, Key::Tab);
    key(&mut app, Key::Delete);
    assert!(app.modal().is_none());
    assert!(
        app.status().text.contains("4 already received"),
        "{:?}",
        app.status()
    );
    key(&mut app, Key::Enter);
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "3");
    key(&mut app, Key::F(10));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("refused in the form, got {:?}", app.modal());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("cannot go down to 3"),
        "{:?}",
        form.error
    );
    key(&mut app, Key::Esc);
    assert_eq!(lines(&app)[0], ("TEA-1".to_string(), 10, Some(210)));
}

#[test]
fn f8_asks_where_with_a_default_and_says_the_full_path() {
    let shop = Shop::new();
    let mut app = app(&shop);
    let id = new_order(&mut app, "Leafline");
    burst(&mut app, "6*TEA-1");
    key(&mut app, Key::F(8));
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("F8 asks where, got {:?}", app.modal());
    };
    assert_eq!(form.fields[0].value, format!("po-{id}.csv"));
    assert_screen!("export_question", &render(&app));
    // Edit the path to a file in the shop's folder.
    let out = shop.dir.path().join("orders").join("po.csv");
    std::fs::create_dir(shop.dir.path().join("orders")).expect("folder");
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, &out.display().to_string());
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    let full = std::fs::canonicalize(&out).expect("written");
    assert_eq!(app.status().kind, StatusKind::Success);
    assert_eq!(app.status().text, format!("Wrote {}", full.display()));
    // The status line shows the whole path at 80 columns (beside the store and user, a
    // path of 50 characters fits).
    if full.display().to_string().chars().count() <= 50 {
        assert!(render(&app).contains(&full.display().to_string()));
    }
    let csv = std::fs::read_to_string(&out).expect("csv");
    assert!(csv.contains("TEA-1"), "{csv}");
    // The same file again: asks before replacing it; saving again replaces it.
    std::fs::write(&out, "old").expect("write");
    key(&mut app, Key::F(8));
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, &out.display().to_string());
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.contains("exists: save again"),
        "{:?}",
        app.status()
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "old");
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert!(std::fs::read_to_string(&out)
        .expect("csv")
        .contains("TEA-1"));
    // A folder that is not there: one line, the form stays.
    key(&mut app, Key::F(8));
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "/nonexistent-folder/po.csv");
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    assert!(app
        .status()
        .text
        .contains("cannot write /nonexistent-folder/po.csv"));
}

#[test]
fn the_orders_footer_and_help_list_the_new_keys() {
    let shop = Shop::new();
    let mut app = app(&shop);
    new_order(&mut app, "Leafline");
    burst(&mut app, "TEA-1");
    let text = render(&app);
    assert!(text.contains("Ctrl-N new"), "{text}");
    assert!(text.contains("Add to order"), "{text}");
    key(&mut app, Key::Tab);
    let text = render(&app);
    assert!(text.contains("Enter qty & cost"), "{text}");
    assert!(text.contains("Del remove"), "{text}");
    let help: Vec<String> = stockroom::app::screens::help_sections()
        .into_iter()
        .flat_map(|(_, keys)| keys.into_iter().map(|(k, w)| format!("{k} {w}")))
        .collect();
    for want in [
        "Ctrl-N new order",
        "N*CODE Enter",
        "words Enter",
        "Del (on a line)",
    ] {
        assert!(help.iter().any(|h| h.contains(want)), "help lacks {want}");
    }
}

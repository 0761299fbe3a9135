//! The TUI without a terminal: key events fed to `App` on a temp store, and frames drawn
//! to ratatui's `TestBackend` in the monochrome theme.

use std::path::Path;

use chrono::Utc;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use stockroom::app::{App, AppEvent, DocRole, Focus, Key, Modal, Screen, StatusKind};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, PostLine, PostRequest, Store};

mod common;

use common::tui::{
    app_on, assert_screen, enter, key, press, render, scan, type_text, StoreFile as Shop,
};

const APPLE_EAN: &str = "4006381333931";

impl Shop {
    /// A store with three items: ABC-1 (2 on hand, barcode APPLE_EAN), TEA-1 (10 on hand,
    /// reorder point 12) and a free-form barcode with mixed case on MIX-1 (0 on hand).
    fn new() -> Shop {
        let shop = Shop::empty();
        let mut store = shop.store();
        // The ledger shows who posted: the same name on every machine.
        store.set_user("clerk");
        let abc = add(
            &mut store,
            "ABC-1",
            "Apple juice 1 l",
            &[APPLE_EAN],
            200,
            100,
            Some(1),
        );
        let tea = add(&mut store, "TEA-1", "Green tea", &[], 450, 210, Some(12));
        add(
            &mut store,
            "MIX-1",
            "Mixed case label",
            &["Qx-ZZ9"],
            100,
            50,
            None,
        );
        receive(&mut store, abc, 2);
        receive(&mut store, tea, 10);
        shop
    }
}

fn add(
    store: &mut Store,
    sku: &str,
    name: &str,
    barcodes: &[&str],
    price: i64,
    cost: i64,
    reorder_point: Option<i64>,
) -> i64 {
    store
        .add_item(&ItemFields {
            sku: Some(sku.into()),
            name: Some(name.into()),
            barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
            price: Some(price),
            cost: Some(cost),
            reorder_point,
            ..Default::default()
        })
        .expect("add item")
        .id
}

fn receive(store: &mut Store, item_id: i64, qty: i64) {
    store
        .post(&PostRequest::new(
            DocKind::Receipt,
            vec![PostLine {
                item_id,
                qty,
                unit_cost: None,
                unit_price: None,
            }],
        ))
        .expect("receive");
}

fn item_id(store: &Store, code: &str) -> i64 {
    store.find_item(code).unwrap().expect("item").id
}

fn lines(app: &App, role: DocRole) -> Vec<(String, i64)> {
    app.doc_screen(role)
        .doc
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.qty))
        .collect()
}

fn sales_count(store: &Store, item: i64) -> usize {
    store
        .history(item)
        .unwrap()
        .iter()
        .filter(|h| h.kind == "sale")
        .count()
}

// ---------------------------------------------------------------- scanning

#[test]
fn receiving_and_sales_start_in_the_scan_line() {
    let shop = Shop::new();
    let mut app = shop.app();
    for (fkey, screen) in [(3, Screen::Receiving), (4, Screen::Sales)] {
        press(&mut app, KeyCode::F(fkey), KeyModifiers::NONE);
        assert_eq!(app.screen(), screen);
        let role = app.current_role().unwrap();
        assert_eq!(app.doc_screen(role).focus, Focus::Scan);
    }
}

#[test]
fn a_scan_adds_one_and_a_second_scan_adds_another() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    scan(&mut app, "ABC-1");
    assert_eq!(lines(&app, DocRole::Sales), vec![("ABC-1".into(), 1)]);
    scan(&mut app, APPLE_EAN);
    assert_eq!(lines(&app, DocRole::Sales), vec![("ABC-1".into(), 2)]);
    // A UPC/EAN scan in its zero-padded GTIN-14 form finds the same item.
    scan(&mut app, &format!("0{APPLE_EAN}"));
    assert_eq!(lines(&app, DocRole::Sales), vec![("ABC-1".into(), 3)]);
}

#[test]
fn n_star_code_adds_n() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    scan(&mut app, "3*TEA-1");
    assert_eq!(lines(&app, DocRole::Receiving), vec![("TEA-1".into(), 3)]);
    scan(&mut app, "2*TEA-1");
    assert_eq!(lines(&app, DocRole::Receiving), vec![("TEA-1".into(), 5)]);
}

#[test]
fn a_burst_of_1000_scans_with_mixed_terminators_is_counted_exactly() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    let codes = ["ABC-1", "TEA-1", "Qx-ZZ9", APPLE_EAN];
    let mut expected = std::collections::HashMap::<&str, i64>::new();
    // As the terminal loop does it: one drained batch, then a draw.
    app.begin_batch();
    for i in 0..1000 {
        let code = codes[i % codes.len()];
        type_text(&mut app, code);
        match i % 4 {
            0 => {
                enter(&mut app);
            }
            1 => {
                // LF arrives as Ctrl-J in raw mode.
                press(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL);
            }
            2 => {
                press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
            }
            _ => {
                // CR+LF: the empty line after the CR is ignored.
                enter(&mut app);
                press(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL);
            }
        }
        let sku = match code {
            APPLE_EAN => "ABC-1",
            "Qx-ZZ9" => "MIX-1",
            c => c,
        };
        *expected.entry(sku).or_default() += 1;
    }
    app.end_batch();
    assert!(app.modal().is_none(), "no empty line asked to confirm");
    let mut got: Vec<(String, i64)> = lines(&app, DocRole::Receiving);
    got.sort();
    let mut want: Vec<(String, i64)> = expected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(app.receiving().doc.total_qty(), 1000);
    // Every change was saved as a draft.
    let store = shop.store();
    let drafts = store.drafts(&[DocKind::Receipt], None).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].lines.iter().map(|l| l.qty).sum::<i64>(), 1000);
}

#[test]
fn pasted_lines_are_scans_and_empty_pasted_lines_are_skipped() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    app.update(AppEvent::Paste("ABC-1\r\nTEA-1\r\n\r\n\nTEA-1\tTE".into()));
    assert_eq!(
        lines(&app, DocRole::Sales),
        vec![("ABC-1".into(), 1), ("TEA-1".into(), 2)]
    );
    assert!(app.modal().is_none());
    assert_eq!(app.sales().scan.text(), "TE");
}

#[test]
fn uppercase_letters_with_shift_are_kept() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    // Barcodes are case-sensitive: "Qx-ZZ9" only finds MIX-1 with its capitals.
    type_text(&mut app, "Qx-ZZ9");
    assert_eq!(app.sales().scan.text(), "Qx-ZZ9");
    enter(&mut app);
    assert_eq!(lines(&app, DocRole::Sales), vec![("MIX-1".into(), 1)]);
    // Some terminals report shift with the lowercase letter.
    press(&mut app, KeyCode::Char('q'), KeyModifiers::SHIFT);
    assert_eq!(app.sales().scan.text(), "Q");
}

#[test]
fn no_bare_letter_or_digit_is_a_command_on_a_scan_screen() {
    let shop = Shop::new();
    let mut app = shop.app();
    for f in [3, 4] {
        key(&mut app, Key::F(f));
        let screen = app.screen();
        type_text(&mut app, "qynhsrea12345 +-*");
        assert_eq!(app.screen(), screen);
        assert!(app.modal().is_none());
        let role = app.current_role().unwrap();
        assert_eq!(app.doc_screen(role).scan.text(), "qynhsrea12345 +-*");
        assert!(!app.should_quit());
    }
}

#[test]
fn unknown_code_rings_says_so_and_in_receiving_opens_quick_create() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    let fx = scan(&mut app, "NOPE-42");
    assert!(fx.bell);
    assert_eq!(app.status().kind, StatusKind::Error);
    assert!(
        app.status().text.contains("unknown item 'NOPE-42'"),
        "{:?}",
        app.status()
    );
    assert!(app.modal().is_none(), "sales has no quick-create");
    assert!(app.sales().doc.lines.is_empty());

    key(&mut app, Key::F(3));
    let fx = scan(&mut app, "2*NOPE-42");
    assert!(fx.bell);
    assert!(app.status().text.contains("unknown item"));
    match app.modal() {
        Some(Modal::Form(f)) => {
            assert_eq!(f.value("SKU"), "NOPE-42");
            assert_eq!(f.fields[f.focus].label, "Name");
        }
        other => panic!("expected the quick-create form, got {other:?}"),
    }
    // Name, price, cost, (no supplier, no reorder point); Enter on the last field saves.
    type_text(&mut app, "Nope biscuits");
    enter(&mut app);
    type_text(&mut app, "3.50");
    enter(&mut app);
    type_text(&mut app, "1.25");
    enter(&mut app);
    enter(&mut app);
    enter(&mut app);
    assert!(app.modal().is_none(), "{:?}", app.modal());
    assert_eq!(lines(&app, DocRole::Receiving), vec![("NOPE-42".into(), 2)]);
    let item = app.store().find_item("nope-42").unwrap().expect("created");
    assert_eq!(item.name, "Nope biscuits");
    assert_eq!(item.price, Some(350));
    assert_eq!(item.cost, Some(125));
    assert_eq!(app.receiving().doc.lines[0].unit_amount, Some(125));
}

#[test]
fn quick_create_with_a_gtin_stores_it_as_a_barcode() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    let ean = "5901234123457";
    scan(&mut app, ean);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    // Change the SKU, then save from the name field with F10.
    key(&mut app, Key::BackTab);
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "CHOC-9");
    key(&mut app, Key::Tab);
    type_text(&mut app, "Chocolate");
    key(&mut app, Key::F(10));
    assert!(app.modal().is_none(), "{:?}", app.status());
    let item = app
        .store()
        .find_item(ean)
        .unwrap()
        .expect("found by barcode");
    assert_eq!(item.sku, "CHOC-9");
    assert_eq!(lines(&app, DocRole::Receiving), vec![("CHOC-9".into(), 1)]);
}

#[test]
fn a_bad_check_digit_is_refused_without_a_form() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    let fx = scan(&mut app, "4006381333932");
    assert!(fx.bell);
    assert!(
        app.status().text.contains("check digit"),
        "{:?}",
        app.status()
    );
    assert!(app.modal().is_none());
}

// ---------------------------------------------------------------- confirming

#[test]
fn enter_on_an_empty_line_confirms_and_enter_posts() {
    let shop = Shop::new();
    let mut app = shop.app();
    let abc = item_id(app.store(), "ABC-1");
    key(&mut app, Key::F(4));
    scan(&mut app, "ABC-1");
    enter(&mut app);
    assert_eq!(app.modal(), Some(&Modal::ConfirmPost(DocRole::Sales)));
    enter(&mut app);
    assert!(app.modal().is_none());
    assert_eq!(app.status().kind, StatusKind::Success, "{:?}", app.status());
    assert!(
        app.status().text.contains("Posted S-"),
        "{:?}",
        app.status()
    );
    assert!(
        app.status().text.contains("ABC-1 now 1"),
        "{:?}",
        app.status()
    );
    assert!(app.sales().doc.lines.is_empty());
    let posted = app
        .sales()
        .last_posted
        .as_ref()
        .expect("shown after posting");
    assert_eq!(posted.lines[0].on_hand, 1);
    // The ledger (read through another connection) has it, and the draft is gone.
    let store = shop.store();
    assert_eq!(store.on_hand(abc).unwrap(), 1);
    assert_eq!(sales_count(&store, abc), 1);
    assert!(store.drafts(&[DocKind::Sale], None).unwrap().is_empty());
}

#[test]
fn y_also_posts() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    scan(&mut app, "TEA-1");
    enter(&mut app);
    // A receipt asks its delivery note: `y` Enter out of habit posts without one.
    type_text(&mut app, "y");
    enter(&mut app);
    assert!(
        app.status().text.contains("Posted R-"),
        "{:?}",
        app.status()
    );
    assert_eq!(
        app.store().on_hand(item_id(app.store(), "TEA-1")).unwrap(),
        11
    );
}

/// A scanner types a whole code in one burst, which the terminal loop feeds as one batch:
/// a code that starts with `y` scanned while the post dialog is open is a scan, not a yes.
/// A `y` pressed on its own (a batch of its own) still posts.
#[test]
fn a_scan_starting_with_y_does_not_answer_the_post_dialog() {
    let shop = Shop::new();
    let mut store = shop.store();
    let yam = add(&mut store, "YAM-1", "Yam", &[], 150, 80, None);
    receive(&mut store, yam, 5);
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    scan(&mut app, "TEA-1");
    enter(&mut app);
    assert!(
        matches!(app.modal(), Some(Modal::ConfirmPost(_))),
        "the dialog is open"
    );

    app.begin_batch();
    scan(&mut app, "yam-1");
    app.end_batch();
    assert_eq!(
        lines(&app, DocRole::Sales),
        [("TEA-1".to_string(), 1), ("YAM-1".to_string(), 1)],
        "{:?}",
        app.status()
    );
    assert_eq!(sales_count(app.store(), item_id(app.store(), "TEA-1")), 0);

    enter(&mut app);
    app.begin_batch();
    type_text(&mut app, "y");
    app.end_batch();
    assert!(
        app.status().text.contains("Posted S-"),
        "{:?}",
        app.status()
    );
    assert_eq!(sales_count(app.store(), item_id(app.store(), "YAM-1")), 1);

    // y then another kind of key in one batch (F2 here): y answered first, as before.
    scan(&mut app, "TEA-1");
    enter(&mut app);
    app.begin_batch();
    type_text(&mut app, "y");
    key(&mut app, Key::F(2));
    app.end_batch();
    assert_eq!(app.screen(), Screen::Stock);
    assert_eq!(sales_count(app.store(), item_id(app.store(), "TEA-1")), 2);
}

#[test]
fn esc_never_throws_a_document_away() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    scan(&mut app, "TEA-1");
    type_text(&mut app, "AB");
    key(&mut app, Key::Esc); // clears the half-typed scan only
    assert_eq!(app.sales().scan.text(), "");
    assert_eq!(lines(&app, DocRole::Sales), vec![("TEA-1".into(), 1)]);
    enter(&mut app);
    assert!(matches!(app.modal(), Some(Modal::ConfirmPost(_))));
    key(&mut app, Key::Esc);
    assert!(app.modal().is_none());
    assert_eq!(lines(&app, DocRole::Sales), vec![("TEA-1".into(), 1)]);
    // Discarding asks first; Esc keeps the document.
    key(&mut app, Key::Ctrl('d'));
    assert_eq!(app.modal(), Some(&Modal::ConfirmDiscard(DocRole::Sales)));
    key(&mut app, Key::Esc);
    assert_eq!(lines(&app, DocRole::Sales), vec![("TEA-1".into(), 1)]);
    // Esc on the lines goes back to the scan line, and keeps them.
    key(&mut app, Key::Up);
    assert_eq!(app.sales().focus, Focus::Lines);
    key(&mut app, Key::Esc);
    assert_eq!(app.sales().focus, Focus::Scan);
    assert_eq!(lines(&app, DocRole::Sales), vec![("TEA-1".into(), 1)]);
    // Leaving the screen keeps it too.
    key(&mut app, Key::F(2));
    key(&mut app, Key::F(4));
    assert_eq!(lines(&app, DocRole::Sales), vec![("TEA-1".into(), 1)]);
    assert_eq!(
        shop.store().drafts(&[DocKind::Sale], None).unwrap().len(),
        1
    );
    // Confirmed discard removes the draft.
    key(&mut app, Key::Ctrl('d'));
    enter(&mut app);
    assert!(app.sales().doc.lines.is_empty());
    assert!(shop
        .store()
        .drafts(&[DocKind::Sale], None)
        .unwrap()
        .is_empty());
    assert_eq!(sales_count(&shop.store(), item_id(app.store(), "TEA-1")), 0);
}

#[test]
fn insufficient_stock_names_the_item_and_on_hand_posts_nothing_and_keeps_the_cart() {
    let shop = Shop::new();
    let mut app = shop.app();
    let abc = item_id(app.store(), "ABC-1");
    key(&mut app, Key::F(4));
    scan(&mut app, "TEA-1");
    scan(&mut app, "5*ABC-1");
    enter(&mut app);
    let fx = enter(&mut app);
    assert!(fx.bell);
    let text = &app.status().text;
    assert_eq!(app.status().kind, StatusKind::Error);
    assert!(text.contains("insufficient stock"), "{text}");
    assert!(text.contains("ABC-1"), "{text}");
    assert!(text.contains("2 on hand"), "{text}");
    assert_eq!(
        lines(&app, DocRole::Sales),
        vec![("TEA-1".into(), 1), ("ABC-1".into(), 5)]
    );
    assert!(app
        .sales()
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("2 on hand"));
    let store = shop.store();
    assert_eq!(store.on_hand(abc).unwrap(), 2);
    assert_eq!(sales_count(&store, abc), 0);
    assert_eq!(sales_count(&store, item_id(&store, "TEA-1")), 0);
    assert_eq!(store.drafts(&[DocKind::Sale], None).unwrap().len(), 1);
    // Fix the line (select it, three times minus) and post.
    key(&mut app, Key::Up);
    for _ in 0..3 {
        type_text(&mut app, "-");
    }
    assert_eq!(lines(&app, DocRole::Sales)[1], ("ABC-1".into(), 2));
    key(&mut app, Key::Esc);
    enter(&mut app);
    enter(&mut app);
    assert!(app.status().text.contains("Posted"), "{:?}", app.status());
    assert_eq!(shop.store().on_hand(abc).unwrap(), 0);
}

#[test]
fn lines_change_and_go_with_arrows_plus_minus_and_delete() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(4));
    scan(&mut app, "TEA-1");
    scan(&mut app, "ABC-1");
    key(&mut app, Key::Up); // selects the last line
    assert_eq!(app.sales().focus, Focus::Lines);
    assert_eq!(app.sales().selected, 1);
    key(&mut app, Key::Up);
    type_text(&mut app, "++");
    assert_eq!(lines(&app, DocRole::Sales)[0], ("TEA-1".into(), 3));
    key(&mut app, Key::Delete);
    assert_eq!(lines(&app, DocRole::Sales), vec![("ABC-1".into(), 1)]);
    // Enter edits quantity and price.
    enter(&mut app);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "2");
    enter(&mut app);
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "1.50");
    enter(&mut app);
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(app.sales().doc.lines[0].qty, 2);
    assert_eq!(app.sales().doc.lines[0].unit_amount, Some(150));
    assert_eq!(app.sales().doc.total_amount(), 300);
    // Typing goes back to the scan line at once (a scan never gets lost).
    key(&mut app, Key::Up);
    type_text(&mut app, "TEA-1");
    assert_eq!(app.sales().focus, Focus::Scan);
    assert_eq!(app.sales().scan.text(), "TEA-1");
}

#[test]
fn return_mode_posts_a_customer_return() {
    let shop = Shop::new();
    let mut app = shop.app();
    let tea = item_id(app.store(), "TEA-1");
    key(&mut app, Key::F(4));
    key(&mut app, Key::F(6));
    assert!(app.sales().is_return());
    scan(&mut app, "2*TEA-1");
    enter(&mut app);
    // A return asks why the goods came back.
    type_text(&mut app, "faulty");
    enter(&mut app);
    enter(&mut app);
    assert!(
        app.status().text.contains("Posted RT-"),
        "{:?}",
        app.status()
    );
    assert_eq!(shop.store().on_hand(tea).unwrap(), 12);
    assert!(
        !app.sales().is_return(),
        "the next document is a sale again"
    );
}

// ---------------------------------------------------------------- drafts

#[test]
fn a_draft_survives_recreating_the_app() {
    let shop = Shop::new();
    {
        let mut app = shop.app();
        key(&mut app, Key::F(3));
        scan(&mut app, "TEA-1");
        scan(&mut app, "4*ABC-1");
        // dropped without posting: as a kill would
    }
    let app = shop.app();
    assert_eq!(app.screen(), Screen::Receiving);
    assert_eq!(
        lines(&app, DocRole::Receiving),
        vec![("TEA-1".into(), 1), ("ABC-1".into(), 4)]
    );
}

#[test]
fn several_drafts_offer_a_picker() {
    let shop = Shop::new();
    for code in ["TEA-1", "ABC-1"] {
        let mut app = shop.app();
        key(&mut app, Key::F(4));
        if !app.sales().doc.lines.is_empty() {
            key(&mut app, Key::Ctrl('n'));
        }
        scan(&mut app, code);
    }
    let mut app = shop.app();
    assert_eq!(app.screen(), Screen::Sales);
    let Some(Modal::DraftPicker(p)) = app.modal() else {
        panic!("expected the draft picker, got {:?}", app.modal());
    };
    assert_eq!(p.drafts.len(), 2);
    key(&mut app, Key::Down);
    enter(&mut app);
    assert!(app.modal().is_none());
    assert_eq!(app.sales().doc.lines.len(), 1);
}

// ---------------------------------------------------------------- other screens

#[test]
fn a_scan_on_the_stock_list_jumps_to_the_item() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    assert_eq!(app.stock().total, 3);
    scan(&mut app, APPLE_EAN);
    let row = app.stock().selected_row().expect("selected");
    assert_eq!(row.sku, "ABC-1");
    assert_eq!(app.stock().search.text(), "", "ready for the next scan");
    // Search as you type narrows the list; Enter on a code jumps; Enter again opens.
    type_text(&mut app, "tea");
    assert_eq!(app.stock().total, 1);
    key(&mut app, Key::Esc);
    scan(&mut app, "TEA-1");
    assert_eq!(app.stock().selected_row().unwrap().sku, "TEA-1");
    enter(&mut app);
    assert_eq!(app.screen(), Screen::ItemDetail);
    assert_eq!(app.detail().unwrap().item.sku, "TEA-1");
    // A scan on the item detail goes back to the list and jumps.
    scan(&mut app, "MIX-1");
    assert_eq!(app.screen(), Screen::Stock);
    assert_eq!(app.stock().selected_row().unwrap().sku, "MIX-1");
}

#[test]
fn an_unknown_scan_on_the_stock_list_rings() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    let fx = scan(&mut app, "ZZZZZZ");
    assert!(fx.bell);
    assert!(app.status().text.contains("unknown item"));
}

#[test]
fn what_another_session_posts_shows_after_a_refresh() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    let on_hand = |app: &App| {
        app.stock()
            .rows
            .iter()
            .find(|r| r.sku == "TEA-1")
            .map(|r| r.on_hand)
    };
    assert_eq!(on_hand(&app), Some(10));
    let mut other = shop.store();
    let before = app.store().data_version().unwrap();
    let tea = item_id(&other, "TEA-1");
    other
        .post(&PostRequest::new(
            DocKind::Sale,
            vec![PostLine {
                item_id: tea,
                qty: 3,
                unit_cost: None,
                unit_price: None,
            }],
        ))
        .unwrap();
    assert_ne!(app.store().data_version().unwrap(), before);
    app.update(AppEvent::Refresh);
    assert_eq!(on_hand(&app), Some(7));
}

#[test]
fn item_detail_counts_and_adjusts() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(2));
    scan(&mut app, "TEA-1");
    enter(&mut app);
    assert_eq!(app.screen(), Screen::ItemDetail);
    assert_eq!(app.detail().unwrap().on_hand, 10);
    assert_eq!(app.detail().unwrap().history.len(), 1);
    key(&mut app, Key::F(7));
    type_text(&mut app, "8");
    enter(&mut app);
    assert!(
        app.status().text.contains("Posted C-"),
        "{:?}",
        app.status()
    );
    assert_eq!(app.detail().unwrap().on_hand, 8);
    key(&mut app, Key::F(8));
    type_text(&mut app, "-3");
    enter(&mut app);
    type_text(&mut app, "damaged");
    enter(&mut app);
    assert!(
        app.status().text.contains("Posted A-"),
        "{:?}",
        app.status()
    );
    let d = app.detail().unwrap();
    assert_eq!(d.on_hand, 5);
    assert_eq!(d.history.last().unwrap().balance, 5);
    // Edit: the name.
    key(&mut app, Key::F(6));
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "Sencha tea");
    key(&mut app, Key::F(10));
    assert_eq!(app.detail().unwrap().item.name, "Sencha tea");
    key(&mut app, Key::Esc);
    assert_eq!(app.screen(), Screen::Stock);
}

#[test]
fn alerts_list_low_items_and_draft_orders() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(5));
    let skus: Vec<&str> = app.alerts().rows.iter().map(|a| a.sku.as_str()).collect();
    assert_eq!(skus, vec!["TEA-1"]);
    key(&mut app, Key::Char(' '));
    assert_eq!(app.alerts().chosen.len(), 1);
    key(&mut app, Key::F(6));
    assert!(
        app.status().text.contains("Drafted purchase order")
            || app.status().text.contains("Nothing to order"),
        "{:?}",
        app.status()
    );
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let shop = Shop::new();
    for f in 1..=5 {
        let mut app = shop.app();
        key(&mut app, Key::F(f));
        let fx = press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(fx.quit);
    }
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    scan(&mut app, "TEA-1");
    enter(&mut app); // dialog open
    assert!(press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL).quit);
}

#[test]
fn alt_digits_switch_screens() {
    let shop = Shop::new();
    let mut app = shop.app();
    for (c, screen) in [
        ('1', Screen::Help),
        ('2', Screen::Stock),
        ('3', Screen::Receiving),
        ('4', Screen::Sales),
        ('5', Screen::Alerts),
    ] {
        press(&mut app, KeyCode::Char(c), KeyModifiers::ALT);
        assert_eq!(app.screen(), screen);
    }
}

// ---------------------------------------------------------------- drawing

fn assert_has(screen: &str, texts: &[&str]) {
    for t in texts {
        assert!(screen.contains(t), "missing {t:?} in\n{screen}");
    }
}

/// The footer names the screen keys and the F-keys with their Alt fallback.
fn assert_footer(screen: &str) {
    assert_has(
        screen,
        &[
            "F1 Help",
            "F2 Stock",
            "F3 Receiving",
            "F4 Sales",
            "F5 Alerts",
            "Alt-1..5",
            "Ctrl-C",
        ],
    );
}

fn fixed_user_app(shop: &Shop) -> App {
    let mut store = shop.store();
    store.set_user("clerk");
    app_on(store)
}

#[test]
fn stock_list_screen() {
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(2));
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "Search/scan:",
            "SKU",
            "On hand",
            "ABC-1",
            "Apple juice 1 l",
            "TEA-1",
            "LOW",
            "OUT",
            "shop.db",
            "clerk",
            "F7 sort",
        ],
    );
    assert_footer(&s);
    assert_screen!("stock_list", &s);
}

#[test]
fn sales_screen_with_a_cart_and_a_refusal() {
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(4));
    scan(&mut app, "2*TEA-1");
    scan(&mut app, "5*ABC-1");
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "Scan:",
            "TEA-1",
            "Green tea",
            "4.50",
            "9.00",
            "SHORT",
            "total 19.00",
            "F6 sale/return",
        ],
    );
    assert_footer(&s);
    assert_screen!("sales_cart", &s);
    enter(&mut app);
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "Post this sale?",
            "2 lines, 7 units, total 19.00",
            "Enter or y",
        ],
    );
    enter(&mut app);
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &["Not posted: insufficient stock for 'ABC-1'", "2 on hand"],
    );
    key(&mut app, Key::F(6));
    let s = render(&app, 80, 24);
    assert_has(&s, &["RETURN"]);
}

#[test]
fn receiving_screen_and_quick_create_form() {
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(3));
    let s = render(&app, 80, 24);
    assert_has(&s, &["Receiving", "Scan a barcode", "empty Enter post"]);
    assert_footer(&s);
    scan(&mut app, "3*TEA-1");
    let s = render(&app, 80, 24);
    assert_has(&s, &["Unit cost", "TEA-1", "2.10", "6.30"]);
    assert_screen!("receiving", &s);
    scan(&mut app, "NEW-9");
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "New item",
            "Unknown code NEW-9",
            "SKU",
            "Name",
            "Price",
            "Cost",
            "Esc cancel",
        ],
    );
    assert_screen!("quick_create", &s);
    key(&mut app, Key::Esc);
    enter(&mut app);
    enter(&mut app);
    let s = render(&app, 80, 24);
    assert_has(&s, &["posted. On hand now:", "TEA-1", "+3", "13"]);
}

#[test]
fn help_alerts_and_item_detail_screens() {
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(1));
    let s = render(&app, 80, 24);
    assert_has(&s, &["Everywhere", "F1", "Alt-1 .. Alt-5", "Ctrl-C"]);
    assert_footer(&s);
    assert_screen!("help", &s);

    key(&mut app, Key::F(5));
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "at or below their reorder point",
            "TEA-1",
            "Suggest",
            "Space pick",
            "F6 draft orders",
        ],
    );
    assert_footer(&s);
    assert_screen!("alerts", &s);

    key(&mut app, Key::F(2));
    scan(&mut app, "ABC-1");
    enter(&mut app);
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &[
            "Item ABC-1",
            "Apple juice 1 l",
            APPLE_EAN,
            "On hand",
            "Average cost",
            "1.00",
            "Stock value",
            "2.00",
            "Sales, last 30 days",
            "Balance",
            "receipt",
            "F7 count",
        ],
    );
    assert_footer(&s);
    // The ledger shows when each movement was posted (today): masked by the snapshot's filters.
    assert_screen!("item_detail", &s);
}

#[test]
fn draft_picker_screen() {
    let shop = Shop::new();
    for code in ["TEA-1", "ABC-1"] {
        let mut app = fixed_user_app(&shop);
        key(&mut app, Key::F(3));
        if !app.receiving().doc.lines.is_empty() {
            key(&mut app, Key::Ctrl('n'));
        }
        scan(&mut app, code);
    }
    let app = fixed_user_app(&shop);
    let s = render(&app, 80, 24);
    assert_has(
        &s,
        &["Drafts", "receipt · 1 line", "a new document", "Enter open"],
    );
}

#[test]
fn too_small_says_so_and_nothing_else() {
    let shop = Shop::new();
    let app = fixed_user_app(&shop);
    let s = render(&app, 59, 24);
    assert!(s.contains("terminal too small"), "{s}");
    assert!(!s.contains("SKU"));
    let s = render(&app, 80, 15);
    assert!(s.contains("terminal too small"), "{s}");
}

#[test]
fn every_screen_draws_at_every_size_without_panic() {
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    let states: Vec<fn(&mut App)> = vec![
        |a| {
            key(a, Key::F(1));
        },
        |a| {
            key(a, Key::F(2));
        },
        |a| {
            key(a, Key::F(5));
        },
        |a| {
            key(a, Key::F(4));
            scan(a, "2*TEA-1");
            scan(a, "9*ABC-1");
            enter(a); // confirm dialog
        },
        |a| {
            key(a, Key::Esc);
            enter(a);
            enter(a); // refused: notice shown
        },
        |a| {
            key(a, Key::F(3));
            scan(a, "UNKNOWN-CODE-WITH-A-LONG-NAME"); // quick-create form
        },
        |a| {
            key(a, Key::F(2));
            scan(a, "TEA-1");
            enter(a); // item detail
        },
    ];
    for set_up in &states {
        set_up(&mut app);
        for w in 1..=100u16 {
            for h in 1..=40u16 {
                app.update(AppEvent::Resize {
                    width: w,
                    height: h,
                });
                render(&app, w, h);
            }
        }
    }
}

#[test]
fn colour_theme_uses_named_colours_only() {
    use ratatui::style::Color;
    let shop = Shop::new();
    let mut app = fixed_user_app(&shop);
    app.set_monochrome(false);
    for f in 1..=5 {
        key(&mut app, Key::F(f));
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|fr| stockroom::ui::draw(fr, &app)).unwrap();
        for cell in term.backend().buffer().content() {
            for c in [cell.fg, cell.bg] {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                    "{c:?} is not one of the 16 named colours"
                );
            }
        }
    }
    // Monochrome: no colour at all.
    app.set_monochrome(true);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|fr| stockroom::ui::draw(fr, &app)).unwrap();
    for cell in term.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

/// Key-to-frame times on a big store: `STOCKROOM_PERF_DB=/path/big.db cargo test --release
/// --test tui_app -- --ignored --nocapture` (make one with `cargo run --release --example
/// generate -- /path/big.db 100000 1000000`).
#[test]
#[ignore]
fn key_to_frame_at_scale() {
    let Some(path) = std::env::var_os("STOCKROOM_PERF_DB") else {
        eprintln!("set STOCKROOM_PERF_DB to a big store");
        return;
    };
    let store = Store::open(Path::new(&path)).unwrap();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let t = std::time::Instant::now();
    let mut app = App::new(store, Utc::now());
    app.update(AppEvent::Resize {
        width: 80,
        height: 24,
    });
    eprintln!("open at the stock list: {:?}", t.elapsed());
    let mut time = |name: &str, app: &mut App, keys: &[Key]| {
        let t = std::time::Instant::now();
        app.begin_batch();
        for k in keys {
            app.update(AppEvent::Key(*k));
        }
        app.end_batch();
        term.draw(|f| stockroom::ui::draw(f, app)).unwrap();
        eprintln!("{name:<32} {:>10.2?}", t.elapsed());
    };
    time("F2 stock list", &mut app, &[Key::F(2)]);
    time("Down", &mut app, &[Key::Down]);
    time("PgDn", &mut app, &[Key::PageDown]);
    time("End", &mut app, &[Key::End]);
    time("Home", &mut app, &[Key::Home]);
    time("type 'a' (dense search)", &mut app, &[Key::Char('a')]);
    time("type 'b' → 'ab'", &mut app, &[Key::Char('b')]);
    time("type 'c' → 'abc'", &mut app, &[Key::Char('c')]);
    time("Esc (clear search)", &mut app, &[Key::Esc]);
    let sku = app
        .stock()
        .rows
        .first()
        .map(|r| r.sku.clone())
        .unwrap_or_default();
    let mut last = "".to_string();
    for _ in 0..5 {
        time("PgDn", &mut app, &[Key::PageDown]);
    }
    if let Some(r) = app.stock().rows.last() {
        last = r.sku.clone();
    }
    let scan_keys: Vec<Key> = last.chars().map(Key::Char).chain([Key::Enter]).collect();
    time("scan a SKU on the list (jump)", &mut app, &scan_keys);
    time("F7 sort by name", &mut app, &[Key::F(7)]);
    time("F7 sort by on hand", &mut app, &[Key::F(7)]);
    time("End (by on hand)", &mut app, &[Key::End]);
    time("F7 sort by SKU", &mut app, &[Key::F(7)]);
    time("F8 low only", &mut app, &[Key::F(8)]);
    time("F8 all", &mut app, &[Key::F(8)]);
    time("Enter (item detail)", &mut app, &[Key::Enter]);
    time("F4 sales", &mut app, &[Key::F(4)]);
    let scan_keys: Vec<Key> = sku.chars().map(Key::Char).chain([Key::Enter]).collect();
    time("scan into sales (+draft save)", &mut app, &scan_keys);
    time(
        "Ctrl-D, Enter (discard)",
        &mut app,
        &[Key::Ctrl('d'), Key::Enter],
    );
    time("F5 alerts", &mut app, &[Key::F(5)]);
    time("Refresh on alerts", &mut app, &[]);
    let t = std::time::Instant::now();
    app.update(AppEvent::Refresh);
    eprintln!("{:<32} {:>10.2?}", "Refresh (alerts screen)", t.elapsed());
    app.update(AppEvent::Key(Key::F(2)));
    let t = std::time::Instant::now();
    app.update(AppEvent::Refresh);
    eprintln!("{:<32} {:>10.2?}", "Refresh (stock list)", t.elapsed());
}

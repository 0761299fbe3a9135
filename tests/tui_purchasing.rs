//! Purchase orders and imports in the TUI, driven through `App` on a temp store: drafting
//! from the alerts, changing and sending an order, receiving against it by scanning
//! (over-deliveries and items not on the order ask first), closing it with lines open,
//! exporting it; and importing a CSV from the stock list after its dry run.

use stockroom::app::{App, Key, Modal, OrdersFocus, Screen, StatusKind};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, OrderState, PostLine, PostRequest, Store};

mod common;

use common::tui::{assert_screen, key, scan, type_text, StoreFile as Shop};

impl Shop {
    /// TEA-1 (10 on hand, reorder point 12, cost 2.10, supplier Leafline), MUG-1 (5 on
    /// hand, no reorder point, cost 3.00).
    fn new() -> Shop {
        let shop = Shop::empty();
        let mut store = shop.store();
        store
            .upsert_supplier("Leafline", None, Some(5))
            .expect("supplier");
        let tea = store
            .add_item(&ItemFields {
                sku: Some("TEA-1".into()),
                name: Some("Green tea".into()),
                cost: Some(210),
                price: Some(450),
                reorder_point: Some(12),
                reorder_qty: Some(24),
                supplier: Some("Leafline".into()),
                ..ItemFields::default()
            })
            .expect("tea");
        let mug = store
            .add_item(&ItemFields {
                sku: Some("MUG-1".into()),
                name: Some("Mug".into()),
                cost: Some(300),
                price: Some(900),
                ..ItemFields::default()
            })
            .expect("mug");
        for (id, qty) in [(tea.id, 10), (mug.id, 5)] {
            store
                .post(&PostRequest::new(
                    DocKind::Receipt,
                    vec![PostLine {
                        item_id: id,
                        qty,
                        unit_cost: None,
                        unit_price: None,
                    }],
                ))
                .expect("receipt");
        }
        shop
    }
}

fn on_hand(store: &Store, sku: &str) -> i64 {
    let item = store.resolve(sku).expect("item");
    store.on_hand(item.id).expect("on hand")
}

/// F5, F6: drafts an order for the low item and shows it on the orders screen.
fn drafted(app: &mut App) -> i64 {
    key(app, Key::F(5));
    assert_eq!(app.alerts().rows.len(), 1, "{:?}", app.alerts().rows);
    key(app, Key::F(6));
    assert_eq!(app.screen(), Screen::Orders, "{:?}", app.status());
    assert!(app.status().text.contains("Drafted purchase order"));
    let order = app.orders().current().expect("an order").clone();
    assert_eq!(order.state, OrderState::Draft);
    assert_eq!(order.supplier.as_deref(), Some("Leafline"));
    assert_eq!(order.lines.len(), 1);
    assert_eq!(order.lines[0].sku, "TEA-1");
    assert!(order.lines[0].qty > 0);
    order.id
}

#[test]
fn draft_edit_send_and_receive_against_an_order() {
    let shop = Shop::new();
    let mut app = shop.app();
    let id = drafted(&mut app);
    let suggested = app.orders().current().expect("order").lines[0].qty;

    // The alerts now count it as on order, so nobody orders it twice; so does the item.
    key(&mut app, Key::F(5));
    assert_eq!(app.alerts().rows[0].on_order, suggested);
    key(&mut app, Key::Enter);
    assert_eq!(app.screen(), Screen::ItemDetail);
    assert_eq!(app.detail().expect("detail").on_order, suggested);
    assert!(render(&app).contains(&format!("{suggested} on order")));
    key(&mut app, Key::Esc);
    assert_eq!(app.screen(), Screen::Alerts);
    key(&mut app, Key::F(8));
    assert_eq!(app.screen(), Screen::Orders);

    // Set the quantity to 20 on the line (Enter: quantity, then the unit cost, kept), then
    // mark the order sent.
    key(&mut app, Key::Tab);
    assert_eq!(app.orders().focus, OrdersFocus::Lines);
    key(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "20");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(app.orders().current().expect("order").lines[0].qty, 20);
    key(&mut app, Key::Char('+'));
    assert_eq!(app.orders().current().expect("order").lines[0].qty, 21);
    key(&mut app, Key::Esc);
    key(&mut app, Key::F(6));
    assert_eq!(
        app.orders().current().expect("order").state,
        OrderState::Sent
    );

    // Receive against it: scans tick the line off; the cost is the order's.
    key(&mut app, Key::F(7));
    assert_eq!(app.screen(), Screen::Receiving);
    assert_eq!(app.receiving().doc.order_id, Some(id));
    scan(&mut app, "15*TEA-1");
    let line = &app.receiving().doc.lines[0];
    assert_eq!((line.qty, line.unit_amount), (15, Some(210)));

    // An item that is not on the order asks; Esc leaves it out.
    scan(&mut app, "MUG-1");
    let Some(Modal::ConfirmOffOrder { question, .. }) = app.modal() else {
        panic!("expected a question, got {:?}", app.modal());
    };
    assert!(
        question.contains("MUG-1 is not on purchase order"),
        "{question}"
    );
    key(&mut app, Key::Esc);
    assert_eq!(app.receiving().doc.lines.len(), 1);

    // More than is still open asks too; y takes it.
    scan(&mut app, "7*TEA-1");
    let Some(Modal::ConfirmOffOrder { question, .. }) = app.modal() else {
        panic!("expected a question, got {:?}", app.modal());
    };
    assert!(
        question.contains("22 would be more than the 21"),
        "{question}"
    );
    key(&mut app, Key::Esc);
    assert_eq!(app.receiving().doc.lines[0].qty, 15);

    // Post the partial delivery: stock and the order both move.
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert_eq!(app.status().kind, StatusKind::Success, "{:?}", app.status());
    assert!(
        app.status().text.contains("6 units on 1 line still open"),
        "{}",
        app.status().text
    );
    let store = shop.store();
    assert_eq!(on_hand(&store, "TEA-1"), 25);
    let order = store.order(id).expect("read").expect("order");
    assert_eq!(order.lines[0].received, 15);
    assert_eq!(order.state, OrderState::Sent);

    // Closing with a line still open says so, and asks first.
    key(&mut app, Key::Alt('6'));
    assert_eq!(app.screen(), Screen::Orders);
    key(&mut app, Key::Ctrl('k'));
    let Some(Modal::ConfirmOrder { question, .. }) = app.modal() else {
        panic!("expected a confirm, got {:?}", app.modal());
    };
    assert!(
        question.contains("1 line is still open (6 units not received)"),
        "{question}"
    );
    key(&mut app, Key::Char('y'));
    assert!(
        app.status()
            .text
            .contains("closed with 1 line not received"),
        "{}",
        app.status().text
    );
    assert_eq!(
        shop.store().order(id).expect("read").expect("order").state,
        OrderState::Closed
    );

    // A closed order cannot be received against: said, and nothing changes.
    key(&mut app, Key::F(7));
    assert_eq!(app.screen(), Screen::Orders);
    assert_eq!(app.status().kind, StatusKind::Error);
    assert!(
        app.status().text.contains("is closed"),
        "{}",
        app.status().text
    );
}

#[test]
fn an_over_delivery_taken_with_yes_is_received() {
    let shop = Shop::new();
    let mut app = shop.app();
    let id = drafted(&mut app);
    let qty = app.orders().current().expect("order").lines[0].qty;
    key(&mut app, Key::F(7));
    scan(&mut app, &format!("{}*TEA-1", qty + 2));
    assert!(matches!(app.modal(), Some(Modal::ConfirmOffOrder { .. })));
    key(&mut app, Key::Enter);
    assert_eq!(app.receiving().doc.lines[0].qty, qty + 2);
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    assert!(
        app.status().text.contains("fully received"),
        "{}",
        app.status().text
    );
    let order = shop.store().order(id).expect("read").expect("order");
    assert_eq!(order.lines[0].received, qty + 2);
    assert_eq!(on_hand(&shop.store(), "TEA-1"), 10 + qty + 2);
}

/// Receiving against an order: a scan arriving while "not on the order: add it?" is asked
/// never answers it, even when it starts with `n` or `y` (a scanner types it in one burst,
/// one batch of the terminal loop): it waits, and goes on the receipt once the question is
/// answered. An `n` pressed on its own answers, and what was left out stays listed as not
/// received until dismissed.
#[test]
fn a_scan_starting_with_n_does_not_answer_the_off_order_question() {
    let shop = Shop::new();
    shop.store()
        .add_item(&ItemFields {
            sku: Some("NUT-1".into()),
            name: Some("Nuts".into()),
            ..ItemFields::default()
        })
        .expect("nuts");
    let mut app = shop.app();
    drafted(&mut app);
    key(&mut app, Key::F(7));
    scan(&mut app, "MUG-1");
    assert!(matches!(app.modal(), Some(Modal::ConfirmOffOrder { .. })));
    app.begin_batch();
    scan(&mut app, "nut-1");
    app.end_batch();
    let Some(Modal::ConfirmOffOrder { question, .. }) = app.modal() else {
        panic!("the question about MUG-1 stays open: {:?}", app.status());
    };
    assert!(question.contains("MUG-1"), "{question}");
    assert!(app.status().text.contains("held"), "{:?}", app.status());
    assert_eq!(app.held_scans().len(), 1);
    app.begin_batch();
    type_text(&mut app, "n");
    app.end_batch();
    // MUG-1 left out; the held scan of NUT-1 comes next, and asks in its turn.
    let Some(Modal::ConfirmOffOrder { question, .. }) = app.modal() else {
        panic!("NUT-1 is not on the order either: {:?}", app.status());
    };
    assert!(question.contains("NUT-1"), "{question}");
    app.begin_batch();
    type_text(&mut app, "n");
    app.end_batch();
    assert!(app.modal().is_none());
    assert!(app.receiving().doc.lines.is_empty(), "both left out");
    let left: Vec<&str> = app
        .receiving()
        .left_out
        .iter()
        .map(|l| l.sku.as_str())
        .collect();
    assert_eq!(left, ["MUG-1", "NUT-1"], "listed as not received");
    let screen = render(&app);
    assert!(screen.contains("Not received"), "{screen}");
    assert!(screen.contains("MUG-1"), "{screen}");
    // Another scan does not hide the list; Esc on the empty scan line dismisses it.
    scan(&mut app, "TEA-1");
    assert_eq!(app.receiving().left_out.len(), 2);
    key(&mut app, Key::Esc);
    assert!(app.receiving().left_out.is_empty());
}

#[test]
fn export_writes_the_csv_and_an_unwritable_path_is_refused() {
    let shop = Shop::new();
    let mut app = shop.app();
    let id = drafted(&mut app);
    let out = shop.dir.path().join("po.csv");

    key(&mut app, Key::F(8));
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, "/nonexistent-folder/po.csv");
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form must stay open, got {:?}", app.modal());
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("cannot write"),
        "{:?}",
        form.error
    );
    key(&mut app, Key::Ctrl('u'));
    type_text(&mut app, &out.display().to_string());
    key(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.modal());
    let csv = std::fs::read_to_string(&out).expect("written");
    assert!(csv.starts_with("order,supplier,sku"), "{csv}");
    assert!(csv.contains(&format!("{id},Leafline,TEA-1")), "{csv}");
}

#[test]
fn cancel_asks_and_an_order_with_nothing_low_is_not_drafted_twice() {
    let shop = Shop::new();
    let mut app = shop.app();
    let id = drafted(&mut app);
    key(&mut app, Key::Ctrl('x'));
    assert!(matches!(app.modal(), Some(Modal::ConfirmOrder { .. })));
    key(&mut app, Key::Esc);
    assert_eq!(
        shop.store().order(id).expect("read").expect("order").state,
        OrderState::Draft
    );
    key(&mut app, Key::Ctrl('x'));
    key(&mut app, Key::Enter);
    assert_eq!(
        shop.store().order(id).expect("read").expect("order").state,
        OrderState::Cancelled
    );
    // Cancelled: its quantity no longer counts as on order.
    key(&mut app, Key::F(5));
    assert_eq!(app.alerts().rows[0].on_order, 0);
}

#[test]
fn orders_screen_draws_at_80x24_and_every_size() {
    let shop = Shop::new();
    let mut app = shop.app();
    drafted(&mut app);
    let text = render(&app);
    for want in [
        "Purchase orders",
        "Leafline",
        "DRAFT",
        "TEA-1",
        "F7 receive",
    ] {
        assert!(text.contains(want), "missing {want}");
    }
    for (w, h) in [(1, 1), (20, 5), (60, 16), (61, 17), (200, 60)] {
        common::tui::render(&app, w, h);
    }
}

#[test]
fn import_from_the_stock_list_shows_the_dry_run_then_imports() {
    let shop = Shop::new();
    let mut app = shop.app();
    let file = shop.dir.path().join("new.csv");
    std::fs::write(
        &file,
        "sku,name,price,cost,on_hand\nJAM-1,Strawberry jam,3.50,1.20,8\nMUG-1,Mug (white),9.00,,\n",
    )
    .expect("write");
    key(&mut app, Key::F(2));
    key(&mut app, Key::F(6));
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    type_text(&mut app, &file.display().to_string());
    key(&mut app, Key::Enter); // to the format field
    key(&mut app, Key::Enter); // save: the dry run
    let Some(Modal::ConfirmImport { summary, .. }) = app.modal() else {
        panic!(
            "expected the dry run, got {:?} / {:?}",
            app.modal(),
            app.status()
        );
    };
    assert!(summary.contains("1 new item"), "{summary}");
    assert!(summary.contains("1 updated item"), "{summary}");
    // The dry run changed nothing.
    assert!(shop.store().find_item("JAM-1").expect("read").is_none());
    key(&mut app, Key::Char('y'));
    assert_eq!(app.status().kind, StatusKind::Success, "{:?}", app.status());
    assert_eq!(on_hand(&shop.store(), "JAM-1"), 8);
}

#[test]
fn a_bad_import_file_changes_nothing_and_says_why() {
    let shop = Shop::new();
    let mut app = shop.app();
    let file = shop.dir.path().join("bad.csv");
    std::fs::write(&file, "sku,name,on_hand\nJAM-1,Jam,lots\nPEA-1,Peas,3\n").expect("write");
    key(&mut app, Key::F(6));
    type_text(&mut app, &file.display().to_string());
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form must stay open, got {:?}", app.modal());
    };
    let err = form.error.clone().unwrap_or_default();
    assert!(
        err.contains("1 problem") && err.contains("nothing imported"),
        "{err}"
    );
    assert!(err.contains("line 2"), "{err}");
    key(&mut app, Key::Esc);
    assert!(shop.store().find_item("PEA-1").expect("read").is_none());

    // A missing file says so.
    key(&mut app, Key::F(6));
    type_text(&mut app, "/no/such/file.csv");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form must stay open");
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("cannot read"),
        "{:?}",
        form.error
    );
}

/// The screen at 80x24 (the snapshots mask the day an order was drafted).
fn render(app: &App) -> String {
    common::tui::render(app, 80, 24)
}

#[test]
fn orders_and_receiving_against_an_order_snapshots() {
    let shop = Shop::new();
    let mut app = shop.app();
    app.store_mut().set_user("clerk");
    drafted(&mut app);
    assert_screen!("orders", &render(&app));
    key(&mut app, Key::F(7));
    scan(&mut app, "3*TEA-1");
    scan(&mut app, "MUG-1");
    assert_screen!("receiving_order_question", &render(&app));
    key(&mut app, Key::Char('y'));
    assert_screen!("receiving_order", &render(&app));
}

/// A drained batch of keys (a scanner's burst) is saved as a draft once, at its end, before
/// the frame is drawn; Ctrl-C in the middle of a batch still saves it.
#[test]
fn a_batch_of_scans_is_saved_once_at_its_end_and_on_ctrl_c() {
    let shop = Shop::new();
    let mut app = shop.app();
    key(&mut app, Key::F(3));
    let drafts = |shop: &Shop| {
        shop.store()
            .drafts(&[DocKind::Receipt], None)
            .expect("drafts")
            .iter()
            .map(|d| d.lines.iter().map(|l| l.qty).sum::<i64>())
            .collect::<Vec<_>>()
    };
    app.begin_batch();
    for _ in 0..50 {
        scan(&mut app, "MUG-1");
    }
    assert_eq!(
        drafts(&shop),
        Vec::<i64>::new(),
        "saved before the batch ended"
    );
    app.end_batch();
    assert_eq!(drafts(&shop), vec![50]);

    app.begin_batch();
    scan(&mut app, "MUG-1");
    key(&mut app, Key::Ctrl('c'));
    assert!(app.should_quit());
    assert_eq!(drafts(&shop), vec![51]);
}

/// Many alerts: only a screenful is drawn, and the selection stays on screen from the
/// first row to the last and back.
#[test]
fn a_long_alert_list_scrolls_with_the_selection() {
    let shop = Shop::new();
    {
        let mut store = shop.store();
        for i in 0..120 {
            store
                .add_item(&ItemFields {
                    sku: Some(format!("LOW-{i:03}")),
                    name: Some(format!("Low item {i}")),
                    reorder_point: Some(5),
                    ..ItemFields::default()
                })
                .expect("item");
        }
    }
    let mut app = shop.app();
    key(&mut app, Key::F(5));
    assert_eq!(app.alerts().rows.len(), 121);
    let screen = render(&app);
    assert!(
        screen.contains("LOW-000") && !screen.contains("LOW-050"),
        "{screen}"
    );
    key(&mut app, Key::End);
    let screen = render(&app);
    assert!(screen.contains("> [ ]  TEA-1"), "{screen}");
    assert!(
        screen.contains("LOW-119") && !screen.contains("LOW-000"),
        "{screen}"
    );
    for _ in 0..30 {
        key(&mut app, Key::Up);
    }
    let screen = render(&app);
    assert!(screen.contains("> [ ]  LOW-090"), "{screen}");
    key(&mut app, Key::Home);
    let screen = render(&app);
    assert!(screen.contains("> [ ]  LOW-000"), "{screen}");
    // Pick all stays instant and picks every row.
    key(&mut app, Key::F(7));
    assert_eq!(app.alerts().chosen.len(), 121);
}

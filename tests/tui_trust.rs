//! Issue 13, "trust at the counter", at the level of `App`: nothing the screen confirms may
//! be untrue. Two tills on one login, scans arriving while a form or question is open, and
//! a terminal too small to show anything. Each test here failed before its fix.

use stockroom::app::{App, AppEvent, DocRole, Key, Modal, Screen, StatusKind};
use stockroom::domain::ledger::DocKind;
use stockroom::session::Session;
use stockroom::store::{DraftLine, ItemFields, PostLine, PostRequest, Store};

mod common;

use common::tui::{app_on, enter, key, type_text, StoreFile as Shop};

const APPLE_EAN: &str = "4006381333931";
/// A valid EAN-13 that no item has.
const NEW_EAN: &str = "5012345678900";

/// ABC-1 (20 on hand, barcode APPLE_EAN), TEA-1 (10), JAM-1 (5); every session is `clerk`.
fn shop() -> Shop {
    let shop = Shop::empty();
    let mut store = shop.store();
    for (sku, name, barcodes, qty) in [
        ("ABC-1", "Apple juice 1 l", vec![APPLE_EAN], 20),
        ("TEA-1", "Green tea", vec![], 10),
        ("JAM-1", "Plum jam", vec![], 5),
    ] {
        let item = store
            .add_item(&ItemFields {
                sku: Some(sku.into()),
                name: Some(name.into()),
                barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
                price: Some(300),
                cost: Some(120),
                ..Default::default()
            })
            .expect("add item");
        store
            .post(&PostRequest::new(
                DocKind::Receipt,
                vec![PostLine {
                    item_id: item.id,
                    qty,
                    unit_cost: None,
                    unit_price: None,
                }],
            ))
            .expect("receive");
    }
    shop
}

/// A till: the app on its own connection, as `clerk` (one OS login for every till).
fn till(shop: &Shop) -> App {
    let mut store = shop.store();
    store.set_user("clerk");
    app_on(store)
}

/// A scanner's burst: the code and its Enter in one batch of the terminal loop.
fn burst(app: &mut App, code: &str) {
    app.begin_batch();
    type_text(app, code);
    enter(app);
    app.end_batch();
}

/// Keys pressed one at a time, each its own batch (a person).
fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.begin_batch();
        type_text(app, &c.to_string());
        app.end_batch();
    }
}

fn press(app: &mut App, k: Key) {
    app.begin_batch();
    key(app, k);
    app.end_batch();
}

fn lines(app: &App, role: DocRole) -> Vec<(String, i64)> {
    app.doc_screen(role)
        .doc
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.qty))
        .collect()
}

fn on_hand(store: &Store, code: &str) -> i64 {
    let item = store.find_item(code).unwrap().expect("item");
    store.on_hand(item.id).unwrap()
}

fn sold(store: &Store, code: &str) -> i64 {
    let item = store.find_item(code).unwrap().expect("item");
    store
        .history(item.id)
        .unwrap()
        .iter()
        .filter(|h| h.kind == "sale")
        .map(|h| -h.qty)
        .sum()
}

fn post(app: &mut App) {
    press(app, Key::Enter);
    // A sale asks yes/no; a receipt asks its delivery note (Enter posts without one).
    assert!(
        matches!(
            app.modal(),
            Some(Modal::ConfirmPost(_))
                | Some(Modal::Form(stockroom::app::Form {
                    kind: stockroom::app::FormKind::Post { .. },
                    ..
                }))
        ),
        "{:?}",
        app.status()
    );
    press(app, Key::Enter);
}

// ------------------------------------------------------------ finding 1: two tills

#[test]
fn two_tills_on_one_login_never_share_an_open_sale() {
    let shop = shop();
    let mut a = till(&shop);
    press(&mut a, Key::F(4));
    burst(&mut a, "ABC-1");
    assert_eq!(lines(&a, DocRole::Sales), [("ABC-1".to_string(), 1)]);

    // Till B starts on the same store under the same login: it must not open A's cart.
    let mut b = till(&shop);
    press(&mut b, Key::F(4));
    assert!(
        b.sales().doc.lines.is_empty(),
        "{:?}",
        lines(&b, DocRole::Sales)
    );
    assert_ne!(b.sales().doc.uuid, a.sales().doc.uuid);
    assert!(
        !b.status().text.contains("Reopened"),
        "B must not reopen A's draft: {:?}",
        b.status()
    );
    // B's picker shows A's cart as held, with where and since when, and will not open it.
    press(&mut b, Key::Ctrl('o'));
    let Some(Modal::DraftPicker(p)) = b.modal() else {
        panic!(
            "expected the picker, got {:?} / {:?}",
            b.modal(),
            b.status()
        );
    };
    let held = p.drafts[0]
        .held_elsewhere(b.session())
        .expect("A's draft is held");
    assert_eq!(held.place, a.session().place);
    assert!(!held.since.is_empty());
    let screen = common::tui::render(&b, 80, 24);
    assert!(screen.contains("HELD in"), "{screen}");
    press(&mut b, Key::Home);
    let fx = {
        b.begin_batch();
        let fx = key(&mut b, Key::Enter);
        b.end_batch();
        fx
    };
    assert!(fx.bell);
    assert_eq!(b.status().kind, StatusKind::Error);
    assert!(
        b.status().text.contains("open in another session"),
        "{:?}",
        b.status()
    );
    assert!(b.sales().doc.lines.is_empty());
    press(&mut b, Key::Esc);

    // B sells TEA-1; A goes on with JAM-1 and posts: both sales are whole in the ledger.
    burst(&mut b, "TEA-1");
    post(&mut b);
    assert_eq!(b.status().kind, StatusKind::Success, "{:?}", b.status());
    burst(&mut a, "JAM-1");
    post(&mut a);
    assert_eq!(a.status().kind, StatusKind::Success, "{:?}", a.status());
    assert!(!a.status().text.contains("already"), "{:?}", a.status());
    let store = shop.store();
    assert_eq!(sold(&store, "ABC-1"), 1);
    assert_eq!(sold(&store, "TEA-1"), 1);
    assert_eq!(sold(&store, "JAM-1"), 1);
    assert!(store.drafts(&[DocKind::Sale], None).unwrap().is_empty());
}

#[test]
fn a_draft_whose_session_ended_is_free_to_reopen() {
    let shop = shop();
    // A session that was killed: its process (a pid beyond any pid_max) no longer runs.
    let dead = Session {
        id: "dead-session".into(),
        process: format!("{}:4294967:77", hostname()),
        place: "pts/9 on the till that died".into(),
    };
    let mut store = shop.store();
    store.set_user("clerk");
    let tea = store.find_item("TEA-1").unwrap().unwrap();
    store
        .save_draft(
            "draft-of-a-dead-till",
            DocKind::Sale,
            None,
            &[DraftLine {
                item_id: tea.id,
                sku: tea.sku.clone(),
                name: tea.name.clone(),
                qty: 2,
                unit_amount: Some(300),
            }],
            &dead,
        )
        .unwrap();
    let app = till(&shop);
    assert_eq!(app.screen(), Screen::Sales);
    assert_eq!(lines(&app, DocRole::Sales), [("TEA-1".to_string(), 2)]);
    let draft = shop.store().draft("draft-of-a-dead-till").unwrap().unwrap();
    assert_eq!(
        draft.holder.map(|h| h.session),
        Some(app.session().id.clone()),
        "the new session holds it now"
    );
}

#[test]
fn a_session_that_ends_lets_go_of_its_drafts() {
    let shop = shop();
    {
        let mut a = till(&shop);
        press(&mut a, Key::F(3));
        burst(&mut a, "3*TEA-1");
    }
    let b = till(&shop);
    assert_eq!(b.screen(), Screen::Receiving);
    assert_eq!(lines(&b, DocRole::Receiving), [("TEA-1".to_string(), 3)]);
}

/// The store refuses a save of a draft another running session holds, and a claim of it.
#[test]
fn the_store_keeps_a_held_draft_to_its_holder() {
    let shop = shop();
    let mut store = shop.store();
    let tea = store.find_item("TEA-1").unwrap().unwrap();
    let line = DraftLine {
        item_id: tea.id,
        sku: tea.sku.clone(),
        name: tea.name.clone(),
        qty: 1,
        unit_amount: None,
    };
    let one = Session::start();
    let two = Session::start();
    store
        .save_draft("d1", DocKind::Sale, None, std::slice::from_ref(&line), &one)
        .unwrap();
    let err = store
        .save_draft("d1", DocKind::Sale, None, &[line], &two)
        .unwrap_err();
    assert!(
        format!("{err}").contains("open in another session"),
        "{err}"
    );
    assert!(matches!(
        store.claim_draft("d1", &two).unwrap(),
        stockroom::store::Claim::HeldElsewhere(_)
    ));
    assert!(store.delete_draft("d1", &two).is_err());
    store.release_drafts(&one).unwrap();
    assert!(matches!(
        store.claim_draft("d1", &two).unwrap(),
        stockroom::store::Claim::Claimed(_)
    ));
}

/// A document whose key was already posted with other lines is never shown as posted:
/// the screen refuses loudly and keeps the lines, which post as a new document.
#[test]
fn a_replay_with_other_lines_never_shows_a_tick() {
    let shop = shop();
    let mut a = till(&shop);
    press(&mut a, Key::F(4));
    burst(&mut a, "ABC-1");
    burst(&mut a, "JAM-1");
    let uuid = a.sales().doc.uuid.clone();
    // Someone else posts under the same key with only TEA-1 (as a second till on one
    // draft did before drafts had holders).
    let mut other = shop.store();
    let tea = other.find_item("TEA-1").unwrap().unwrap();
    let mut req = PostRequest::new(
        DocKind::Sale,
        vec![PostLine {
            item_id: tea.id,
            qty: 1,
            unit_cost: None,
            unit_price: None,
        }],
    );
    req.uuid = uuid.clone();
    other.post(&req).unwrap();

    post(&mut a);
    assert_eq!(a.status().kind, StatusKind::Error, "{:?}", a.status());
    assert!(a.status().text.contains("NOT POSTED"), "{:?}", a.status());
    assert!(!a.status().text.contains('✓'));
    assert_eq!(
        lines(&a, DocRole::Sales),
        [("ABC-1".to_string(), 1), ("JAM-1".to_string(), 1)],
        "the lines stay on screen"
    );
    assert_ne!(a.sales().doc.uuid, uuid, "as a new document");
    assert_eq!(sold(&shop.store(), "ABC-1"), 0);

    post(&mut a);
    assert_eq!(a.status().kind, StatusKind::Success, "{:?}", a.status());
    let store = shop.store();
    assert_eq!(sold(&store, "ABC-1"), 1);
    assert_eq!(sold(&store, "JAM-1"), 1);
    assert_eq!(sold(&store, "TEA-1"), 1);
}

/// A true replay (the same lines) still says it was already posted, and is not an error.
#[test]
fn a_replay_with_the_same_lines_says_already_posted() {
    let shop = shop();
    let mut a = till(&shop);
    press(&mut a, Key::F(4));
    burst(&mut a, "2*TEA-1");
    let mut req = PostRequest::new(
        DocKind::Sale,
        vec![PostLine {
            item_id: shop.store().find_item("TEA-1").unwrap().unwrap().id,
            qty: 2,
            unit_cost: None,
            unit_price: Some(300),
        }],
    );
    req.uuid = a.sales().doc.uuid.clone();
    shop.store().post(&req).unwrap();
    post(&mut a);
    assert_eq!(a.status().kind, StatusKind::Success, "{:?}", a.status());
    assert!(
        a.status().text.contains("already posted"),
        "{:?}",
        a.status()
    );
    assert_eq!(sold(&shop.store(), "TEA-1"), 2);
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into())
}

// ------------------------------------------------- finding 2: scans into a quick-create form

#[test]
fn scans_never_fill_the_quick_create_form() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(3));
    burst(&mut app, NEW_EAN);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("expected quick-create, got {:?}", app.status());
    };
    assert_eq!(form.fields[form.focus].label, "Name");

    // Three scans of a known code arrive while the form is open.
    for n in 1..=3 {
        let fx = {
            app.begin_batch();
            type_text(&mut app, APPLE_EAN);
            let fx = enter(&mut app);
            app.end_batch();
            fx
        };
        assert!(fx.bell, "a held scan rings");
        let Some(Modal::Form(form)) = app.modal() else {
            panic!("the form stays open, got {:?}", app.status());
        };
        assert_eq!(form.value("Name"), "", "no scan lands in a field");
        assert_eq!(form.value("Price"), "");
        assert_eq!(form.value("Cost"), "");
        assert_eq!(form.fields[form.focus].label, "Name");
        assert!(
            app.status().text.contains(&format!("({n} waiting)")),
            "{:?}",
            app.status()
        );
    }
    // Two stray Enters (the rest of a scanner's CR+LF, a thumb) do not save a nameless item.
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    assert!(
        matches!(app.modal(), Some(Modal::Form(_))),
        "an empty name is refused"
    );
    assert!(shop.store().find_item(NEW_EAN).unwrap().is_none());

    // A person fills it in, a key at a time; then the held scans go on the receipt.
    press(&mut app, Key::Home);
    press(&mut app, Key::Down);
    typed(&mut app, "Tote bag");
    press(&mut app, Key::Enter);
    typed(&mut app, "12.50");
    press(&mut app, Key::Enter);
    typed(&mut app, "4.00");
    press(&mut app, Key::Enter);
    // No supplier, no reorder point: Enter past them saves.
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    assert_eq!(
        lines(&app, DocRole::Receiving),
        [(NEW_EAN.to_string(), 1), ("ABC-1".to_string(), 3)]
    );
    assert!(app.held_scans().is_empty());
    let item = shop.store().find_item(NEW_EAN).unwrap().expect("created");
    assert_eq!(item.name, "Tote bag");
    assert_eq!(item.price, Some(1250));
    post(&mut app);
    assert_eq!(app.status().kind, StatusKind::Success, "{:?}", app.status());
    assert_eq!(on_hand(&shop.store(), "ABC-1"), 23);
}

/// A name or a price typed and sent with Enter in one go (a fast typist over SSH, a paste
/// of one line) is still typing: only what looks like a code is taken for a scan.
#[test]
fn typing_that_is_not_a_code_still_fills_the_form() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(3));
    burst(&mut app, NEW_EAN);
    burst(&mut app, "Tote bag");
    burst(&mut app, "12.50");
    burst(&mut app, "4");
    // Supplier and reorder point left empty.
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    let item = shop.store().find_item(NEW_EAN).unwrap().expect("created");
    assert_eq!(item.name, "Tote bag");
    assert_eq!(item.price, Some(1250));
    assert_eq!(item.cost, Some(400));
}

#[test]
fn an_absurd_amount_asks_before_it_is_saved() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(3));
    burst(&mut app, NEW_EAN);
    typed(&mut app, "Tote bag");
    press(&mut app, Key::Enter);
    typed(&mut app, "5012345678900");
    // Past cost, supplier and reorder point (left empty) to save.
    for _ in 0..4 {
        press(&mut app, Key::Enter);
    }
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("asked first, got {:?}", app.status());
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("over a million"),
        "{:?}",
        form.error
    );
    assert!(shop.store().find_item(NEW_EAN).unwrap().is_none());
    // Saving again keeps it: the person meant it.
    press(&mut app, Key::Enter);
    assert!(app.modal().is_none(), "{:?}", app.status());
    let item = shop.store().find_item(NEW_EAN).unwrap().expect("created");
    assert_eq!(item.price, Some(501_234_567_890_000));
}

/// Off a document screen there is nothing to hold a scan for: it is refused, loudly.
#[test]
fn a_scan_into_a_form_off_the_document_screens_is_refused() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(2));
    burst(&mut app, "TEA-1");
    press(&mut app, Key::Enter);
    assert_eq!(app.screen(), Screen::ItemDetail, "{:?}", app.status());
    // The count form.
    app.begin_batch();
    let _ = key(&mut app, Key::F(7));
    app.end_batch();
    let before = app.modal().cloned();
    let Some(Modal::Form(_)) = before else {
        // Find the count key from the footer if F7 is not it.
        panic!("expected a form on item detail, got {:?}", app.modal());
    };
    app.begin_batch();
    type_text(&mut app, APPLE_EAN);
    let fx = enter(&mut app);
    app.end_batch();
    assert!(fx.bell);
    assert_eq!(app.modal().cloned(), before, "the form is unchanged");
    assert!(
        app.status().text.contains("not taken"),
        "{:?}",
        app.status()
    );
}

// -------------------------------------------- finding 3: scans never answer a question

/// "Post this sale?" is closed unanswered by a scan, which goes on the sale.
#[test]
fn a_scan_never_posts_or_discards() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(4));
    burst(&mut app, "TEA-1");
    press(&mut app, Key::Enter);
    burst(&mut app, "y-not-a-code");
    assert_eq!(sold(&shop.store(), "TEA-1"), 0);
    press(&mut app, Key::Ctrl('d'));
    assert!(matches!(app.modal(), Some(Modal::ConfirmDiscard(_))));
    burst(&mut app, "JAM-1");
    assert_eq!(
        lines(&app, DocRole::Sales),
        [("TEA-1".to_string(), 1), ("JAM-1".to_string(), 1)]
    );
}

// ---------------------------------------------- finding 5: too small takes no keys

#[test]
fn a_terminal_too_small_takes_no_key_but_ctrl_c() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(4));
    burst(&mut app, "TEA-1");
    app.update(AppEvent::Resize {
        width: 50,
        height: 12,
    });
    let screen = common::tui::render(&app, 50, 12);
    assert!(screen.contains("too small"), "{screen}");
    // A scan and two Enters: nothing changes, nothing is posted.
    burst(&mut app, "JAM-1");
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    press(&mut app, Key::F(2));
    app.update(AppEvent::Paste("ABC-1\n".into()));
    assert_eq!(app.screen(), Screen::Sales);
    assert!(app.modal().is_none());
    assert_eq!(lines(&app, DocRole::Sales), [("TEA-1".to_string(), 1)]);
    assert_eq!(sold(&shop.store(), "TEA-1"), 0);
    // Big enough again: the sale is as it was, and posts.
    app.update(AppEvent::Resize {
        width: 80,
        height: 24,
    });
    post(&mut app);
    assert_eq!(sold(&shop.store(), "TEA-1"), 1);
    // Too small again: Ctrl-C still quits.
    app.update(AppEvent::Resize {
        width: 50,
        height: 12,
    });
    let fx = app.update(AppEvent::Key(Key::Ctrl('c')));
    assert!(fx.quit);
}

/// Over SSH a scan can arrive in two batches (OpenSSH sends keys in 20 ms clumps): the
/// first part, typed into the form, is taken back out when the rest arrives with its Enter.
#[test]
fn a_scan_split_across_two_batches_is_taken_back_out_of_the_form() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(3));
    burst(&mut app, NEW_EAN);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    app.begin_batch();
    type_text(&mut app, "4006381");
    app.end_batch();
    app.begin_batch();
    type_text(&mut app, "333931");
    enter(&mut app);
    app.end_batch();
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays open, got {:?}", app.status());
    };
    assert_eq!(form.value("Name"), "", "the first part was taken back out");
    assert_eq!(form.fields[form.focus].label, "Name");
    assert_eq!(app.held_scans().len(), 1);
    assert_eq!(app.held_scans()[0].1, APPLE_EAN);
    // A person typing a key at a time is untouched by this.
    typed(&mut app, "Jam");
    press(&mut app, Key::Enter);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays open, got {:?}", app.status());
    };
    assert_eq!(form.value("Name"), "Jam");
    assert_eq!(form.fields[form.focus].label, "Price");
}

/// Letters typed a key at a time and then a scan: the letters are a person's typing and
/// stay in the field; the scan is held whole (before, "Lea" went into the scan and the
/// field was emptied). A known code arriving whole with its Enter is never joined to what
/// the last batch typed either.
#[test]
fn typing_then_a_scan_keeps_the_typing_in_the_form() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(3));
    burst(&mut app, NEW_EAN);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    typed(&mut app, "Lea");
    burst(&mut app, APPLE_EAN);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays open, got {:?}", app.status());
    };
    assert_eq!(form.value("Name"), "Lea", "the typing stays");
    assert_eq!(app.held_scans().len(), 1);
    assert_eq!(app.held_scans()[0].1, APPLE_EAN);
    // Two letters in one batch (a quick typist over SSH), then a known code whole.
    app.begin_batch();
    type_text(&mut app, "fy");
    app.end_batch();
    burst(&mut app, APPLE_EAN);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the form stays open, got {:?}", app.status());
    };
    assert_eq!(form.value("Name"), "Leafy");
    assert_eq!(app.held_scans().len(), 2);
    assert_eq!(app.held_scans()[1].1, APPLE_EAN);
}

/// `y` and Enter in one go (a person quick on the keys, or `tmux send-keys y Enter`) is an
/// answer, not a one-letter scan.
#[test]
fn y_and_enter_in_one_batch_answer_the_post_question() {
    let shop = shop();
    let mut app = till(&shop);
    press(&mut app, Key::F(4));
    burst(&mut app, "TEA-1");
    press(&mut app, Key::Enter);
    assert!(matches!(app.modal(), Some(Modal::ConfirmPost(_))));
    burst(&mut app, "y");
    assert_eq!(app.status().kind, StatusKind::Success, "{:?}", app.status());
    assert_eq!(sold(&shop.store(), "TEA-1"), 1);
}

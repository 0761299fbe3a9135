//! Figures on screen are whole or replaced by the overflow mark, never cut to a different
//! number (issue 13, finding 4): every table and total at 80x24 and at the minimum 60x16,
//! and the status line, which cuts long text at a word boundary with `…`.

use stockroom::app::{App, AppEvent, Key};
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, PostLine, PostRequest, Store};

mod common;

use common::tui::{app_on, enter, key, render, scan, StoreFile as Shop};

/// 5012345678900.00 in minor units.
const HUGE_MONEY: i64 = 501_234_567_890_000;
const SIZES: [(u16, u16); 2] = [(80, 24), (60, 16)];

fn add(store: &mut Store, sku: &str, name: &str, fields: ItemFields) -> i64 {
    store
        .add_item(&ItemFields {
            sku: Some(sku.into()),
            name: Some(name.into()),
            ..fields
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

/// A shop whose items `fill` adds, the user fixed to "clerk".
fn shop_with(fill: impl FnOnce(&mut Store)) -> Shop {
    let shop = Shop::empty();
    let mut store = shop.store();
    store.set_user("clerk");
    fill(&mut store);
    shop
}

fn fixed_user_app(shop: &Shop) -> App {
    let mut store = shop.store();
    store.set_user("clerk");
    app_on(store)
}

/// Print a screen when FIGURES_SHOW is set (to look at them with --nocapture).
fn show(screen: &str) {
    if std::env::var_os("FIGURES_SHOW").is_some() {
        eprintln!("{screen}");
    }
}

/// The runs of figure characters on screen.
fn tokens(screen: &str) -> Vec<&str> {
    screen
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Each figure is on screen whole, or the overflow mark is; and no figure on screen is the
/// figure's start or end cut off (a different number).
fn assert_whole(screen: &str, figures: &[&str]) {
    let toks = tokens(screen);
    for fig in figures {
        assert!(
            toks.contains(fig) || screen.contains("###"),
            "{fig} is neither shown whole nor marked as overflowing:\n{screen}"
        );
        for t in &toks {
            let cut = t.len() >= 4
                && t.len() < fig.len()
                && (fig.ends_with(t) || fig.starts_with(t))
                && !figures.contains(t);
            assert!(!cut, "{t} on screen is {fig} cut:\n{screen}");
        }
    }
}

fn resize(app: &mut App, width: u16, height: u16) {
    app.update(AppEvent::Resize { width, height });
}

/// The app drawn at 80x24 and at 60x16.
fn screens(app: &mut App) -> Vec<String> {
    SIZES
        .iter()
        .map(|&(w, h)| {
            resize(app, w, h);
            let s = render(app, w, h);
            show(&s);
            s
        })
        .collect()
}

#[test]
fn a_receiving_line_of_a_million_units_and_a_huge_cost_is_shown_whole() {
    let shop = shop_with(|s| {
        add(
            s,
            "TOTE-CANVAS",
            "Canvas tote bag, natural",
            ItemFields {
                cost: Some(1250),
                ..Default::default()
            },
        );
        add(
            s,
            "PRESS-01",
            "Printing press",
            ItemFields {
                cost: Some(HUGE_MONEY),
                ..Default::default()
            },
        );
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(3));
    scan(&mut app, "1000000*TOTE-CANVAS");
    scan(&mut app, "PRESS-01");
    for s in screens(&mut app) {
        assert_whole(
            &s,
            &[
                "1000000",
                "12.50",
                "5012345678900.00",
                // The total.
                "5012358178900.00",
            ],
        );
        assert!(s.contains("1000001 units"), "{s}");
    }
}

#[test]
fn a_sales_cart_with_a_huge_total_is_shown_whole() {
    let shop = shop_with(|s| {
        let id = add(
            s,
            "PRESS-01",
            "Printing press",
            ItemFields {
                price: Some(HUGE_MONEY),
                ..Default::default()
            },
        );
        receive(s, id, 5000);
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(4));
    scan(&mut app, "1000*PRESS-01");
    let [wide, narrow] = <[String; 2]>::try_from(screens(&mut app)).unwrap();
    // At 80 columns the line's amount is shown too.
    assert_whole(
        &wide,
        &["1000", "5012345678900.00", "5012345678900000.00", "5000"],
    );
    assert_whole(
        &narrow,
        &["1000", "5012345678900.00", "5012345678900000.00"],
    );
    for s in [&wide, &narrow] {
        assert!(s.contains("total 5012345678900000.00"), "{s}");
    }
}

#[test]
fn the_stock_list_shows_a_billion_on_hand_whole() {
    let shop = shop_with(|s| {
        let id = add(
            s,
            "BOLT-M3",
            "Bolt M3 x 10, zinc",
            ItemFields {
                price: Some(HUGE_MONEY),
                cost: Some(1),
                reorder_point: Some(999_999_999),
                ..Default::default()
            },
        );
        receive(s, id, 1_000_000_000);
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(2));
    for s in screens(&mut app) {
        assert_whole(&s, &["1000000000", "999999999"]);
    }
}

#[test]
fn the_ledger_shows_a_big_running_balance_whole() {
    let shop = shop_with(|s| {
        let id = add(
            s,
            "BOLT-M3",
            "Bolt M3 x 10, zinc",
            ItemFields {
                price: Some(HUGE_MONEY),
                cost: Some(1234),
                ..Default::default()
            },
        );
        receive(s, id, 1_000_000_000);
        receive(s, id, 1_000_000_000);
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(2));
    enter(&mut app);
    assert!(app.detail().is_some(), "the item opened");
    for s in screens(&mut app) {
        assert_whole(
            &s,
            &[
                "1000000000",
                "2000000000",
                "5012345678900.00",
                "24680000000.00",
                "12.34",
            ],
        );
        // The ledger's quantities, signed.
        assert!(s.contains("+1000000000"), "{s}");
    }
}

#[test]
fn an_alert_row_shows_big_figures_whole() {
    let shop = shop_with(|s| {
        let id = add(
            s,
            "BOLT-M3",
            "Bolt M3 x 10, zinc",
            ItemFields {
                cost: Some(1),
                reorder_point: Some(1_000_000_000),
                reorder_qty: Some(500_000_000),
                ..Default::default()
            },
        );
        receive(s, id, 999_999_999);
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(5));
    assert!(!app.alerts().rows.is_empty(), "the item is at risk");
    let r = &app.alerts().rows[0];
    let suggested = r.suggested_qty.to_string();
    let suggested_rp = r.suggested_reorder_point.to_string();
    for s in screens(&mut app) {
        assert_whole(&s, &["999999999", "1000000000", &suggested, &suggested_rp]);
    }
}

#[test]
fn the_status_line_cuts_long_text_at_a_word_with_an_ellipsis() {
    // The name is as long as makes the message's last figure straddle the width at 60.
    let shop = shop_with(|s| {
        add(
            s,
            "TOTE-CANVAS",
            "Canvas tote bags",
            ItemFields {
                cost: Some(1250),
                ..Default::default()
            },
        );
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(3));
    scan(&mut app, "1000000*TOTE-CANVAS");
    assert!(
        app.status().text.contains("(1000000 on this document)"),
        "{}",
        app.status().text
    );
    // At 80 columns as at 60 the message is longer than the room for it.
    for (w, h) in SIZES {
        resize(&mut app, w, h);
        let s = render(&app, w, h);
        show(&s);
        let status = s.lines().nth(usize::from(h) - 3).unwrap();
        assert!(status.contains("+1000000 TOTE-CANVAS"), "{status}");
        assert!(status.contains('…'), "a cut message ends with …: {status}");
        assert!(
            status.contains("shop.db · clerk"),
            "the rest of the line is kept: {status}"
        );
        assert_whole(status, &["1000000"]);
        assert!(
            !status.contains("(1") || status.contains("(1000000 "),
            "no figure is cut: {status}"
        );
    }
}

#[test]
fn an_amount_beyond_what_a_figure_holds_is_the_overflow_mark_not_a_clamped_figure() {
    // 1000000 x 5012345678900.00 is beyond an i64 of minor units: the line's amount and the
    // total cannot be worked out, and must not show as 92233720368547758.07 (or part of it).
    let shop = shop_with(|s| {
        add(
            s,
            "PRESS-01",
            "Printing press",
            ItemFields {
                price: Some(HUGE_MONEY),
                ..Default::default()
            },
        );
    });
    let mut app = fixed_user_app(&shop);
    key(&mut app, Key::F(4));
    scan(&mut app, "1000000*PRESS-01");
    let clamped = "92233720368547758.07";
    for s in screens(&mut app) {
        assert_whole(&s, &["1000000", "5012345678900.00"]);
        assert!(s.contains("total ####"), "{s}");
        for t in tokens(&s) {
            assert!(
                t.len() < 4 || !clamped.contains(t),
                "{t} is the clamped amount:\n{s}"
            );
        }
    }
    // The question before posting says the same.
    enter(&mut app);
    assert!(app.modal().is_some(), "asks before posting");
    let s = render(&app, 80, 24);
    show(&s);
    assert!(s.contains("total ####"), "{s}");
    assert!(!s.contains("922337"), "{s}");
}

//! Reorder alerts and purchase orders through the real binary.

mod common;

use common::Shop;

/// Two items with the same stock and reorder point; one sells ten a day, the other one a
/// week. Sales are loaded with --at relative to now, so the rates are real.
fn two_sellers() -> Shop {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "FAST",
        "--name",
        "Fast seller",
        "--reorder-point",
        "20",
        "--reorder-qty",
        "10",
        "--cost",
        "1.00",
        "--supplier",
        "Acme",
        "--new-supplier",
        "--lead-time",
        "7",
    ]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "SLOW",
        "--name",
        "Slow seller",
        "--reorder-point",
        "20",
        "--reorder-qty",
        "10",
        "--cost",
        "1.00",
        "--supplier",
        "Bolt",
        "--new-supplier",
        "--lead-time",
        "7",
    ]);
    let now = chrono::Utc::now();
    let start = now - chrono::Duration::days(60);
    s.ok(&["receive", "FAST", "700", "--at", &start.to_rfc3339()]);
    s.ok(&["receive", "SLOW", "700", "--at", &start.to_rfc3339()]);
    let mut fast = String::new();
    let mut slow = String::new();
    // One line per sale via the library-free CLI would be slow; use scan for today's stock
    // and --at for history.
    for day in 1..60 {
        let at = (start + chrono::Duration::days(day)).to_rfc3339();
        fast.push_str(&at);
        fast.push('\n');
        if day % 7 == 0 {
            slow.push_str(&at);
            slow.push('\n');
        }
    }
    for at in fast.lines() {
        s.ok(&["sell", "FAST", "10", "--at", at]);
    }
    for at in slow.lines() {
        s.ok(&["sell", "SLOW", "1", "--at", at]);
    }
    // Bring both to the same stock, at their reorder point.
    for sku in ["FAST", "SLOW"] {
        s.ok(&["count", sku, "15"]);
    }
    s
}

#[test]
fn suggestions_follow_the_sales_rate_and_orders_group_by_supplier() {
    let s = two_sellers();
    let alerts = s.json(&["alerts", "--json"]);
    let get = |sku: &str| {
        alerts
            .as_array()
            .expect("a")
            .iter()
            .find(|a| a["sku"] == sku)
            .cloned()
            .unwrap_or_else(|| panic!("{sku} not alerted: {alerts}"))
    };
    let (fast, slow) = (get("FAST"), get("SLOW"));
    for a in [&fast, &slow] {
        assert_eq!(a["on_hand"], 15);
        assert_eq!(a["on_order"], 0);
        assert_eq!(a["reorder_point"], 20);
    }
    let fq = fast["suggested_qty"].as_i64().expect("qty");
    let sq = slow["suggested_qty"].as_i64().expect("qty");
    assert!(fq > sq, "fast seller should get more: fast {fq}, slow {sq}");
    assert!(
        fq >= 100,
        "ten a day over lead time and review should be at least 100, got {fq}"
    );

    let out = s.ok(&["order", "draft"]);
    let ids: Vec<&str> = out.lines().collect();
    assert_eq!(ids.len(), 2, "one order per supplier: {out}");
    let orders = s.json(&["order", "list", "--json"]);
    let suppliers: Vec<&str> = orders
        .as_array()
        .expect("a")
        .iter()
        .map(|o| o["supplier"].as_str().unwrap_or(""))
        .collect();
    assert!(
        suppliers.contains(&"Acme") && suppliers.contains(&"Bolt"),
        "{orders}"
    );
    // What is on order now counts: nobody orders twice.
    let alerts = s.json(&["alerts", "--json"]);
    let fast = alerts
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["sku"] == "FAST")
        .cloned()
        .expect("fast");
    assert_eq!(fast["on_order"].as_i64(), Some(fq));
    assert_eq!(fast["suggested_qty"], 0);
    let out = s.ok(&["order", "draft"]);
    assert!(out.contains("nothing to order"), "{out}");
}

#[test]
fn receiving_against_an_order_ticks_it_off() {
    let s = two_sellers();
    let out = s.ok(&["order", "draft", "--supplier", "acme"]);
    let id = out.lines().next().expect("an order id").trim().to_string();
    let order = s.json(&["order", "show", &id, "--json"]);
    assert_eq!(order["state"], "draft");
    assert_eq!(order["lines"][0]["sku"], "FAST");
    let qty = order["lines"][0]["qty"].as_i64().expect("qty");
    s.ok(&["order", "send", &id]);
    let fast = s.json(&["item", "show", "FAST", "--json"]);
    assert_eq!(fast["on_order"].as_i64(), Some(qty));
    s.ok(&["receive", "FAST", "10", "--order", &id]);
    let fast = s.json(&["item", "show", "FAST", "--json"]);
    assert_eq!(fast["on_order"].as_i64(), Some(qty - 10));
    let order = s.json(&["order", "show", &id, "--json"]);
    assert_eq!(order["state"], "sent");
    assert_eq!(order["lines"][0]["received"], 10);
    assert_eq!(s.json(&["item", "show", "FAST", "--json"])["on_hand"], 25);
    // Not on the order: refused, nothing changed.
    let before = s.fingerprint();
    let r = s.run(&["receive", "SLOW", "1", "--order", &id]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not on purchase order"), "{}", r.stderr);
    assert_eq!(before, s.fingerprint());
    // More than is still open: refused without --extra, nothing changed.
    let over = (qty - 10 + 1).to_string();
    let r = s.run(&["receive", "FAST", &over, "--order", &id]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("still open on purchase order"),
        "{}",
        r.stderr
    );
    assert_eq!(before, s.fingerprint());
    // --extra takes an item that is not on the order (it is then on the receipt only).
    s.ok(&["receive", "SLOW", "1", "--order", &id, "--extra"]);
    assert_eq!(
        s.json(&["order", "show", &id, "--json"])["lines"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Export for the supplier.
    let csv = s.ok(&["order", "export", &id]);
    assert!(csv.starts_with("order,supplier,sku"), "{csv}");
    assert!(
        csv.contains(&format!(",FAST,Fast seller,,{qty},10,{},", qty - 10)),
        "{csv}"
    );
    let r = s.run(&["order", "export", &id, "-o", "/nonexistent/dir/po.csv"]);
    assert_eq!(r.code, 1);
    // Closing with lines open says so; then nothing more can be received.
    let out = s.ok(&["order", "close", &id]);
    assert!(out.contains("still open"), "{out}");
    let before = s.fingerprint();
    let r = s.run(&["receive", "FAST", "1", "--order", &id]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("closed"), "{}", r.stderr);
    assert_eq!(before, s.fingerprint());
    s.ok(&["check"]);
}

#[test]
fn order_bad_input() {
    let s = two_sellers();
    let before = s.fingerprint();
    for (args, needle) in [
        (
            vec!["order", "draft", "--supplier", "Nobody"],
            "unknown supplier",
        ),
        (vec!["order", "show", "999"], "unknown purchase order"),
        (vec!["order", "show", "abc"], "not a purchase order"),
        (
            vec!["receive", "FAST", "1", "--order", "999"],
            "unknown purchase order",
        ),
        (vec!["order", "cancel", "999"], "unknown purchase order"),
    ] {
        let r = s.run(&args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
    }
    assert_eq!(before, s.fingerprint());
    let id = s
        .ok(&["order", "draft"])
        .lines()
        .next()
        .expect("id")
        .to_string();
    s.ok(&["order", "cancel", &id]);
    let before = s.fingerprint();
    for (args, needle) in [
        (
            vec!["receive", "FAST", "1", "--order", id.as_str()],
            "cancelled",
        ),
        (
            vec!["order", "set-qty", id.as_str(), "FAST", "5"],
            "cancelled",
        ),
        (
            vec!["order", "set-qty", id.as_str(), "FAST", "-5"],
            "negative",
        ),
        (vec!["order", "send", id.as_str()], "cancelled"),
    ] {
        let r = s.run(&args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
    }
    assert_eq!(before, s.fingerprint());
}

/// Suppliers are records: a contact and a default lead time, which an item without its own
/// lead time uses for its suggestion. Bad input changes nothing.
#[test]
fn suppliers_are_records_whose_lead_time_items_inherit() {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&[
        "supplier",
        "add",
        "Leafline",
        "--contact",
        "orders@leafline.test",
        "--lead-time",
        "21",
    ]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "TEA",
        "--name",
        "Tea",
        "--reorder-point",
        "5",
        "--supplier",
        "leafline",
    ]);
    let list = s.json(&["supplier", "list", "--json"]);
    assert_eq!(list[0]["name"], "Leafline");
    assert_eq!(list[0]["contact"], "orders@leafline.test");
    assert_eq!(list[0]["lead_time_days"], 21);
    let alerts = s.json(&["alerts", "--json"]);
    assert_eq!(alerts[0]["sku"], "TEA");
    assert_eq!(alerts[0]["lead_time_days"], 21);
    // Changing the supplier's lead time moves the item's.
    s.ok(&["supplier", "add", "Leafline", "--lead-time", "3"]);
    assert_eq!(s.json(&["alerts", "--json"])[0]["lead_time_days"], 3);
    assert_eq!(
        s.json(&["supplier", "list", "--json"])[0]["contact"],
        "orders@leafline.test"
    );

    let before = s.fingerprint();
    for (args, needle) in [
        (vec!["supplier", "add", " "], "supplier name is empty"),
        (
            vec!["supplier", "add", "X", "--lead-time", "-1"],
            "cannot be negative",
        ),
        (
            vec!["supplier", "add", "X", "--lead-time", "soon"],
            "lead time",
        ),
        (
            vec!["order", "draft", "--supplier", "Nobody"],
            "unknown supplier",
        ),
    ] {
        let r = s.run(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error:") && r.stderr.contains(needle),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert_eq!(before, s.fingerprint());
}

//! Purchase orders made by hand through the real binary (issue 15 point 4): `order new`,
//! `add`, `set`, `remove`; the rule for what may change (an open order, never below what was
//! received); items of another supplier refused; "partly received" after a partial delivery.

mod common;

use common::Shop;

/// Suppliers Acme and Bolt; TEA (Acme, cost 1.50), MUG (Bolt), BAG (no supplier).
fn shop() -> Shop {
    let s = Shop::new();
    s.ok(&["init"]);
    s.ok(&["supplier", "add", "Acme"]);
    s.ok(&["supplier", "add", "Bolt"]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "TEA",
        "--name",
        "Tea",
        "--cost",
        "1.50",
        "--supplier",
        "Acme",
        "--barcode",
        "4006381333931",
    ]);
    s.ok(&[
        "item",
        "add",
        "--sku",
        "MUG",
        "--name",
        "Mug",
        "--supplier",
        "Bolt",
    ]);
    s.ok(&["item", "add", "--sku", "BAG", "--name", "Bag"]);
    s
}

fn new_order(s: &Shop, supplier: &str) -> String {
    let out = s.ok(&["order", "new", "--supplier", supplier, "--note", "by phone"]);
    let id = out.trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "{out}");
    id
}

fn line(s: &Shop, id: &str, sku: &str) -> Option<serde_json::Value> {
    let order = s.json(&["order", "show", id, "--json"]);
    order["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["sku"] == sku)
        .cloned()
}

#[test]
fn an_order_made_by_hand_takes_lines_costs_and_removals() {
    let s = shop();
    let id = new_order(&s, "acme");
    let order = s.json(&["order", "show", &id, "--json"]);
    assert_eq!(order["supplier"], "Acme");
    assert_eq!(order["state"], "draft");
    assert_eq!(order["note"], "by phone");
    assert_eq!(order["lines"].as_array().map(Vec::len), Some(0));

    // By SKU or barcode; a second add adds to the line; a new line takes the item's cost.
    s.ok(&["order", "add", &id, "TEA", "5"]);
    let tea = line(&s, &id, "TEA").expect("line");
    assert_eq!(
        (tea["qty"].as_i64(), tea["unit_cost"].as_str()),
        (Some(5), Some("1.50"))
    );
    let out = s.ok(&["order", "add", &id, "4006381333931", "3", "--cost", "1.40"]);
    assert!(out.contains("8 × TEA at 1.40"), "{out}");
    // An item with no supplier goes on any order.
    s.ok(&["order", "add", &id, "BAG", "2"]);
    assert_eq!(line(&s, &id, "BAG").expect("bag")["qty"], 2);

    // Change quantity and cost, each alone or both.
    s.ok(&["order", "set", &id, "TEA", "--cost", "1.25"]);
    let tea = line(&s, &id, "TEA").expect("line");
    assert_eq!(
        (tea["qty"].as_i64(), tea["unit_cost"].as_str()),
        (Some(8), Some("1.25"))
    );
    s.ok(&["order", "set", &id, "TEA", "--qty", "6", "--cost", "1.30"]);
    let tea = line(&s, &id, "TEA").expect("line");
    assert_eq!(
        (tea["qty"].as_i64(), tea["unit_cost"].as_str()),
        (Some(6), Some("1.30"))
    );

    // Remove a line.
    let out = s.ok(&["order", "remove", &id, "BAG"]);
    assert!(out.contains("BAG removed"), "{out}");
    assert!(line(&s, &id, "BAG").is_none());

    // The units count as on order, and the CSV for the supplier has the hand-set cost.
    assert_eq!(s.json(&["item", "show", "TEA", "--json"])["on_order"], 6);
    let csv = s.ok(&["order", "export", &id]);
    assert!(csv.contains("TEA"), "{csv}");
    assert!(csv.contains("1.30"), "{csv}");

    // A sent order still takes lines (a phone call adds to it).
    s.ok(&["order", "send", &id]);
    s.ok(&["order", "add", &id, "BAG", "1"]);
    assert_eq!(line(&s, &id, "BAG").expect("bag")["qty"], 1);
    s.ok(&["check"]);
}

#[test]
fn bad_input_changes_nothing_and_says_why_in_one_line() {
    let s = shop();
    let id = new_order(&s, "Acme");
    s.ok(&["order", "add", &id, "TEA", "5"]);
    let cancelled = new_order(&s, "Acme");
    s.ok(&["order", "add", &cancelled, "TEA", "1"]);
    s.ok(&["order", "cancel", &cancelled]);
    let closed = new_order(&s, "Acme");
    s.ok(&["order", "add", &closed, "TEA", "1"]);
    s.ok(&["order", "close", &closed]);

    let before = s.fingerprint();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["order", "new", "--supplier", "Nobody"],
            "unknown supplier 'Nobody' (known: Acme, Bolt)",
        ),
        (
            vec!["order", "add", "999", "TEA", "1"],
            "unknown purchase order 999",
        ),
        (
            vec!["order", "add", "abc", "TEA", "1"],
            "not a purchase order number",
        ),
        (
            vec!["order", "add", &id, "NOPE", "1"],
            "unknown item 'NOPE'",
        ),
        (vec!["order", "add", &id, "TEA", "0"], "above zero"),
        (vec!["order", "add", &id, "TEA", "-2"], "above zero"),
        (vec!["order", "add", &id, "TEA", "two"], "two"),
        (
            vec!["order", "add", &id, "TEA", "1", "--cost", "1.4x"],
            "cost: '1.4x' is not an amount",
        ),
        (
            vec!["order", "add", &id, "TEA", "1", "--cost", "-1"],
            "negative",
        ),
        (
            vec!["order", "add", &id, "MUG", "1"],
            "MUG comes from Bolt; purchase order",
        ),
        (
            vec!["order", "add", &cancelled, "TEA", "1"],
            "is cancelled; it can no longer be changed",
        ),
        (
            vec!["order", "add", &closed, "TEA", "1"],
            "is closed; it can no longer be changed",
        ),
        (vec!["order", "set", &id, "TEA"], "nothing to change"),
        (vec!["order", "set", &id, "TEA", "--qty", "0"], "above zero"),
        (
            vec!["order", "set", &id, "TEA", "--cost", "abc"],
            "not an amount",
        ),
        (
            vec!["order", "set", &id, "BAG", "--qty", "2"],
            "BAG is not on purchase order",
        ),
        (
            vec!["order", "set", &closed, "TEA", "--qty", "2"],
            "is closed",
        ),
        (
            vec!["order", "remove", &id, "BAG"],
            "BAG is not on purchase order",
        ),
        (vec!["order", "remove", &id, "NOPE"], "unknown item"),
        (vec!["order", "remove", &cancelled, "TEA"], "is cancelled"),
        (
            vec!["order", "remove", "999", "TEA"],
            "unknown purchase order 999",
        ),
    ];
    for (args, needle) in &cases {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.starts_with("error:") && r.stderr.contains(needle),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(
            r.stderr.trim_end().lines().count(),
            1,
            "{args:?}: {}",
            r.stderr
        );
    }
    assert_eq!(before, s.fingerprint());
}

#[test]
fn a_partial_delivery_shows_partly_received_and_bounds_the_line() {
    let s = shop();
    let id = new_order(&s, "Acme");
    s.ok(&["order", "add", &id, "TEA", "10"]);
    s.ok(&["order", "add", &id, "BAG", "4"]);
    s.ok(&["order", "send", &id]);
    let order = s.json(&["order", "show", &id, "--json"]);
    assert_eq!(
        (order["state"].as_str(), order["received_state"].as_str()),
        (Some("sent"), Some("none"))
    );

    s.ok(&["receive", "TEA", "4", "--order", &id]);
    let order = s.json(&["order", "show", &id, "--json"]);
    // The stored state stays as the contract has it; what came in is beside it.
    assert_eq!(
        (order["state"].as_str(), order["received_state"].as_str()),
        (Some("sent"), Some("partly received"))
    );
    let list = s.json(&["order", "list", "--json"]);
    assert_eq!(list[0]["received_state"], "partly received");
    let shown = s.ok(&["order", "show", &id]);
    assert!(shown.contains("sent, partly received"), "{shown}");
    let listed = s.ok(&["order", "list"]);
    assert!(listed.contains("partly received"), "{listed}");

    // The received line cannot go below what came, nor be removed; the rest can.
    let before = s.fingerprint();
    let r = s.run(&["order", "set", &id, "TEA", "--qty", "3"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("4 already received"), "{}", r.stderr);
    let r = s.run(&["order", "remove", &id, "TEA"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("4 already received"), "{}", r.stderr);
    let r = s.run(&["order", "set-qty", &id, "TEA", "0"]);
    assert_eq!(r.code, 1, "set-qty keeps the same rule");
    assert_eq!(before, s.fingerprint());
    s.ok(&["order", "set", &id, "TEA", "--qty", "4"]);
    s.ok(&["order", "remove", &id, "BAG"]);
    // Everything ordered has now come: no longer "partly".
    let order = s.json(&["order", "show", &id, "--json"]);
    assert_eq!(order["received_state"], "received");
    assert_eq!(order["state"], "sent");
    s.ok(&["check"]);
}

#[test]
fn help_describes_every_flag_of_the_new_commands() {
    let s = Shop::new();
    for (cmd, wants) in [
        ("new", &["--supplier <NAME>", "--note <TEXT>"][..]),
        ("add", &["<ID>", "<CODE>", "<QTY>", "--cost <MONEY>"][..]),
        (
            "set",
            &["<ID>", "<CODE>", "--qty <N>", "--cost <MONEY>"][..],
        ),
        ("remove", &["<ID>", "<CODE>"][..]),
    ] {
        let out = s.ok(&["order", cmd, "--help"]);
        for want in wants {
            let row = out
                .lines()
                .find(|l| l.trim_start().starts_with(want))
                .unwrap_or_else(|| panic!("order {cmd} --help lacks {want}: {out}"));
            // Every flag and argument has its own description after the name.
            assert!(
                row.trim_start().len() > want.len() + 3,
                "order {cmd}: {want} undescribed: {row}"
            );
        }
    }
}

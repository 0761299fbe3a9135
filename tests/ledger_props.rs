//! Property tests on the library: for any sequence of postings the ledger's invariants hold.

use proptest::prelude::*;
use stockroom::domain::ledger::DocKind;
use stockroom::store::{ItemFields, PostLine, PostRequest, Store};

#[derive(Debug, Clone)]
enum Op {
    Receive(i64, i64),
    Sell(i64),
    Return(i64),
    Adjust(i64),
    Count(i64),
    VoidLast,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..50, 100i64..5000).prop_map(|(q, c)| Op::Receive(q, c)),
        4 => (1i64..30).prop_map(Op::Sell),
        1 => (1i64..5).prop_map(Op::Return),
        1 => (-10i64..10).prop_map(Op::Adjust),
        1 => (0i64..60).prop_map(Op::Count),
        1 => Just(Op::VoidLast),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn ledger_invariants_hold(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("p.db")).expect("open");
        store.set_bulk_load(true).expect("fast");
        let item = store.add_item(&ItemFields { sku: Some("P".into()), name: Some("Prop".into()), ..ItemFields::default() }).expect("item");
        let mut costs: Vec<i64> = Vec::new();
        let mut last_doc: Option<String> = None;
        for op in ops {
            let line = |qty| PostLine { item_id: item.id, qty, unit_cost: None, unit_price: None };
            let req = match op {
                Op::Receive(q, c) => { costs.push(c); PostRequest::new(DocKind::Receipt, vec![PostLine { unit_cost: Some(c), ..line(q) }]) }
                Op::Sell(q) => PostRequest::new(DocKind::Sale, vec![line(q)]),
                Op::Return(q) => PostRequest::new(DocKind::Return, vec![line(q)]),
                Op::Adjust(d) => { let mut r = PostRequest::new(DocKind::Adjustment, vec![line(d)]); r.reason = Some("test".into()); r }
                Op::Count(q) => PostRequest::new(DocKind::Count, vec![line(q)]),
                Op::VoidLast => {
                    if let Some(d) = last_doc.take() {
                        let _ = store.void(&d, "test", &uuid::Uuid::new_v4().to_string());
                    }
                    continue;
                }
            };
            let before = store.balance(item.id).expect("balance");
            let cost_unknown = costs.is_empty();
            match store.post(&req) {
                Ok(p) => {
                    // Stock found before anything was ever received comes in at cost 0.
                    if cost_unknown && p.lines.iter().any(|l| l.qty > 0) {
                        costs.push(0);
                    }
                    last_doc = Some(p.doc);
                }
                Err(_) => prop_assert_eq!(before, store.balance(item.id).expect("balance"), "a refusal changed stock"),
            }
            let bal = store.balance(item.id).expect("balance");
            let hist = store.history(item.id).expect("history");
            let sum_q: i64 = hist.iter().map(|h| h.qty).sum();
            let sum_v: i64 = hist.iter().map(|h| h.value).sum();
            prop_assert_eq!(bal.on_hand, sum_q);
            prop_assert_eq!(bal.value, sum_v);
            prop_assert!(bal.on_hand >= 0);
            if bal.on_hand == 0 {
                prop_assert_eq!(bal.value, 0, "no stock must mean no value");
            }
            if let (Some(avg), Some(lo), Some(hi)) = (bal.avg_cost(), costs.iter().min(), costs.iter().max()) {
                prop_assert!(avg >= *lo && avg <= *hi, "avg {} outside [{}, {}]", avg, lo, hi);
            }
        }
        prop_assert!(store.check().expect("check").is_empty());
    }
}

/// A return comes back at the unit cost of the item's latest sale by when it happened, and
/// the item's history stays in posting order, back-dated postings included.
#[test]
fn returns_cost_the_latest_sale_and_history_keeps_posting_order() {
    use chrono::TimeZone;
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("r.db")).expect("open");
    let item = store
        .add_item(&ItemFields {
            sku: Some("R".into()),
            name: Some("Returned".into()),
            ..ItemFields::default()
        })
        .expect("item");
    let at = |day: u32| {
        chrono::Utc
            .with_ymd_and_hms(2026, 3, day, 12, 0, 0)
            .single()
    };
    let post = |store: &mut Store, kind, qty, cost: Option<i64>, when| {
        let mut req = PostRequest::new(
            kind,
            vec![PostLine {
                item_id: item.id,
                qty,
                unit_cost: cost,
                unit_price: None,
            }],
        );
        req.at = when;
        store.post(&req).expect("post")
    };
    // 10 in at 1.00, one sold on the 10th; 10 more at 3.00, one sold on the 20th; 18 more
    // at 5.00 on the 21st; then a sale on the 5th is loaded late (posted last), at the
    // average cost by then (3.53), not the 2.05 the sale of the 20th went out at.
    post(&mut store, DocKind::Receipt, 10, Some(100), at(1));
    post(&mut store, DocKind::Sale, 1, None, at(10));
    post(&mut store, DocKind::Receipt, 10, Some(300), at(11));
    post(&mut store, DocKind::Sale, 1, None, at(20));
    post(&mut store, DocKind::Receipt, 18, Some(500), at(21));
    post(&mut store, DocKind::Sale, 1, None, at(5));
    let returned = post(&mut store, DocKind::Return, 1, None, None);
    let history = store.history(item.id).expect("history");
    let last = history.last().expect("rows");
    assert_eq!(last.kind, "return");
    // The sale of the 20th went out at (9*100 + 10*300) / 19 = 205.26 -> 205.
    let late_sale = history.get(history.len() - 2).expect("late sale");
    assert_eq!(late_sale.value, -353, "{history:?}");
    assert_eq!(last.value, 205, "{history:?}");
    assert_eq!(returned.lines.len(), 1);
    let kinds: Vec<&str> = history.iter().map(|h| h.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["receipt", "sale", "receipt", "sale", "receipt", "sale", "return"],
        "posting order"
    );
    let balances: Vec<i64> = history.iter().map(|h| h.balance).collect();
    assert_eq!(balances, [10, 9, 19, 18, 36, 35, 36]);
    assert!(store.check().expect("check").is_empty());
}

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

// ---------------------------------------------------------------------------------------
// The rules of every document kind, without SQL (`stockroom::domain::posting` and
// `stockroom::domain::purchasing`).

mod rules {
    use proptest::prelude::*;
    use stockroom::domain::ledger::{Balance, DocKind, MAX_QTY};
    use stockroom::domain::posting::{
        check_line, check_lines, check_reason, check_void, clean_text, fallback_unit_cost,
        opening_receipt_value, past_needed, post_line, postable, void_line, DocRefusal, ItemNow,
        LineIn, LineRefusal, Movement, NegativeStock, PastCosts, PastNeeded, Shortfall,
        TextRefusal, VoidRefusal,
    };
    use stockroom::domain::purchasing::{
        check_line_change, check_new_order, check_post_against_order, off_order, open_qty,
        OffOrder, OrderLineRefusal, OrderRefusal, OrderState, OrderedLine,
    };

    const POSTABLE: [DocKind; 5] = [
        DocKind::Receipt,
        DocKind::Sale,
        DocKind::Return,
        DocKind::Adjustment,
        DocKind::Count,
    ];

    fn kind() -> impl Strategy<Value = DocKind> {
        proptest::sample::select(DocKind::ALL.to_vec())
    }

    fn postable_kind() -> impl Strategy<Value = DocKind> {
        proptest::sample::select(POSTABLE.to_vec())
    }

    fn money() -> impl Strategy<Value = Option<i64>> {
        proptest::option::of(0i64..100_000)
    }

    fn negative() -> impl Strategy<Value = NegativeStock> {
        prop_oneof![Just(NegativeStock::Refuse), Just(NegativeStock::Allow)]
    }

    /// A balance as the ledger keeps it: nothing on hand is no value; stock on hand carries
    /// a value at a unit cost in range. With `negative`, stock below zero (valued at 0, as
    /// negative stock is valued at the fallback cost it went out at, here 0..).
    fn balance() -> impl Strategy<Value = Balance> {
        prop_oneof![
            Just(Balance::default()),
            (1i64..1_000, 0i64..100_000).prop_map(|(q, c)| Balance {
                on_hand: q,
                value: q * c,
            }),
            (1i64..1_000, 0i64..100_000_000).prop_map(|(q, v)| Balance {
                on_hand: q,
                value: v,
            }),
        ]
    }

    fn any_balance() -> impl Strategy<Value = Balance> {
        prop_oneof![
            4 => balance(),
            1 => (-1_000i64..0, -100_000_000i64..0).prop_map(|(q, v)| Balance { on_hand: q, value: v }),
        ]
    }

    fn item(balance: impl Strategy<Value = Balance>) -> impl Strategy<Value = ItemNow> {
        (balance, money(), money()).prop_map(|(balance, cost, price)| ItemNow {
            balance,
            cost,
            price,
        })
    }

    fn past() -> impl Strategy<Value = PastCosts> {
        (money(), money()).prop_map(|(last_receipt, last_sale)| PastCosts {
            last_receipt,
            last_sale,
        })
    }

    /// A line its kind accepts (`check_line`).
    fn line_for(kind: DocKind) -> impl Strategy<Value = LineIn> {
        let qty = match kind {
            DocKind::Adjustment => prop_oneof![-1_000i64..=-1, 1i64..=1_000].boxed(),
            DocKind::Count => (0i64..=2_000).boxed(),
            _ => (1i64..=1_000).boxed(),
        };
        (qty, money(), money()).prop_map(|(qty, unit_cost, unit_price)| LineIn {
            qty,
            unit_cost,
            unit_price,
        })
    }

    fn posting() -> impl Strategy<Value = (DocKind, LineIn, ItemNow, PastCosts, NegativeStock)> {
        postable_kind().prop_flat_map(|k| {
            (
                Just(k),
                line_for(k),
                item(any_balance()),
                past(),
                negative(),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// Receipt: `qty` in at the line's cost, else the item's, else the average, else 0;
        /// never refused, no price, no demand.
        #[test]
        fn a_receipt_comes_in_at_the_first_cost_known(
            line in line_for(DocKind::Receipt), it in item(any_balance()), past in past(), neg in negative()
        ) {
            let m = post_line(DocKind::Receipt, line, it, past, neg).expect("a receipt is never refused");
            let cost = line.unit_cost.or(it.cost).or(it.balance.avg_cost()).unwrap_or(0);
            prop_assert_eq!(m, Movement { qty: line.qty, value: line.qty * cost, unit_price: None, demand: 0 });
        }

        /// Sale: refused beyond what is on hand unless negative stock is allowed; otherwise
        /// `qty` out at the moving average, priced at the line's price else the item's, and
        /// counted as demand.
        #[test]
        fn a_sale_goes_out_at_the_average_or_is_refused(
            line in line_for(DocKind::Sale), it in item(any_balance()), past in past(), neg in negative()
        ) {
            let b = it.balance;
            let r = post_line(DocKind::Sale, line, it, past, neg);
            if neg == NegativeStock::Refuse && b.on_hand < line.qty {
                prop_assert_eq!(r, Err(LineRefusal::Insufficient(Shortfall { on_hand: b.on_hand, asked: line.qty })));
                return Ok(());
            }
            let m = r.expect("allowed");
            prop_assert_eq!(m.qty, -line.qty);
            prop_assert_eq!(m.demand, line.qty);
            prop_assert_eq!(m.unit_price, line.unit_price.or(it.price));
            prop_assert_eq!(m.value, -b.issue_value(line.qty, fallback_unit_cost(it, past)));
            if b.on_hand > 0 && line.qty <= b.on_hand && b.value >= 0 {
                // Out of what is on hand: never more than its value, all of it when all goes.
                prop_assert!(-m.value >= 0 && -m.value <= b.value);
                let after = m.applied_to(b);
                if after.on_hand == 0 {
                    prop_assert_eq!(after.value, 0, "no stock must mean no value");
                }
            }
        }

        /// Return: `qty` in at the line's cost, else the latest sale's unit cost, else the
        /// fallback (average, item cost, latest receipt, 0); priced as a sale; demand `-qty`.
        #[test]
        fn a_return_comes_back_at_the_latest_sale_cost(
            line in line_for(DocKind::Return), it in item(any_balance()), past in past(), neg in negative()
        ) {
            let m = post_line(DocKind::Return, line, it, past, neg).expect("a return is never refused");
            let cost = line.unit_cost.or(past.last_sale).unwrap_or(fallback_unit_cost(it, past));
            prop_assert_eq!(m, Movement {
                qty: line.qty,
                value: line.qty * cost,
                unit_price: line.unit_price.or(it.price),
                demand: -line.qty,
            });
        }

        /// Count: the movement is the difference, so on hand afterwards is what was counted;
        /// from stock not below zero a count is never refused.
        #[test]
        fn a_count_leaves_what_was_counted(
            line in line_for(DocKind::Count), it in item(balance()), past in past(), neg in negative()
        ) {
            let m = post_line(DocKind::Count, line, it, past, neg).expect("a count is never refused");
            prop_assert_eq!(m.applied_to(it.balance).on_hand, line.qty);
            prop_assert_eq!(m.demand, 0);
            prop_assert_eq!(m.unit_price, None);
            if m.qty >= 0 {
                prop_assert_eq!(m.value, m.qty * line.unit_cost.unwrap_or(fallback_unit_cost(it, past)));
            } else {
                prop_assert_eq!(m.value, -it.balance.issue_value(-m.qty, fallback_unit_cost(it, past)));
            }
            if line.qty == 0 && it.balance.value >= 0 {
                prop_assert_eq!(m.applied_to(it.balance), Balance::default(), "counted nothing: no value");
            }
        }

        /// Adjustment: the signed change as given; in at the line's cost else the fallback,
        /// out at the average, and refused below zero unless negative stock is allowed.
        #[test]
        fn an_adjustment_moves_by_its_quantity(
            line in line_for(DocKind::Adjustment), it in item(any_balance()), past in past(), neg in negative()
        ) {
            let b = it.balance;
            let r = post_line(DocKind::Adjustment, line, it, past, neg);
            if line.qty < 0 && neg == NegativeStock::Refuse && b.on_hand + line.qty < 0 {
                prop_assert_eq!(r, Err(LineRefusal::Insufficient(Shortfall { on_hand: b.on_hand, asked: -line.qty })));
                return Ok(());
            }
            let m = r.expect("allowed");
            prop_assert_eq!(m.qty, line.qty);
            prop_assert_eq!(m.applied_to(b).on_hand, b.on_hand + line.qty);
            prop_assert_eq!((m.demand, m.unit_price), (0, None));
            let fallback = fallback_unit_cost(it, past);
            if line.qty > 0 {
                prop_assert_eq!(m.value, line.qty * line.unit_cost.unwrap_or(fallback));
            } else {
                prop_assert_eq!(m.value, -b.issue_value(-line.qty, fallback));
            }
        }

        /// Negative stock: refused, no posting takes stock that is not below zero below it;
        /// allowed, no posting of any kind is refused.
        #[test]
        fn negative_stock_is_refused_or_allowed_as_set((k, line, it, past, neg) in posting()) {
            let r = post_line(k, line, it, past, neg);
            match neg {
                NegativeStock::Allow => prop_assert!(r.is_ok(), "{:?} refused with negative stock allowed: {:?}", k, r),
                NegativeStock::Refuse => {
                    if let Ok(m) = r {
                        if it.balance.on_hand >= 0 {
                            prop_assert!(m.applied_to(it.balance).on_hand >= 0);
                        }
                    }
                }
            }
            if let Err(LineRefusal::Insufficient(s)) = r {
                prop_assert_eq!(s.on_hand, it.balance.on_hand);
                prop_assert!(s.on_hand - s.asked < 0);
            }
        }

        /// The store reads only the past costs `past_needed` asks for: with the others left
        /// unread (`None`), every posting comes out the same.
        #[test]
        fn past_costs_not_needed_change_nothing((k, line, it, past, neg) in posting()) {
            let needed = past_needed(k, line, it);
            let read = PastCosts {
                last_receipt: past.last_receipt.filter(|_| needed.last_receipt),
                last_sale: past.last_sale.filter(|_| needed.last_sale),
            };
            prop_assert_eq!(post_line(k, line, it, past, neg), post_line(k, line, it, read, neg));
            if k == DocKind::Receipt {
                prop_assert_eq!(needed, PastNeeded::default(), "a receipt reads no history");
            }
        }

        /// The fallback cost: the average, else the item's cost, else the latest receipt's,
        /// else 0.
        #[test]
        fn the_fallback_cost_is_the_first_known(it in item(any_balance()), past in past()) {
            let want = it.balance.avg_cost().or(it.cost).or(past.last_receipt).unwrap_or(0);
            prop_assert_eq!(fallback_unit_cost(it, past), want);
        }

        /// Voiding a movement that took stock out puts back exactly what it took, value
        /// included; voiding one that brought stock in takes the quantity back out at the
        /// average. Price and demand are reversed with it; refused below zero unless allowed.
        #[test]
        fn a_void_reverses_its_movement((k, line, it, past, neg) in posting(), later in item(any_balance()), vneg in negative()) {
            let Ok(m) = post_line(k, line, it, past, neg) else { return Ok(()) };
            // Right after the posting.
            let after = m.applied_to(it.balance);
            let now = ItemNow { balance: after, ..it };
            match void_line(m, now, vneg) {
                Err(s) => {
                    prop_assert_eq!(vneg, NegativeStock::Refuse);
                    prop_assert_eq!(s, Shortfall { on_hand: after.on_hand, asked: m.qty });
                    prop_assert!(after.on_hand - m.qty < 0);
                }
                Ok(v) => {
                    prop_assert_eq!(v.qty, -m.qty);
                    prop_assert_eq!(v.demand, -m.demand);
                    prop_assert_eq!(v.unit_price, m.unit_price);
                    prop_assert_eq!(v.applied_to(after).on_hand, it.balance.on_hand);
                    if m.qty <= 0 {
                        prop_assert_eq!(v.applied_to(after), it.balance, "what went out comes back as it was");
                    } else {
                        prop_assert_eq!(v.value, -after.issue_value(m.qty, after.avg_cost().or(it.cost).unwrap_or(0)));
                    }
                }
            }
            // Later, against whatever the balance is by then.
            let r = void_line(m, later, vneg);
            let refused = vneg == NegativeStock::Refuse && later.balance.on_hand - m.qty < 0;
            prop_assert_eq!(r.is_err(), refused);
        }

        /// Line checks: each kind's quantities (adjustment ±1..=MAX, count 0..=MAX, others
        /// 1..=MAX), no negative money, voids and transfers not posted from lines.
        #[test]
        fn lines_are_checked_by_kind(k in kind(), qty in -2 * MAX_QTY..2 * MAX_QTY, cost in proptest::option::of(-10i64..10), price in proptest::option::of(-10i64..10)) {
            let line = LineIn { qty, unit_cost: cost, unit_price: price };
            let qty_ok = match k {
                DocKind::Adjustment => qty != 0 && qty.abs() <= MAX_QTY,
                DocKind::Count => (0..=MAX_QTY).contains(&qty),
                _ => (1..=MAX_QTY).contains(&qty),
            };
            let money_ok = cost.unwrap_or(0) >= 0 && price.unwrap_or(0) >= 0;
            let r = check_line(k, line);
            prop_assert_eq!(r.is_ok(), qty_ok && money_ok);
            if !qty_ok {
                prop_assert!(matches!(r, Err(DocRefusal::AdjustmentChangesNothing(q) | DocRefusal::NegativeCount(q) | DocRefusal::NotAboveZero(q)) if q == qty));
            }
            let doc = check_lines(k, [line]);
            if !postable(k) {
                prop_assert_eq!(doc, Err(DocRefusal::NotPostable(k)));
            } else {
                prop_assert_eq!(doc, r);
                prop_assert_eq!(check_lines(k, std::iter::empty::<LineIn>()), Err(DocRefusal::NoLines));
            }
            prop_assert_eq!(check_reason(k, false).is_err(), matches!(k, DocKind::Adjustment | DocKind::Void));
            prop_assert!(check_reason(k, true).is_ok());
        }

        /// An opening receipt values a line as a receipt of an item with nothing known does.
        #[test]
        fn an_opening_receipt_is_a_receipt_of_nothing_known(line in line_for(DocKind::Receipt)) {
            let m = post_line(DocKind::Receipt, line, ItemNow::default(), PastCosts::default(), NegativeStock::Refuse).expect("receipt");
            prop_assert_eq!(opening_receipt_value(line), Some(m.value));
        }

        /// References and reasons: trimmed, empty is none, control characters and more than
        /// 500 characters refused.
        #[test]
        fn texts_are_trimmed_and_bounded(s in "[ a-z\t\u{7}é]{0,600}") {
            let t = s.trim();
            let want = if t.is_empty() {
                Ok(None)
            } else if t.chars().any(char::is_control) {
                Err(TextRefusal::ControlCharacter)
            } else if t.chars().count() > 500 {
                Err(TextRefusal::TooLong)
            } else {
                Ok(Some(t))
            };
            prop_assert_eq!(clean_text(Some(&s)), want);
            prop_assert_eq!(clean_text(None), Ok(None));
        }

        /// A posting happens when it is given as happening, else now; never in the future.
        #[test]
        fn postings_are_never_dated_in_the_future(at in proptest::option::of(-100i64..100), now in -50i64..50) {
            let r = stockroom::domain::posting::posting_time(at, now);
            match at {
                None => prop_assert_eq!(r, Ok(now)),
                Some(t) if t > now => prop_assert_eq!(r, Err(t)),
                Some(t) => prop_assert_eq!(r, Ok(t)),
            }
        }

        /// Void checks, in order: the kind the number was given with, not a void, not
        /// voided already, moved stock.
        #[test]
        fn voids_are_checked_in_order(given in proptest::option::of(kind()), k in kind(), by in proptest::option::of(1i64..9), moved: bool) {
            let r = check_void(given, k, by, moved);
            let want = match (given, by) {
                (Some(g), _) if g != k => Err(VoidRefusal::WrongKind { given: g }),
                _ if k == DocKind::Void => Err(VoidRefusal::IsAVoid),
                (_, Some(v)) => Err(VoidRefusal::AlreadyVoided(v)),
                _ if !moved => Err(VoidRefusal::NothingToReverse),
                _ => Ok(()),
            };
            prop_assert_eq!(r, want);
        }

        /// A run of postings and voids through the rules alone, negative stock refused: stock
        /// never goes below zero, no stock is no value, and the average cost stays within the
        /// costs received.
        #[test]
        fn a_ledger_of_rules_keeps_its_invariants(ops in proptest::collection::vec((postable_kind(), -60i64..60, 0i64..5_000, any::<bool>(), any::<bool>()), 1..80)) {
            let mut it = ItemNow::default();
            let mut costs: Vec<i64> = Vec::new();
            let mut posted: Vec<Movement> = Vec::new();
            let mut last_sale: Option<i64> = None;
            for (k, q, c, with_cost, void) in ops {
                let qty = match k {
                    DocKind::Adjustment if q == 0 => 1,
                    DocKind::Adjustment => q,
                    _ => q.abs().max(if k == DocKind::Count { 0 } else { 1 }),
                };
                let line = LineIn { qty, unit_cost: (with_cost || k == DocKind::Receipt).then_some(c), unit_price: None };
                let known = PastCosts { last_receipt: costs.last().copied(), last_sale };
                if void {
                    if let Some(m) = posted.pop() {
                        if let Ok(v) = void_line(m, it, NegativeStock::Refuse) {
                            it.balance = v.applied_to(it.balance);
                        }
                    }
                } else if let Ok(m) = post_line(k, line, it, known, NegativeStock::Refuse) {
                    if m.qty > 0 {
                        costs.push(if m.qty > 0 { m.value / m.qty } else { 0 });
                    }
                    if k == DocKind::Sale {
                        last_sale = Some(stockroom::domain::posting::unit_cost_of(m.qty, m.value));
                    }
                    it.balance = m.applied_to(it.balance);
                    posted.push(m);
                }
                let b = it.balance;
                prop_assert!(b.on_hand >= 0);
                prop_assert!(b.value >= 0, "{:?}", b);
                if b.on_hand == 0 {
                    prop_assert_eq!(b.value, 0, "no stock must mean no value");
                }
                if let (Some(avg), Some(lo), Some(hi)) = (b.avg_cost(), costs.iter().min(), costs.iter().max()) {
                    prop_assert!(avg >= *lo && avg <= *hi, "avg {} outside [{}, {}]", avg, lo, hi);
                }
            }
        }

        /// Purchase orders: a line's open quantity is ordered less received, never below 0.
        #[test]
        fn open_quantity_is_never_negative(ordered in 0i64..10_000, received in -10i64..20_000) {
            let open = open_qty(ordered, received);
            prop_assert!(open >= 0);
            prop_assert_eq!(open, if received <= ordered { ordered - received } else { 0 });
            prop_assert_eq!(OrderedLine { ordered, received }.open(), open);
        }

        /// The receiving rule: off the order when the item is not on it or more than its
        /// line has open.
        #[test]
        fn receiving_more_than_open_is_off_the_order(line in proptest::option::of((1i64..100, 0i64..150)), qty in 1i64..200) {
            let line = line.map(|(ordered, received)| OrderedLine { ordered, received });
            let r = off_order(line, qty);
            match line {
                None => prop_assert_eq!(r, Some(OffOrder::NotOnOrder)),
                Some(l) if qty > l.open() => prop_assert_eq!(r, Some(OffOrder::MoreThanOpen { open: l.open() })),
                Some(_) => prop_assert_eq!(r, None),
            }
        }
    }

    proptest! {
        /// A new order: at least one line, each of one unit or more at a cost not below 0.
        #[test]
        fn new_order_lines_are_checked(lines in proptest::collection::vec((-3i64..5, proptest::option::of(-3i64..5)), 0..5)) {
            let r = check_new_order(lines.iter().copied());
            let bad = lines.iter().find(|(q, c)| *q <= 0 || c.is_some_and(|c| c < 0));
            let want = match bad {
                _ if lines.is_empty() => Err(OrderLineRefusal::NoLines),
                None => Ok(()),
                Some((q, _)) if *q <= 0 => Err(OrderLineRefusal::NotAboveZero(*q)),
                Some(_) => Err(OrderLineRefusal::NegativeCost),
            };
            prop_assert_eq!(r, want);
        }

        /// A line changes to 0 (removed) or more, and only on an open order.
        #[test]
        fn only_open_orders_change(state in proptest::option::of(proptest::sample::select(STATES.to_vec())), qty in -5i64..5) {
            let r = check_line_change(state, qty);
            let want = match state {
                _ if qty < 0 => Err(OrderLineRefusal::Negative(qty)),
                Some(s) if !s.is_open() => Err(OrderLineRefusal::Closed(s)),
                _ => Ok(()),
            };
            prop_assert_eq!(r, want);
        }
    }

    const STATES: [OrderState; 4] = [
        OrderState::Draft,
        OrderState::Sent,
        OrderState::Closed,
        OrderState::Cancelled,
    ];

    /// Only receipts are posted against an order, and only an open (draft or sent) one.
    #[test]
    fn postings_against_orders() {
        for k in DocKind::ALL {
            assert_eq!(
                check_post_against_order(None, k),
                Err(OrderRefusal::Unknown)
            );
            for s in STATES {
                let want = if !s.is_open() {
                    Err(OrderRefusal::NotOpen(s))
                } else if k != DocKind::Receipt {
                    Err(OrderRefusal::NotAReceipt)
                } else {
                    Ok(())
                };
                assert_eq!(check_post_against_order(Some(s), k), want, "{k} on {s}");
            }
        }
    }

    /// An order's states: draft → sent; draft or sent → closed or cancelled; nothing else.
    #[test]
    fn order_states_move_forward_only() {
        use OrderState::*;
        let allowed = [
            (Draft, Sent),
            (Draft, Closed),
            (Draft, Cancelled),
            (Sent, Closed),
            (Sent, Cancelled),
        ];
        for from in STATES {
            assert_eq!(OrderState::parse(from.as_str()), Some(from));
            assert_eq!(from.is_open(), matches!(from, Draft | Sent));
            for to in STATES {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from} → {to}"
                );
            }
        }
    }
}

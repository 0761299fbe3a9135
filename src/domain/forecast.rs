//! Demand rates from an item's sales history, and order suggestions.
//!
//! Pure maths: no I/O, std only. A *series* is the demand per period, oldest first (net
//! sales; negative, NaN and infinite values count as 0, and values are capped at
//! [`MAX_DEMAND`] so that no sum or square can overflow).
//!
//! - [`classify`] puts a series into one of the Syntetos–Boylan–Croston (2005) classes from
//!   its average inter-demand interval (ADI) and the squared coefficient of variation of its
//!   non-zero sizes (CV²), with the cut-offs ADI = 1.32 and CV² = 0.49.
//! - [`ses`], [`croston`], [`sba`] and [`tsb`] are the classic one-step-ahead forecasters.
//! - [`forecast`] picks a method by class and returns a rate and a standard deviation per
//!   period; [`suggest`] turns them into an order-up-to quantity for a periodic-review
//!   policy (lead time plus review period).
//! - Their accuracy on held-out data (MASE, Hyndman & Koehler 2006) is measured in
//!   [`backtest`](super::backtest), which also reads the wide tables of series it runs on.
//!
//! # Method choice
//!
//! [`forecast`] uses SES for smooth and erratic series, **TSB for intermittent** series and
//! **SES for lumpy** ones, all with α = β = 0.1. The choice comes from
//! [`backtest`](super::backtest::backtest) on the 2,509 complete car-parts series of
//! Hyndman et al. (51 months, last 12 held out, rolling one-step-ahead; see
//! `tests/forecast_backtest.rs` and `examples/backtest.rs`), per class of the training part
//! (mean MASE, α = β = 0.1):
//!
//! | class (series)      | naive | SES   | SBA   | TSB   |
//! |---------------------|-------|-------|-------|-------|
//! | intermittent (2187) | 1.311 | 1.205 | 1.355 | 1.203 |
//! | lumpy (287)         | 0.785 | 0.776 | 0.841 | 0.824 |
//!
//! SBA (and Croston) came last on both intermittent classes, on either half of the series
//! and with 6 or 18 periods held out as well: they never lower their forecast while an item
//! is not selling, and many of these parts are dying. TSB and SES both decay then (TSB's
//! demand probability and SES's level shrink by 10% a period); on intermittent series they
//! tie, and TSB is kept there because it models the demand probability and the size
//! separately; on lumpy series SES was ahead in every split. The 19 smooth and erratic
//! series are too few to choose by, so they keep the textbook SES. Caveat: the choice was
//! made on the same data as the table, and MASE, an absolute-error measure, rewards
//! forecasting the median, which is 0 for most intermittent series (the "zero" row of the
//! backtest beats every method), so MASE ranks forecasts, not stocking policies.

/// ADI at or above which a series counts as intermittent (Syntetos et al. 2005).
pub const ADI_CUTOFF: f64 = 1.32;
/// CV² at or above which a series counts as erratic (Syntetos et al. 2005).
pub const CV2_CUTOFF: f64 = 0.49;
/// Smoothing constant used by [`forecast`] for SES and for the sizes and intervals of
/// Croston, SBA and TSB.
pub const DEFAULT_ALPHA: f64 = 0.1;
/// Smoothing constant used by [`forecast`] for TSB's demand probability.
pub const DEFAULT_BETA: f64 = 0.1;
/// Largest demand per period taken at face value; larger (or infinite) values are capped.
pub const MAX_DEMAND: f64 = 1e12;
/// Largest level [`suggest`] computes with (order-up-to levels are capped here, so sums of
/// them cannot overflow). Not a quantity a document may hold: that is `ledger::MAX_QTY`.
pub const MAX_LEVEL: i64 = 1_000_000_000_000_000;

/// A demand pattern (Syntetos, Boylan & Croston 2005).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandClass {
    /// Regular demand with steady sizes (ADI < 1.32, CV² < 0.49).
    Smooth,
    /// Regular demand with widely varying sizes (ADI < 1.32, CV² ≥ 0.49).
    Erratic,
    /// Sporadic demand with steady sizes (ADI ≥ 1.32, CV² < 0.49).
    Intermittent,
    /// Sporadic demand with widely varying sizes (ADI ≥ 1.32, CV² ≥ 0.49).
    Lumpy,
    /// No demand at all in the series (empty, or only zeros).
    NoHistory,
}

impl DemandClass {
    /// Every class, in display order.
    pub const ALL: [DemandClass; 5] = [
        DemandClass::Smooth,
        DemandClass::Erratic,
        DemandClass::Intermittent,
        DemandClass::Lumpy,
        DemandClass::NoHistory,
    ];

    /// A short lower-case name ("smooth", "erratic", "intermittent", "lumpy", "no history").
    pub fn name(&self) -> &'static str {
        match self {
            DemandClass::Smooth => "smooth",
            DemandClass::Erratic => "erratic",
            DemandClass::Intermittent => "intermittent",
            DemandClass::Lumpy => "lumpy",
            DemandClass::NoHistory => "no history",
        }
    }

    /// The forecasting method [`forecast`] uses for this class: SES for smooth, erratic and
    /// lumpy series, TSB for intermittent ones, none without history (see the module
    /// documentation for the backtest behind it).
    pub fn method(&self) -> Method {
        match self {
            DemandClass::Smooth | DemandClass::Erratic | DemandClass::Lumpy => Method::Ses,
            DemandClass::Intermittent => Method::Tsb,
            DemandClass::NoHistory => Method::None,
        }
    }
}

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Simple exponential smoothing.
    Ses,
    /// Syntetos–Boylan approximation: Croston's forecast times (1 − α/2).
    Sba,
    /// Teunter–Syntetos–Babai: smoothed demand probability times smoothed size.
    Tsb,
    /// No forecast (no history): the rate is 0.
    None,
}

impl Method {
    /// The method's short name: "SES", "SBA", "TSB" or "none".
    pub fn name(&self) -> &'static str {
        match self {
            Method::Ses => "SES",
            Method::Sba => "SBA",
            Method::Tsb => "TSB",
            Method::None => "none",
        }
    }
}

/// A series' demand class, the method chosen for it, and the statistics behind the class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemandProfile {
    /// The demand class.
    pub class: DemandClass,
    /// The method [`forecast`] uses for this class.
    pub method: Method,
    /// Average inter-demand interval: periods per period with demand (0 when there is none).
    pub adi: f64,
    /// Squared coefficient of variation of the non-zero demand sizes (population variance
    /// over the squared mean; 0 with fewer than two demands or none).
    pub cv2: f64,
}

/// One demand value as the forecasters see it: negatives, NaN and −∞ become 0, and values
/// above [`MAX_DEMAND`] (including +∞) are capped.
pub(crate) fn clean(y: f64) -> f64 {
    if y.is_nan() || y <= 0.0 {
        0.0
    } else {
        y.min(MAX_DEMAND)
    }
}

/// A smoothing constant: NaN becomes `default`, anything else is clamped to `[0, 1]`.
fn clean_weight(w: f64, default: f64) -> f64 {
    if w.is_nan() {
        default
    } else {
        w.clamp(0.0, 1.0)
    }
}

/// Classify a series (demand per period, oldest first) by ADI and CV².
///
/// ADI is the number of periods divided by the number of periods with demand; CV² is the
/// population variance of the non-zero sizes over their squared mean. A series without any
/// demand is [`DemandClass::NoHistory`] with `adi` and `cv2` both 0.
pub fn classify(series: &[f64]) -> DemandProfile {
    let mut count = 0usize;
    let mut sum = 0.0;
    for y in series.iter().copied().map(clean) {
        if y > 0.0 {
            count += 1;
            sum += y;
        }
    }
    if count == 0 {
        return DemandProfile {
            class: DemandClass::NoHistory,
            method: Method::None,
            adi: 0.0,
            cv2: 0.0,
        };
    }
    let mean = sum / count as f64;
    let var = series
        .iter()
        .copied()
        .map(clean)
        .filter(|y| *y > 0.0)
        .map(|y| (y - mean) * (y - mean))
        .sum::<f64>()
        / count as f64;
    let adi = series.len() as f64 / count as f64;
    let cv2 = if mean > 0.0 { var / (mean * mean) } else { 0.0 };
    let cv2 = if cv2.is_finite() { cv2 } else { 0.0 };
    let class = match (adi < ADI_CUTOFF, cv2 < CV2_CUTOFF) {
        (true, true) => DemandClass::Smooth,
        (true, false) => DemandClass::Erratic,
        (false, true) => DemandClass::Intermittent,
        (false, false) => DemandClass::Lumpy,
    };
    DemandProfile {
        class,
        method: class.method(),
        adi,
        cv2,
    }
}

/// A one-step-ahead forecaster fed one period at a time.
trait Smoother {
    /// Take the demand of the next period.
    fn update(&mut self, y: f64);
    /// The forecast for the next period (0 before [`Smoother::ready`]).
    fn forecast(&self) -> f64;
    /// Whether the forecaster has been initialised (its forecasts count as real).
    fn ready(&self) -> bool;
}

/// Simple exponential smoothing, level initialised at the first value.
struct SesState {
    alpha: f64,
    level: Option<f64>,
}

impl SesState {
    fn new(alpha: f64) -> Self {
        SesState {
            alpha: clean_weight(alpha, DEFAULT_ALPHA),
            level: None,
        }
    }
}

impl Smoother for SesState {
    fn update(&mut self, y: f64) {
        let y = clean(y);
        self.level = Some(match self.level {
            None => y,
            Some(l) => l + self.alpha * (y - l),
        });
    }
    fn forecast(&self) -> f64 {
        self.level.unwrap_or(0.0)
    }
    fn ready(&self) -> bool {
        self.level.is_some()
    }
}

/// Croston's method, initialised at the first demand: size = that demand, interval = the
/// periods from the start of the series up to and including it. Sizes and intervals are
/// smoothed with the same α, only in periods with demand. `factor` is 1 for Croston and
/// 1 − α/2 for SBA.
struct CrostonState {
    alpha: f64,
    factor: f64,
    size: f64,
    interval: f64,
    since: f64,
    started: bool,
}

impl CrostonState {
    fn new(alpha: f64, sba: bool) -> Self {
        let alpha = clean_weight(alpha, DEFAULT_ALPHA);
        CrostonState {
            alpha,
            factor: if sba { 1.0 - alpha / 2.0 } else { 1.0 },
            size: 0.0,
            interval: 1.0,
            since: 0.0,
            started: false,
        }
    }
}

impl Smoother for CrostonState {
    fn update(&mut self, y: f64) {
        let y = clean(y);
        self.since += 1.0;
        if y > 0.0 {
            if self.started {
                self.size += self.alpha * (y - self.size);
                self.interval += self.alpha * (self.since - self.interval);
            } else {
                self.size = y;
                self.interval = self.since;
                self.started = true;
            }
            self.since = 0.0;
        }
    }
    fn forecast(&self) -> f64 {
        if self.started && self.interval > 0.0 {
            self.factor * self.size / self.interval
        } else {
            0.0
        }
    }
    fn ready(&self) -> bool {
        self.started
    }
}

/// TSB, initialised at the first demand like Croston: size = that demand, probability =
/// 1 / (periods up to and including it), so TSB and Croston agree right after the first
/// demand. From then on the probability is smoothed every period (β) and the size only in
/// periods with demand (α).
struct TsbState {
    alpha: f64,
    beta: f64,
    size: f64,
    prob: f64,
    since: f64,
    started: bool,
}

impl TsbState {
    fn new(alpha: f64, beta: f64) -> Self {
        TsbState {
            alpha: clean_weight(alpha, DEFAULT_ALPHA),
            beta: clean_weight(beta, DEFAULT_BETA),
            size: 0.0,
            prob: 0.0,
            since: 0.0,
            started: false,
        }
    }
}

impl Smoother for TsbState {
    fn update(&mut self, y: f64) {
        let y = clean(y);
        if self.started {
            if y > 0.0 {
                self.prob += self.beta * (1.0 - self.prob);
                self.size += self.alpha * (y - self.size);
            } else {
                self.prob -= self.beta * self.prob;
            }
        } else {
            self.since += 1.0;
            if y > 0.0 {
                self.size = y;
                self.prob = 1.0 / self.since;
                self.started = true;
            }
        }
    }
    fn forecast(&self) -> f64 {
        if self.started {
            self.prob * self.size
        } else {
            0.0
        }
    }
    fn ready(&self) -> bool {
        self.started
    }
}

/// Feed a whole series to a smoother; return its final forecast.
fn run(mut s: impl Smoother, series: &[f64]) -> f64 {
    for &y in series {
        s.update(y);
    }
    finite_or_zero(s.forecast())
}

/// Feed a whole series to a smoother; return its final forecast and the RMSE of its
/// in-sample one-step-ahead errors (counted only once the smoother is initialised), or
/// `None` when fewer than two errors could be measured.
fn run_with_rmse(mut s: impl Smoother, series: &[f64]) -> (f64, Option<f64>) {
    let mut sse = 0.0;
    let mut n = 0usize;
    for &y in series {
        if s.ready() {
            let e = clean(y) - s.forecast();
            sse += e * e;
            n += 1;
        }
        s.update(y);
    }
    let rmse = if n >= 2 {
        Some((sse / n as f64).sqrt()).filter(|r| r.is_finite())
    } else {
        None
    };
    (finite_or_zero(s.forecast()), rmse)
}

fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
    }
}

/// Simple exponential smoothing: the one-step-ahead forecast per period.
///
/// The level starts at the first value and then moves by `alpha` towards each new value;
/// the forecast is the final level (0 for an empty series). `alpha` is clamped to `[0, 1]`.
pub fn ses(series: &[f64], alpha: f64) -> f64 {
    run(SesState::new(alpha), series)
}

/// Croston's method: smoothed non-zero size over smoothed inter-demand interval.
///
/// Initialised at the first demand (size = that demand, interval = its 1-based position);
/// both are then smoothed with `alpha` in periods with demand only. 0 with no demand.
pub fn croston(series: &[f64], alpha: f64) -> f64 {
    run(CrostonState::new(alpha, false), series)
}

/// Syntetos–Boylan approximation: [`croston`] times (1 − α/2), which removes most of
/// Croston's upward bias.
pub fn sba(series: &[f64], alpha: f64) -> f64 {
    run(CrostonState::new(alpha, true), series)
}

/// Teunter–Syntetos–Babai: smoothed demand probability (`beta`, every period) times smoothed
/// non-zero size (`alpha`, periods with demand). Initialised at the first demand with
/// size = that demand and probability = 1 / its 1-based position. Unlike Croston and SBA the
/// forecast decays towards 0 while no demand occurs.
pub fn tsb(series: &[f64], alpha: f64, beta: f64) -> f64 {
    run(TsbState::new(alpha, beta), series)
}

/// A demand forecast for one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// The series' class and the method used.
    pub profile: DemandProfile,
    /// Expected demand per period (0 with no history); finite and non-negative.
    pub rate_per_period: f64,
    /// Standard deviation of demand per period: the RMSE of the method's in-sample
    /// one-step-ahead errors, or the sample standard deviation of the series when fewer
    /// than two errors can be measured; finite and non-negative.
    pub sd_per_period: f64,
}

/// Forecast demand per period from a series (oldest first), with the method chosen by
/// class ([`DemandClass::method`]): SES for smooth, erratic and lumpy series, TSB for
/// intermittent ones (see the module documentation for why), with [`DEFAULT_ALPHA`] and
/// [`DEFAULT_BETA`]. Both methods decay towards 0 while an item does not sell.
pub fn forecast(series: &[f64]) -> Forecast {
    let profile = classify(series);
    let (rate, rmse) = match profile.method {
        Method::Ses => run_with_rmse(SesState::new(DEFAULT_ALPHA), series),
        Method::Sba => run_with_rmse(CrostonState::new(DEFAULT_ALPHA, true), series),
        Method::Tsb => run_with_rmse(TsbState::new(DEFAULT_ALPHA, DEFAULT_BETA), series),
        Method::None => (0.0, None),
    };
    let sd = rmse.unwrap_or_else(|| sample_sd(series));
    Forecast {
        profile,
        rate_per_period: finite_or_zero(rate),
        sd_per_period: finite_or_zero(sd),
    }
}

/// Sample standard deviation (n − 1) of the cleaned series; 0 with fewer than two values.
fn sample_sd(series: &[f64]) -> f64 {
    let n = series.len();
    if n < 2 {
        return 0.0;
    }
    let mean = series.iter().copied().map(clean).sum::<f64>() / n as f64;
    let ss = series
        .iter()
        .copied()
        .map(clean)
        .map(|y| (y - mean) * (y - mean))
        .sum::<f64>();
    finite_or_zero((ss / (n - 1) as f64).sqrt())
}

/// What [`suggest`] needs to know about one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestionInput {
    /// Forecast demand per day (non-finite or negative counts as 0).
    pub rate_per_day: f64,
    /// Standard deviation of demand per day (non-finite or negative counts as 0).
    pub sd_per_day: f64,
    /// Supplier lead time in days.
    pub lead_time_days: u32,
    /// Days between reviews (how long an order has to last before the next one).
    pub review_period_days: u32,
    /// Cycle service level, e.g. 0.95; see [`z_for_service_level`] for the clamping.
    pub service_level: f64,
    /// Units on hand (may be negative when the ledger is behind).
    pub on_hand: i64,
    /// Units on open purchase orders.
    pub on_order: i64,
    /// Pack size: orders are multiples of it (≤ 1 means single units).
    pub pack: i64,
    /// The item's configured reorder point, if any.
    pub reorder_point: Option<i64>,
    /// The item's configured reorder quantity, if any (≤ 0 counts as unset).
    pub reorder_qty: Option<i64>,
    /// Whether the item has any sales history to forecast from.
    pub has_history: bool,
}

/// An order suggestion for one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suggestion {
    /// Units to order now: ≥ 0 and a multiple of the pack size.
    pub qty: i64,
    /// The reorder point the forecast implies: ⌈rate·L + z·sd·√L⌉ for lead time L; without
    /// history, the configured reorder point (or 0).
    pub suggested_reorder_point: i64,
    /// Safety stock over the protection period: ⌈z·sd·√(L + R)⌉ (0 without history).
    pub safety_stock: i64,
    /// Days the stock on hand lasts at the forecast rate; `None` when the rate is 0.
    pub days_of_cover: Option<f64>,
}

/// Ceiling of a float as an integer in `[-MAX_LEVEL, MAX_LEVEL]`; NaN is 0.
fn ceil_qty(x: f64) -> i64 {
    if x.is_nan() {
        0
    } else {
        // `as` saturates; the clamp keeps later sums far from overflow.
        (x.ceil() as i64).clamp(-MAX_LEVEL, MAX_LEVEL)
    }
}

/// `qty` (≥ 0) rounded up to a multiple of `pack` (≤ 1 means 1), without overflowing: if the
/// rounded value would pass `i64::MAX`, the largest multiple of `pack` that fits is used.
fn round_up_to_pack(qty: i128, pack: i64) -> i64 {
    let qty = qty.max(0);
    let pack = i128::from(pack.max(1));
    let rounded = (qty + pack - 1) / pack * pack;
    let max = i128::from(i64::MAX);
    let rounded = if rounded > max {
        max / pack * pack
    } else {
        rounded
    };
    i64::try_from(rounded).unwrap_or(0)
}

/// Suggest an order for one item under a periodic-review, order-up-to policy.
///
/// With history (`has_history` and a positive rate): protection period T = lead + review
/// days, order-up-to S = ⌈rate·T + z·sd·√T⌉, qty = S − on_hand − on_order (at least 0)
/// rounded up to the pack. Without history: if a reorder point is set and on_hand +
/// on_order is at or below it, qty = the reorder quantity, or else the gap that brings the
/// position one above the reorder point (at least 1), rounded up to the pack; otherwise 0.
/// An item at or below its reorder point is never suggested 0 just because the forecast
/// is: the no-history fallback applies then too.
///
/// Never panics; every output is finite.
pub fn suggest(input: &SuggestionInput) -> Suggestion {
    let rate = finite_or_zero(input.rate_per_day);
    let sd = finite_or_zero(input.sd_per_day);
    let z = z_for_service_level(input.service_level);
    let lead = f64::from(input.lead_time_days);
    let protection = lead + f64::from(input.review_period_days);
    let position = i128::from(input.on_hand) + i128::from(input.on_order);
    let forecasting = input.has_history && rate > 0.0;

    let (forecast_qty, safety_stock, suggested_reorder_point) = if forecasting {
        let safety = z * sd * protection.sqrt();
        let order_up_to = ceil_qty(rate * protection + safety);
        let qty = round_up_to_pack(i128::from(order_up_to) - position, input.pack);
        let rop = ceil_qty(rate * lead + z * sd * lead.sqrt()).max(0);
        (qty, ceil_qty(safety).max(0), rop)
    } else {
        (0, 0, input.reorder_point.unwrap_or(0).max(0))
    };

    let fallback_qty = match input.reorder_point {
        Some(rop) if position <= i128::from(rop) => {
            let want = match input.reorder_qty {
                Some(q) if q > 0 => i128::from(q),
                _ => (i128::from(rop) - position + 1).max(1),
            };
            round_up_to_pack(want, input.pack)
        }
        _ => 0,
    };

    let qty = if forecast_qty > 0 {
        forecast_qty
    } else {
        fallback_qty
    };

    let days_of_cover = if rate > 0.0 {
        Some(input.on_hand.max(0) as f64 / rate).filter(|d| d.is_finite())
    } else {
        None
    };

    Suggestion {
        qty,
        suggested_reorder_point,
        safety_stock,
        days_of_cover,
    }
}

/// The standard normal quantile z with Φ(z) = p (Acklam's rational approximation, relative
/// error below 1.2e-9). `p` is clamped to `[0.5, 0.9999]` (NaN counts as 0.5), so the
/// result lies in `[0, 3.719]`: a service level below one half never lowers the stock.
pub fn z_for_service_level(p: f64) -> f64 {
    let p = if p.is_nan() {
        0.5
    } else {
        p.clamp(0.5, 0.9999)
    };
    inverse_normal_cdf(p)
}

/// Acklam's algorithm for the inverse of the standard normal CDF, for p in (0, 1).
fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn classifies_textbook_series() {
        let smooth = [10.0, 12.0, 11.0, 9.0, 10.0, 13.0, 12.0, 11.0];
        let erratic = [1.0, 20.0, 2.0, 30.0, 1.0, 25.0, 3.0, 40.0];
        let intermittent = [0.0, 0.0, 5.0, 0.0, 0.0, 6.0, 0.0, 0.0, 5.0, 0.0, 0.0, 4.0];
        let lumpy = [0.0, 0.0, 1.0, 0.0, 0.0, 30.0, 0.0, 0.0, 2.0, 0.0, 0.0, 50.0];
        let p = classify(&smooth);
        assert_eq!(p.class, DemandClass::Smooth);
        assert_eq!(p.method, Method::Ses);
        assert!(close(p.adi, 1.0, 1e-12));
        assert_eq!(classify(&erratic).class, DemandClass::Erratic);
        assert_eq!(classify(&erratic).method, Method::Ses);
        let p = classify(&intermittent);
        assert_eq!(p.class, DemandClass::Intermittent);
        assert_eq!(p.method, Method::Tsb);
        assert!(close(p.adi, 3.0, 1e-12));
        // sizes 5, 6, 5, 4: mean 5, population variance 0.5, CV² = 0.02
        assert!(close(p.cv2, 0.02, 1e-12));
        let p = classify(&lumpy);
        assert_eq!(p.class, DemandClass::Lumpy);
        assert_eq!(p.method, Method::Ses);
        for none in [&[][..], &[0.0, 0.0, 0.0][..], &[-1.0, 0.0, f64::NAN][..]] {
            let p = classify(none);
            assert_eq!(p.class, DemandClass::NoHistory);
            assert_eq!(p.method, Method::None);
            assert_eq!((p.adi, p.cv2), (0.0, 0.0));
        }
    }

    #[test]
    fn classification_cut_offs() {
        // ADI exactly 1.32 is intermittent: 33 periods with 25 demands.
        let mut s = vec![1.0; 25];
        s.extend([0.0; 8]);
        assert!(close(classify(&s).adi, 1.32, 1e-12));
        assert_eq!(classify(&s).class, DemandClass::Intermittent);
        s.pop();
        assert_eq!(classify(&s).class, DemandClass::Smooth);
    }

    #[test]
    fn method_names() {
        assert_eq!(Method::Ses.name(), "SES");
        assert_eq!(Method::Sba.name(), "SBA");
        assert_eq!(Method::Tsb.name(), "TSB");
        assert_eq!(Method::None.name(), "none");
    }

    const SMALL: [f64; 5] = [0.0, 2.0, 0.0, 0.0, 4.0];

    #[test]
    fn ses_by_hand() {
        // level: 0 → 0.2 → 0.18 → 0.162 → 0.162 + 0.1·(4 − 0.162) = 0.5458
        assert!(close(ses(&SMALL, 0.1), 0.5458, 1e-12));
        assert_eq!(ses(&[], 0.1), 0.0);
        assert_eq!(ses(&[7.0], 0.3), 7.0);
        assert!(close(ses(&[10.0, 20.0], 0.5), 15.0, 1e-12));
    }

    #[test]
    fn croston_and_sba_by_hand() {
        // First demand 2 at period 2: size 2, interval 2. Next demand 4 after 3 periods:
        // size 2 + 0.1·2 = 2.2, interval 2 + 0.1·1 = 2.1.
        let c = croston(&SMALL, 0.1);
        assert!(close(c, 2.2 / 2.1, 1e-12));
        assert!(close(sba(&SMALL, 0.1), 0.95 * 2.2 / 2.1, 1e-12));
        // Trailing zeros do not move Croston.
        let mut longer = SMALL.to_vec();
        longer.extend([0.0; 5]);
        assert!(close(croston(&longer, 0.1), c, 1e-12));
        assert_eq!(croston(&[0.0, 0.0], 0.1), 0.0);
        assert!(close(croston(&[0.0, 0.0, 3.0], 0.1), 1.0, 1e-12));
    }

    #[test]
    fn tsb_by_hand() {
        // First demand 2 at period 2: size 2, p = 1/2. Two zeros: p = 0.4, 0.32.
        // Demand 4: p = 0.32 + 0.2·0.68 = 0.456, size = 2.2. Forecast 0.456·2.2 = 1.0032.
        assert!(close(tsb(&SMALL, 0.1, 0.2), 1.0032, 1e-12));
        assert_eq!(tsb(&[], 0.1, 0.1), 0.0);
        // Agrees with Croston right after the first demand.
        let s = [0.0, 0.0, 0.0, 6.0];
        assert!(close(tsb(&s, 0.1, 0.1), croston(&s, 0.1), 1e-12));
    }

    #[test]
    fn tsb_decays_after_demand_stops_but_sba_does_not() {
        let mut s = vec![3.0; 10];
        let sba_before = sba(&s, 0.1);
        let tsb_before = tsb(&s, 0.1, 0.1);
        s.extend([0.0; 20]);
        assert!(close(sba(&s, 0.1), sba_before, 1e-12));
        let tsb_after = tsb(&s, 0.1, 0.1);
        assert!(tsb_after < 0.2 * tsb_before, "{tsb_after} vs {tsb_before}");
        // 0.9^20 of the probability remains.
        assert!(close(tsb_after, tsb_before * 0.9f64.powi(20), 1e-9));
    }

    #[test]
    fn forecast_uses_method_by_class() {
        let smooth = [10.0, 12.0, 11.0, 9.0, 10.0, 13.0, 12.0, 11.0];
        let f = forecast(&smooth);
        assert_eq!(f.profile.method, Method::Ses);
        assert!(close(f.rate_per_period, ses(&smooth, DEFAULT_ALPHA), 1e-12));
        assert!(f.sd_per_period > 0.0);
        let inter = [0.0, 0.0, 5.0, 0.0, 0.0, 6.0, 0.0, 0.0, 5.0, 0.0, 0.0, 4.0];
        let f = forecast(&inter);
        assert_eq!(f.profile.method, Method::Tsb);
        assert!(close(
            f.rate_per_period,
            tsb(&inter, DEFAULT_ALPHA, DEFAULT_BETA),
            1e-12
        ));
        let lumpy = [0.0, 0.0, 1.0, 0.0, 0.0, 30.0, 0.0, 0.0, 2.0, 0.0, 0.0, 50.0];
        let f = forecast(&lumpy);
        assert_eq!(f.profile.method, Method::Ses);
        assert!(close(f.rate_per_period, ses(&lumpy, DEFAULT_ALPHA), 1e-12));
        assert_eq!(forecast(&[0.0, 0.0]).profile.method, Method::None);
    }

    #[test]
    fn forecast_sd_is_in_sample_rmse() {
        // SES α = 0.1 on [10, 20, 10]: forecasts 10 (for 20), 11 (for 10): errors 10, −1.
        let f = forecast(&[10.0, 20.0, 10.0]);
        assert_eq!(f.profile.method, Method::Ses);
        assert!(close(f.sd_per_period, (101.0f64 / 2.0).sqrt(), 1e-12));
        // One error only: falls back to the sample sd of [4, 6] = √2.
        let f = forecast(&[4.0, 6.0]);
        assert!(close(f.sd_per_period, 2.0f64.sqrt(), 1e-12));
    }

    #[test]
    fn no_nan_for_empty_zero_or_wild_series() {
        let wild = [f64::NAN, f64::INFINITY, -5.0, 1e300, f64::NEG_INFINITY, 0.0];
        for s in [
            &[][..],
            &[0.0][..],
            &[0.0; 50][..],
            &wild[..],
            &[f64::MAX; 3][..],
        ] {
            let f = forecast(s);
            assert!(f.rate_per_period.is_finite() && f.rate_per_period >= 0.0);
            assert!(f.sd_per_period.is_finite() && f.sd_per_period >= 0.0);
            assert!(f.profile.adi.is_finite() && f.profile.cv2.is_finite());
            for v in [ses(s, 0.1), croston(s, 0.1), sba(s, 0.1), tsb(s, 0.1, 0.1)] {
                assert!(v.is_finite() && v >= 0.0);
            }
        }
        let f = forecast(&[]);
        assert_eq!(f.rate_per_period, 0.0);
        assert_eq!(f.sd_per_period, 0.0);
        assert!(ses(&[1.0, 2.0], f64::NAN).is_finite());
    }

    #[test]
    fn z_values() {
        assert!(close(z_for_service_level(0.95), 1.644_853_627, 1e-6));
        assert!(close(z_for_service_level(0.975), 1.959_963_985, 1e-6));
        assert!(close(z_for_service_level(0.99), 2.326_347_874, 1e-6));
        assert!(close(z_for_service_level(0.9999), 3.719_016_485, 1e-6));
        assert!(close(z_for_service_level(0.8), 0.841_621_234, 1e-6));
        assert_eq!(z_for_service_level(0.5), 0.0);
        assert_eq!(z_for_service_level(0.1), 0.0);
        assert_eq!(z_for_service_level(f64::NAN), 0.0);
        assert!(close(z_for_service_level(1.0), 3.719_016_485, 1e-6));
        assert!(z_for_service_level(f64::INFINITY).is_finite());
        // The lower tail of the approximation itself.
        assert!(close(inverse_normal_cdf(0.01), -2.326_347_874, 1e-6));
    }

    fn input() -> SuggestionInput {
        SuggestionInput {
            rate_per_day: 2.0,
            sd_per_day: 0.0,
            lead_time_days: 7,
            review_period_days: 7,
            service_level: 0.95,
            on_hand: 10,
            on_order: 0,
            pack: 1,
            reorder_point: None,
            reorder_qty: None,
            has_history: true,
        }
    }

    #[test]
    fn suggest_order_up_to() {
        // T = 14 days, expected 28, no safety: order 28 − 10 = 18.
        let s = suggest(&input());
        assert_eq!(s.qty, 18);
        assert_eq!(s.safety_stock, 0);
        assert_eq!(s.suggested_reorder_point, 14);
        assert_eq!(s.days_of_cover, Some(5.0));
        // With sd 1/day: safety = 1.6449·√14 = 6.154…, S = ⌈34.154⌉ = 35, ROP = ⌈14 + 4.352⌉.
        let s = suggest(&SuggestionInput {
            sd_per_day: 1.0,
            ..input()
        });
        assert_eq!(s.safety_stock, 7);
        assert_eq!(s.qty, 25);
        assert_eq!(s.suggested_reorder_point, 19);
    }

    #[test]
    fn suggest_rounds_up_to_pack_and_subtracts_on_order() {
        let s = suggest(&SuggestionInput {
            pack: 12,
            ..input()
        });
        assert_eq!(s.qty, 24); // 18 → 24
        let s = suggest(&SuggestionInput {
            on_order: 6,
            ..input()
        });
        assert_eq!(s.qty, 12); // 28 − 10 − 6
        let s = suggest(&SuggestionInput {
            on_order: 6,
            pack: 5,
            ..input()
        });
        assert_eq!(s.qty, 15);
        let s = suggest(&SuggestionInput {
            on_order: 100,
            ..input()
        });
        assert_eq!(s.qty, 0);
        for pack in [0, -3, 1] {
            let s = suggest(&SuggestionInput { pack, ..input() });
            assert_eq!(s.qty, 18);
        }
    }

    #[test]
    fn fast_seller_gets_more_than_slow_seller() {
        let slow = suggest(&SuggestionInput {
            rate_per_day: 0.5,
            sd_per_day: 0.7,
            ..input()
        });
        let fast = suggest(&SuggestionInput {
            rate_per_day: 5.0,
            sd_per_day: 2.2,
            ..input()
        });
        assert!(fast.qty > slow.qty, "fast {} slow {}", fast.qty, slow.qty);
        assert!(fast.suggested_reorder_point > slow.suggested_reorder_point);
        assert!(fast.days_of_cover < slow.days_of_cover);
        // Forecast from series too: the same shape, ten times the sales.
        let slow_series = [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        let fast_series: Vec<f64> = slow_series.iter().map(|v| v * 10.0 + 5.0).collect();
        let from = |s: &[f64]| {
            let f = forecast(s);
            suggest(&SuggestionInput {
                rate_per_day: f.rate_per_period,
                sd_per_day: f.sd_per_period,
                ..input()
            })
            .qty
        };
        assert!(from(&fast_series) > from(&slow_series));
    }

    #[test]
    fn no_history_fallbacks() {
        let base = SuggestionInput {
            rate_per_day: 0.0,
            sd_per_day: 0.0,
            has_history: false,
            on_hand: 3,
            on_order: 1,
            reorder_point: Some(5),
            ..input()
        };
        // At/below the reorder point with no reorder qty: the gap to one above it (5−4+1).
        let s = suggest(&base);
        assert_eq!(s.qty, 2);
        assert_eq!(s.days_of_cover, None);
        assert_eq!(s.suggested_reorder_point, 5);
        assert_eq!(s.safety_stock, 0);
        // With a reorder qty, that, rounded up to the pack.
        let s = suggest(&SuggestionInput {
            reorder_qty: Some(10),
            pack: 4,
            ..base
        });
        assert_eq!(s.qty, 12);
        // Exactly at the reorder point (4 + 1 = 5) still orders: 5 − 5 + 1.
        let s = suggest(&SuggestionInput { on_hand: 4, ..base });
        assert_eq!(s.qty, 1);
        // Above it: nothing. No reorder point: nothing.
        let s = suggest(&SuggestionInput { on_hand: 5, ..base });
        assert_eq!(s.qty, 0);
        let s = suggest(&SuggestionInput {
            reorder_point: None,
            ..base
        });
        assert_eq!(s.qty, 0);
        // On order covers it: nothing.
        let s = suggest(&SuggestionInput {
            on_order: 10,
            ..base
        });
        assert_eq!(s.qty, 0);
        // A reorder qty of 0 counts as unset.
        let s = suggest(&SuggestionInput {
            reorder_qty: Some(0),
            ..base
        });
        assert_eq!(s.qty, 2);
        // History flag set but the rate is 0: the fallback applies as well.
        let s = suggest(&SuggestionInput {
            has_history: true,
            ..base
        });
        assert_eq!(s.qty, 2);
    }

    #[test]
    fn at_reorder_point_never_zero_even_if_forecast_says_so() {
        // Tiny rate: order-up-to 1 ≤ position 4, but the item sits at its reorder point 5.
        let s = suggest(&SuggestionInput {
            rate_per_day: 0.01,
            on_hand: 4,
            reorder_point: Some(5),
            reorder_qty: Some(6),
            ..input()
        });
        assert_eq!(s.qty, 6);
        // A forecast order larger than the fallback wins.
        let s = suggest(&SuggestionInput {
            on_hand: 4,
            reorder_point: Some(5),
            reorder_qty: Some(6),
            ..input()
        });
        assert_eq!(s.qty, 24);
    }

    #[test]
    fn suggest_survives_extremes() {
        let wild = SuggestionInput {
            rate_per_day: f64::INFINITY,
            sd_per_day: f64::NAN,
            lead_time_days: u32::MAX,
            review_period_days: u32::MAX,
            service_level: f64::NAN,
            on_hand: i64::MIN,
            on_order: i64::MIN,
            pack: i64::MAX,
            reorder_point: Some(i64::MAX),
            reorder_qty: None,
            has_history: true,
        };
        let s = suggest(&wild);
        assert!(s.qty >= 0 && s.qty % i64::MAX == 0);
        let s = suggest(&SuggestionInput {
            rate_per_day: 1e300,
            sd_per_day: 1e300,
            pack: 7,
            ..wild
        });
        assert!(s.qty > 0 && s.qty % 7 == 0);
        assert!(s.days_of_cover.is_none_or(f64::is_finite));
        let s = suggest(&SuggestionInput {
            rate_per_day: 1e-320,
            on_hand: i64::MAX,
            ..input()
        });
        assert!(s.days_of_cover.is_none_or(f64::is_finite));
        let s = suggest(&SuggestionInput {
            on_hand: -50,
            ..input()
        });
        assert_eq!(s.qty, 78);
        assert_eq!(s.days_of_cover, Some(0.0));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn any_f64() -> impl Strategy<Value = f64> {
            prop_oneof![
                any::<f64>(),
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(f64::NEG_INFINITY),
                0.0..50.0f64,
            ]
        }

        fn any_input() -> impl Strategy<Value = SuggestionInput> {
            (
                (any_f64(), any_f64(), any::<u32>(), 0u32..60, any_f64()),
                (
                    prop_oneof![any::<i64>(), -100i64..1000],
                    prop_oneof![any::<i64>(), 0i64..1000],
                    prop_oneof![any::<i64>(), -2i64..50],
                    proptest::option::of(prop_oneof![any::<i64>(), -10i64..100]),
                    proptest::option::of(prop_oneof![any::<i64>(), -10i64..100]),
                    any::<bool>(),
                ),
            )
                .prop_map(
                    |((rate, sd, lead, review, sl), (oh, oo, pack, rop, rq, hist))| {
                        SuggestionInput {
                            rate_per_day: rate,
                            sd_per_day: sd,
                            lead_time_days: lead,
                            review_period_days: review,
                            service_level: sl,
                            on_hand: oh,
                            on_order: oo,
                            pack,
                            reorder_point: rop,
                            reorder_qty: rq,
                            has_history: hist,
                        }
                    },
                )
        }

        proptest! {
            #[test]
            fn suggest_never_panics_and_respects_pack(input in any_input()) {
                let s = suggest(&input);
                let pack = input.pack.max(1);
                prop_assert!(s.qty >= 0);
                prop_assert_eq!(s.qty % pack, 0);
                prop_assert!(s.suggested_reorder_point >= 0);
                prop_assert!(s.safety_stock >= 0);
                prop_assert!(s.days_of_cover.is_none_or(|d| d.is_finite() && d >= 0.0));
                // At or below a set reorder point, only on-order stock may make it 0.
                if let Some(rop) = input.reorder_point {
                    let position = i128::from(input.on_hand) + i128::from(input.on_order);
                    if position <= i128::from(rop) {
                        prop_assert!(s.qty > 0);
                    }
                }
            }

            #[test]
            fn forecast_is_always_finite(series in proptest::collection::vec(any_f64(), 0..60)) {
                let f = forecast(&series);
                prop_assert!(f.rate_per_period.is_finite() && f.rate_per_period >= 0.0);
                prop_assert!(f.sd_per_period.is_finite() && f.sd_per_period >= 0.0);
                prop_assert!(f.profile.adi.is_finite() && f.profile.cv2.is_finite());
            }
        }
    }
}

//! How well the forecasters of [`super::forecast`] do on held-out data: [`mase`] (Hyndman &
//! Koehler 2006), the rolling-origin [`backtest`] of every method, and
//! [`parse_wide_series`], the reader for the wide tables of series it runs on (one row per
//! series, one column per period; `tests/forecast_backtest.rs` and `examples/backtest.rs`
//! run it on the car-parts benchmark).
//!
//! Pure like `forecast`: no I/O, std only. The method choice that these measurements made
//! is written up in `forecast`'s module documentation.

use std::fmt::Write as _;

use super::forecast::{
    classify, clean, croston, forecast, sba, ses, tsb, DemandClass, DEFAULT_ALPHA, DEFAULT_BETA,
};

/// Mean absolute scaled error (Hyndman & Koehler 2006) with the in-sample naive (m = 1)
/// scale: mean |actual − forecast| over mean |y_t − y_{t−1}| of `in_sample`.
///
/// `None` when the scale is 0 (or `in_sample` has fewer than two values), when `actual` and
/// `forecast` are empty or of different lengths, or when any value is not finite.
pub fn mase(actual: &[f64], forecast: &[f64], in_sample: &[f64]) -> Option<f64> {
    if actual.is_empty() || actual.len() != forecast.len() || in_sample.len() < 2 {
        return None;
    }
    let scale = in_sample
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .sum::<f64>()
        / (in_sample.len() - 1) as f64;
    if !(scale.is_finite() && scale > 0.0) {
        return None;
    }
    let mae = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum::<f64>()
        / actual.len() as f64;
    Some(mae / scale).filter(|m| m.is_finite())
}

/// Accuracy of one method over a backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodScore {
    /// The method's label ("naive", "SES", "Croston", "SBA", "TSB", "auto", "zero").
    pub method: &'static str,
    /// Mean of the per-series MASE (NaN when no series counted).
    pub mean_mase: f64,
    /// Median of the per-series MASE (NaN when no series counted).
    pub median_mase: f64,
    /// Series counted.
    pub series: usize,
}

/// Accuracy of every method on the series of one demand class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScores {
    /// The class, from the training part of each series (the first forecast origin).
    pub class: DemandClass,
    /// One score per method, in the order of [`BacktestReport::rows`].
    pub scores: Vec<MethodScore>,
}

/// The outcome of [`backtest`].
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestReport {
    /// Holdout length used.
    pub holdout: usize,
    /// Naive: the last value.
    pub naive: MethodScore,
    /// SES with α = 0.1.
    pub ses: MethodScore,
    /// Croston with α = 0.1.
    pub croston: MethodScore,
    /// SBA with α = 0.1.
    pub sba: MethodScore,
    /// TSB with α = β = 0.1.
    pub tsb: MethodScore,
    /// [`forecast`]'s automatic choice, re-classified at every origin.
    pub auto: MethodScore,
    /// Reference only: always forecast 0. MASE rewards the median, which is 0 for most
    /// intermittent series, so this row shows how far MASE alone can be trusted there.
    pub zero: MethodScore,
    /// Series too short to score (fewer than holdout + 2 values).
    pub skipped_short: usize,
    /// Series skipped because their in-sample naive scale is 0 (a constant training part).
    pub skipped_zero_scale: usize,
    /// The same scores split by the demand class of each series' training part.
    pub by_class: Vec<ClassScores>,
}

impl BacktestReport {
    /// The overall scores, in table order.
    pub fn rows(&self) -> [&MethodScore; 7] {
        [
            &self.naive,
            &self.ses,
            &self.croston,
            &self.sba,
            &self.tsb,
            &self.auto,
            &self.zero,
        ]
    }

    /// The overall table and the per-class tables as aligned plain text.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "holdout {} periods; skipped {} short and {} zero-scale series",
            self.holdout, self.skipped_short, self.skipped_zero_scale
        );
        push_table(&mut out, "all series", &self.rows().map(Clone::clone));
        for c in &self.by_class {
            out.push('\n');
            push_table(&mut out, c.class.name(), &c.scores);
        }
        out
    }
}

fn push_table(out: &mut String, title: &str, rows: &[MethodScore]) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{:<8} {:>10} {:>12} {:>7}",
        "method", "mean MASE", "median MASE", "series"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<8} {:>10.4} {:>12.4} {:>7}",
            r.method, r.mean_mase, r.median_mase, r.series
        );
    }
}

/// Labels of the backtested methods, in report order.
const BACKTEST_METHODS: [&str; 7] = ["naive", "SES", "Croston", "SBA", "TSB", "auto", "zero"];

/// One method's one-step-ahead forecast from the history before an origin.
fn backtest_forecast(method: usize, history: &[f64]) -> f64 {
    match method {
        0 => history.last().copied().map(clean).unwrap_or(0.0),
        1 => ses(history, DEFAULT_ALPHA),
        2 => croston(history, DEFAULT_ALPHA),
        3 => sba(history, DEFAULT_ALPHA),
        4 => tsb(history, DEFAULT_ALPHA, DEFAULT_BETA),
        5 => forecast(history).rate_per_period,
        _ => 0.0,
    }
}

fn score(method: &'static str, values: &[f64]) -> MethodScore {
    if values.is_empty() {
        return MethodScore {
            method,
            mean_mase: f64::NAN,
            median_mase: f64::NAN,
            series: 0,
        };
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    MethodScore {
        method,
        mean_mase: values.iter().sum::<f64>() / n as f64,
        median_mase: median,
        series: n,
    }
}

/// Rolling-origin backtest of every method on many series.
///
/// For each series (values cleaned as everywhere here), the last `holdout` values are held
/// out; each of them is forecast one step ahead from all the values before it. The
/// per-series MASE is scaled by the naive (m = 1) mean absolute difference of the training
/// part (the values before the holdout). Series with fewer than `holdout + 2` values, and
/// series whose scale is 0, are skipped for every method, so all methods are scored on the
/// same series. Methods: naive (last value), SES, Croston, SBA (α = 0.1), TSB (α = β = 0.1),
/// [`forecast`]'s automatic choice, and the all-zero forecast as a reference.
pub fn backtest(series: &[Vec<f64>], holdout: usize) -> BacktestReport {
    let methods = BACKTEST_METHODS.len();
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); methods];
    let mut per_class: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); methods]; DemandClass::ALL.len()];
    let mut skipped_short = 0;
    let mut skipped_zero_scale = 0;
    for raw in series {
        let s: Vec<f64> = raw.iter().copied().map(clean).collect();
        if holdout == 0 || s.len() < holdout.saturating_add(2) {
            skipped_short += 1;
            continue;
        }
        let split = s.len() - holdout;
        let (train, test) = s.split_at(split);
        // Probe the scale once with a dummy forecast: it does not depend on the method.
        if mase(test, test, train).is_none() {
            skipped_zero_scale += 1;
            continue;
        }
        let class_idx = DemandClass::ALL
            .iter()
            .position(|c| *c == classify(train).class)
            .unwrap_or(0);
        for m in 0..methods {
            let fc: Vec<f64> = (split..s.len())
                .map(|t| backtest_forecast(m, &s[..t]))
                .collect();
            if let Some(v) = mase(test, &fc, train) {
                all[m].push(v);
                per_class[class_idx][m].push(v);
            }
        }
    }
    let scores = |vals: &[Vec<f64>]| -> Vec<MethodScore> {
        BACKTEST_METHODS
            .iter()
            .zip(vals)
            .map(|(name, v)| score(name, v))
            .collect()
    };
    let mut overall = scores(&all).into_iter();
    let mut next = || overall.next().unwrap_or_else(|| score("?", &[]));
    BacktestReport {
        holdout,
        naive: next(),
        ses: next(),
        croston: next(),
        sba: next(),
        tsb: next(),
        auto: next(),
        zero: next(),
        skipped_short,
        skipped_zero_scale,
        by_class: DemandClass::ALL
            .iter()
            .zip(&per_class)
            .filter(|(_, v)| v.first().is_some_and(|x| !x.is_empty()))
            .map(|(class, v)| ClassScores {
                class: *class,
                scores: scores(v),
            })
            .collect(),
    }
}

/// Series read from a wide table ([`parse_wide_series`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WideSeries {
    /// Each row's label (the first column).
    pub labels: Vec<String>,
    /// Each complete row's values, oldest first.
    pub series: Vec<Vec<f64>>,
    /// Rows dropped because at least one cell was empty (missing).
    pub dropped_incomplete: usize,
}

/// Parse a wide CSV table of series: a header line, then one row per series with a label
/// in the first column and one numeric value per period (plain commas, no quoting).
///
/// Rows with any empty cell are dropped whole (and counted), not trimmed: a series with
/// missing months is not comparable to the others. Blank lines are ignored. A non-numeric
/// cell is an error naming its line.
pub fn parse_wide_series(text: &str) -> Result<WideSeries, String> {
    let mut lines = text.lines().enumerate();
    let header = lines
        .next()
        .ok_or_else(|| "empty table: no header line".to_string())?;
    let columns = header.1.split(',').count();
    let mut out = WideSeries {
        labels: Vec::new(),
        series: Vec::new(),
        dropped_incomplete: 0,
    };
    for (i, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split(',');
        let label = cells.next().unwrap_or("").trim().to_string();
        let cells: Vec<&str> = cells.map(str::trim).collect();
        if cells.len() + 1 != columns {
            return Err(format!(
                "line {}: {} columns, the header has {columns}",
                i + 1,
                cells.len() + 1
            ));
        }
        if cells.iter().any(|c| c.is_empty()) {
            out.dropped_incomplete += 1;
            continue;
        }
        let values = cells
            .iter()
            .map(|c| {
                c.parse::<f64>()
                    .map_err(|e| format!("line {}: bad value {c:?}: {e}", i + 1))
            })
            .collect::<Result<Vec<f64>, String>>()?;
        out.labels.push(label);
        out.series.push(values);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn mase_by_hand() {
        // Scale: |2−1| + |4−2| + |3−4| over 3 = 4/3. MAE: (1 + 1) / 2 = 1.
        let m = mase(&[5.0, 5.0], &[4.0, 6.0], &[1.0, 2.0, 4.0, 3.0]);
        assert!(close(m.unwrap_or(f64::NAN), 0.75, 1e-12));
        assert_eq!(mase(&[1.0], &[1.0], &[3.0, 3.0, 3.0]), None);
        assert_eq!(mase(&[1.0], &[1.0, 2.0], &[1.0, 3.0]), None);
        assert_eq!(mase(&[], &[], &[1.0, 3.0]), None);
        assert_eq!(mase(&[1.0], &[1.0], &[1.0]), None);
    }

    #[test]
    fn backtest_on_toy_series() {
        let series = vec![
            vec![0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 0.0, 0.0, 3.0, 0.0],
            vec![5.0; 10],       // zero scale: skipped
            vec![1.0, 2.0, 3.0], // too short for holdout 3: skipped
            vec![4.0, 6.0, 5.0, 7.0, 5.0, 6.0, 4.0, 5.0, 6.0, 5.0],
        ];
        let r = backtest(&series, 3);
        assert_eq!(r.skipped_short, 1);
        assert_eq!(r.skipped_zero_scale, 1);
        for row in r.rows() {
            assert_eq!(row.series, 2);
            assert!(row.mean_mase.is_finite() && row.median_mase.is_finite());
        }
        assert!(r.table().contains("auto"));
        let empty = backtest(&[], 12);
        assert_eq!(empty.auto.series, 0);
        assert!(empty.by_class.is_empty());
    }

    #[test]
    fn parses_wide_tables() {
        let t = "Part,a,b,c\n1,0,1,2\n2,3,,\n\n3,4,5,6\r\n";
        let w = parse_wide_series(t).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.labels, ["1", "3"]);
        assert_eq!(w.series, vec![vec![0.0, 1.0, 2.0], vec![4.0, 5.0, 6.0]]);
        assert_eq!(w.dropped_incomplete, 1);
        assert!(parse_wide_series("").is_err());
        assert!(parse_wide_series("P,a\n1,x\n").is_err());
        assert!(parse_wide_series("P,a,b\n1,2\n").is_err());
    }
}

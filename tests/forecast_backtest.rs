//! Backtest of the demand forecasts on the car-parts data of Hyndman et al.
//!
//! Reads `../shared/data/sales/carparts_hyndman_expsmooth.csv` (relative to the crate root;
//! the file is shared data, not part of the repository). 2,674 monthly series of 51 values;
//! the 165 rows with missing (empty) cells are dropped whole, leaving 2,509 complete series.
//! Run with `--nocapture` to see the table.

use std::path::PathBuf;

use stockroom::domain::backtest::{backtest, parse_wide_series};

fn carparts() -> Vec<Vec<f64>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/sales/carparts_hyndman_expsmooth.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the backtest data is missing: cannot read {}: {e} \
             (it lives in shared/data/sales beside the repository)",
            path.display()
        )
    });
    let table = parse_wide_series(&text).expect("carparts CSV should parse");
    assert_eq!(
        table.series.len() + table.dropped_incomplete,
        2674,
        "expected 2,674 series in {}",
        path.display()
    );
    assert_eq!(table.dropped_incomplete, 165, "rows with missing months");
    assert!(table.series.iter().all(|s| s.len() == 51));
    table.series
}

#[test]
fn auto_method_beats_naive_on_carparts() {
    let series = carparts();
    let report = backtest(&series, 12);
    println!("{}", report.table());
    assert!(report.auto.series > 1000, "too few series scored");
    assert!(report.auto.mean_mase.is_finite());
    assert!(
        report.auto.mean_mase < report.naive.mean_mase,
        "auto mean MASE {:.4} is not below naive {:.4}",
        report.auto.mean_mase,
        report.naive.mean_mase
    );
    // Every method is scored on the same series.
    for row in report.rows() {
        assert_eq!(row.series, report.naive.series, "{}", row.method);
    }
}

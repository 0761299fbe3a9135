//! Print the forecast backtest table (mean and median MASE per method) for the README.
//!
//! `cargo run --release --example backtest [PATH] [HOLDOUT]`; PATH defaults to the shared
//! car-parts data (`../shared/data/sales/carparts_hyndman_expsmooth.csv` from the crate
//! root), HOLDOUT to 12 periods. Rows with missing cells are dropped.

use std::path::PathBuf;
use std::process::ExitCode;

use stockroom::domain::backtest::{backtest, parse_wide_series};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/sales/carparts_hyndman_expsmooth.csv")
    });
    let holdout = match args.next().map(|h| h.parse::<usize>()) {
        None => 12,
        Some(Ok(h)) if h > 0 => h,
        Some(_) => {
            eprintln!("backtest: HOLDOUT must be a positive whole number");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("backtest: cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let table = match parse_wide_series(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("backtest: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}: {} complete series ({} with missing cells dropped)",
        path.display(),
        table.series.len(),
        table.dropped_incomplete
    );
    print!("{}", backtest(&table.series, holdout).table());
    ExitCode::SUCCESS
}

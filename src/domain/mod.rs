//! Pure rules and types: no I/O, no SQL, no terminal.
pub mod backtest;
pub mod forecast;
pub mod gtin;
pub mod ledger;
pub mod money;
pub mod posting;
pub mod purchasing;
pub mod scan;
pub mod text;

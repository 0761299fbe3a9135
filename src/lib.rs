//! stockroom: a perpetual inventory with an append-only SQLite ledger.
//!
//! Layers: `domain` (pure rules), `store` (the only SQL), `app` (screen state), `ui`
//! (drawing), `tui` (terminal and loop), `cli` (the command line).
pub mod app;
pub mod channels;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod import;
pub mod log;
pub mod purchasing;
pub mod reorder;
pub mod session;
pub mod store;
pub mod tui;
pub mod ui;

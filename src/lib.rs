//! stockroom: a perpetual inventory with an append-only SQLite ledger.
pub mod domain;
pub mod store;

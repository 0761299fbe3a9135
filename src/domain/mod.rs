//! Pure rules and types: no I/O, no SQL, no terminal.
pub mod forecast;

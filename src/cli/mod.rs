//! The command line: thin over the store. Every failure is one `error:` line, exit 1.
//!
//! `run` opens the store and hands each command to one function in the file of its group;
//! a new group of commands is a new file here and its lines in `run_on_store`.

pub mod args;
mod common;
mod files;
mod items;
mod orders;
mod postings;
pub mod scan;
mod setup;
mod stock;

use std::path::PathBuf;

use anyhow::{bail, Result};

pub use args::Cli;
use args::Command;
pub use common::write_output;
pub use setup::{ask_to_create, demo_path};

use crate::store::{default_path, Store};

/// What main should do after a command.
pub enum Outcome {
    Exit(i32),
    /// Open the TUI on this store.
    Tui(PathBuf),
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => default_path()?,
    };
    match cli.command.unwrap_or(Command::Tui) {
        Command::Tui => setup::tui(&path),
        Command::Demo => setup::demo(&path),
        Command::Init { demo } => setup::init(&path, demo),
        // Only when asked: a mistyped --db must never make a store.
        Command::Import(a) if a.init && std::fs::symlink_metadata(&path).is_err() => {
            files::import_new_store(&path, &a)
        }
        other => {
            let mut store = Store::open_existing(&path)?;
            run_on_store(&mut store, other)
        }
    }
}

/// One command on an open store: which function does it.
fn run_on_store(store: &mut Store, command: Command) -> Result<Outcome> {
    let done = match command {
        Command::Init { .. } | Command::Tui | Command::Demo => {
            bail!("internal: this command is handled before the store opens")
        }
        // These three choose their exit status; every other command exits 0 unless it fails.
        Command::Check => return stock::check(store),
        Command::Scan { mode } => return scan::command(store, mode),
        Command::Import(a) => return files::import(store, &a),
        Command::Item(cmd) => items::item(store, cmd),
        Command::Supplier(cmd) => items::supplier(store, cmd),
        Command::Receive(a) => postings::receive(store, a),
        Command::Sell(a) => postings::sell(store, a),
        Command::Return(a) => postings::customer_return(store, a),
        Command::Adjust {
            code,
            delta,
            reason,
        } => postings::adjust(store, &code, &delta, reason),
        Command::Count { code, qty } => postings::count(store, &code, &qty),
        Command::Void { doc, reason } => postings::void(store, &doc, &reason),
        Command::Stock { json, low } => stock::stock(store, json, low),
        Command::Alerts { json } => stock::alerts(store, json),
        Command::History { code, json } => stock::history(store, &code, json),
        Command::Order(cmd) => orders::order(store, cmd),
        Command::Export { kind, output } => files::export(store, kind, output.as_deref()),
        Command::Backup { file } => files::backup(store, &file),
    };
    done.map(|()| Outcome::Exit(0))
}

//! The commands that run before a store is open: `tui` (the default), `demo` and `init`,
//! and the question whether to create a missing store.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::Utc;

use super::Outcome;
use crate::store::{NoStore, Store};

pub(super) fn tui(path: &Path) -> Result<Outcome> {
    open_or_offer_to_create(path)?;
    Ok(Outcome::Tui(path.to_path_buf()))
}

/// `demo`: the TUI on a demo store of its own, loaded on first use.
pub(super) fn demo(path: &Path) -> Result<Outcome> {
    let demo = demo_path(path);
    let mut store = Store::open(&demo)?;
    if store.is_empty()? {
        crate::demo::load(&mut store, Utc::now())?;
    }
    Ok(Outcome::Tui(demo))
}

/// `init [--demo]`: create or migrate the store; `--demo` only into an empty one.
pub(super) fn init(path: &Path, demo: bool) -> Result<Outcome> {
    let mut store = Store::open(path)?;
    if demo {
        if !store.is_empty()? {
            bail!(
                "{} already holds items or postings; --demo loads only into an empty store",
                path.display()
            );
        }
        let n = crate::demo::load(&mut store, Utc::now())?;
        println!("demo store ready at {} ({n} items)", path.display());
    } else {
        println!("store ready at {}", path.display());
    }
    Ok(Outcome::Exit(0))
}

/// Before the TUI starts: open the store, or, when there is none and standard input is a
/// terminal, ask on the plain terminal whether to create it (as `init` does). Anything but
/// `y` (or no terminal to ask on) is the `no store` error, and nothing is created.
fn open_or_offer_to_create(path: &Path) -> Result<()> {
    use std::io::IsTerminal;
    match Store::open_existing(path) {
        Ok(_) => Ok(()),
        Err(e) if e.downcast_ref::<NoStore>().is_some() && std::io::stdin().is_terminal() => {
            let stdin = std::io::stdin();
            let yes = ask_to_create(path, &mut stdin.lock(), &mut std::io::stderr())
                .context("asking whether to create the store")?;
            if !yes {
                return Err(e);
            }
            Store::open(path)?;
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Ask `No store at PATH. Create it? [y/N] ` and read one line: true for `y` or `yes`.
pub fn ask_to_create(
    path: &Path,
    input: &mut impl std::io::BufRead,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    write!(out, "No store at {}. Create it? [y/N] ", path.display())?;
    out.flush()?;
    let mut answer = String::new();
    if input.read_line(&mut answer)? == 0 {
        // Ctrl-D: end the prompt's line before the error goes on the terminal.
        writeln!(out)?;
    }
    let answer = answer.trim();
    Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
}

/// The demo store: its own file beside the default one.
pub fn demo_path(default: &Path) -> PathBuf {
    let dir = default.parent().map(Path::to_path_buf).unwrap_or_default();
    dir.join("demo.db")
}

//! Files in and out of the store: `import`, `export` and `backup`. (Not `transfer.rs`: that
//! name waits for the stock transfer between locations.)

use std::path::Path;

use anyhow::Result;

use super::args::{ExportKind, ImportArgs};
use super::common::write_output;
use super::Outcome;
use crate::import::ImportOptions;
use crate::store::Store;

fn options(a: &ImportArgs) -> ImportOptions {
    ImportOptions {
        dry_run: a.dry_run,
        skip_invalid: a.skip_invalid,
        track_untracked: a.track_untracked,
    }
}

/// `import` into an existing store; exit 1 when it was refused.
pub(super) fn import(store: &mut Store, a: &ImportArgs) -> Result<Outcome> {
    let format = a.format.as_deref();
    crate::import::run_cli(store, &a.file, format, options(a)).map(Outcome::Exit)
}

/// Moving in: the first import builds the store (see `import::run_cli_new_store`).
pub(super) fn import_new_store(path: &Path, a: &ImportArgs) -> Result<Outcome> {
    let format = a.format.as_deref();
    crate::import::run_cli_new_store(path, &a.file, format, options(a)).map(Outcome::Exit)
}

pub(super) fn export(store: &Store, kind: ExportKind, output: Option<&Path>) -> Result<()> {
    let bytes = match kind {
        ExportKind::Stock => crate::import::export_stock(store)?,
        ExportKind::Movements => crate::import::export_movements(store)?,
        ExportKind::ShopifyInventory => crate::import::export_shopify_inventory(store)?,
    };
    write_output(output, &bytes)
}

pub(super) fn backup(store: &Store, file: &Path) -> Result<()> {
    store.backup_to(file)?;
    println!("backup written to {}", file.display());
    Ok(())
}

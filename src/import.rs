//! `import` and `export`: files in, files out, through the channel parsers and the store.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::channels::{self, CatalogRow, Format, InventoryExportRow, Parsed};
use crate::domain::money::format_money;
use crate::store::{CatalogFeed, ImportSummary, ItemFields, StockQuery, Store};

/// How an import goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Report what would change, change nothing.
    pub dry_run: bool,
    /// Import the good rows and list the bad ones (else any bad row imports nothing).
    pub skip_invalid: bool,
    /// Take the quantities of Shopify variants Shopify does not track (blank
    /// `Variant Inventory Tracker`), which are otherwise left out and counted.
    pub track_untracked: bool,
}

/// Import a file. Returns the exit code: 0 when imported (or dry-run clean), 1 when refused.
pub fn run_cli(
    store: &mut Store,
    file: &Path,
    format: Option<&str>,
    opts: ImportOptions,
) -> Result<i32> {
    let import = |store: &mut Store| import_file(store, file, format, opts);
    let summary = if opts.dry_run {
        import(store)?
    } else {
        writing_alone(store, import)?
    };
    Ok(report(&summary, file, opts))
}

/// Run `write` with the store on the rollback journal if no other connection has it open,
/// so that each page it adds is written once (`Store::journal_alone`), and back in WAL
/// afterwards whatever happened.
pub fn writing_alone<T>(
    store: &mut Store,
    write: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<T> {
    let alone = store.journal_alone()?;
    let result = write(store);
    if alone {
        if let Err(e) = store.back_to_wal() {
            // What the write did stands; the next open of the store goes back to WAL.
            eprintln!("warning: {e:#}");
        }
    }
    result
}

/// `import` into a store that does not exist yet: a shop moving in.
///
/// The store is built in a file of its own beside `path` that no other program knows of,
/// so it can fill with its rollback journal in memory and without a sync per write; once
/// the import has committed, the file is synced, switched to WAL and put at `path` in one
/// step (a link that fails if something appeared there meanwhile). Nothing is at `path`
/// until then, and a refused import, a dry run or a failure leaves nothing behind. For 100k
/// rows this skips writing 52 MB twice (WAL, then checkpoint): 0.85 s -> 0.72 s.
pub fn run_cli_new_store(
    path: &Path,
    file: &Path,
    format: Option<&str>,
    opts: ImportOptions,
) -> Result<i32> {
    let building = Building::beside(path)?;
    let mut store = Store::open(&building.path)
        .with_context(|| format!("cannot create the store {}", path.display()))?;
    store.build_privately()?;
    let summary = import_file(&mut store, file, format, opts)?;
    if summary.committed {
        store.finish_private_build()?;
        drop(store);
        building.publish(path)?;
    }
    Ok(report(&summary, file, opts))
}

/// A store being built beside where it will live; removed unless published.
struct Building {
    path: std::path::PathBuf,
}

impl Building {
    fn beside(target: &Path) -> Result<Building> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .with_context(|| format!("{} is not a file name", target.display()))?;
        let dir = target.parent().unwrap_or_else(|| Path::new(""));
        Ok(Building {
            path: dir.join(format!(".{name}.importing-{}", std::process::id())),
        })
    }

    /// Sync the finished file and put it at `target`, unless something is there already.
    fn publish(self, target: &Path) -> Result<()> {
        std::fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", self.path.display()))?;
        std::fs::hard_link(&self.path, target).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} appeared while the import ran (another stockroom?); nothing was \
                     imported: import again into it",
                    target.display()
                )
            } else {
                anyhow::Error::new(e).context(format!("cannot create {}", target.display()))
            }
        })?;
        // The store is in place; the folder entry is made durable too.
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("syncing the folder {}", dir.display()))?;
        Ok(())
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        // Published or not, the building name goes (a published store keeps its own link).
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Read, parse and apply a file (with a progress bar on a terminal); prints nothing else.
fn import_file(
    store: &mut Store,
    file: &Path,
    format: Option<&str>,
    opts: ImportOptions,
) -> Result<ImportSummary> {
    let format = match format {
        None => None,
        Some(f) => Some(f.parse::<Format>().map_err(|_| {
            anyhow::anyhow!("unknown format '{f}' (use native, shopify, shopify-inventory, shopify-orders or woocommerce)")
        })?),
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let label = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut bar = Progress::on_stderr(&label);
    let summary =
        import_bytes_with_progress(store, &bytes, format, opts, file, &mut |done, total| {
            bar.show(done, total)
        });
    bar.clear();
    summary
}

/// Print what an import did (or why it did nothing); the exit code.
fn report(summary: &ImportSummary, file: &Path, opts: ImportOptions) -> i32 {
    let ImportOptions {
        dry_run,
        skip_invalid,
        ..
    } = opts;
    let name = file.display();
    for p in &summary.problems {
        // One line per problem, whatever the cell held (line breaks, escape sequences).
        eprintln!("{name}: {}", crate::domain::text::sanitize(&p.to_string()));
    }
    if !summary.problems.is_empty() && !skip_invalid {
        eprintln!(
            "error: {name}: {} problem(s); nothing was imported (fix them, or use --skip-invalid to import the good rows)",
            summary.problems.len()
        );
        return 1;
    }
    let verb = if dry_run { "would import" } else { "imported" };
    println!(
        "{verb}: {} new item(s), {} updated, {} stock change(s), {} sale(s), {} return(s), {} already imported, {} skipped{}",
        summary.new_items,
        summary.updated_items,
        summary.stock_changes,
        summary.sales,
        summary.returns,
        summary.already_imported,
        summary.skipped,
        if summary.problems.is_empty() { String::new() } else { format!(", {} invalid row(s) left out", summary.problems.len()) }
    );
    if let Some(u) = &summary.untracked {
        println!(
            "note: ignored the quantities of {} that Shopify does not track (blank {}); \
             --track-untracked takes them",
            if u.variants == 1 {
                "1 variant".to_string()
            } else {
                format!("{} variants", u.variants)
            },
            crate::domain::text::sanitize(&u.column)
        );
    }
    for order in &summary.partly_refunded {
        println!(
            "note: order {} was partly refunded, and the export does not say which items came back: \
             no return was posted (if goods came back: stockroom return CODE QTY --ref '{}')",
            crate::domain::text::sanitize(order),
            crate::domain::text::sanitize(order)
        );
    }
    if dry_run {
        println!("dry run: nothing was changed");
    }
    0
}

/// Parse and apply bytes in one transaction.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    format: Option<Format>,
    dry_run: bool,
    skip_invalid: bool,
    file: &Path,
) -> Result<ImportSummary> {
    let opts = ImportOptions {
        dry_run,
        skip_invalid,
        track_untracked: false,
    };
    import_bytes_with_progress(store, bytes, format, opts, file, &mut |_, _| {})
}

/// Rows handed from the parsing thread to the writing one at a time: enough that the
/// hand-over costs nothing, few enough that writing starts at once.
const BATCH_ROWS: usize = 2048;

/// `import_bytes`, calling `progress(done, total)` as the parsed records are applied
/// (catalogues: the line of the file reached, of all its lines; others: records).
///
/// A catalogue is parsed on a thread of its own while this one writes the rows already
/// parsed, in the same single transaction: parsing 100k rows takes about 0.15 s, which the
/// writing hides. Whatever the parser finds wrong is known before the transaction commits.
pub fn import_bytes_with_progress(
    store: &mut Store,
    bytes: &[u8],
    format: Option<Format>,
    opts: ImportOptions,
    file: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary> {
    let ImportOptions {
        dry_run,
        skip_invalid,
        track_untracked,
    } = opts;
    let decimals = store.settings().currency_decimals;
    let mut opened =
        channels::open(bytes, format).with_context(|| format!("{}", file.display()))?;
    opened.track_untracked = track_untracked;
    let source = opened.format.name();
    if opened.is_catalog() {
        let lines = usize::try_from(opened.lines).unwrap_or(usize::MAX);
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<CatalogRow>>(8);
        // Written rows go back to the parsing thread to be freed: glibc's malloc locks the
        // arena a block came from, so freeing here what that thread allocated made the two
        // threads fight over one lock (6,900 futex calls for 100k rows, against 125 now).
        let (spent_sender, spent_receiver) = std::sync::mpsc::channel::<Vec<ItemFields>>();
        // Emptied batches come back to be filled again (and freed on that thread at the end).
        let (batch_sender, batches_back) = std::sync::mpsc::channel::<Vec<CatalogRow>>();
        // What the parser found, told as soon as its last row is back.
        let (done, parsed) = std::sync::mpsc::sync_channel::<Result<channels::ParseEnd>>(1);
        return std::thread::scope(|scope| {
            let parser = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH_ROWS);
                let end = opened.stream_catalog(decimals, &mut |row| {
                    batch.push(row);
                    if batch.len() == BATCH_ROWS {
                        let next = batches_back
                            .try_recv()
                            .unwrap_or_else(|_| Vec::with_capacity(BATCH_ROWS));
                        let full = std::mem::replace(&mut batch, next);
                        // The writer stopped (it failed): stop reading too.
                        sender
                            .send(full)
                            .map_err(|_| anyhow::anyhow!("import stopped"))?;
                        spent_receiver.try_iter().for_each(drop);
                    }
                    Ok(())
                });
                if !batch.is_empty() && end.is_ok() {
                    let _ = sender.send(batch);
                }
                drop(sender);
                // Free the rest as it comes back, until the writer is done with the rows.
                spent_receiver.iter().for_each(drop);
                // The result goes before this thread frees its batches and ends: that last
                // free consolidates the thread's whole malloc arena (40 ms for 100k rows),
                // which the writer need not wait for. It joins the thread after it commits.
                let _ = done.send(end);
            });
            let spent_sender = std::cell::RefCell::new(Some(spent_sender));
            let spent_pile = std::cell::RefCell::new(Vec::with_capacity(BATCH_ROWS));
            let send_pile = || {
                let pile = std::mem::replace(
                    &mut *spent_pile.borrow_mut(),
                    Vec::with_capacity(BATCH_ROWS),
                );
                if let Some(back) = spent_sender.borrow().as_ref() {
                    // The parser has gone (it failed): then the rows are freed here.
                    let _ = back.send(pile);
                }
            };
            let mut end = channels::ParseEnd::default();
            // Told of each row written, and once more when every row is in (the bar then
            // says the ledger and search index are being written).
            let progress = std::cell::RefCell::new(progress);
            let summary = store.import_catalog_stream(
                CatalogFeed {
                    batches: &mut receiver.iter(),
                    parse_end: &mut || {
                        (progress.borrow_mut())(lines, lines);
                        send_pile();
                        // Its last rows are back: the parser can finish.
                        spent_sender.borrow_mut().take();
                        match parsed.recv() {
                            Ok(Ok(e)) => {
                                end.skipped_rows = e.skipped_rows;
                                end.untracked = e.untracked;
                                Ok(e.problems)
                            }
                            Ok(Err(e)) => Err(e),
                            // It ended without a word: it panicked.
                            Err(_) => Err(anyhow::anyhow!("the CSV parser failed")),
                        }
                    },
                    progress: &mut |row| {
                        let line = usize::try_from(row.line).unwrap_or(lines).min(lines);
                        (progress.borrow_mut())(line, lines);
                    },
                    spent_row: &mut |fields| {
                        let full = {
                            let mut pile = spent_pile.borrow_mut();
                            pile.push(fields);
                            pile.len() >= BATCH_ROWS
                        };
                        if full {
                            send_pile();
                        }
                    },
                    spent_batch: &mut |empty| {
                        // The parser has gone: then it is freed here.
                        let _ = batch_sender.send(empty);
                    },
                },
                dry_run,
                skip_invalid,
                source,
            );
            // On a failure before the end, let the parser go.
            spent_sender.borrow_mut().take();
            // On a failed write the receiver goes with this scope, and the parser stops at
            // its next batch.
            drop(receiver);
            // Its result is in hand (a parser that panicked before giving it failed the
            // import above), so all that can be left of the thread is freeing memory.
            let _ = parser.join();
            let mut summary = summary.with_context(|| format!("{}", file.display()))?;
            summary.skipped += end.skipped_rows;
            summary.untracked = end.untracked;
            Ok(summary)
        });
    }
    let report = opened
        .parse(decimals)
        .with_context(|| format!("{}", file.display()))?;
    let mut problems = report.problems;
    let skipped = report.skipped_rows;
    let untracked = report.untracked;
    let total = report.parsed.len();
    let mut tick = |done: usize| progress(done, total);
    let mut summary = match report.parsed {
        Parsed::Catalog(rows) => store.import_catalog(
            rows,
            std::mem::take(&mut problems),
            dry_run,
            skip_invalid,
            source,
        )?,
        Parsed::Levels(rows) => store.import_levels_with_progress(
            &rows,
            std::mem::take(&mut problems),
            dry_run,
            skip_invalid,
            source,
            &mut tick,
        )?,
        Parsed::Orders(orders) => store.import_orders_with_progress(
            &orders,
            std::mem::take(&mut problems),
            dry_run,
            skip_invalid,
            source,
            &mut tick,
        )?,
    };
    summary.skipped += skipped;
    summary.untracked = untracked;
    Ok(summary)
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal
/// (never into a pipe or a log), only once an import has run long enough to be worth one,
/// at most ten times a second, and wiped before anything else is printed.
pub struct Progress {
    enabled: bool,
    label: String,
    start: Instant,
    last_draw: Option<Instant>,
    /// Width of what is on the line now, to blank it out.
    drawn: usize,
}

impl Progress {
    /// Nothing is drawn before this, so small files print no bar at all.
    const DELAY: Duration = Duration::from_millis(150);
    /// At most ten redraws a second.
    const EVERY: Duration = Duration::from_millis(100);
    const BAR: usize = 30;

    /// A bar for importing `label`, on standard error if it is a terminal.
    pub fn on_stderr(label: &str) -> Progress {
        Progress::new(label, std::io::stderr().is_terminal())
    }

    pub fn new(label: &str, enabled: bool) -> Progress {
        // Keep the whole line inside 80 columns (the bar, the percentage and the counts
        // take about 55): the label gives way.
        let max = 80 - Self::BAR - 26;
        let label = if label.chars().count() > max {
            let tail: String = label
                .chars()
                .rev()
                .take(max - 1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            label.to_string()
        };
        Progress {
            enabled,
            label: crate::domain::text::sanitize(&label),
            start: Instant::now(),
            last_draw: None,
            drawn: 0,
        }
    }

    /// The line for `done` of `total`.
    pub fn line(&self, done: usize, total: usize) -> String {
        if total == 0 || done >= total {
            return format!("{}: writing the ledger and search index…", self.label);
        }
        let filled = done * Self::BAR / total;
        format!(
            "{}: [{}{}] {:>3}% {done}/{total}",
            self.label,
            "#".repeat(filled),
            "-".repeat(Self::BAR - filled),
            done * 100 / total,
        )
    }

    /// Redraw if it is time to. The last step (`done == total`) is always drawn once the
    /// bar is showing, since writing the ledger after it takes a while.
    pub fn show(&mut self, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let due = match self.last_draw {
            None => now.duration_since(self.start) >= Self::DELAY,
            Some(last) => now.duration_since(last) >= Self::EVERY || done >= total,
        };
        if !due {
            return;
        }
        self.last_draw = Some(now);
        let line = self.line(done, total);
        let width = line.chars().count();
        let pad = self.drawn.saturating_sub(width);
        let mut err = std::io::stderr().lock();
        // A failed write to the terminal only loses the bar.
        let _ = write!(err, "\r{line}{}", " ".repeat(pad));
        let _ = err.flush();
        self.drawn = width;
    }

    /// Blank the line and put the cursor back at its start.
    pub fn clear(&mut self) {
        if self.enabled && self.drawn > 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}\r", " ".repeat(self.drawn));
            let _ = err.flush();
            self.drawn = 0;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

fn all_stock(store: &Store) -> Result<Vec<crate::store::StockRow>> {
    store.stock_page(&StockQuery::default())
}

/// The native CSV of the catalogue and stock (re-importable).
pub fn export_stock(store: &Store) -> Result<Vec<u8>> {
    let d = store.settings().currency_decimals;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "sku",
        "name",
        "product",
        "variant",
        "barcode",
        "price",
        "cost",
        "on_hand",
        "reorder_point",
        "reorder_qty",
        "supplier",
        "avg_cost",
        "stock_value",
    ])?;
    for r in all_stock(store)? {
        let Some(item) = store.item_by_id(r.item_id)? else {
            continue;
        };
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let m = |v: Option<i64>| v.map(|x| format_money(x, d)).unwrap_or_default();
        w.write_record([
            item.sku.as_str(),
            item.name.as_str(),
            item.product.as_deref().unwrap_or(""),
            item.variant.as_deref().unwrap_or(""),
            &item.barcodes.join("|"),
            &m(item.price),
            &m(item.cost),
            &r.on_hand.to_string(),
            &opt(item.reorder_point),
            &opt(item.reorder_qty),
            item.supplier.as_deref().unwrap_or(""),
            &m(r.avg_cost),
            &format_money(r.value, d),
        ])?;
    }
    w.flush()?;
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))
}

/// Every movement as CSV, oldest first.
pub fn export_movements(store: &Store) -> Result<Vec<u8>> {
    let d = store.settings().currency_decimals;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "doc",
        "at",
        "kind",
        "sku",
        "qty",
        "value",
        "unit_price",
        "user",
        "reason",
        "ref",
    ])?;
    store.movements_export(|m| {
        w.write_record([
            m.doc.as_str(),
            m.at.as_str(),
            m.kind.as_str(),
            m.sku.as_str(),
            &m.qty.to_string(),
            &format_money(m.value, d),
            &m.unit_price.map(|p| format_money(p, d)).unwrap_or_default(),
            m.user.as_str(),
            m.reason.as_deref().unwrap_or(""),
            m.reference.as_deref().unwrap_or(""),
        ])?;
        Ok(())
    })?;
    w.flush()?;
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))
}

/// Stock in Shopify's inventory CSV layout, to upload back. Shopify finds each row's
/// variant by its product's handle and its option values: an item from a Shopify products
/// file is named as that file named it; any other gets a handle made from its product's
/// title and numbered option names.
pub fn export_shopify_inventory(store: &Store) -> Result<Vec<u8>> {
    let location = store.shopify_location()?;
    let rows: Vec<InventoryExportRow> = store
        .shopify_listings()?
        .into_iter()
        .map(|item| InventoryExportRow {
            handle: item.handle.unwrap_or_else(|| handleize(&item.title)),
            title: item.title,
            options: item
                .variant
                .as_deref()
                .map(|v| shopify_options(v, item.option_names.as_deref()))
                .unwrap_or_default(),
            sku: item.sku,
            location: location.clone(),
            on_hand: item.on_hand,
        })
        .collect();
    let mut out = Vec::new();
    channels::write_shopify_inventory(&mut out, &rows)?;
    out.flush()?;
    if out.is_empty() {
        bail!("nothing to export");
    }
    Ok(out)
}

/// A variant's (option name, value) pairs from its values (`M / Red`) and, if known, its
/// option names (`Size / Color`); numbered names (`Option1`) where they are not known.
fn shopify_options(variant: &str, names: Option<&str>) -> Vec<(String, String)> {
    let values: Vec<&str> = variant.split(" / ").collect();
    let names: Option<Vec<&str>> = names
        .map(|n| n.split(" / ").collect::<Vec<_>>())
        .filter(|n| n.len() == values.len());
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let name = names
                .as_ref()
                .and_then(|n| n.get(i))
                .map_or_else(|| format!("Option{}", i + 1), |n| n.to_string());
            (name, value.to_string())
        })
        .collect()
}

/// Shopify's handle form: lower case, words joined by hyphens.
pub fn handleize(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::{shopify_options, Building};

    #[test]
    fn shopify_options_pair_values_with_their_names_or_number_them() {
        let pairs = |v, n| {
            shopify_options(v, n)
                .into_iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs("M / Red", Some("Size / Color")),
            ["Size=M", "Color=Red"]
        );
        assert_eq!(pairs("M / Red", None), ["Option1=M", "Option2=Red"]);
        // Names that do not fit the values (one lost on the way) are not guessed at.
        assert_eq!(pairs("M / Red", Some("Size")), ["Option1=M", "Option2=Red"]);
        assert_eq!(pairs("Sand", Some("Color")), ["Color=Sand"]);
    }

    /// A store that appeared at the path while the import ran is never replaced, and the
    /// building file goes either way.
    #[test]
    fn publishing_never_replaces_a_store_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("shop.db");
        let building = Building::beside(&target).expect("building");
        let built = building.path.clone();
        std::fs::write(&built, b"built").expect("built");
        std::fs::write(&target, b"someone else's").expect("other");
        let err = building.publish(&target).expect_err("refused");
        assert!(
            err.to_string().contains("appeared while the import ran"),
            "{err}"
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"someone else's");
        assert!(!built.exists(), "the building file is removed");

        let target = dir.path().join("new.db");
        let building = Building::beside(&target).expect("building");
        let built = building.path.clone();
        std::fs::write(&built, b"built").expect("built");
        building.publish(&target).expect("published");
        assert_eq!(std::fs::read(&target).expect("read"), b"built");
        assert!(!built.exists());
    }
}

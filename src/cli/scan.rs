//! `scan sell|receive|count`: `sell` and `receive` post one transaction per input line,
//! acknowledged only after its commit returned, flushed at once; `count` tallies every line
//! and posts one count document when the input ends.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use anyhow::{Context, Result};

use super::args::ScanMode;
use crate::domain::ledger::{DocKind, MAX_QTY};
pub use crate::domain::scan::split_qty;
use crate::store::{PostLine, PostRequest, Refusal, Store};

/// The longest line accepted; a scanner never sends more, a pasted file might.
pub const MAX_LINE: usize = 4096;

/// Read one line of at most MAX_LINE bytes. Returns None at end of input; an overlong line
/// is consumed to its end and reported as too long.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if any { Some(too_long) } else { None });
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let room = MAX_LINE + 2 - buf.len().min(MAX_LINE + 2);
            buf.extend_from_slice(&chunk[..take.min(room)]);
            if buf.len() > MAX_LINE + 1 {
                too_long = true;
                buf.clear();
            }
        }
        input.consume(take);
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// What a scan run did: lines posted (for `count`, lines that went into the count), lines
/// refused, and the first refusal.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScanTally {
    pub posted: u64,
    pub failed: u64,
    /// `(line number, message)` of the first line that failed.
    pub first_error: Option<(u64, String)>,
    /// `scan count`: the one count document the run posted at the end of input.
    pub count_doc: Option<String>,
    /// `scan count`: why the count was not posted at the end (nothing was).
    pub post_error: Option<String>,
}

impl ScanTally {
    /// The one `error:` line for standard error when any line failed.
    pub fn error_line(&self) -> Option<String> {
        if let Some(why) = &self.post_error {
            return Some(format!("error: scan count: nothing posted: {why}"));
        }
        let (line, msg) = self.first_error.as_ref()?;
        let more = match self.failed {
            0 | 1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let done = match &self.count_doc {
            Some(doc) => format!(
                "{} counted in {doc}; the failed lines were not",
                self.posted
            ),
            None => format!("{} posted", self.posted),
        };
        Some(format!(
            "error: scan: line {line} failed{more} ({done}): {msg}"
        ))
    }
}

/// `scan MODE` over standard input and output; exit 1 when any line failed.
pub(super) fn command(store: &mut Store, mode: ScanMode) -> Result<super::Outcome> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let tally = run_counted(store, mode, stdin.lock(), stdout.lock())?;
    // Each failed line has its `error LINE MESSAGE` on standard output; standard error gets
    // the one `error:` line every failing command ends with.
    match tally.error_line() {
        Some(line) => {
            eprintln!("{line}");
            Ok(super::Outcome::Exit(1))
        }
        None => Ok(super::Outcome::Exit(0)),
    }
}

/// Run the scan loop. Returns whether any line failed.
pub fn run(
    store: &mut Store,
    mode: ScanMode,
    input: impl BufRead,
    out: impl Write,
) -> Result<bool> {
    Ok(run_counted(store, mode, input, out)?.failed > 0)
}

/// Run the scan loop, counting what was posted and what failed.
///
/// `sell` and `receive` post each line as it comes. `count` posts nothing until the input
/// ends: every line adds to its item's tally (acknowledged `ok - SKU TALLY`), and at the
/// end the tallies are posted as one count document, one `ok DOC SKU ON_HAND` line each.
/// A line that fails is left out of the count; if the posting itself fails, nothing is
/// posted and `error - nothing posted: WHY` says why.
pub fn run_counted(
    store: &mut Store,
    mode: ScanMode,
    mut input: impl BufRead,
    mut out: impl Write,
) -> Result<ScanTally> {
    let mut tally = ScanTally::default();
    let mut buf = Vec::with_capacity(256);
    let mut counted: HashMap<i64, i64> = HashMap::new();
    // `count`: the items counted, in the order they were first scanned.
    let mut count_order: Vec<i64> = Vec::new();
    let mut line_no: u64 = 0;
    while let Some(too_long) = read_line(&mut input, &mut buf).context("reading standard input")? {
        line_no += 1;
        let result = if too_long {
            Err(format!("line is longer than {MAX_LINE} bytes"))
        } else {
            match std::str::from_utf8(&buf) {
                Err(_) => Err("line is not UTF-8 text".to_string()),
                Ok(text) => {
                    let text = text.trim_end_matches(['\n', '\r']);
                    if text.trim().is_empty() {
                        continue;
                    }
                    if text.contains('\0') {
                        Err("line contains a NUL byte".to_string())
                    } else if mode == ScanMode::Count {
                        tally_one(store, text, &mut counted).map(|(id, sku, n)| {
                            if !count_order.contains(&id) {
                                count_order.push(id);
                            }
                            format!("- {sku} {n}")
                        })
                    } else {
                        scan_one(store, mode, text, &mut counted)
                    }
                }
            }
        };
        let written = match result {
            Ok(ack) => {
                tally.posted += 1;
                writeln!(out, "ok {ack}")
            }
            Err(msg) => {
                tally.failed += 1;
                let w = writeln!(out, "error {line_no} {msg}");
                if tally.first_error.is_none() {
                    tally.first_error = Some((line_no, msg));
                }
                w
            }
        };
        let written = written.and_then(|()| out.flush());
        if let Err(e) = written {
            if mode == ScanMode::Count {
                // Not a quiet broken pipe: the count was never posted, and must say so.
                anyhow::bail!(
                    "scan count: cannot write to standard output ({e}); nothing was posted"
                );
            }
            return Err(anyhow::Error::new(e).context("writing to standard output"));
        }
    }
    if mode == ScanMode::Count && !count_order.is_empty() {
        post_count(store, &count_order, &counted, &mut tally, &mut out)?;
    }
    Ok(tally)
}

/// Post a `scan count` run's tallies as one count document, in one transaction.
fn post_count(
    store: &mut Store,
    order: &[i64],
    counted: &HashMap<i64, i64>,
    tally: &mut ScanTally,
    out: &mut impl Write,
) -> Result<()> {
    let lines = order
        .iter()
        .map(|id| PostLine {
            item_id: *id,
            qty: counted.get(id).copied().unwrap_or(0),
            unit_cost: None,
            unit_price: None,
        })
        .collect();
    match store.post(&PostRequest::new(DocKind::Count, lines)) {
        Ok(posted) => {
            for l in &posted.lines {
                writeln!(out, "ok {} {} {}", posted.doc, l.sku, l.on_hand)
                    .context("writing to standard output")?;
            }
            tally.count_doc = Some(posted.doc);
        }
        Err(e) => {
            let why = one_line(e);
            writeln!(out, "error - nothing posted: {why}").context("writing to standard output")?;
            tally.posted = 0;
            tally.post_error = Some(why);
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(())
}

/// Add one `scan count` line (`CODE` or `N*CODE`) to its item's tally, posting nothing:
/// the item, its SKU and its tally so far.
fn tally_one(
    store: &mut Store,
    text: &str,
    counted: &mut HashMap<i64, i64>,
) -> Result<(i64, String, i64), String> {
    let (qty, code) = split_qty(text)?;
    let item = store.resolve(code).map_err(one_line)?;
    let so_far = counted.get(&item.id).copied().unwrap_or(0);
    let n = so_far + qty;
    if n > MAX_QTY {
        return Err(format!(
            "{} would be counted at {n}; a count holds at most {MAX_QTY} (this line was not counted)",
            item.sku
        ));
    }
    counted.insert(item.id, n);
    Ok((item.id, item.sku, n))
}

/// One scanned line (`CODE` or `N*CODE`); the acknowledgement text on success. `sell` and
/// `receive` post it at once (`DOC SKU ON_HAND`). `count` only adds it to the item's tally
/// in `counted` and posts nothing (`- SKU TALLY`): a run's tallies are posted together at
/// the end of input (see `run_counted`), never from a partial tally.
pub fn scan_one(
    store: &mut Store,
    mode: ScanMode,
    text: &str,
    counted: &mut HashMap<i64, i64>,
) -> Result<String, String> {
    let kind = match mode {
        ScanMode::Sell => DocKind::Sale,
        ScanMode::Receive => DocKind::Receipt,
        ScanMode::Count => {
            let (_, sku, n) = tally_one(store, text, counted)?;
            return Ok(format!("- {sku} {n}"));
        }
    };
    let (qty, code) = split_qty(text)?;
    let item = store.resolve(code).map_err(one_line)?;
    let req = PostRequest::new(
        kind,
        vec![PostLine {
            item_id: item.id,
            qty,
            unit_cost: None,
            unit_price: None,
        }],
    );
    let posted = store.post(&req).map_err(one_line)?;
    let on_hand = posted.lines.last().map_or(0, |l| l.on_hand);
    Ok(format!("{} {} {}", posted.doc, item.sku, on_hand))
}

fn one_line(e: anyhow::Error) -> String {
    if let Some(r) = e.downcast_ref::<Refusal>() {
        return r.0.clone();
    }
    format!("{e:#}").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_lines_are_cut_and_flagged() {
        let mut data = vec![b'A'; 1_000_000];
        data.extend_from_slice(b"\nOK\n");
        let mut input = std::io::Cursor::new(data);
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf).ok(), Some(Some(true)));
        assert_eq!(read_line(&mut input, &mut buf).ok(), Some(Some(false)));
        assert_eq!(buf, b"OK\n");
        assert_eq!(read_line(&mut input, &mut buf).ok(), Some(None));
    }
}

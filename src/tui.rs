//! Terminal set-up and teardown, and the event loop.
//!
//! - Raw mode, the alternate screen and bracketed paste; no keyboard-enhancement flags and no
//!   terminal queries (nothing waits for an answer that may never come over SSH).
//! - An RAII guard restores the terminal on every exit path; a panic hook and SIGHUP/SIGTERM
//!   do the same (open documents are already saved as drafts).
//! - One thread reads the keyboard and hands events over in order; the loop waits for the
//!   first, drains every event already waiting, updates the app for each, then draws once
//!   inside a synchronized update. Exactly one reader of stdin.
//! - `PRAGMA data_version` is polled every turn (at least every 250 ms) so another
//!   session's postings show within a second.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::Utc;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::{map_event, App, AppEvent};
use crate::store::Store;

/// How long the loop sleeps waiting for input before it checks the store again.
const POLL: Duration = Duration::from_millis(250);
/// How often the clock moves.
const TICK: Duration = Duration::from_secs(1);

type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// Put the terminal back as it was. Safe to call more than once, and when the terminal is
/// gone (SIGHUP): errors are ignored.
fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Raw mode, alternate screen and bracketed paste for as long as it lives.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
        let guard = TerminalGuard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            Clear(ClearType::All)
        )
        .context("cannot set up the terminal")?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Open the TUI on the store at `path`.
pub fn run(path: &Path, no_color: bool) -> Result<()> {
    // Open the store first: a refusal prints as a plain error, before the screen changes.
    let store = Store::open(path)?;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        anyhow::bail!(
            "the terminal UI needs a terminal on stdin and stdout; for scripts use the commands (stockroom --help)"
        );
    }
    let mut app = App::new(store, Utc::now());
    app.set_monochrome(crate::ui::monochrome_wanted(no_color));

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }
    install_panic_hook();

    let guard = TerminalGuard::enter()?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fullscreen,
        },
    )
    .context("cannot start drawing")?;
    let result = event_loop(&mut terminal, &mut app, &stop);
    drop(terminal);
    drop(guard);
    result
}

fn draw(terminal: &mut Terminal<Backend>, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::draw(frame, app))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

fn bell(terminal: &mut Terminal<Backend>) -> io::Result<()> {
    let out = terminal.backend_mut();
    out.write_all(b"\x07")?;
    out.flush()
}

/// The one reader of the keyboard: a thread that blocks in `event::read` and hands every
/// event, in order, to the loop. Reading on a thread of its own keeps the loop in charge
/// when the terminal goes away: crossterm 0.29 spins inside `poll`/`read` once its tty
/// reports end-of-file or EIO (a closed SSH connection, a killed tmux), so a loop that
/// read directly would never look at the SIGHUP flag again, and would burn a core.
///
/// Events are handed over in batches: everything the terminal had already sent when the
/// first was read (crossterm parses a whole read of the tty at once). A scanner's burst,
/// written in one go, so always arrives as one batch, whatever the loop was doing; the app
/// relies on that to tell a scan from typing while a dialog is open.
fn spawn_keyboard_reader() -> Result<Receiver<Vec<io::Result<Event>>>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyboard".into())
        .spawn(move || loop {
            let mut batch = vec![event::read()];
            let mut failed = batch[0].is_err();
            while !failed && matches!(event::poll(Duration::ZERO), Ok(true)) {
                let ev = event::read();
                failed = ev.is_err();
                batch.push(ev);
            }
            if tx.send(batch).is_err() || failed {
                return;
            }
        })
        .context("cannot start the keyboard reader")?;
    Ok(rx)
}

/// Whether the controlling terminal is still there. After a hang-up (the SSH connection
/// dropped, the tmux pane killed) opening `/dev/tty` fails.
fn terminal_present() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

fn event_loop(terminal: &mut Terminal<Backend>, app: &mut App, stop: &AtomicBool) -> Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    app.update(AppEvent::Resize {
        width: size.width,
        height: size.height,
    });
    let keyboard = spawn_keyboard_reader()?;
    // Only a terminal that was there at the start can be noticed going away.
    let watch_terminal = terminal_present();
    let mut seen_version = app.store().data_version()?;
    let mut last_tick = Instant::now();
    let mut dirty = true;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if dirty {
            if let Err(e) = draw(terminal, app) {
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                return Err(e).context("cannot draw on the terminal");
            }
            dirty = false;
        }

        let mut ring = false;
        // Wait for the first event, then take every one already waiting, then draw once.
        let first = match keyboard.recv_timeout(POLL) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            // The reader stopped: the terminal is gone.
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        if let Some(first) = first {
            app.begin_batch();
            let mut next = Some(first);
            while let Some(batch) = next {
                for ev in batch {
                    let ev = match ev {
                        Ok(ev) => ev,
                        Err(_) if stop.load(Ordering::Relaxed) => return Ok(()),
                        Err(e) => return Err(e).context("cannot read the keyboard"),
                    };
                    if let Some(ev) = map_event(&ev) {
                        let fx = app.update(ev);
                        dirty |= fx.redraw;
                        ring |= fx.bell;
                        if fx.quit {
                            return Ok(());
                        }
                    }
                }
                next = keyboard.try_recv().ok();
            }
            app.end_batch();
        }

        // Another session's commits: reload what is on screen.
        match app.store().data_version() {
            Ok(v) if v != seen_version => {
                seen_version = v;
                let fx = app.update(AppEvent::Refresh);
                dirty |= fx.redraw;
                ring |= fx.bell;
            }
            Ok(_) => {}
            Err(e) => return Err(e).context("cannot read the store"),
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            if watch_terminal && !terminal_present() {
                // Hung up without a SIGHUP reaching us: the drafts are saved; leave.
                return Ok(());
            }
            dirty |= app.update(AppEvent::Tick(Utc::now())).redraw;
        }
        if ring {
            let _ = bell(terminal);
        }
    }
}

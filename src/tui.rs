//! Terminal set-up and teardown, and the event loop.
//!
//! - Raw mode, the alternate screen and bracketed paste; no keyboard-enhancement flags and no
//!   terminal queries (nothing waits for an answer that may never come over SSH).
//! - An RAII guard restores the terminal on every exit path; a panic hook and SIGHUP/SIGTERM
//!   do the same (open documents are already saved as drafts).
//! - The loop blocks in `event::poll`, drains every event already waiting, updates the app
//!   for each, then draws once inside a synchronized update. Exactly one reader of stdin.
//! - `PRAGMA data_version` is polled every turn (at least every 250 ms) so another
//!   session's postings show within a second.

use std::io::{self, BufWriter, Stdout, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::Utc;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
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

fn event_loop(terminal: &mut Terminal<Backend>, app: &mut App, stop: &AtomicBool) -> Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    app.update(AppEvent::Resize {
        width: size.width,
        height: size.height,
    });
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
        let ready = match event::poll(POLL) {
            Ok(r) => r,
            Err(_) if stop.load(Ordering::Relaxed) => return Ok(()),
            Err(e) => return Err(e).context("cannot read the keyboard"),
        };
        if ready {
            app.begin_batch();
            loop {
                let ev = event::read().context("cannot read the keyboard")?;
                if let Some(ev) = map_event(&ev) {
                    let fx = app.update(ev);
                    dirty |= fx.redraw;
                    ring |= fx.bell;
                    if fx.quit {
                        return Ok(());
                    }
                }
                if !event::poll(Duration::ZERO).context("cannot read the keyboard")? {
                    break;
                }
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
            dirty |= app.update(AppEvent::Tick(Utc::now())).redraw;
        }
        if ring {
            let _ = bell(terminal);
        }
    }
}

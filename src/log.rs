//! Diagnostics to a file, never to the terminal: only when `--log` or `STOCKROOM_LOG` asks.
//! The file is `$XDG_STATE_HOME/stockroom/stockroom.log` (`~/.local/state/...`), or the
//! path `STOCKROOM_LOG` names when it is a path. Every posted document is logged at info.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

static SINK: OnceLock<Mutex<File>> = OnceLock::new();

/// Where the log goes by default.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(base.join("stockroom/stockroom.log"))
}

/// Start logging if `flag` is set or `STOCKROOM_LOG` is (to `1`/`true` or to a file path).
/// Failing to open the log is not fatal: the program runs without it.
pub fn init_from_env(flag: bool) -> Option<PathBuf> {
    let env = std::env::var("STOCKROOM_LOG")
        .ok()
        .filter(|v| !v.is_empty() && v != "0");
    if !flag && env.is_none() {
        return None;
    }
    let path = match env.as_deref() {
        Some(v) if v.contains('/') => PathBuf::from(v),
        _ => default_path()?,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    SINK.set(Mutex::new(file)).ok()?;
    info(&format!("stockroom {} started", env!("CARGO_PKG_VERSION")));
    Some(path)
}

fn write(level: &str, msg: &str) {
    if let Some(sink) = SINK.get() {
        if let Ok(mut f) = sink.lock() {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let _ = writeln!(f, "{now} {level} pid={} {msg}", std::process::id());
        }
    }
}

pub fn info(msg: &str) {
    write("INFO", msg);
}

pub fn warn(msg: &str) {
    write("WARN", msg);
}

/// Whether logging is on (so callers can skip building messages).
pub fn enabled() -> bool {
    SINK.get().is_some()
}

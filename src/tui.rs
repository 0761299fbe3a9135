//! Terminal set-up and the event loop (being written).
use std::path::Path;

/// Open the TUI on the store at `path`.
pub fn run(_path: &Path, _no_color: bool) -> anyhow::Result<()> {
    anyhow::bail!("the terminal UI is not built yet")
}

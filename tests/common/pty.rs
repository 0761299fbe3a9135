//! The real binary in a pseudo-terminal.

use std::path::Path;

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// Start `stockroom --db DB ARGS...` in a new 80x24 pseudo-terminal as user `tester`,
/// with `TERM=xterm-256color` and colour allowed. The child and the terminal's master side
/// (read it for the output, write to it for keys).
pub fn spawn(
    db: &Path,
    args: &[&str],
) -> (Box<dyn Child + Send + Sync>, Box<dyn MasterPty + Send>) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(super::bin());
    cmd.arg("--db");
    cmd.arg(db);
    for a in args {
        cmd.arg(a);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("USER", "tester");
    cmd.env_remove("STOCKROOM_DB");
    cmd.env_remove("NO_COLOR");
    let child = pair.slave.spawn_command(cmd).expect("start stockroom");
    drop(pair.slave);
    (child, pair.master)
}

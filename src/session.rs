//! Who a TUI session is, so an open draft belongs to one live session at a time.
//!
//! Shops often run every till under one OS login, so the user name cannot tell two tills
//! apart. A session is a fresh id, plus the process it runs in, named by host, pid and the
//! process's start time (the kernel's clock ticks since boot, `/proc/PID/stat` field 22):
//! a later process that reuses the pid has another start time, so a dead session is never
//! taken for a live one. A session whose process has ended (kill -9, a dropped SSH
//! connection, a closed tmux) holds nothing, at once, with no timeout to wait out.

use std::path::Path;

/// One TUI session: what a draft records about the session holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Unique to this session (two sessions in one process still differ).
    pub id: String,
    /// `HOST:PID:STARTTIME` of the process the session runs in.
    pub process: String,
    /// Where it is, for staff: the terminal and the host (`pts/3 on till1`).
    pub place: String,
}

impl Session {
    /// A new session of this process.
    pub fn start() -> Session {
        let host = host_name();
        let pid = std::process::id();
        let started = process_start(Path::new("/proc/self/stat")).unwrap_or(0);
        let terminal = terminal_name().unwrap_or_else(|| "no terminal".to_string());
        Session {
            id: uuid::Uuid::new_v4().to_string(),
            process: format!("{host}:{pid}:{started}"),
            place: format!("{terminal} on {host}"),
        }
    }
}

/// Whether the process a session named is still running. A process on another host cannot
/// be looked at and counts as running (SQLite's WAL keeps every session of a store on one
/// host, so this does not arise in practice); so does one whose record cannot be read.
pub fn process_running(process: &str) -> bool {
    let mut parts = process.rsplitn(3, ':');
    let (Some(started), Some(pid), Some(host)) = (parts.next(), parts.next(), parts.next()) else {
        return true;
    };
    if host != host_name() {
        return true;
    }
    let (Ok(pid), Ok(started)) = (pid.parse::<u32>(), started.parse::<u64>()) else {
        return true;
    };
    if !Path::new("/proc/self/stat").exists() {
        // No /proc to ask: nothing can be known, so the holder keeps its draft.
        return true;
    }
    let stat = Path::new("/proc").join(pid.to_string()).join("stat");
    match std::fs::read_to_string(&stat) {
        // Gone (or reaped): not running.
        Err(_) => false,
        Ok(text) => match parse_stat(&text) {
            // A zombie has ended; it only waits for its parent to collect it.
            Some((state, _)) if state == 'Z' || state == 'X' => false,
            Some((_, start)) => started == 0 || start == started,
            None => true,
        },
    }
}

/// The state letter and the start time (field 22) of a `/proc/PID/stat` line. The command
/// name (field 2) is in parentheses and may itself hold spaces and parentheses, so the
/// fields are counted from the last `)`.
fn parse_stat(text: &str) -> Option<(char, u64)> {
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    // Field 3 was the state; the start time is field 22, 19 further on.
    let start = fields.nth(18)?.parse().ok()?;
    Some((state, start))
}

fn process_start(stat: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(stat).ok()?;
    parse_stat(&text).map(|(_, start)| start)
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

/// The terminal on standard input, as `tty` prints it without `/dev/` (`pts/3`).
fn terminal_name() -> Option<String> {
    let target = std::fs::read_link("/proc/self/fd/0").ok()?;
    let text = target.to_string_lossy();
    let name = text.strip_prefix("/dev/")?;
    Some(crate::domain::text::sanitize(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        assert_eq!(parse_stat(line), Some(('S', 987654)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_is_running_and_a_made_up_one_is_not() {
        let me = Session::start();
        assert!(process_running(&me.process), "{}", me.process);
        let host = me.process.split(':').next().unwrap_or_default().to_string();
        // Same pid, another start time: a later process that reused the pid.
        let pid = std::process::id();
        assert!(!process_running(&format!("{host}:{pid}:1")));
        // A pid no process has (above the kernel's pid_max).
        assert!(!process_running(&format!("{host}:4294967:5")));
        // Another host cannot be looked at: it keeps its draft.
        assert!(process_running("some-other-host:1:1"));
    }

    #[test]
    fn an_ended_child_no_longer_holds() {
        let Ok(mut child) = std::process::Command::new("sleep").arg("30").spawn() else {
            return;
        };
        let stat = format!("/proc/{}/stat", child.id());
        let started = process_start(Path::new(&stat)).unwrap_or(0);
        let process = format!("{}:{}:{started}", host_name(), child.id());
        assert!(process_running(&process));
        let _ = child.kill();
        // Killed and not yet collected: a zombie, which holds nothing.
        let mut spins = 0;
        while process_running(&process) && spins < 1_000_000 {
            spins += 1;
            std::hint::spin_loop();
        }
        assert!(!process_running(&process));
        let _ = child.wait();
        assert!(!process_running(&process));
    }
}

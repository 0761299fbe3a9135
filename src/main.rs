use std::process::ExitCode;

use clap::Parser;
use stockroom::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color = cli.no_color;
    stockroom::log::init_from_env(cli.log);
    let result = cli::run(cli).and_then(|outcome| match outcome {
        Outcome::Exit(code) => Ok(code),
        Outcome::Tui(path) => stockroom::tui::run(&path, no_color).map(|()| 0),
    });
    match result {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            stockroom::log::warn(&format!("error: {msg}"));
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Output piped into `head` and the like: the reader went away; nothing to report.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

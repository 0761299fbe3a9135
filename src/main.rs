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
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            stockroom::log::warn(&format!("error: {msg}"));
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

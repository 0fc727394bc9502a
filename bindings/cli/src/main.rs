//! `dsauth`: DocuSign authentication from the shell.
//!
//! Secrets come from environment variables (or files they name) and
//! standard input, never from the command line, where other users of the
//! machine can read them. Failures exit with the codes of [`exit`].

mod cache;
mod call;
mod cli;
mod commands;
mod env;
mod exit;
mod layers;
mod logging;
mod profile;
mod settings;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Help, version and usage errors exit here (0, 0 and 2).
    let cli = cli::Cli::parse();
    logging::init(cli.global.verbose, cli.global.debug);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("dsauth: {failure}");
            ExitCode::from(failure.code())
        }
    }
}

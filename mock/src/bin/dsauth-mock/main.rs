//! `dsauth-mock [OPTIONS] [--exit-on-stdin-eof]`
//!
//! Starts the stand-in, prints one JSON line
//! `{"http":"http://127.0.0.1:P1","https":"https://127.0.0.1:P2","ca_file":"/path/ca.pem"}`
//! to stdout, and serves until SIGTERM/SIGINT, `POST /__mock/shutdown`, or
//! (with `--exit-on-stdin-eof`) until its standard input closes.
//!
//! `dsauth-mock run [OPTIONS] [--] COMMAND [ARGS...]` runs COMMAND with the
//! stand-in up for as long as it runs (see `run.rs`).

#[cfg(unix)]
mod run;
mod signals;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dsauth_mock::{fixture, Config, MockServer};

const USAGE: &str = "usage: dsauth-mock [OPTIONS] [--exit-on-stdin-eof]
       dsauth-mock run [OPTIONS] [--] COMMAND [ARGS...]

  --config FILE               JSON configuration (fields not given keep the fixture's values)
  --ca-file PATH              where to write the CA certificate (PEM)
  --register-jwt-key PEM_FILE also accept JWT assertions for the fixture's integration key
                              signed with this RSA key pair (its public key, PEM:
                              BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY); repeatable
  --exit-on-stdin-eof         stop when standard input is closed

run: start the stand-in, run COMMAND with DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS,
DSAUTH_BASE_URL (the HTTPS URL) and DSAUTH_CA_FILE set, stop the stand-in when
COMMAND ends and exit with its status (128+N when signal N ended it).
SIGINT and SIGTERM are passed on to COMMAND.
";

fn fail(msg: &str) -> ! {
    eprintln!("dsauth-mock: {msg}");
    std::process::exit(2);
}

/// The command line.
struct Options {
    config_file: Option<PathBuf>,
    ca_file: Option<PathBuf>,
    jwt_keys: Vec<PathBuf>,
    exit_on_stdin_eof: bool,
    /// `run`'s COMMAND and its arguments.
    command: Option<Vec<OsString>>,
}

fn parse_args() -> Options {
    let mut args = std::env::args_os().skip(1).peekable();
    let run = args.next_if(|a| a == "run").is_some();
    let mut options = Options {
        config_file: None,
        ca_file: None,
        jwt_keys: Vec::new(),
        exit_on_stdin_eof: false,
        command: None,
    };
    fn value(args: &mut impl Iterator<Item = OsString>, what: &str) -> PathBuf {
        args.next().unwrap_or_else(|| fail(what)).into()
    }
    while let Some(arg) = args.next() {
        match arg.to_str().unwrap_or_default() {
            "--config" => options.config_file = Some(value(&mut args, "--config needs a file")),
            "--ca-file" => options.ca_file = Some(value(&mut args, "--ca-file needs a path")),
            "--register-jwt-key" => options
                .jwt_keys
                .push(value(&mut args, "--register-jwt-key needs a PEM file")),
            "--exit-on-stdin-eof" if !run => options.exit_on_stdin_eof = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--" if run => {
                options.command = Some(args.by_ref().collect());
                break;
            }
            word if run && !word.starts_with('-') => {
                options.command = Some(std::iter::once(arg.clone()).chain(args.by_ref()).collect());
                break;
            }
            _ => fail(&format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if run && options.command.as_ref().is_none_or(|c| c.is_empty()) {
        fail(&format!("run needs a COMMAND\n{USAGE}"));
    }
    options
}

/// Adds the RSA public key in `path` to the keys JWT assertions for the
/// fixture's active integration key ([`fixture::INTEGRATION_KEY`]) may be
/// signed with. The PEM itself is parsed when the server starts (an
/// unreadable key stops it with exit status 2).
fn register_jwt_key(config: &mut Config, path: &std::path::Path) {
    let pem = std::fs::read_to_string(path).unwrap_or_else(|e| {
        fail(&format!(
            "--register-jwt-key: cannot read {}: {e}",
            path.display()
        ))
    });
    if pem.contains("PRIVATE KEY-----") {
        fail(&format!(
            "--register-jwt-key: {} holds a private key; pass the public key \
             (openssl rsa -in KEY.pem -pubout -out KEY.pub.pem)",
            path.display()
        ));
    }
    if !pem.contains("-----BEGIN PUBLIC KEY-----")
        && !pem.contains("-----BEGIN RSA PUBLIC KEY-----")
    {
        fail(&format!(
            "--register-jwt-key: {} is not a PEM public key (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)",
            path.display()
        ));
    }
    let key = config
        .integration_keys
        .iter_mut()
        .find(|k| k.key.eq_ignore_ascii_case(fixture::INTEGRATION_KEY))
        .unwrap_or_else(|| {
            fail(&format!(
                "--register-jwt-key: the configuration has no integration key {}",
                fixture::INTEGRATION_KEY
            ))
        });
    key.rsa_public_keys.push(pem);
}

/// The fixture, or the `--config` file, with `--ca-file` and the
/// `--register-jwt-key` keys applied.
fn config(options: &Options) -> Config {
    let mut config = match &options.config_file {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", p.display())));
            serde_json::from_str::<Config>(&text)
                .unwrap_or_else(|e| fail(&format!("invalid config {}: {e}", p.display())))
        }
        None => Config::default(),
    };
    if options.ca_file.is_some() {
        config.ca_file = options.ca_file.clone();
    }
    for path in &options.jwt_keys {
        register_jwt_key(&mut config, path);
    }
    config
}

fn main() {
    let options = parse_args();
    let config = config(&options);
    match &options.command {
        #[cfg(unix)]
        Some(command) => std::process::exit(run::run(config, command)),
        #[cfg(not(unix))]
        Some(_) => fail("run needs a Unix system"),
        None => serve(config, options.exit_on_stdin_eof),
    }
}

/// Serves until SIGINT/SIGTERM, `POST /__mock/shutdown`, or (with
/// `exit_on_stdin_eof`) the end of standard input.
fn serve(config: Config, exit_on_stdin_eof: bool) {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        signals::watch(move |_| stop.store(true, Ordering::SeqCst));
    }

    let server = MockServer::start(config).unwrap_or_else(|e| fail(&format!("cannot start: {e}")));
    // Keys in the documented order: http, https, ca_file.
    let js = |s: &str| serde_json::Value::from(s).to_string();
    let line = format!(
        "{{\"http\":{},\"https\":{},\"ca_file\":{}}}",
        js(&server.http_url()),
        js(&server.https_url()),
        js(&server.ca_path().display().to_string()),
    );
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    if exit_on_stdin_eof {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            let mut stdin = std::io::stdin().lock();
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) => break,
                    Ok(_) => continue,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            stop.store(true, Ordering::SeqCst);
        });
    }
    while !stop.load(Ordering::SeqCst) && !server.shutdown_requested() {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
}

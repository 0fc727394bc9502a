//! `dsauth-mock [--config FILE] [--ca-file PATH] [--register-jwt-key PEM_FILE]... [--exit-on-stdin-eof]`
//!
//! Starts the stand-in, prints one JSON line
//! `{"http":"http://127.0.0.1:P1","https":"https://127.0.0.1:P2","ca_file":"/path/ca.pem"}`
//! to stdout, and serves until SIGTERM/SIGINT, `POST /__mock/shutdown`, or
//! (with `--exit-on-stdin-eof`) until its standard input closes.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dsauth_mock::{fixture, Config, MockServer};

const USAGE: &str = "usage: dsauth-mock [--config FILE] [--ca-file PATH] [--register-jwt-key PEM_FILE]... [--exit-on-stdin-eof]

  --config FILE               JSON configuration (fields not given keep the fixture's values)
  --ca-file PATH              where to write the CA certificate (PEM)
  --register-jwt-key PEM_FILE also accept JWT assertions for the fixture's integration key
                              signed with this RSA key pair (its public key, PEM:
                              BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY); repeatable
  --exit-on-stdin-eof         stop when standard input is closed
";

fn fail(msg: &str) -> ! {
    eprintln!("dsauth-mock: {msg}");
    std::process::exit(2);
}

/// Blocks SIGINT and SIGTERM in every thread and returns a flag a waiter
/// thread sets when one arrives.
#[cfg(unix)]
fn watch_signals(stop: Arc<AtomicBool>) {
    // SAFETY: plain libc calls on a local, initialised sigset; the mask is
    // set before any other thread exists, so every thread inherits it.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        std::thread::spawn(move || {
            let mut sig: libc::c_int = 0;
            libc::sigwait(&set, &mut sig);
            stop.store(true, Ordering::SeqCst);
        });
    }
}

#[cfg(not(unix))]
fn watch_signals(_stop: Arc<AtomicBool>) {}

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

fn main() {
    let mut config_file: Option<PathBuf> = None;
    let mut ca_file: Option<PathBuf> = None;
    let mut stdin_eof = false;
    let mut jwt_keys: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--config" => {
                config_file = Some(
                    args.next()
                        .unwrap_or_else(|| fail("--config needs a file"))
                        .into(),
                )
            }
            "--ca-file" => {
                ca_file = Some(
                    args.next()
                        .unwrap_or_else(|| fail("--ca-file needs a path"))
                        .into(),
                )
            }
            "--register-jwt-key" => jwt_keys.push(
                args.next()
                    .unwrap_or_else(|| fail("--register-jwt-key needs a PEM file"))
                    .into(),
            ),
            "--exit-on-stdin-eof" => stdin_eof = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let mut config = match &config_file {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", p.display())));
            serde_json::from_str::<Config>(&text)
                .unwrap_or_else(|e| fail(&format!("invalid config {}: {e}", p.display())))
        }
        None => Config::default(),
    };
    if ca_file.is_some() {
        config.ca_file = ca_file;
    }
    for path in &jwt_keys {
        register_jwt_key(&mut config, path);
    }

    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(stop.clone());

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
    if stdin_eof {
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

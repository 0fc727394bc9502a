//! `-v`, `-vv` and `--debug`: dsauth's log records on standard error, one
//! line each (`dsauth: info: …`). Without them only warnings show (the
//! polling guard in warn mode, a cache that fell back to memory). Records
//! of the crates under the core (HTTP, TLS) never show: their trace records
//! hold raw request lines.

use log::{LevelFilter, Log, Metadata, Record};

struct Stderr;

static STDERR: Stderr = Stderr;

impl Log for Stderr {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        let target = metadata.target();
        target == "dsauth" || target.starts_with("dsauth::")
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            let level = record.level().as_str().to_ascii_lowercase();
            eprintln!("dsauth: {level}: {}", record.args());
        }
    }

    fn flush(&self) {}
}

/// Shows the records up to the level that `-v` (counted) or `--debug` ask
/// for.
pub fn init(verbose: u8, debug: bool) {
    let level = match verbose {
        _ if debug => LevelFilter::Debug,
        0 => LevelFilter::Warn,
        1 => LevelFilter::Info,
        _ => LevelFilter::Debug,
    };
    // The only logger this program installs, once.
    if log::set_logger(&STDERR).is_ok() {
        log::set_max_level(level);
    }
}

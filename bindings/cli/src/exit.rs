//! Why a run failed, and the exit status that says so: the one table of
//! exit codes, printed by `--help` and mapped from the core's
//! [`ErrorKind`] in [`for_kind`].

use std::fmt;

use dsauth::{Error, ErrorKind};

pub const USAGE: u8 = 2;
pub const CONFIGURATION: u8 = 3;
pub const REFUSED: u8 = 4;
pub const API: u8 = 5;
pub const RATE_LIMITED: u8 = 6;
pub const TRANSPORT: u8 = 7;

/// The exit codes as `--help` and the man page list them.
pub const TABLE: &str = "\
Exit status:
  0  success
  2  usage: unknown command or option, a malformed argument
  3  credentials or configuration: a setting missing or invalid, a file that
     cannot be read, credentials refused before anything is sent
  4  authentication refused: HTTP 401 (unknown key, wrong password, expired
     token), an OAuth error (e.g. invalid_grant), consent required
  5  API error: DocuSign answered with another error (errorCode, HTTP status,
     SOAP fault, no matching account)
  6  rate limited (hourly or burst budget), or the polling guard refused a
     second status GET of an envelope within 15 minutes
  7  transport: DNS, connect, TLS, timeout, proxy, connection lost, a
     malformed or oversized response";

/// The exit status of a core error.
pub fn for_kind(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::AuthenticationFailed | ErrorKind::OAuth | ErrorKind::ConsentRequired => REFUSED,
        ErrorKind::RateLimited | ErrorKind::PollingTooSoon => RATE_LIMITED,
        ErrorKind::Configuration => CONFIGURATION,
        // The rest by the kind's group: usage and credentials (0s, 100s),
        // URLs (200s), transport (300s), DocuSign's answers (400s).
        other => match other.code() / 100 {
            0..=2 => CONFIGURATION,
            3 => TRANSPORT,
            _ => API,
        },
    }
}

/// Why a run failed.
pub enum Failure {
    /// The command line asks for something impossible (exit 2).
    Usage(String),
    /// A setting is missing or unusable (exit 3).
    Configuration(String),
    /// The core failed.
    Core(Error),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => USAGE,
            Failure::Configuration(_) => CONFIGURATION,
            Failure::Core(err) => for_kind(err.kind()),
        }
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(text) | Failure::Configuration(text) => f.write_str(text),
            Failure::Core(err) => err.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_documented_code() {
        for kind in ErrorKind::ALL {
            let code = for_kind(*kind);
            assert!((3..=7).contains(&code), "{kind:?}");
            assert!(TABLE.contains(&format!("\n  {code}  ")), "{code}");
        }
        assert_eq!(for_kind(ErrorKind::Tls), TRANSPORT);
        assert_eq!(for_kind(ErrorKind::InvalidPrivateKey), CONFIGURATION);
        assert_eq!(for_kind(ErrorKind::HttpStatus), API);
    }
}

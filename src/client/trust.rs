//! Which certificate authorities a client trusts: Mozilla's roots, plus
//! the PEM given in the options, the options' CA file, the CAs named by
//! `SSL_CERT_FILE` / `SSL_CERT_DIR` when set, and, on request, the
//! operating system's store (rustls-native-certs: the same webpki
//! verification over more roots, no platform verifier).

use std::ffi::OsString;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls_pki_types::CertificateDer;
use ureq::tls::{Certificate, RootCerts};

use crate::client::options::{ca_certificates, ca_file_certificates, ClientOptions};
use crate::error::{Error, Result};

/// The roots for `options`; `None` when only Mozilla's are trusted
/// (ureq's default).
pub(super) fn roots(options: &ClientOptions) -> Result<Option<RootCerts>> {
    let mut extra = Vec::new();
    if !options.extra_ca_pem.is_empty() {
        extra.extend(ca_certificates(&options.extra_ca_pem)?);
    }
    if let Some(path) = &options.ca_file {
        extra.extend(ca_file_certificates(path)?);
    }
    let file = variable("SSL_CERT_FILE");
    let dirs = variable("SSL_CERT_DIR");
    if file.is_some() || dirs.is_some() {
        let key = format!("environment {file:?} {dirs:?}");
        extra.extend_from_slice(&cached(key, || from_environment(file, dirs))?);
    }
    if options.use_system_trust {
        extra.extend_from_slice(&cached("system".into(), system_store)?);
    }
    if extra.is_empty() {
        return Ok(None);
    }
    let mozilla = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned());
    let extra = extra
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned());
    Ok(Some(RootCerts::Specific(Arc::new(
        mozilla.chain(extra).collect(),
    ))))
}

/// The CAs of `SSL_CERT_FILE` (a PEM file) and `SSL_CERT_DIR` (directories
/// of PEM files, `:`-separated), as OpenSSL reads them. A variable that is
/// set but names nothing usable is an error naming it: the user asked for
/// those CAs.
fn from_environment(
    file: Option<OsString>,
    dirs: Option<OsString>,
) -> Result<Vec<CertificateDer<'static>>> {
    let mut certs = Vec::new();
    if let Some(file) = file {
        let found = rustls_native_certs::load_certs_from_paths(Some(Path::new(&file)), None);
        certs.extend(usable("SSL_CERT_FILE", found)?);
    }
    if let Some(dirs) = dirs {
        for dir in std::env::split_paths(&dirs).filter(|d| !d.as_os_str().is_empty()) {
            let found = rustls_native_certs::load_certs_from_paths(None, Some(&dir));
            if !found.errors.is_empty() {
                return Err(unusable("SSL_CERT_DIR", &found.errors));
            }
            certs.extend(found.certs);
        }
    }
    Ok(certs)
}

/// CA lists loaded before, by where they came from: reading and parsing a
/// system bundle takes milliseconds, and programs build many clients. Read
/// once per process for each source (a CA added to the bundle later is
/// seen by the next process).
type Loaded = Arc<Vec<CertificateDer<'static>>>;

fn cached(
    key: String,
    load: impl FnOnce() -> Result<Vec<CertificateDer<'static>>>,
) -> Result<Loaded> {
    /// Sources kept; more only when the variables keep changing.
    const KEEP: usize = 8;
    static LOADED: Mutex<Vec<(String, Loaded)>> = Mutex::new(Vec::new());
    if let Some((_, certs)) = lock(&LOADED).iter().find(|(k, _)| *k == key) {
        return Ok(certs.clone());
    }
    let certs = Arc::new(load()?);
    let mut loaded = lock(&LOADED);
    if loaded.len() == KEEP {
        loaded.remove(0);
    }
    loaded.push((key, certs.clone()));
    Ok(certs)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The operating system's trusted CAs; an error only when none could be
/// read.
fn system_store() -> Result<Vec<CertificateDer<'static>>> {
    usable("use_system_trust", rustls_native_certs::load_native_certs())
}

/// The certificates found, or an error naming `source` when there are none
/// (or a file could not be read).
fn usable(
    source: &'static str,
    found: rustls_native_certs::CertificateResult,
) -> Result<Vec<CertificateDer<'static>>> {
    if found.certs.is_empty() {
        if found.errors.is_empty() {
            return Err(Error::InvalidArgument {
                name: source,
                reason: "no CA certificate found".into(),
            });
        }
        return Err(unusable(source, &found.errors));
    }
    Ok(found.certs)
}

fn unusable(source: &'static str, errors: &[rustls_native_certs::Error]) -> Error {
    let reasons: Vec<String> = errors.iter().take(3).map(ToString::to_string).collect();
    Error::InvalidArgument {
        name: source,
        reason: format!("cannot load the CA certificates: {}", reasons.join("; ")),
    }
}

/// The variable `name` when set and not empty.
fn variable(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

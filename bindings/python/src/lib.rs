//! `dsauth._dsauth`: the Python face of the dsauth core.
//!
//! This crate calls the Rust core directly (never the C ABI) and holds no
//! logic of its own beyond turning Python values into core values and back:
//! validation, rendering, HTTP, rate limits and errors are the core's. The
//! pure-Python package around it (`python/dsauth/`) re-exports these classes
//! and defines the exception tree the core's errors are raised as.
//!
//! Every network call runs with the GIL released (`Python::detach`), so one
//! `Client` serves many Python threads at once, and Ctrl-C interrupts it
//! (`interrupt`).

use pyo3::prelude::*;

mod client;
mod credentials;
mod environment;
mod errors;
mod fork;
mod interrupt;
mod logging;
mod oauth;
mod pickle;
mod response;
mod shared_state;
mod text;

/// Byte-wise string equality usable in a constant.
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

// The wheel's version (this crate's, via maturin) is the core's version.
const _: () = assert!(
    same_str(env!("CARGO_PKG_VERSION"), dsauth::VERSION),
    "bindings/python/Cargo.toml must have the version of the dsauth crate"
);

#[pymodule]
fn _dsauth(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", dsauth::VERSION)?;
    m.add(
        "DEFAULT_MAX_RESPONSE_BODY",
        client::DEFAULT_MAX_RESPONSE_BODY,
    )?;
    m.add_class::<credentials::PyHeaderFormat>()?;
    m.add_class::<credentials::PyHeader>()?;
    m.add_class::<credentials::PyCredentials>()?;
    m.add_class::<environment::PySoapEndpoint>()?;
    m.add_class::<environment::PyEnvironment>()?;
    m.add_class::<response::PyRateLimit>()?;
    m.add_class::<response::PyAccount>()?;
    m.add_class::<response::PyResponse>()?;
    m.add_class::<shared_state::PySharedState>()?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<oauth::PyAuthorizationCodeGrant>()?;
    m.add_class::<oauth::PyPkce>()?;
    m.add_class::<oauth::PyToken>()?;
    m.add_class::<oauth::PyOAuthAccount>()?;
    m.add_class::<oauth::PyUserInfo>()?;
    m.add_function(wrap_pyfunction!(oauth::generate_state, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::consent_url, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_kinds, m)?)?;
    fork::install(m)?;
    logging::install(m)?;
    Ok(())
}

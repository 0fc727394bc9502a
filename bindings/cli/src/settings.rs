//! What a run talks to: the environment, the trusted CA and the account,
//! each from its flag, else its environment variable (both through clap),
//! else the profile, else the default (read by [`dsauth::from_env`]); and
//! the polling guard's mode.

use dsauth::{from_env, ClientOptions, Environment, PollingGuard};

use crate::cli::{Global, PollingGuardMode};
use crate::exit::Failure;
use crate::layers::Layers;

pub struct Settings {
    pub layers: Layers,
    pub environment: Environment,
    pub options: ClientOptions,
    /// Whether clients keep their state in the cache (`--no-cache` clears it).
    pub cache: bool,
}

pub fn resolve(global: &Global) -> Result<Settings, Failure> {
    let layers = Layers::new(global)?;
    let mut options = from_env::client_options(&layers)?;
    options.polling_guard = match global.polling_guard {
        PollingGuardMode::Enforce => PollingGuard::Enforce,
        PollingGuardMode::Warn => PollingGuard::Warn,
        PollingGuardMode::Off => PollingGuard::Off,
    };
    Ok(Settings {
        environment: from_env::environment(&layers)?,
        options,
        layers,
        cache: !global.no_cache,
    })
}

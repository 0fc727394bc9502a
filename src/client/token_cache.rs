//! The OAuth token a client holds: reused until less than the renewal
//! margin remains, renewed by exactly one thread while the others wait,
//! dropped when DocuSign answers 401 to it.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use crate::oauth::Token;
use crate::secret::Secret;

/// The current access token and, for the authorization code grant, the
/// newest refresh token (DocuSign may rotate it on each refresh).
#[derive(Default)]
pub struct TokenState {
    pub token: Option<(Token, Instant)>,
    pub refresh_token: Option<Secret>,
}

/// The lock around [`TokenState`]. Holding it while a token is requested is
/// what keeps one token request in flight however many threads need one.
#[derive(Default)]
pub struct TokenCache {
    state: Mutex<TokenState>,
}

impl TokenCache {
    pub fn new(state: TokenState) -> Self {
        TokenCache {
            state: Mutex::new(state),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops the token if it is still the one whose `Authorization` value
    /// was `used`, so that of many threads refused with the same token only
    /// the first causes a renewal.
    pub fn invalidate(&self, used: &str) {
        let mut state = self.lock();
        let same = state
            .token
            .as_ref()
            .is_some_and(|(token, _)| token.authorization().expose() == used);
        if same {
            state.token = None;
        }
    }
}

//! State that clients share — in one process, across the processes of one
//! host, or across hosts: OAuth tokens and userinfo answers fetched once
//! (single flight), the account's rate budget, and the polling guard.
//!
//! Backends: [`SharedState::memory`] (per process), [`SharedState::file`]
//! (a directory, one host), [`SharedState::redis`] (many hosts). The file
//! and Redis backends seal tokens and userinfo answers with AES-256-GCM
//! ([`SealKey`]); they refuse to be built without a key unless the
//! application opts out with `allow_plaintext_tokens`. A value that does
//! not open (wrong key, moved, damaged) reads as absent. When the file
//! directory or Redis fails, each operation is served by a per-process
//! memory state instead; Redis is tried again a second later. No operation
//! of this type fails because of its backend.
//!
//! # How a client plugs in (the seams)
//!
//! - Keys: [`StateKey::new`] hashes its parts; never put a secret in a
//!   part. Tokens: account server, integration key, user id, scopes.
//!   userinfo: account server, integration key, user id. Budget: the
//!   account's REST base (or account id). Polling: account plus the
//!   client's poll key.
//! - Tokens: keep the token in the client as today and call
//!   [`SharedState::token_or_fetch`] only when the client has none or it is
//!   within the renewal margin; after a 401 call
//!   [`SharedState::forget_token`] with the refused token first. The
//!   authorization code grant's refresh token stays in the client.
//! - userinfo: [`SharedState::userinfo_or_fetch`] with the answer's JSON.
//! - Budget, per request: [`SharedState::take_slot`] before sending (wait
//!   until `reset_at` within the max wait, or fail with the rate-limit
//!   error without sending); exactly one [`SharedState::learn`] per slot
//!   taken, after the answer or the failure, with its
//!   [`RateLimit`] (the default when it had no
//!   headers). `learn` is kept in the process and
//!   travels with the next `take_slot`.
//! - Polling: [`SharedState::check_poll`] before a status GET,
//!   [`SharedState::forget_poll`] when it was not sent or not answered.
//!   Each check costs O(1) in memory (a hash map and an expiry queue); a
//!   memory state keeps at most [`DEFAULT_MAX_POLL_MARKS`] marks (or the
//!   bound given to [`SharedState::memory_with_max_poll_marks`]), dropping
//!   the oldest first. File and Redis marks are one small entry each,
//!   named by their hashed key and gone after the polling window.
//!
//! Redis round trips: `take_slot` 1 (one `EVALSHA`, carrying the pending
//! `learn`s); `learn` 0; `get_token`/`get_userinfo` 1 (`GET`);
//! `token_or_fetch` 1 when a fresh token is there, else `GET` + `SET NX` +
//! `GET` + the fetch + `SET` + unlock (6), waiters one `GET` + `SET NX`
//! every 20 ms; `forget_token` 2; `check_poll` 1; `forget_poll` 1. A client
//! that keeps its token in process therefore costs one round trip per API
//! call, two for a status GET under the polling guard.

mod budget;
mod file;
mod lock;
mod memory;
mod redis;
mod seal;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ring::digest;
use zeroize::Zeroizing;

pub use budget::{RateReserve, RateWindow, SlotRefused, BURST_WINDOW_SECS};
pub use memory::DEFAULT_MAX_POLL_MARKS;
pub use seal::{SealKey, SEAL_KEY_LEN};

use crate::client::RateLimit;
use crate::error::Result;
use crate::secret::Secret;
use budget::Pending;
use lock::Held;
use seal::Sealing;

/// The operations every backend offers. None fails: a backend that cannot
/// reach its storage serves the operation from its per-process fallback.
pub(crate) trait Store: Send + Sync {
    fn get(&self, name: &str) -> Option<Zeroizing<Vec<u8>>>;
    fn put(&self, name: &str, value: &[u8], ttl: Duration);
    fn delete(&self, name: &str);
    fn try_lock(&self, name: &str, ttl: Duration) -> Option<Held>;
    fn unlock(&self, name: &str, held: Held);
    /// Sleeps up to `max`, or less when the backend can tell that a lock
    /// was given back.
    fn wait(&self, max: Duration);
    /// Sets the mark `name` for `window` unless it is set; `Err` carries
    /// the time the mark has left.
    fn mark(&self, name: &str, window: Duration) -> Result<(), Duration>;
    fn unmark(&self, name: &str);
    /// Hands `pending` to the budget `name`, then takes a slot (`take`) or
    /// not (never refused then).
    fn settle(
        &self,
        name: &str,
        pending: &Pending,
        now: u64,
        take: bool,
    ) -> Result<(), SlotRefused>;
}

/// What a shared value is stored under: a hash of the parts that identify
/// it, so no name in a directory or in Redis reveals an account or a user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateKey(String);

impl StateKey {
    /// The key of `parts` (each length-prefixed, so `["ab", "c"]` and
    /// `["a", "bc"]` differ): the first 128 bits of their SHA-256, in hex.
    pub fn new(parts: &[&str]) -> StateKey {
        let mut context = digest::Context::new(&digest::SHA256);
        for part in parts {
            context.update(&(part.len() as u64).to_be_bytes());
            context.update(part.as_bytes());
        }
        let hex = context.finish().as_ref()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        StateKey(hex)
    }

    fn name(&self, kind: &str) -> String {
        format!("{kind}:{}", self.0)
    }
}

/// Options of [`SharedState::file`].
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    /// Seals tokens and userinfo answers; required unless
    /// `allow_plaintext_tokens`.
    pub seal_key: Option<SealKey>,
    /// Stores tokens unsealed when there is no key (anyone who can read the
    /// directory can then use them).
    pub allow_plaintext_tokens: bool,
}

/// Options of [`SharedState::redis`].
#[derive(Debug, Clone)]
pub struct RedisOptions {
    /// Names are `dsauth:<namespace>:…`. Default `dsauth`.
    pub namespace: String,
    /// Seals tokens and userinfo answers; required unless
    /// `allow_plaintext_tokens`.
    pub seal_key: Option<SealKey>,
    /// Stores tokens unsealed when there is no key.
    pub allow_plaintext_tokens: bool,
    /// The bound on connecting, and on each read and write. Default 200 ms.
    pub timeout: Duration,
}

impl Default for RedisOptions {
    fn default() -> Self {
        RedisOptions {
            namespace: "dsauth".to_owned(),
            seal_key: None,
            allow_plaintext_tokens: false,
            timeout: Duration::from_millis(200),
        }
    }
}

/// Tokens, userinfo answers, rate budgets and polling marks shared by
/// clients. Cloning is cheap and the clones share one state; it can be
/// used from many threads.
#[derive(Clone)]
pub struct SharedState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Box<dyn Store>,
    /// What `Debug` shows: the backend, never a key or a password.
    shown: String,
    /// `None` for the memory backend: values never leave the process.
    sealing: Option<Sealing>,
    /// `learn`ed answers waiting for the next `take_slot`, by budget name.
    pending: Mutex<HashMap<String, Pending>>,
}

impl Drop for Inner {
    /// Hands the answers no `take_slot` carried to the shared budgets, so
    /// that a process that stops calling does not keep slots in flight.
    fn drop(&mut self) {
        let pending = std::mem::take(self.pending.get_mut().unwrap_or_else(|e| e.into_inner()));
        let now = unix_now();
        for (name, pending) in pending {
            let _ = self.store.settle(&name, &pending, now, false);
        }
    }
}

impl fmt::Debug for SharedState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.shown)
    }
}

impl SharedState {
    fn new(store: Box<dyn Store>, shown: String, sealing: Option<Sealing>) -> SharedState {
        SharedState {
            inner: Arc::new(Inner {
                store,
                shown,
                sealing,
                pending: Mutex::default(),
            }),
        }
    }

    /// State kept in this process only (what a client has without a
    /// shared state), with at most [`DEFAULT_MAX_POLL_MARKS`] polling
    /// marks.
    pub fn memory() -> SharedState {
        SharedState::memory_with_max_poll_marks(DEFAULT_MAX_POLL_MARKS)
    }

    /// State kept in this process only, with at most `max_poll_marks`
    /// polling marks (at least one): when full, the oldest mark is dropped
    /// first, so that envelope may be polled again before its 15 minutes.
    /// Each mark costs about a hundred bytes, whatever the envelope id.
    pub fn memory_with_max_poll_marks(max_poll_marks: usize) -> SharedState {
        let store = Box::new(memory::Memory::with_max_poll_marks(max_poll_marks));
        SharedState::new(store, "SharedState::Memory".to_owned(), None)
    }

    /// State in the directory `dir` (created 0700 when missing), shared by
    /// the processes of this host.
    pub fn file(dir: impl AsRef<Path>, options: FileOptions) -> Result<SharedState> {
        let sealing =
            Sealing::from_options(options.seal_key.as_ref(), options.allow_plaintext_tokens)?;
        let store = file::FileStore::open(dir.as_ref())?;
        let shown = format!(
            "SharedState::File {{ dir: {:?}, sealing: {sealing:?} }}",
            store.dir()
        );
        Ok(SharedState::new(Box::new(store), shown, Some(sealing)))
    }

    /// State in Redis at `url` (`redis://` or `rediss://`, user and
    /// password in the URL), shared by every host that uses the same
    /// Redis and namespace. Does not connect yet: a Redis that is down
    /// now is used once it is up.
    pub fn redis(url: &str, options: RedisOptions) -> Result<SharedState> {
        let sealing =
            Sealing::from_options(options.seal_key.as_ref(), options.allow_plaintext_tokens)?;
        let store = redis::RedisStore::open(url, &options.namespace, options.timeout)?;
        let shown = format!("SharedState::{store:?} sealing: {sealing:?}");
        Ok(SharedState::new(Box::new(store), shown, Some(sealing)))
    }

    /// The cached token of `key` and its expiry (Unix seconds), if one is
    /// there, opens, and has not expired.
    pub fn get_token(&self, key: &StateKey) -> Option<(Secret, u64)> {
        let (bytes, expires_at) = self.read(&key.name("tok"))?;
        let text = String::from_utf8(bytes.to_vec()).ok()?;
        Some((Secret::new(text), expires_at))
    }

    /// The cached token of `key` if more than `renew_before` remains;
    /// else, under a lock shared with every user of this state (expiring
    /// after `lock_ttl`), the token `fetch` returns, stored until it
    /// expires. Callers that find the lock taken wait for the holder's
    /// token.
    pub fn token_or_fetch(
        &self,
        key: &StateKey,
        renew_before: Duration,
        lock_ttl: Duration,
        fetch: impl FnOnce() -> Result<(Secret, u64)>,
    ) -> Result<(Secret, u64)> {
        let name = key.name("tok");
        let fresh = || {
            self.get_token(key)
                .filter(|(_, expires_at)| *expires_at > unix_now() + renew_before.as_secs())
        };
        let store = |(token, expires_at): &(Secret, u64)| {
            self.write(&name, token.expose().as_bytes(), *expires_at)
        };
        lock::single_flight(
            &*self.inner.store,
            &format!("{name}:lock"),
            lock_ttl,
            fresh,
            store,
            fetch,
        )
    }

    /// Drops the cached token of `key` if it is still `refused` (DocuSign
    /// answered 401 to it), so the next caller fetches a new one.
    pub fn forget_token(&self, key: &StateKey, refused: &str) {
        if self
            .get_token(key)
            .is_some_and(|(token, _)| token.expose() == refused)
        {
            self.inner.store.delete(&key.name("tok"));
        }
    }

    /// The cached userinfo answer (JSON) of `key`, if one is there.
    pub fn get_userinfo(&self, key: &StateKey) -> Option<String> {
        let (bytes, _) = self.read(&key.name("ui"))?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    /// The cached userinfo answer of `key`; else, single flight as in
    /// [`SharedState::token_or_fetch`], the answer `fetch` returns, kept
    /// for `ttl`.
    pub fn userinfo_or_fetch(
        &self,
        key: &StateKey,
        ttl: Duration,
        lock_ttl: Duration,
        fetch: impl FnOnce() -> Result<String>,
    ) -> Result<String> {
        let name = key.name("ui");
        let read = || self.get_userinfo(key);
        let store = |json: &String| self.write(&name, json.as_bytes(), unix_now() + ttl.as_secs());
        lock::single_flight(
            &*self.inner.store,
            &format!("{name}:lock"),
            lock_ttl,
            read,
            store,
            fetch,
        )
    }

    /// Takes a slot from the budget of the account `key` before a request
    /// is sent at `now` (Unix seconds), handing over the answers
    /// [`SharedState::learn`]ed since the last call. `Err`: the window is
    /// spent until `reset_at`; do not send.
    pub fn take_slot(&self, key: &StateKey, now: u64) -> Result<(), SlotRefused> {
        let name = key.name("rate");
        let pending = self.pending().remove(&name).unwrap_or_default();
        self.inner.store.settle(&name, &pending, now, true)
    }

    /// Records the answer to a request sent with a slot of `key`: its
    /// rate-limit headers (empty when it had none or failed), and the
    /// reserve to leave to other applications. Call it once per slot. The
    /// answers travel with the next `take_slot` of this state, or when the
    /// last clone of the state is dropped: until then the shared budget
    /// counts their slots as in flight.
    pub fn learn(&self, key: &StateKey, seen: &RateLimit, reserve: RateReserve) {
        self.pending()
            .entry(key.name("rate"))
            .or_default()
            .add(seen, reserve);
    }

    /// Records a status GET of `key` unless one was recorded less than
    /// `window` ago; `Err` carries how long until the next is allowed.
    pub fn check_poll(&self, key: &StateKey, window: Duration) -> Result<(), Duration> {
        self.inner.store.mark(&key.name("poll"), window)
    }

    /// Forgets the status GET of `key` (it was not answered, so DocuSign
    /// did not count it).
    pub fn forget_poll(&self, key: &StateKey) {
        self.inner.store.unmark(&key.name("poll"));
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        self.inner.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The live value `name` and its expiry: stored as the expiry (8 bytes
    /// big-endian Unix seconds) and the value, sealed outside the process.
    fn read(&self, name: &str) -> Option<(Zeroizing<Vec<u8>>, u64)> {
        let stored = self.inner.store.get(name)?;
        let payload = match &self.inner.sealing {
            Some(sealing) => sealing.open(name, &stored)?,
            None => stored,
        };
        let (expires_at, value) = payload.split_first_chunk::<8>()?;
        let expires_at = u64::from_be_bytes(*expires_at);
        (expires_at > unix_now()).then(|| (Zeroizing::new(value.to_vec()), expires_at))
    }

    fn write(&self, name: &str, value: &[u8], expires_at: u64) {
        let ttl = Duration::from_secs(expires_at.saturating_sub(unix_now()));
        if ttl.is_zero() {
            return;
        }
        let mut payload = Zeroizing::new(Vec::with_capacity(8 + value.len()));
        payload.extend_from_slice(&expires_at.to_be_bytes());
        payload.extend_from_slice(value);
        let stored = match &self.inner.sealing {
            Some(sealing) => match sealing.seal(name, &payload) {
                Some(sealed) => Zeroizing::new(sealed),
                None => return,
            },
            None => payload,
        };
        self.inner.store.put(name, &stored, ttl);
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

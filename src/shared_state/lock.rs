//! Single flight: of all the threads and processes that need the same
//! value, one takes the lock and fetches it; the others wait and read what
//! it stored. The lock expires (Redis `PX`, a file lock released by the
//! kernel when its holder dies, a deadline in memory), so a holder that
//! crashes blocks the others for at most the lock's lifetime; a holder that
//! hangs is overtaken after twice that.

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use super::Store;
use crate::error::Result;

/// How often a waiter looks again when no notification can wake it.
pub(crate) const POLL: Duration = Duration::from_millis(20);

/// A lock taken by [`Store::try_lock`], given back to [`Store::unlock`].
#[derive(Debug)]
pub(crate) enum Held {
    /// The owner id stored with the lock (memory, Redis).
    Owner(u64),
    /// An exclusive `flock` on an open lock file.
    File(File),
    /// A lock in the per-process fallback, taken while the shared backend
    /// was unreachable.
    Fallback(u64),
}

/// A lock owner id unique across processes and hosts.
pub(crate) fn next_owner() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut random = [0u8; 8];
    // Without randomness the counter still separates this process's owners.
    let _ = SystemRandom::new().fill(&mut random);
    u64::from_le_bytes(random) ^ COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// Returns what `read` finds, or runs `fetch` under the lock `lock_name`
/// and `store`s its result.
pub(crate) fn single_flight<T>(
    backend: &dyn Store,
    lock_name: &str,
    lock_ttl: Duration,
    read: impl Fn() -> Option<T>,
    store: impl Fn(&T),
    fetch: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let overtake_at = Instant::now() + lock_ttl * 2;
    loop {
        if let Some(value) = read() {
            return Ok(value);
        }
        let held = backend.try_lock(lock_name, lock_ttl);
        if held.is_some() || Instant::now() >= overtake_at {
            // Another holder may have stored it between our read and lock.
            let found = held.is_some().then(&read).flatten();
            let result = match found {
                Some(value) => Ok(value),
                None => fetch().inspect(&store),
            };
            if let Some(held) = held {
                backend.unlock(lock_name, held);
            }
            return result;
        }
        backend.wait(POLL);
    }
}

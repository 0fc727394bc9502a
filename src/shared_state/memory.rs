//! The per-process backend: maps behind one mutex, and a condition
//! variable that wakes threads waiting for a token lock. It is the default
//! state, and the fallback of the file and Redis backends.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::budget::{Budget, Pending, SlotRefused};
use super::lock::{next_owner, Held};
use super::Store;

#[derive(Default)]
struct Maps {
    values: HashMap<String, (Zeroizing<Vec<u8>>, Instant)>,
    locks: HashMap<String, (u64, Instant)>,
    marks: HashMap<String, Instant>,
    budgets: HashMap<String, Budget>,
}

#[derive(Default)]
pub(crate) struct Memory {
    maps: Mutex<Maps>,
    changed: Condvar,
}

impl Memory {
    fn maps(&self) -> MutexGuard<'_, Maps> {
        self.maps.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn unlock_owner(&self, name: &str, owner: u64) {
        let mut maps = self.maps();
        if maps.locks.get(name).is_some_and(|(o, _)| *o == owner) {
            maps.locks.remove(name);
        }
        self.changed.notify_all();
    }
}

impl Store for Memory {
    fn get(&self, name: &str) -> Option<Zeroizing<Vec<u8>>> {
        let maps = self.maps();
        let (value, until) = maps.values.get(name)?;
        (Instant::now() < *until).then(|| value.clone())
    }

    fn put(&self, name: &str, value: &[u8], ttl: Duration) {
        let now = Instant::now();
        let mut maps = self.maps();
        maps.values.retain(|_, (_, until)| *until > now);
        maps.values
            .insert(name.to_owned(), (Zeroizing::new(value.to_vec()), now + ttl));
        self.changed.notify_all();
    }

    fn delete(&self, name: &str) {
        self.maps().values.remove(name);
    }

    fn try_lock(&self, name: &str, ttl: Duration) -> Option<Held> {
        let now = Instant::now();
        let mut maps = self.maps();
        if maps.locks.get(name).is_some_and(|(_, until)| *until > now) {
            return None;
        }
        let owner = next_owner();
        maps.locks.insert(name.to_owned(), (owner, now + ttl));
        Some(Held::Owner(owner))
    }

    fn unlock(&self, name: &str, held: Held) {
        if let Held::Owner(owner) | Held::Fallback(owner) = held {
            self.unlock_owner(name, owner);
        }
    }

    fn wait(&self, max: Duration) {
        let maps = self.maps();
        drop(self.changed.wait_timeout(maps, max));
    }

    fn mark(&self, name: &str, window: Duration) -> Result<(), Duration> {
        let now = Instant::now();
        let mut maps = self.maps();
        maps.marks.retain(|_, until| *until > now);
        if let Some(until) = maps.marks.get(name) {
            return Err(*until - now);
        }
        maps.marks.insert(name.to_owned(), now + window);
        Ok(())
    }

    fn unmark(&self, name: &str) {
        self.maps().marks.remove(name);
    }

    fn settle(
        &self,
        name: &str,
        pending: &Pending,
        now: u64,
        take: bool,
    ) -> Result<(), SlotRefused> {
        let mut maps = self.maps();
        maps.budgets
            .entry(name.to_owned())
            .or_default()
            .settle(pending, now, take)
    }
}

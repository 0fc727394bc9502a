//! The per-process backend: maps behind one mutex, and a condition
//! variable that wakes threads waiting for a token lock. It is the default
//! state, and the fallback of the file and Redis backends.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::budget::{Budget, Pending, SlotRefused};
use super::lock::{next_owner, Held};
use super::Store;

/// Most polling marks a memory state keeps unless told otherwise.
pub const DEFAULT_MAX_POLL_MARKS: usize = 100_000;

#[derive(Default)]
struct Maps {
    values: HashMap<String, (Zeroizing<Vec<u8>>, Instant)>,
    locks: HashMap<String, (u64, Instant)>,
    marks: Marks,
    budgets: HashMap<String, Budget>,
}

/// Polling marks, at most `max`: by name, and in the order they were set
/// (with the one polling window, also the order they expire), so that
/// dropping expired marks, and the oldest when full, costs O(1) per mark.
/// `order` may hold marks that were forgotten or set again since (their
/// `serial` no longer matches); they are skipped, and swept out when they
/// outnumber the live ones.
struct Marks {
    live: HashMap<String, (Instant, u64)>,
    order: VecDeque<(Instant, u64, String)>,
    serial: u64,
    max: usize,
}

impl Default for Marks {
    fn default() -> Self {
        Marks {
            live: HashMap::new(),
            order: VecDeque::new(),
            serial: 0,
            max: DEFAULT_MAX_POLL_MARKS,
        }
    }
}

impl Marks {
    fn set(&mut self, name: &str, window: Duration) -> Result<(), Duration> {
        let now = Instant::now();
        while self.order.front().is_some_and(|(until, ..)| *until <= now) {
            self.pop_oldest();
        }
        if let Some((until, _)) = self.live.get(name).filter(|(until, _)| *until > now) {
            return Err(*until - now);
        }
        while self.live.len() >= self.max && !self.order.is_empty() {
            self.pop_oldest();
        }
        self.serial += 1;
        let until = now + window;
        self.live.insert(name.to_owned(), (until, self.serial));
        self.order.push_back((until, self.serial, name.to_owned()));
        Ok(())
    }

    fn unset(&mut self, name: &str) {
        self.live.remove(name);
        if self.order.len() > 2 * self.live.len() + 64 {
            let live = &self.live;
            self.order
                .retain(|(_, serial, name)| live.get(name).is_some_and(|(_, s)| s == serial));
        }
    }

    /// Drops the oldest entry of `order`, and its mark if it is still the
    /// live one.
    fn pop_oldest(&mut self) {
        if let Some((_, serial, name)) = self.order.pop_front() {
            if self.live.get(&name).is_some_and(|(_, s)| *s == serial) {
                self.live.remove(&name);
            }
        }
    }
}

#[derive(Default)]
pub(crate) struct Memory {
    maps: Mutex<Maps>,
    changed: Condvar,
}

impl Memory {
    /// A memory state keeping at most `max_poll_marks` polling marks (at
    /// least one).
    pub(crate) fn with_max_poll_marks(max_poll_marks: usize) -> Memory {
        let memory = Memory::default();
        memory.maps().marks.max = max_poll_marks.max(1);
        memory
    }

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
        self.maps().marks.set(name, window)
    }

    fn unmark(&self, name: &str) {
        self.maps().marks.unset(name);
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

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_secs(900);

    fn sizes(memory: &Memory) -> (usize, usize) {
        let maps = memory.maps();
        (maps.marks.live.len(), maps.marks.order.len())
    }

    #[test]
    fn oldest_mark_goes_first_when_full() {
        let memory = Memory::with_max_poll_marks(100_000);
        let name = |i: usize| format!("poll:{i:032x}");
        for i in 0..100_010 {
            memory.mark(&name(i), WINDOW).unwrap();
        }
        assert_eq!(sizes(&memory), (100_000, 100_000));
        // The ten oldest were dropped; the rest still refuse.
        memory.mark(&name(0), WINDOW).unwrap();
        assert!(memory.mark(&name(100_009), WINDOW).is_err());
        assert!(memory.mark(&name(11), WINDOW).is_err());
        assert_eq!(sizes(&memory).0, 100_000);
    }

    #[test]
    fn forgotten_marks_do_not_pile_up() {
        let memory = Memory::default();
        memory.mark("poll:kept", WINDOW).unwrap();
        for _ in 0..10_000 {
            memory.mark("poll:a", WINDOW).unwrap();
            memory.unmark("poll:a");
        }
        let (live, order) = sizes(&memory);
        assert_eq!(live, 1);
        assert!(order <= 2 * live + 65, "{order} entries in the queue");
        assert!(memory.mark("poll:kept", WINDOW).is_err());
    }

    #[test]
    fn expired_marks_leave() {
        let memory = Memory::with_max_poll_marks(0);
        memory.mark("poll:a", Duration::ZERO).unwrap();
        memory.mark("poll:a", WINDOW).unwrap();
        // A bound of 0 keeps one: the newest.
        memory.mark("poll:b", WINDOW).unwrap();
        memory.mark("poll:a", WINDOW).unwrap();
        assert_eq!(sizes(&memory), (1, 1));
    }
}

//! The one-host backend: a directory (created 0700) of 0600 files, one a
//! value. Values are replaced by writing a temporary file and renaming it
//! over the old one, so a reader sees the old or the new value, never half
//! of one. Read-modify-write steps (polling marks, budgets) hold an
//! exclusive `flock` on `.lock` in the directory; token locks are `flock`s
//! on their own lock files, released by the kernel when a holder dies.
//! Every entry starts with its expiry (Unix milliseconds, 8 bytes
//! big-endian); every [`SWEEP_EVERY`]th read-modify-write of a process
//! deletes the expired ones (lock files stay: deleting one could let two
//! holders lock two different files). When the directory fails, the
//! per-process fallback serves.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use zeroize::Zeroizing;

use super::budget::{Budget, Pending, SlotRefused};
use super::lock::{Held, POLL};
use super::memory::Memory;
use super::Store;
use crate::error::{Error, ErrorKind, Result};

/// How long a read-modify-write step waits for the directory lock before
/// it uses the fallback. Each holder keeps it for microseconds, but `flock`
/// hands it to no one in particular: a process taking slots in a tight loop
/// can keep another out for hundreds of milliseconds on a loaded machine
/// (500 ms here let a second process past the budget, falling back). Only
/// a stopped process keeps it this long.
const DIR_LOCK_WAIT: Duration = Duration::from_secs(5);

/// How many read-modify-writes a process makes between two sweeps.
const SWEEP_EVERY: u64 = 1024;

pub(crate) struct FileStore {
    dir: PathBuf,
    fallback: Memory,
    updates: AtomicU64,
}

impl FileStore {
    /// Uses `dir`, creating it (0700) when missing.
    pub(crate) fn open(dir: &Path) -> Result<FileStore> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| io_error(dir, e))?;
        let store = FileStore {
            dir: dir.to_owned(),
            fallback: Memory::default(),
            updates: AtomicU64::new(0),
        };
        store.dir_lock().map_err(|e| io_error(dir, e))?;
        Ok(store)
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name.replace(':', "-"))
    }

    fn dir_lock(&self) -> io::Result<File> {
        let file = open_lock_file(&self.dir.join(".lock"))?;
        let deadline = Instant::now() + DIR_LOCK_WAIT;
        while !try_flock(&file)? {
            if Instant::now() >= deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(file)
    }

    /// Runs `change` on the live entry `name` under the directory lock and
    /// writes back what it returns (`None`: leave it).
    fn update<R>(
        &self,
        name: &str,
        change: impl FnOnce(Option<&[u8]>) -> (Option<(Vec<u8>, Duration)>, R),
    ) -> io::Result<R> {
        let _lock = self.dir_lock()?;
        if self.updates.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep();
        }
        let path = self.path(name);
        let current = read_entry(&path)?;
        let (new, result) = change(current.as_deref().map(|v| &v[..]));
        if let Some((value, ttl)) = new {
            write_entry(&path, &value, ttl)?;
        }
        Ok(result)
    }
}

impl FileStore {
    /// Logs a failure of the directory; the caller then serves the
    /// operation from the per-process fallback.
    fn fell_back(&self, error: &io::Error) {
        log::warn!(
            "shared state directory {}: {error}; this operation uses this process's memory",
            self.dir.display()
        );
    }

    /// Deletes expired entries (not lock files, not the directory lock).
    fn sweep(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with('.') || name.ends_with("-lock") || name.contains(".tmp.") {
                continue;
            }
            if remaining(&path).is_some_and(|left| left.is_zero()) {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

impl Store for FileStore {
    fn get(&self, name: &str) -> Option<Zeroizing<Vec<u8>>> {
        read_entry(&self.path(name)).unwrap_or_else(|e| {
            self.fell_back(&e);
            self.fallback.get(name)
        })
    }

    fn put(&self, name: &str, value: &[u8], ttl: Duration) {
        if let Err(e) = write_entry(&self.path(name), value, ttl) {
            self.fell_back(&e);
            self.fallback.put(name, value, ttl);
        }
    }

    fn delete(&self, name: &str) {
        let _ = fs::remove_file(self.path(name));
        self.fallback.delete(name);
    }

    fn try_lock(&self, name: &str, ttl: Duration) -> Option<Held> {
        match open_lock_file(&self.path(name)).and_then(|f| Ok((try_flock(&f)?, f))) {
            Ok((true, file)) => Some(Held::File(file)),
            Ok((false, _)) => None,
            Err(e) => {
                self.fell_back(&e);
                self.fallback.try_lock(name, ttl).map(fallback)
            }
        }
    }

    fn unlock(&self, name: &str, held: Held) {
        match held {
            Held::File(file) => drop(file),
            other => self.fallback.unlock(name, other),
        }
    }

    fn wait(&self, max: Duration) {
        std::thread::sleep(max.min(POLL));
    }

    fn mark(&self, name: &str, window: Duration) -> Result<(), Duration> {
        let marked = self.update(name, |current| match current {
            Some(_) => (None, false),
            None => (Some((Vec::new(), window)), true),
        });
        match marked {
            Ok(true) => Ok(()),
            Ok(false) => Err(remaining(&self.path(name)).unwrap_or(window)),
            Err(e) => {
                self.fell_back(&e);
                self.fallback.mark(name, window)
            }
        }
    }

    fn unmark(&self, name: &str) {
        self.delete(name);
        self.fallback.unmark(name);
    }

    fn settle(
        &self,
        name: &str,
        pending: &Pending,
        now: u64,
        take: bool,
    ) -> Result<(), SlotRefused> {
        let taken = self.update(name, |current| {
            let mut budget = current.map(Budget::from_bytes).unwrap_or_default();
            let verdict = budget.settle(pending, now, take);
            let ttl = Duration::from_secs(budget.ttl_secs(now));
            (Some((budget.to_bytes(), ttl)), verdict)
        });
        taken.unwrap_or_else(|e| {
            self.fell_back(&e);
            self.fallback.settle(name, pending, now, take)
        })
    }
}

fn fallback(held: Held) -> Held {
    match held {
        Held::Owner(owner) => Held::Fallback(owner),
        other => other,
    }
}

fn io_error(dir: &Path, e: io::Error) -> Error {
    Error::Transport {
        kind: ErrorKind::Io,
        url: dir.display().to_string(),
        reason: format!("shared state directory: {e}"),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

/// The value of a live entry; `None` when absent or expired.
fn read_entry(path: &Path) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut bytes = Zeroizing::new(Vec::new());
    match File::open(path) {
        Ok(mut file) => file.read_to_end(&mut bytes)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some((expiry, value)) = bytes.split_first_chunk::<8>() else {
        return Ok(None);
    };
    Ok((u64::from_be_bytes(*expiry) > now_ms()).then(|| Zeroizing::new(value.to_vec())))
}

/// How long the entry at `path` has left.
fn remaining(path: &Path) -> Option<Duration> {
    let mut expiry = [0u8; 8];
    File::open(path).ok()?.read_exact(&mut expiry).ok()?;
    Some(Duration::from_millis(
        u64::from_be_bytes(expiry).saturating_sub(now_ms()),
    ))
}

fn write_entry(path: &Path, value: &[u8], ttl: Duration) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let expiry = now_ms().saturating_add(ttl.as_millis() as u64);
    let tmp = path.with_extension(format!(
        "tmp.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(&expiry.to_be_bytes())?;
        file.write_all(value)?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
}

/// Takes an exclusive `flock` without blocking; false when another open
/// file description holds it.
fn try_flock(file: &File) -> io::Result<bool> {
    // SAFETY: flock on a file descriptor this `File` owns and keeps open.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    match io::Error::last_os_error() {
        e if e.kind() == io::ErrorKind::WouldBlock => Ok(false),
        e => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_deletes_expired_entries_only() {
        let dir = std::env::temp_dir().join(format!("dsauth-sweep-{}", std::process::id()));
        let store = FileStore::open(&dir).unwrap();
        store.put("poll:old", b"", Duration::ZERO);
        store.put("poll:new", b"", Duration::from_secs(60));
        assert!(store
            .try_lock("tok:a:lock", Duration::from_secs(1))
            .is_some());
        store.sweep();
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".lock", "poll-new", "tok-a-lock"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}

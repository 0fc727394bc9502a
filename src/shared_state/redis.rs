//! The many-host backend: Redis through the `redis` crate's sync client.
//!
//! Every name lives under `dsauth:<namespace>:` and every write carries a
//! TTL. Each operation is one round trip (a plain command or one `EVALSHA`
//! of a script below) on a pooled connection whose connect, read and write
//! timeouts are the configured timeout. On any failure the pooled
//! connections are dropped, Redis is left alone for [`RETRY_AFTER`], and
//! the operation and those after it are served by the per-process
//! fallback; the first one after the pause tries Redis again. Connections
//! made before a `fork` are never used by the child.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use redis::{Client, Connection, RedisResult, Script};
use zeroize::Zeroizing;

use super::budget::{Pending, RateWindow, SlotRefused, BURST_SPAN_SECS};
use super::lock::{next_owner, Held, POLL};
use super::memory::Memory;
use super::Store;
use crate::error::{Error, Result};
use crate::url::redact_userinfo;

/// How long Redis is left alone after a failure.
pub(crate) const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Deletes a lock only if it still holds the owner's id.
const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";

/// Polling mark: 0 when set now, else the milliseconds the mark has left.
const MARK: &str = r"
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
return math.max(redis.call('PTTL', KEYS[1]), 1)";

/// `budget.rs`'s `Budget::take` step for step, on a hash. ARGV: now,
/// answered, hourly limit, remaining, reset (0: none), burst limit (0:
/// none), remaining, reserve hourly, burst, 1 to take a slot (0: only
/// hand the answers over). Returns {0, 0} for a slot,
/// {1 (hourly) or 2 (burst), reset_at} for a refusal.
const TAKE: &str = r"
local now, answered = tonumber(ARGV[1]), tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'hl', 'hr', 'ht', 'bl', 'br', 'be', 'rh', 'rb', 'f', 'g')
for i = 1, 10 do v[i] = tonumber(v[i]) or 0 end
local hl, hr, ht, bl, br, be, rh, rb, f, g = unpack(v)
f, g = math.max(0, f - answered), math.max(0, g - answered)
if answered > 0 then
  rh, rb = tonumber(ARGV[8]), tonumber(ARGV[9])
  local pl, pr, pt = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  if pt > 0 then
    if pt > ht then hr, ht = pr, pt elseif pt == ht then hr = math.min(hr, pr) end
    hl = pl
  end
  local ql, qr = tonumber(ARGV[6]), tonumber(ARGV[7])
  if ql > 0 then
    if bl == 0 then br = qr else br = math.min(br, qr) end
    bl = ql
    if be == 0 then be = now + BURST end
  end
end
if ht ~= 0 and now >= ht then
  hr, f = hl, 0
  ht = ht + (math.floor((now - ht) / 3600) + 1) * 3600
end
if be ~= 0 and now >= be then br, be, g = bl, 0, 0 end
local verdict
if ARGV[10] == '0' then verdict = {0, 0}
elseif ht ~= 0 and hr <= f + rh then verdict = {1, ht}
elseif bl ~= 0 and br <= g + rb then
  if be == 0 then verdict = {2, now + BURST} else verdict = {2, be} end
else f, g = f + 1, g + 1; verdict = {0, 0} end
redis.call('HSET', KEYS[1], 'hl', hl, 'hr', hr, 'ht', ht, 'bl', bl, 'br', br, 'be', be,
  'rh', rh, 'rb', rb, 'f', f, 'g', g)
redis.call('EXPIRE', KEYS[1], math.max(ht - now, BURST) + 3600)
return verdict";

/// Connections of the process that made them.
struct Pool {
    pid: u32,
    idle: Vec<Connection>,
}

pub(crate) struct RedisStore {
    client: Client,
    /// The URL without user and password, for `Debug`.
    shown: String,
    prefix: String,
    timeout: Duration,
    pool: Mutex<Pool>,
    paused_until: Mutex<Option<Instant>>,
    unlock: Script,
    mark: Script,
    take: Script,
    fallback: Memory,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis")
            .field("url", &self.shown)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl RedisStore {
    /// Checks the URL; connects only when first used, so that a Redis that
    /// is down when the application starts takes nothing down.
    pub(crate) fn open(url: &str, namespace: &str, timeout: Duration) -> Result<RedisStore> {
        let shown = redact_userinfo(url);
        let invalid = |reason: &str| Error::InvalidUrl {
            url: shown.clone(),
            reason: reason.to_owned(),
        };
        if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
            return Err(invalid("a Redis URL starts with redis:// or rediss://"));
        }
        // The crate's parse errors may quote the URL; say what is expected.
        let client = Client::open(url)
            .map_err(|_| invalid("expected redis[s]://[user:password@]host[:port][/db]"))?;
        if namespace.is_empty() || namespace.contains(|c: char| c == ':' || c.is_whitespace()) {
            return Err(Error::InvalidArgument {
                name: "namespace",
                reason: "must be non-empty, without ':' or white space".to_owned(),
            });
        }
        if timeout.is_zero() {
            return Err(Error::InvalidArgument {
                name: "timeout",
                reason: "must be more than zero".to_owned(),
            });
        }
        Ok(RedisStore {
            client,
            shown,
            prefix: format!("dsauth:{namespace}:"),
            timeout,
            pool: Mutex::new(Pool {
                pid: std::process::id(),
                idle: Vec::new(),
            }),
            paused_until: Mutex::new(None),
            unlock: Script::new(UNLOCK),
            mark: Script::new(MARK),
            take: Script::new(&TAKE.replace("BURST", &BURST_SPAN_SECS.to_string())),
            fallback: Memory::default(),
        })
    }

    fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        let pid = std::process::id();
        if pool.pid != pid {
            // Inherited across fork: the parent still talks on these.
            pool.idle.clear();
            pool.pid = pid;
        }
        pool
    }

    /// Runs `op` on a connection; `None` when Redis is paused or failed.
    fn run<T>(&self, op: impl FnOnce(&mut Connection) -> RedisResult<T>) -> Option<T> {
        let mut paused = self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
        if paused.is_some_and(|until| Instant::now() < until) {
            return None;
        }
        *paused = None;
        drop(paused);
        let idle = self.pool().idle.pop();
        let result = match idle {
            Some(con) => Ok(con),
            None => self.connect(),
        }
        .and_then(|mut con| op(&mut con).map(|value| (con, value)));
        match result {
            Ok((con, value)) => {
                self.pool().idle.push(con);
                Some(value)
            }
            Err(e) => {
                log::warn!(
                    "Redis at {} failed ({:?}); this process's memory serves for {} s",
                    self.shown,
                    e.kind(),
                    RETRY_AFTER.as_secs()
                );
                // The other idle connections most likely died with this one
                // (Redis restarted): each would cost a failure and a pause.
                self.pool().idle.clear();
                *self.paused_until.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(Instant::now() + RETRY_AFTER);
                None
            }
        }
    }

    fn connect(&self) -> RedisResult<Connection> {
        let con = self.client.get_connection_with_timeout(self.timeout)?;
        con.set_read_timeout(Some(self.timeout))?;
        con.set_write_timeout(Some(self.timeout))?;
        Ok(con)
    }
}

impl Store for RedisStore {
    fn get(&self, name: &str) -> Option<Zeroizing<Vec<u8>>> {
        let key = self.key(name);
        match self.run(|con| redis::cmd("GET").arg(&key).query::<Option<Vec<u8>>>(con)) {
            Some(value) => value.map(Zeroizing::new),
            None => self.fallback.get(name),
        }
    }

    fn put(&self, name: &str, value: &[u8], ttl: Duration) {
        let key = self.key(name);
        let ms = ttl.as_millis().max(1) as u64;
        let set = |con: &mut Connection| {
            redis::cmd("SET")
                .arg(&key)
                .arg(value)
                .arg("PX")
                .arg(ms)
                .query::<()>(con)
        };
        if self.run(set).is_none() {
            self.fallback.put(name, value, ttl);
        }
    }

    fn delete(&self, name: &str) {
        let key = self.key(name);
        self.run(|con| redis::cmd("DEL").arg(&key).query::<()>(con));
        self.fallback.delete(name);
    }

    fn try_lock(&self, name: &str, ttl: Duration) -> Option<Held> {
        let key = self.key(name);
        let owner = next_owner();
        let ms = ttl.as_millis().max(1) as u64;
        let set = |con: &mut Connection| {
            redis::cmd("SET")
                .arg(&key)
                .arg(owner)
                .arg("NX")
                .arg("PX")
                .arg(ms)
                .query::<Option<String>>(con)
        };
        match self.run(set) {
            Some(taken) => taken.map(|_| Held::Owner(owner)),
            None => match self.fallback.try_lock(name, ttl)? {
                Held::Owner(owner) => Some(Held::Fallback(owner)),
                other => Some(other),
            },
        }
    }

    fn unlock(&self, name: &str, held: Held) {
        match held {
            Held::Owner(owner) => {
                let key = self.key(name);
                // When this fails the lock's TTL frees it.
                self.run(|con| self.unlock.key(&key).arg(owner).invoke::<i64>(con));
            }
            other => self.fallback.unlock(name, other),
        }
    }

    fn wait(&self, max: Duration) {
        std::thread::sleep(max.min(POLL));
    }

    fn mark(&self, name: &str, window: Duration) -> Result<(), Duration> {
        let key = self.key(name);
        let ms = window.as_millis().max(1) as u64;
        match self.run(|con| self.mark.key(&key).arg(ms).invoke::<u64>(con)) {
            Some(0) => Ok(()),
            Some(left) => Err(Duration::from_millis(left)),
            None => self.fallback.mark(name, window),
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
        let key = self.key(name);
        let (hl, hr, ht) = pending.hourly.unwrap_or_default();
        let (bl, br) = pending.burst.unwrap_or_default();
        let script = |con: &mut Connection| {
            self.take
                .key(&key)
                .arg(now)
                .arg(pending.answered)
                .arg(hl)
                .arg(hr)
                .arg(ht)
                .arg(bl)
                .arg(br)
                .arg(pending.reserve.hourly)
                .arg(pending.reserve.burst)
                .arg(u8::from(take))
                .invoke::<(u8, u64)>(con)
        };
        match self.run(script) {
            Some((0, _)) => Ok(()),
            Some((which, reset_at)) => Err(SlotRefused {
                window: if which == 1 {
                    RateWindow::Hourly
                } else {
                    RateWindow::Burst
                },
                reset_at,
            }),
            None => self.fallback.settle(name, pending, now, take),
        }
    }
}

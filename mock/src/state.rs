//! The mock's mutable state (behind one mutex) and the control-plane types.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::config::{Config, Limits};

/// What kind of fault to inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait `delay_ms` before handling the request.
    Delay,
    /// Handle the request, send the head and part of the body (`bytes`, by
    /// default half of it), then cut the connection.
    Drop,
    /// Answer `status` (default 503) with a DocuSign error body, without
    /// handling the request.
    Status,
    /// Handle the request, then answer 200 with the body cut in half
    /// (truncated JSON).
    MalformedJson,
    /// Handle the request, then answer 200 with a JSON body of `bytes`
    /// bytes (default 16 MiB).
    Oversized,
}

/// A fault to inject into the next `times` requests whose path starts with
/// `path`. Control paths (`/__mock/…`) are never affected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Path prefix, e.g. "/restapi/" or "/oauth/token".
    pub path: String,
    /// What to do.
    pub kind: FaultKind,
    /// For `delay`: milliseconds to wait. Default 1000.
    #[serde(default = "default_delay")]
    pub delay_ms: u64,
    /// For `status`: the HTTP status. Default 503.
    #[serde(default = "default_status")]
    pub status: u16,
    /// For `drop`: body bytes sent before the cut (default: half the body).
    /// For `oversized`: the body size (default 16 MiB).
    #[serde(default)]
    pub bytes: Option<usize>,
    /// How many requests it applies to; 0 means every matching request
    /// until reset. Default 1.
    #[serde(default = "default_times")]
    pub times: u32,
}

fn default_delay() -> u64 {
    1000
}
fn default_status() -> u16 {
    503
}
fn default_times() -> u32 {
    1
}

impl Fault {
    /// A fault of `kind` on paths starting with `path`, once, with defaults.
    pub fn new(path: impl Into<String>, kind: FaultKind) -> Self {
        Fault {
            path: path.into(),
            kind,
            delay_ms: default_delay(),
            status: default_status(),
            bytes: None,
            times: 1,
        }
    }
    /// Wait `ms` milliseconds before answering.
    pub fn delay(path: impl Into<String>, ms: u64) -> Self {
        Fault {
            delay_ms: ms,
            ..Self::new(path, FaultKind::Delay)
        }
    }
    /// Cut the connection in the middle of the body.
    pub fn drop_connection(path: impl Into<String>) -> Self {
        Self::new(path, FaultKind::Drop)
    }
    /// Answer with `status` and a DocuSign error body.
    pub fn status(path: impl Into<String>, status: u16) -> Self {
        Fault {
            status,
            ..Self::new(path, FaultKind::Status)
        }
    }
    /// Answer 200 with truncated JSON.
    pub fn malformed_json(path: impl Into<String>) -> Self {
        Self::new(path, FaultKind::MalformedJson)
    }
    /// Answer 200 with a body of `bytes` bytes.
    pub fn oversized(path: impl Into<String>, bytes: usize) -> Self {
        Fault {
            bytes: Some(bytes),
            ..Self::new(path, FaultKind::Oversized)
        }
    }
    /// Applies to `n` requests (0: all until reset).
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }
}

/// One request as the mock received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// "http" or "https".
    pub scheme: String,
    /// Method, e.g. "GET".
    pub method: String,
    /// Path as sent, without the query.
    pub path: String,
    /// Raw query string (without `?`), empty if none.
    pub query: String,
    /// Headers in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// When, in Unix seconds on the mock clock.
    pub time: u64,
}

impl RecordedRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// JSON form used by `GET /__mock/requests`: the body is UTF-8 text
    /// (`"body_encoding":"utf-8"`) or base64 (`"body_encoding":"base64"`).
    pub fn to_json(&self) -> serde_json::Value {
        use base64::Engine;
        let (body, enc) = match std::str::from_utf8(&self.body) {
            Ok(s) => (s.to_string(), "utf-8"),
            Err(_) => (
                base64::engine::general_purpose::STANDARD.encode(&self.body),
                "base64",
            ),
        };
        serde_json::json!({
            "scheme": self.scheme,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
            "body": body,
            "body_encoding": enc,
            "time": self.time,
        })
    }
}

/// Request counters, reset by `reset()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// All requests except the control API.
    pub requests: u64,
    /// Requests under /restapi/.
    pub rest_requests: u64,
    /// Requests under /api/3.0/ (SOAP).
    pub soap_requests: u64,
    /// POST /oauth/token requests (any grant, any outcome).
    pub token_requests: u64,
    /// Access tokens issued.
    pub tokens_issued: u64,
    /// GET /oauth/userinfo requests.
    pub userinfo_requests: u64,
    /// GET /oauth/auth requests.
    pub authorize_requests: u64,
    /// TCP connections accepted (both listeners, control API included).
    pub connections: u64,
    /// Faults injected.
    pub faults_injected: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    pub key: String,
    pub user_id: String,
    pub expires_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct RefreshInfo {
    pub key: String,
    pub user_id: String,
    pub public_client: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct CodeInfo {
    pub key: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub expires_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub envelope_id: String,
    pub account_guid: String,
    pub sender_user_id: String,
    pub email_subject: String,
    pub status: String,
    pub created: u64,
    pub status_changed: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Bucket {
    pub hour_start_ms: u64,
    pub hour_count: u32,
    pub burst_start_ms: u64,
    pub burst_count: u32,
}

/// A rate-limit snapshot for the response headers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateSnapshot {
    pub limit: u32,
    pub remaining: u32,
    pub reset: u64,
    pub burst_limit: u32,
    pub burst_remaining: u32,
    /// Seconds until the burst window ends (sent as `Retry-After` when the
    /// burst limit is exceeded).
    pub burst_retry_after: u64,
    /// Now on the mock clock, in Unix seconds (sent as `Date`).
    pub now: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    Hourly,
    Burst,
}

pub(crate) struct State {
    pub clock_offset: Duration,
    pub limits: Limits,
    pub token_lifetime: Duration,
    pub faults: Vec<Fault>,
    pub records: Vec<RecordedRequest>,
    pub counters: Counters,
    pub tokens: HashMap<String, TokenInfo>,
    pub refresh_tokens: HashMap<String, RefreshInfo>,
    pub codes: HashMap<String, CodeInfo>,
    /// (integration key, user id), both lower-case.
    pub consent: HashSet<(String, String)>,
    pub envelopes: Vec<Envelope>,
    pub buckets: HashMap<String, Bucket>,
    /// (account guid, envelope id) → last GET, mock ms.
    pub polls: HashMap<(String, String), u64>,
}

impl State {
    pub fn new(config: &Config) -> Self {
        let connections = 0;
        let mut s = State {
            clock_offset: Duration::ZERO,
            limits: config.limits,
            token_lifetime: Duration::from_secs(config.token_lifetime_seconds),
            faults: vec![],
            records: vec![],
            counters: Counters {
                connections,
                ..Counters::default()
            },
            tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            codes: HashMap::new(),
            consent: HashSet::new(),
            envelopes: vec![],
            buckets: HashMap::new(),
            polls: HashMap::new(),
        };
        for u in &config.users {
            for k in &u.consented_keys {
                s.consent
                    .insert((k.to_ascii_lowercase(), u.user_id.to_ascii_lowercase()));
            }
        }
        for e in &config.envelopes {
            let guid = config
                .accounts
                .iter()
                .find(|a| {
                    a.account_id.eq_ignore_ascii_case(&e.account)
                        || a.account_id_guid.eq_ignore_ascii_case(&e.account)
                })
                .map(|a| a.account_id_guid.clone())
                .unwrap_or_else(|| e.account.clone());
            s.envelopes.push(Envelope {
                envelope_id: e.envelope_id.clone(),
                account_guid: guid,
                sender_user_id: e.sender_user_id.clone(),
                email_subject: e.email_subject.clone(),
                status: e.status.clone(),
                created: e.created,
                status_changed: e.created,
            });
        }
        s
    }

    /// Mock clock, milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> u64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        (real + self.clock_offset).as_millis() as u64
    }

    pub fn now_secs(&self) -> u64 {
        self.now_ms() / 1000
    }

    /// Takes one use of the first fault matching `path`.
    pub fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let i = self.faults.iter().position(|f| path.starts_with(&f.path))?;
        let f = self.faults[i].clone();
        if f.times == 1 {
            self.faults.remove(i);
        } else if f.times > 1 {
            self.faults[i].times -= 1;
        }
        self.counters.faults_injected += 1;
        Some(f)
    }

    fn snapshot(&self, b: &Bucket) -> RateSnapshot {
        let l = &self.limits;
        RateSnapshot {
            limit: l.hourly,
            remaining: l.hourly.saturating_sub(b.hour_count),
            reset: (b.hour_start_ms + 3_600_000).div_ceil(1000),
            burst_limit: l.burst,
            burst_remaining: l.burst.saturating_sub(b.burst_count),
            burst_retry_after: (b.burst_start_ms + l.burst_window_seconds * 1000)
                .saturating_sub(self.now_ms())
                .div_ceil(1000)
                .max(1),
            now: self.now_secs(),
        }
    }

    fn refresh_bucket(&mut self, name: &str) -> Bucket {
        let now = self.now_ms();
        let window = self.limits.burst_window_seconds * 1000;
        let b = self.buckets.entry(name.to_string()).or_insert(Bucket {
            hour_start_ms: now,
            hour_count: 0,
            burst_start_ms: now,
            burst_count: 0,
        });
        if now >= b.hour_start_ms + 3_600_000 {
            b.hour_start_ms = now;
            b.hour_count = 0;
        }
        if now >= b.burst_start_ms + window {
            b.burst_start_ms = now;
            b.burst_count = 0;
        }
        b.clone()
    }

    /// Counts one API call against `bucket`.
    pub fn consume(&mut self, bucket: &str) -> Result<RateSnapshot, (RateSnapshot, Exceeded)> {
        let b = self.refresh_bucket(bucket);
        if b.hour_count >= self.limits.hourly {
            return Err((self.snapshot(&b), Exceeded::Hourly));
        }
        if b.burst_count >= self.limits.burst {
            return Err((self.snapshot(&b), Exceeded::Burst));
        }
        let b = self.buckets.get_mut(bucket).expect("bucket");
        b.hour_count += 1;
        b.burst_count += 1;
        let b = b.clone();
        Ok(self.snapshot(&b))
    }

    /// The bucket's state without counting a call.
    pub fn peek(&mut self, bucket: &str) -> RateSnapshot {
        let b = self.refresh_bucket(bucket);
        self.snapshot(&b)
    }

    /// Issues an access token.
    pub fn issue_token(&mut self, key: &str, user_id: &str) -> (String, u64) {
        let token = crate::util::opaque_token("dsm_at_");
        let lifetime = self.token_lifetime;
        let expires_ms = self.now_ms() + lifetime.as_millis() as u64;
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                key: key.to_string(),
                user_id: user_id.to_string(),
                expires_ms,
            },
        );
        self.counters.tokens_issued += 1;
        (token, lifetime.as_secs())
    }
}

//! The polling guard: DocuSign allows one status GET per envelope every 15
//! minutes; a second one is refused here, before it is sent.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// DocuSign's polling interval.
pub const POLLING_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// When each polled resource was last fetched.
#[derive(Default)]
pub struct PollingGuard {
    last: Mutex<HashMap<String, Instant>>,
}

/// The key a GET is tracked under, if it is a status poll: one envelope
/// (`/envelopes/{id}`) or an envelope list with its query (sorted).
pub fn poll_key(account_path: &str, query: &[(String, String)]) -> Option<String> {
    let path = account_path.trim_end_matches('/');
    let rest = path.strip_prefix("/envelopes")?;
    if rest.is_empty() {
        let mut query = query.to_vec();
        query.sort();
        let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        return Some(format!("envelope list?{}", query.join("&")));
    }
    let id = rest.strip_prefix('/')?;
    (!id.is_empty() && !id.contains('/')).then(|| format!("envelope {id}"))
}

impl PollingGuard {
    /// Refuses `key` if it was polled less than 15 minutes ago; otherwise
    /// records it as polled now.
    pub fn check_and_record(&self, key: &str) -> Result<()> {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.retain(|_, at| now.duration_since(*at) < POLLING_INTERVAL);
        if let Some(at) = last.get(key) {
            let wait = POLLING_INTERVAL.saturating_sub(now.duration_since(*at));
            return Err(Error::PollingTooSoon {
                what: key.to_owned(),
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        last.insert(key.to_owned(), now);
        Ok(())
    }

    /// Forgets `key`, when its GET was not answered (nothing was counted).
    pub fn forget(&self, key: &str) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            poll_key("/envelopes/abc", &[]).as_deref(),
            Some("envelope abc")
        );
        assert_eq!(poll_key("/envelopes/abc/documents", &[]), None);
        assert_eq!(poll_key("/users", &[]), None);
        let q = vec![("b".into(), "2".into()), ("a".into(), "1".into())];
        assert_eq!(
            poll_key("/envelopes", &q).as_deref(),
            Some("envelope list?a=1&b=2")
        );
    }

    #[test]
    fn second_poll_is_refused() {
        let guard = PollingGuard::default();
        guard.check_and_record("envelope a").unwrap();
        guard.check_and_record("envelope b").unwrap();
        let err = guard.check_and_record("envelope a").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::PollingTooSoon);
        guard.forget("envelope a");
        guard.check_and_record("envelope a").unwrap();
    }
}

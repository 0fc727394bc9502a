//! The polling guard: DocuSign allows one status GET per envelope every 15
//! minutes; a second one is refused here, before it is sent. The marks live
//! in the client's [`SharedState`], so every client sharing it (threads,
//! processes, hosts) is refused alike.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::shared_state::{SharedState, StateKey};

/// What the polling guard does with a status GET made again within
/// [`POLLING_INTERVAL`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PollingGuard {
    /// Refuse it without sending ([`Error::PollingTooSoon`]; the default).
    #[default]
    Enforce,
    /// Log a warning (target `dsauth::client::polling`) and send it.
    Warn,
    /// Send it; no marks are kept.
    Off,
}

/// DocuSign's polling interval.
pub const POLLING_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// A status GET the guard tracks.
pub(super) struct Poll {
    /// Where the mark lives: the account and what is polled.
    key: StateKey,
    /// What the error names (`envelope {id}`, `envelope list?…`).
    what: String,
}

impl Poll {
    /// The poll of `account_path` (below `/accounts/{id}`) with `query` in
    /// the account `account` (origin and id of the REST URL), if it is a
    /// status poll.
    pub fn of(account: &[&str], account_path: &str, query: &[(String, String)]) -> Option<Poll> {
        let what = poll_key(account_path, query)?;
        let mut parts = vec!["poll"];
        parts.extend_from_slice(account);
        parts.push(&what);
        let key = StateKey::new(&parts);
        Some(Poll { key, what })
    }

    /// Refuses the poll (`Enforce`) or warns (`Warn`) if it was made less
    /// than 15 minutes ago by any user of `state`; otherwise records it as
    /// made now. `shown` is the request as logs show it.
    pub fn check_and_record(
        &self,
        state: &SharedState,
        mode: PollingGuard,
        shown: &str,
    ) -> Result<()> {
        let Err(left) = state.check_poll(&self.key, POLLING_INTERVAL) else {
            return Ok(());
        };
        let left = left.as_secs().max(1);
        if mode == PollingGuard::Warn {
            log::warn!(
                "polling guard: GET {shown} was already sent less than 15 minutes ago \
                 (DocuSign allows one status GET per envelope every 15 minutes); \
                 sending it anyway (mode warn), next allowed in {left} s"
            );
            return Ok(());
        }
        log::info!("polling guard: GET {shown} refused, unsent; next allowed in {left} s");
        Err(Error::PollingTooSoon {
            what: self.what.clone(),
            retry_after_secs: left,
        })
    }

    /// Forgets the poll, when its GET was not answered (nothing was counted).
    pub fn forget(&self, state: &SharedState) {
        state.forget_poll(&self.key);
    }
}

/// The key a GET is tracked under, if it is a status poll: one envelope
/// (`/envelopes/{id}`) or an envelope list with its query (sorted).
fn poll_key(account_path: &str, query: &[(String, String)]) -> Option<String> {
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
    fn second_poll_is_refused_in_the_same_account_only() {
        let state = SharedState::memory();
        let poll =
            |account: &str, path: &str| Poll::of(&["https://x", account], path, &[]).unwrap();
        let check = |account: &str, path: &str| {
            poll(account, path).check_and_record(&state, PollingGuard::Enforce, path)
        };
        check("1", "/envelopes/a").unwrap();
        check("1", "/envelopes/b").unwrap();
        check("2", "/envelopes/a").unwrap();
        let err = check("1", "/envelopes/a").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::PollingTooSoon);
        let warned = poll("1", "/envelopes/a").check_and_record(&state, PollingGuard::Warn, "");
        assert!(warned.is_ok(), "warn sends");
        poll("1", "/envelopes/a").forget(&state);
        check("1", "/envelopes/a").unwrap();
    }

    /// DocuSign's window is 15 minutes: a poll right after the first waits
    /// (almost) all of it.
    #[test]
    fn the_wait_is_the_rest_of_15_minutes() {
        assert_eq!(POLLING_INTERVAL, Duration::from_secs(900));
        let state = SharedState::memory();
        let poll = Poll::of(&["https://x", "1"], "/envelopes/a", &[]).unwrap();
        let check = || poll.check_and_record(&state, PollingGuard::Enforce, "/envelopes/a");
        check().unwrap();
        match check() {
            Err(Error::PollingTooSoon {
                what,
                retry_after_secs,
            }) => {
                assert_eq!(what, "envelope a");
                assert!(
                    (895..=900).contains(&retry_after_secs),
                    "{retry_after_secs}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

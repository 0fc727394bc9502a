//! The polling guard: DocuSign allows one status GET per envelope every 15
//! minutes; a second one is refused here, before it is sent. The marks live
//! in the client's [`SharedState`], so every client sharing it (threads,
//! processes, hosts) is refused alike.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::shared_state::{SharedState, StateKey};

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

    /// Refuses the poll if it was made less than 15 minutes ago by any user
    /// of `state`; otherwise records it as made now.
    pub fn check_and_record(&self, state: &SharedState) -> Result<()> {
        state
            .check_poll(&self.key, POLLING_INTERVAL)
            .map_err(|left| Error::PollingTooSoon {
                what: self.what.clone(),
                retry_after_secs: left.as_secs().max(1),
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
        poll("1", "/envelopes/a").check_and_record(&state).unwrap();
        poll("1", "/envelopes/b").check_and_record(&state).unwrap();
        poll("2", "/envelopes/a").check_and_record(&state).unwrap();
        let err = poll("1", "/envelopes/a")
            .check_and_record(&state)
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::PollingTooSoon);
        poll("1", "/envelopes/a").forget(&state);
        poll("1", "/envelopes/a").check_and_record(&state).unwrap();
    }

    /// DocuSign's window is 15 minutes: a poll right after the first waits
    /// (almost) all of it.
    #[test]
    fn the_wait_is_the_rest_of_15_minutes() {
        assert_eq!(POLLING_INTERVAL, Duration::from_secs(900));
        let state = SharedState::memory();
        let poll = Poll::of(&["https://x", "1"], "/envelopes/a", &[]).unwrap();
        poll.check_and_record(&state).unwrap();
        match poll.check_and_record(&state) {
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

//! A response from DocuSign.

use crate::client::rate_limit::RateLimit;
use crate::error::{Error, ErrorKind, Result};

/// The answer to a call: status, headers, the whole body, DocuSign's trace
/// token and the rate-limit snapshot.
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) url: String,
}

impl Response {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header, in the order received, names as sent.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body, as received (at most `max_response_body` bytes).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Transport {
            kind: ErrorKind::MalformedResponse,
            url: self.url.clone(),
            reason: format!("response body is not valid JSON: {e}"),
        })
    }

    /// `X-DocuSign-TraceToken`.
    pub fn trace_token(&self) -> Option<&str> {
        self.header("X-DocuSign-TraceToken")
    }

    /// The rate-limit headers of this response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }

    /// The URL that was called (without query).
    pub fn url(&self) -> &str {
        &self.url
    }
}

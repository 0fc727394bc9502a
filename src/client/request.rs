//! A REST request, before the client adds authentication.

use crate::error::{Error, Result};

/// HTTP methods DocuSign's REST API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name as sent, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses an upper-case method name.
    pub fn parse(name: &str) -> Result<Method> {
        Ok(match name {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => {
                return Err(Error::InvalidArgument {
                    name: "method",
                    reason: "must be GET, HEAD, POST, PUT, PATCH or DELETE".into(),
                })
            }
        })
    }

    /// True when sending it twice has the effect of sending it once, so a
    /// rate-limited call may be retried.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Head | Method::Put | Method::Delete
        )
    }
}

/// A REST request. The path is one of:
/// - `` (empty): the account itself;
/// - `/envelopes/…` (any path not starting with `/restapi/`): relative to
///   the account, `<rest base>/<api version>/accounts/<account id>/envelopes/…`;
/// - `/restapi/…`: absolute on the account's host;
/// - `https://…`: a full URL, which must be on the account's or the
///   environment's host (credentials are never sent elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<(Vec<u8>, String)>,
}

impl Request {
    /// A request without query, headers or body. `path`: `""` (the account),
    /// `/envelopes…` (relative to the account), `/restapi/…`, or a full https
    /// URL on the environment's or the account's host (checked when sent).
    pub fn new(method: Method, path: &str) -> Self {
        Request {
            method,
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// A `GET` of `path` (see [`Request::new`]).
    pub fn get(path: &str) -> Self {
        Request::new(Method::Get, path)
    }

    /// A `POST` to `path` (see [`Request::new`]).
    pub fn post(path: &str) -> Self {
        Request::new(Method::Post, path)
    }

    /// Adds a query parameter (encoded when sent).
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.add_query(key, value);
        self
    }

    /// Adds a header. `Authorization` and `X-DocuSign-Authentication` are
    /// refused when sent: the client owns them.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.add_header(name, value);
        self
    }

    /// A JSON body.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.body(value.to_string().into_bytes(), "application/json")
    }

    /// A raw body with its content type, which the caller knows to be
    /// valid; [`Request::set_body`] checks one from outside.
    pub fn body(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some((bytes, content_type.to_owned()));
        self
    }

    /// [`Request::query`] in place.
    pub fn add_query(&mut self, key: &str, value: &str) {
        self.query.push((key.to_owned(), value.to_owned()));
    }

    /// [`Request::header`] in place.
    pub fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// Sets the body and its content type, replacing any earlier body.
    /// Refused (the request unchanged) when the content type is empty or
    /// has a control character.
    pub fn set_body(&mut self, bytes: Vec<u8>, content_type: &str) -> Result<()> {
        if content_type.is_empty() || content_type.chars().any(char::is_control) {
            return Err(Error::InvalidArgument {
                name: "content_type",
                reason: "a content type is not empty and has no control characters".into(),
            });
        }
        self.body = Some((bytes, content_type.to_owned()));
        Ok(())
    }

    /// Sets a JSON body given as text, sent exactly as given. Refused (the
    /// request unchanged) when it is not well-formed JSON.
    pub fn set_json_text(&mut self, json: &str) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(json).map_err(|e| Error::InvalidArgument {
            name: "json",
            reason: format!("not well-formed JSON: {e}"),
        })?;
        self.body = Some((json.as_bytes().to_vec(), "application/json".to_owned()));
        Ok(())
    }

    /// The request's method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path (or URL) as given, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }
}

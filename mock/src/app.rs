//! Request dispatch: recording, fault injection, routing, trace tokens.

use serde_json::json;
use std::time::Duration;

use crate::http::{Body, Request, Response};
use crate::server::Shared;
use crate::state::{FaultKind, RecordedRequest};

/// How many requests are kept for `requests()`; past that the oldest half
/// is dropped.
pub const MAX_RECORDS: usize = 200_000;

/// DocuSign's REST error body `{"errorCode","message"}`.
pub fn ds_error(status: u16, code: &str, message: &str) -> Response {
    Response::json(status, &json!({ "errorCode": code, "message": message }))
}

/// DocuSign's OAuth error body `{"error","error_description"}`.
pub fn oauth_error(status: u16, error: &str, description: &str) -> Response {
    if description.is_empty() {
        Response::json(status, &json!({ "error": error }))
    } else {
        Response::json(
            status,
            &json!({ "error": error, "error_description": description }),
        )
    }
}

pub fn handle(shared: &Shared, req: Request) -> Response {
    let trace = crate::util::uuid_v4();
    let mut resp = if req.path.starts_with("/__mock/") || req.path == "/__mock" {
        crate::control::handle(shared, &req)
    } else {
        handle_api(shared, req)
    };
    resp.set_header("X-DocuSign-TraceToken", trace);
    resp
}

fn handle_api(shared: &Shared, req: Request) -> Response {
    let fault = {
        let mut st = shared.state();
        let time = st.now_secs();
        if st.records.len() >= MAX_RECORDS {
            // A long-running mock keeps the most recent requests only.
            st.records.drain(..MAX_RECORDS / 2);
        }
        st.records.push(RecordedRequest {
            scheme: req.scheme.to_string(),
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            headers: req.headers.clone(),
            body: req.body.clone(),
            time,
        });
        st.counters.requests += 1;
        // Counted on arrival, whatever a fault or a check does next.
        let p = req.path.trim_end_matches('/');
        let c = &mut st.counters;
        if p.starts_with("/restapi/") || p == "/restapi" {
            c.rest_requests += 1;
        } else if p.starts_with("/api/3.0/") {
            c.soap_requests += 1;
        } else if p == "/oauth/token" && req.method == "POST" {
            c.token_requests += 1;
        } else if p == "/oauth/userinfo" && req.method == "GET" {
            c.userinfo_requests += 1;
        } else if p == "/oauth/auth" && req.method == "GET" {
            c.authorize_requests += 1;
        }
        st.take_fault(&req.path)
    };
    if let Some(f) = &fault {
        match f.kind {
            FaultKind::Delay => std::thread::sleep(Duration::from_millis(f.delay_ms)),
            FaultKind::Status => {
                let (code, msg) = match f.status {
                    500 => ("UNSPECIFIED_ERROR", "An unexpected error occurred."),
                    502 => (
                        "BAD_GATEWAY",
                        "The upstream server returned an invalid response.",
                    ),
                    504 => (
                        "GATEWAY_TIMEOUT",
                        "The upstream server did not respond in time.",
                    ),
                    _ => (
                        "SERVICE_UNAVAILABLE",
                        "The service is temporarily unavailable. Please try again later.",
                    ),
                };
                return ds_error(f.status, code, msg);
            }
            _ => {}
        }
    }
    let mut resp = route(shared, &req);
    if let Some(f) = fault {
        match f.kind {
            FaultKind::Drop => {
                let len = resp.body_bytes().len();
                resp.drop_after = Some(f.bytes.unwrap_or(len / 2).min(len.saturating_sub(1)));
            }
            FaultKind::MalformedJson => {
                let body = resp.body_bytes().to_vec();
                let cut = if body.len() >= 4 {
                    body[..body.len() / 2].to_vec()
                } else {
                    b"{\"errorCode\":".to_vec()
                };
                resp.status = 200;
                resp.body = Body::Bytes(cut);
                resp.set_header("Content-Type", "application/json; charset=utf-8");
            }
            FaultKind::Oversized => {
                resp.status = 200;
                resp.body = Body::Oversized(f.bytes.unwrap_or(16 * 1024 * 1024));
                resp.set_header("Content-Type", "application/json; charset=utf-8");
            }
            FaultKind::Delay | FaultKind::Status => {}
        }
    }
    resp
}

fn route(shared: &Shared, req: &Request) -> Response {
    let p = req.path.as_str();
    if p.starts_with("/restapi/") || p == "/restapi" {
        crate::rest::handle(shared, req)
    } else if p.starts_with("/oauth/") {
        crate::oauth::handle(shared, req)
    } else if p.starts_with("/api/3.0/") {
        crate::soap::handle(shared, req)
    } else {
        ds_error(
            404,
            "RESOURCE_NOT_FOUND",
            "The URL provided does not resolve to a resource.",
        )
    }
}

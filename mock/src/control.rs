//! The control API under `/__mock/` (no auth, JSON bodies): the HTTP face of
//! the [`crate::MockServer`] methods.

use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::config::Limits;
use crate::http::{Request, Response};
use crate::server::Shared;
use crate::state::Fault;

fn bad(msg: &str) -> Response {
    Response::json(400, &json!({ "error": "invalid_request", "message": msg }))
}

fn ok() -> Response {
    Response::json(200, &json!({ "ok": true }))
}

fn body_json(req: &Request) -> Result<Value, Response> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&req.body).map_err(|e| bad(&format!("body is not JSON: {e}")))
}

pub fn handle(shared: &Shared, req: &Request) -> Response {
    let path = req.path.trim_end_matches('/');
    let m = req.method.as_str();
    let body = match m {
        "POST" | "PUT" => match body_json(req) {
            Ok(b) => b,
            Err(r) => return r,
        },
        _ => Value::Null,
    };
    match (m, path) {
        ("POST", "/__mock/reset") => {
            shared.reset();
            ok()
        }
        ("POST", "/__mock/clock") => {
            let Some(secs) = body.get("advance_seconds").and_then(Value::as_f64) else {
                return bad("advance_seconds (a number >= 0) is required");
            };
            if !(0.0..=1e12).contains(&secs) {
                return bad("advance_seconds must be >= 0");
            }
            let mut st = shared.state();
            st.clock_offset += Duration::from_secs_f64(secs);
            let now = st.now_secs();
            Response::json(200, &json!({ "ok": true, "now": now }))
        }
        ("GET", "/__mock/clock") => {
            let st = shared.state();
            Response::json(
                200,
                &json!({ "now": st.now_secs(), "offset_seconds": st.clock_offset.as_secs_f64() }),
            )
        }
        ("POST", "/__mock/limits") => {
            // Merge: fields not given keep their current value.
            let current = shared.state().limits;
            let mut merged = serde_json::to_value(current).expect("limits");
            let Some(obj) = body.as_object() else {
                return bad("limits must be a JSON object");
            };
            for (k, v) in obj {
                merged[k] = v.clone();
            }
            match serde_json::from_value::<Limits>(merged) {
                Ok(l) => {
                    shared.state().limits = l;
                    Response::json(200, &serde_json::to_value(l).expect("limits"))
                }
                Err(e) => bad(&format!("invalid limits: {e}")),
            }
        }
        ("GET", "/__mock/limits") => Response::json(
            200,
            &serde_json::to_value(shared.state().limits).expect("limits"),
        ),
        ("POST", "/__mock/faults") => {
            let faults: Vec<Fault> = match &body {
                Value::Array(_) => match serde_json::from_value(body.clone()) {
                    Ok(f) => f,
                    Err(e) => return bad(&format!("invalid fault: {e}")),
                },
                _ => match serde_json::from_value(body.clone()) {
                    Ok(f) => vec![f],
                    Err(e) => return bad(&format!("invalid fault: {e}")),
                },
            };
            shared.state().faults.extend(faults);
            ok()
        }
        ("DELETE", "/__mock/faults") => {
            shared.state().faults.clear();
            ok()
        }
        ("GET", "/__mock/faults") => Response::json(
            200,
            &serde_json::to_value(&shared.state().faults).expect("faults"),
        ),
        ("GET", "/__mock/requests") => {
            let list: Vec<Value> = shared.state().records.iter().map(|r| r.to_json()).collect();
            Response::json(200, &Value::Array(list))
        }
        ("GET", "/__mock/counters") => Response::json(
            200,
            &serde_json::to_value(shared.state().counters).expect("counters"),
        ),
        ("POST", "/__mock/consent") => {
            let (Some(k), Some(u)) = (
                body.get("integration_key").and_then(Value::as_str),
                body.get("user_id").and_then(Value::as_str),
            ) else {
                return bad("integration_key and user_id are required");
            };
            let granted = body.get("granted").and_then(Value::as_bool).unwrap_or(true);
            let key = (k.to_ascii_lowercase(), u.to_ascii_lowercase());
            let mut st = shared.state();
            if granted {
                st.consent.insert(key);
            } else {
                st.consent.remove(&key);
            }
            ok()
        }
        ("POST", "/__mock/token_lifetime") => {
            let Some(secs) = body.get("seconds").and_then(Value::as_u64) else {
                return bad("seconds (an integer >= 0) is required");
            };
            shared.state().token_lifetime = Duration::from_secs(secs);
            ok()
        }
        ("POST", "/__mock/revoke_tokens") => {
            let mut st = shared.state();
            st.tokens.clear();
            st.refresh_tokens.clear();
            ok()
        }
        ("POST", "/__mock/shutdown") => {
            shared.shutdown_requested.store(true, Ordering::SeqCst);
            let mut r = ok();
            r.close = true;
            r
        }
        ("GET", "/__mock/config") => {
            Response::json(200, &serde_json::to_value(&shared.config).expect("config"))
        }
        _ => Response::json(
            404,
            &json!({ "error": "not_found", "message": format!("no control endpoint {m} {path}") }),
        ),
    }
}

//! The account server: /oauth/token (JWT, authorization code, refresh),
//! /oauth/auth (auto-approving consent page), /oauth/userinfo.

use base64::Engine;
use serde_json::{json, Value};

use crate::app::oauth_error;
use crate::auth::{bearer_token, find_key, find_user};
use crate::config::{IntegrationKey, User};
use crate::http::{Request, Response};
use crate::server::Shared;
use crate::state::{CodeInfo, RefreshInfo};
use crate::util::{form_get, html_escape, parse_form, url_encode};

const JWT_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

pub fn handle(shared: &Shared, req: &Request) -> Response {
    match (req.method.as_str(), req.path.trim_end_matches('/')) {
        ("POST", "/oauth/token") => token(shared, req),
        ("GET", "/oauth/auth") => authorize(shared, req),
        ("GET", "/oauth/userinfo") => userinfo(shared, req),
        (_, "/oauth/token" | "/oauth/auth" | "/oauth/userinfo") => {
            oauth_error(405, "invalid_request", "method_not_allowed")
        }
        _ => crate::app::ds_error(
            404,
            "RESOURCE_NOT_FOUND",
            "The URL provided does not resolve to a resource.",
        ),
    }
}

fn token_response(shared: &Shared, key: &str, user_id: &str, refresh: Option<bool>) -> Response {
    let mut st = shared.state();
    let (access, expires_in) = st.issue_token(key, user_id);
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
    });
    if let Some(public_client) = refresh {
        let rt = crate::util::opaque_token("dsm_rt_");
        st.refresh_tokens.insert(
            rt.clone(),
            RefreshInfo {
                key: key.to_string(),
                user_id: user_id.to_string(),
                public_client,
            },
        );
        body["refresh_token"] = json!(rt);
        body["scope"] = json!("signature impersonation");
    }
    Response::json(200, &body)
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache")
}

fn token(shared: &Shared, req: &Request) -> Response {
    let form = parse_form(&String::from_utf8_lossy(&req.body));
    match form_get(&form, "grant_type") {
        Some(JWT_GRANT) => jwt_grant(shared, req, &form),
        Some("authorization_code") => code_grant(shared, req, &form),
        Some("refresh_token") => refresh_grant(shared, req, &form),
        Some(_) => oauth_error(400, "unsupported_grant_type", ""),
        None => oauth_error(400, "invalid_request", "grant_type is missing"),
    }
}

fn b64url(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

fn host_matches(aud: &str, host: &str) -> bool {
    aud.eq_ignore_ascii_case(host)
}

fn jwt_grant(shared: &Shared, req: &Request, form: &[(String, String)]) -> Response {
    let invalid_request = |d: &str| oauth_error(400, "invalid_request", d);
    let invalid_grant = |d: &str| oauth_error(400, "invalid_grant", d);
    let Some(assertion) = form_get(form, "assertion").filter(|a| !a.is_empty()) else {
        return invalid_request("assertion is missing");
    };
    let parts: Vec<&str> = assertion.split('.').collect();
    if parts.len() != 3 {
        return invalid_request("assertion is not a JWT");
    }
    let (Some(hdr), Some(claims), Some(sig)) =
        (b64url(parts[0]), b64url(parts[1]), b64url(parts[2]))
    else {
        return invalid_request("assertion is not base64url");
    };
    let (Ok(hdr), Ok(claims)) = (
        serde_json::from_slice::<Value>(&hdr),
        serde_json::from_slice::<Value>(&claims),
    ) else {
        return invalid_request("assertion is not JSON");
    };
    if hdr.get("alg").and_then(Value::as_str) != Some("RS256") {
        return invalid_request("unsupported_signature_algorithm");
    }
    if hdr
        .get("typ")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.eq_ignore_ascii_case("JWT"))
    {
        return invalid_request("invalid_type");
    }
    let Some(iss) = claims.get("iss").and_then(Value::as_str) else {
        return invalid_grant("issuer_not_found");
    };
    let Some(key) = find_key(shared, iss) else {
        return invalid_grant("issuer_not_found");
    };
    // Signature against every public key registered for the key.
    let signed = format!("{}.{}", parts[0], parts[1]);
    let keys = shared
        .rsa_keys
        .get(&key.key.to_ascii_lowercase())
        .cloned()
        .unwrap_or_default();
    let ok = keys.iter().any(|der| {
        ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PKCS1_2048_8192_SHA256, der)
            .verify(signed.as_bytes(), &sig)
            .is_ok()
    });
    if !ok {
        return invalid_grant("no_valid_keys_or_signatures");
    }
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    let aud_ok = host_matches(aud, req.host())
        || shared
            .config
            .account_server_host
            .as_deref()
            .is_some_and(|h| host_matches(aud, h));
    if !aud_ok {
        return invalid_grant("invalid_audience");
    }
    let now = if shared.config.jwt_real_clock {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs()
    } else {
        shared.state().now_secs()
    };
    let skew = shared.config.jwt_clock_skew_seconds;
    let (Some(iat), Some(exp)) = (
        claims.get("iat").and_then(Value::as_u64),
        claims.get("exp").and_then(Value::as_u64),
    ) else {
        return invalid_request("iat and exp must be numbers");
    };
    if exp <= now {
        return invalid_grant("expired_assertion");
    }
    if iat > now + skew {
        return invalid_grant("assertion_issued_in_the_future");
    }
    if exp < iat || exp - iat > 3600 {
        return invalid_grant("assertion_lifetime_too_long");
    }
    let Some(sub) = claims.get("sub").and_then(Value::as_str) else {
        return invalid_grant("user_not_found");
    };
    let Some(user) = shared
        .config
        .users
        .iter()
        .find(|u| u.user_id.eq_ignore_ascii_case(sub) && !u.disabled)
    else {
        return invalid_grant("user_not_found");
    };
    let scope = claims.get("scope").and_then(Value::as_str).unwrap_or("");
    let scopes: Vec<&str> = scope.split_whitespace().collect();
    if !scopes.contains(&"signature") || !scopes.contains(&"impersonation") {
        return oauth_error(
            400,
            "invalid_scope",
            "the scope must include signature and impersonation",
        );
    }
    let consented = shared.state().consent.contains(&(
        key.key.to_ascii_lowercase(),
        user.user_id.to_ascii_lowercase(),
    ));
    if !consented {
        return oauth_error(400, "consent_required", "");
    }
    token_response(shared, &key.key, &user.user_id, None)
}

/// `Authorization: Basic base64(key:secret)` → the key, if the secret matches.
fn basic_client(shared: &Shared, req: &Request) -> Option<Result<IntegrationKey, ()>> {
    let h = req.header("authorization")?;
    let (scheme, rest) = h.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Some(Err(()));
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Some(Err(()));
    };
    Some(match find_key(shared, id) {
        Some(k) if k.secret.as_deref() == Some(secret) => Ok(k.clone()),
        _ => Err(()),
    })
}

fn invalid_client() -> Response {
    oauth_error(401, "invalid_client", "client authentication failed")
        .header("WWW-Authenticate", "Basic realm=\"oauth\"")
}

fn pkce_s256(verifier: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

fn code_grant(shared: &Shared, req: &Request, form: &[(String, String)]) -> Response {
    let client = match basic_client(shared, req) {
        Some(Ok(k)) => Some(k),
        Some(Err(())) => return invalid_client(),
        None => None,
    };
    let Some(code) = form_get(form, "code").filter(|c| !c.is_empty()) else {
        return oauth_error(400, "invalid_request", "code is missing");
    };
    // A code is single-use: taken out whatever happens next.
    let info = {
        let mut st = shared.state();
        let now = st.now_ms();
        st.codes.remove(code).filter(|c| c.expires_ms > now)
    };
    let Some(info) = info else {
        return oauth_error(
            400,
            "invalid_grant",
            "the authorization code is invalid or expired",
        );
    };
    let public_client = match &client {
        Some(k) => {
            if !k.key.eq_ignore_ascii_case(&info.key) {
                return oauth_error(
                    400,
                    "invalid_grant",
                    "the code was issued to another client",
                );
            }
            false
        }
        None => {
            // A public client: client_id in the form plus PKCE.
            match form_get(form, "client_id") {
                Some(id) if id.eq_ignore_ascii_case(&info.key) => {}
                Some(_) => {
                    return oauth_error(
                        400,
                        "invalid_grant",
                        "the code was issued to another client",
                    )
                }
                None => return invalid_client(),
            }
            if info.code_challenge.is_none() {
                return invalid_client();
            }
            true
        }
    };
    if let Some(challenge) = &info.code_challenge {
        match form_get(form, "code_verifier") {
            Some(v) if pkce_s256(v) == *challenge => {}
            Some(_) => {
                return oauth_error(
                    400,
                    "invalid_grant",
                    "code_verifier does not match the code_challenge",
                )
            }
            None => return oauth_error(400, "invalid_request", "code_verifier is missing"),
        }
    }
    if let Some(uri) = form_get(form, "redirect_uri") {
        if uri != info.redirect_uri {
            return oauth_error(
                400,
                "invalid_grant",
                "redirect_uri does not match the authorization request",
            );
        }
    }
    token_response(shared, &info.key, &info.user_id, Some(public_client))
}

fn refresh_grant(shared: &Shared, req: &Request, form: &[(String, String)]) -> Response {
    let client = match basic_client(shared, req) {
        Some(Ok(k)) => Some(k),
        Some(Err(())) => return invalid_client(),
        None => None,
    };
    let Some(rt) = form_get(form, "refresh_token").filter(|c| !c.is_empty()) else {
        return oauth_error(400, "invalid_request", "refresh_token is missing");
    };
    let info = shared.state().refresh_tokens.get(rt).cloned();
    let Some(info) = info else {
        return oauth_error(
            400,
            "invalid_grant",
            "the refresh token is invalid, expired or revoked",
        );
    };
    match client {
        Some(k) if k.key.eq_ignore_ascii_case(&info.key) => {}
        Some(_) => {
            return oauth_error(
                400,
                "invalid_grant",
                "the refresh token was issued to another client",
            )
        }
        None => {
            let public_ok = info.public_client
                && form_get(form, "client_id").is_some_and(|id| id.eq_ignore_ascii_case(&info.key));
            if !public_ok {
                return invalid_client();
            }
        }
    }
    if find_key(shared, &info.key).is_none() {
        return invalid_client();
    }
    token_response(shared, &info.key, &info.user_id, Some(info.public_client))
}

fn error_page(status: u16, title: &str, detail: &str) -> Response {
    Response::new(
        status,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html>\n<html><head><title>{t}</title></head><body><h1>{t}</h1><p>{d}</p></body></html>\n",
            t = html_escape(title),
            d = html_escape(detail)
        ),
    )
}

fn authorize(shared: &Shared, req: &Request) -> Response {
    let q = req.query_pairs();
    let get = |k: &str| form_get(&q, k).filter(|v| !v.is_empty());
    let Some(client_id) = get("client_id") else {
        return error_page(400, "invalid_request", "client_id is missing.");
    };
    let Some(key) = find_key(shared, client_id) else {
        return error_page(
            400,
            "invalid_client",
            "The client id is not known or is disabled.",
        );
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return error_page(400, "invalid_request", "redirect_uri is missing.");
    };
    if !key.redirect_uris.iter().any(|u| u == redirect_uri) {
        return error_page(
            400,
            "invalid_request",
            "The redirect URI is not registered for this integration key.",
        );
    }
    let state = get("state");
    let redirect_err = |err: &str| {
        let sep = if redirect_uri.contains('?') { '&' } else { '?' };
        let mut loc = format!("{redirect_uri}{sep}error={}", url_encode(err));
        if let Some(s) = state {
            loc.push_str(&format!("&state={}", url_encode(s)));
        }
        Response::empty(302).header("Location", loc)
    };
    if get("response_type") != Some("code") {
        return redirect_err("unsupported_response_type");
    }
    let challenge = get("code_challenge").map(str::to_string);
    if challenge.is_some() && get("code_challenge_method") != Some("S256") {
        return redirect_err("invalid_request");
    }
    let login = get("login_hint").unwrap_or(&shared.config.default_login_user);
    let Some(user): Option<&User> = find_user(shared, login).filter(|u| !u.disabled) else {
        return redirect_err("access_denied");
    };
    let code = crate::util::opaque_token("dsm_code_");
    {
        let mut st = shared.state();
        let expires_ms = st.now_ms() + 300_000;
        st.consent.insert((
            key.key.to_ascii_lowercase(),
            user.user_id.to_ascii_lowercase(),
        ));
        st.codes.insert(
            code.clone(),
            CodeInfo {
                key: key.key.clone(),
                user_id: user.user_id.clone(),
                redirect_uri: redirect_uri.to_string(),
                code_challenge: challenge,
                expires_ms,
            },
        );
    }
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut loc = format!("{redirect_uri}{sep}code={}", url_encode(&code));
    if let Some(s) = state {
        loc.push_str(&format!("&state={}", url_encode(s)));
    }
    Response::empty(302).header("Location", loc)
}

fn userinfo(shared: &Shared, req: &Request) -> Response {
    let token = req.header("authorization").and_then(bearer_token);
    let Some(p) = token.and_then(|t| crate::auth::check_bearer(shared, t).ok()) else {
        return oauth_error(
            401,
            "invalid_token",
            "The access token provided is expired, revoked or malformed.",
        )
        .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    };
    let base_uri = format!("{}://{}", req.scheme, req.host());
    let accounts: Vec<Value> = crate::rest::memberships(shared, &p)
        .into_iter()
        .map(|(a, is_default)| {
            json!({
                "account_id": a.account_id_guid,
                "is_default": if a.userinfo_is_default_as_string {
                    json!(if is_default { "true" } else { "false" })
                } else {
                    json!(is_default)
                },
                "account_name": a.name,
                "base_uri": base_uri,
            })
        })
        .collect();
    let u = &p.user;
    Response::json(
        200,
        &json!({
            "sub": u.user_id,
            "name": u.full_name(),
            "given_name": u.given_name,
            "family_name": u.family_name,
            "created": "2023-01-01T00:00:00.0000000Z",
            "email": u.email,
            "accounts": accounts,
        }),
    )
}

//! The eSignature REST slice: login_information, account, envelopes, with
//! rate-limit headers and limits.

use serde_json::{json, Value};

use crate::app::ds_error;
use crate::auth::{authenticate, Principal};
use crate::config::Account;
use crate::http::{Request, Response};
use crate::server::Shared;
use crate::state::{Envelope, Exceeded, RateSnapshot};
use crate::util::{docusign_time, http_date};

fn with_rate_headers(mut resp: Response, s: RateSnapshot) -> Response {
    // The mock clock's time, as DocuSign's own `Date` is its clock's: the
    // resets above are times on that clock.
    resp.set_header("Date", http_date(s.now));
    resp.set_header("X-RateLimit-Limit", s.limit.to_string());
    resp.set_header("X-RateLimit-Remaining", s.remaining.to_string());
    resp.set_header("X-RateLimit-Reset", s.reset.to_string());
    resp.set_header("X-BurstLimit-Limit", s.burst_limit.to_string());
    resp.set_header("X-BurstLimit-Remaining", s.burst_remaining.to_string());
    resp
}

fn find_account<'a>(shared: &'a Shared, id: &str) -> Option<&'a Account> {
    shared.config.accounts.iter().find(|a| {
        a.account_id.eq_ignore_ascii_case(id) || a.account_id_guid.eq_ignore_ascii_case(id)
    })
}

/// The accounts a user belongs to, with the default flag, in config order.
pub fn memberships<'a>(shared: &'a Shared, p: &Principal) -> Vec<(&'a Account, bool)> {
    let u = &p.user;
    let mut out = vec![];
    for m in &u.accounts {
        if let Some(a) = find_account(shared, m) {
            if out
                .iter()
                .any(|(x, _): &(&Account, bool)| x.account_id == a.account_id)
            {
                continue;
            }
            let is_default = if u.default_account.is_empty() {
                out.is_empty()
            } else {
                a.account_id.eq_ignore_ascii_case(&u.default_account)
                    || a.account_id_guid.eq_ignore_ascii_case(&u.default_account)
            };
            out.push((a, is_default));
        }
    }
    out
}

pub fn handle(shared: &Shared, req: &Request) -> Response {
    let segs: Vec<&str> = req.path.trim_end_matches('/').split('/').skip(2).collect();
    // segs[0] = version
    let version = segs.first().copied().unwrap_or("");
    if version != "v2" && version != "v2.1" {
        return not_found(shared, req);
    }
    let principal = match authenticate(shared, req, true) {
        Ok(p) => p,
        Err(f) => {
            let (status, code, msg) = f.rest_parts();
            let snap = shared.state().peek("anonymous");
            return with_rate_headers(ds_error(status, code, msg), snap);
        }
    };
    let rest = &segs[1..];
    // Which bucket: the account named in the path, else the integration key.
    let account = match rest {
        ["accounts", id, ..] => {
            let member = memberships(shared, &principal)
                .into_iter()
                .find(|(a, _)| {
                    a.account_id.eq_ignore_ascii_case(id)
                        || a.account_id_guid.eq_ignore_ascii_case(id)
                })
                .map(|(a, _)| a.clone());
            match member {
                Some(a) => Some(a),
                None => {
                    let snap = shared.state().peek(&format!("key:{}", principal.key));
                    return with_rate_headers(
                        ds_error(
                            400,
                            "USER_LACKS_MEMBERSHIP",
                            "The UserID does not have a valid membership in this Account.",
                        ),
                        snap,
                    );
                }
            }
        }
        _ => None,
    };
    let bucket = match &account {
        Some(a) => format!("account:{}", a.account_id_guid),
        None => format!("key:{}", principal.key.to_ascii_lowercase()),
    };
    let limits = shared.state().limits;
    let snap = match shared.state().consume(&bucket) {
        Ok(s) => s,
        Err((s, which)) => {
            let resp = match which {
                Exceeded::Hourly => ds_error(
                    limits.status,
                    "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
                    &format!(
                        "The maximum number of hourly API invocations has been exceeded. The hourly limit is {}.",
                        limits.hourly
                    ),
                ),
                Exceeded::Burst => ds_error(
                    limits.status,
                    "BURST_APIINVOCATION_LIMIT_EXCEEDED",
                    &format!(
                        "The maximum number of burst API invocations has been exceeded. The burst limit is {} per {} seconds.",
                        limits.burst, limits.burst_window_seconds
                    ),
                )
                .header("Retry-After", s.burst_retry_after.to_string()),
            };
            return with_rate_headers(resp, s);
        }
    };
    let resp = route(shared, req, &principal, version, rest, account.as_ref());
    with_rate_headers(resp, snap)
}

fn not_found(shared: &Shared, _req: &Request) -> Response {
    let snap = shared.state().peek("anonymous");
    with_rate_headers(
        ds_error(
            404,
            "RESOURCE_NOT_FOUND",
            "The URL provided does not resolve to a resource.",
        ),
        snap,
    )
}

fn method_not_allowed() -> Response {
    ds_error(
        405,
        "METHOD_NOT_ALLOWED",
        "The requested HTTP method is not supported for this resource.",
    )
}

fn route(
    shared: &Shared,
    req: &Request,
    p: &Principal,
    version: &str,
    rest: &[&str],
    account: Option<&Account>,
) -> Response {
    let m = req.method.as_str();
    match (rest, account) {
        (["login_information"], _) => {
            if m != "GET" {
                return method_not_allowed();
            }
            login_information(shared, req, p, version)
        }
        ([_accounts, _id], Some(a)) => {
            if m != "GET" {
                return method_not_allowed();
            }
            account_info(a)
        }
        ([_accounts, _id, "envelopes"], Some(a)) => match m {
            "GET" => list_envelopes(shared, req, a),
            "POST" => create_envelope(shared, req, p, a),
            _ => method_not_allowed(),
        },
        ([_accounts, _id, "envelopes", eid], Some(a)) => {
            if m != "GET" {
                return method_not_allowed();
            }
            get_envelope(shared, a, eid)
        }
        _ => ds_error(
            404,
            "RESOURCE_NOT_FOUND",
            "The URL provided does not resolve to a resource.",
        ),
    }
}

fn login_information(shared: &Shared, req: &Request, p: &Principal, version: &str) -> Response {
    let q = req.query_pairs();
    let with_guid = crate::util::form_get(&q, "include_account_id_guid")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let host = req.host();
    let accounts: Vec<Value> = memberships(shared, p)
        .into_iter()
        .map(|(a, is_default)| {
            let mut v = json!({
                "name": a.name,
                "accountId": a.account_id,
                "baseUrl": format!("{}://{}/restapi/{}/accounts/{}", req.scheme, host, version, a.account_id),
                "isDefault": if is_default { "true" } else { "false" },
                "userName": p.user.full_name(),
                "userId": p.user.user_id,
                "email": p.user.email,
                "siteDescription": "",
            });
            if with_guid {
                v["accountIdGuid"] = json!(a.account_id_guid);
            }
            v
        })
        .collect();
    Response::json(200, &json!({ "loginAccounts": accounts }))
}

fn account_info(a: &Account) -> Response {
    Response::json(
        200,
        &json!({
            "currentPlanId": "bba4a7a6-5a2c-4d4e-a2b4-4e8f1a7c3f10",
            "planName": "DEVELOPER_PRO",
            "planClassification": "partner",
            "planStartDate": "2023-01-01T00:00:00.0000000Z",
            "planEndDate": "",
            "billingPeriodStartDate": "2024-01-01T08:00:00.0000000Z",
            "billingPeriodEndDate": "2024-02-01T08:00:00.0000000Z",
            "billingPeriodEnvelopesSent": "0",
            "billingPeriodEnvelopesAllowed": "unlimited",
            "billingPeriodDaysRemaining": "0",
            "canUpgrade": "false",
            "currencyCode": "USD",
            "accountName": a.name,
            "accountIdGuid": a.account_id_guid,
            "externalAccountId": a.account_id,
            "connectPermission": "full",
            "docuSignLandingUrl": "http://www.docusign.com/products/sign/",
            "distributorCode": "DEVCENTER_DEMO_APRIL2013",
            "suspensionStatus": "",
            "suspensionDate": "",
            "createdDate": "2023-01-01T00:00:00.0000000Z",
            "isDowngrade": "false",
            "paymentMethod": "purchase_order",
            "seatsAllowed": "unlimited",
            "seatsInUse": "2",
            "status21CFRPart11": "not_enabled",
            "envelopeSendingBlocked": "false",
            "allowTransactionRooms": "false",
            "useDisplayAppliance": "false",
        }),
    )
}

fn envelope_summary(e: &Envelope) -> Value {
    let uri = format!("/envelopes/{}", e.envelope_id);
    json!({
        "envelopeId": e.envelope_id,
        "status": e.status,
        "emailSubject": e.email_subject,
        "envelopeUri": uri,
        "createdDateTime": docusign_time(e.created),
        "lastModifiedDateTime": docusign_time(e.status_changed),
        "statusChangedDateTime": docusign_time(e.status_changed),
        "sentDateTime": if e.status == "created" { Value::Null } else { json!(docusign_time(e.created)) },
        "initialSentDateTime": if e.status == "created" { Value::Null } else { json!(docusign_time(e.created)) },
        "documentsUri": format!("{uri}/documents"),
        "recipientsUri": format!("{uri}/recipients"),
        "customFieldsUri": format!("{uri}/custom_fields"),
        "notificationUri": format!("{uri}/notification"),
        "documentsCombinedUri": format!("{uri}/documents/combined"),
        "certificateUri": format!("{uri}/documents/certificate"),
        "templatesUri": format!("{uri}/templates"),
        "allowMarkup": "false",
        "autoNavigation": "true",
        "enableWetSign": "true",
        "envelopeIdStamping": "true",
        "is21CFRPart11": "false",
        "isSignatureProviderEnvelope": "false",
        "purgeState": "unpurged",
        "brandId": "56502fe1-1b2c-4d5e-8f9a-97cb5c43176a",
        "sender": { "userId": e.sender_user_id },
    })
}

fn list_envelopes(shared: &Shared, req: &Request, a: &Account) -> Response {
    let q = req.query_pairs();
    let get = |k: &str| crate::util::form_get(&q, k).filter(|v| !v.is_empty());
    let ids: Option<Vec<String>> = get("envelope_ids").map(|v| {
        v.split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if get("from_date").is_none()
        && ids.is_none()
        && get("transaction_ids").is_none()
        && get("folder_ids").is_none()
    {
        return ds_error(
            400,
            "INVALID_REQUEST_PARAMETER",
            "The request contained at least one invalid parameter. A value for 'from_date', 'envelope_ids', 'folder_ids' or 'transaction_ids' must be set.",
        );
    }
    let statuses: Option<Vec<String>> = get("status").map(|v| {
        v.split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    });
    let st = shared.state();
    let list: Vec<Value> = st
        .envelopes
        .iter()
        .filter(|e| e.account_guid == a.account_id_guid)
        .filter(|e| {
            ids.as_ref()
                .is_none_or(|ids| ids.contains(&e.envelope_id.to_ascii_lowercase()))
        })
        .filter(|e| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == "any" || *x == e.status))
        })
        .map(envelope_summary)
        .collect();
    let n = list.len();
    let now = st.now_secs();
    Response::json(
        200,
        &json!({
            "resultSetSize": n.to_string(),
            "startPosition": "0",
            "endPosition": n.saturating_sub(1).to_string(),
            "totalSetSize": n.to_string(),
            "nextUri": "",
            "previousUri": "",
            "lastQueriedDateTime": docusign_time(now),
            "envelopes": list,
        }),
    )
}

fn create_envelope(shared: &Shared, req: &Request, p: &Principal, a: &Account) -> Response {
    let body: Value = match serde_json::from_slice(&req.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return ds_error(
                400,
                "INVALID_REQUEST_BODY",
                "The request body is missing or improperly formatted.",
            )
        }
    };
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("created")
        .to_ascii_lowercase();
    if status != "created" && status != "sent" {
        return ds_error(
            400,
            "INVALID_ENVELOPE_STATUS",
            "The envelope status is invalid: only 'created' or 'sent' may be set on creation.",
        );
    }
    let subject = body
        .get("emailSubject")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if status == "sent" && subject.is_empty() {
        return ds_error(
            400,
            "ENVELOPE_IS_INCOMPLETE",
            "The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.",
        );
    }
    let mut st = shared.state();
    let now = st.now_secs();
    let e = Envelope {
        envelope_id: crate::util::uuid_v4(),
        account_guid: a.account_id_guid.clone(),
        sender_user_id: p.user.user_id.clone(),
        email_subject: subject,
        status: status.clone(),
        created: now,
        status_changed: now,
    };
    let resp = json!({
        "envelopeId": e.envelope_id,
        "uri": format!("/envelopes/{}", e.envelope_id),
        "statusDateTime": docusign_time(now),
        "status": status,
    });
    st.envelopes.push(e);
    Response::json(201, &resp)
}

fn get_envelope(shared: &Shared, a: &Account, eid: &str) -> Response {
    let mut st = shared.state();
    let Some(e) = st
        .envelopes
        .iter()
        .find(|e| e.account_guid == a.account_id_guid && e.envelope_id.eq_ignore_ascii_case(eid))
        .cloned()
    else {
        return ds_error(
            404,
            "ENVELOPE_DOES_NOT_EXIST",
            "The envelope specified either does not exist or you have no rights to the envelope.",
        );
    };
    let interval = st.limits.envelope_poll_interval_seconds;
    if interval > 0 {
        let now = st.now_ms();
        let k = (
            a.account_id_guid.clone(),
            e.envelope_id.to_ascii_lowercase(),
        );
        if let Some(last) = st.polls.get(&k) {
            if now < last + interval * 1000 {
                return ds_error(
                    st.limits.status,
                    "Hourly_Envelope_Polling_Limit_Exceeded",
                    &format!(
                        "The maximum number of status requests for this envelope has been exceeded: at most one GET every {interval} seconds."
                    ),
                );
            }
        }
        st.polls.insert(k, now);
    }
    Response::json(200, &envelope_summary(&e))
}

//! SOAP API 3.0 (SOAP 1.1): `dsapi.asmx` (X-DocuSign-Authentication header)
//! and `api.asmx` (WS-Security UsernameToken), operations Ping and
//! RequestStatus.

use crate::auth::{check_legacy, AuthFailure, LegacyFields, Principal};
use crate::http::{Request, Response};
use crate::server::Shared;
use crate::util::{xml_escape, xsd_time};

pub const DS_NS: &str = "http://www.docusign.net/API/3.0";
pub const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
pub const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{SOAP_NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// HTTP 500 with a SOAP 1.1 Fault.
pub fn fault(code: &str, faultcode: &str, reason: &str) -> Response {
    let body = format!(
        "<soap:Fault><faultcode>{faultcode}</faultcode><faultstring>{}</faultstring><detail><ErrorCode xmlns=\"{DS_NS}\">{}</ErrorCode><ErrorReason xmlns=\"{DS_NS}\">{}</ErrorReason></detail></soap:Fault>",
        xml_escape(&format!("{code}: {reason}")),
        xml_escape(code),
        xml_escape(reason)
    );
    Response::new(500, "text/xml; charset=utf-8", envelope(&body))
}

fn client_fault(code: &str, reason: &str) -> Response {
    fault(code, "soap:Client", reason)
}

fn auth_fault(f: AuthFailure) -> Response {
    let (_, code, msg) = f.rest_parts();
    client_fault(code, msg)
}

fn child<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    name: &str,
    ns: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(ns)
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    /// dsapi.asmx: legacy HTTP header.
    Header,
    /// api.asmx: WS-Security UsernameToken.
    WsSecurity,
}

pub fn handle(shared: &Shared, req: &Request) -> Response {
    let endpoint = match req.path.to_ascii_lowercase().as_str() {
        "/api/3.0/dsapi.asmx" => Endpoint::Header,
        "/api/3.0/api.asmx" => Endpoint::WsSecurity,
        _ => {
            return Response::new(
                404,
                "text/plain; charset=utf-8",
                "The resource cannot be found.\n",
            )
        }
    };
    if req.method != "POST" {
        return Response::new(
            405,
            "text/plain; charset=utf-8",
            "SOAP requests must be POSTed.\n",
        )
        .header("Allow", "POST");
    }
    let text = match std::str::from_utf8(&req.body) {
        Ok(t) => t,
        Err(_) => return client_fault("INVALID_REQUEST", "The request body is not UTF-8."),
    };
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            return client_fault(
                "INVALID_REQUEST",
                &format!("The request is not well-formed XML: {e}"),
            )
        }
    };
    let root = doc.root_element();
    if root.tag_name().name() != "Envelope" || root.tag_name().namespace() != Some(SOAP_NS) {
        return fault(
            "VERSION_MISMATCH",
            "soap:VersionMismatch",
            "The root element must be a SOAP 1.1 Envelope.",
        );
    }
    let Some(body) = child(root, "Body", SOAP_NS) else {
        return client_fault("INVALID_REQUEST", "The SOAP Envelope has no Body.");
    };
    let Some(op) = body.children().find(|c| c.is_element()) else {
        return client_fault("INVALID_REQUEST", "The SOAP Body is empty.");
    };
    let op_name = op.tag_name().name();
    let action = req
        .header("soapaction")
        .map(|a| a.trim().trim_matches('"').to_string());
    let Some(action) = action else {
        return client_fault(
            "INVALID_REQUEST",
            "Server did not recognize the value of HTTP Header SOAPAction: .",
        );
    };
    let known = ["Ping", "RequestStatus"];
    if op.tag_name().namespace() != Some(DS_NS) || !known.contains(&op_name) {
        return client_fault(
            "INVALID_REQUEST",
            &format!("Server did not recognize the value of HTTP Header SOAPAction: {action}."),
        );
    }
    if action != format!("{DS_NS}/{op_name}") {
        return client_fault(
            "INVALID_REQUEST",
            &format!("Server did not recognize the value of HTTP Header SOAPAction: {action}."),
        );
    }
    let principal = match endpoint {
        Endpoint::Header => crate::auth::authenticate(shared, req, false),
        Endpoint::WsSecurity => ws_security(shared, root),
    };
    let principal = match principal {
        Ok(p) => p,
        Err(f) => return auth_fault(f),
    };
    let result = match op_name {
        "Ping" => {
            format!("<PingResponse xmlns=\"{DS_NS}\"><PingResult>true</PingResult></PingResponse>")
        }
        _ => {
            let id = child(op, "EnvelopeID", DS_NS)
                .and_then(|n| n.text())
                .unwrap_or("")
                .trim()
                .to_string();
            match request_status(shared, &principal, &id) {
                Ok(s) => s,
                Err(r) => return r,
            }
        }
    };
    Response::new(200, "text/xml; charset=utf-8", envelope(&result))
}

fn ws_security(shared: &Shared, root: roxmltree::Node<'_, '_>) -> Result<Principal, AuthFailure> {
    let security = root
        .children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == "Header"
                && c.tag_name().namespace() == Some(SOAP_NS)
        })
        .and_then(|h| {
            h.children().find(|c| {
                c.is_element()
                    && c.tag_name().name() == "Security"
                    && c.tag_name().namespace() == Some(WSSE_NS)
            })
        })
        .ok_or(AuthFailure::NoCredentials)?;
    let token = security
        .children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == "UsernameToken"
                && c.tag_name().namespace() == Some(WSSE_NS)
        })
        .ok_or(AuthFailure::NoCredentials)?;
    let field = |name: &str| {
        token.children().find(|c| {
            c.is_element()
                && c.tag_name().name() == name
                && c.tag_name().namespace() == Some(WSSE_NS)
        })
    };
    let username = field("Username").map(|n| n.text().unwrap_or("").to_string());
    let password_node = field("Password");
    let Some(username) = username else {
        return Err(AuthFailure::KeyMissing);
    };
    // "[IntegratorKey]username"
    let (key, user) = match username.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((k, u)) => (Some(k.to_string()), Some(u.to_string())),
        None => (None, Some(username.clone())),
    };
    let password = match password_node {
        None => None,
        Some(p) => {
            let ty = p.attribute("Type").unwrap_or(PASSWORD_TEXT);
            if ty != PASSWORD_TEXT {
                return Err(AuthFailure::UserFailed);
            }
            Some(p.text().unwrap_or("").to_string())
        }
    };
    check_legacy(
        shared,
        &LegacyFields {
            username: user,
            password,
            integrator_key: key,
            send_on_behalf_of: None,
        },
    )
}

fn request_status(shared: &Shared, p: &Principal, id: &str) -> Result<String, Response> {
    let accounts: Vec<String> = crate::rest::memberships(shared, p)
        .into_iter()
        .map(|(a, _)| a.account_id_guid.clone())
        .collect();
    let st = shared.state();
    let Some(e) = st
        .envelopes
        .iter()
        .find(|e| e.envelope_id.eq_ignore_ascii_case(id) && accounts.contains(&e.account_guid))
    else {
        return Err(client_fault(
            "ENVELOPE_DOES_NOT_EXIST",
            "The envelope specified either does not exist or you have no rights to the envelope.",
        ));
    };
    let sender = crate::auth::find_user(shared, &e.sender_user_id);
    let status = match e.status.as_str() {
        "created" => "Created",
        "sent" => "Sent",
        "delivered" => "Delivered",
        "signed" => "Signed",
        "completed" => "Completed",
        "declined" => "Declined",
        "voided" => "Voided",
        _ => "Any",
    };
    let now = st.now_secs();
    let sent = if e.status == "created" {
        String::new()
    } else {
        format!("<Sent>{}</Sent>", xsd_time(e.created))
    };
    Ok(format!(
        "<RequestStatusResponse xmlns=\"{DS_NS}\"><RequestStatusResult><RecipientStatuses /><TimeGenerated>{}</TimeGenerated><EnvelopeID>{}</EnvelopeID><Subject>{}</Subject><UserName>{}</UserName><Email>{}</Email><Status>{status}</Status><Created>{}</Created>{sent}<ACStatusDate>{}</ACStatusDate><SigningLocation>Online</SigningLocation><AutoNavigation>true</AutoNavigation><EnvelopeIdStamping>true</EnvelopeIdStamping><AuthoritativeCopy>false</AuthoritativeCopy></RequestStatusResult></RequestStatusResponse>",
        xsd_time(now),
        xml_escape(&e.envelope_id),
        xml_escape(&e.email_subject),
        xml_escape(&sender.map(|u| u.full_name()).unwrap_or_default()),
        xml_escape(&sender.map(|u| u.email.clone()).unwrap_or_default()),
        xsd_time(e.created),
        xsd_time(e.created),
    ))
}

//! Every REST path the library calls exists in DocuSign's published OpenAPI
//! files (../shared/docusign): the calls are made against the stand-in, and
//! the paths it recorded are matched against the path templates.

mod common;

use std::path::PathBuf;

use dsauth::Request;
use dsauth_mock::fixture;

fn spec_paths(file: &str) -> Vec<String> {
    let dir = std::env::var_os("DSAUTH_DOCUSIGN_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/docusign"));
    let text = std::fs::read(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e} (set DSAUTH_DOCUSIGN_SPECS)", dir.display()));
    let spec: serde_json::Value = serde_json::from_slice(&text).unwrap();
    spec["paths"].as_object().unwrap().keys().cloned().collect()
}

/// `/v2.1/accounts/{accountId}` matches `/v2.1/accounts/123`.
fn matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()))
}

#[test]
fn every_called_rest_path_is_in_the_openapi_files() {
    let v2 = spec_paths("esignature.rest.swagger-v2.json");
    let v21 = spec_paths("esignature.rest.swagger-v2.1.json");
    let mock = common::mock();
    let client = common::client(&mock);
    client.account().unwrap();
    client.get("").unwrap();
    client
        .send(&Request::get("/envelopes").query("from_date", "2024-01-01"))
        .unwrap();
    client
        .send(&Request::post("/envelopes").json(&serde_json::json!({"status": "created"})))
        .unwrap();
    client
        .get(&format!("/envelopes/{}", fixture::ENVELOPE_ID))
        .unwrap();

    let recorded = mock.requests();
    assert!(recorded.len() >= 5);
    for request in recorded {
        let path = request
            .path
            .strip_prefix("/restapi")
            .expect("a REST path under /restapi");
        let spec = if path.starts_with("/v2.1/") {
            &v21
        } else {
            &v2
        };
        assert!(
            spec.iter().any(|t| matches(t, path)),
            "{} {path} is not in DocuSign's OpenAPI file",
            request.method
        );
    }
}

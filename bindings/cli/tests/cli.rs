//! The `dsauth` command against the local stand-in.

use std::process::{Command, Output};

use dsauth_mock::{fixture, Config, MockServer};

fn dsauth(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dsauth"));
    command.args(args).env_clear().envs(env.iter().copied());
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

const LEGACY: &[(&str, &str)] = &[
    ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
    ("DSAUTH_USERNAME", fixture::BOB_EMAIL),
    ("DSAUTH_PASSWORD", fixture::BOB_PASSWORD),
];

#[test]
fn renders_headers_from_the_environment() {
    let out = dsauth(&["header", "--format", "json"], LEGACY);
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(value["Password"], fixture::BOB_PASSWORD);
    let out = dsauth(&["header", "--format", "xml", "--line"], LEGACY);
    assert!(stdout(&out).starts_with("X-DocuSign-Authentication: <DocuSignCredentials>"));
    let out = dsauth(&["header", "--format", "soap-username"], LEGACY);
    assert_eq!(
        stdout(&out).trim(),
        format!("[{}]{}", fixture::INTEGRATION_KEY, fixture::BOB_EMAIL)
    );
}

#[test]
fn bad_input_is_a_clear_error_without_the_secret() {
    let env = [
        ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
        ("DSAUTH_USERNAME", "bob@example.com "),
        ("DSAUTH_PASSWORD", "hunter2"),
    ];
    let out = dsauth(&["header"], &env);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid Username"), "{err}");
    assert!(!err.contains("hunter2"));
    let out = dsauth(&["frobnicate"], LEGACY);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn discovers_and_calls_against_the_stand_in() {
    let mock = MockServer::start(Config::default()).unwrap();
    let url = mock.https_url();
    let ca = mock.ca_path().to_str().unwrap();
    let out = dsauth(&["account", "--env", &url, "--ca-file", ca], LEGACY);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let account: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(account["account_id"], fixture::SECOND_ACCOUNT_ID);

    let out = dsauth(&["call", "get", "", "--env", &url, "--ca-file", ca], LEGACY);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("HTTP 200"));

    let jwt_key = std::env::temp_dir().join(format!("dsauth-cli-{}.pem", std::process::id()));
    std::fs::write(&jwt_key, fixture::JWT_PRIVATE_KEY_PKCS1_PEM).unwrap();
    let jwt = [
        ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
        ("DSAUTH_USER_ID", fixture::ALICE_USER_ID),
        ("DSAUTH_PRIVATE_KEY_FILE", jwt_key.to_str().unwrap()),
    ];
    let out = dsauth(&["token", "--env", &url, "--ca-file", ca], &jwt);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout(&out).trim().is_empty());
    let out = dsauth(
        &["consent-url", "--redirect-uri", fixture::REDIRECT_URI],
        &jwt,
    );
    assert!(stdout(&out).starts_with("https://account-d.docusign.com/oauth/auth?"));
    std::fs::remove_file(jwt_key).unwrap();
}

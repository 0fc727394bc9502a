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

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dsauth-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn repeated_token_runs_reuse_one_cached_sealed_token() {
    use std::os::unix::fs::PermissionsExt;

    let mock = MockServer::start(Config::default()).unwrap();
    let url = mock.https_url();
    let ca = mock.ca_path().to_str().unwrap().to_owned();
    let home = temp_dir("cache");
    let key_file = home.join("jwt.pem");
    std::fs::write(&key_file, fixture::JWT_PRIVATE_KEY_PKCS1_PEM).unwrap();
    let cache_home = home.join("cache");
    let config_home = home.join("config");
    let (key_file, cache_home_s, config_home_s) = (
        key_file.display().to_string(),
        cache_home.display().to_string(),
        config_home.display().to_string(),
    );
    let token = |args: &[&str], extra: &[(&str, &str)]| {
        let mut env = vec![
            ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
            ("DSAUTH_USER_ID", fixture::ALICE_USER_ID),
            ("DSAUTH_PRIVATE_KEY_FILE", key_file.as_str()),
            ("XDG_CACHE_HOME", cache_home_s.as_str()),
            ("XDG_CONFIG_HOME", config_home_s.as_str()),
        ];
        env.extend_from_slice(extra);
        let mut all = vec!["token", "--env", &url, "--ca-file", &ca];
        all.extend_from_slice(args);
        dsauth(&all, &env)
    };
    let ok = |out: Output| {
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("warning"), "{err}");
        stdout(&out).trim().to_owned()
    };

    let tokens: Vec<String> = (0..3).map(|_| ok(token(&[], &[]))).collect();
    assert!(!tokens[0].is_empty());
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert_eq!(mock.counters().token_requests, 1);

    // The key file is private; the cache holds the token sealed only.
    let seal_key = config_home.join("dsauth/seal-key");
    let mode = std::fs::metadata(&seal_key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let cache = cache_home.join("dsauth");
    let mut files = 0;
    for entry in std::fs::read_dir(&cache).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(tokens[0].as_str()));
        files += 1;
    }
    assert!(files > 0);

    // No cache: a token request per run.
    ok(token(&["--no-cache"], &[]));
    ok(token(&[], &[("DSAUTH_NO_CACHE", "1")]));
    assert_eq!(mock.counters().token_requests, 3);

    // Another key opens nothing: a new token, sealed under that key, then
    // reused under it.
    let other = "0f".repeat(32);
    let fresh = ok(token(&[], &[("DSAUTH_SEAL_KEY", &other)]));
    assert_ne!(fresh, tokens[0]);
    assert_eq!(ok(token(&[], &[("DSAUTH_SEAL_KEY", &other)])), fresh);
    assert_eq!(mock.counters().token_requests, 4);

    // A malformed key is an error that does not repeat it.
    let out = token(&[], &[("DSAUTH_SEAL_KEY", "not-a-key-hunter2")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DSAUTH_SEAL_KEY") && !err.contains("hunter2"),
        "{err}"
    );

    // A seal-key file others may read is not used (a warning, no cache).
    std::fs::set_permissions(&seal_key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = token(&[], &[]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
    assert_eq!(mock.counters().token_requests, 5);

    std::fs::remove_dir_all(home).unwrap();
}

#[test]
fn ca_file_is_checked_and_trusted() {
    let out = dsauth(&["account", "--ca-file", "/nonexistent/ca.pem"], LEGACY);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/ca.pem"), "{err}");

    let mock = MockServer::start(Config::default()).unwrap();
    let url = mock.https_url();
    let ca = mock.ca_path().to_str().unwrap();
    let out = dsauth(
        &[
            "account",
            "--env",
            &url,
            "--ca-file",
            ca,
            "--system-trust",
            "--no-cache",
        ],
        LEGACY,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

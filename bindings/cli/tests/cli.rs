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
    assert_eq!(out.status.code(), Some(3));
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
    assert_eq!(out.status.code(), Some(3));
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

// --- The clap CLI: help, completion, man pages, OAuth first, profiles,
// secrets, `call` and the exit codes. ---

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// `dsauth args` with only `env`, `stdin` as its standard input.
fn dsauth_with_stdin(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsauth"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the exit code, showing stderr when it differs.
#[track_caller]
fn exits(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

/// A stand-in and a private home for the runs against it: a JWT key file,
/// config and cache directories.
struct World {
    mock: MockServer,
    home: PathBuf,
    url: String,
    ca: String,
    key_file: String,
    config: String,
    cache: String,
}

impl World {
    fn new(name: &str) -> World {
        let mock = MockServer::start(Config::default()).unwrap();
        let home = temp_dir(name);
        let key_file = home.join("jwt.pem");
        std::fs::write(&key_file, fixture::JWT_PRIVATE_KEY_PKCS1_PEM).unwrap();
        let show = |p: PathBuf| p.display().to_string();
        World {
            url: mock.https_url(),
            ca: mock.ca_path().display().to_string(),
            key_file: show(key_file),
            config: show(home.join("config")),
            cache: show(home.join("cache")),
            mock,
            home,
        }
    }

    /// The stand-in, its CA and the private directories.
    fn base(&self) -> Vec<(&str, &str)> {
        vec![
            ("DSAUTH_BASE_URL", self.url.as_str()),
            ("DSAUTH_CA_FILE", self.ca.as_str()),
            ("XDG_CONFIG_HOME", self.config.as_str()),
            ("XDG_CACHE_HOME", self.cache.as_str()),
        ]
    }

    /// `base` plus JWT grant settings for Alice.
    fn jwt(&self) -> Vec<(&str, &str)> {
        let mut env = self.base();
        env.extend([
            ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
            ("DSAUTH_USER_ID", fixture::ALICE_USER_ID),
            ("DSAUTH_PRIVATE_KEY_FILE", self.key_file.as_str()),
        ]);
        env
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

#[test]
fn help_and_version_need_no_environment() {
    let mut texts = Vec::new();
    for args in [
        &["--help"][..],
        &["-h"],
        &["help", "call"],
        &["call", "--help"],
        &["help", "header"],
        &["token", "--help"],
        &["completion", "--help"],
    ] {
        let out = dsauth(args, &[]);
        exits(&out, 0);
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
        texts.push(stdout(&out));
    }
    for code in 2..=7 {
        assert!(texts[0].contains(&format!("\n  {code}  ")), "{}", texts[0]);
    }
    for variable in [
        "DSAUTH_PRIVATE_KEY",
        "DSAUTH_PASSWORD_FILE",
        "DSAUTH_PROFILE",
    ] {
        assert!(texts[0].contains(variable), "{variable}");
    }
    assert!(texts[1].contains("Exit status"));
    assert!(!texts[0].contains("  man "), "the man command is hidden");
    // Each command has its own help; `help CMD` and `CMD --help` agree.
    assert_eq!(texts[2], texts[3]);
    assert!(texts[3].contains("--input") && texts[3].contains("--include"));
    assert!(texts[4].contains("--format") && !texts[4].contains("--input"));
    assert!(texts[5].contains("--json") && texts[5].contains("expires_at"));
    assert!(texts[6].contains("bash"));

    let out = dsauth(&["--version"], &[]);
    exits(&out, 0);
    assert_eq!(
        stdout(&out).trim(),
        format!("dsauth {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completion_scripts_load() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_dsauth")).parent().unwrap();
    let path = format!("{}:/usr/bin:/bin", bin_dir.display());
    let out = Command::new("bash")
        .args([
            "-c",
            "source <(dsauth completion bash) && complete -p dsauth",
        ])
        .env_clear()
        .env("PATH", &path)
        .output()
        .unwrap();
    exits(&out, 0);
    assert!(stdout(&out).contains("dsauth"), "{}", stdout(&out));
    for (shell, marker) in [("zsh", "#compdef dsauth"), ("fish", "complete -c dsauth")] {
        let out = dsauth(&["completion", shell], &[]);
        exits(&out, 0);
        assert!(stdout(&out).contains(marker), "{shell}");
    }
    exits(&dsauth(&["completion", "tcsh"], &[]), 2);
}

#[test]
fn man_pages_come_from_the_same_definitions() {
    let top = temp_dir("man");
    let dir = top.join("build/man");
    let out = dsauth(&["man", dir.to_str().unwrap()], &[]);
    exits(&out, 0);
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    for page in [
        "dsauth.1",
        "dsauth-call.1",
        "dsauth-header.1",
        "dsauth-token.1",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} in {pages:?}");
    }
    assert!(!pages.iter().any(|p| p.contains("man")), "{pages:?}");
    let main = std::fs::read_to_string(dir.join("dsauth.1")).unwrap();
    assert!(
        main.starts_with(".ie") || main.contains(".TH dsauth"),
        "{main}"
    );
    assert!(main.contains("Exit status"));
    let call = std::fs::read_to_string(dir.join("dsauth-call.1")).unwrap();
    assert!(call.contains("include"));
    std::fs::remove_dir_all(top).unwrap();
}

#[test]
fn bearer_header_runs_the_jwt_grant_once() {
    let world = World::new("bearer");
    let out = dsauth(&["header", "--format", "bearer", "--line"], &world.jwt());
    exits(&out, 0);
    let line = stdout(&out).trim().to_owned();
    let token = line
        .strip_prefix("Authorization: Bearer ")
        .unwrap()
        .to_owned();
    // The default form for OAuth credentials is the bearer value; the
    // cached token is reused.
    let out = dsauth(&["header"], &world.jwt());
    exits(&out, 0);
    assert_eq!(stdout(&out).trim(), format!("Bearer {token}"));
    assert_eq!(world.mock.counters().token_requests, 1);
    // The token is one DocuSign accepts.
    let mut env = world.base();
    env.push(("DSAUTH_ACCESS_TOKEN", &token));
    exits(&dsauth(&["call", "GET", ""], &env), 0);
    // Legacy forms need legacy credentials.
    let out = dsauth(&["header", "--format", "xml"], &world.jwt());
    exits(&out, 3);
    assert!(stderr(&out).contains("legacy"), "{}", stderr(&out));
}

#[test]
fn token_json_has_expiry_and_account() {
    let world = World::new("token-json");
    let out = dsauth(&["token", "--json"], &world.jwt());
    exits(&out, 0);
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(!value["access_token"].as_str().unwrap().is_empty());
    assert_eq!(
        value["token_type"].as_str().unwrap().to_lowercase(),
        "bearer"
    );
    let expires_at = value["expires_at"].as_u64().unwrap();
    assert!(
        expires_at > now + 3000 && expires_at <= now + 3601,
        "{value}"
    );
    assert_eq!(value["account_id"], fixture::ACCOUNT_GUID);
    assert_eq!(value["base_uri"], world.url.as_str());
    assert_eq!(value["rest_base"], format!("{}/restapi", world.url));
    // A second run, a second later: the same token, account and expiry
    // from the cache (the expiry does not move with the clock; the cache
    // keeps it in whole seconds).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = dsauth(&["token", "--json"], &world.jwt());
    let again: serde_json::Value = serde_json::from_str(stdout(&again).trim()).unwrap();
    assert_eq!(again["access_token"], value["access_token"]);
    let moved = again["expires_at"].as_u64().unwrap().abs_diff(expires_at);
    assert!(moved <= 1, "{again} vs {value}");
    let counters = world.mock.counters();
    assert_eq!(
        (counters.token_requests, counters.userinfo_requests),
        (1, 1)
    );
}

#[test]
fn call_sends_headers_and_input_and_prints_include_or_json() {
    let world = World::new("call");
    let body = br#"{"emailSubject":"Please sign","status":"created"}"#;
    let input = world.home.join("envelope.json");
    std::fs::write(&input, body).unwrap();
    let input = input.to_str().unwrap();

    let out = dsauth(
        &[
            "call",
            "POST",
            "/envelopes",
            "-H",
            "X-Test: one",
            "--input",
            input,
            "--include",
        ],
        &world.jwt(),
    );
    exits(&out, 0);
    let text = stdout(&out);
    let (head, rest) = text.split_once("\n\n").unwrap();
    assert!(head.starts_with("HTTP 201\n"), "{head}");
    assert!(
        head.to_lowercase()
            .contains("\ncontent-type: application/json"),
        "{head}"
    );
    let created: serde_json::Value = serde_json::from_str(rest.trim()).unwrap();
    assert_eq!(created["status"], "created");
    let sent = world
        .mock
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST" && r.path.ends_with("/envelopes"))
        .unwrap();
    assert_eq!(sent.body, body);
    let header = |name: &str| {
        sent.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-test").as_deref(), Some("one"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));

    // The body from standard input, the answer as JSON.
    let out = dsauth_with_stdin(
        &["call", "post", "/envelopes", "--input", "-", "--json"],
        &world.jwt(),
        body,
    );
    exits(&out, 0);
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(value["status"], 201);
    assert_eq!(value["body"]["status"], "created");
    assert!(value["headers"]["content-type"].is_string(), "{value}");
    assert!(value["trace_token"].is_string(), "{value}");
    assert!(value["rate_limit"]["remaining"].is_u64(), "{value}");

    // Plain: the body on stdout, the status on stderr.
    let out = dsauth(
        &[
            "call",
            "GET",
            "/envelopes",
            "--query",
            "from_date=2024-01-01",
        ],
        &world.jwt(),
    );
    exits(&out, 0);
    assert!(stderr(&out).contains("HTTP 200"));
    assert!(stdout(&out).trim_start().starts_with('{'));

    // Usage errors: a header without a colon, --include with --json, two
    // readers of standard input.
    exits(
        &dsauth(&["call", "GET", "", "-H", "X-Test"], &world.jwt()),
        2,
    );
    exits(
        &dsauth(&["call", "GET", "", "--include", "--json"], &world.jwt()),
        2,
    );
    exits(&dsauth(&["call", "FETCH", ""], &world.jwt()), 2);
    let out = dsauth(
        &[
            "call",
            "POST",
            "/envelopes",
            "--input",
            "-",
            "--password-stdin",
        ],
        &world.jwt(),
    );
    exits(&out, 2);
    exits(
        &dsauth(
            &["call", "POST", "/envelopes", "--input", "/nonexistent"],
            &world.jwt(),
        ),
        2,
    );
}

#[test]
fn each_failure_class_has_its_exit_code() {
    let world = World::new("exit-codes");
    // 2: usage.
    exits(&dsauth(&["frobnicate"], &[]), 2);
    exits(&dsauth(&["header", "--format", "yaml"], &[]), 2);
    // 3: configuration (a setting missing, a credential refused before
    // sending, a CA file that cannot be read).
    exits(&dsauth(&["token"], &world.base()), 3);
    let mut env = world.jwt();
    env.push(("DSAUTH_CA_FILE", "/nonexistent/ca.pem"));
    exits(&dsauth(&["token"], &env), 3);
    // 4: refused: an unknown token (never printed), consent not granted.
    let mut env = world.base();
    env.push(("DSAUTH_ACCESS_TOKEN", "not-a-token-hunter2"));
    let out = dsauth(&["call", "GET", ""], &env);
    exits(&out, 4);
    assert!(!stderr(&out).contains("hunter2"), "{}", stderr(&out));
    let mut env = world.jwt();
    env.retain(|(k, _)| *k != "DSAUTH_USER_ID");
    env.push(("DSAUTH_USER_ID", fixture::BOB_USER_ID));
    let out = dsauth(&["token"], &env);
    exits(&out, 4);
    assert!(stderr(&out).contains("consent"), "{}", stderr(&out));
    // 5: DocuSign's error answer.
    let out = dsauth(
        &[
            "call",
            "GET",
            "/envelopes/00000000-0000-0000-0000-000000000000",
        ],
        &world.jwt(),
    );
    exits(&out, 5);
    assert!(
        stderr(&out).contains("ENVELOPE_DOES_NOT_EXIST"),
        "{}",
        stderr(&out)
    );
    // 6: the polling guard (kept in the cache between runs) ...
    let envelope = format!("/envelopes/{}", fixture::ENVELOPE_ID);
    exits(&dsauth(&["call", "GET", &envelope], &world.jwt()), 0);
    let out = dsauth(&["call", "GET", &envelope], &world.jwt());
    exits(&out, 6);
    assert!(stderr(&out).contains("15 minutes"), "{}", stderr(&out));
    // ... and DocuSign's rate limit.
    let mut limits = world.mock.limits();
    limits.hourly = 0;
    world.mock.set_limits(limits);
    let out = dsauth(&["call", "GET", "/envelopes"], &world.jwt());
    exits(&out, 6);
    // 7: transport (nothing listens on port 1).
    let mut env = world.jwt();
    env.retain(|(k, _)| *k != "DSAUTH_BASE_URL");
    env.push(("DSAUTH_BASE_URL", "https://127.0.0.1:1"));
    exits(&dsauth(&["token", "--no-cache"], &env), 7);
}

#[test]
fn profiles_hold_the_settings_that_are_not_secrets() {
    let world = World::new("profiles");
    let dir = Path::new(&world.config).join("dsauth");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&world.key_file, dir.join("alice.pem")).unwrap();
    let config = format!(
        "[profiles.default]\nenvironment = \"production\"\n\n\
         [profiles.stand-in]\nbase_url = \"{}\"\nca_file = \"{}\"\n\
         integration_key = \"{}\"\nuser_id = \"{}\"\nkey_file = \"alice.pem\"\n",
        world.url,
        world.ca,
        fixture::INTEGRATION_KEY,
        fixture::ALICE_USER_ID
    );
    std::fs::write(dir.join("config.toml"), config).unwrap();
    let only_dirs = [
        ("XDG_CONFIG_HOME", world.config.as_str()),
        ("XDG_CACHE_HOME", world.cache.as_str()),
    ];
    let out = dsauth(&["token", "--json", "--profile", "stand-in"], &only_dirs);
    exits(&out, 0);
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(value["base_uri"], world.url.as_str());
    let mut env = only_dirs.to_vec();
    env.push(("DSAUTH_PROFILE", "stand-in"));
    exits(&dsauth(&["call", "GET", ""], &env), 0);
    // The default profile applies without a name: production's consent URL.
    let out = dsauth(
        &["consent-url", "--redirect-uri", fixture::REDIRECT_URI],
        &[
            only_dirs[0],
            ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
            ("DSAUTH_USER_ID", fixture::ALICE_USER_ID),
            ("DSAUTH_PRIVATE_KEY_FILE", world.key_file.as_str()),
        ],
    );
    exits(&out, 0);
    assert!(stdout(&out).starts_with("https://account.docusign.com/oauth/auth?"));
    // A flag overrides the profile; an unknown profile is an error.
    let out = dsauth(
        &[
            "--profile",
            "stand-in",
            "--env",
            "https://127.0.0.1:1",
            "token",
            "--no-cache",
        ],
        &only_dirs,
    );
    exits(&out, 7);
    let out = dsauth(&["token", "--profile", "nope"], &only_dirs);
    exits(&out, 3);
    assert!(stderr(&out).contains("[profiles.nope]"), "{}", stderr(&out));
    // A secret in the file is refused, and not repeated.
    std::fs::write(
        dir.join("config.toml"),
        "[profiles.default]\npassword = \"hunter2\"\n",
    )
    .unwrap();
    let out = dsauth(&["token"], &only_dirs);
    exits(&out, 3);
    assert!(stderr(&out).contains("password") && !stderr(&out).contains("hunter2"));
}

#[test]
fn secrets_come_inline_from_files_or_stdin() {
    let world = World::new("secrets");
    // An inline PEM with `\n` escapes, as CI secret stores keep it.
    let mut env = world.jwt();
    env.retain(|(k, _)| *k != "DSAUTH_PRIVATE_KEY_FILE");
    let escaped = fixture::JWT_PRIVATE_KEY_PKCS8_PEM.replace('\n', "\\n");
    env.push(("DSAUTH_PRIVATE_KEY", &escaped));
    let out = dsauth(&["token"], &env);
    exits(&out, 0);
    let token = stdout(&out).trim().to_owned();
    env.pop();
    env.push(("DSAUTH_PRIVATE_KEY", fixture::JWT_PRIVATE_KEY_PKCS1_PEM));
    exits(&dsauth(&["token", "--no-cache"], &env), 0);

    // DSAUTH_ACCESS_TOKEN_FILE.
    let token_file = world.home.join("token");
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    let mut env = world.base();
    env.push(("DSAUTH_ACCESS_TOKEN_FILE", token_file.to_str().unwrap()));
    exits(&dsauth(&["call", "GET", ""], &env), 0);
    env.push(("DSAUTH_ACCESS_TOKEN", &token));
    let out = dsauth(&["call", "GET", ""], &env);
    exits(&out, 3);
    assert!(stderr(&out).contains("both DSAUTH_ACCESS_TOKEN and DSAUTH_ACCESS_TOKEN_FILE"));

    // The legacy password from a file or from standard input.
    let legacy = [
        ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
        ("DSAUTH_USERNAME", fixture::BOB_EMAIL),
    ];
    let password_of = |out: &Output| -> String {
        exits(out, 0);
        let value: serde_json::Value = serde_json::from_str(stdout(out).trim()).unwrap();
        value["Password"].as_str().unwrap().to_owned()
    };
    let out = dsauth_with_stdin(
        &["header", "--format", "json", "--password-stdin"],
        &legacy,
        format!("{}\n", fixture::BOB_PASSWORD).as_bytes(),
    );
    assert_eq!(password_of(&out), fixture::BOB_PASSWORD);
    let password_file = world.home.join("password");
    std::fs::write(&password_file, fixture::BOB_PASSWORD).unwrap();
    let mut env = legacy.to_vec();
    env.push(("DSAUTH_PASSWORD_FILE", password_file.to_str().unwrap()));
    assert_eq!(
        password_of(&dsauth(&["header"], &env)),
        fixture::BOB_PASSWORD
    );
}

#[test]
fn a_missing_setting_names_every_variable_that_would_supply_it() {
    let world = World::new("missing");
    let stderr_of = |env: &[(&str, &str)]| {
        let out = dsauth(&["token"], env);
        exits(&out, 3);
        stderr(&out)
    };
    let mut env = world.jwt();
    env.retain(|(k, _)| *k != "DSAUTH_USER_ID");
    let err = stderr_of(&env);
    assert!(
        err.contains("DSAUTH_USER_ID") && err.contains("user_id in the profile"),
        "{err}"
    );
    let mut env = world.jwt();
    env.retain(|(k, _)| *k != "DSAUTH_INTEGRATOR_KEY");
    let err = stderr_of(&env);
    for name in [
        "DSAUTH_INTEGRATOR_KEY",
        "DSAUTH_INTEGRATION_KEY",
        "integration_key",
    ] {
        assert!(err.contains(name), "{err}");
    }
    let err = stderr_of(&[("DSAUTH_USERNAME", fixture::BOB_EMAIL)]);
    for name in [
        "DSAUTH_PASSWORD",
        "DSAUTH_PASSWORD_FILE",
        "--password-stdin",
    ] {
        assert!(err.contains(name), "{err}");
    }
    let err = stderr_of(&[]);
    for name in [
        "DSAUTH_ACCESS_TOKEN_FILE",
        "DSAUTH_PRIVATE_KEY",
        "DSAUTH_PRIVATE_KEY_FILE",
        "DSAUTH_REFRESH_TOKEN",
        "DSAUTH_USERNAME",
        "DSAUTH_PASSWORD_FILE",
    ] {
        assert!(err.contains(name), "{name}: {err}");
    }
    let mut env = world.jwt();
    env.push(("DSAUTH_PRIVATE_KEY_FILE", "/nonexistent/key.pem"));
    env.retain(|(k, v)| *k != "DSAUTH_PRIVATE_KEY_FILE" || v.starts_with("/nonexistent"));
    let err = stderr_of(&env);
    assert!(
        err.contains("DSAUTH_PRIVATE_KEY_FILE") && err.contains("/nonexistent/key.pem"),
        "{err}"
    );
}

/// Follows the authorization URL as a browser would (plain HTTP on
/// loopback) and returns the code from the redirect.
fn authorize(url: &str) -> String {
    use std::io::Read;
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let location = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("Location: ")
                .or_else(|| l.strip_prefix("location: "))
        })
        .unwrap_or_else(|| panic!("no redirect: {answer}"));
    let query = location.split_once('?').unwrap().1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("code="))
        .unwrap()
        .to_owned()
}

#[test]
fn bearer_header_from_an_authorization_code_grant() {
    use dsauth::oauth::AuthorizationCodeGrant;

    let world = World::new("code");
    let env = dsauth::Environment::custom(&world.mock.http_url()).unwrap();
    let grant = AuthorizationCodeGrant::new(fixture::INTEGRATION_KEY, fixture::REDIRECT_URI)
        .unwrap()
        .with_client_secret(fixture::CLIENT_SECRET)
        .unwrap();
    let code = authorize(&grant.authorization_url(&env, None, None));
    let credentials = dsauth::Client::exchange_authorization_code(
        &env,
        grant,
        &code,
        None,
        &dsauth::ClientOptions::default(),
    )
    .unwrap();
    let refresh = credentials.refresh_token().expose().to_owned();
    let secret_file = world.home.join("client-secret");
    std::fs::write(&secret_file, fixture::CLIENT_SECRET).unwrap();
    let mut settings = world.base();
    settings.extend([
        ("DSAUTH_INTEGRATION_KEY", fixture::INTEGRATION_KEY),
        ("DSAUTH_REFRESH_TOKEN", refresh.as_str()),
        ("DSAUTH_CLIENT_SECRET_FILE", secret_file.to_str().unwrap()),
    ]);
    let err = stderr(&dsauth(&["header"], &settings));
    assert!(
        err.contains("DSAUTH_REDIRECT_URI") && err.contains("redirect_uri"),
        "{err}"
    );
    settings.push(("DSAUTH_REDIRECT_URI", fixture::REDIRECT_URI));
    let before = world.mock.counters().token_requests;
    let out = dsauth(&["header", "--format", "bearer", "--line"], &settings);
    exits(&out, 0);
    assert!(stdout(&out).starts_with("Authorization: Bearer "));
    assert_eq!(world.mock.counters().token_requests, before + 1);
    assert!(!stdout(&out).contains(&refresh));
}

#[test]
fn verbose_runs_log_to_stderr_without_secrets() {
    let world = World::new("verbose");
    let mut legacy = world.base();
    legacy.extend_from_slice(LEGACY);
    let call = |flags: &[&str]| {
        let mut args = vec!["call", "get", "/envelopes", "--no-cache"];
        args.extend(["--query", "from_date=2024-01-01"]);
        args.extend(["--query", "search_text=n33dle"]);
        args.extend_from_slice(flags);
        let out = dsauth(&args, &legacy);
        exits(&out, 0);
        stderr(&out)
    };

    let quiet = call(&[]);
    assert!(!quiet.contains("dsauth: info:"), "{quiet}");
    let info = call(&["-v"]);
    assert!(info.contains("dsauth: info: account "), "{info}");
    assert!(!info.contains("dsauth: debug:"), "{info}");
    for debug in [call(&["-vv"]), call(&["--debug"])] {
        let request = format!(
            "dsauth: debug: GET {}/restapi/v2.1/accounts/{}/envelopes?from_date=&search_text=: 200 in ",
            world.url,
            fixture::SECOND_ACCOUNT_ID
        );
        assert!(debug.contains(&request), "{debug}");
        assert!(debug.contains(" ms, trace token "), "{debug}");
        assert!(
            !debug.contains("n33dle") && !debug.contains("2024"),
            "{debug}"
        );
        assert!(!debug.contains(fixture::BOB_PASSWORD), "{debug}");
        assert!(!debug.contains("Password"), "{debug}");
    }

    // A JWT grant: the token is printed on stdout, never logged.
    let out = dsauth(&["token", "-vv"], &world.jwt());
    exits(&out, 0);
    let (token, log) = (stdout(&out), stderr(&out));
    assert!(log.contains("access token issued (JWT grant)"), "{log}");
    assert!(!log.contains(token.trim()), "{log}");
    assert!(!log.contains("eyJ"), "no assertion: {log}");
}

#[test]
fn polling_guard_modes() {
    let world = World::new("polling");
    let mut alice = world.base();
    alice.extend([
        ("DSAUTH_INTEGRATOR_KEY", fixture::INTEGRATION_KEY),
        ("DSAUTH_USERNAME", fixture::ALICE_EMAIL),
        ("DSAUTH_PASSWORD", fixture::ALICE_PASSWORD),
    ]);
    let path = format!("/envelopes/{}", fixture::ENVELOPE_ID);
    // The second run of `mode`, and how many GETs of the envelope it sent.
    let twice = |mode: &str| {
        world.mock.reset();
        let _ = std::fs::remove_dir_all(&world.cache);
        let get = || dsauth(&["call", "get", &path, "--polling-guard", mode], &alice);
        let polls = || {
            let requests = world.mock.requests();
            requests.iter().filter(|r| r.path.ends_with(&path)).count()
        };
        exits(&get(), 0);
        let before = polls();
        let second = get();
        (second, polls() - before)
    };

    let (out, sent) = twice("enforce");
    exits(&out, 6);
    assert_eq!(sent, 0, "refused unsent");
    assert!(stderr(&out).contains("15 minutes"), "{}", stderr(&out));

    // Sent: the stand-in's own polling limit answers (exit 6 too).
    let (out, sent) = twice("warn");
    assert_eq!(sent, 1);
    assert!(
        stderr(&out).contains("dsauth: warn: polling guard: GET "),
        "{}",
        stderr(&out)
    );

    let (out, sent) = twice("off");
    assert_eq!(sent, 1);
    assert!(!stderr(&out).contains("polling guard"), "{}", stderr(&out));
}

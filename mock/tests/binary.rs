//! The `dsauth-mock` binary and the HTTP control API.

mod common;

use common::*;
use dsauth_mock::fixture;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

struct Proc {
    child: Child,
    info: Value,
    line: String,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Proc {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsauth-mock"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    Proc { child, info, line }
}

fn addr(url: &Value) -> SocketAddr {
    url_addr(url.as_str().unwrap())
}

fn url_addr(url: &str) -> SocketAddr {
    url.split_once("://").unwrap().1.parse().unwrap()
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(Instant::now() < deadline, "the mock did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn prints_one_json_line_and_stops_on_shutdown_request() {
    let mut p = spawn(&[]);
    let obj = p.info.as_object().unwrap();
    assert_eq!(obj.len(), 3, "{}", p.info);
    assert!(
        p.line.starts_with("{\"http\":\"http://127.0.0.1:"),
        "{}",
        p.line
    );
    assert!(p.info["http"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(p.info["https"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:"));
    let ca_file = p.info["ca_file"].as_str().unwrap().to_string();
    let ca = std::fs::read_to_string(&ca_file).unwrap();
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));
    // HTTPS works when trusting the CA file, and "localhost" is in the certificate.
    for name in ["127.0.0.1", "localhost"] {
        let mut c = Client::tls(addr(&p.info["https"]), name, tls_config(&ca));
        let h = alice_header();
        let r = c.get(
            "/restapi/v2/login_information",
            &[("X-DocuSign-Authentication", &h)],
        );
        assert_eq!(r.status, 200);
    }
    let mut c = Client::plain(addr(&p.info["http"]));
    let r = c.post_json("/__mock/shutdown", &[], &json!({}));
    assert_eq!(r.status, 200);
    assert!(wait_exit(&mut p.child).success());
    assert!(
        !std::path::Path::new(&ca_file).exists(),
        "temporary CA file removed"
    );
}

#[test]
fn exits_when_stdin_closes() {
    let mut p = spawn(&["--exit-on-stdin-eof"]);
    let mut c = Client::plain(addr(&p.info["http"]));
    assert_eq!(c.get("/__mock/counters", &[]).status, 200);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        p.child.try_wait().unwrap().is_none(),
        "still running while stdin is open"
    );
    drop(p.child.stdin.take());
    assert!(wait_exit(&mut p.child).success());
}

#[cfg(unix)]
#[test]
fn exits_cleanly_on_sigterm() {
    let mut p = spawn(&[]);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(p.child.id() as libc::pid_t, libc::SIGTERM) };
    assert!(wait_exit(&mut p.child).success());
}

#[test]
fn config_file_and_ca_file() {
    let dir = std::env::temp_dir().join(format!("dsauth-mock-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.json");
    std::fs::write(&cfg, r#"{"production": true, "limits": {"hourly": 1}}"#).unwrap();
    let ca = dir.join("my-ca.pem");
    let p = spawn(&[
        "--config",
        cfg.to_str().unwrap(),
        "--ca-file",
        ca.to_str().unwrap(),
    ]);
    assert_eq!(p.info["ca_file"], ca.to_str().unwrap());
    assert!(ca.exists());
    let mut c = Client::plain(addr(&p.info["http"]));
    let demo = legacy_json(
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        fixture::DEMO_ONLY_INTEGRATION_KEY,
    );
    let r = c.get(
        "/restapi/v2/login_information",
        &[("X-DocuSign-Authentication", &demo)],
    );
    assert_eq!(r.error_code(), "PARTNER_AUTHENTICATION_FAILED");
    let h = alice_header();
    let r = c.get(
        "/restapi/v2/login_information",
        &[("X-DocuSign-Authentication", &h)],
    );
    assert_eq!(r.header("X-RateLimit-Limit"), Some("1"));
    let r = c.get(
        "/restapi/v2/login_information",
        &[("X-DocuSign-Authentication", &h)],
    );
    assert_eq!(r.error_code(), "HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
    drop(p);
    // A bad config is refused with a message and exit code 2.
    std::fs::write(&cfg, r#"{"nonsense": 1}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dsauth-mock"))
        .args(["--config", cfg.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid config"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn control_api() {
    let mock = start();
    let mut c = Client::http(&mock);
    let h = alice_header();
    let auth = [("X-DocuSign-Authentication", h.as_str())];
    let acct = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_ID);

    // Limits merge: only given fields change.
    let r = c.post_json("/__mock/limits", &[], &json!({"burst": 1, "status": 400}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["hourly"], 100000);
    assert_eq!(r.json()["burst"], 1);
    assert_eq!(c.get(&acct, &auth).status, 200);
    let r = c.get(&acct, &auth);
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "BURST_APIINVOCATION_LIMIT_EXCEEDED")
    );
    // Clock.
    let r = c.post_json("/__mock/clock", &[], &json!({"advance_seconds": 30}));
    assert_eq!(r.status, 200);
    assert_eq!(c.get(&acct, &auth).status, 200);
    assert_eq!(
        c.post_json("/__mock/clock", &[], &json!({"advance_seconds": -1}))
            .status,
        400
    );

    // Faults: one object or a list.
    let r = c.post_json(
        "/__mock/faults",
        &[],
        &json!({"path": "/restapi/", "kind": "status", "status": 502}),
    );
    assert_eq!(r.status, 200);
    let r = c.post_json(
        "/__mock/faults",
        &[],
        &json!([{"path": "/oauth/", "kind": "malformed_json"}, {"path": "/oauth/", "kind": "oversized", "bytes": 1000}]),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        c.get("/__mock/faults", &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(c.get(&acct, &auth).status, 502);
    let r = c.get("/oauth/userinfo", &[]);
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    let r = c.get("/oauth/userinfo", &[]);
    assert_eq!(r.body.len(), 1000);
    assert_eq!(
        c.post_json(
            "/__mock/faults",
            &[],
            &json!({"path": "/", "kind": "explode"})
        )
        .status,
        400
    );
    c.post_json(
        "/__mock/faults",
        &[],
        &json!({"path": "/", "kind": "drop", "times": 0}),
    );
    assert_eq!(
        c.send("DELETE", "/__mock/faults", &[], b"").unwrap().status,
        200
    );

    // Counters and requests.
    let v = c.get("/__mock/counters", &[]).json();
    assert_eq!(v["rest_requests"], 4);
    assert_eq!(v["userinfo_requests"], 2);
    assert_eq!(v["requests"], 6);
    assert_eq!(v["token_requests"], 0);
    let reqs = c.get("/__mock/requests", &[]).json();
    assert_eq!(reqs.as_array().unwrap().len(), 6);
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(reqs[0]["path"], acct);
    assert_eq!(reqs[0]["body"], "");
    assert_eq!(reqs[0]["body_encoding"], "utf-8");

    // Revocation over HTTP.
    let tok = mock.issue_token(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID);
    let bearer = format!("Bearer {tok}");
    assert_eq!(
        c.get("/oauth/userinfo", &[("Authorization", &bearer)])
            .status,
        200
    );
    assert_eq!(
        c.post_json("/__mock/revoke_tokens", &[], &json!({})).status,
        200
    );
    assert_eq!(
        c.get("/oauth/userinfo", &[("Authorization", &bearer)])
            .status,
        401
    );

    // Reset.
    assert_eq!(c.post_json("/__mock/reset", &[], &json!({})).status, 200);
    assert_eq!(c.get("/__mock/counters", &[]).json()["requests"], 0);
    assert_eq!(c.get("/__mock/limits", &[]).json()["burst"], 10000);
    assert_eq!(c.get("/__mock/nothing", &[]).status, 404);
    assert_eq!(
        c.post_json("/__mock/token_lifetime", &[], &json!({}))
            .status,
        400
    );
    assert_eq!(
        c.send("POST", "/__mock/clock", &[], b"{not json")
            .unwrap()
            .status,
        400
    );
}

#[test]
fn drop_stops_the_server() {
    let mock = start();
    let http = mock.http_addr();
    let path = mock.ca_path().to_path_buf();
    let mut c = Client::http(&mock);
    assert_eq!(c.get("/__mock/counters", &[]).status, 200);
    drop(mock);
    // The idle keep-alive connection was closed, and nobody listens anymore.
    assert!(c.send("GET", "/__mock/counters", &[], b"").is_err());
    assert!(std::net::TcpStream::connect(http).is_err());
    assert!(!path.exists());
}

/// A JWT grant for Alice against the binary's HTTP listener, signed with
/// the fixture's private key; claims on the real clock (a fresh binary's
/// clock has no offset).
fn jwt_token_request(p: &Proc) -> Resp {
    let mut c = Client::plain(addr(&p.info["http"]));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let assertion = sign_jwt(&json!({
        "iss": fixture::INTEGRATION_KEY,
        "sub": fixture::ALICE_USER_ID,
        "aud": c.host().to_string(),
        "iat": now,
        "exp": now + 3600,
        "scope": "signature impersonation",
    }));
    c.post_form(
        "/oauth/token",
        &[],
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", &assertion),
        ],
    )
}

#[test]
fn register_jwt_key_adds_a_public_key_to_the_active_integration_key() {
    let dir = std::env::temp_dir().join(format!("dsauth-mock-jwtkey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The active key without any RSA key: JWT fails until one is registered.
    let cfg = dir.join("no-keys.json");
    let config = json!({"integration_keys": [{
        "key": fixture::INTEGRATION_KEY,
        "secret": fixture::CLIENT_SECRET,
        "redirect_uris": [fixture::REDIRECT_URI],
    }]});
    std::fs::write(&cfg, config.to_string()).unwrap();
    let public = dir.join("public.pem");
    std::fs::write(&public, fixture::JWT_PUBLIC_KEY_PEM).unwrap();
    let (cfg, public) = (cfg.to_str().unwrap(), public.to_str().unwrap());

    let p = spawn(&["--config", cfg]);
    let r = jwt_token_request(&p);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.json()["error"], "invalid_grant");
    drop(p);

    // Registered (twice: the option is repeatable), the key signs.
    let p = spawn(&[
        "--config",
        cfg,
        "--register-jwt-key",
        public,
        "--register-jwt-key",
        public,
    ]);
    let r = jwt_token_request(&p);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["access_token"]
        .as_str()
        .unwrap()
        .starts_with("dsm_at_"));
    let mut c = Client::plain(addr(&p.info["http"]));
    let shown = c.get("/__mock/config", &[]).json();
    let keys = &shown["integration_keys"][0]["rsa_public_keys"];
    assert_eq!(keys.as_array().unwrap().len(), 2, "{shown}");
    drop(p);

    // With the fixture's configuration, the fixture key stays registered.
    let p = spawn(&["--register-jwt-key", public]);
    assert_eq!(jwt_token_request(&p).status, 200);
    drop(p);

    // Refusals: exit status 2 and a message.
    let private = dir.join("private.pem");
    std::fs::write(&private, fixture::JWT_PRIVATE_KEY_PKCS8_PEM).unwrap();
    let garbage = dir.join("garbage.pem");
    std::fs::write(&garbage, "not a key").unwrap();
    let missing = dir.join("missing.pem");
    for (args, needle) in [
        (
            vec!["--register-jwt-key", private.to_str().unwrap()],
            "holds a private key",
        ),
        (
            vec!["--register-jwt-key", garbage.to_str().unwrap()],
            "not a PEM public key",
        ),
        (
            vec!["--register-jwt-key", missing.to_str().unwrap()],
            "cannot read",
        ),
        (vec!["--register-jwt-key"], "needs a PEM file"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_dsauth-mock"))
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- dsauth-mock run -- COMMAND ----------------------------------------------

/// `dsauth-mock run ARGS...` with stdin and stdout piped.
fn spawn_run(args: &[&str]) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsauth-mock"))
        .arg("run")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, out)
}

/// The next line COMMAND printed.
fn next_line(out: &mut BufReader<ChildStdout>) -> String {
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    line.trim_end().to_string()
}

fn run_status(command: &[&str]) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_dsauth-mock"))
        .arg("run")
        .args(command)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .code()
}

fn refused(addr: SocketAddr) -> bool {
    std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err()
}

/// Whether process `pid` has ended (gone, or a zombie nobody reaped).
fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z')),
    }
}

#[test]
fn run_exits_with_the_command_status() {
    assert_eq!(run_status(&["--", "sh", "-c", "exit 0"]), Some(0));
    assert_eq!(run_status(&["--", "sh", "-c", "exit 3"]), Some(3));
    // Killed by signal N: 128 + N, as a shell reports it.
    assert_eq!(run_status(&["--", "sh", "-c", "kill -TERM $$"]), Some(143));
    // `--` is optional before a COMMAND that does not start with `-`.
    assert_eq!(run_status(&["sh", "-c", "exit 4"]), Some(4));
    // A COMMAND that cannot run: 127 (not found), as in a shell.
    assert_eq!(run_status(&["--", "/nonexistent/command"]), Some(127));
    // No COMMAND, or a serve-only option: usage error.
    assert_eq!(run_status(&[]), Some(2));
    assert_eq!(run_status(&["--exit-on-stdin-eof", "--", "true"]), Some(2));
}

#[test]
fn run_gives_the_command_the_stand_in_and_stops_it_afterwards() {
    // COMMAND prints what it was given, asks the stand-in itself (bash's
    // /dev/tcp), then waits for its stdin to close.
    let script = r#"echo "$DSAUTH_MOCK_HTTP $DSAUTH_MOCK_HTTPS $DSAUTH_BASE_URL $DSAUTH_CA_FILE"
exec 3<>"/dev/tcp/127.0.0.1/${DSAUTH_MOCK_HTTP##*:}"
printf 'GET /__mock/counters HTTP/1.0\r\n\r\n' >&3
head -n 1 <&3
cat >/dev/null"#;
    let public = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/jwt_public.pem");
    let (mut child, mut out) =
        spawn_run(&["--register-jwt-key", public, "--", "bash", "-c", script]);
    let line = next_line(&mut out);
    let vars: Vec<&str> = line.split(' ').collect();
    let [http, https, base_url, ca_file] = vars[..] else {
        panic!("{line:?}")
    };
    assert!(http.starts_with("http://127.0.0.1:"), "{http}");
    assert!(https.starts_with("https://127.0.0.1:"), "{https}");
    assert_eq!(base_url, https);
    let ca = std::fs::read_to_string(ca_file).unwrap();
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));

    // COMMAND reached the stand-in.
    assert_eq!(next_line(&mut out), "HTTP/1.1 200 OK");
    // So does this test, over HTTPS with the CA; the options apply
    // (the fixture key, registered once more).
    let https_addr = url_addr(https);
    let mut c = Client::tls(https_addr, "127.0.0.1", tls_config(&ca));
    let shown = c.get("/__mock/config", &[]).json();
    let keys = &shown["integration_keys"][0]["rsa_public_keys"];
    assert_eq!(keys.as_array().unwrap().len(), 2, "{shown}");

    // COMMAND ends: the stand-in stops and its temporary CA file goes.
    drop(child.stdin.take());
    assert!(wait_exit(&mut child).success());
    assert!(refused(url_addr(http)));
    assert!(refused(https_addr));
    assert!(!std::path::Path::new(ca_file).exists());
}

#[test]
fn run_passes_sigterm_on_and_stops_both() {
    let (mut child, mut out) =
        spawn_run(&["--", "sh", "-c", "echo $$ $DSAUTH_MOCK_HTTP; exec sleep 60"]);
    let line = next_line(&mut out);
    let (pid, http) = line.split_once(' ').unwrap();
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(wait_exit(&mut child).code(), Some(128 + libc::SIGTERM));
    assert!(ended(pid), "COMMAND {pid} outlived the launcher");
    assert!(refused(url_addr(http)));
}

#[cfg(target_os = "linux")]
#[test]
fn run_command_dies_with_the_launcher() {
    let (mut child, mut out) = spawn_run(&["--", "sh", "-c", "echo $$; exec sleep 60"]);
    let pid = next_line(&mut out);
    child.kill().unwrap(); // SIGKILL: nothing of the launcher runs
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ended(&pid) {
        assert!(
            Instant::now() < deadline,
            "COMMAND {pid} outlived the launcher"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

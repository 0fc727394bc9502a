//! SharedState on its three backends, with a real `redis-server` and real
//! child processes (this test binary run again, see `child_process`).

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::redis_server::RedisServer;
use common::temp_dir::TempDir;
use dsauth::client::RateLimit;
use dsauth::shared_state::{
    FileOptions, RateReserve, RateWindow, RedisOptions, SealKey, SlotRefused, StateKey,
};
use dsauth::{ErrorKind, Secret, SharedState};

const TOKEN: &str = "eyJ0eXAiOiJNVCJ9.the-bearer-secret-under-test";
const RENEW: Duration = Duration::from_secs(600);
const LOCK_TTL: Duration = Duration::from_secs(5);

fn seal_key(byte: u8) -> SealKey {
    SealKey::new(&[byte; 32]).unwrap()
}

fn redis_state_with(url: &str, byte: u8) -> SharedState {
    let options = RedisOptions {
        namespace: "test".to_owned(),
        seal_key: Some(seal_key(byte)),
        ..RedisOptions::default()
    };
    SharedState::redis(url, options).unwrap()
}

fn redis_state(url: &str) -> SharedState {
    redis_state_with(url, 7)
}

fn file_state_with(dir: &Path, byte: u8) -> SharedState {
    let options = FileOptions {
        seal_key: Some(seal_key(byte)),
        ..FileOptions::default()
    };
    SharedState::file(dir, options).unwrap()
}

fn file_state(dir: &Path) -> SharedState {
    file_state_with(dir, 7)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn token_key() -> StateKey {
    StateKey::new(&[
        "account-d.docusign.com",
        "integration-key-1",
        "user-42",
        "signature impersonation",
    ])
}

fn fetched(token: &str) -> dsauth::error::Result<(Secret, u64)> {
    Ok((Secret::from(token), now() + 3600))
}

/// `threads` threads (each with its own state from `make`) ask for the
/// same token at once; returns how many fetched.
fn fetches_across_threads(make: impl Fn() -> SharedState, threads: usize) -> u32 {
    let fetches = Arc::new(AtomicU32::new(0));
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (state, fetches, barrier) = (make(), fetches.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let (token, _) = state
                    .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(200));
                        fetched(TOKEN)
                    })
                    .unwrap();
                assert_eq!(token.expose(), TOKEN);
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    fetches.load(Ordering::SeqCst)
}

#[test]
fn single_flight_across_threads_on_every_backend() {
    let memory = SharedState::memory();
    assert_eq!(fetches_across_threads(|| memory.clone(), 16), 1);

    let dir = TempDir::new("state");
    assert_eq!(fetches_across_threads(|| file_state(&dir.0), 16), 1);

    let Some(server) = RedisServer::start() else {
        return;
    };
    assert_eq!(fetches_across_threads(|| redis_state(&server.url()), 16), 1);
}

#[test]
fn userinfo_is_fetched_once() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let key = StateKey::new(&["account-d.docusign.com", "integration-key-1", "user-42"]);
    let fetches = AtomicU32::new(0);
    let json = r#"{"sub":"user-42","email":"alice@example.com"}"#;
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let state = redis_state(&server.url());
                let answer = state
                    .userinfo_or_fetch(&key, Duration::from_secs(3600), LOCK_TTL, || {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(100));
                        Ok(json.to_owned())
                    })
                    .unwrap();
                assert_eq!(answer, json);
            });
        }
    });
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    let stored = server.dump();
    assert!(!stored
        .iter()
        .any(|(_, v, _)| contains(v, b"alice@example.com")));
}

// ---------------------------------------------------------------- children

const CHILD: &str = "DSAUTH_STATE_CHILD";

/// Runs this test binary again as a child playing `role` on `backend`
/// (`redis=<url>` or `file=<dir>`).
fn child(role: &str, backend: &str, scratch: &Path) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, role)
        .env("DSAUTH_STATE_BACKEND", backend)
        .env("DSAUTH_STATE_SCRATCH", scratch)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// Not a test of its own: the body of the child processes.
#[test]
fn child_process() {
    let Ok(role) = std::env::var(CHILD) else {
        return;
    };
    let backend = std::env::var("DSAUTH_STATE_BACKEND").unwrap();
    let scratch = PathBuf::from(std::env::var_os("DSAUTH_STATE_SCRATCH").unwrap());
    let state = match backend.split_once('=').unwrap() {
        ("redis", url) => redis_state(url),
        (_, dir) => file_state(Path::new(dir)),
    };
    match role.as_str() {
        "fetch" => {
            let (token, _) = state
                .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || {
                    let mut log = std::fs::OpenOptions::new()
                        .append(true)
                        .create(true)
                        .open(scratch.join("fetches"))
                        .unwrap();
                    writeln!(log, "{}", std::process::id()).unwrap();
                    std::thread::sleep(Duration::from_millis(300));
                    fetched(&format!("token-of-{}", std::process::id()))
                })
                .unwrap();
            println!("TOKEN={}", token.expose());
        }
        "hold" => {
            let _ = state.token_or_fetch(&token_key(), RENEW, Duration::from_secs(1), || {
                std::fs::write(scratch.join("holding"), b"").unwrap();
                std::thread::sleep(Duration::from_secs(60));
                fetched("never")
            });
        }
        "poll" => {
            let verdict = state.check_poll(&StateKey::new(&["envelope", "e-1"]), POLL_WINDOW);
            std::process::exit(if verdict.is_ok() { 0 } else { 3 });
        }
        other => panic!("unknown child role {other}"),
    }
}

const POLL_WINDOW: Duration = Duration::from_secs(900);

fn single_flight_across_processes(backend: &str) {
    let scratch = TempDir::new("state");
    std::fs::create_dir_all(&scratch.0).unwrap();
    let children: Vec<_> = (0..6)
        .map(|_| child("fetch", backend, &scratch.0).spawn().unwrap())
        .collect();
    let tokens: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success());
            let out = String::from_utf8(out.stdout).unwrap();
            // libtest prints "test child_process ... " before the line.
            let (_, token) = out.split_once("TOKEN=").unwrap();
            token.lines().next().unwrap().to_owned()
        })
        .collect();
    let fetches = std::fs::read_to_string(scratch.0.join("fetches")).unwrap();
    assert_eq!(fetches.lines().count(), 1, "fetches: {fetches}");
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
}

#[test]
fn single_flight_across_processes_file() {
    let dir = TempDir::new("state");
    single_flight_across_processes(&format!("file={}", dir.0.display()));
}

#[test]
fn single_flight_across_processes_redis() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    single_flight_across_processes(&format!("redis={}", server.url()));
}

/// A child takes the token lock and is killed; this process gets a token
/// once the lock is free (Redis: after its 1 s expiry; file: at once,
/// the kernel drops the dead holder's flock).
fn crashed_holder(backend: &str, state: SharedState) -> Duration {
    let scratch = TempDir::new("state");
    std::fs::create_dir_all(&scratch.0).unwrap();
    let mut holder = child("hold", backend, &scratch.0).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !scratch.0.join("holding").exists() {
        assert!(Instant::now() < deadline, "the child never took the lock");
        std::thread::sleep(Duration::from_millis(10));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();
    let start = Instant::now();
    let (token, _) = state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    assert_eq!(token.expose(), TOKEN);
    start.elapsed()
}

#[test]
fn crashed_lock_holder_redis() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let waited = crashed_holder(
        &format!("redis={}", server.url()),
        redis_state(&server.url()),
    );
    assert!(waited < Duration::from_millis(2500), "waited {waited:?}");
}

#[test]
fn crashed_lock_holder_file() {
    let dir = TempDir::new("state");
    let waited = crashed_holder(&format!("file={}", dir.0.display()), file_state(&dir.0));
    assert!(waited < Duration::from_millis(500), "waited {waited:?}");
}

fn polling_guard_across_processes(backend: &str, state: SharedState) {
    let scratch = TempDir::new("state");
    let poll = |expected: i32| {
        let status = child("poll", backend, &scratch.0).status().unwrap();
        assert_eq!(status.code(), Some(expected));
    };
    poll(0);
    poll(3);
    let key = StateKey::new(&["envelope", "e-1"]);
    let wait = state.check_poll(&key, POLL_WINDOW).unwrap_err();
    assert!(
        wait > Duration::from_secs(890) && wait <= POLL_WINDOW,
        "{wait:?}"
    );
    state.forget_poll(&key);
    poll(0);
}

#[test]
fn polling_guard_across_processes_redis() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let backend = format!("redis={}", server.url());
    polling_guard_across_processes(&backend, redis_state(&server.url()));
}

#[test]
fn polling_guard_across_processes_file() {
    let dir = TempDir::new("state");
    let backend = format!("file={}", dir.0.display());
    polling_guard_across_processes(&backend, file_state(&dir.0));
}

// ---------------------------------------------------------------- sealing

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn redis_holds_no_token_and_namespaced_keys_with_ttls() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let state = redis_state(&server.url());
    state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    let account = StateKey::new(&["https://demo.docusign.net/restapi", "account-1"]);
    state.take_slot(&account, now()).unwrap();
    state
        .check_poll(&StateKey::new(&["envelope", "x"]), POLL_WINDOW)
        .unwrap();
    let stored = server.dump();
    assert_eq!(
        stored.len(),
        3,
        "{:?}",
        stored.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (key, value, ttl) in &stored {
        assert!(key.starts_with("dsauth:test:"), "{key}");
        assert!(
            !key.contains("user-42") && !key.contains("account-1"),
            "{key}"
        );
        assert!(*ttl > 0, "{key} has no TTL");
        assert!(!contains(value, TOKEN.as_bytes()), "{key} holds the token");
        assert!(
            !contains(value, b"bearer-secret"),
            "{key} holds part of the token"
        );
    }
}

#[test]
fn file_holds_no_token_and_is_private() {
    let dir = TempDir::new("state");
    let state = file_state(&dir.0);
    state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    state
        .take_slot(&StateKey::new(&["account"]), now())
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.0), 0o700);
    let mut files = 0;
    for entry in std::fs::read_dir(&dir.0).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{path:?}");
        assert!(!path.to_string_lossy().contains("user-42"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !contains(&bytes, b"bearer-secret"),
            "{path:?} holds the token"
        );
        files += 1;
    }
    assert!(files >= 2);
}

fn wrong_key_means_no_token(right: SharedState, wrong: SharedState) {
    right
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    assert!(right.get_token(&token_key()).is_some());
    assert!(wrong.get_token(&token_key()).is_none());
    let (token, _) = wrong
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched("a-new-token"))
        .unwrap();
    assert_eq!(token.expose(), "a-new-token");
}

#[test]
fn wrong_seal_key_reads_as_no_token() {
    let dir = TempDir::new("state");
    wrong_key_means_no_token(file_state_with(&dir.0, 7), file_state_with(&dir.0, 8));
    let Some(server) = RedisServer::start() else {
        return;
    };
    let url = server.url();
    wrong_key_means_no_token(redis_state_with(&url, 7), redis_state_with(&url, 8));
}

#[test]
fn a_seal_key_is_required_unless_plaintext_is_allowed() {
    let dir = TempDir::new("state");
    let err = SharedState::file(&dir.0, FileOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("allow_plaintext_tokens"), "{err}");
    let err = SharedState::redis("redis://127.0.0.1:1", RedisOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);

    let plain = FileOptions {
        allow_plaintext_tokens: true,
        ..FileOptions::default()
    };
    let state = SharedState::file(&dir.0, plain).unwrap();
    state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    assert_eq!(state.get_token(&token_key()).unwrap().0.expose(), TOKEN);
}

#[test]
fn forget_token_drops_only_the_refused_token() {
    let state = SharedState::memory();
    state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    state.forget_token(&token_key(), "another-token");
    assert!(state.get_token(&token_key()).is_some());
    state.forget_token(&token_key(), TOKEN);
    assert!(state.get_token(&token_key()).is_none());
}

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let url = "redis://user:hunter2@127.0.0.1:1/0";
    let state = redis_state(url);
    let shown = format!("{state:?}");
    assert!(
        !shown.contains("hunter2") && shown.contains("127.0.0.1"),
        "{shown}"
    );
    assert!(!format!("{:?}", file_state(&TempDir::new("state").0)).contains("[7"));
    // rediss:// (rustls) is accepted; nothing connects until first use.
    let tls = redis_state("rediss://user:hunter2@redis.example.invalid:6380/0");
    assert!(!format!("{tls:?}").contains("hunter2"));
    for bad in [
        "redis://user:hunter2@127.0.0.1:notaport",
        "http://user:hunter2@127.0.0.1:6379",
    ] {
        let options = RedisOptions {
            seal_key: Some(seal_key(7)),
            ..RedisOptions::default()
        };
        let err = SharedState::redis(bad, options).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
    }
}

// ----------------------------------------------------------------- budget

fn hourly(limit: u64, remaining: u64, reset_at: u64) -> RateLimit {
    RateLimit {
        limit: Some(limit),
        remaining: Some(remaining),
        reset_at: Some(reset_at),
        ..RateLimit::default()
    }
}

/// Limit 500, reserve 0: the first call (nothing learned yet) is
/// answered with 499 left; then 1,000 more takes, split over `states`
/// (processes or hosts): 500 slots in all.
fn exactly_the_limit(states: &[SharedState]) {
    let account = StateKey::new(&["account", &format!("{:?}", Instant::now())]);
    let t = now();
    states[0].take_slot(&account, t).unwrap();
    states[0].learn(
        &account,
        &hourly(500, 499, t + 3600),
        RateReserve::default(),
    );
    let per_state = 1000 / states.len();
    let ok: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = states
            .iter()
            .map(|state| {
                let account = &account;
                scope.spawn(move || {
                    (0..per_state)
                        .filter(|_| state.take_slot(account, t).is_ok())
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(1 + ok, 500);
    let refused = states[1 % states.len()].take_slot(&account, t).unwrap_err();
    assert_eq!(refused.window, RateWindow::Hourly);
    assert_eq!(refused.reset_at, t + 3600);
}

#[test]
fn hourly_budget_gives_exactly_the_limit() {
    exactly_the_limit(&[SharedState::memory()]);
    let dir = TempDir::new("state");
    exactly_the_limit(&[file_state(&dir.0), file_state(&dir.0)]);
    let Some(server) = RedisServer::start() else {
        return;
    };
    let url = server.url();
    exactly_the_limit(&[
        redis_state(&url),
        redis_state(&url),
        redis_state(&url),
        redis_state(&url),
    ]);
}

/// A state that stops taking slots hands its last answers over when it is
/// dropped: the shared budget no longer counts them in flight.
fn answers_are_handed_over_on_drop(make: impl Fn() -> SharedState) {
    let account = StateKey::new(&["dropped", &format!("{:?}", Instant::now())]);
    let t = now();
    let first = make();
    first.take_slot(&account, t).unwrap();
    first.learn(&account, &hourly(3, 2, t + 3600), RateReserve::default());
    // DocuSign: 2 left; this slot in flight.
    first.take_slot(&account, t).unwrap();
    first.learn(&account, &RateLimit::default(), RateReserve::default());
    drop(first);
    let other = make();
    // Counted in flight still, only one of the two would be free.
    let free = (0..3)
        .filter(|_| other.take_slot(&account, t).is_ok())
        .count();
    assert_eq!(free, 2);
}

#[test]
fn answers_are_handed_over_when_the_state_is_dropped() {
    let dir = TempDir::new("state");
    answers_are_handed_over_on_drop(|| file_state(&dir.0));
    let Some(server) = RedisServer::start() else {
        return;
    };
    answers_are_handed_over_on_drop(|| redis_state(&server.url()));
}

/// One scenario, step by step, with the clock given: learned windows,
/// reserve, answers freeing slots, burst and hourly roll-over.
fn budget_scenario(state: &SharedState) -> Vec<Result<(), SlotRefused>> {
    let account = StateKey::new(&["scenario", &format!("{:?}", Instant::now())]);
    let mut results = Vec::new();
    let take = |t: u64, results: &mut Vec<_>| results.push(state.take_slot(&account, t));
    // Nothing learned: free.
    take(1000, &mut results);
    let seen = RateLimit {
        burst_limit: Some(4),
        burst_remaining: Some(3),
        ..hourly(100, 50, 4600)
    };
    state.learn(
        &account,
        &seen,
        RateReserve {
            hourly: 0,
            burst: 1,
        },
    );
    // Burst: 3 remaining, reserve 1: two slots, then refused until 1031
    // (30 s and one for whole-second clocks).
    for t in [1000, 1001, 1002, 1030] {
        take(t, &mut results);
    }
    // The burst window ends: 4 again, less the reserve and two in flight.
    for t in [1031, 1032] {
        take(t, &mut results);
    }
    for _ in 0..3 {
        state.learn(
            &account,
            &RateLimit::default(),
            RateReserve {
                hourly: 0,
                burst: 1,
            },
        );
    }
    for t in [1033, 1034, 1035, 1036] {
        take(t, &mut results);
    }
    // DocuSign says 2 left this hour: both taken above are in flight.
    state.learn(&account, &hourly(100, 2, 4600), RateReserve::default());
    take(1040, &mut results);
    // The hour ends at 4600: all 100 again.
    take(4600, &mut results);
    results
}

#[test]
fn budget_arithmetic_is_the_same_on_every_backend() {
    let burst = |reset_at| {
        Err(SlotRefused {
            window: RateWindow::Burst,
            reset_at,
        })
    };
    let expected = vec![
        Ok(()),
        Ok(()),
        Ok(()),
        burst(1031),
        burst(1031),
        Ok(()),
        Ok(()),
        Ok(()),
        Ok(()),
        Ok(()),
        burst(1067),
        Err(SlotRefused {
            window: RateWindow::Hourly,
            reset_at: 4600,
        }),
        Ok(()),
    ];
    assert_eq!(budget_scenario(&SharedState::memory()), expected, "memory");
    let dir = TempDir::new("state");
    assert_eq!(budget_scenario(&file_state(&dir.0)), expected, "file");
    let Some(server) = RedisServer::start() else {
        return;
    };
    assert_eq!(
        budget_scenario(&redis_state(&server.url())),
        expected,
        "redis"
    );
}

// ------------------------------------------------------------ Redis lost

#[test]
fn redis_lost_falls_back_and_comes_back() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let url = server.url();
    let state = redis_state(&url);
    let account = StateKey::new(&["account-lost"]);
    state.take_slot(&account, now()).unwrap();
    server.kill();

    let start = Instant::now();
    for i in 0..50 {
        state.take_slot(&account, now()).unwrap();
        let envelope = StateKey::new(&["envelope", &i.to_string()]);
        state.check_poll(&envelope, POLL_WINDOW).unwrap();
        assert!(state.check_poll(&envelope, POLL_WINDOW).is_err());
    }
    let (token, _) = state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched("while-down"))
        .unwrap();
    assert_eq!(token.expose(), "while-down");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );

    server.restart();
    std::thread::sleep(Duration::from_millis(1100));
    // Redis came back empty: the token is fetched once more, into Redis,
    // where another state (another host) finds it.
    let (token, _) = state
        .token_or_fetch(&token_key(), RENEW, LOCK_TTL, || fetched(TOKEN))
        .unwrap();
    assert_eq!(token.expose(), TOKEN);
    assert_eq!(
        redis_state(&url)
            .get_token(&token_key())
            .unwrap()
            .0
            .expose(),
        TOKEN
    );
}

#[test]
fn a_paused_redis_costs_one_timeout() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let pooled = redis_state(&server.url());
    let account = StateKey::new(&["account-paused"]);
    pooled.take_slot(&account, now()).unwrap();
    server.pause(true);
    let fresh = redis_state(&server.url());
    for state in [&pooled, &fresh] {
        let start = Instant::now();
        state.take_slot(&account, now()).unwrap();
        let first = start.elapsed();
        // The first operation waits for the timeout (connect and read
        // each bounded by 200 ms); those after it within the pause do not.
        assert!(first < Duration::from_millis(700), "{first:?}");
        let start = Instant::now();
        assert!(state.get_token(&token_key()).is_none());
        assert!(start.elapsed() < Duration::from_millis(50));
    }
    server.pause(false);
}

/// A Redis connection pooled before `fork` is not used by the child: were
/// it shared, the two processes would read each other's replies.
#[test]
fn fork_child_does_not_share_the_parents_redis_connection() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let state = redis_state(&server.url());
    let keys = [StateKey::new(&["parent"]), StateKey::new(&["child"])];
    for (key, json) in keys.iter().zip(["\"parent\"", "\"child\""]) {
        let stored = state.userinfo_or_fetch(key, Duration::from_secs(60), LOCK_TTL, || {
            Ok(json.to_owned())
        });
        assert_eq!(stored.unwrap(), json);
    }
    let reads = |key: &StateKey, json: &str| {
        (0..500).all(|_| state.get_userinfo(key).as_deref() == Some(json))
    };
    // SAFETY: the child only runs this closure's Rust code and `_exit`s.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let ok = reads(&keys[1], "\"child\"");
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    assert!(pid > 0);
    let parent_ok = reads(&keys[0], "\"parent\"");
    let mut status = 0;
    // SAFETY: waiting for the child forked above.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(parent_ok, "the parent read a reply meant for the child");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the child read a reply meant for the parent"
    );
}

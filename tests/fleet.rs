//! Clients sharing a `SharedState`: fleets of processes (this test binary
//! run again as children, see `fleet_child`) with JWT credentials against
//! the stand-in, sharing a real `redis-server` (or a directory).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::redis_server::RedisServer;
use common::temp_dir::TempDir;
use dsauth::shared_state::{FileOptions, RedisOptions, SealKey};
use dsauth::{Client, ClientOptions, Credentials, Environment, Error, ErrorKind, SharedState};
use dsauth_mock::{fixture, Config, Fault, Limits, MockServer};

const PROCESSES: usize = 8;
const THREADS: usize = 4;

fn mock() -> MockServer {
    MockServer::start(Config::default()).expect("start the stand-in")
}

fn alice_jwt() -> Credentials {
    Credentials::jwt(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_USER_ID,
        fixture::JWT_PRIVATE_KEY_PKCS1_PEM.as_bytes(),
    )
    .unwrap()
}

fn redis_state(url: &str, key_byte: u8) -> SharedState {
    let options = RedisOptions {
        namespace: "fleet".to_owned(),
        seal_key: Some(SealKey::new(&[key_byte; 32]).unwrap()),
        // Generous: these tests count the budget exactly, and a timeout on
        // a loaded 2-core machine would fall back to per-process state.
        timeout: Duration::from_secs(2),
        ..RedisOptions::default()
    };
    SharedState::redis(url, options).unwrap()
}

fn file_state(dir: &Path) -> SharedState {
    let options = FileOptions {
        seal_key: Some(SealKey::new(&[7; 32]).unwrap()),
        ..FileOptions::default()
    };
    SharedState::file(dir, options).unwrap()
}

/// A JWT client for Alice on the stand-in's plain-http listener.
fn jwt_client(mock_url: &str, state: SharedState, max_wait: Option<Duration>) -> Client {
    jwt_client_with(mock_url, state, |options| {
        options.rate_limit_max_wait = max_wait
    })
}

fn jwt_client_with(
    mock_url: &str,
    state: SharedState,
    set: impl FnOnce(&mut ClientOptions),
) -> Client {
    let mut options = ClientOptions::default().shared_state(state);
    options.proxy = dsauth::client::Proxy::None;
    set(&mut options);
    let environment = Environment::custom(mock_url).unwrap();
    Client::new(environment, alice_jwt(), options).unwrap()
}

/// The HTTP timeout of the client killed while it holds the token lock: its
/// lock lasts this and 5 s more.
const HOLDER_TIMEOUT: Duration = Duration::from_secs(2);

/// What the calls of a fleet came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    ok: u64,
    /// Rate-limit errors of the local budget (nothing sent).
    local: u64,
    /// Anything else, among them DocuSign's own rate-limit answers.
    other: u64,
}

impl Tally {
    fn add(&mut self, result: &dsauth::error::Result<dsauth::Response>) {
        match result {
            Ok(_) => self.ok += 1,
            Err(Error::Api(api)) if api.kind == ErrorKind::RateLimited && api.status == 0 => {
                self.local += 1
            }
            Err(err) => {
                eprintln!("call failed: {err}");
                self.other += 1
            }
        }
    }

    fn sum(tallies: impl IntoIterator<Item = Tally>) -> Tally {
        tallies.into_iter().fold(Tally::default(), |a, b| Tally {
            ok: a.ok + b.ok,
            local: a.local + b.local,
            other: a.other + b.other,
        })
    }
}

/// `calls` GETs of the account from each of `threads` threads.
fn run_threads(client: &Client, threads: usize, calls: impl Fn(usize) -> usize) -> Tally {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let calls = calls(t);
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    for _ in 0..calls {
                        tally.add(&client.get(""));
                    }
                    tally
                })
            })
            .collect();
        Tally::sum(handles.into_iter().map(|h| h.join().unwrap()))
    })
}

// ---------------------------------------------------------------- children

const CHILD: &str = "DSAUTH_FLEET_CHILD";

/// Runs this test binary again as a child playing `role` against the
/// stand-in at `mock_url` with the state `backend` (`redis=<url>`,
/// `file=<dir>`); `vars` go into its environment.
fn child(role: &str, mock_url: &str, backend: &str, vars: &[(&str, String)]) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "fleet_child", "--nocapture", "--test-threads=1"])
        .env(CHILD, role)
        .env("DSAUTH_FLEET_MOCK", mock_url)
        .env("DSAUTH_FLEET_STATE", backend)
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
}

/// The `name=value` a child printed on its stdout.
fn output(child: Child, name: &str) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "a child failed");
    let out = String::from_utf8(out.stdout).unwrap();
    // libtest prints "test fleet_child ... " before the line.
    let (_, value) = out
        .split_once(&format!("{name}="))
        .unwrap_or_else(|| panic!("no {name}= in {out:?}"));
    value.split_whitespace().next().unwrap().to_owned()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// Not a test of its own: the body of the child processes.
#[test]
fn fleet_child() {
    let Ok(role) = std::env::var(CHILD) else {
        return;
    };
    let mock_url = env("DSAUTH_FLEET_MOCK");
    let backend = env("DSAUTH_FLEET_STATE");
    let state = match backend.split_once('=').unwrap() {
        ("redis", url) => redis_state(url, 7),
        (_, dir) => file_state(Path::new(dir)),
    };
    match role.as_str() {
        // Threads of GETs; prints the tally.
        "calls" => {
            let max_wait = std::env::var("DSAUTH_FLEET_MAX_WAIT")
                .ok()
                .map(|s| Duration::from_secs(s.parse().unwrap()));
            let client = jwt_client(&mock_url, state, max_wait);
            let index: usize = env("DSAUTH_FLEET_INDEX").parse().unwrap();
            let total: usize = env("DSAUTH_FLEET_TOTAL").parse().unwrap();
            let tally = run_threads(&client, THREADS, |t| {
                share(total, index * THREADS + t, PROCESSES * THREADS)
            });
            println!("FLEET= {} {} {}", tally.ok, tally.local, tally.other);
        }
        // One status GET of the fixture envelope; prints how it went.
        "poll" => {
            let client = jwt_client(&mock_url, state, None);
            let verdict = match client.get(&format!("/envelopes/{}", fixture::ENVELOPE_ID)) {
                Ok(_) => "sent".to_owned(),
                Err(err) => format!("{:?}", err.kind()),
            };
            println!("POLL={verdict}");
        }
        // Asks for a token (the stand-in delays the answer) and is killed
        // while it holds the lock.
        "hold" => {
            let client = jwt_client_with(&mock_url, state, |o| o.timeout = HOLDER_TIMEOUT);
            let _ = client.token();
        }
        other => panic!("unknown child role {other}"),
    }
}

/// The calls of caller `i` of `n` when they make `total` between them.
fn share(total: usize, i: usize, n: usize) -> usize {
    total / n + usize::from(i < total % n)
}

/// Runs the fleet: `PROCESSES` children × `THREADS` threads making `total`
/// calls between them.
fn fleet(mock: &MockServer, backend: &str, total: usize, max_wait: Option<u64>) -> Tally {
    let children: Vec<Child> = (0..PROCESSES)
        .map(|i| {
            let mut vars = vec![
                ("DSAUTH_FLEET_INDEX", i.to_string()),
                ("DSAUTH_FLEET_TOTAL", total.to_string()),
            ];
            if let Some(wait) = max_wait {
                vars.push(("DSAUTH_FLEET_MAX_WAIT", wait.to_string()));
            }
            child("calls", &mock.http_url(), backend, &vars)
                .spawn()
                .unwrap()
        })
        .collect();
    Tally::sum(children.into_iter().map(|c| {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "a child failed");
        let out = String::from_utf8(out.stdout).unwrap();
        let (_, line) = out.split_once("FLEET=").unwrap();
        let n: Vec<u64> = line
            .split_whitespace()
            .take(3)
            .map(|n| n.parse().unwrap())
            .collect();
        Tally {
            ok: n[0],
            local: n[1],
            other: n[2],
        }
    }))
}

// ------------------------------------------------------------------ fleets

#[test]
fn a_fleet_requests_one_token_and_one_userinfo() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    let started = Instant::now();
    let total = PROCESSES * THREADS * 100;
    let tally = fleet(&mock, &format!("redis={}", redis.url()), total, None);
    eprintln!("{total} calls in {:?}", started.elapsed());
    assert_eq!(
        tally,
        Tally {
            ok: total as u64,
            ..Tally::default()
        }
    );
    let counters = mock.counters();
    assert_eq!(counters.token_requests, 1);
    assert_eq!(counters.userinfo_requests, 1);
    assert_eq!(counters.rest_requests, total as u64);
}

/// A fleet asking for 1,000 calls of a budget of 500 (hourly or burst):
/// exactly 500 are sent and succeed, 500 are refused locally.
fn half_the_calls_fit(limits: Limits) {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    mock.set_limits(limits);
    let tally = fleet(&mock, &format!("redis={}", redis.url()), 1000, None);
    assert_eq!(
        tally,
        Tally {
            ok: 500,
            local: 500,
            other: 0
        },
        "DocuSign refused none, the budget the other half"
    );
    assert_eq!(mock.counters().rest_requests, 500);
}

#[test]
fn the_fleet_spends_exactly_the_hourly_budget() {
    half_the_calls_fit(Limits {
        hourly: 500,
        ..Limits::default()
    });
}

#[test]
fn the_fleet_spends_exactly_the_burst_budget() {
    half_the_calls_fit(Limits {
        burst: 500,
        ..Limits::default()
    });
}

/// With the burst window's reset within the maximum wait every call of the
/// fleet succeeds: the second half waits for the next window.
#[test]
fn the_fleet_waits_for_the_next_burst_window() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    mock.set_limits(Limits {
        burst: 500,
        ..Limits::default()
    });
    let started = Instant::now();
    let tally = fleet(&mock, &format!("redis={}", redis.url()), 1000, Some(45));
    assert_eq!(
        tally,
        Tally {
            ok: 1000,
            ..Tally::default()
        }
    );
    assert_eq!(mock.counters().rest_requests, 1000, "DocuSign refused none");
    assert!(started.elapsed() >= Duration::from_secs(20), "it waited");
}

/// With the hourly window's reset within the maximum wait every call
/// succeeds. The stand-in's clock is moved to 20 s before its hourly reset,
/// an hour ahead of the client's clock: the client waits on DocuSign's clock
/// (its `Date` header), not its own. (One process: a process that has not
/// had an answer yet cannot know DocuSign's clock.)
#[test]
fn a_client_waits_for_the_next_hour_on_docusigns_clock() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    mock.set_limits(Limits {
        hourly: 500,
        ..Limits::default()
    });
    // Tokens outlive the jump of the stand-in's clock.
    mock.set_token_lifetime(Duration::from_secs(3 * 3600));
    let client = jwt_client(
        &mock.http_url(),
        redis_state(&redis.url(), 7),
        Some(Duration::from_secs(45)),
    );
    // The first call opens the account's hour on the stand-in's clock.
    client.get("").unwrap();
    mock.advance_clock(Duration::from_secs(3600 - 20));
    let started = Instant::now();
    let tally = run_threads(&client, THREADS * 2, |t| 125 - usize::from(t == 0));
    assert_eq!(
        tally,
        Tally {
            ok: 999,
            ..Tally::default()
        }
    );
    assert_eq!(mock.counters().rest_requests, 1000, "DocuSign refused none");
    assert!(started.elapsed() >= Duration::from_secs(10), "it waited");
}

#[test]
fn the_polling_guard_is_shared_by_processes() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    let backend = format!("redis={}", redis.url());
    let poll = || {
        output(
            child("poll", &mock.http_url(), &backend, &[])
                .spawn()
                .unwrap(),
            "POLL",
        )
    };
    assert_eq!(poll(), "sent");
    let sent = mock.counters().rest_requests;
    assert_eq!(poll(), "PollingTooSoon");
    assert_eq!(mock.counters().rest_requests, sent, "nothing was sent");
}

#[test]
fn a_crashed_token_request_blocks_others_only_until_its_lock_expires() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    mock.inject_fault(Fault::delay("/oauth/token", 30_000));
    let backend = format!("redis={}", redis.url());
    let mut holder = child("hold", &mock.http_url(), &backend, &[])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while mock.counters().token_requests == 0 {
        assert!(Instant::now() < deadline, "the holder never asked");
        std::thread::sleep(Duration::from_millis(10));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();

    let started = Instant::now();
    let client = jwt_client(&mock.http_url(), redis_state(&redis.url(), 7), None);
    client.get("").unwrap();
    // The holder's lock expires HOLDER_TIMEOUT + 5 s after it was taken.
    let waited = started.elapsed();
    assert!(
        waited < HOLDER_TIMEOUT + Duration::from_secs(8),
        "{waited:?}"
    );
    assert_eq!(mock.counters().token_requests, 2);
}

// ------------------------------------------------------------ Redis lost

#[test]
fn calls_go_on_when_redis_is_killed_and_share_again_when_it_is_back() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    let state = redis_state(&redis.url(), 7);
    let client = jwt_client(&mock.http_url(), state.clone(), None);
    let (tally, at_kill) = std::thread::scope(|scope| {
        let calls = scope.spawn(|| run_threads(&client, THREADS, |_| 300));
        while mock.counters().rest_requests < 200 {
            std::thread::sleep(Duration::from_millis(5));
        }
        redis.kill();
        let at_kill = mock.counters().rest_requests;
        (calls.join().unwrap(), at_kill)
    });
    assert!(at_kill < 1000, "Redis died mid-run ({at_kill} calls made)");
    assert_eq!(
        tally,
        Tally {
            ok: 1200,
            ..Tally::default()
        }
    );

    redis.restart();
    // The state tries Redis again a second after its last failure (with
    // room for a loaded machine).
    std::thread::sleep(Duration::from_millis(2500));
    let before = mock.counters();
    // A new client on the same state stores its token in Redis again, where
    // a client on another state finds it.
    jwt_client(&mock.http_url(), state, None).get("").unwrap();
    jwt_client(&mock.http_url(), redis_state(&redis.url(), 7), None)
        .get("")
        .unwrap();
    let after = mock.counters();
    assert_eq!(
        after.token_requests - before.token_requests,
        1,
        "shared again"
    );
    assert_eq!(after.userinfo_requests - before.userinfo_requests, 1);
}

// ---------------------------------------------------------------- sealing

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn redis_holds_no_token_and_a_wrong_key_costs_one_token_request() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = mock();
    let client = jwt_client(&mock.http_url(), redis_state(&redis.url(), 7), None);
    client.get("").unwrap();
    let token = client.token().unwrap().access_token;
    let stored = redis.dump();
    assert!(stored.iter().any(|(name, _, _)| name.contains(":tok:")));
    for (name, value, _) in &stored {
        assert!(
            !contains(value, token.expose().as_bytes()),
            "{name} holds the token"
        );
        assert!(
            !contains(value, fixture::ALICE_EMAIL.as_bytes()),
            "{name} holds userinfo"
        );
    }

    let before = mock.counters();
    let wrong = jwt_client(&mock.http_url(), redis_state(&redis.url(), 8), None);
    wrong.get("").unwrap();
    let after = mock.counters();
    assert_eq!(after.token_requests - before.token_requests, 1);
    assert_eq!(after.userinfo_requests - before.userinfo_requests, 1);
}

#[test]
fn the_file_backend_holds_no_token_and_is_shared_by_processes() {
    let dir = TempDir::new("fleet");
    let mock = mock();
    let backend = format!("file={}", dir.0.display());
    let tally = Tally::sum((0..3).map(|i| {
        let vars = [
            ("DSAUTH_FLEET_INDEX", i.to_string()),
            ("DSAUTH_FLEET_TOTAL", "320".to_owned()),
        ];
        let out = output(
            child("calls", &mock.http_url(), &backend, &vars)
                .spawn()
                .unwrap(),
            "FLEET",
        );
        Tally {
            ok: out.parse().unwrap(),
            ..Tally::default()
        }
    }));
    // Of 32 callers making 320 calls, these 3 × 4 make 120.
    assert_eq!(tally.ok, 120);
    assert_eq!(mock.counters().token_requests, 1);
    assert_eq!(mock.counters().userinfo_requests, 1);

    let token = jwt_client(&mock.http_url(), file_state(&dir.0), None)
        .token()
        .unwrap()
        .access_token;
    assert_eq!(mock.counters().token_requests, 1, "read from the directory");
    let mut files = 0;
    for entry in walk(&dir.0) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !contains(&bytes, token.expose().as_bytes()),
            "{entry:?} holds the token"
        );
        assert!(
            !contains(&bytes, fixture::ALICE_EMAIL.as_bytes()),
            "{entry:?} holds userinfo"
        );
        files += 1;
    }
    assert!(files > 0);
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

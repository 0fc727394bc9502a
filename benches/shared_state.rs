//! What a SharedState costs per call: `GET` of the account (JWT grant,
//! token kept in the client) against the stand-in over HTTP on loopback,
//! with the client's state in memory (the default), in a directory, and
//! in a real `redis-server` on loopback. Prints the median per-call time of
//! each, the microseconds each shared backend adds to memory, and the Redis
//! round trips per call (commands clients sent, seen with `MONITOR`), and
//! the polling guard's check in memory with 1,000 and with 100,000 marks
//! (a check must cost the same: O(1)).
//!
//! `cargo bench -p dsauth --bench shared_state` (needs `redis-server`).
//! Knobs: `BENCH_STATE_CALLS` calls per round [2000], `BENCH_ROUNDS`
//! alternating rounds [5]. Nothing asserts on a time.

#[path = "../tests/common/redis_server.rs"]
#[allow(dead_code)]
mod redis_server;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use dsauth::shared_state::{FileOptions, RedisOptions, SealKey, StateKey};
use dsauth::{Client, ClientOptions, Credentials, Environment, SharedState};
use dsauth_mock::{fixture, Config, Limits, MockServer};
use redis_server::RedisServer;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn client(mock: &MockServer, state: SharedState) -> Client {
    let mut options = ClientOptions::default().shared_state(state);
    options.proxy = dsauth::client::Proxy::None;
    let credentials = Credentials::jwt(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_USER_ID,
        fixture::JWT_PRIVATE_KEY_PKCS1_PEM.as_bytes(),
    )
    .unwrap();
    let environment = Environment::custom(&mock.http_url()).unwrap();
    Client::new(environment, credentials, options).unwrap()
}

/// Median of per-call times (µs) over `calls` calls.
fn round(client: &Client, calls: usize) -> Vec<f64> {
    (0..calls)
        .map(|_| {
            let started = Instant::now();
            client.get("").expect("GET of the account");
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Runs `calls` and counts the commands clients sent to Redis meanwhile
/// (round trips: a script's own commands are not counted), with `MONITOR`
/// on a connection of its own; untimed.
fn redis_round_trips(redis: &RedisServer, client: &Client, calls: usize) -> u64 {
    let mut monitor = TcpStream::connect(
        redis
            .url()
            .trim_start_matches("redis://")
            .trim_end_matches("/0"),
    )
    .expect("connect for MONITOR");
    monitor.write_all(b"MONITOR\r\n").unwrap();
    monitor
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut lines = BufReader::new(monitor);
    let mut ok = String::new();
    lines.read_line(&mut ok).unwrap();
    assert_eq!(ok.trim(), "+OK");
    round(client, calls);
    // Lines look like `+1700000000.1 [0 127.0.0.1:5555] "EVALSHA" ...`;
    // commands run by a script show `[0 lua]`.
    let mut sent = 0;
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line) {
            Ok(0) | Err(_) => return sent,
            Ok(_) if !line.contains(" lua] ") => sent += 1,
            Ok(_) => {}
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let calls = knob("BENCH_STATE_CALLS", 2000);
    let rounds = knob("BENCH_ROUNDS", 5);
    let Some(redis) = RedisServer::start() else {
        eprintln!("shared_state bench: redis-server is missing (make ensure-redis)");
        std::process::exit(1);
    };
    let mock = MockServer::start(Config::default()).expect("start the stand-in");
    mock.set_limits(Limits {
        hourly: u32::MAX,
        burst: u32::MAX,
        ..Limits::default()
    });
    let dir = std::env::temp_dir().join(format!("dsauth-bench-state-{}", std::process::id()));
    let key = || Some(SealKey::new(&[7; 32]).unwrap());
    let file = SharedState::file(
        &dir,
        FileOptions {
            seal_key: key(),
            ..FileOptions::default()
        },
    )
    .unwrap();
    let in_redis = SharedState::redis(
        &redis.url(),
        RedisOptions {
            seal_key: key(),
            ..RedisOptions::default()
        },
    )
    .unwrap();
    let clients = [
        ("memory", client(&mock, SharedState::memory())),
        ("file", client(&mock, file)),
        ("redis", client(&mock, in_redis)),
    ];
    // Token, userinfo, connection: once, before measuring.
    for (_, client) in &clients {
        round(client, 50);
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); clients.len()];
    let deadline = Instant::now() + Duration::from_secs(120);
    for _ in 0..rounds {
        for (i, (_, client)) in clients.iter().enumerate() {
            samples[i].extend(round(client, calls));
        }
        if Instant::now() > deadline {
            break;
        }
    }
    let medians: Vec<f64> = samples.into_iter().map(median).collect();
    let memory = medians[0];
    for ((name, _), m) in clients.iter().zip(&medians) {
        println!(
            "shared_state get {name}: median {m:.1} us/call, +{:.1} us vs memory",
            m - memory
        );
    }
    let sent = redis_round_trips(&redis, &clients[2].1, calls);
    println!(
        "shared_state redis round trips per call: {:.3} ({sent} commands / {calls} calls)",
        sent as f64 / calls as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
    for marks in [1_000, 100_000] {
        println!(
            "shared_state check_poll memory with {marks} marks: median {:.2} us/check",
            poll_check(marks)
        );
    }
}

/// The median time (µs) of a memory state's polling check of a new
/// envelope when `marks` envelopes are already marked.
fn poll_check(marks: usize) -> f64 {
    let state = SharedState::memory_with_max_poll_marks(marks + 10_000);
    let window = dsauth::client::POLLING_INTERVAL;
    let key = |i: usize| StateKey::new(&["poll", "bench", &i.to_string()]);
    for i in 0..marks {
        state.check_poll(&key(i), window).unwrap();
    }
    let samples = (marks..marks + 10_000)
        .map(|i| {
            let key = key(i);
            let started = Instant::now();
            state.check_poll(&key, window).unwrap();
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    median(samples)
}

//! A real `redis-server` for the tests: a free loopback port, its own
//! temporary directory, no persistence; killed when dropped. When
//! `redis-server` is not installed the tests that need it skip with a
//! message, unless `DSAUTH_REQUIRE_REDIS` is set (as `make test` does),
//! which makes them fail instead.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// A new server, or `None` (after saying why) when `redis-server` is
    /// missing and not required.
    pub fn start() -> Option<RedisServer> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            if std::env::var_os("DSAUTH_REQUIRE_REDIS").is_some() {
                panic!("redis-server is not installed and DSAUTH_REQUIRE_REDIS is set (make ensure-redis installs it)");
            }
            eprintln!("SKIPPED: redis-server is not installed (apt-get install redis-server, or make ensure-redis)");
            return None;
        }
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dsauth-redis-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create the Redis directory");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = spawn(port, &dir);
        let server = RedisServer { child, port, dir };
        server.wait_until_up();
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// A connection of the test's own, to look at what is stored.
    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .and_then(|c| c.get_connection_with_timeout(Duration::from_secs(2)))
            .expect("connect to the test Redis")
    }

    /// Every key with its value (strings as they are, hashes as their
    /// fields and values) and its TTL in milliseconds.
    pub fn dump(&self) -> Vec<(String, Vec<u8>, i64)> {
        let mut con = self.connection();
        let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut con).unwrap();
        keys.into_iter()
            .map(|key| {
                let kind: String = redis::cmd("TYPE").arg(&key).query(&mut con).unwrap();
                let value: Vec<u8> = if kind == "hash" {
                    let fields: Vec<Vec<u8>> =
                        redis::cmd("HGETALL").arg(&key).query(&mut con).unwrap();
                    fields.concat()
                } else {
                    redis::cmd("GET").arg(&key).query(&mut con).unwrap()
                };
                let ttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut con).unwrap();
                (key, value, ttl)
            })
            .collect()
    }

    /// SIGKILL: the server dies without a word, its data with it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A new server on the same port, after [`RedisServer::kill`].
    pub fn restart(&mut self) {
        self.child = spawn(self.port, &self.dir);
        self.wait_until_up();
    }

    /// SIGSTOP (`stop = true`) or SIGCONT: the server keeps its sockets but
    /// answers nothing.
    pub fn pause(&self, stop: bool) {
        let signal = if stop { libc::SIGSTOP } else { libc::SIGCONT };
        // SAFETY: signalling the child this value owns.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }

    fn wait_until_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let up = TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && redis::Client::open(self.url())
                    .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(500)))
                    .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c))
                    .is_ok();
            if up {
                return;
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn spawn(port: u16, dir: &std::path::Path) -> Child {
    Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args(["--appendonly", "no", "--dir"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start redis-server")
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.pause(false);
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

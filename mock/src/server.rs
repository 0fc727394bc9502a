//! Listeners, TLS, connection threads and the public [`MockServer`] handle.

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::config::{Config, Limits};
use crate::state::{Counters, Fault, RecordedRequest, State};

/// Everything the connection threads share.
pub(crate) struct Shared {
    pub config: Config,
    state: Mutex<State>,
    /// Parsed RSA public keys (PKCS#1 DER) per integration key (lower-case).
    pub rsa_keys: HashMap<String, Vec<Vec<u8>>>,
    pub shutdown_requested: AtomicBool,
    stopping: AtomicBool,
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn reset(&self) {
        let mut st = self.state();
        let connections = st.counters.connections;
        *st = State::new(&self.config);
        st.counters.connections = connections;
    }
}

/// A running stand-in. Dropping it stops the listeners and closes every
/// connection.
pub struct MockServer {
    shared: Arc<Shared>,
    http_addr: SocketAddr,
    https_addr: SocketAddr,
    ca_pem: String,
    ca_path: PathBuf,
    remove_ca_on_drop: bool,
    threads: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("http", &self.http_addr)
            .field("https", &self.https_addr)
            .field("ca_path", &self.ca_path)
            .finish()
    }
}

fn io_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

struct Tls {
    ca_pem: String,
    server_config: Arc<rustls::ServerConfig>,
}

fn make_tls() -> io::Result<Tls> {
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose,
        IsCa, Issuer, KeyPair, KeyUsagePurpose,
    };
    let ca_key = KeyPair::generate().map_err(io_err)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(io_err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "dsauth-mock test CA (do not trust)");
    dn.push(DnType::OrganizationName, "dsauth-mock");
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(io_err)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let leaf_key = KeyPair::generate().map_err(io_err)?;
    let mut leaf_params = CertificateParams::new(vec![
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        "::1".to_string(),
    ])
    .map_err(io_err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "localhost");
    leaf_params.distinguished_name = dn;
    leaf_params.is_ca = IsCa::ExplicitNoCa;
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).map_err(io_err)?;

    let chain = vec![leaf.der().clone(), ca_cert.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(
        leaf_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io_err)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(io_err)?;
    Ok(Tls {
        ca_pem: ca_cert.pem(),
        server_config: Arc::new(server_config),
    })
}

impl MockServer {
    /// Starts both listeners on 127.0.0.1 (ports from the config; 0 = any
    /// free port), generates a CA and a leaf certificate for 127.0.0.1,
    /// localhost and ::1, and writes the CA PEM to `config.ca_file` (or a
    /// fresh temporary file).
    pub fn start(config: Config) -> io::Result<MockServer> {
        let mut rsa_keys: HashMap<String, Vec<Vec<u8>>> = HashMap::new();
        for k in &config.integration_keys {
            let mut keys = vec![];
            for pem in &k.rsa_public_keys {
                let der = crate::util::rsa_public_key_der(pem).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("integration key {}: unreadable RSA public key PEM", k.key),
                    )
                })?;
                keys.push(der);
            }
            rsa_keys.insert(k.key.to_ascii_lowercase(), keys);
        }
        let tls = make_tls()?;
        let (ca_path, remove_ca_on_drop) = match &config.ca_file {
            Some(p) => (p.clone(), false),
            None => {
                let dir = std::env::temp_dir().join(format!(
                    "dsauth-mock-{}-{}",
                    std::process::id(),
                    &crate::util::uuid_v4()[..8]
                ));
                std::fs::create_dir_all(&dir)?;
                (dir.join("ca.pem"), true)
            }
        };
        std::fs::write(&ca_path, &tls.ca_pem)?;

        let http = TcpListener::bind(("127.0.0.1", config.http_port))?;
        let https = TcpListener::bind(("127.0.0.1", config.https_port))?;
        let http_addr = http.local_addr()?;
        let https_addr = https.local_addr()?;
        let state = State::new(&config);
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(state),
            rsa_keys,
            shutdown_requested: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
        });
        let mut threads = vec![];
        {
            let shared = shared.clone();
            threads.push(
                std::thread::Builder::new()
                    .name("dsauth-mock-http".into())
                    .spawn(move || accept_loop(http, shared, None))?,
            );
        }
        {
            let shared = shared.clone();
            let cfg = tls.server_config.clone();
            threads.push(
                std::thread::Builder::new()
                    .name("dsauth-mock-https".into())
                    .spawn(move || accept_loop(https, shared, Some(cfg)))?,
            );
        }
        Ok(MockServer {
            shared,
            http_addr,
            https_addr,
            ca_pem: tls.ca_pem,
            ca_path,
            remove_ca_on_drop,
            threads,
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn http_url(&self) -> String {
        format!("http://{}", self.http_addr)
    }

    /// `https://127.0.0.1:PORT`
    pub fn https_url(&self) -> String {
        format!("https://{}", self.https_addr)
    }

    /// The HTTP listener's address.
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The HTTPS listener's address.
    pub fn https_addr(&self) -> SocketAddr {
        self.https_addr
    }

    /// The CA certificate (PEM) that signed the HTTPS certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Where the CA certificate was written.
    pub fn ca_path(&self) -> &Path {
        &self.ca_path
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Back to the state right after start: clock offset, limits, token
    /// lifetime, consents, envelopes, faults, tokens, records and counters
    /// (except `connections`).
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Moves the mock clock forward.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.state().clock_offset += by;
    }

    /// The mock clock, in Unix seconds.
    pub fn now_unix(&self) -> u64 {
        self.shared.state().now_secs()
    }

    /// Replaces the rate limits (counts so far are kept).
    pub fn set_limits(&self, limits: Limits) {
        self.shared.state().limits = limits;
    }

    /// The rate limits in force.
    pub fn limits(&self) -> Limits {
        self.shared.state().limits
    }

    /// Adds a fault (after those already queued).
    pub fn inject_fault(&self, fault: Fault) {
        self.shared.state().faults.push(fault);
    }

    /// Removes all queued faults.
    pub fn clear_faults(&self) {
        self.shared.state().faults.clear();
    }

    /// Every request received so far (control API excluded), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().records.clone()
    }

    /// Request counters.
    pub fn counters(&self) -> Counters {
        self.shared.state().counters
    }

    /// Grants or withdraws a user's consent (JWT impersonation) to a key.
    pub fn set_consent(&self, integration_key: &str, user_id: &str, granted: bool) {
        let k = (
            integration_key.to_ascii_lowercase(),
            user_id.to_ascii_lowercase(),
        );
        let mut st = self.shared.state();
        if granted {
            st.consent.insert(k);
        } else {
            st.consent.remove(&k);
        }
    }

    /// Lifetime of access tokens issued from now on (`expires_in`).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.shared.state().token_lifetime = lifetime;
    }

    /// Revokes every access token and refresh token issued so far.
    pub fn revoke_tokens(&self) {
        let mut st = self.shared.state();
        st.tokens.clear();
        st.refresh_tokens.clear();
    }

    /// Issues an access token directly (as a JWT grant would), for tests
    /// that need a ready token.
    pub fn issue_token(&self, integration_key: &str, user_id: &str) -> String {
        self.shared.state().issue_token(integration_key, user_id).0
    }

    /// True once `POST /__mock/shutdown` was received.
    pub fn shutdown_requested(&self) -> bool {
        self.shared.shutdown_requested.load(Ordering::SeqCst)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loops.
        let _ = TcpStream::connect_timeout(&self.http_addr, Duration::from_millis(500));
        let _ = TcpStream::connect_timeout(&self.https_addr, Duration::from_millis(500));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        let conns: Vec<TcpStream> = {
            let mut c = self.shared.conns.lock().unwrap_or_else(|e| e.into_inner());
            c.drain().map(|(_, s)| s).collect()
        };
        for c in conns {
            let _ = c.shutdown(Shutdown::Both);
        }
        if self.remove_ca_on_drop {
            let _ = std::fs::remove_file(&self.ca_path);
            if let Some(dir) = self.ca_path.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>, tls: Option<Arc<rustls::ServerConfig>>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        shared.state().counters.connections += 1;
        let _ = stream.set_nodelay(true);
        // A connection idle this long is closed (keep-alive clients reconnect).
        let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
        let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            shared
                .conns
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, clone);
        }
        let shared2 = shared.clone();
        let tls = tls.clone();
        let spawned = std::thread::Builder::new()
            .name("dsauth-mock-conn".into())
            .spawn(move || {
                let handler = |req| crate::app::handle(&shared2, req);
                let _ = match tls {
                    None => crate::http::serve(stream, "http", &handler),
                    Some(cfg) => match rustls::ServerConnection::new(cfg) {
                        Ok(conn) => crate::http::serve(
                            rustls::StreamOwned::new(conn, stream),
                            "https",
                            &handler,
                        ),
                        Err(_) => Ok(()),
                    },
                };
                shared2
                    .conns
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id);
            });
        if spawned.is_err() {
            shared
                .conns
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
        }
    }
}

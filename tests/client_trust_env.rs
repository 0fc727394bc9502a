//! Trusted CAs from the environment (`SSL_CERT_FILE`, `SSL_CERT_DIR`), the
//! `ca_file` option and the system store. Its own test binary, because
//! environment variables are process-wide; its test runs alone.

mod common;

use common::temp_dir::TempDir;
use common::*;
use dsauth::{Client, ClientOptions, Environment, Error, ErrorKind};

const VARIABLES: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

#[test]
fn ssl_cert_variables_ca_file_and_system_trust() {
    let mock = mock();
    let env = Environment::custom(&mock.https_url()).unwrap();
    let mut bare = ClientOptions::default();
    bare.proxy = dsauth::client::Proxy::None;
    let call = |options: &ClientOptions| {
        Client::new(env.clone(), alice(), options.clone()).and_then(|c| c.get(""))
    };
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    assert_eq!(
        kind(call(&bare)),
        ErrorKind::Tls,
        "the stand-in's CA is not trusted by default"
    );

    let dir = TempDir::new("trust");
    std::fs::create_dir_all(&dir.0).unwrap();
    let ca = dir.0.join("ca.pem");
    std::fs::write(&ca, mock.ca_pem()).unwrap();

    // SSL_CERT_FILE adds its CAs.
    std::env::set_var("SSL_CERT_FILE", &ca);
    assert_eq!(call(&bare).unwrap().status(), 200);
    std::env::set_var("SSL_CERT_FILE", dir.0.join("missing.pem"));
    let err = Client::new(env.clone(), alice(), bare.clone()).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidArgument {
                name: "SSL_CERT_FILE",
                ..
            }
        ),
        "{err:?}"
    );
    std::env::remove_var("SSL_CERT_FILE");

    // SSL_CERT_DIR too (directories, `:`-separated).
    std::env::set_var("SSL_CERT_DIR", format!("{}:", dir.0.display()));
    assert_eq!(call(&bare).unwrap().status(), 200);
    std::env::set_var("SSL_CERT_DIR", dir.0.join("missing"));
    let err = Client::new(env.clone(), alice(), bare.clone()).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidArgument {
                name: "SSL_CERT_DIR",
                ..
            }
        ),
        "{err:?}"
    );
    std::env::remove_var("SSL_CERT_DIR");

    // The ca_file option, checked by validate and read at build.
    let mut with_file = bare.clone();
    with_file.ca_file = Some(ca.clone());
    assert_eq!(call(&with_file).unwrap().status(), 200);
    with_file.ca_file = Some(dir.0.join("missing.pem"));
    let err = with_file.validate().unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidArgument {
                name: "ca_file",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("missing.pem"), "{err}");

    // The system store is an addition: it does not hold the stand-in's CA.
    let mut system = bare.clone();
    system.use_system_trust = true;
    if std::path::Path::new("/etc/ssl/certs/ca-certificates.crt").exists() {
        assert_eq!(kind(call(&system)), ErrorKind::Tls);
        system.ca_file = Some(ca);
        assert_eq!(call(&system).unwrap().status(), 200);
    }
}

//! `dsauth`: DocuSign authentication from the shell.
//!
//! Secrets come from environment variables (or files they name), never from
//! the command line, where other users of the machine can read them.

mod args;
mod cache;

use std::io::Write;
use std::process::ExitCode;

use args::{Command, Settings};
use dsauth::headers::{render, HeaderFormat};
use dsauth::{soap, Client, Credentials, Error, Request};

const USAGE: &str = "\
usage: dsauth <command> [options]

commands:
  header [--format json|xml|bearer|soap-username|wsse] [--line]
                          print an authentication header value (or Name: value line)
  account                 discover and print the account (JSON)
  call METHOD PATH [--query KEY=VALUE]... [--json BODY]
                          make an authenticated REST call; prints the status on
                          stderr and the body on stdout
  token                   print an OAuth access token (JWT grant)
  consent-url --redirect-uri URI
                          print the URL where the user grants consent (JWT grant)

options:
  --env demo|production|URL   environment (default demo; a URL is any base URL)
  --ca-file PATH              extra trusted CA (PEM), e.g. the local stand-in's
                              (SSL_CERT_FILE and SSL_CERT_DIR are honoured too)
  --system-trust              also trust the operating system's CA store
  --account-id ID             account to use (default: the user's default)
  --no-cache                  keep nothing between runs (also DSAUTH_NO_CACHE=1)

cache: account, call and token keep the OAuth token, the userinfo answer, the
rate budget and the polling guard in $XDG_CACHE_HOME/dsauth (else
~/.cache/dsauth; DSAUTH_CACHE_DIR overrides), so repeated runs reuse one token.
Tokens there are sealed (AES-256-GCM) under DSAUTH_SEAL_KEY (64 hex digits, e.g.
`openssl rand -hex 32`), else under a random key created once in
$XDG_CONFIG_HOME/dsauth/seal-key (else ~/.config/dsauth/seal-key, mode 0600).
When the cache cannot be used, a warning is printed and the run goes on.

credentials (environment variables, first match wins):
  DSAUTH_ACCESS_TOKEN                                     a ready OAuth token
  DSAUTH_INTEGRATOR_KEY + DSAUTH_USER_ID + DSAUTH_PRIVATE_KEY_FILE   JWT grant
  DSAUTH_INTEGRATOR_KEY + DSAUTH_USERNAME + DSAUTH_PASSWORD
      [+ DSAUTH_SEND_ON_BEHALF_OF]                        legacy header
";

fn main() -> ExitCode {
    let settings = match args::parse(std::env::args().skip(1)) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("dsauth: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dsauth: {err}");
            ExitCode::from(1)
        }
    }
}

fn run(settings: &Settings) -> Result<(), Error> {
    let credentials = args::credentials()?;
    let mut out = std::io::stdout().lock();
    let print = |out: &mut std::io::StdoutLock<'_>, text: &str| {
        // A closed stdout (`| head`) is not an error worth reporting.
        let _ = writeln!(out, "{text}");
    };
    match &settings.command {
        Command::Help => print(&mut out, USAGE),
        Command::Header { format, line } => {
            let text = match format.as_str() {
                "soap-username" => dsauth::Secret::new(soap::username(&credentials)?),
                "wsse" => soap::security_header(&credentials)?,
                other => {
                    let format = match other {
                        "json" => HeaderFormat::Json,
                        "xml" => HeaderFormat::Xml,
                        _ => HeaderFormat::Bearer,
                    };
                    let header = render(&credentials, format)?;
                    if *line {
                        header.line().clone()
                    } else {
                        dsauth::Secret::new(header.value().to_owned())
                    }
                }
            };
            print(&mut out, text.expose());
        }
        Command::Account => {
            let account = client(settings, credentials)?.account()?;
            let json = serde_json::json!({
                "account_id": account.account_id,
                "name": account.name,
                "rest_base": account.rest_base,
                "is_default": account.is_default,
            });
            print(&mut out, &json.to_string());
        }
        Command::Call {
            method,
            path,
            query,
            json,
        } => {
            let mut request = Request::new(*method, path);
            for (key, value) in query {
                request = request.query(key, value);
            }
            if let Some(body) = json {
                let value: serde_json::Value =
                    serde_json::from_str(body).map_err(|e| Error::InvalidArgument {
                        name: "--json",
                        reason: format!("not valid JSON: {e}"),
                    })?;
                request = request.json(&value);
            }
            let response = client(settings, credentials)?.send(&request)?;
            eprintln!("HTTP {}", response.status());
            let _ = out.write_all(response.body());
            let _ = writeln!(out);
        }
        Command::Token => {
            let token = client(settings, credentials)?.token()?;
            print(&mut out, token.access_token.expose());
        }
        Command::ConsentUrl { redirect_uri } => {
            let Credentials::Jwt(grant) = credentials else {
                return Err(Error::WrongCredentialKind {
                    operation: "consent-url",
                    needed: "JWT grant",
                    actual: credentials.kind_name(),
                });
            };
            let grant = grant.with_consent_redirect_uri(redirect_uri)?;
            let url = grant
                .consent_url(&settings.environment, None)
                .unwrap_or_default();
            print(&mut out, &url);
        }
    }
    Ok(())
}

fn client(settings: &Settings, credentials: Credentials) -> Result<Client, Error> {
    let state = cache::shared_state(settings.cache)?;
    Client::new(
        settings.environment.clone(),
        credentials,
        settings.options.clone().shared_state(state),
    )
}

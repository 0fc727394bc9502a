//! What each command does, given the parsed command line.

use std::io::Write;
use std::time::UNIX_EPOCH;

use clap::CommandFactory;
use dsauth::headers::{render, HeaderFormat};
use dsauth::{from_env, soap, Client, Credentials, Error, Secret};

use crate::cli::{Cli, Command, HeaderForm};
use crate::exit::Failure;
use crate::settings::{self, Settings};
use crate::{cache, call};

pub fn run(cli: Cli) -> Result<(), Failure> {
    let global = cli.global;
    match cli.command {
        Command::Completion { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "dsauth", &mut std::io::stdout());
            return Ok(());
        }
        Command::Man { dir } => {
            return std::fs::create_dir_all(&dir)
                .and_then(|()| clap_mangen::generate_to(Cli::command(), &dir))
                .map_err(|e| {
                    Failure::Usage(format!("cannot write man pages to {}: {e}", dir.display()))
                });
        }
        Command::Call(ref args) if global.password_stdin && is_stdin(args.input.as_deref()) => {
            return Err(Failure::Usage(
                "--password-stdin and --input - cannot both read standard input".into(),
            ));
        }
        _ => {}
    }
    let settings = settings::resolve(&global)?;
    let credentials = from_env::credentials(&settings.layers)?;
    let run = Run {
        settings,
        credentials,
    };
    match cli.command {
        Command::Header { format, line } => run.header(format, line),
        Command::Token { json } => run.token(json),
        Command::Account => run.account(),
        Command::Call(args) => call::call(&run.client()?, args),
        Command::ConsentUrl { redirect_uri } => run.consent_url(redirect_uri),
        Command::Completion { .. } | Command::Man { .. } => unreachable!("handled above"),
    }
}

fn is_stdin(input: Option<&std::path::Path>) -> bool {
    input.is_some_and(|path| path.as_os_str() == "-")
}

/// Writes `text` and a newline to standard output. A closed output
/// (`| head`) is not worth reporting.
fn print(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

struct Run {
    settings: Settings,
    credentials: Credentials,
}

impl Run {
    fn client(&self) -> Result<Client, Failure> {
        let state = cache::shared_state(self.settings.cache)?;
        Ok(Client::new(
            self.settings.environment.clone(),
            self.credentials.clone(),
            self.settings.options.clone().shared_state(state),
        )?)
    }

    fn header(&self, form: Option<HeaderForm>, line: bool) -> Result<(), Failure> {
        print(self.rendered(form, line)?.expose());
        Ok(())
    }

    /// The header `form` (by default bearer for OAuth credentials, JSON
    /// for legacy ones), its value or its whole line.
    fn rendered(&self, form: Option<HeaderForm>, line: bool) -> Result<Secret, Failure> {
        let credentials = &self.credentials;
        let form = form.unwrap_or(match credentials.is_oauth() {
            true => HeaderForm::Bearer,
            false => HeaderForm::Json,
        });
        let format = match form {
            HeaderForm::SoapUsername => return Ok(Secret::new(soap::username(credentials)?)),
            HeaderForm::Wsse => return Ok(soap::security_header(credentials)?),
            HeaderForm::Bearer => HeaderFormat::Bearer,
            HeaderForm::Json => HeaderFormat::Json,
            HeaderForm::Xml => HeaderFormat::Xml,
        };
        let header = match credentials {
            // A grant is rendered through the token it yields.
            Credentials::Jwt(_) | Credentials::AuthorizationCode(_)
                if format == HeaderFormat::Bearer =>
            {
                let token = self.client()?.token()?;
                let granted = Credentials::access_token(token.access_token.expose())?;
                render(&granted, format)?
            }
            other => render(other, format)?,
        };
        Ok(match line {
            true => header.line().clone(),
            false => Secret::new(header.value().to_owned()),
        })
    }

    fn token(&self, json: bool) -> Result<(), Failure> {
        let client = self.client()?;
        let (token, expires_at) = client.token_with_expiry()?;
        if !json {
            print(token.access_token.expose());
            return Ok(());
        }
        let account = client.account()?;
        let expires_at = expires_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let base_uri = account
            .rest_base
            .strip_suffix("/restapi")
            .unwrap_or(&account.rest_base);
        let value = serde_json::json!({
            "access_token": token.access_token.expose(),
            "token_type": token.token_type,
            "expires_in": token.expires_in.as_secs(),
            "expires_at": expires_at,
            "account_id": account.account_id,
            "base_uri": base_uri,
            "rest_base": account.rest_base,
        });
        print(&value.to_string());
        Ok(())
    }

    fn account(&self) -> Result<(), Failure> {
        let account = self.client()?.account()?;
        let value = serde_json::json!({
            "account_id": account.account_id,
            "name": account.name,
            "rest_base": account.rest_base,
            "is_default": account.is_default,
        });
        print(&value.to_string());
        Ok(())
    }

    fn consent_url(&self, redirect_uri: Option<String>) -> Result<(), Failure> {
        let Credentials::Jwt(grant) = &self.credentials else {
            return Err(Error::WrongCredentialKind {
                operation: "consent-url",
                needed: "JWT grant",
                actual: self.credentials.kind_name(),
            }
            .into());
        };
        let redirect_uri = match redirect_uri {
            Some(uri) => uri,
            None => from_env::redirect_uri(&self.settings.layers)?,
        };
        let grant = grant.clone().with_consent_redirect_uri(&redirect_uri)?;
        let url = grant
            .consent_url(&self.settings.environment, None)
            .unwrap_or_default();
        print(&url);
        Ok(())
    }
}

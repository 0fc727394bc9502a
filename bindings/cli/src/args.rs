//! Command-line and environment parsing for the `dsauth` command.

use dsauth::client::Method;
use dsauth::{ClientOptions, Credentials, Environment, Error};

pub enum Command {
    Help,
    Header {
        format: String,
        line: bool,
    },
    Account,
    Call {
        method: Method,
        path: String,
        query: Vec<(String, String)>,
        json: Option<String>,
    },
    Token,
    ConsentUrl {
        redirect_uri: String,
    },
}

pub struct Settings {
    pub command: Command,
    pub environment: Environment,
    pub options: ClientOptions,
    /// Whether clients keep their state in the cache (`--no-cache` clears it).
    pub cache: bool,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Settings, String> {
    let mut args = args.peekable();
    let name = args.next().unwrap_or_else(|| "help".into());
    let mut positional = Vec::new();
    let mut format = "json".to_owned();
    let mut line = false;
    let mut query = Vec::new();
    let mut json = None;
    let mut redirect_uri = None;
    let mut environment = Environment::demo();
    let mut options = ClientOptions::default();
    let mut cache = true;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--format" => format = value("--format")?,
            "--line" => line = true,
            "--query" => {
                let pair = value("--query")?;
                let (key, val) = pair.split_once('=').ok_or("--query takes KEY=VALUE")?;
                query.push((key.to_owned(), val.to_owned()));
            }
            "--json" => json = Some(value("--json")?),
            "--redirect-uri" => redirect_uri = Some(value("--redirect-uri")?),
            "--env" => environment = parse_environment(&value("--env")?)?,
            "--ca-file" => {
                options.ca_file = Some(value("--ca-file")?.into());
                options.validate().map_err(|e| format!("--ca-file: {e}"))?;
            }
            "--system-trust" => options.use_system_trust = true,
            "--account-id" => options.account_id = Some(value("--account-id")?),
            "--no-cache" => cache = false,
            "-h" | "--help" => positional.insert(0, "help".to_owned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    if !["json", "xml", "bearer", "soap-username", "wsse"].contains(&format.as_str()) {
        return Err(format!("unknown header format {format}"));
    }
    let command = match (name.as_str(), positional.as_slice()) {
        (_, [help, ..]) if help == "help" => Command::Help,
        ("help" | "-h" | "--help", _) => Command::Help,
        ("header", []) => Command::Header { format, line },
        ("account", []) => Command::Account,
        ("token", []) => Command::Token,
        ("consent-url", []) => Command::ConsentUrl {
            redirect_uri: redirect_uri.ok_or("consent-url needs --redirect-uri")?,
        },
        ("call", [method, path]) => Command::Call {
            method: Method::parse(&method.to_ascii_uppercase()).map_err(|e| e.to_string())?,
            path: path.clone(),
            query,
            json,
        },
        ("call", _) => return Err("call takes METHOD PATH".into()),
        (other, []) => return Err(format!("unknown command {other}")),
        (_, extra) => return Err(format!("unexpected argument {}", extra[0])),
    };
    Ok(Settings {
        command,
        environment,
        options,
        cache,
    })
}

fn parse_environment(value: &str) -> Result<Environment, String> {
    match value {
        "demo" => Ok(Environment::demo()),
        "production" => Ok(Environment::production()),
        url => Environment::custom(url).map_err(|e| e.to_string()),
    }
}

/// The variable `name`, when it is set and not empty.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &'static str) -> Result<String, Error> {
    var(name).ok_or(Error::InvalidArgument {
        name,
        reason: "environment variable not set".into(),
    })
}

/// The credentials named by the environment (see the usage text).
pub fn credentials() -> Result<Credentials, Error> {
    if let Some(token) = var("DSAUTH_ACCESS_TOKEN") {
        return Credentials::access_token(&token);
    }
    if let Some(path) = var("DSAUTH_PRIVATE_KEY_FILE") {
        let pem = std::fs::read(&path).map_err(|e| Error::InvalidArgument {
            name: "DSAUTH_PRIVATE_KEY_FILE",
            reason: format!("cannot read {path}: {e}"),
        })?;
        return Credentials::jwt(
            &required("DSAUTH_INTEGRATOR_KEY")?,
            &required("DSAUTH_USER_ID")?,
            &pem,
        );
    }
    Credentials::legacy(
        &required("DSAUTH_INTEGRATOR_KEY")?,
        &required("DSAUTH_USERNAME")?,
        &required("DSAUTH_PASSWORD")?,
        var("DSAUTH_SEND_ON_BEHALF_OF").as_deref(),
    )
}

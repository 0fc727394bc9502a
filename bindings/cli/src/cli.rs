//! The command line, defined once: parsing, `--help`, the completion
//! scripts and the man pages all come from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dsauth::{from_env, Method};

/// What `--help` adds below the options (also the man page's last section).
const AFTER_HELP: &str = "\
Secrets come from the environment, from files it names, or from standard
input, never from the command line (other users of the machine can read it).
Credentials, first match wins (each VAR_FILE names a file holding VAR):
  a ready OAuth token:  DSAUTH_ACCESS_TOKEN or DSAUTH_ACCESS_TOKEN_FILE
  JWT grant:            DSAUTH_PRIVATE_KEY, DSAUTH_PRIVATE_KEY_FILE or the
                        profile's key_file; the integration key; DSAUTH_USER_ID
  authorization code:   DSAUTH_REFRESH_TOKEN or DSAUTH_REFRESH_TOKEN_FILE; the
                        integration key; DSAUTH_REDIRECT_URI; optionally
                        DSAUTH_CLIENT_SECRET or DSAUTH_CLIENT_SECRET_FILE
  legacy header:        DSAUTH_USERNAME; DSAUTH_PASSWORD, DSAUTH_PASSWORD_FILE
                        or --password-stdin; the integration key; optionally
                        DSAUTH_SEND_ON_BEHALF_OF
The integration key is DSAUTH_INTEGRATOR_KEY or DSAUTH_INTEGRATION_KEY.
DSAUTH_PRIVATE_KEY holds the PEM itself, with real or \\n newlines.

Profiles: $XDG_CONFIG_HOME/dsauth/config.toml (else ~/.config/dsauth/;
DSAUTH_CONFIG_DIR overrides the directory) holds [profiles.NAME] tables with
environment or base_url, ca_file, integration_key, user_id, key_file,
account_id and redirect_uri (no secrets). --profile or DSAUTH_PROFILE picks
one; else [profiles.default] is used when it exists. Flags and environment
variables override the profile.

Cache: OAuth tokens (sealed), the userinfo answer, the rate budget and the
polling guard are kept in $XDG_CACHE_HOME/dsauth (else ~/.cache/dsauth;
DSAUTH_CACHE_DIR overrides), sealed under DSAUTH_SEAL_KEY (64 hex digits) or
a key created once in the config directory (seal-key, mode 0600).
DSAUTH_NO_CACHE=1 or --no-cache keeps nothing.
";

/// DocuSign authentication from the shell: OAuth tokens, authentication
/// headers, authenticated REST calls.
#[derive(Parser)]
#[command(
    name = "dsauth",
    version,
    after_help = crate::exit::TABLE,
    after_long_help = format!("{AFTER_HELP}\n{}", crate::exit::TABLE),
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The profile of config.toml to use
    #[arg(
        long,
        global = true,
        env = "DSAUTH_PROFILE",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// Where DocuSign is: demo, production or a base URL [default: the
    /// profile's, else demo]
    #[arg(
        long = "env",
        global = true,
        env = from_env::BASE_URL,
        hide_env_values = true,
        value_name = "demo|production|URL"
    )]
    pub environment: Option<String>,

    /// An extra CA certificate to trust (PEM), e.g. the local stand-in's
    #[arg(
        long,
        global = true,
        env = from_env::CA_FILE,
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub ca_file: Option<PathBuf>,

    /// The account to use [default: the profile's, else the user's default]
    #[arg(
        long,
        global = true,
        env = from_env::ACCOUNT_ID,
        hide_env_values = true,
        value_name = "ID"
    )]
    pub account_id: Option<String>,

    /// Read the legacy password from standard input
    #[arg(long, global = true)]
    pub password_stdin: bool,

    /// Keep nothing between runs (no token cache)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// A second status GET of an envelope within 15 minutes: enforce
    /// (refuse it unsent), warn (print a warning and send it) or off
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "MODE",
        default_value = "enforce"
    )]
    pub polling_guard: PollingGuardMode,

    /// Log what dsauth does to standard error: -v each step (account,
    /// tokens, waits), -vv each request too; never a secret
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// The same as -vv
    #[arg(long, global = true)]
    pub debug: bool,
}

/// The polling guard modes.
#[derive(Clone, Copy, ValueEnum)]
pub enum PollingGuardMode {
    /// Refuse the GET without sending it (exit status 6)
    Enforce,
    /// Print a warning and send it
    Warn,
    /// Send it
    Off,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print an authentication header value (or the whole line)
    #[command(long_about = "\
Print an authentication header value, or with --line the whole `Name: value`
line, e.g. for curl -H \"$(dsauth header --line)\".

With OAuth credentials (JWT grant, authorization code grant, access token)
the header is `Authorization: Bearer <token>`; the grant runs when the cache
holds no fresh token. Legacy credentials render X-DocuSign-Authentication as
JSON or XML, or the SOAP UsernameToken forms.")]
    Header {
        /// The header form [default: bearer for OAuth credentials, json for
        /// legacy ones]
        #[arg(long, value_enum)]
        format: Option<HeaderForm>,
        /// Print `Name: value` instead of the value alone
        #[arg(long)]
        line: bool,
    },

    /// Print the OAuth access token, cached or newly granted
    #[command(long_about = "\
Print the OAuth access token: the cached one while more than 10 minutes
remain, else one from the JWT or authorization code grant.

With --json, print {access_token, token_type, expires_in, expires_at (Unix
seconds), account_id, base_uri, rest_base}; the account comes from the
(cached) userinfo answer.")]
    Token {
        /// Print the token with its expiry and account as JSON
        #[arg(long)]
        json: bool,
    },

    /// Discover the account and print it (JSON)
    Account,

    /// Make an authenticated REST call
    #[command(long_about = "\
Make an authenticated REST call. PATH is relative to the account
(`/envelopes`, empty for the account itself), or absolute from /restapi on
(`/restapi/v2.1/accounts/…`).

By default the body goes to standard output and `HTTP <status>` to standard
error. A DocuSign error answer exits with status 4, 5 or 6 and its errorCode,
message and trace token on standard error.")]
    Call(CallArgs),

    /// Print the URL where the user grants consent (JWT grant)
    ConsentUrl {
        /// A redirect URI registered for the integration key [default:
        /// DSAUTH_REDIRECT_URI, else the profile's]
        #[arg(long, value_name = "URI")]
        redirect_uri: Option<String>,
    },

    /// Print a shell completion script
    #[command(long_about = "\
Print a shell completion script, e.g.
  source <(dsauth completion bash)               # in ~/.bashrc
  dsauth completion zsh > ~/.zfunc/_dsauth
  dsauth completion fish > ~/.config/fish/completions/dsauth.fish")]
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Write the man pages (dsauth.1, dsauth-<command>.1) into DIR
    #[command(hide = true)]
    Man { dir: PathBuf },
}

/// The arguments of `dsauth call`.
#[derive(Args)]
pub struct CallArgs {
    /// GET, POST, PUT, PATCH, DELETE or HEAD
    #[arg(value_parser = parse_method)]
    pub method: Method,
    /// The path (see above)
    pub path: String,
    /// An extra request header
    #[arg(short = 'H', long = "header", value_name = "Name: value", value_parser = parse_header)]
    pub headers: Vec<(String, String)>,
    /// A query parameter
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub query: Vec<(String, String)>,
    /// The request body from a file, or `-` for standard input
    /// (Content-Type application/json unless -H sets another)
    #[arg(long, value_name = "FILE|-")]
    pub input: Option<PathBuf>,
    /// Print the status line and the response headers before the body
    #[arg(short, long)]
    pub include: bool,
    /// Print {status, headers, trace_token, rate_limit, body} as JSON
    #[arg(long, conflicts_with = "include")]
    pub json: bool,
}

/// The forms `dsauth header` renders.
#[derive(Clone, Copy, ValueEnum)]
pub enum HeaderForm {
    /// Authorization: Bearer <token> (OAuth)
    Bearer,
    /// X-DocuSign-Authentication as JSON (legacy)
    Json,
    /// X-DocuSign-Authentication as XML (legacy)
    Xml,
    /// [IntegratorKey]username for SOAP api.asmx (legacy)
    SoapUsername,
    /// The WS-Security header for SOAP api.asmx (legacy)
    Wsse,
}

fn parse_method(text: &str) -> Result<Method, String> {
    Method::parse(&text.to_ascii_uppercase()).map_err(|e| e.to_string())
}

fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once(':').ok_or("a header is `Name: value`")?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or("a query parameter is KEY=VALUE")?;
    Ok((key.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }
}

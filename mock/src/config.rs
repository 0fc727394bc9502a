//! What the stand-in knows: accounts, users, integration keys, limits.
//!
//! [`Config::default()`] is the shared test fixture whose values are the
//! constants in [`crate::fixture`]. Every field has a default, so a JSON
//! config file (`dsauth-mock --config FILE`) only needs what it changes.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::fixture;

/// The stand-in's configuration. Plain data; deserializable from JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Accounts the mock hosts.
    pub accounts: Vec<Account>,
    /// Users, with their passwords, account memberships and JWT consents.
    pub users: Vec<User>,
    /// Integration keys (OAuth client ids).
    pub integration_keys: Vec<IntegrationKey>,
    /// Behave as DocuSign production: keys marked `demo_only` are refused.
    pub production: bool,
    /// The account-server host a JWT `aud` may name, besides the request's own
    /// `Host` header (e.g. `account-d.docusign.com`). `None`: only the Host.
    pub account_server_host: Option<String>,
    /// Rate limits in force after start and after every reset.
    pub limits: Limits,
    /// Lifetime of the access tokens the mock issues, in seconds.
    pub token_lifetime_seconds: u64,
    /// How far in the future a JWT `iat` may be (clock skew), in seconds.
    pub jwt_clock_skew_seconds: u64,
    /// Check JWT `iat`/`exp` against the real clock instead of the mock
    /// clock. Clients build assertions from the system clock: a test that
    /// advances the mock clock by an hour or more would otherwise see every
    /// new assertion refused as expired. Default false (mock clock).
    pub jwt_real_clock: bool,
    /// Envelopes present after start and after every reset.
    pub envelopes: Vec<EnvelopeSeed>,
    /// The user `/oauth/auth` logs in as when no `login_hint` is given
    /// (email or user id).
    pub default_login_user: String,
    /// Where to write the CA certificate (PEM). `None`: a fresh file in the
    /// system temporary directory, removed when the server stops.
    pub ca_file: Option<PathBuf>,
    /// Port of the HTTP listener on 127.0.0.1; 0 picks a free one.
    pub http_port: u16,
    /// Port of the HTTPS listener on 127.0.0.1; 0 picks a free one.
    pub https_port: u16,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Numeric account id (login_information's `accountId`), e.g. "18650243".
    pub account_id: String,
    /// The account's GUID (`accountIdGuid`; userinfo's `account_id`).
    pub account_id_guid: String,
    /// Display name.
    pub name: String,
    /// Render `is_default` in `/oauth/userinfo` as the string "true"/"false"
    /// instead of a JSON boolean (DocuSign has sent both).
    #[serde(default)]
    pub userinfo_is_default_as_string: bool,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The API user id (a GUID), JWT `sub`.
    pub user_id: String,
    /// Email (login name; compared case-insensitively).
    pub email: String,
    /// Password for the legacy header and SOAP.
    pub password: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Account ids (numeric or GUID) the user is a member of.
    pub accounts: Vec<String>,
    /// The user's default account (numeric or GUID); first membership if empty.
    #[serde(default)]
    pub default_account: String,
    /// Integration keys this user has granted consent to (JWT impersonation).
    #[serde(default)]
    pub consented_keys: Vec<String>,
    /// A disabled user cannot authenticate.
    #[serde(default)]
    pub disabled: bool,
}

impl User {
    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// An integration key (OAuth client).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationKey {
    /// The key (a GUID).
    pub key: String,
    /// Application name.
    #[serde(default)]
    pub name: String,
    /// Client secret for the authorization code grant (Basic auth).
    #[serde(default)]
    pub secret: Option<String>,
    /// Registered redirect URIs (exact match).
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// RSA public keys (PEM: `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`)
    /// that JWT assertions for this key may be signed with.
    #[serde(default)]
    pub rsa_public_keys: Vec<String>,
    /// Valid on the demo environment only (refused when `production`).
    #[serde(default)]
    pub demo_only: bool,
    /// Disabled: refused everywhere.
    #[serde(default)]
    pub disabled: bool,
}

/// An envelope present at start-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeSeed {
    /// Envelope id (GUID).
    pub envelope_id: String,
    /// Account (numeric id or GUID).
    pub account: String,
    /// Sender's user id.
    pub sender_user_id: String,
    /// Email subject.
    pub email_subject: String,
    /// Status, e.g. "sent".
    pub status: String,
    /// Creation time, Unix seconds.
    pub created: u64,
}

/// Rate limits. Defaults are generous so that test runs never hit them
/// unless a test lowers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// API calls per hour per account (per integration key for calls that
    /// name no account). Default 100000.
    pub hourly: u32,
    /// API calls per burst window. Default 10000.
    pub burst: u32,
    /// Burst window in seconds. Default 30.
    pub burst_window_seconds: u64,
    /// HTTP status of the limit errors: 429 (today) or 400 (historic). Default 429.
    pub status: u16,
    /// Minimum seconds between two GETs of the same envelope; 0 disables.
    /// Default 900 (DocuSign's 15 minutes).
    pub envelope_poll_interval_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            hourly: 100_000,
            burst: 10_000,
            burst_window_seconds: 30,
            status: 429,
            envelope_poll_interval_seconds: 900,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        use fixture::*;
        let public_key = JWT_PUBLIC_KEY_PEM.to_string();
        Config {
            accounts: vec![
                Account {
                    account_id: ACCOUNT_ID.into(),
                    account_id_guid: ACCOUNT_GUID.into(),
                    name: ACCOUNT_NAME.into(),
                    userinfo_is_default_as_string: false,
                },
                Account {
                    account_id: SECOND_ACCOUNT_ID.into(),
                    account_id_guid: SECOND_ACCOUNT_GUID.into(),
                    name: SECOND_ACCOUNT_NAME.into(),
                    userinfo_is_default_as_string: true,
                },
            ],
            users: vec![
                User {
                    user_id: ALICE_USER_ID.into(),
                    email: ALICE_EMAIL.into(),
                    password: ALICE_PASSWORD.into(),
                    given_name: ALICE_GIVEN_NAME.into(),
                    family_name: ALICE_FAMILY_NAME.into(),
                    accounts: vec![ACCOUNT_ID.into(), SECOND_ACCOUNT_ID.into()],
                    default_account: ACCOUNT_ID.into(),
                    consented_keys: vec![INTEGRATION_KEY.into()],
                    disabled: false,
                },
                User {
                    user_id: BOB_USER_ID.into(),
                    email: BOB_EMAIL.into(),
                    password: BOB_PASSWORD.into(),
                    given_name: BOB_GIVEN_NAME.into(),
                    family_name: BOB_FAMILY_NAME.into(),
                    accounts: vec![SECOND_ACCOUNT_ID.into()],
                    default_account: SECOND_ACCOUNT_ID.into(),
                    consented_keys: vec![],
                    disabled: false,
                },
            ],
            integration_keys: vec![
                IntegrationKey {
                    key: INTEGRATION_KEY.into(),
                    name: "dsauth test app".into(),
                    secret: Some(CLIENT_SECRET.into()),
                    redirect_uris: vec![REDIRECT_URI.into()],
                    rsa_public_keys: vec![public_key],
                    demo_only: false,
                    disabled: false,
                },
                IntegrationKey {
                    key: DEMO_ONLY_INTEGRATION_KEY.into(),
                    name: "dsauth demo-only app (never migrated)".into(),
                    secret: Some(DEMO_ONLY_CLIENT_SECRET.into()),
                    redirect_uris: vec![REDIRECT_URI.into()],
                    rsa_public_keys: vec![JWT_PUBLIC_KEY_PEM.into()],
                    demo_only: true,
                    disabled: false,
                },
                IntegrationKey {
                    key: DISABLED_INTEGRATION_KEY.into(),
                    name: "dsauth disabled app".into(),
                    secret: Some(DISABLED_CLIENT_SECRET.into()),
                    redirect_uris: vec![REDIRECT_URI.into()],
                    rsa_public_keys: vec![JWT_PUBLIC_KEY_PEM.into()],
                    demo_only: false,
                    disabled: true,
                },
            ],
            production: false,
            account_server_host: None,
            limits: Limits::default(),
            token_lifetime_seconds: 3600,
            jwt_clock_skew_seconds: 60,
            jwt_real_clock: false,
            envelopes: vec![EnvelopeSeed {
                envelope_id: ENVELOPE_ID.into(),
                account: ACCOUNT_ID.into(),
                sender_user_id: ALICE_USER_ID.into(),
                email_subject: "Please sign the NDA".into(),
                status: "sent".into(),
                created: 1_700_000_000,
            }],
            default_login_user: ALICE_EMAIL.into(),
            ca_file: None,
            http_port: 0,
            https_port: 0,
        }
    }
}

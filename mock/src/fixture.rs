//! The well-known test fixture: the values [`crate::Config::default()`] is
//! made of, shared by the Rust, C and Python test suites (see mock/README.md).
//!
//! Everything here is TEST-ONLY data. The RSA key pair under
//! `mock/fixtures/` was generated for these tests and protects nothing.

/// The active integration key (OAuth client id): has a client secret, the
/// redirect URI [`REDIRECT_URI`] and the RSA public key [`JWT_PUBLIC_KEY_PEM`].
pub const INTEGRATION_KEY: &str = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
/// Client secret of [`INTEGRATION_KEY`].
pub const CLIENT_SECRET: &str = "573ac4aa-9710-47a2-93d3-e575a5640336";
/// The redirect URI registered for every fixture key.
pub const REDIRECT_URI: &str = "http://localhost:8765/callback";

/// A key valid on demo only: refused with `PARTNER_AUTHENTICATION_FAILED`
/// (legacy) or `issuer_not_found` (JWT) when `Config::production` is true.
pub const DEMO_ONLY_INTEGRATION_KEY: &str = "309ea289-25c3-43a8-8eb6-8c8aa1eedd58";
/// Client secret of [`DEMO_ONLY_INTEGRATION_KEY`].
pub const DEMO_ONLY_CLIENT_SECRET: &str = "0d4f6b8e-1a2c-4e3f-9b5d-7c8e9f0a1b2c";
/// A disabled key: always refused.
pub const DISABLED_INTEGRATION_KEY: &str = "ab3c8de5-3c22-4b10-a9d4-529a981761d6";
/// Client secret of [`DISABLED_INTEGRATION_KEY`].
pub const DISABLED_CLIENT_SECRET: &str = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

/// Alice's API user id (JWT `sub`).
pub const ALICE_USER_ID: &str = "42b0587a-745b-407d-a20f-cef58eafe40a";
/// Alice's email (legacy `Username`).
pub const ALICE_EMAIL: &str = "alice@example.com";
/// Alice's password.
pub const ALICE_PASSWORD: &str = "Alice-Passw0rd!";
/// Alice's given name.
pub const ALICE_GIVEN_NAME: &str = "Alice";
/// Alice's family name.
pub const ALICE_FAMILY_NAME: &str = "Andersen";

/// Bob's API user id. Bob has NOT consented to any key: a JWT grant for him
/// answers `consent_required` until he consents (`/oauth/auth` or
/// `set_consent`).
pub const BOB_USER_ID: &str = "66e0a110-cc3e-48ac-8bdd-f6f75462257e";
/// Bob's email.
pub const BOB_EMAIL: &str = "bob@example.com";
/// Bob's password: every character that needs escaping in JSON or XML, so a
/// client that does not escape properly fails against the mock.
pub const BOB_PASSWORD: &str = "B0b&\"<pa$$>'\\word";
/// Bob's given name.
pub const BOB_GIVEN_NAME: &str = "Bob";
/// Bob's family name.
pub const BOB_FAMILY_NAME: &str = "Brennan";

/// Alice's default account: numeric id (login_information `accountId`).
pub const ACCOUNT_ID: &str = "18650243";
/// GUID of [`ACCOUNT_ID`] (`accountIdGuid`, userinfo `account_id`).
pub const ACCOUNT_GUID: &str = "292387d6-8156-46fc-b6d1-7432ccd3e7a8";
/// Name of [`ACCOUNT_ID`].
pub const ACCOUNT_NAME: &str = "Andersen Consulting Ltd";
/// The second account: Alice (not default) and Bob (default) are members.
/// Its userinfo `is_default` is rendered as a string ("true"/"false").
pub const SECOND_ACCOUNT_ID: &str = "18650277";
/// GUID of [`SECOND_ACCOUNT_ID`].
pub const SECOND_ACCOUNT_GUID: &str = "54baa61c-a904-4177-9908-e2e9c7c0999b";
/// Name of [`SECOND_ACCOUNT_ID`].
pub const SECOND_ACCOUNT_NAME: &str = "Brennan & Partners";

/// An envelope that exists in [`ACCOUNT_ID`] from the start (status "sent").
pub const ENVELOPE_ID: &str = "4462534f-439c-44ca-b672-737c4af34e3c";

/// The RSA public key registered for every fixture key (TEST ONLY).
pub const JWT_PUBLIC_KEY_PEM: &str = include_str!("../fixtures/jwt_public.pem");
/// The matching private key, PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`). TEST ONLY.
pub const JWT_PRIVATE_KEY_PKCS1_PEM: &str = include_str!("../fixtures/jwt_private_pkcs1.pem");
/// The same private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`). TEST ONLY.
pub const JWT_PRIVATE_KEY_PKCS8_PEM: &str = include_str!("../fixtures/jwt_private_pkcs8.pem");

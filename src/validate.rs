//! Checks applied to every credential field before it can be rendered.

use crate::error::{CredentialField, CredentialProblem, Error, Result};

/// Longest integrator key, username, password or send-on-behalf-of value
/// accepted, in bytes. DocuSign's own limits are far lower (emails 100,
/// passwords 50), so this only stops absurd input, not real credentials.
pub const MAX_FIELD_LEN: usize = 4096;

/// Longest access token accepted, in bytes. DocuSign's tokens are JWTs of
/// one to two kilobytes.
pub const MAX_TOKEN_LEN: usize = 16384;

/// Refuses what DocuSign cannot accept in a credential field: empty text,
/// over-long text, control characters (CR, LF, NUL, tab, DEL, C1), the
/// non-characters U+FFFE and U+FFFF (not allowed in XML) and leading or
/// trailing white space.
pub fn check_field(field: CredentialField, value: &str, max: usize) -> Result<()> {
    let fail = |problem| Err(Error::Credential { field, problem });
    if value.is_empty() {
        return fail(CredentialProblem::Empty);
    }
    if value.len() > max {
        return fail(CredentialProblem::TooLong {
            len: value.len(),
            max,
        });
    }
    for (at, c) in value.char_indices() {
        if c.is_control() {
            return fail(CredentialProblem::ControlCharacter { at });
        }
        if c == '\u{FFFE}' || c == '\u{FFFF}' {
            return fail(CredentialProblem::InvalidCharacter { at });
        }
    }
    let first = value.chars().next().is_some_and(char::is_whitespace);
    let last = value.chars().next_back().is_some_and(char::is_whitespace);
    if first || last {
        return fail(CredentialProblem::SurroundingWhitespace);
    }
    Ok(())
}

/// [`check_field`], then refuses `[` and `]`, which would make the SOAP
/// username `[IntegratorKey]username` ambiguous. Real keys are GUIDs.
pub fn check_integrator_key(value: &str) -> Result<()> {
    check_field(CredentialField::IntegratorKey, value, MAX_FIELD_LEN)?;
    if let Some(at) = value.find(['[', ']']) {
        return Err(Error::Credential {
            field: CredentialField::IntegratorKey,
            problem: CredentialProblem::InvalidCharacter { at },
        });
    }
    Ok(())
}

/// [`check_field`], then requires the RFC 6750 `b64token` alphabet
/// (letters, digits, `-._~+/`, trailing `=`), which every OAuth access token
/// DocuSign issues uses.
pub fn check_token(field: CredentialField, value: &str) -> Result<()> {
    check_field(field, value, MAX_TOKEN_LEN)?;
    let body_end = value.trim_end_matches('=').len();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~+/".contains(c);
    if let Some((at, _)) = value[..body_end].char_indices().find(|&(_, c)| !allowed(c)) {
        return Err(Error::Credential {
            field,
            problem: CredentialProblem::InvalidCharacter { at },
        });
    }
    if body_end == 0 {
        return Err(Error::Credential {
            field,
            problem: CredentialProblem::InvalidCharacter { at: 0 },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn kind(value: &str) -> Option<ErrorKind> {
        check_field(CredentialField::Username, value, 16)
            .err()
            .map(|e| e.kind())
    }

    #[test]
    fn refuses_each_problem() {
        assert_eq!(kind(""), Some(ErrorKind::CredentialEmpty));
        assert_eq!(kind(" a"), Some(ErrorKind::CredentialWhitespace));
        assert_eq!(kind("a\u{3000}"), Some(ErrorKind::CredentialWhitespace));
        assert_eq!(kind("a\rb"), Some(ErrorKind::CredentialControlCharacter));
        assert_eq!(kind("a\nb"), Some(ErrorKind::CredentialControlCharacter));
        assert_eq!(kind("a\0b"), Some(ErrorKind::CredentialControlCharacter));
        assert_eq!(kind("\ta"), Some(ErrorKind::CredentialControlCharacter));
        assert_eq!(kind("a\u{7f}"), Some(ErrorKind::CredentialControlCharacter));
        assert_eq!(
            kind("a\u{85}b"),
            Some(ErrorKind::CredentialControlCharacter)
        );
        assert_eq!(
            kind("a\u{FFFF}"),
            Some(ErrorKind::CredentialInvalidCharacter)
        );
        assert_eq!(kind(&"x".repeat(17)), Some(ErrorKind::CredentialTooLong));
        assert_eq!(kind(&"x".repeat(16)), None);
        assert!(check_field(CredentialField::Password, "a b \"<&>'\\ é 😀", 64).is_ok());
    }

    #[test]
    fn integrator_key_refuses_brackets() {
        assert!(check_integrator_key("abc]def").is_err());
        assert!(check_integrator_key("6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10").is_ok());
    }

    #[test]
    fn token_alphabet() {
        let ok = |t| check_token(CredentialField::AccessToken, t).is_ok();
        assert!(ok("eyJ0eXAi.eyJzdWIi-_~+/x=="));
        assert!(!ok("abc def"));
        assert!(!ok("abc\"def"));
        assert!(!ok("=="));
        assert!(!ok("ab=c"));
    }
}

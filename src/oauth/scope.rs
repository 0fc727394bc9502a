//! OAuth scopes: validated tokens, joined with spaces.

use crate::error::{CredentialField, CredentialProblem, Error, Result};

/// The scopes of the JWT grant when none are given.
pub const DEFAULT_JWT_SCOPES: &[&str] = &["signature", "impersonation"];

/// The scopes of the authorization code grant when none are given.
pub const DEFAULT_CODE_SCOPES: &[&str] = &["signature"];

/// Longest scope list accepted, in bytes once joined.
const MAX_SCOPE_LEN: usize = 1024;

/// Checks each scope as an RFC 6749 `scope-token` (printable ASCII but
/// space, `"` and `\`), and the list as a whole (not empty, at most 1 KiB
/// joined), and returns them owned, duplicates dropped, order kept.
pub(crate) fn check_scopes<S: AsRef<str>>(scopes: &[S]) -> Result<Vec<String>> {
    let fail = |problem| Error::Credential {
        field: CredentialField::Scope,
        problem,
    };
    if scopes.is_empty() {
        return Err(fail(CredentialProblem::Empty));
    }
    let mut out: Vec<String> = Vec::with_capacity(scopes.len());
    let mut offset = 0;
    for scope in scopes {
        let scope = scope.as_ref();
        if scope.is_empty() {
            return Err(fail(CredentialProblem::Empty));
        }
        for (at, c) in scope.char_indices() {
            if c.is_control() {
                return Err(fail(CredentialProblem::ControlCharacter {
                    at: offset + at,
                }));
            }
            if !matches!(c, '\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e') {
                return Err(fail(CredentialProblem::InvalidCharacter {
                    at: offset + at,
                }));
            }
        }
        offset += scope.len() + 1;
        if offset - 1 > MAX_SCOPE_LEN {
            // Stop at once: the duplicate check below is quadratic.
            return Err(fail(CredentialProblem::TooLong {
                len: scopes.iter().map(|s| s.as_ref().len() + 1).sum::<usize>() - 1,
                max: MAX_SCOPE_LEN,
            }));
        }
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_owned());
        }
    }
    Ok(out)
}

/// The scopes joined with single spaces.
pub(crate) fn join<S: AsRef<str>>(scopes: &[S]) -> String {
    let parts: Vec<&str> = scopes.iter().map(AsRef::as_ref).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn scope_tokens() {
        assert_eq!(
            check_scopes(&["signature", "impersonation", "signature"]).unwrap(),
            ["signature", "impersonation"]
        );
        assert!(check_scopes(&["dtr.rooms.read", "click.manage"]).is_ok());
        let kind = |s: &[&str]| check_scopes(s).unwrap_err().kind();
        assert_eq!(kind(&[]), ErrorKind::CredentialEmpty);
        assert_eq!(kind(&["signature", ""]), ErrorKind::CredentialEmpty);
        assert_eq!(kind(&["a b"]), ErrorKind::CredentialInvalidCharacter);
        assert_eq!(kind(&["a\"b"]), ErrorKind::CredentialInvalidCharacter);
        assert_eq!(kind(&["é"]), ErrorKind::CredentialInvalidCharacter);
        assert_eq!(kind(&["a\nb"]), ErrorKind::CredentialControlCharacter);
        assert_eq!(kind(&[&"x".repeat(1025)]), ErrorKind::CredentialTooLong);
        let err = check_scopes(&["signature", "bad scope"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid Scope: contains a character at byte 13 that cannot be sent (not allowed in XML, or in this field)"
        );
        assert_eq!(join(DEFAULT_JWT_SCOPES), "signature impersonation");
    }

    fn problem(scopes: &[&str]) -> CredentialProblem {
        match check_scopes(scopes) {
            Err(Error::Credential {
                field: CredentialField::Scope,
                problem,
            }) => problem,
            other => panic!("{scopes:?}: {other:?}"),
        }
    }

    /// Offsets count from the start of the joined list, spaces included.
    #[test]
    fn positions_are_in_the_joined_list() {
        assert_eq!(
            problem(&["ab", "cd", "e\nf"]),
            CredentialProblem::ControlCharacter { at: 7 }
        );
        assert_eq!(
            problem(&["ab", "cd", "e\"f"]),
            CredentialProblem::InvalidCharacter { at: 7 }
        );
    }

    /// 1,024 bytes joined is the limit; the error gives the joined length.
    #[test]
    fn the_limit_is_1024_bytes_joined() {
        let (a, b) = ("a".repeat(1000), "b".repeat(23));
        assert_eq!(check_scopes(&[&a, &b]).unwrap().len(), 2);
        let b = "b".repeat(24);
        assert_eq!(
            problem(&[&a, &b]),
            CredentialProblem::TooLong {
                len: 1025,
                max: 1024
            }
        );
        let b = "b".repeat(30);
        assert_eq!(
            problem(&[&a, &b, "c"]),
            CredentialProblem::TooLong {
                len: 1033,
                max: 1024
            }
        );
    }
}

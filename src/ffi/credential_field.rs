//! `dsauth_credential_field`: which credential field an error is about.

use std::ffi::{c_char, c_uint, CStr};

use super::{guard, static_cstr, OnPanic};
use crate::CredentialField;

/// A credential field, as reported by `dsauth_error_field`. Values are
/// explicit and append-only.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_credential_field {
    /// The error is not about one credential field.
    None = 0,
    IntegratorKey = 1,
    Username = 2,
    Password = 3,
    SendOnBehalfOf = 4,
    AccessToken = 5,
    UserId = 6,
    ClientSecret = 7,
    RefreshToken = 8,
    AuthorizationCode = 9,
    RedirectUri = 10,
    Scope = 11,
    AccountId = 12,
}

impl dsauth_credential_field {
    /// Every value, in order.
    const ALL: &'static [dsauth_credential_field] = &[
        Self::None,
        Self::IntegratorKey,
        Self::Username,
        Self::Password,
        Self::SendOnBehalfOf,
        Self::AccessToken,
        Self::UserId,
        Self::ClientSecret,
        Self::RefreshToken,
        Self::AuthorizationCode,
        Self::RedirectUri,
        Self::Scope,
        Self::AccountId,
    ];

    pub(crate) fn from_core(field: CredentialField) -> Self {
        use dsauth_credential_field as F;
        match field {
            CredentialField::IntegratorKey => F::IntegratorKey,
            CredentialField::Username => F::Username,
            CredentialField::Password => F::Password,
            CredentialField::SendOnBehalfOf => F::SendOnBehalfOf,
            CredentialField::AccessToken => F::AccessToken,
            CredentialField::UserId => F::UserId,
            CredentialField::ClientSecret => F::ClientSecret,
            CredentialField::RefreshToken => F::RefreshToken,
            CredentialField::AuthorizationCode => F::AuthorizationCode,
            CredentialField::RedirectUri => F::RedirectUri,
            CredentialField::Scope => F::Scope,
            CredentialField::AccountId => F::AccountId,
        }
    }

    fn name(self) -> &'static CStr {
        use dsauth_credential_field as F;
        match self {
            F::None => c"",
            F::IntegratorKey => c"IntegratorKey",
            F::Username => c"Username",
            F::Password => c"Password",
            F::SendOnBehalfOf => c"SendOnBehalfOf",
            F::AccessToken => c"AccessToken",
            F::UserId => c"UserId",
            F::ClientSecret => c"ClientSecret",
            F::RefreshToken => c"RefreshToken",
            F::AuthorizationCode => c"AuthorizationCode",
            F::RedirectUri => c"RedirectUri",
            F::Scope => c"Scope",
            F::AccountId => c"AccountId",
        }
    }
}

impl OnPanic for dsauth_credential_field {
    fn on_panic() -> Self {
        dsauth_credential_field::None
    }
}

/// The name of a credential field as DocuSign spells it (e.g. "Username");
/// "" for `DSAUTH_CREDENTIAL_FIELD_NONE`.
///
/// Ownership: the returned text is static, NUL-terminated and never freed.
/// Threads: any thread.
/// Returns: NULL when `field` is not a `DSAUTH_CREDENTIAL_FIELD_*` value.
#[no_mangle]
pub extern "C" fn dsauth_credential_field_name(field: c_uint) -> *const c_char {
    guard(|| {
        dsauth_credential_field::ALL
            .iter()
            .find(|f| **f as u32 == field)
            .map_or(std::ptr::null(), |f| static_cstr(f.name()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_core() {
        for (i, f) in dsauth_credential_field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
        }
        let fields = [
            CredentialField::IntegratorKey,
            CredentialField::Username,
            CredentialField::Password,
            CredentialField::SendOnBehalfOf,
            CredentialField::AccessToken,
            CredentialField::UserId,
            CredentialField::ClientSecret,
            CredentialField::RefreshToken,
            CredentialField::AuthorizationCode,
            CredentialField::RedirectUri,
            CredentialField::Scope,
            CredentialField::AccountId,
        ];
        for field in fields {
            let c = dsauth_credential_field::from_core(field);
            let name = unsafe { CStr::from_ptr(dsauth_credential_field_name(c as u32)) };
            assert_eq!(name.to_str().unwrap(), field.name());
        }
        assert!(dsauth_credential_field_name(13).is_null());
    }
}

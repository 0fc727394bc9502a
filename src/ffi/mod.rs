//! The C ABI. Nothing outside this module knows C exists.
//!
//! One file per C type (`dsauth_result`, `dsauth_error`,
//! `dsauth_credentials`, …); this file holds what they share:
//!
//! * the panic boundary ([`guard`], [`run`]): every export runs its body
//!   under `catch_unwind`, so a panic becomes `DSAUTH_RESULT_PANIC` (or NULL,
//!   or a static text) instead of unwinding into C;
//! * argument checks ([`arg_str`], [`OutPtr`], [`TextOut`], and for handles
//!   [`handle::arg_ref`]): NULL becomes `DSAUTH_RESULT_NULL_ARGUMENT`,
//!   invalid UTF-8 `DSAUTH_RESULT_INVALID_UTF8`;
//! * [`handle`]: borrow, clone and free of every handle type, written once;
//! * [`Failure`], the error type of an export's body, and the conversion of
//!   a core [`crate::Error`] into a `dsauth_result` plus an optional
//!   `dsauth_error` ([`error::convert`]).
//!
//! The exports are `unsafe extern "C" fn`: their one safety contract is the
//! header's, stated once here rather than on every function: every pointer
//! argument is NULL or valid for its documented type and use (strings
//! NUL-terminated, buffers at least `len` bytes, handles obtained from this
//! library and not yet freed).
//!
//! The header `include/dsauth.h` is generated from the files of this
//! directory only (see `tests/header.rs`); the `///` comments of the exports
//! are the C documentation.

#![deny(unsafe_op_in_unsafe_fn)]
#![allow(clippy::missing_safety_doc)] // see the contract above
#![allow(non_camel_case_types)] // C type names: dsauth_<noun>

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

pub mod authorization_code_grant;
pub mod client;
pub mod client_options;
pub mod credential_field;
pub mod credentials;
pub mod environment;
pub mod error;
mod handle;
pub mod header_format;
pub mod log;
pub mod method;
pub mod pkce;
pub mod polling_guard;
pub mod request;
pub mod response;
pub mod result;
pub mod shared_state;
pub mod soap_endpoint;
pub mod user_info;
pub mod version;

use self::error::dsauth_error;
use self::result::dsauth_result;

/// Why an export failed: a core error, or a C-level argument problem.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error from the Rust core; converted by [`error::convert`].
    Core(crate::Error),
    /// A problem only the C ABI knows (NULL, bad UTF-8, a small buffer, an
    /// unknown enum value).
    Ffi {
        result: dsauth_result,
        message: String,
    },
}

impl Failure {
    pub(crate) fn new(result: dsauth_result, message: impl Into<String>) -> Self {
        Failure::Ffi {
            result,
            message: message.into(),
        }
    }

    pub(crate) fn null(name: &str) -> Self {
        Failure::new(
            dsauth_result::NullArgument,
            format!("argument `{name}` is NULL"),
        )
    }

    pub(crate) fn invalid(name: &str, reason: &str) -> Self {
        Failure::new(
            dsauth_result::InvalidArgument,
            format!("invalid argument `{name}`: {reason}"),
        )
    }

    /// The result code this failure returns.
    pub(crate) fn result(&self) -> dsauth_result {
        match self {
            Failure::Core(err) => dsauth_result::from_kind(err.kind()),
            Failure::Ffi { result, .. } => *result,
        }
    }
}

impl From<crate::Error> for Failure {
    fn from(err: crate::Error) -> Self {
        Failure::Core(err)
    }
}

/// What an export returns when its body panicked.
pub(crate) trait OnPanic {
    fn on_panic() -> Self;
}

impl OnPanic for dsauth_result {
    fn on_panic() -> Self {
        dsauth_result::Panic
    }
}

impl<T> OnPanic for *const T {
    fn on_panic() -> Self {
        ptr::null()
    }
}

impl<T> OnPanic for *mut T {
    fn on_panic() -> Self {
        ptr::null_mut()
    }
}

macro_rules! on_panic_zero {
    ($($t:ty),*) => { $(impl OnPanic for $t { fn on_panic() -> Self { 0 } })* };
}
on_panic_zero!(u16, u32, u64, usize);

impl OnPanic for bool {
    fn on_panic() -> Self {
        false
    }
}

impl OnPanic for () {
    fn on_panic() -> Self {}
}

/// Runs `body` under the panic boundary; a panic returns
/// [`OnPanic::on_panic`]. For exports that do not return a `dsauth_result`.
pub(crate) fn guard<R: OnPanic>(body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| R::on_panic())
}

/// Runs the body of a fallible export under the panic boundary and turns
/// its outcome into a `dsauth_result`, keeping the `error_out` contract
/// stated once at the top of the header (cbindgen.toml).
pub(crate) fn run(
    error_out: *mut *mut dsauth_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> dsauth_result {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return dsauth_result::Ok,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::new(
            dsauth_result::Panic,
            "dsauth panicked (a bug in dsauth; please report it)",
        ),
    };
    let result = failure.result();
    if !error_out.is_null() {
        // Building the error may itself panic only on allocation failure;
        // keep that from unwinding into C too.
        if let Ok(detail) = catch_unwind(AssertUnwindSafe(|| error::convert_failure(failure))) {
            // SAFETY: error_out is non-NULL and, by the header's contract,
            // valid for a write.
            unsafe { error_out.write(handle::to_box(detail)) };
        }
    }
    result
}

/// [`run`] for exports without an `error_out` parameter.
pub(crate) fn run_plain(body: impl FnOnce() -> Result<(), Failure>) -> dsauth_result {
    run(ptr::null_mut(), body)
}

/// A NUL-terminated UTF-8 argument.
///
/// # Safety
/// `p` is NULL or points at a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn arg_str<'a>(p: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(p) };
    bytes.to_str().map_err(|e| {
        Failure::new(
            dsauth_result::InvalidUtf8,
            format!(
                "argument `{name}` is not valid UTF-8 (at byte {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Like [`arg_str`], but NULL means "absent".
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_opt_str<'a>(
    p: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(p, name) }.map(Some)
    }
}

/// An output pointer, checked for NULL before any work is done and written
/// only on success.
pub(crate) struct OutPtr<T>(*mut T);

impl<T> OutPtr<T> {
    pub(crate) fn new(p: *mut T, name: &str) -> Result<Self, Failure> {
        if p.is_null() {
            Err(Failure::null(name))
        } else {
            Ok(OutPtr(p))
        }
    }

    /// # Safety
    /// The pointer given to [`OutPtr::new`] is valid for a write of `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: non-NULL, and valid by the caller's contract.
        unsafe { self.0.write(value) }
    }
}

/// A caller's text buffer `(char *buf, size_t len, size_t *out_n)`.
///
/// On success the text and a NUL are written and `*out_n` is the text's
/// length without the NUL. When `len` is smaller than that length + 1,
/// `DSAUTH_RESULT_INSUFFICIENT_SIZE` is returned, `*out_n` is set to the
/// needed length (without the NUL) and `buf` is left untouched. `buf` may
/// be NULL only when `len` is 0 (a size query).
pub(crate) struct TextOut {
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
}

impl TextOut {
    /// Checks the pointers before any work is done.
    pub(crate) fn new(buf: *mut c_char, len: usize, out_n: *mut usize) -> Result<Self, Failure> {
        if out_n.is_null() {
            return Err(Failure::null("out_n"));
        }
        if buf.is_null() && len > 0 {
            return Err(Failure::null("buf"));
        }
        Ok(TextOut { buf, len, out_n })
    }

    /// Writes `text` (which holds no NUL) as described on [`TextOut`].
    ///
    /// # Safety
    /// `buf` is valid for `len` bytes of writes and `out_n` for one write.
    pub(crate) unsafe fn write(self, text: &str) -> Result<(), Failure> {
        let needed = text.len();
        if self.len <= needed {
            // SAFETY: out_n checked non-NULL in `new`.
            unsafe { self.out_n.write(needed) };
            return Err(Failure::new(
                dsauth_result::InsufficientSize,
                format!(
                    "the buffer holds {} bytes, {} are needed (text and NUL)",
                    self.len,
                    needed + 1
                ),
            ));
        }
        // SAFETY: buf is non-NULL (len > needed >= 0) and holds `len` bytes,
        // at least needed + 1; `text` cannot overlap a buffer the caller
        // owns.
        unsafe {
            ptr::copy_nonoverlapping(text.as_ptr(), self.buf.cast::<u8>(), needed);
            self.buf.add(needed).write(0);
            self.out_n.write(needed);
        }
        Ok(())
    }
}

/// A static NUL-terminated string as a C pointer.
pub(crate) fn static_cstr(text: &'static CStr) -> *const c_char {
    text.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::error::{dsauth_error_free, dsauth_error_message, dsauth_error_result};
    use super::*;

    #[test]
    fn a_panic_becomes_a_result_and_an_error() {
        let mut err: *mut dsauth_error = ptr::null_mut();
        let result = run(&mut err, || panic!("boom"));
        assert_eq!(result, dsauth_result::Panic);
        assert!(!err.is_null());
        unsafe {
            assert_eq!(dsauth_error_result(err), dsauth_result::Panic);
            let message = CStr::from_ptr(dsauth_error_message(err)).to_str().unwrap();
            assert!(message.contains("panicked"), "{message}");
            dsauth_error_free(err);
        }
        assert_eq!(run_plain(|| panic!("boom")), dsauth_result::Panic);
        let p: *const c_char = guard(|| panic!("boom"));
        assert!(p.is_null());
        assert_eq!(guard::<u64>(|| panic!("boom")), 0);
    }

    #[test]
    fn error_out_is_written_only_on_failure() {
        let sentinel = 0x10 as *mut dsauth_error;
        let mut err = sentinel;
        assert_eq!(run(&mut err, || Ok(())), dsauth_result::Ok);
        assert_eq!(err, sentinel);
        assert_eq!(
            run(ptr::null_mut(), || Err(Failure::null("x"))),
            dsauth_result::NullArgument
        );
    }

    #[test]
    fn text_out_protocol() {
        let mut n = 0usize;
        assert!(TextOut::new(ptr::null_mut(), 0, &mut n).is_ok());
        assert!(TextOut::new(ptr::null_mut(), 1, &mut n).is_err());
        let mut buf = [b'Z' as c_char; 4];
        let out = TextOut::new(buf.as_mut_ptr(), 4, ptr::null_mut());
        assert_eq!(out.err().unwrap().result(), dsauth_result::NullArgument);

        let out = TextOut::new(buf.as_mut_ptr(), 4, &mut n).unwrap();
        let failure = unsafe { out.write("abcd") }.unwrap_err();
        assert_eq!(failure.result(), dsauth_result::InsufficientSize);
        assert_eq!(n, 4);
        assert!(buf.iter().all(|&b| b == b'Z' as c_char));

        let out = TextOut::new(buf.as_mut_ptr(), 4, &mut n).unwrap();
        unsafe { out.write("abc") }.unwrap();
        assert_eq!(n, 3);
        assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str(), Ok("abc"));
    }

    #[test]
    fn string_arguments() {
        assert_eq!(
            unsafe { arg_str(ptr::null(), "x") }.unwrap_err().result(),
            dsauth_result::NullArgument
        );
        let bad = c"ab\xffc";
        let failure = unsafe { arg_str(bad.as_ptr(), "name") }.unwrap_err();
        assert_eq!(failure.result(), dsauth_result::InvalidUtf8);
        assert!(format!("{failure:?}").contains("at byte 2"));
        assert_eq!(unsafe { arg_opt_str(ptr::null(), "x") }.unwrap(), None);
        assert_eq!(
            unsafe { arg_opt_str(c"é".as_ptr(), "x") }.unwrap(),
            Some("é")
        );
    }
}

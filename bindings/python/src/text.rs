//! Python `str` arguments turned into Rust strings without ever quoting
//! them in an error (Python's own `UnicodeEncodeError` carries the whole
//! string in its repr, which would leak a password with a lone surrogate).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use zeroize::Zeroizing;

use dsauth::{CredentialField, CredentialProblem, Error};

use crate::errors::to_py_err;

/// Where the first lone surrogate of `s` is, as a UTF-8 byte offset.
fn surrogate_offset(py: Python<'_>, s: &Bound<'_, PyString>, err: PyErr) -> usize {
    let start: usize = err
        .value(py)
        .getattr("start")
        .and_then(|v| v.extract())
        .unwrap_or(0);
    drop(err);
    s.to_string_lossy()
        .chars()
        .take(start)
        .map(char::len_utf8)
        .sum()
}

fn as_py_str<'a, 'py>(
    obj: &'a Bound<'py, PyAny>,
    name: &str,
) -> PyResult<&'a Bound<'py, PyString>> {
    obj.cast::<PyString>().map_err(|_| {
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{name} must be str, not {type_name}"))
    })
}

/// A credential field: a `str`, returned in memory that is wiped on drop.
/// A lone surrogate is a `CredentialError` naming the field and the byte
/// offset, never the value.
pub fn credential(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    name: &str,
    field: CredentialField,
) -> PyResult<Zeroizing<String>> {
    let s = as_py_str(obj, name)?;
    match s.to_cow() {
        Ok(text) => Ok(Zeroizing::new(text.into_owned())),
        Err(err) => {
            let at = surrogate_offset(py, s, err);
            Err(to_py_err(
                py,
                Error::Credential {
                    field,
                    problem: CredentialProblem::InvalidCharacter { at },
                },
            ))
        }
    }
}

/// Any other text argument (`name` is a static argument name). A lone
/// surrogate is an `InvalidArgumentError` that does not quote the value.
pub fn argument(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &'static str) -> PyResult<String> {
    let s = as_py_str(obj, name)?;
    match s.to_cow() {
        Ok(text) => Ok(text.into_owned()),
        Err(err) => {
            let at = surrogate_offset(py, s, err);
            Err(to_py_err(
                py,
                Error::InvalidArgument {
                    name,
                    reason: format!(
                        "contains a lone surrogate at byte {at}, which is not text that can be sent"
                    ),
                },
            ))
        }
    }
}

/// `s` quoted as Python's `repr()` quotes it.
pub fn repr(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

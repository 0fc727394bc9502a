//! Pickling. Plain values (`Environment`, `Account`, `RateLimit`) pickle
//! as `(Class._restore, fields)`; a classmethod, so pickle stores it by the
//! class's name. Objects holding a secret or a connection refuse with
//! [`refused`]: a pickle lands on disk and in queues in clear, and a
//! connection pool cannot cross processes.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The `TypeError` of `dsauth.<class>`'s `__reduce__`, saying `why`.
pub fn refused(class: &str, why: &str) -> PyErr {
    PyTypeError::new_err(format!("cannot pickle dsauth.{class}: {why}"))
}

/// `(cls._restore, fields)`, the `__reduce__` of a plain value.
pub fn restore_with<'py, T: IntoPyObject<'py>>(
    slf: &Bound<'py, PyAny>,
    fields: T,
) -> PyResult<Bound<'py, PyTuple>> {
    let restore = slf.get_type().getattr("_restore")?;
    (restore, fields).into_pyobject(slf.py())
}

//! Handles: how a C pointer maps to the Rust value behind it, after
//! rustls-ffi's `Castable`. Borrow, clone and free are written once here.
//!
//! Each C type declares its Rust value and ownership with [`box_castable!`]
//! (the pointer is `Box::into_raw`: one owner, who may change and frees it)
//! or [`arc_castable!`] (the pointer is `Arc::into_raw`: immutable, shared;
//! `_clone` adds a reference, `_free` drops one). The ownership is an
//! associated type, so a type cannot be freed the wrong way.
//!
//! Every function here is `unsafe` with one contract, the header's: a
//! pointer is NULL or a live handle of its type from this library (and, for
//! [`arg_mut`], used by no other thread).

use std::sync::Arc;

use super::Failure;

/// The pointer is `Box::into_raw` of a `Box<RustType>`.
pub(crate) struct OwnershipBox;

/// The pointer is `Arc::into_raw` of an `Arc<RustType>`.
pub(crate) struct OwnershipArc;

/// A C handle type and the Rust value it points at.
pub(crate) trait Castable {
    /// [`OwnershipBox`] or [`OwnershipArc`].
    type Ownership;
    /// The value behind the pointer.
    type RustType;
}

/// `box_castable!(dsauth_x => RustType)`: `dsauth_x` is a boxed
/// `RustType`; `box_castable!(dsauth_x)`: a boxed `dsauth_x` (a C view
/// built from a core value).
macro_rules! box_castable {
    ($c:ty => $rust:ty) => {
        impl $crate::ffi::handle::Castable for $c {
            type Ownership = $crate::ffi::handle::OwnershipBox;
            type RustType = $rust;
        }
    };
    ($c:ty) => {
        box_castable!($c => $c);
    };
}

/// `arc_castable!(dsauth_x => RustType)`: `dsauth_x` is a `RustType` in an
/// `Arc`.
macro_rules! arc_castable {
    ($c:ty => $rust:ty) => {
        impl $crate::ffi::handle::Castable for $c {
            type Ownership = $crate::ffi::handle::OwnershipArc;
            type RustType = $rust;
        }
    };
}

pub(crate) use {arc_castable, box_castable};

/// The value behind `p`; `None` for NULL. For accessors that answer NULL
/// with a default.
pub(crate) unsafe fn try_ref<'a, C: Castable>(p: *const C) -> Option<&'a C::RustType> {
    // SAFETY: a live handle points at its RustType (Box::into_raw and
    // Arc::into_raw both give the value's address).
    unsafe { p.cast::<C::RustType>().as_ref() }
}

/// The value behind the argument `p`; NULL is
/// `DSAUTH_RESULT_NULL_ARGUMENT` naming `name`.
pub(crate) unsafe fn arg_ref<'a, C: Castable>(
    p: *const C,
    name: &str,
) -> Result<&'a C::RustType, Failure> {
    // SAFETY: forwarded contract.
    unsafe { try_ref(p) }.ok_or_else(|| Failure::null(name))
}

/// The value behind the argument `p`, to change; NULL as in [`arg_ref`].
pub(crate) unsafe fn arg_mut<'a, C: Castable<Ownership = OwnershipBox>>(
    p: *mut C,
    name: &str,
) -> Result<&'a mut C::RustType, Failure> {
    // SAFETY: a live boxed handle with one owner, used by one thread.
    unsafe { p.cast::<C::RustType>().as_mut() }.ok_or_else(|| Failure::null(name))
}

/// A new boxed handle owning `value`.
pub(crate) fn to_box<C: Castable<Ownership = OwnershipBox>>(value: C::RustType) -> *mut C {
    Box::into_raw(Box::new(value)).cast()
}

/// Frees a boxed handle; NULL is ignored.
pub(crate) unsafe fn free_box<C: Castable<Ownership = OwnershipBox>>(p: *mut C) {
    if !p.is_null() {
        // SAFETY: the handle came from `to_box` and is freed once.
        drop(unsafe { Box::from_raw(p.cast::<C::RustType>()) });
    }
}

/// A new shared handle holding the first reference to `value`.
pub(crate) fn to_arc<C: Castable<Ownership = OwnershipArc>>(value: C::RustType) -> *const C {
    Arc::into_raw(Arc::new(value)).cast()
}

/// Adds a reference to a shared handle and returns it; NULL gives NULL.
pub(crate) unsafe fn clone_arc<C: Castable<Ownership = OwnershipArc>>(p: *const C) -> *const C {
    if !p.is_null() {
        // SAFETY: the handle came from `to_arc` and is alive.
        unsafe { Arc::increment_strong_count(p.cast::<C::RustType>()) };
    }
    p
}

/// Drops one reference to a shared handle; NULL is ignored.
pub(crate) unsafe fn free_arc<C: Castable<Ownership = OwnershipArc>>(p: *const C) {
    if !p.is_null() {
        // SAFETY: the handle came from `to_arc`; the caller gives its
        // reference back once.
        drop(unsafe { Arc::from_raw(p.cast::<C::RustType>()) });
    }
}

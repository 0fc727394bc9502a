//! The C ABI. Nothing outside this module knows C exists.

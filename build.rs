//! Gives the C library (the cdylib) its SONAME, `libdsauth.so.<major>`, on
//! ELF targets in release builds (the `release` and `dist` profiles, which
//! `make install` installs): programs linked against it record that name
//! rather than the path it was built at. The major version is the C ABI's:
//! within one, 0 included, the ABI only grows (README, "Compatibility").
//!
//! Debug builds have none, so that programs built in the tree against
//! target/debug (the tests, the quick starts) find `libdsauth.so` there;
//! `make release` adds the `libdsauth.so.<major>` link in target/dist.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let elf = matches!(
        var("CARGO_CFG_TARGET_OS").as_str(),
        "linux"
            | "android"
            | "freebsd"
            | "netbsd"
            | "openbsd"
            | "dragonfly"
            | "illumos"
            | "solaris"
    );
    if elf && var("PROFILE") == "release" {
        let major = var("CARGO_PKG_VERSION_MAJOR");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libdsauth.so.{major}");
    }
}

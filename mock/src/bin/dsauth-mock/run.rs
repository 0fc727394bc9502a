//! `dsauth-mock run [OPTIONS] [--] COMMAND [ARGS...]`: the stand-in for as
//! long as one command runs.
//!
//! The stand-in serves from this process; COMMAND is its child, with
//!
//! - `DSAUTH_MOCK_HTTP`: the plain-HTTP base URL (`http://127.0.0.1:PORT`),
//! - `DSAUTH_MOCK_HTTPS`: the HTTPS base URL (`https://127.0.0.1:PORT`),
//! - `DSAUTH_BASE_URL`: the HTTPS base URL again (what the quick starts read),
//! - `DSAUTH_CA_FILE`: the stand-in's CA certificate (PEM).
//!
//! SIGINT and SIGTERM are passed on to COMMAND. When COMMAND ends, the
//! stand-in stops (its temporary CA file is removed) and `run` exits with
//! COMMAND's status, 128 + N when signal N ended it. The stand-in lives in
//! this process, so it cannot outlive it; on Linux, COMMAND gets SIGKILL if
//! this process dies, so COMMAND cannot outlive it either.

use std::ffi::OsString;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus};
use std::sync::mpsc;

use dsauth_mock::{Config, MockServer};

use crate::{fail, signals};

/// What the launcher waits for.
enum Event {
    Signal(libc::c_int),
    /// COMMAND has ended; it is not reaped yet, so its pid still names it.
    Exited,
}

/// Runs `command` (program and arguments) with the stand-in up; returns the
/// exit status for this process.
pub fn run(config: Config, command: &[OsString]) -> i32 {
    let (events, next_event) = mpsc::channel();
    {
        let events = events.clone();
        signals::watch(move |sig| {
            let _ = events.send(Event::Signal(sig));
        });
    }
    let server = MockServer::start(config).unwrap_or_else(|e| fail(&format!("cannot start: {e}")));

    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..])
        .env("DSAUTH_MOCK_HTTP", server.http_url())
        .env("DSAUTH_MOCK_HTTPS", server.https_url())
        .env("DSAUTH_BASE_URL", server.https_url())
        .env("DSAUTH_CA_FILE", server.ca_path());
    prepare_child(&mut cmd);
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("dsauth-mock run: cannot run {:?}: {e}", command[0]);
            // As shells do: 127 not found, 126 found but not runnable.
            return if e.kind() == io::ErrorKind::NotFound {
                127
            } else {
                126
            };
        }
    };
    let pid = child.id() as libc::pid_t;
    std::thread::spawn(move || {
        wait_until_exited(pid);
        let _ = events.send(Event::Exited);
    });

    for event in next_event {
        match event {
            // SAFETY: `pid` is our unreaped child (only this thread reaps it,
            // below), so it cannot name another process.
            Event::Signal(sig) => unsafe {
                libc::kill(pid, sig);
            },
            Event::Exited => break,
        }
    }
    let status = child.wait();
    drop(server);
    match status {
        Ok(status) => exit_code(status),
        Err(e) => {
            eprintln!("dsauth-mock run: cannot wait for {:?}: {e}", command[0]);
            2
        }
    }
}

/// Blocks until process `pid` (a child) has ended, without reaping it.
fn wait_until_exited(pid: libc::pid_t) {
    loop {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid;
        // WNOWAIT leaves the child to `Child::wait`.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if rc == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}

/// COMMAND's status as a shell reports it: its exit code, or 128 + N when
/// signal N ended it.
fn exit_code(status: ExitStatus) -> i32 {
    status
        .code()
        .or_else(|| status.signal().map(|sig| 128 + sig))
        .unwrap_or(1)
}

/// Sets up the child between fork and exec: the default signal mask (a
/// child inherits the launcher's, which blocks SIGINT and SIGTERM) and, on
/// Linux, SIGKILL when this process dies, even by SIGKILL (strictly: when
/// the spawning thread ends; `run` spawns from the main thread, which lives
/// until the process exits).
fn prepare_child(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    let launcher = std::process::id() as libc::pid_t;
    // SAFETY: the closure runs between fork and exec and calls only
    // async-signal-safe functions (sigemptyset, sigprocmask, prctl, getppid,
    // _exit) on its own stack; it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let mut empty: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut empty);
            if libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
            #[cfg(target_os = "linux")]
            {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(io::Error::last_os_error());
                }
                // The launcher died before prctl took effect.
                if libc::getppid() != launcher {
                    libc::_exit(128 + libc::SIGKILL);
                }
            }
            Ok(())
        });
    }
}

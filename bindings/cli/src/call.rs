//! `dsauth call`: an authenticated REST call, its answer printed bare,
//! with the status line and headers (`--include`), or as JSON (`--json`).

use std::io::{Read, Write};

use dsauth::{Client, Request, Response};

use crate::cli::CallArgs;
use crate::exit::Failure;

pub fn call(client: &Client, args: CallArgs) -> Result<(), Failure> {
    let mut request = Request::new(args.method, &args.path);
    for (key, value) in &args.query {
        request.add_query(key, value);
    }
    let mut content_type = "application/json".to_owned();
    for (name, value) in args.headers {
        if args.input.is_some() && name.eq_ignore_ascii_case("content-type") {
            content_type = value;
        } else {
            request.add_header(&name, &value);
        }
    }
    if let Some(path) = &args.input {
        let body = read_input(path)?;
        request.set_body(body, &content_type)?;
    }
    let response = client.send(&request)?;
    let mut out = std::io::stdout().lock();
    // A closed output (`| head`) is not worth reporting.
    let _ = if args.json {
        writeln!(out, "{}", as_json(&response))
    } else {
        if args.include {
            let _ = writeln!(out, "HTTP {}", response.status());
            for (name, value) in response.headers() {
                let _ = writeln!(out, "{name}: {value}");
            }
            let _ = writeln!(out);
        } else {
            eprintln!("HTTP {}", response.status());
        }
        write_body(&mut out, response.body())
    };
    Ok(())
}

/// The body from the file at `path`, or from standard input for `-`.
fn read_input(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut body).map(|_| ())
    } else {
        std::fs::read(path).map(|bytes| body = bytes)
    };
    read.map_err(|e| Failure::Usage(format!("--input {}: {e}", path.display())))?;
    Ok(body)
}

fn write_body(out: &mut impl Write, body: &[u8]) -> std::io::Result<()> {
    out.write_all(body)?;
    if !body.is_empty() && !body.ends_with(b"\n") {
        writeln!(out)?;
    }
    Ok(())
}

/// `{status, headers, trace_token, rate_limit, body}`: header names in
/// lower case (repeated ones joined with `, `), the body as JSON when it is
/// JSON, else as text, `null` when empty.
fn as_json(response: &Response) -> serde_json::Value {
    let mut headers = serde_json::Map::new();
    for (name, value) in response.headers() {
        let name = name.to_ascii_lowercase();
        let joined = match headers.get(&name).and_then(|v| v.as_str()) {
            Some(earlier) => format!("{earlier}, {value}"),
            None => value.clone(),
        };
        headers.insert(name, joined.into());
    }
    let rate = response.rate_limit();
    let body = response.body();
    let body = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => value,
        Err(_) if body.is_empty() => serde_json::Value::Null,
        Err(_) => String::from_utf8_lossy(body).into_owned().into(),
    };
    serde_json::json!({
        "status": response.status(),
        "headers": headers,
        "trace_token": response.trace_token(),
        "rate_limit": {
            "limit": rate.limit,
            "remaining": rate.remaining,
            "reset_at": rate.reset_at,
            "burst_limit": rate.burst_limit,
            "burst_remaining": rate.burst_remaining,
        },
        "body": body,
    })
}

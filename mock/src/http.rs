//! A small HTTP/1.1 server: request parsing, response writing, keep-alive,
//! over a plain TCP stream or a rustls stream. Hand-rolled so that fault
//! injection can cut a response at the byte it wants.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One parsed request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path, as sent (not percent-decoded), without the query.
    pub path: String,
    /// The raw query string (after `?`), empty if none.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// "http" or "https": the listener's scheme.
    pub scheme: &'static str,
    /// HTTP/1.0 (no keep-alive unless asked).
    pub http10: bool,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The Host header (what the client thinks the server is called).
    pub fn host(&self) -> &str {
        self.header("host").unwrap_or("127.0.0.1")
    }

    /// Decoded query parameters.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        crate::util::parse_form(&self.query)
    }

    fn wants_close(&self) -> bool {
        match self.header("connection") {
            Some(v) if v.to_ascii_lowercase().contains("close") => true,
            Some(v) if v.to_ascii_lowercase().contains("keep-alive") => false,
            _ => self.http10,
        }
    }
}

/// What to send back.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// A JSON document of exactly this many bytes (fault "oversized").
    Oversized(usize),
}

/// A response, plus fault-injection instructions for the writer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Send the head and this many body bytes, then cut the connection.
    pub drop_after: Option<usize>,
    /// Close the connection after this response.
    pub close: bool,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            drop_after: None,
            close: false,
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(
            status,
            "application/json; charset=utf-8",
            serde_json::to_vec(value).expect("json"),
        )
    }

    pub fn empty(status: u16) -> Self {
        Response {
            status,
            headers: vec![],
            body: Body::Bytes(vec![]),
            drop_after: None,
            close: false,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
    }

    pub fn body_bytes(&self) -> &[u8] {
        match &self.body {
            Body::Bytes(b) => b,
            Body::Oversized(_) => &[],
        }
    }

    fn body_len(&self) -> usize {
        match &self.body {
            Body::Bytes(b) => b.len(),
            Body::Oversized(n) => *n,
        }
    }
}

/// A byte stream that has a TCP socket under it.
pub trait Conn: Read + Write {
    fn tcp(&self) -> &TcpStream;
    /// Orderly end (TLS close_notify, then FIN).
    fn finish(&mut self) {
        let _ = self.flush();
        let _ = self.tcp().shutdown(Shutdown::Both);
    }
}

impl Conn for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Conn for rustls::StreamOwned<rustls::ServerConnection, TcpStream> {
    fn tcp(&self) -> &TcpStream {
        &self.sock
    }
    fn finish(&mut self) {
        self.conn.send_close_notify();
        let _ = self.flush();
        let _ = self.sock.shutdown(Shutdown::Both);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

fn read_line_limited<R: BufRead>(r: &mut R, budget: &mut usize) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = r
        .by_ref()
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget {
        return Err(bad("request head too large"));
    }
    *budget -= n;
    if line.last() != Some(&b'\n') {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "truncated head",
        ));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads one request. `Ok(None)`: the peer closed between requests.
fn read_request<C: Conn>(
    r: &mut BufReader<C>,
    scheme: &'static str,
) -> io::Result<Option<Request>> {
    let mut budget = MAX_HEAD;
    // Tolerate empty lines before a request (RFC 9112 §2.2).
    let line = loop {
        match read_line_limited(r, &mut budget)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let line = String::from_utf8(line).map_err(|_| bad("request line is not UTF-8"))?;
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => return Err(bad("malformed request line")),
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(bad("unsupported HTTP version")),
    };
    let mut headers = Vec::new();
    loop {
        let l = read_line_limited(r, &mut budget)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "truncated head"))?;
        if l.is_empty() {
            break;
        }
        let l = String::from_utf8_lossy(&l).into_owned();
        let (k, v) = l.split_once(':').ok_or_else(|| bad("malformed header"))?;
        if k.is_empty() || k.contains(' ') {
            return Err(bad("malformed header name"));
        }
        headers.push((k.to_string(), v.trim().to_string()));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.to_string(), String::new()),
    };
    let mut req = Request {
        method: method.to_string(),
        path,
        query,
        headers,
        body: Vec::new(),
        scheme,
        http10,
    };
    if req
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let w = r.get_mut();
        w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        w.flush()?;
    }
    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let mut body = Vec::new();
        loop {
            let mut b = MAX_HEAD;
            let size_line = read_line_limited(r, &mut b)?
                .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "truncated chunk"))?;
            let size_str = String::from_utf8_lossy(&size_line);
            let size_str = size_str.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_str, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                // trailers
                loop {
                    let t = read_line_limited(r, &mut b)?.unwrap_or_default();
                    if t.is_empty() {
                        break;
                    }
                }
                break;
            }
            if body.len() + size > MAX_BODY {
                return Err(bad("body too large"));
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            let mut crlf = [0u8; 2];
            r.read_exact(&mut crlf)?;
        }
        req.body = body;
    } else if let Some(len) = req.header("content-length") {
        let len: usize = len.trim().parse().map_err(|_| bad("bad content-length"))?;
        if len > MAX_BODY {
            return Err(bad("body too large"));
        }
        let mut body = vec![0u8; len];
        r.read_exact(&mut body)?;
        req.body = body;
    }
    Ok(Some(req))
}

fn write_response<C: Conn>(
    w: &mut C,
    resp: &Response,
    close: bool,
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (k, v) in &resp.headers {
        head.push_str(k);
        head.push_str(": ");
        head.push_str(v);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n", resp.body_len()));
    head.push_str(if close {
        "Connection: close\r\n"
    } else {
        "Connection: keep-alive\r\n"
    });
    head.push_str("\r\n");
    if head_only {
        w.write_all(head.as_bytes())?;
        return w.flush();
    }
    match &resp.body {
        Body::Bytes(b) => {
            let mut out = head.into_bytes();
            let n = resp.drop_after.map_or(b.len(), |d| d.min(b.len()));
            out.extend_from_slice(&b[..n]);
            w.write_all(&out)?;
        }
        Body::Oversized(n) => {
            w.write_all(head.as_bytes())?;
            let limit = resp.drop_after.map_or(*n, |d| d.min(*n));
            write_oversized(w, *n, limit)?;
        }
    }
    w.flush()
}

/// Writes the first `limit` bytes of `{"padding":"xxx…"}` that is `n` bytes long.
fn write_oversized<W: Write>(w: &mut W, n: usize, limit: usize) -> io::Result<()> {
    const PRE: &[u8] = b"{\"padding\":\"";
    const POST: &[u8] = b"\"}";
    let mut doc_pos = 0usize;
    let chunk = vec![b'x'; 64 * 1024];
    let emit = |w: &mut W, bytes: &[u8], pos: &mut usize| -> io::Result<()> {
        if *pos >= limit {
            return Ok(());
        }
        let take = bytes.len().min(limit - *pos);
        w.write_all(&bytes[..take])?;
        *pos += bytes.len();
        Ok(())
    };
    if n < PRE.len() + POST.len() {
        let x = vec![b' '; n];
        return emit(w, &x, &mut doc_pos);
    }
    emit(w, PRE, &mut doc_pos)?;
    let mut pad = n - PRE.len() - POST.len();
    while pad > 0 && doc_pos < limit {
        let take = pad.min(chunk.len());
        emit(w, &chunk[..take], &mut doc_pos)?;
        pad -= take;
    }
    if pad == 0 {
        emit(w, POST, &mut doc_pos)?;
    }
    Ok(())
}

/// Serves requests on one connection until it closes or fails.
pub fn serve<C: Conn>(
    conn: C,
    scheme: &'static str,
    handler: &dyn Fn(Request) -> Response,
) -> io::Result<()> {
    let mut r = BufReader::new(conn);
    loop {
        let req = match read_request(&mut r, scheme) {
            Ok(Some(req)) => req,
            Ok(None) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let resp = Response::new(400, "text/plain", format!("bad request: {e}\n"));
                let _ = write_response(r.get_mut(), &resp, true, false);
                r.get_mut().finish();
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let close_req = req.wants_close();
        let head_only = req.method == "HEAD";
        let resp = handler(req);
        let close = close_req || resp.close || resp.drop_after.is_some();
        write_response(r.get_mut(), &resp, close, head_only)?;
        if resp.drop_after.is_some() {
            // Cut the connection without a TLS close_notify: a truncated body.
            let _ = r.get_mut().tcp().shutdown(Shutdown::Both);
            return Ok(());
        }
        if close {
            r.get_mut().finish();
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_is_exact_json() {
        for n in [0usize, 5, 14, 15, 100, 200_000] {
            let mut out = Vec::new();
            write_oversized(&mut out, n, n).unwrap();
            assert_eq!(out.len(), n);
            if n >= 14 {
                serde_json::from_slice::<serde_json::Value>(&out).unwrap();
            }
            let mut cut = Vec::new();
            write_oversized(&mut cut, n, n / 2).unwrap();
            assert_eq!(cut.len(), n / 2);
        }
    }
}

//! A hostile server in a few lines: a loopback listener that answers every
//! request with the status, headers and body it is given, and counts the
//! requests it read. No DocuSign logic at all, unlike the stand-in.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub struct AnsweringServer {
    pub url: String,
    answer: Arc<Mutex<String>>,
    requests: Arc<AtomicUsize>,
}

impl AnsweringServer {
    /// Starts answering `status` with `headers` and `body` (JSON).
    pub fn start(status: u16, headers: &[(&str, &str)], body: &str) -> AnsweringServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new(String::new()));
        let requests = Arc::new(AtomicUsize::new(0));
        let server = AnsweringServer {
            url,
            answer: answer.clone(),
            requests: requests.clone(),
        };
        server.answer(status, headers, body);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(value) = lower.strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    line.clear();
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                requests.fetch_add(1, Ordering::SeqCst);
                let answer = answer.lock().unwrap().clone();
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        server
    }

    /// What later requests are answered.
    pub fn answer(&self, status: u16, headers: &[(&str, &str)], body: &str) {
        let mut text = format!(
            "HTTP/1.1 {status} Hostile\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        text.push_str(body);
        *self.answer.lock().unwrap() = text;
    }

    /// How many requests reached the server.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

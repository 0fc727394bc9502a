#!/usr/bin/env python3
"""An HTTP/1.1 keep-alive server that echoes a marker, for the fork tests.

    python3 tests/support/echo_server.py DIR

Makes a CA and a 127.0.0.1 certificate in DIR with the openssl command,
serves plain HTTP and HTTPS on free loopback ports, prints one JSON line
{"http": URL, "https": URL, "ca_file": PATH} and serves until its standard
input closes. Every request is answered 200 with the body
{"marker": <the request's X-Marker header>} on a kept-alive connection, so a
client whose pooled connection is shared by two processes receives the
other process's answers (the failure the tests look for).
"""

import json
import os
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = json.dumps({"marker": self.headers.get("X-Marker", "")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def make_certificates(directory: str) -> tuple[str, str, str]:
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    ca_key, ca_cert = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.pem")
    key, csr = os.path.join(directory, "leaf.key"), os.path.join(directory, "leaf.csr")
    cert, ext = os.path.join(directory, "leaf.pem"), os.path.join(directory, "leaf.ext")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key,
            "-out", ca_cert, "-days", "2", "-subj", "/CN=dsauth fork test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
            "-subj", "/CN=127.0.0.1")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key,
            "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext)
    return ca_cert, cert, key


def serve(server: ThreadingHTTPServer) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main() -> None:
    directory = sys.argv[1]
    ca_cert, cert, key = make_certificates(directory)
    plain = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    tls = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    serve(plain)
    serve(tls)
    print(json.dumps({
        "http": f"http://127.0.0.1:{plain.server_address[1]}",
        "https": f"https://127.0.0.1:{tls.server_address[1]}",
        "ca_file": ca_cert,
    }), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()

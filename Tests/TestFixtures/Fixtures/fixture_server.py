#!/usr/bin/env python3
"""A small HTTP/1.1 server for the HTTPClient and Usetrace tests (standard library only).

Started by the tests as a subprocess. It listens on 127.0.0.1, port 0, and prints one line,
`PORT <port> FREE <port>`, where FREE is a port that was free a moment ago (for refused-connection
tests). It exits when its standard input closes, so it never outlives the test process.

Routes:
  ANY  /echo...             JSON: method, path, query, headers (lower-case names), body, clientPort
  ANY  /status/<code>       that status, body "status <code>"; ?retryAfter=N adds Retry-After
  ANY  /delay/<ms>          waits, then 200 "done"
  GET  /large/<bytes>       a body of that many bytes (a repeating alphabet)
  GET  /connection          JSON: clientPort, requestsOnConnection (keep-alive shows as a count > 1)
  Usetrace-like routes, refusing (401) any key other than "fixture-key":
  POST /api/trace/<id>/execute              200, body "  build-<id>\\n"
  POST /api/project/<id>/execute-all        200, body "tagbuild-<id>"
  GET  /api/build/<id>/status               FINISHED with a summary (404 for id "missing")
  GET  /api/build/<id>/results/json         the report of usetrace-api.md
"""

import json
import os
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USETRACE_KEY = "fixture-key"

REPORT = {
    "name": "Environment: https://staging.example.com/",
    "tests": 2, "traces": 1, "expectedTracesToPass": 1, "tracesPassed": 0,
    "errors": 0, "failures": 1, "skip": 0, "bugs": 0, "bugsPassing": 0,
    "buildStable": False,
    "testCase": [
        {"className": "Usetrace.trace", "name": "chrome: Login", "time": 2.6,
         "error": None, "browserName": "chrome", "traceName": "Login",
         "taggedBug": False, "taggedFlaky": False},
        {"className": "Usetrace.trace", "name": "firefox: Login", "time": 3.1,
         "error": "Element not found: #submit", "browserName": "firefox",
         "traceName": "Login", "taggedBug": False, "taggedFlaky": False},
    ],
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    requests_on_connection = 0

    def log_message(self, format, *args):  # quiet
        pass

    def setup(self):
        super().setup()
        # Headers and body leave in separate writes; without this, Nagle's algorithm holds the
        # body back until the client's delayed ACK (40 ms) on every keep-alive request after the first.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_PATCH(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def route(self):
        self.requests_on_connection += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        try:
            if parts[:1] == ["echo"]:
                self.send_json(200, {
                    "method": self.command, "path": url.path, "query": url.query,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", "replace"), "clientPort": self.client_address[1],
                })
            elif len(parts) == 2 and parts[0] == "status":
                extra = {}
                if "retryAfter" in query:
                    extra["Retry-After"] = query["retryAfter"][0]
                self.send_text(int(parts[1]), "status " + parts[1], extra)
            elif len(parts) == 2 and parts[0] == "delay":
                time.sleep(int(parts[1]) / 1000.0)
                self.send_text(200, "done")
            elif len(parts) == 2 and parts[0] == "large":
                size = int(parts[1])
                alphabet = b"abcdefghijklmnopqrstuvwxyz"
                data = (alphabet * (size // len(alphabet) + 1))[:size]
                self.send_bytes(200, data, "application/octet-stream")
            elif parts == ["connection"]:
                self.send_json(200, {"clientPort": self.client_address[1],
                                     "requestsOnConnection": self.requests_on_connection})
            elif parts[:1] == ["api"]:
                self.usetrace(parts[1:], query, body)
            else:
                self.send_text(404, "no route")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def usetrace(self, parts, query, body):
        if query.get("key", [None])[0] != USETRACE_KEY:
            self.send_text(401, "Unauthorized: invalid key " + ",".join(query.get("key", [])))
        elif len(parts) == 3 and parts[0] == "trace" and parts[2] == "execute" and self.command == "POST":
            json.loads(body or b"{}")
            self.send_text(200, "  build-" + parts[1] + "\n")
        elif len(parts) == 3 and parts[0] == "project" and parts[2] == "execute-all" and self.command == "POST":
            self.send_text(200, "tagbuild-" + parts[1])
        elif len(parts) == 3 and parts[0] == "build" and parts[2] == "status":
            if parts[1] == "missing":
                self.send_text(404, "Not Found")
            else:
                self.send_json(200, {"id": parts[1], "status": "FINISHED",
                                     "summary": {"request": 2, "finish": 2, "pass": 1, "fail": 1}})
        elif len(parts) == 4 and parts[0] == "build" and parts[2:] == ["results", "json"]:
            self.send_json(200, REPORT)
        else:
            self.send_text(404, "Not Found")

    def send_json(self, status, value):
        self.send_bytes(status, json.dumps(value).encode(), "application/json")

    def send_text(self, status, text, extra=None):
        self.send_bytes(status, text.encode(), "text/plain; charset=utf-8", extra)

    def send_bytes(self, status, data, content_type, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # the concurrency tests open many connections at once

    def handle_error(self, request, client_address):  # a client that went away is not news
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print("PORT %d FREE %d" % (server.server_address[1], free_port()), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# odre_server.py - a stand-in for ODRE's Explore API v2.1 exports endpoint, for the
# fetch tests: serves a fixed body on 127.0.0.1 (random free port), the records inside
# the query's date window like ODRE (or all of them), can fail or stall, redirect to
# ftp://, send an oversized or gzip-bomb body, or (--no-accept) never complete a
# connection, like a host behind a dropping firewall.
import argparse
import datetime
import gzip
import json
import os
import re
import socket
import urllib.parse
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/api/explore/v2.1/catalog/datasets/"


def write_port(path, port):
    with open(path + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(path + ".tmp", path)


def no_accept(args):
    # listen(0) queues one connection; once fillers occupy the queue, Linux drops the
    # SYNs of any other client, which then waits for its connect timeout.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(0)
    port = sock.getsockname()[1]
    fillers = []
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(("127.0.0.1", port))
        fillers.append(c)
    time.sleep(0.2)
    open(args.log, "a").close()
    write_port(args.port_file, port)
    time.sleep(args.lifetime)
    return 0


WINDOW = re.compile(r"date_heure >= date'([^']+)' AND date_heure < date'([^']+)'")


def in_window(body, query):
    """The records of a JSON array body inside the query's where window (as ODRE
    does); any other body unchanged."""
    where = urllib.parse.parse_qs(query).get("where", [""])[0]
    m = WINDOW.search(where)
    try:
        records = json.loads(body)
    except ValueError:
        return body
    if not m or not isinstance(records, list):
        return body
    lo, hi = (datetime.datetime.fromisoformat(x) for x in m.groups())
    kept = []
    for r in records:
        try:
            t = datetime.datetime.fromisoformat(r["date_heure"])
        except (TypeError, KeyError, ValueError):
            kept.append(r)
            continue
        if lo <= t < hi:
            kept.append(r)
    return json.dumps(kept).encode()


def ftp_listener(log):
    """A socket that answers like an FTP server and logs whoever comes. Returns its port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)

    def serve():
        while True:
            c, _ = sock.accept()
            with open(log, "a") as f:
                f.write("FTP connection\n")
            try:
                c.sendall(b"220 ready\r\n")
                c.settimeout(2)
                line = c.recv(200)
                with open(log, "a") as f:
                    f.write("FTP got %r\n" % line)
            except OSError:
                pass
            c.close()
    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True, help="the chosen port is written here")
    ap.add_argument("--log", required=True, help="one line per request: its path and query")
    ap.add_argument("--body", help="file served for every dataset")
    ap.add_argument("--body-for", action="append", default=[], metavar="DATASET=FILE",
                    help="file served for one dataset (before --body)")
    ap.add_argument("--fail-first", type=int, default=0, help="answer HTTP 500 to the first N requests")
    ap.add_argument("--delay", type=float, default=0, help="seconds to wait before answering")
    ap.add_argument("--lifetime", type=float, default=30, help="exit after this many seconds")
    ap.add_argument("--no-accept", action="store_true",
                    help="a full accept queue: new connections get no answer to their SYN")
    ap.add_argument("--ignore-where", action="store_true",
                    help="serve every record, whatever dates the query asks for")
    ap.add_argument("--redirect-ftp", action="store_true",
                    help="answer 302 to ftp://127.0.0.1:PORT/ (a listener logging FTP connections)")
    ap.add_argument("--huge", type=int, default=0, metavar="BYTES",
                    help="answer a body of BYTES bytes (a JSON array padded with spaces)")
    ap.add_argument("--gzip-bomb", type=int, default=0, metavar="BYTES",
                    help="answer a gzip-encoded body that expands to BYTES bytes")
    args = ap.parse_args()
    if args.no_accept:
        return no_accept(args)
    bodies = dict(item.split("=", 1) for item in args.body_for)
    ftp_port = ftp_listener(args.log) if args.redirect_ftp else 0
    bomb = gzip.compress(b"[" + b" " * max(args.gzip_bomb - 2, 0) + b"]", 9) if args.gzip_bomb else b""
    state = {"requests": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def reply(self, status, body, ctype="application/json; charset=utf-8", headers=()):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:   # the client gave up (a refused oversized body)
                pass

        def do_GET(self):
            with lock:
                state["requests"] += 1
                n = state["requests"]
                with open(args.log, "a") as log:
                    log.write(self.path + "\n")
            if args.delay:
                time.sleep(args.delay)
            path = self.path.split("?", 1)[0]
            if not path.startswith(PREFIX) or not path.endswith("/exports/json"):
                return self.reply(404, b'{"error_code": "NotFound"}')
            dataset = path[len(PREFIX):].split("/", 1)[0]
            if n <= args.fail_first:
                return self.reply(500, b'{"error_code": "InternalError"}')
            if args.redirect_ftp:
                return self.reply(302, b"", headers=[("Location", "ftp://127.0.0.1:%d/data.json" % ftp_port)])
            if args.huge:
                return self.reply(200, b"[" + b" " * (args.huge - 2) + b"]")
            if args.gzip_bomb:
                return self.reply(200, bomb, headers=[("Content-Encoding", "gzip")])
            name = bodies.get(dataset, args.body)
            if not name:
                return self.reply(404, b'{"error_code": "UnknownDataset"}')
            with open(name, "rb") as f:
                body = f.read()
            if not args.ignore_where:
                body = in_window(body, self.path.split("?", 1)[1] if "?" in self.path else "")
            self.reply(200, body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    write_port(args.port_file, server.server_address[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(args.lifetime)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

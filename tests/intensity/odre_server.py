#!/usr/bin/env python3
# odre_server.py - a stand-in for ODRE's Explore API v2.1 exports endpoint, for the
# fetch tests: serves a fixed body on 127.0.0.1 (random free port), can fail or stall,
# or (--no-accept) never complete a connection, like a host behind a dropping firewall.
import argparse
import os
import socket
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
    args = ap.parse_args()
    if args.no_accept:
        return no_accept(args)
    bodies = dict(item.split("=", 1) for item in args.body_for)
    state = {"requests": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def reply(self, status, body, ctype="application/json; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

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
            name = bodies.get(dataset, args.body)
            if not name:
                return self.reply(404, b'{"error_code": "UnknownDataset"}')
            with open(name, "rb") as f:
                self.reply(200, f.read())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    write_port(args.port_file, server.server_address[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(args.lifetime)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

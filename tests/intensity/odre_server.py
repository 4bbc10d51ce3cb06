#!/usr/bin/env python3
# odre_server.py - a stand-in for ODRE's Explore API v2.1 exports endpoint, for the
# fetch tests: serves a fixed body on 127.0.0.1 (random free port), can fail or stall.
import argparse
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/api/explore/v2.1/catalog/datasets/"


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
    args = ap.parse_args()
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
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(args.lifetime)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

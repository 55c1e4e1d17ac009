"""A tiny billing API: GET /healthz for the health check, GET / with its uptime."""
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import humanize

STARTED = time.monotonic()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            body = b"ok"
        else:
            uptime = humanize.naturaldelta(time.monotonic() - STARTED)
            body = json.dumps({"app": "billing-api", "uptime": uptime}).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()

"""A tiny HTTP service whose greeting logic is unit-tested in the gated test stage."""
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


def greeting(name: str) -> str:
    return f"hello, {name}"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"app": "python-gated", "greeting": greeting("world")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()

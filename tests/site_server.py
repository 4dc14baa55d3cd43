"""A small local HTTP server for a built site: under a sub-path, gzip for text, nothing else.

Used by the browser tests and by bench/bench.py. Serving under a prefix such as /phuong/ proves
the site works under any base URL; gzip on text makes the transferred bytes realistic.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, root: Path, prefix: str, **kwargs):
        self.root, self.prefix = root, prefix
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return None
        target = (self.root / path[len(self.prefix):]).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self) -> None:
        target = self._file()
        if target is None:
            path = urlsplit(self.path).path
            if path + "/" == self.prefix or ((self.root / unquote(path[len(self.prefix):])).is_dir() and not path.endswith("/")):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            self.send_error(404)
            return
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".pagefind" or target.suffix == ".pf_meta" or "pagefind/" in target.as_posix() and target.suffix not in (".js", ".css", ".json"):
            kind = "application/octet-stream"  # Pagefind's own files are already gzip-compressed
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """Serve a site folder at http://127.0.0.1:<free port><prefix> from a background thread."""

    def __init__(self, root: Path, prefix: str = "/phuong/"):
        handler = partial(_Handler, root=Path(root).resolve(), prefix=prefix)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""The preview's web server: stdlib http.server, a watchfiles watcher, live reload by server-sent events.

    with PreviewServer(Project(root), "example", port=0) as server:
        print(server.url)

It binds 127.0.0.1 unless given another address (the command line warns then). Pages are made
by facilitation.preview.pages from facilitation.preview.state's snapshots; `/events` streams the
snapshot's version, and the page's script reloads when it changes. Every request and every
change is answered without stopping the server: a mistake becomes part of the page.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from facilitation.preview.state import Preview
from facilitation.project import Project

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
KEEP_ALIVE_SECONDS = 15.0
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str | None) -> tuple[str, str | None]:
    """The address to bind, and a warning when it is not this machine's loopback.

    None (no --host given) binds 127.0.0.1; any other address must be asked for explicitly."""
    if host is None:
        return DEFAULT_HOST, None
    if is_loopback(host):
        return host, None
    return host, (f"warning: serving on {host}, not only on this machine: anyone who can reach it on that address "
                  "can read the preview (the charity's profile and content). Use it only on a network you trust.")


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    block_on_close = False
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class PreviewServer:
    """A running preview for one charity. `port=0` picks a free port (see `.port`)."""

    def __init__(self, project: Project, slug: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 log: Callable[[str], None] | None = None, debounce_ms: int = 50):
        self.project, self.slug = project, slug
        self.log = log or (lambda message: None)
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()
        self._open_pages: Counter[str] = Counter()
        self._open_lock = threading.Lock()
        self.loopback = is_loopback(host)
        server_class = _Server6 if ":" in host else _Server
        self.httpd = server_class((host.strip("[]"), port), _handler(self))  # first: a busy port fails at once
        self.host, self.port = host, self.httpd.server_address[1]
        try:
            self.preview = Preview(project, slug)
        except BaseException:
            self.httpd.server_close()
            raise
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    # ---- running ---------------------------------------------------------------------------------

    def start(self) -> "PreviewServer":
        for target, name in ((self.httpd.serve_forever, "preview-http"), (self._watch, "preview-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.preview.wake()  # event streams waiting for a change end now
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> "PreviewServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait(self) -> None:
        """Block until stopped (Ctrl+C in the command)."""
        while not self._stop.wait(0.5):
            pass

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # ---- watching ----------------------------------------------------------------------------------

    def open_pages(self) -> list[str]:
        with self._open_lock:
            return [page for page, count in self._open_pages.items() if count > 0]

    def page_opened(self, page: str, delta: int) -> None:
        with self._open_lock:
            self._open_pages[page] += delta
            if self._open_pages[page] <= 0:
                del self._open_pages[page]

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch_once()
            except Exception as error:  # noqa: BLE001 - e.g. a watched folder was removed: watch again
                self.log(f"watching content/ and templates/ failed ({type(error).__name__}: {error}); retrying")
                self._stop.wait(1.0)

    def _watch_once(self) -> None:
        import watchfiles

        folders = [str(p) for p in (self.project.content, self.project.templates) if p.is_dir()]
        for changes in watchfiles.watch(*folders, stop_event=self._stop, debounce=self.debounce_ms, step=20,
                                        rust_timeout=500, raise_interrupt=False):
            if self._stop.is_set():
                break
            paths = sorted({Path(path) for _, path in changes})
            shown = ", ".join(self.project.rel(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
            try:
                snapshot = self.preview.refresh(paths, warm=self.open_pages())
            except Exception as error:  # noqa: BLE001 - the watcher must outlive any bug
                self.log(f"{shown} changed; the preview could not update: {type(error).__name__}: {error}")
                continue
            if snapshot.problems:
                count = len(snapshot.problems)
                self.log("\n".join([f"{shown} changed: {count} problem{'s' if count != 1 else ''} found "
                                    "(the pages show them, above the last good preview):", *snapshot.problems]))
            else:
                self.log(f"{shown} changed: updated in {snapshot.seconds:.1f} s")


def _handler(server: PreviewServer):
    class Handler(BaseHTTPRequestHandler):
        server_version = "facilitation-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the command logs changes
            pass

        def _host_allowed(self) -> bool:
            """On loopback, only pages asked for as this machine (no other site's name pointing here)."""
            if not server.loopback:
                return True
            host = self.headers.get("Host") or ""
            name = host[:host.find("]") + 1] if host.startswith("[") else host.split(":")[0]
            return name.lower() in LOCAL_NAMES

        def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            preview = server.preview
            if not self._host_allowed():
                self._send(403, "This preview answers only to localhost.\n", "text/plain; charset=utf-8")
                return
            url = urlsplit(self.path)
            try:
                if url.path == "/events":
                    self._events(parse_qs(url.query).get("page", ["/"])[0])
                elif url.path == "/version":
                    self._send(200, f"{preview.snapshot.version}\n", "text/plain; charset=utf-8")
                elif url.path == "/favicon.ico":
                    self._send(204, "", "image/x-icon")
                else:
                    status, body = preview.page(url.path)
                    self._send(status, body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _events(self, page: str) -> None:
            """Server-sent events: the current version now, then each new one (and a keep-alive)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            server.page_opened(page, +1)
            preview = server.preview
            try:
                version = preview.snapshot.version
                self.wfile.write(f"retry: 1000\ndata: {version}\n\n".encode())
                self.wfile.flush()
                while not server.stopping:
                    new = preview.wait(version, KEEP_ALIVE_SECONDS)
                    if server.stopping:
                        break
                    self.wfile.write(f"data: {new}\n\n".encode() if new != version else b": keep-alive\n\n")
                    self.wfile.flush()
                    version = new
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            finally:
                server.page_opened(page, -1)

    return Handler


def serve(project: Project, slug: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, open_browser: bool = False,
          log: Callable[[str], None] = print) -> None:
    """Run the preview until interrupted (Ctrl+C)."""
    server = PreviewServer(project, slug, host=host, port=port, log=log)
    server.start()
    snapshot = server.preview.snapshot
    log(f"Previewing {slug} at {server.url} (Ctrl+C to stop); watching content/ and templates/")
    if snapshot.problems:
        log("\n".join([f"{len(snapshot.problems)} problems found; the pages show them:", *snapshot.problems]))
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.wait()
    except KeyboardInterrupt:
        log("Stopped.")
    finally:
        server.stop()

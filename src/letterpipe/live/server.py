"""``letterpipe preview``: serve one language version on 127.0.0.1 and re-render it on every save.

A watcher thread (watchfiles) re-renders the HTML whenever the catalog, the letter or the
project's templates change and tells open pages through Server-Sent Events; the PDF is rendered
on request and kept until the next change. Requests are answered only for this host and port
(no other site's page can read the preview) and nothing is written into the project.
"""

from __future__ import annotations

import secrets
import signal
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from letterpipe.errors import LetterpipeError
from letterpipe.live.marks import strip_markers
from letterpipe.live.page import error_page, letter_page, print_page
from letterpipe.live.render import Preview, render_preview
from letterpipe.project import Project

KEEPALIVE = 15.0


@dataclass(frozen=True)
class Snapshot:
    version: int
    preview: Preview | None
    error: str | None


class LivePreview:
    """The latest render of one version, its PDF on demand, and a condition to wait for a newer one."""

    def __init__(self, project: Project, slug: str, lang: str, workdir: Path) -> None:
        self.project, self.slug, self.lang, self.workdir = project, slug, lang, workdir
        self.changed = threading.Condition()
        self.snapshot = Snapshot(0, None, "not rendered yet")
        self._pdf_lock = threading.Lock()
        self._pdf: tuple[int, bytes | None, str | None] = (-1, None, None)

    def _describe(self, exc: Exception) -> str:
        if isinstance(exc, LetterpipeError):
            if exc.path is not None:
                exc.path = Path(self.project.relative(exc.path))
            return str(exc)
        return "letterpipe failed (a bug, please report it):\n" + "".join(traceback.format_exception(exc))

    def refresh(self) -> Snapshot:
        """Render again from the files on disk and wake every page waiting for news."""
        try:
            preview: Preview | None = render_preview(self.project, self.slug, self.lang, self.workdir)
            error = None
        except Exception as exc:  # the page shows it; the server keeps running
            preview, error = None, self._describe(exc)
        with self.changed:
            self.snapshot = Snapshot(self.snapshot.version + 1, preview, error)
            self.changed.notify_all()
        return self.snapshot

    def wait_newer(self, version: int, timeout: float) -> Snapshot:
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version != version, timeout)
            return self.snapshot

    def pdf(self) -> tuple[bytes | None, str | None]:
        """The current version's PDF (rendered once per version), or the error that stops it."""
        with self._pdf_lock:
            snapshot = self.snapshot
            if self._pdf[0] != snapshot.version:
                self._pdf = (snapshot.version, *self._render_pdf(snapshot))
            return self._pdf[1], self._pdf[2]

    def _render_pdf(self, snapshot: Snapshot) -> tuple[bytes | None, str | None]:
        if snapshot.preview is None:
            return None, snapshot.error
        from letterpipe.render.languages import get_language
        from letterpipe.render.pdf import render_pdf

        try:
            letter, _ = self.project.load(self.slug)
            data, _ = render_pdf(
                print_page(snapshot.preview),
                base=self.workdir,
                jail=self.workdir,
                language=get_language(self.lang, self.project.language_table),
                created=letter.date,
                source_name=f"preview of {self.slug}/{self.lang}",
                draft=snapshot.preview.draft,
            )
            return data, None
        except Exception as exc:
            return None, self._describe(exc)

    def watched(self) -> list[Path]:
        folders = [self.project.letter_file(self.slug).parent, self.project.templates]
        po = self.project.po_file(self.slug, self.lang)
        folders.append(po.parent if po.parent.is_dir() else self.project.locale)
        return [folder for folder in folders if folder.is_dir()]

    def watch(self, stop: threading.Event) -> None:
        from watchfiles import watch

        for _ in watch(*self.watched(), stop_event=stop, debounce=400, step=30, rust_timeout=500):
            self.refresh()


def _handler(live: LivePreview, hosts: set[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "letterpipe-preview"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str, csp: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if csp:
                self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.headers.get("Host", "") not in hosts:
                self._send(HTTPStatus.FORBIDDEN, b"wrong host\n", "text/plain; charset=utf-8")
                return
            path = self.path.split("?", 1)[0]
            if path in ("/", "/letter.html"):
                self._page()
            elif path == "/letter.pdf":
                data, error = live.pdf()
                if data is None:
                    self._send(HTTPStatus.UNPROCESSABLE_ENTITY, (error or "").encode(), "text/plain; charset=utf-8")
                else:
                    self._send(HTTPStatus.OK, data, "application/pdf")
            elif path == "/events":
                self._events()
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

        def _page(self) -> None:
            snapshot = live.snapshot
            nonce = secrets.token_urlsafe(12)
            if snapshot.preview is None:
                html = error_page(snapshot.error or "", snapshot.version, nonce)
            else:
                html = letter_page(snapshot.preview, snapshot.version, nonce)
            csp = (
                f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
                "connect-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'"
            )
            self._send(HTTPStatus.OK, strip_markers(html).encode("utf-8"), "text/html; charset=utf-8", csp)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = -1
            try:
                while True:
                    snapshot = live.wait_newer(version, KEEPALIVE)
                    message = f"data: {snapshot.version}\n\n" if snapshot.version != version else ": keepalive\n\n"
                    version = snapshot.version
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def pick_letter(project: Project, letter: str | None) -> str:
    letters = project.letters()
    if letter:
        if letter not in letters:
            raise LetterpipeError(f"no letter {letter!r} in {project.root / 'letters'} (there: {', '.join(letters)})")
        return letter
    if len(letters) != 1:
        listing = ", ".join(letters) or "none"
        raise LetterpipeError(f"this project has {len(letters)} letters ({listing}): choose one with --letter")
    return letters[0]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Project, lang: str, letter: str | None, port: int) -> int:
    """Serve until interrupted. Prints the address first, so a script can read it."""
    slug = pick_letter(project, letter)
    with tempfile.TemporaryDirectory(prefix="letterpipe-preview-") as scratch:
        live = LivePreview(project, slug, lang, Path(scratch))
        first = live.refresh()
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _handler(live, set()))
        except OSError as exc:
            raise LetterpipeError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
        server.daemon_threads = True
        bound = server.server_address[1]
        server.RequestHandlerClass = _handler(live, {f"127.0.0.1:{bound}", f"localhost:{bound}"})
        stop = threading.Event()
        signal.signal(signal.SIGTERM, _interrupt)
        watcher = threading.Thread(target=live.watch, args=(stop,), daemon=True)
        watcher.start()
        print(f"letterpipe preview: http://127.0.0.1:{bound}/  ({slug} in {lang}; PDF at /letter.pdf)", flush=True)
        print(f"watching {', '.join(project.relative(p) for p in live.watched())}; Ctrl-C stops", flush=True)
        if first.error:
            print(first.error, file=sys.stderr, flush=True)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.server_close()
    return 0

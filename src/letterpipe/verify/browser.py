"""Reading an HTML version back the way a reader sees it: in a real headless Chromium.

Parsing the page proves the names are in it; only a browser proves a reader can see them. A
template override can hide a name with CSS alone (``filter: opacity(0)``, ``clip-path``, a box
laid over it, text the colour of its background, ``transform: scale(0)``), so each signatory
name is checked in the rendered page:

- it has a box, inside the page (not pushed off by ``text-indent`` or positioning) and not cut
  off by an ancestor's ``overflow``, ``clip`` or ``clip-path``, nor masked;
- it is not covered: the element hit at points along each of its lines is the name itself
  (with ``pointer-events`` forced on everywhere, so a covering box cannot opt out);
- ``visibility``, the opacity of it and every ancestor, ``filter``, ``mix-blend-mode`` and
  mirroring or skewing transforms leave it drawn as written;
- its text colour, composed with every opacity on the way, against the actual background has
  a WCAG contrast of at least 4.5 (AA);
- its size, after transforms, is at least :data:`MIN_FONT_PX` CSS pixels;
- and the screenshot of each line shows ink: pixels that stand out from the background.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``): no port,
no extra dependency. One browser per version, stopped in a ``finally``, every wait bounded.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import select
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpipe.errors import VerificationError
from letterpipe.verify.ink import AA_CONTRAST, blend, contrast, luminance, measure, pixels_of

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
#: Smallest readable name, in CSS pixels (about 6.75 pt), after transforms.
MIN_FONT_PX = 9.0
#: Width of the page as read on a desktop screen; the viewport is as tall as the page.
VIEWPORT_WIDTH = 1280
#: Tallest viewport taken in one piece; longer pages are read in windows.
WINDOW_HEIGHT = 8000
#: Whole-check time limit for one version, in seconds.
TIMEOUT = 90.0
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-device-scale-factor=1",
    "--force-color-profile=srgb",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """Debian's Chromium, or one on the PATH; ``None`` when there is none (the check is skipped)."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


#: The probe run in the page: style, geometry and hit tests of every name (see its comments).
PROBE = (Path(__file__).with_name("probe.js")).read_text("utf-8")


class DevTools:
    """A headless Chromium and its DevTools pipe: ``send`` a command, get its result."""

    def __init__(self, executable: str, deadline: float) -> None:
        self.deadline = deadline
        self.profile = tempfile.mkdtemp(prefix="letterpipe-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            # posix_spawn puts the pipe on fds 3 and 4, where --remote-debugging-pipe expects it;
            # every other descriptor of ours is close-on-exec.
            self.pid = os.posix_spawn(
                executable,
                [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, devnull, 0),
                    (os.POSIX_SPAWN_DUP2, devnull, 1),
                    (os.POSIX_SPAWN_DUP2, devnull, 2),
                    (os.POSIX_SPAWN_DUP2, to_child_r, 3),
                    (os.POSIX_SPAWN_DUP2, from_child_w, 4),
                ],
                setsid=True,
            )
        finally:
            for fd in (to_child_r, from_child_w, devnull):
                os.close(fd)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise VerificationError(f"Chromium refused {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, session: str | None = None) -> dict[str, Any]:
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method and (session is None or event.get("sessionId") == session):
                    return self.events.pop(index)
            self.events.append(self._read())

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise VerificationError(f"Chromium did not answer within {TIMEOUT:.0f} s")
            ready, _, _ = select.select([self._from_child], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise VerificationError("Chromium exited unexpectedly")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def _exited(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while True:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(0.05)

    def close(self) -> None:
        """Ask Chromium to quit; kill its process group if it does not within 5 s."""
        try:
            with contextlib.suppress(OSError):
                os.write(self._to_child, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            if not self._exited(5.0):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                self._exited(5.0)
        finally:
            for fd in (self._to_child, self._from_child):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self.profile, ignore_errors=True)


@dataclass
class BrowserReport:
    """What the browser showed: the names it found, in order, and what keeps any from a reader."""

    names: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _pixels(image: Any, rect: list[float]) -> list[tuple[int, int, int]]:
    """The pixels inside a text box, one pixel in from each side (edges are blended with the outside)."""
    left, top = max(0, int(rect[0]) + 1), max(0, int(rect[1]) + 1)
    right, bottom = min(image.width, int(rect[2]) - 1), min(image.height, int(rect[3]) - 1)
    if right <= left or bottom <= top:
        return []
    return pixels_of(image.crop((left, top, right, bottom)))


def _judge(item: dict[str, Any], image: Any) -> list[str]:
    """Problems of one name measured in Python: contrast, size and ink on the screenshot."""
    problems = list(dict.fromkeys(item["problems"]))
    rects = item["rects"]
    if not rects:
        return problems
    backdrop: tuple[float, ...] = tuple(item["backgrounds"][-1][:3])
    for bg in reversed(item["backgrounds"][:-1]):
        backdrop = blend(bg, bg[3], backdrop)
    color = item["color"] or [0, 0, 0, 1]
    alpha = color[3] * item["opacity"]
    shown = blend(color, alpha, backdrop)
    ratio = contrast(luminance(shown), luminance(backdrop))
    if not item["imageBehind"] and ratio < AA_CONTRAST:
        problems.append(f"has a text contrast of {ratio:.2f}:1 against its background (WCAG AA needs {AA_CONTRAST}:1)")
    height = min(r[3] - r[1] for r in rects)
    size = min(item["fontSize"], height / 1.15)
    if size < MIN_FONT_PX:
        problems.append(f"is {size:.1f} px high, below the readable {MIN_FONT_PX:.0f} px")
    if image is not None and item["inWindow"] and not problems:
        for rect in rects:
            ink = measure(_pixels(image, rect))
            if not ink.present:
                problems.append("shows no ink on the screen (nothing stands out from its background)")
                break
            if item["imageBehind"] and ink.best < AA_CONTRAST:
                problems.append(f"has a text contrast of {ink.best:.2f}:1 on screen (WCAG AA needs {AA_CONTRAST}:1)")
                break
    return problems


def check_html_in_browser(html: Path, expected: list[str], executable: str) -> BrowserReport:
    """Open ``html`` in headless Chromium and judge every signatory name as a reader sees it."""
    from PIL import Image

    report = BrowserReport()
    tools = DevTools(executable, time.monotonic() + TIMEOUT)
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tools.send("Page.enable", session=session)
        metrics = {"width": VIEWPORT_WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        tools.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        tools.send("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
        tools.wait_event("Page.loadEventFired", session)

        def probe(offset: int) -> dict[str, Any]:
            result = tools.send(
                "Runtime.evaluate",
                {"expression": f"{PROBE.strip()}({offset})", "awaitPromise": True, "returnByValue": True},
                session=session,
            )
            if "exceptionDetails" in result:
                raise VerificationError(f"{html}: the browser check could not run: {result['exceptionDetails']}")
            return result["result"]["value"]

        height = int(min(probe(0)["pageHeight"], WINDOW_HEIGHT))
        tools.send("Emulation.setDeviceMetricsOverride", metrics | {"height": max(height, 1)}, session=session)
        judged: dict[int, list[str]] = {}
        offset, found = 0, None
        while True:
            result = probe(offset)
            shot = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
            image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
            found = result["names"]
            for index, item in enumerate(found):
                if index not in judged and (item["inWindow"] or not item["rects"]):
                    judged[index] = _judge(item, image)
            if result["scroll"] + result["viewHeight"] >= result["pageHeight"] or len(judged) == len(found):
                break
            offset = result["scroll"] + result["viewHeight"] - 200
        for index, item in enumerate(found or []):
            problems = judged.get(index) or _judge(item, None)
            report.names.append(item["text"])
            report.problems += [f"{item['text']!r} {p}" for p in problems]
    finally:
        tools.close()
    if report.names != expected:
        report.problems.append("the names the browser shows differ from the canonical list (a script changed them?)")
    return report

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
import itertools
import json
import os
import re
import select
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpipe.errors import VerificationError
from letterpipe.verify.ink import AA_CONTRAST, Ink, blend, contrast, luminance, measure, measure_image

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
#: Smallest readable name, in CSS pixels (about 6.75 pt), after transforms.
MIN_FONT_PX = 9.0


@dataclass(frozen=True)
class View:
    """One way readers see the page: a screen width and a colour scheme."""

    label: str
    width: int
    mobile: bool
    scheme: str


#: A phone and a desktop screen, light: always checked. More views come from the page's own media
#: queries (:func:`views_for`): a name hidden only at some width or only in dark mode is hidden.
BASE_WIDTHS = (375, 1280)
MAX_VIEWS = 8
MIN_WIDTH, MAX_WIDTH = 320, 2560
#: Media features whose every case :func:`views_for` covers; any other is reported.
_COVERED = frozenset(
    (
        "and",
        "or",
        "not",
        "only",
        "all",
        "screen",
        "print",
        "px",
        "em",
        "rem",
        "width",
        "min-width",
        "max-width",
        "prefers-color-scheme",
        "dark",
        "light",
    )
)


def _view(width: int, scheme: str) -> View:
    return View(f"{width} px" + (", dark mode" if scheme == "dark" else ""), width, width < 600, scheme)


def _widths(edges: list[float]) -> list[int]:
    """One width in every interval the breakpoints cut, the base widths where they fall."""
    bounds = [MIN_WIDTH - 1.0, *edges, MAX_WIDTH + 1.0]
    widths = []
    for low, high in itertools.pairwise(bounds):
        inside = [w for w in BASE_WIDTHS if low < w < high]
        if inside:
            widths += inside
        elif high - low > 2:
            widths.append(int((low + high) / 2))
    return sorted(set(widths) | {BASE_WIDTHS[0]})


def views_for(media: list[str]) -> tuple[list[View], list[str]]:
    """The views that show every case of the page's media conditions, and the conditions that
    cannot be covered (a name may be hidden for readers whose screen matches them)."""
    edges: set[float] = set()
    dark = False
    uncovered = []
    for condition in dict.fromkeys(media):
        text = condition.lower()
        if "print" in text and "screen" not in text and "width" not in text:
            continue  # the PDF's rules: judged on the PDF itself
        unknown = sorted({word for word in re.findall(r"[a-z][a-z-]*", text) if word not in _COVERED})
        if unknown:
            uncovered.append(f"the page changes with @media {condition[:80]!r} ({', '.join(unknown)}): not checkable")
        dark = dark or "prefers-color-scheme" in text
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(px|em|rem)", text):
            edges.add(min(MAX_WIDTH, max(MIN_WIDTH, float(number) * (16 if unit != "px" else 1))))
    widths = _widths(sorted(edges))
    views = [_view(width, "light") for width in widths]
    if dark:
        views += [_view(width, "dark") for width in sorted(widths)]
    if len(views) > MAX_VIEWS:
        uncovered.append(f"the page has {len(views)} layouts (media queries): only {MAX_VIEWS} are checked")
        views = views[:MAX_VIEWS]
    return views, uncovered


#: Tallest viewport taken in one piece; longer pages are read in windows. A window's screenshot is
#: decoded beside the PDF render (``render_version`` runs the check in a thread): 1280 x 3000 is
#: 15 MB, where 8000 rows put a 5,000-name version's peak 40 MB higher.
WINDOW_HEIGHT = 3000
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
            exited = self._exited(5.0)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)  # its own group (setsid): renderers left behind, or all of it
            if not exited:
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


def _ink(image: Any, rect: list[float]) -> Ink:
    """The ink inside a text box, one pixel in from each side (edges are blended with the outside)."""
    left, top = max(0, int(rect[0]) + 1), max(0, int(rect[1]) + 1)
    right, bottom = min(image.width, int(rect[2]) - 1), min(image.height, int(rect[3]) - 1)
    if right <= left or bottom <= top:
        return measure([])
    return measure_image(image.crop((left, top, right, bottom)).convert("RGB"))


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
            ink = _ink(image, rect)
            if not ink.present:
                problems.append("shows no ink on the screen (nothing stands out from its background)")
                break
            if item["imageBehind"] and ink.best < AA_CONTRAST:
                problems.append(f"has a text contrast of {ink.best:.2f}:1 on screen (WCAG AA needs {AA_CONTRAST}:1)")
                break
    return problems


def _read_view(
    tools: DevTools, session: str, html: Path, view: View
) -> tuple[list[dict[str, Any]], dict[int, list[str]], list[str]]:
    """Every name of the page as shown in one view: the probe's findings and the judged problems."""
    from PIL import Image

    metrics = {"width": view.width, "height": 900, "deviceScaleFactor": 1, "mobile": view.mobile}
    tools.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
    features = [{"name": "prefers-color-scheme", "value": view.scheme}]
    tools.send("Emulation.setEmulatedMedia", {"media": "screen", "features": features}, session=session)

    def probe(offset: int, wanted: list[int] | None = None) -> dict[str, Any]:
        call = f"{PROBE.strip()}({offset}, {json.dumps(wanted)})"
        result = tools.send(
            "Runtime.evaluate", {"expression": call, "awaitPromise": True, "returnByValue": True}, session=session
        )
        if "exceptionDetails" in result:
            raise VerificationError(f"the browser check could not run: {result['exceptionDetails'].get('text')}", html)
        return result["result"]["value"]

    height = int(min(probe(0, [])["pageHeight"], WINDOW_HEIGHT))
    tools.send("Emulation.setDeviceMetricsOverride", metrics | {"height": max(height, 1)}, session=session)
    judged: dict[int, list[str]] = {}
    offset = 0
    while True:
        result = probe(offset, [])
        shot = tools.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}, session=session)
        image = Image.open(io.BytesIO(base64.b64decode(shot.pop("data"))))
        image.load()  # converted to RGB box by box (:func:`_ink`): a whole 1280 x 8000 copy is 30 MB
        found: list[dict[str, Any]] = result["names"]
        for index, item in enumerate(found):
            if index not in judged and not item["partial"] and (item["inWindow"] or not item["rects"]):
                judged[index] = _judge(item, image)
        del image, shot
        if result["scroll"] + result["viewHeight"] >= result["pageHeight"] or len(judged) == len(found):
            break
        offset = result["scroll"] + result["viewHeight"] - 200
    rest = [index for index in range(len(found)) if index not in judged]
    if rest:  # never whole in any window (taller than one, or off the page): judged on their styles alone
        result = probe(result["scroll"], rest)
        found = result["names"]
        for index in rest:
            judged[index] = _judge(found[index], None)
    return found, judged, result["page"], result["media"]


def check_html_in_browser(html: Path, expected: list[str], executable: str) -> BrowserReport:
    """Open ``html`` in headless Chromium and judge every signatory name as a reader sees it,
    in every view the page's media queries call for (:func:`views_for`)."""
    report = BrowserReport()
    tools = DevTools(executable, time.monotonic() + TIMEOUT)
    seen: dict[str, list[str]] = {}
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tools.send("Page.enable", session=session)
        tools.send("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
        tools.wait_event("Page.loadEventFired", session)
        first = _view(BASE_WIDTHS[0], "light")
        found, judged, page, conditions = _read_view(tools, session, html, first)
        views, uncovered = views_for(conditions)
        report.names = [item["text"] for item in found]
        report.problems += page + uncovered
        results = [(first, found, judged)]
        for view in views[1:]:
            found, judged, _, _ = _read_view(tools, session, html, view)
            results.append((view, found, judged))
    except VerificationError as exc:
        raise VerificationError(f"browser check: {exc.message}", exc.path or html) from None
    finally:
        tools.close()
    for view, found, judged in results:
        for index, item in enumerate(found):
            for problem in judged[index]:
                seen.setdefault(f"{item['text']!r} {problem}", []).append(view.label)
    for problem, labels in seen.items():
        report.problems.append(problem if len(labels) == len(views) else f"{problem} ({', '.join(labels)})")
    if report.names != expected:
        report.problems.append("the names the browser shows differ from the canonical list (a script changed them?)")
    return report

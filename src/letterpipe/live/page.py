"""What the translator's browser shows: the marked letter with a panel, or the error that stops it.

Both pages carry a small script that listens on ``/events`` and reloads when a newer render
exists, so a save in the editor shows up without touching the browser. Everything that comes
from the catalog or an error message is escaped.
"""

from __future__ import annotations

import re

from markupsafe import escape

from letterpipe.live.marks import Entry
from letterpipe.live.render import Preview

STYLE = """
mark.lp { background: none; color: inherit; }
mark.lp-fuzzy { background: #ffe08a; box-shadow: 0 0 0 1px #d9a400; }
mark.lp-untranslated { background: #ffd0cc; box-shadow: 0 0 0 1px #d2463c; }
.lp-notes { display: block; margin: 0.2em 0 0.4em; font: 0.8rem/1.35 sans-serif; text-align: start; }
.lp-note { display: block; color: #7a1d16; background: #fff1ef; border-inline-start: 3px solid #d2463c;
  padding: 0.15em 0.5em; font-style: normal; font-weight: 400; letter-spacing: 0; text-transform: none; }
.lp-panel { font: 0.85rem/1.4 sans-serif; background: #1f2933; color: #f5f7fa; padding: 0.5em 1em; }
.lp-panel a { color: #9fd3ff; }
.lp-panel .lp-key { display: inline-block; padding: 0 0.4em; border-radius: 2px; color: #1a1a1a; }
.lp-panel ul { margin: 0.3em 0 0; padding-inline-start: 1.2em; }
.lp-error { font: 1rem/1.5 sans-serif; max-width: 50em; margin: 2em auto; padding: 1em 1.5em;
  border: 2px solid #b3261e; background: #fff4f2; color: #3b0b08; }
.lp-error pre { white-space: pre-wrap; font-size: 0.95rem; }
@media print {
  .lp-panel, .lp-notes { display: none; }
  mark.lp-fuzzy, mark.lp-untranslated { box-shadow: none; }
  mark.lp-fuzzy::before, mark.lp-untranslated::before {
    content: ""; position: absolute; left: -13mm; width: 2.2mm; height: 1.1em; background: #d9a400;
  }
  mark.lp-untranslated::before { background: #d2463c; }
  html[dir="rtl"] mark.lp-fuzzy::before, html[dir="rtl"] mark.lp-untranslated::before { left: auto; right: -13mm; }
}
"""

SCRIPT = """
(function () {
  var shown = document.documentElement.getAttribute("data-lp-version");
  var events = new EventSource("/events");
  events.onmessage = function (event) { if (event.data !== shown) { events.close(); location.reload(); } };
})();
"""


def _head(nonce: str | None) -> str:
    script = f'<script nonce="{nonce}">{SCRIPT}</script>\n' if nonce else ""
    return f"<style>{STYLE}</style>\n{script}"


def print_page(preview: Preview) -> str:
    """The marked letter as the PDF shows it: highlights and margin marks, no panel, no notes."""
    return preview.page.replace("</head>", _head(None) + "</head>", 1)


def _finding_items(entries: list[Entry]) -> str:
    items = []
    for entry in entries:
        for finding in entry.findings:
            target = f"#lp-msg-{entry.number}" if entry.shown else ""
            where = escape(f"{finding.path}:{finding.line}")
            link = f'<a href="{target}">{where}</a>' if target else str(where)
            items.append(f"<li>{link} [{escape(finding.check)}] {escape(finding.message)}</li>")
    return "".join(items)


def panel(preview: Preview) -> str:
    counts = (
        f"{preview.count('translated')} translated, "
        f'<span class="lp-key" style="background:#ffe08a">{preview.count("fuzzy")} fuzzy</span>, '
        f'<span class="lp-key" style="background:#ffd0cc">{preview.count("untranslated")} untranslated</span>'
    )
    findings = _finding_items(preview.entries)
    listing = f"<ul>{findings}</ul>" if findings else ""
    return (
        f'<div class="lp-panel" role="region" aria-label="Translation preview">'
        f"<strong>Preview</strong> of {escape(preview.letter)} in {escape(preview.lang)}: {counts}; "
        f"{len(preview.findings)} check finding(s). "
        f'<a href="letter.pdf">PDF</a>{listing}</div>'
    )


def letter_page(preview: Preview, version: int, nonce: str) -> str:
    """The marked letter with the panel on top; reloads itself when a newer render exists."""
    page = preview.page.replace("<html ", f'<html data-lp-version="{version}" ', 1)
    page = page.replace("</head>", _head(nonce) + "</head>", 1)
    body = re.search(r"<body[^>]*>", page)
    if body is None:
        return page
    return page[: body.end()] + panel(preview) + page[body.end() :]


def error_page(message: str, version: int, nonce: str) -> str:
    """The error that stopped the render, ``file:line`` first, instead of a stale page."""
    return (
        f'<!DOCTYPE html>\n<html lang="en" data-lp-version="{version}"><head><meta charset="utf-8">'
        f"<title>Preview: error</title>\n{_head(nonce)}</head><body>"
        f'<div class="lp-error" role="alert"><strong>The preview cannot be rendered.</strong> '
        f'Fix this and save; the page reloads by itself.<pre id="lp-error">{escape(message)}</pre></div>'
        f"</body></html>\n"
    )

"""`letterpipe preview` in a real headless Chromium: a saved translation appears by itself, a broken
catalog shows its file:line error, a repaired one comes back. Records the save-to-page time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cdp import CHROMIUM, Browser

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
#: When the page now shown was ready, in ms since the epoch (the clock the test's save uses).
READY_AT = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


def save(path: Path, text: str) -> float:
    """Save as editors do (a new file renamed over the old one); returns the time of the save."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)
    return time.time()


@pytest.fixture
def server(mini):
    process = subprocess.Popen(
        [LETTERPIPE, "-C", str(mini.root), "preview", "fr", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("letterpipe preview: http://127.0.0.1:"), first + process.stderr.read()
        yield first.split()[2]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path):
    chromium = Browser(tmp_path / "chromium-profile")
    yield chromium
    chromium.close()


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed")
def test_a_saved_translation_appears_and_a_broken_catalog_shows_its_line(mini, server, browser, tmp_path):
    po = mini.po_file("mini", "fr")
    original = po.read_text("utf-8")
    browser.goto(server)
    assert browser.evaluate("document.title") == "Lettre commune sur la surveillance"
    assert browser.evaluate("document.querySelectorAll('mark.lp-fuzzy, mark.lp-untranslated').length") == 0

    saved = save(po, original.replace('msgstr "Nos demandes"', 'msgstr "Ce que nous demandons"'))
    browser.wait_for("document.body.innerText.includes('Ce que nous demandons')", 20)
    seconds = (browser.evaluate(READY_AT) / 1000) - saved
    record = {"save_to_page_seconds": round(seconds, 3)}
    (tmp_path / "preview-timing.json").write_text(json.dumps(record))
    print(f"\nsave-to-page: {seconds:.3f} s")
    assert 0 < seconds < 20

    saved = save(po, original.replace('msgstr "Nos demandes"', 'msgtsr "Nos demandes"'))
    error = browser.wait_for("document.getElementById('lp-error') && document.getElementById('lp-error').innerText", 20)
    line = next(n for n, text in enumerate(po.read_text("utf-8").splitlines(), 1) if text.startswith("msgtsr"))
    assert error.startswith(f"locale/fr/LC_MESSAGES/mini.po:{line}: "), error
    assert browser.evaluate("document.querySelector('article, mark') === null"), "no stale render"

    entry = '#: letters/mini/letter.md:16\nmsgid "Our requests"'
    save(po, original.replace(entry, "#, fuzzy\n" + entry))
    browser.wait_for("document.querySelector('mark.lp-fuzzy') !== null", 20)
    assert browser.evaluate("document.querySelector('mark.lp-fuzzy').innerText") == "Nos demandes"
    assert not (mini.root / "build").exists()

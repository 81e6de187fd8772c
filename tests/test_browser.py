"""Each language's HTML in a real headless Chromium: loads cleanly, no sideways scrolling."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import SEED_LANGUAGES
from readback import html_soup

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTHS = (360, 1280)

PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
{frames}
<script>
window.addEventListener('load', () => {{
  const out = {{}};
  for (const frame of document.querySelectorAll('iframe')) {{
    const doc = frame.contentDocument;
    const el = doc.documentElement;
    out[frame.id] = {{scroll: el.scrollWidth, client: el.clientWidth, lang: el.lang, dir: el.dir,
                     title: doc.title, names: doc.querySelectorAll('.signatories .name').length}};
  }}
  document.body.setAttribute('data-probe', JSON.stringify(out));
}});
</script></body></html>"""


def probe(folder, width_list):
    frames = "\n".join(
        f'<iframe id="w{w}" src="letter.html" style="width:{w}px;height:700px;border:0"></iframe>' for w in width_list
    )
    page = folder / "probe.html"
    page.write_text(PROBE.format(frames=frames), "utf-8")
    result = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-file-access-from-files", f"--user-data-dir={folder / 'chromium-profile'}",
            "--window-size=1400,900", "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    soup = html_soup_from(result.stdout)
    assert soup.body and soup.body.get("data-probe"), result.stderr[-2000:]
    return json.loads(soup.body["data-probe"]), result.stderr


def html_soup_from(text):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_page_loads_without_errors_and_never_scrolls_sideways(seed_build, tmp_path, lang):
    folder = tmp_path / lang
    shutil.copytree(seed_build.build / "pegasus-hrc48" / lang, folder)
    results, log = probe(folder, WIDTHS)
    expected_title = html_soup(folder / "letter.html").title.get_text()
    for width in WIDTHS:
        got = results[f"w{width}"]
        assert got["title"] == expected_title and got["names"] == 99
        assert got["scroll"] <= got["client"], f"{lang} overflows sideways at {width}px: {got}"
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Failed to load resource" in line]
    assert console == []

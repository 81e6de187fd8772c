"""Benchmark: save-to-page time of ``letterpipe preview`` on the seed letter, in headless Chromium.

Starts the preview of each language given (default: fr and ar), saves a changed msgstr N times
the way editors do (write a new file, rename it over the old one) and reads, in the page, when
the reloaded document was ready. Target: under 2 s. Prints figures; asserts nothing.
Run with ``.venv/bin/python bench/preview_reload.py [lang ...]``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from cdp import Browser  # noqa: E402

SLUG = "pegasus-hrc48"
READY_AT = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
SAVES = 10


def measure(root: Path, lang: str, scratch: Path) -> list[float]:
    po = root / "locale" / lang / "LC_MESSAGES" / f"{SLUG}.po"
    original = po.read_text("utf-8")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("letterpipe")), "-C", str(root), "preview", lang],
        stdout=subprocess.PIPE,
        text=True,
    )
    browser = Browser(scratch / f"profile-{lang}")
    try:
        url = server.stdout.readline().split()[2]
        browser.goto(url)
        times = []
        for n in range(SAVES):
            marker = f"Z{n}Z{time.monotonic_ns()}"
            tmp = po.with_name(po.name + ".tmp~")
            at = original.index('msgid "Coalition letter')
            tmp.write_text(original[:at] + original[at:].replace('msgstr "', f'msgstr "{marker} ', 1), "utf-8")
            os.replace(tmp, po)
            saved = time.time()
            browser.wait_for(f"document.body.innerText.includes('{marker}')", 30)
            times.append(browser.evaluate(READY_AT) / 1000 - saved)
            time.sleep(0.3)
        return times
    finally:
        browser.close()
        server.terminate()
        server.wait()
        po.write_text(original, "utf-8")


def main() -> None:
    languages = sys.argv[1:] or ["fr", "ar"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(REPO / "letters", root / "letters")
        shutil.copytree(REPO / "locale", root / "locale")
        print(f"save-to-page, {SAVES} saves each (target < 2 s)")
        print("lang      median s    max s")
        for lang in languages:
            times = measure(root, lang, Path(folder))
            print(f"{lang:<8} {statistics.median(times):>8.3f} {max(times):>8.3f}")


if __name__ == "__main__":
    main()

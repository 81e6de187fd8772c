"""Benchmark: wall time of the workflow on the seed letter, and per-language render figures.

Prints figures; asserts nothing. Run with ``.venv/bin/python bench/build_times.py``.

1. a full build from an empty build/ (all languages, real Snakemake + WeasyPrint);
2. a no-op rebuild;
3. a rebuild after one edit of the French catalog;
4. a rebuild after one edit of an English paragraph;
5. per language: page count, PDF size, and the in-process HTML and PDF render time, and the
   peak resident memory of one PDF render (a fresh process, like a Snakemake job).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SLUG = "pegasus-hrc48"


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - start


def peak_rss_mib(command: list[str], cwd: Path) -> float:
    """Peak resident memory of ``command`` alone, measured from a fresh intermediate process."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def per_language(root: Path) -> None:
    """Pages, size and stage times of each finished version, re-running its html and pdf stages."""
    print("\nlang      pages  PDF bytes  html s   pdf s  peak RSS MiB")
    status = json.loads((root / "build" / SLUG / "status.json").read_text("utf-8"))
    languages = ",".join(e["lang"] for e in status["languages"])
    letterpipe = [str(BIN / "letterpipe"), "-C", str(root)]
    for entry in status["languages"]:
        lang = entry["lang"]
        out = root / "build" / SLUG / lang
        html_cmd = [*letterpipe, "stage", "html", SLUG, lang, "--languages", languages, "-o", str(out / "b.html")]
        html_cmd += ["--info", str(out / "b.json")]
        if lang != status["source"]:
            html_cmd += ["--mo", str(out / f"{SLUG}.mo")]
        pdf_cmd = [*letterpipe, "stage", "pdf", SLUG, lang, "--html", str(out / "letter.html")]
        pdf_cmd += ["-o", str(out / "b.pdf")]
        html_s, pdf_s = timed(html_cmd, root), timed(pdf_cmd, root)
        size, peak = (out / "letter.pdf").stat().st_size, peak_rss_mib(pdf_cmd, root)
        print(f"{lang:<8} {entry['pages']:>6} {size:>10} {html_s:>7.2f} {pdf_s:>7.2f} {peak:>12.0f}")
    print("\n(html s and pdf s are whole CLI processes, imports included, as Snakemake runs them; the pdf")
    print(" stage also reads its PDF back to check the signatories. Peak RSS is one PDF stage's.)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for folder in ("letters", "locale"):
            shutil.copytree(REPO / folder, root / folder)
        build = [str(BIN / "letterpipe"), "-C", str(root), "build"]
        print(f"full build:                 {timed(build, root):6.2f} s")
        print(f"no-op rebuild:              {timed(build, root):6.2f} s")
        per_language(root)
        po = root / "locale" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
        text = po.read_text("utf-8")
        po.write_text(
            re.sub(r'"PO-Revision-Date: [^"]*"', '"PO-Revision-Date: 2021-09-29 12:00+0000\\\\n"', text, count=1),
            "utf-8",
        )
        print(f"\nrebuild after fr.po edit:   {timed(build, root):6.2f} s")
        letter = root / "letters" / SLUG / "letter.md"
        letter.write_text(
            letter.read_text("utf-8").replace("must be held to account.", "must be held to account now."), "utf-8"
        )
        print(f"rebuild after source edit:  {timed(build, root):6.2f} s")


if __name__ == "__main__":
    main()

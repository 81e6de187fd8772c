"""Benchmark: the speed targets of issue 11, each printed as a ratio with its target beside it.

Run with ``.venv/bin/python bench/speed.py [--sizes 100,1000,5000] [--quick]``. Asserts nothing;
prints a table. Every figure is CPU time (user + system of the whole process tree, read from
``getrusage`` of a fresh probe process) unless it says wall: on a shared machine wall time
measures the neighbours. Peak RSS is the largest single process in the tree.

1. cold build of the example letter vs the in-process floor: making each version's HTML and
   PDF and reading it back once (as text, as rendered ink, in Chromium; PDF/A and UA checked;
   preview), in one warm process (target: at most 2x); the floor without the seen checks
   (browser and ink), which the issue's first measurement predates, is printed too;
2. no-op rebuild (wall, target 1.0 s) and a rebuild after one edit of fr.po (wall, target 3 s,
   and only fr reruns);
3. per-language cost at 100, 1,000 and 5,000 signatories (six languages built, cost divided by
   six): per signatory, and the marginal cost per added signatory, which stays flat when the
   cost grows linearly; the peak RSS of any job at the largest size (target: 300 MB); every
   version of the largest letter must verify.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_letter import make_project

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SLUG = "pegasus-hrc48"
EPOCH = "1632960000"

PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": result.returncode, "cpu": usage.ru_utime + usage.ru_stime, "wall": wall,
                  "rss_mb": usage.ru_maxrss / 1024, "out": (result.stdout + result.stderr)[-3000:]}))
"""


def measure(command: list[str], cwd: Path, allow_failure: bool = False) -> dict:
    """CPU, wall and peak RSS of ``command`` and everything it starts, from a fresh probe process."""
    env = {"SOURCE_DATE_EPOCH": EPOCH, "PATH": f"{BIN}:/usr/bin:/bin"}
    env |= {key: os.environ[key] for key in ("PYTHONPATH", "HOME") if key in os.environ}
    out = subprocess.run([sys.executable, "-c", PROBE, *command], cwd=cwd, capture_output=True, text=True, env=env)
    figures = json.loads(out.stdout)
    if figures["code"] != 0 and not allow_failure:
        sys.exit(f"{' '.join(command)} failed:\n{figures['out']}")
    return figures


def project_copy(root: Path, signatories: int | None = None) -> Path:
    """The example letter, or with ``signatories`` the large letter of :mod:`large_letter`
    (names in several scripts, five groups, roles) in the same six languages."""
    if signatories:
        return make_project(root, signatories)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "letters" / SLUG, root / "letters" / SLUG)
    shutil.copytree(REPO / "locale", root / "locale")
    return root


def build(root: Path) -> dict:
    return measure([str(BIN / "letterpipe"), "-C", str(root), "build"], root)


FLOOR = """
import argparse, json, resource, sys
from pathlib import Path
from letterpipe.project import Project
from letterpipe.render.html import render_page
from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf
from letterpipe.source.signatories import fingerprint, to_json
from letterpipe.verify.report import verify_version
from letterpipe.pipeline import stages

root, slug, checks = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "checks"
project = Project(root)
status = json.loads((project.build / slug / "status.json").read_text())
langs = [e["lang"] for e in status["languages"]]
letter, signatories = project.load(slug)
build = project.build / slug
out = root / "floor"

def bare(lang):
    mo = build / lang / f"{slug}.mo"
    page, info = render_page(project, slug, lang, mo if mo.exists() else None, langs, False)
    html = out / lang / "letter.html"
    html.write_text(page, "utf-8")
    language = get_language(lang, project.language_table)
    pdf, pages = render_pdf(page, base=(build / lang).resolve(), jail=project.root, language=language,
        created=letter.date, attachments=[("signatories.json", to_json(signatories), "list")],
        info={"LetterpipeFingerprint": fingerprint(signatories)})
    (out / lang / "letter.pdf").write_bytes(pdf)
    assert verify_version(lang, html, out / lang / "letter.pdf", signatories, fonts=language.all_fonts).ok

def full(lang):
    mo = build / lang / f"{slug}.mo"
    stages.version(project, argparse.Namespace(letter=slug, lang=lang, mo=str(mo) if mo.exists() else None,
        languages=",".join(langs), checks=str(build / lang / "checks.json"), edition=str(build / "edition.json"),
        output=str(out / lang)))
    assert json.loads((out / lang / "verify.json").read_text())["ok"]

def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

for lang in langs:
    (out / lang).mkdir(parents=True, exist_ok=True)
work = full if checks else bare
for lang in langs:
    work(lang)
start = cpu()
for lang in langs:
    work(lang)
print(cpu() - start)
"""


def floor(root: Path, checks: bool) -> float:
    """CPU seconds (with the child processes: Chromium, pdftoppm) to make every version once more in
    one warm process: with ``checks``, the version stage's whole work (html, pdf, read-back as text
    and as seen, conformance, preview); without, only html, pdf and the text read-back."""
    command = [sys.executable, "-c", FLOOR, str(root), SLUG, "checks" if checks else "bare"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    return float(result.stdout.strip().splitlines()[-1])


def row(name: str, value: str, target: str, ok: bool | None) -> None:
    verdict = "" if ok is None else ("holds" if ok else "MISSED")
    print(f"{name:<52} {value:>16}   target {target:<14} {verdict}")


def example(tmp: Path) -> None:
    root = project_copy(tmp / "example")
    cold = build(root)
    warm, bare = floor(root, checks=True), floor(root, checks=False)
    ratio = cold["cpu"] / warm
    row("cold build, example letter: CPU", f"{cold['cpu']:.2f} s", "", None)
    row("  wall (shared machine)", f"{cold['wall']:.2f} s", "", None)
    row("  floor: the same work in one warm process", f"{warm:.2f} s", "", None)
    row("  ratio cold / floor", f"{ratio:.2f}x", "<= 2x", ratio <= 2)
    row("  floor without the seen checks (browser, ink)", f"{bare:.2f} s", "", None)
    row("  ratio cold / that floor", f"{cold['cpu'] / bare:.2f}x", "", None)
    noop = min((build(root) for _ in range(3)), key=lambda f: f["wall"])
    row("no-op rebuild: wall (best of 3)", f"{noop['wall']:.2f} s", "<= 1.0 s", noop["wall"] <= 1.0)
    row("  CPU", f"{noop['cpu']:.2f} s", "", None)
    po = root / "locale" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    text = po.read_text("utf-8")
    before = {p: p.stat().st_mtime_ns for p in (root / "build" / SLUG).rglob("*") if p.is_file()}
    po.write_text(text.replace('msgstr "Excellences,"', 'msgstr "Excellences !"', 1), "utf-8")
    edit = build(root)
    changed = sorted(
        {p.relative_to(root / "build" / SLUG).parts[0] for p, t in before.items() if p.stat().st_mtime_ns != t}
    )
    row("rebuild after one fr.po edit: wall", f"{edit['wall']:.2f} s", "<= 3 s", edit["wall"] <= 3)
    row("  CPU", f"{edit['cpu']:.2f} s", "", None)
    only = [c for c in changed if c not in ("index.html", "status.json")]
    row("  versions rewritten", ",".join(only) or "-", "fr only", only == ["fr"])


def large(tmp: Path, sizes: list[int]) -> None:
    costs: dict[int, float] = {}
    for size in sizes:
        root = project_copy(tmp / f"n{size}", size)
        result = measure([str(BIN / "letterpipe"), "-C", str(root), "build"], root, allow_failure=True)
        status = json.loads((root / "build" / SLUG / "status.json").read_text("utf-8"))
        versions = [e["lang"] for e in status["languages"]]
        verified = [
            lang
            for lang in versions
            if (root / "build" / SLUG / lang / "verify.json").exists()
            and json.loads((root / "build" / SLUG / lang / "verify.json").read_text("utf-8"))["ok"]
        ]
        costs[size] = result["cpu"] / len(versions)
        row(f"{size} signatories, {len(versions)} languages: CPU per version", f"{costs[size]:.2f} s", "", None)
        row("  per signatory", f"{1000 * costs[size] / size:.3f} ms", "", None)
        count = f"{len(verified)}/{len(versions)}"
        row("  versions verified (every name read back)", count, "all", verified == versions)
        pages = {e["lang"]: e.get("pages") for e in status["languages"]}
        row("  pages", ",".join(f"{k}:{v}" for k, v in pages.items()), "", None)
        row("  peak RSS of any job", f"{result['rss_mb']:.0f} MB", "<= 300 MB", result["rss_mb"] <= 300)
    for smaller, larger in itertools.pairwise(sizes):
        marginal = (costs[larger] - costs[smaller]) / (larger - smaller)
        row(f"  marginal CPU per added signatory, {smaller}->{larger}", f"{1000 * marginal:.3f} ms", "flat", None)
    if len(sizes) >= 3:
        first = (costs[sizes[1]] - costs[sizes[0]]) / (sizes[1] - sizes[0])
        last = (costs[sizes[-1]] - costs[sizes[-2]]) / (sizes[-1] - sizes[-2])
        row("  linearity: last marginal / first marginal", f"{last / first:.2f}", "<= 1.5", last / first <= 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="signatory counts, comma-separated")
    parser.add_argument("--skip-large", action="store_true", help="only the example letter")
    parser.add_argument("--skip-example", action="store_true", help="only the large letters")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        if not args.skip_example:
            example(Path(tmp))
        if not args.skip_large:
            large(Path(tmp), [int(n) for n in args.sizes.split(",")])
        print(f"\n(benchmark took {time.perf_counter() - started:.0f} s wall)")


if __name__ == "__main__":
    main()

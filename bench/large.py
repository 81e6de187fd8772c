"""Benchmark: one language version of a large letter, in process, at 100, 1,000 and 5,000 signatories.

Prints figures with their targets beside them (issue 11); asserts nothing. Run with
``.venv/bin/python bench/large.py`` (add ``--all-languages`` to also build and verify the
5,000-signatory letter in the six UN languages).

Each measurement runs in a fresh process, as a build job would: it generates the letter
(:mod:`large_letter`), imports and warms up letterpipe on a 20-name letter (the scaling runs; the
memory runs stay cold, like a job), then does what the ``version`` stage does: renders the HTML
(``render_page``), renders the PDF and reads it back (``render_version`` with ``seen=True``: text,
pagination, ink on the rasterised pages, the page in Chromium beside the render), then the PDF/UA
conformance check (``check_version``). It reports the CPU seconds of that work (its own, and its
child processes' apart: pdftotext, pdftoppm, Chromium) and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_letter import LANGUAGES, SLUG, compiled_catalog, make_project

SIZES = (100, 1000, 5000)
#: Targets of issue 11.
GROWTH_LIMIT = 1.5
RSS_LIMIT_MB = 300


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def build_version(root: Path, lang: str, out: Path) -> dict[str, object]:
    """Render and verify one version of the letter in ``root``; the figures, as a dict."""
    from letterpipe.project import Project
    from letterpipe.render.html import render_page
    from letterpipe.render.pdf import render_version
    from letterpipe.verify.conformance import check_version

    project = Project(root)
    out.mkdir(parents=True, exist_ok=True)
    mo = compiled_catalog(root, lang, out)
    times: dict[str, float] = {}
    peaks: dict[str, float] = {}
    mark = _cpu()

    def lap(name: str) -> None:
        nonlocal mark
        now = _cpu()
        times[name], times[name + "_children"] = now[0] - mark[0], now[1] - mark[1]
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        mark = now

    html, _ = render_page(project, SLUG, lang, mo, LANGUAGES)
    (out / "letter.html").write_text(html, "utf-8")
    del html
    lap("html")
    # the version stage's own path: the PDF rendered while Chromium reads the HTML, then read back
    pages, report = render_version(project, SLUG, lang, out / "letter.html", out / "letter.pdf", seen=True)
    lap("version")
    findings = check_version(out / "letter.html", out / "letter.pdf")
    lap("conformance")
    return {
        "lang": lang,
        "signatories": len(project.load(SLUG)[1]),
        "pages": pages,
        "times": times,
        "peaks": peaks,
        "problems": report.problems + findings,
        "skipped": report.skipped,
    }


def child(count: int, lang: str, cold: bool) -> None:
    """One measurement in this (fresh) process; prints its figures as JSON. ``cold``: no warm-up,
    as a build job runs (for its peak memory)."""
    with tempfile.TemporaryDirectory(prefix="letterpipe-large-") as tmp:
        if not cold:
            warm = make_project(Path(tmp) / "warm", 20)
            build_version(warm, lang, Path(tmp) / "warm-out")
        root = make_project(Path(tmp) / "project", count)
        start = time.perf_counter()
        figures = build_version(root, lang, Path(tmp) / "out")
        figures["wall"] = time.perf_counter() - start
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["children_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures, ensure_ascii=False))


def measure(count: int, lang: str, cold: bool = False) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", str(count), lang, *(["--cold"] if cold else [])]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout[-3000:] + result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _own(figures: dict[str, object]) -> float:
    times = figures["times"]
    assert isinstance(times, dict)
    return sum(v for k, v in times.items() if not k.endswith("_children"))


def _children(figures: dict[str, object]) -> float:
    times = figures["times"]
    assert isinstance(times, dict)
    return sum(v for k, v in times.items() if k.endswith("_children"))


def scaling(lang: str) -> None:
    print(f"one version ({lang}), in a warm process: html + pdf + read-back (seen) + conformance\n")
    print("names  pages   html s  version s  confor s  own CPU s  ms/name  child CPU s  peak RSS MB  child RSS MB")
    rows = {}
    for count in SIZES:
        figures = rows[count] = measure(count, lang)
        t = figures["times"]
        assert isinstance(t, dict)
        own = _own(figures)
        print(
            f"{count:>5} {figures['pages']:>6} {t['html']:>8.2f} {t['version']:>10.2f} "
            f"{t['conformance']:>9.2f} {own:>10.2f} {1000 * own / count:>8.2f} {_children(figures):>12.2f} "
            f"{figures['rss_mb']:>12.0f} {figures['children_rss_mb']:>13.0f}"
        )
        if figures["problems"]:
            print("       problems:", *figures["problems"][:5], sep="\n         ")
    per = {count: 1000 * _own(rows[count]) / count for count in SIZES}
    marginal_low = 1000 * (_own(rows[1000]) - _own(rows[100])) / 900
    marginal_high = 1000 * (_own(rows[5000]) - _own(rows[1000])) / 4000
    growth = per[5000] / per[1000]
    print()
    verdict = "holds" if growth <= GROWTH_LIMIT else "FAILS"
    print(
        f"ms/signatory at 5,000: {per[5000]:.2f}, at 1,000: {per[1000]:.2f}, ratio {growth:.2f}"
        f"   target <= {GROWTH_LIMIT}x ({verdict})"
    )
    print(f"marginal ms/signatory 100->1,000: {marginal_low:.2f}, 1,000->5,000: {marginal_high:.2f}")
    cold = measure(5000, lang, cold=True)
    peak = float(cold["rss_mb"])  # type: ignore[arg-type]
    verdict = "holds" if peak <= RSS_LIMIT_MB else "FAILS"
    steps = ", ".join(f"{k} {v:.0f}" for k, v in cold["peaks"].items())  # type: ignore[union-attr]
    print(f"peak RSS of one 5,000-name version, fresh process: {peak:.0f} MB   target <= {RSS_LIMIT_MB} MB ({verdict})")
    print(f"  (peak after each step, MB: {steps}; children's CPU {_children(cold):.1f} s)")


def all_languages() -> None:
    print("\nthe 5,000-signatory letter in the six UN languages (fresh process each)\n")
    print("lang     pages  wall s  own CPU s  peak RSS MB  verification")
    for lang in LANGUAGES:
        figures = measure(5000, lang, cold=True)
        problems = figures["problems"]
        assert isinstance(problems, list)
        result = "ok" if not problems else f"{len(problems)} problem(s): {problems[0]}"
        if figures["skipped"]:
            result += f" (skipped: {'; '.join(figures['skipped'])})"  # type: ignore[arg-type]
        print(
            f"{lang:<8} {figures['pages']:>5} {figures['wall']:>7.1f} {_own(figures):>10.2f} "
            f"{figures['rss_mb']:>12.0f}  {result}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-languages", action="store_true", help="also the 5,000 letter in all six languages")
    parser.add_argument("--lang", default="en", help="the language of the scaling runs (default en)")
    parser.add_argument("--child", nargs=2, metavar=("COUNT", "LANG"), help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1], args.cold)
        return
    scaling(args.lang)
    if args.all_languages:
        all_languages()


if __name__ == "__main__":
    main()

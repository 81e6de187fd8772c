"""Reading a PDF back as paper: is every signatory name there in ink a reader can see?

The text layer can hold a name that no one can read: painted in the colour of a box behind it,
covered by a white box drawn after it, set in ``#f0f0f0`` or at 3.5 pt. So each name's words
are located with poppler (``pdftotext -bbox-layout``), the pages holding them are rasterised
with poppler (``pdftoppm``), and every word's box must hold ink of sufficient contrast against
its own background, spread over its whole width (a box laid over part of a name leaves a
stretch with none), at a readable size.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from letterpipe.errors import SetupError
from letterpipe.verify.ink import AA_CONTRAST, measure_image

#: Rasterisation resolution: glyph stems of 9 pt text are about two pixels wide.
DPI = 150
#: Smallest readable name, in points (the issue's 3.5 pt is not).
MIN_SIZE_PT = 6.0
#: A word box is this much taller than the font size (ascender to descender).
BOX_TO_SIZE = 1.3
TIMEOUT = 120
#: Pages rasterised per poppler run (each parses the file again; each page is 6 MB on disk).
CHUNK = 8

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    page: int
    box: tuple[float, float, float, float]
    text: str

    @property
    def key(self) -> Counter[str]:
        return Counter(_letters(self.text))


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def _run(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise SetupError(f"{command[0]} not found: install poppler-utils (apt-get install poppler-utils)") from None
    if result.returncode != 0:
        raise SetupError(f"{command[0]} failed on {command[-2]}: {result.stderr.strip()[:200]}")
    return result.stdout


def pdf_words(pdf: Path) -> list[Word]:
    """Every word poppler finds, with its page (from 1) and box in points from the top left."""
    out = _run(["pdftotext", "-bbox-layout", str(pdf), "-"])
    words: list[Word] = []
    page = 0
    for match in re.finditer(f"{_PAGE.pattern}|{_WORD.pattern}", out):
        if match.group(1) is not None:
            page += 1
            continue
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(3, 7))
        words.append(Word(page, (x0, y0, x1, y1), unescape(match.group(7))))
    return words


def _sorted(text: str) -> str:
    return "".join(sorted(_letters(text)))


def locate(names: list[str], words: list[Word], anchor: str | None) -> tuple[dict[int, list[Word]], list[str]]:
    """Words of each name (by its index in ``names``), found after the first group heading.

    A run of consecutive words matches a name when it holds the same characters: poppler gives
    right-to-left words in visual order, and ligatures can swap two letters, so order inside
    the run is not compared (the text layer's order is proven by the other checks). A run
    starts at a word (or line fragment) that begins or ends with the name's first or last word
    (right-to-left runs start at the last), found through an index, so the search stays linear. Longer names are placed
    first and each word serves one name, so a name contained in a longer one is not found in it.
    """
    start = 0
    if anchor:
        head = _letters(anchor).casefold()
        for i in range(len(words)):
            joined = ""
            for word in words[i : i + 12]:
                joined += _letters(word.text).casefold()
                if len(joined) >= len(head):
                    break
            if joined.startswith(head):
                start = i
                break
    index: dict[str, list[int]] = {}
    for position in range(start, len(words)):
        # poppler's "word" is a word, or with /ActualText spans a whole line fragment: index the
        # first and the last of its own words, where a name's first (or, reordered, last) starts
        parts = words[position].text.split() or [words[position].text]
        for part in {parts[0], parts[-1]}:
            index.setdefault(_sorted(part), []).append(position)
    letters = [_letters(word.text) for word in words]
    counted: dict[int, Counter[str]] = {}

    def count(position: int) -> Counter[str]:
        if position not in counted:
            counted[position] = Counter(letters[position])
        return counted[position]

    taken: set[int] = set()
    found: dict[int, list[Word]] = {}
    missing: list[str] = []
    for number in sorted(range(len(names)), key=lambda i: -len(_letters(names[i]))):
        tokens = names[number].split() or [names[number]]
        target = Counter(_letters(names[number]))
        size = sum(target.values())
        indexed = sorted(set(index.get(_sorted(tokens[0]), []) + index.get(_sorted(tokens[-1]), [])))
        listed = set(indexed)
        rest = (i for i in range(start, len(words)) if i not in listed)  # rare: odd word splits
        hit = None
        for first in itertools.chain(indexed, rest):
            if first in taken:
                continue
            length, run = 0, []
            for j in range(first, len(words)):
                if j in taken:
                    break
                length += len(letters[j])
                run.append(j)
                if length >= size:
                    break
            if length == size and sum((count(j) for j in run), Counter()) == target:
                hit = run
                break
        if hit is None:
            missing.append(names[number])
            continue
        taken.update(hit)
        found[number] = [words[j] for j in hit]
    return found, missing


def _stretches(pages: set[int]) -> list[list[int]]:
    """The pages in runs of consecutive numbers, each at most :data:`CHUNK` long."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and page == runs[-1][-1] + 1 and len(runs[-1]) < CHUNK:
            runs[-1].append(page)
        else:
            runs.append([page])
    return runs


def rasterise(pdf: Path, pages: set[int], folder: Path) -> dict[int, Path]:
    """Image files (PPM: PNG compression cost nine tenths of the time) of the given pages
    (numbered from 1) at :data:`DPI`, one poppler run per stretch of consecutive pages."""
    out: dict[int, Path] = {}
    for stretch in _stretches(pages):
        prefix = folder / f"run-{stretch[0]}"
        _run(["pdftoppm", "-r", str(DPI), "-f", str(stretch[0]), "-l", str(stretch[-1]), str(pdf), str(prefix)])
        for path in folder.glob(f"run-{stretch[0]}-*.ppm"):
            out[int(path.stem.rsplit("-", 1)[1])] = path
    missing = pages - out.keys()
    if missing:
        raise SetupError(f"pdftoppm wrote no image of page(s) {sorted(missing)} of {pdf}")
    return out


def _word_problem(image: object, word: Word) -> str | None:
    """What keeps one word from a reader on the rasterised page, or ``None``."""
    scale = DPI / 72.0
    x0, y0, x1, y1 = word.box
    size = (y1 - y0) / BOX_TO_SIZE
    if size < MIN_SIZE_PT:
        return f"is set at about {size:.1f} pt, below the readable {MIN_SIZE_PT:.0f} pt"
    left, top = int(x0 * scale) + 1, int(y0 * scale) + 1
    right, bottom = int(x1 * scale) - 1, int(y1 * scale) - 1
    if right <= left or bottom <= top:
        return "has an empty box"
    crop = image.crop((left, top, right, bottom)).convert("RGB")  # type: ignore[attr-defined]
    ink = measure_image(crop)
    if not ink.present:
        return f"shows no ink on the page ({word.text!r} does not stand out from its background)"
    if ink.best < AA_CONTRAST:
        return f"is printed at a contrast of {ink.best:.2f}:1 (at least {AA_CONTRAST}:1 needed)"
    width, height = crop.size
    step = max(1, int(height * 1.2))
    for x in range(0, width - step // 2, step):
        if measure_image(crop.crop((x, 0, min(width, x + step), height)), ink.background).pixels < 2:
            return f"is partly covered or blank ({word.text!r} has no ink over part of its width)"
    return None


def check_pdf_ink(pdf: Path, names: list[str], anchor: str | None, words: list[Word] | None = None) -> list[str]:
    """Problems, one per name that a reader of the printed page cannot see. ``words``: the PDF's
    :func:`pdf_words`, when the caller has read them already."""
    from PIL import Image

    words = pdf_words(pdf) if words is None else words
    found, missing = locate(names, words, anchor)
    # A name whose words poppler splits or orders beyond recognition is not judged here; that it
    # is in the visible text layer at all is proven by the text check (verify/pdf.py).
    del missing
    on_page: dict[int, list[tuple[int, int, Word]]] = {}
    for index, name_words in found.items():
        for order, word in enumerate(name_words):
            on_page.setdefault(word.page, []).append((index, order, word))
    found_problems: dict[tuple[int, int], str] = {}
    with tempfile.TemporaryDirectory(prefix="letterpipe-raster-") as folder:
        # a few pages at a time on disk, one in memory: a 5,000-name list has 80 of them
        for stretch in _stretches(set(on_page)):
            images = rasterise(pdf, set(stretch), Path(folder))
            for page in stretch:
                with Image.open(images[page]) as image:
                    image.load()
                    for index, order, word in on_page[page]:
                        problem = _word_problem(image, word)
                        if problem:
                            found_problems[index, order] = problem
                images[page].unlink()
    problems: list[str] = []
    for index in sorted(found):
        first = next((found_problems[index, k] for k in range(len(found[index])) if (index, k) in found_problems), None)
        if first:
            problems.append(f"{names[index]!r} {first}")
    return problems

"""Reading a PDF back as a reader turns its pages: does the signatory list break cleanly?

CSS asks for it (``break-after: avoid`` on a group heading, ``break-inside: avoid`` on a name),
but a layout engine may not honour a request, and a template override may not make it. So the
written PDF is judged on poppler's word boxes (``pdftotext -bbox-layout``, the same read the ink
check uses): every group heading is followed on its page by a name of its group, and every entry
of the list (a name with its role) lies on one page and in one column.

Each entry is found as words that spell it (case, accents and white space folded, so a heading
set in capitals is found), taken from the first group heading on, each next piece where a reader
would look for it (see :class:`_Finder`). An entry whose words cannot be found is not judged here;
that it is in the text at all is proven by :func:`letterpipe.verify.pdf.compare_pdf`.

Columns are told apart by their boxes, not their order: the words of one group's list on one page
fall into separate horizontal bands, one per column, and an entry whose words lie in two bands is
split across columns. Working from boxes makes the check blind to direction (columns run right to
left on a right-to-left page) and to how many columns a template sets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from letterpipe.verify.pdf import _fold, squash
from letterpipe.verify.raster import Word

#: Words indexed by their first this many characters (fewer if shorter).
PREFIX = 8
#: Words that could begin one entry tried at most (a first line that many entries share).
MAX_STARTS = 32
#: Two word boxes closer than this share a column band, in multiples of the taller box's height:
#: the space between two runs of one line (a name mixing scripts) is far narrower, a column gap wider.
BAND_GAP = 0.6


@dataclass(frozen=True)
class Entry:
    """One heading or one list entry (name and role) as the HTML gives it."""

    label: str
    group: int
    heading: bool
    key: str


#: poppler can hand a right-to-left run back reversed, wrapped in RLE ... PDF: undone before matching.
_REVERSED = re.compile("\u202b([^\u202a-\u202c]*)\u202c")


def _key(text: str) -> str:
    if "\u202b" in text:
        text = _REVERSED.sub(lambda m: m.group(1)[::-1], text)
    return _fold(squash(unicodedata.normalize("NFKC", text)))


def list_entries(
    headings: Sequence[str], names: Sequence[str], roles: Sequence[str], groups: Sequence[int]
) -> list[Entry]:
    """The list in document order: each heading, then the entries of its group."""
    entries: list[Entry] = []
    shown = -1
    for name, role, group in zip(names, roles, groups, strict=True):
        while shown < group:
            shown += 1
            entries.append(Entry(headings[shown], shown, True, _key(headings[shown])))
        entries.append(Entry(name, group, False, _key(name + role)))
    entries += [Entry(headings[g], g, True, _key(headings[g])) for g in range(shown + 1, len(headings))]
    return entries


class _Finder:
    """Finds each entry's words by their text and their place on the page, each word serving one entry.

    poppler's reading order is not the document's (it can read a role before its name when two
    columns sit side by side), so the words of an entry are not looked for in sequence: after a
    word that begins the entry, the next piece is the untaken word that continues its text and lies
    nearest in reading position: on the next line of the same column if there is one, else higher
    up on the same page (another column), else on the next page. Of the words that could begin an
    entry, the one whose run stays in one column is preferred, so two entries that share a first
    line each get their own.
    """

    def __init__(self, words: Sequence[Word], keys: list[str], allowed: Sequence[bool]) -> None:
        self.words = words
        self.keys = keys
        self.index: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            if key and allowed[position]:
                self.index.setdefault(key[:PREFIX], []).append(position)
        self.taken = bytearray(len(words))

    def _candidates(self, target: str, offset: int) -> list[int]:
        found: list[int] = []
        for length in range(1, PREFIX + 1):
            found += self.index.get(target[offset : offset + length], [])
            if offset + length >= len(target):
                break
        keys = self.keys
        return [p for p in found if not self.taken[p] and target.startswith(keys[p], offset)]

    def _rank(self, previous: int, position: int) -> tuple[int, float]:
        """How well ``position`` continues the line at ``previous``: the next line of the same column
        first, then right beside it on the same line (a run in another script), then elsewhere on
        the page (another column: same height, far to the side, counts here), then the next page."""
        before, after = self.words[previous], self.words[position]
        (x0, y0, x1, y1), (u0, v0, u1, v1) = before.box, after.box
        if after.page != before.page:
            return (3 if after.page == before.page + 1 else 4), after.page * 10000 + v0
        height = max(y1 - y0, v1 - v0)
        if u0 < x1 and x0 < u1 and v0 >= y0 + height / 2 and v0 - y1 <= height:
            return 0, v0 - y1
        gap = max(u0 - x1, x0 - u1)
        if min(y1, v1) - max(y0, v0) > height / 2 and gap <= height:
            return 1, gap
        return 2, v0

    def _run(self, start: int, target: str) -> tuple[list[int], int] | None:
        run, done, jumps = [start], len(self.keys[start]), 0
        while done < len(target):
            choices = [p for p in self._candidates(target, done) if p not in run]
            if not choices:
                return None
            rank, position = min((self._rank(run[-1], p), p) for p in choices)
            jumps += rank[0] >= 2
            run.append(position)
            done += len(self.keys[position])
        return run, jumps

    def find(self, target: str) -> list[int] | None:
        """The words of ``target`` (a folded key), marked taken; ``None`` if they are not all there."""
        if not target:
            return None
        starts = sorted(self._candidates(target, 0), key=lambda p: (-len(self.keys[p]), p))
        best: tuple[list[int], int] | None = None
        for start in starts[:MAX_STARTS]:
            found = self._run(start, target)
            if found is not None and (best is None or found[1] < best[1]):
                best = found
                if not best[1]:
                    break
        if best is None:
            return None
        for position in best[0]:
            self.taken[position] = 1
        return best[0]


def _bands(boxes: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Horizontal extents (x0, x1, height) merged into bands wherever they overlap or nearly touch."""
    bands: list[list[float]] = []
    for x0, x1, height in sorted(boxes):
        if bands and x0 <= bands[-1][1] + BAND_GAP * max(height, bands[-1][2]):
            bands[-1][1] = max(bands[-1][1], x1)
            bands[-1][2] = max(bands[-1][2], height)
        else:
            bands.append([x0, x1, height])
    return [(band[0], band[1]) for band in bands]


def _band_of(starts: list[float], x0: float) -> int:
    return bisect.bisect_right(starts, x0 + 1e-6) - 1


@dataclass
class Pagination:
    """What :func:`check_pagination` found: problems, and how many entries it could not place."""

    problems: list[str]
    unplaced: int


def check_pagination(words: Sequence[Word], entries: Sequence[Entry]) -> Pagination:
    """Lone group headings and entries split across pages or columns, in document order."""
    keys = [_key(word.text) for word in words]
    placed: list[list[int] | None] = [None] * len(entries)
    headings = [i for i, entry in enumerate(entries) if entry.heading]
    if headings:  # the section starts at its first heading: the letter's body never stands in for a name
        placed[headings[0]] = _Finder(words, keys, [True] * len(words)).find(entries[headings[0]].key)
    first = placed[headings[0]] if headings else None
    if first is not None:
        top = words[first[0]]
        allowed = [(w.page, w.box[1]) >= (top.page, top.box[1] - 1) for w in words]
    else:
        allowed = [True] * len(words)
    finder = _Finder(words, keys, allowed)
    if first is not None:
        for position in first:
            finder.taken[position] = 1
    for number in sorted(range(len(entries)), key=lambda i: (-len(entries[i].key), i)):
        if placed[number] is None:
            placed[number] = finder.find(entries[number].key)
    boxes: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for entry, run in zip(entries, placed, strict=True):
        if run is None or entry.heading:
            continue
        for position in run:
            word = words[position]
            x0, y0, x1, y1 = word.box
            boxes.setdefault((entry.group, word.page), []).append((x0, x1, y1 - y0))
    bands = {key: [band[0] for band in _bands(value)] for key, value in boxes.items()}
    problems: list[str] = []
    first_of_group: dict[int, list[int] | None] = {}
    for entry, run in zip(entries, placed, strict=True):
        if not entry.heading:
            first_of_group.setdefault(entry.group, run)
        if run is None:
            continue
        pages = sorted({words[p].page for p in run})
        kind = "group heading" if entry.heading else "name"
        if len(pages) > 1:
            problems.append(f"{kind} {entry.label!r} split across pages {pages[0]}-{pages[-1]}")
            continue
        if entry.heading:
            continue
        page = pages[0]
        columns = {_band_of(bands[entry.group, page], words[p].box[0]) for p in run}
        if len(columns) > 1:
            problems.append(f"name {entry.label!r} split across columns on page {page}")
    for entry, run in zip(entries, placed, strict=True):
        follower = first_of_group.get(entry.group)
        if not entry.heading or run is None or follower is None:
            continue
        page, next_page = words[run[-1]].page, words[follower[0]].page
        if next_page != page:
            problems.append(f"group heading {entry.label!r} alone at the bottom of page {page}")
    return Pagination(problems, sum(run is None for run in placed))

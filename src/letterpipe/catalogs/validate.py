"""The checks of ``msgfmt --check`` on a parsed catalog, plus letterpipe's one policy: UTF-8.

GNU's verdict is the reference in both directions (tests compare against real ``msgfmt``):
duplicate messages (obsolete ones included), a header that is missing, a charset other than
UTF-8, a ``Plural-Forms`` that does not parse, can produce a form number past ``nplurals`` or
disagrees with the number of ``msgstr[N]``, leading/trailing newlines that differ between
source and translation, and format directives that differ. Fuzzy messages are not checked,
as msgfmt does not: they never reach the compiled catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

from letterpipe.catalogs.formats import CHECKERS, FormatProblem
from letterpipe.catalogs.plurals import PluralError, form_counts, parse_plural_forms
from letterpipe.catalogs.pofile import Entry, PoFile, header_value
from letterpipe.errors import CatalogError

#: GNU checks a plural form's directives strictly only if the form serves at least this many of
#: n = 0..1000 ("infinitely often"); a form for one or two numbers may say "one" instead of "%d".
OFTEN = 5


def problems(po: PoFile, lines_from: PoFile | None = None) -> list[tuple[int, str]]:
    """``(line, reason)`` for everything msgfmt --check would refuse, in file order.

    ``lines_from``: the translator's file a merged catalog came from, whose lines to report.
    """
    found: list[tuple[int, str]] = []
    header = po.header
    header_line = header.line if header else 1
    if header is None:
        return [(1, 'no header entry (msgid "" with Content-Type) at the start of the catalog')]
    charset = re.search(r"charset=([^\s;]+)", header.msgstr)  # anywhere in the header, as msgfmt looks
    if not charset or charset[1].upper() != "UTF-8":
        declared = charset[1] if charset else "none"
        found.append(
            (header_line, f"charset is {declared}; catalogs must be UTF-8 ('Content-Type: text/plain; charset=UTF-8')")
        )
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po.entries:
        if entry.key in seen:
            found.append(
                (entry.line, f"duplicate message: the same msgid is already defined at line {seen[entry.key]}")
            )
        else:
            seen[entry.key] = entry.line
    nplurals, counts = _plural_header(header, po, found)
    for entry in po.messages:
        if entry.fuzzy:
            continue
        line = entry.line
        if lines_from is not None:
            original = lines_from.find(entry.msgid, entry.msgctxt)
            line = original.line if original else line
        if _translated_plural(entry) and nplurals is not None and len(entry.msgstr_plural) != nplurals:
            have = len(entry.msgstr_plural)
            found.append((line, f"Plural-Forms says nplurals={nplurals}, but this message has {have} msgstr[] forms"))
        found += [(line, reason) for reason in _pair_problems(entry, counts)]
    return sorted(found, key=lambda item: item[0])


def _translated_plural(entry: Entry) -> bool:
    """A plural message with some translation: only those must agree with Plural-Forms (as in msgfmt)."""
    return entry.msgid_plural is not None and not entry.fuzzy and any(entry.msgstr_plural)


def _plural_header(header: Entry, po: PoFile, found: list[tuple[int, str]]) -> tuple[int | None, list[int] | None]:
    value = header_value(header, "Plural-Forms")
    if value is None and "plural=" in header.msgstr:
        value = header.msgstr  # msgfmt looks for nplurals= and plural= anywhere in the header
    has_plurals = any(_translated_plural(e) for e in po.messages)
    if value is None:
        if has_plurals:
            found.append((header.line, "plural messages, but the header has no Plural-Forms line"))
        return None, None
    try:
        nplurals, plural = parse_plural_forms(value)
        counts = form_counts(nplurals, plural)
    except PluralError as exc:
        if has_plurals or "lacks" not in str(exc):
            found.append((header.line, f"Plural-Forms: {exc}"))
        return None, None
    return nplurals, counts


def _pair_problems(entry: Entry, counts: list[int] | None) -> list[str]:
    out = []
    pairs = [("msgstr", entry.msgid, entry.msgstr)]
    if entry.msgid_plural is not None:
        pairs = [
            (f"msgstr[{i}]", entry.msgid if i == 0 else entry.msgid_plural, s)
            for i, s in enumerate(entry.msgstr_plural)
        ]
    for where, source, target in pairs:
        if not target:
            continue
        if source.startswith("\n") != target.startswith("\n"):
            out.append(f"'msgid' and '{where}' do not both begin with a newline (\\n)")
        if source.endswith("\n") != target.endswith("\n"):
            out.append(f"'msgid' and '{where}' do not both end with a newline (\\n)")
    for flag, checker in CHECKERS.items():
        if flag not in entry.flags:
            continue
        for index, (where, source, target) in enumerate(pairs):
            if entry.msgid_plural is not None:
                source = entry.msgid_plural
            if not target:
                continue
            strict = not (
                entry.msgid_plural is not None and counts is not None and index < len(counts) and counts[index] < OFTEN
            )
            try:
                checker(source, target, where, strict)
            except FormatProblem as exc:
                out.append(f"{exc} ({flag})")
    return out


def validate(po: PoFile, lines_from: PoFile | None = None, path: Path | None = None) -> None:
    """Raise :class:`CatalogError` naming the first problem's line (and how many others there are)."""
    found = problems(po, lines_from)
    if not found:
        return
    line, reason = found[0]
    if len(found) > 1:
        where = path or po.path
        reason += "".join(f"\n{where}:{other_line}: {other}" for other_line, other in found[1:])
    raise CatalogError(reason, path or po.path, line)

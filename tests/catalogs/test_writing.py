"""Writing as GNU gettext writes, and quiet round trips through translators' tools.

The judges are real: ``msgcat`` and ``msgmerge --previous`` (GNU gettext) and translate-toolkit
(Weblate's file library). A catalog any of them saved survives ``letterpipe update`` byte for
byte; after a source change, only the changed entries' lines differ.
"""

from __future__ import annotations

import difflib
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO

from letterpipe.catalogs.maintain import update_catalogs
from letterpipe.catalogs.pofile import Entry, PoFile, format_entry, parse_po, read_po, render_po
from letterpipe.project import Project

SLUG = "pegasus-hrc48"
EDIT_OLD = "So far, at least 180 journalists in 20 countries"
EDIT_NEW = "So far, at least 180 journalists in 20 different countries"


def seed_project(tmp_path: Path) -> Project:
    root = tmp_path / "seed"
    for folder in ("letters", "locale"):
        shutil.copytree(REPO / folder, root / folder)
    return Project(root)


def catalogs(project: Project) -> list[Path]:
    return [project.po_file(SLUG, lang) for lang in project.catalog_languages(SLUG)]


def changed_lines(before: bytes, after: bytes) -> int:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def msgcat(path: Path, *options: str) -> None:
    subprocess.run(["msgcat", *options, "-o", str(path), str(path)], check=True, capture_output=True)


def ttk_save(path: Path, edit: Callable[[object], None] | None = None) -> None:
    from translate.storage import po

    store = po.pofile.parsefile(str(path))
    if edit:
        edit(store)
    path.write_bytes(bytes(store))


def msgmerge(path: Path, pot: Path) -> None:
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(pot)], check=True, capture_output=True
    )


TOOLS: dict[str, Callable[[Path, Path], None]] = {
    "msgcat": lambda path, pot: msgcat(path),
    "msgcat --no-wrap": lambda path, pot: msgcat(path, "--no-wrap"),
    "translate-toolkit": lambda path, pot: ttk_save(path),
    "msgmerge --previous": msgmerge,
}


def test_committed_catalogs_are_exactly_as_msgcat_writes_them(tmp_path):
    for path in sorted((REPO / "locale").glob("**/*.po")) + sorted((REPO / "locale").glob("*.pot")):
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        msgcat(copy)
        assert copy.read_bytes() == path.read_bytes(), path
        po = parse_po(path.read_bytes(), path)
        assert "\n".join(format_entry(e) for e in po.entries).encode() == path.read_bytes(), path


def test_update_on_a_fresh_clone_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = seed_project(tmp_path)
    files = sorted(p for p in project.locale.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    report = list(update_catalogs(project, SLUG))
    assert all(line.startswith("unchanged") for line in report), report
    assert {p: p.read_bytes() for p in files} == before


def _hard_strings(count: int) -> list[str]:
    pieces = [*"ab5.,:;/-?!)(][%$+\\\"'’“”«»…—–|}{#*&@_=<>~",
        "\t", " ", "  ", "中", "文", "。", "，", "（", "）", "「", "」", "ب", "،", "؟", "١", "\u00a0", "é",
        "\u0651", "\u200d", "\u200b", "\n", "https://example.org/a-b", "Pegasus", "rights-free", "50,000",
    ]  # fmt: skip
    rng = random.Random(48)
    out = []
    for _ in range(count):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 6)))
        out.append("x" * rng.randint(60, 76) + " " + text + " zz " + " ".join(rng.choice(pieces) for _ in range(30)))
    return out


def test_wrapping_matches_msgcat_on_hard_strings(tmp_path):
    """Escapes, CJK widths, Arabic, hyphens, URLs, no-break spaces, placed where a line must break."""
    strings = _hard_strings(600)
    entries = [Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")]
    for index, text in enumerate(strings):
        entry = Entry(
            msgid=f"m{index} {text[::-1]}",
            msgstr=text,
            references=[f"letters/x{i}/letter.md:{index}" for i in range(3)],
        )
        if index % 5 == 0:
            entry.flags, entry.previous_msgid = ["fuzzy"], text[3:]
        if index % 7 == 0:
            entry.msgctxt = text[10:40]
        entries.append(entry)
    obsolete = [Entry(msgid=f"gone {i} {s}", msgstr=s, obsolete=True) for i, s in enumerate(strings[:50])]
    path = tmp_path / "hard.po"
    path.write_bytes(render_po(PoFile(path, entries + obsolete)))
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert changed_lines(gnu, path.read_bytes()) == 0


@pytest.mark.parametrize("tool", list(TOOLS))
def test_update_after_a_tools_save_changes_no_byte(tmp_path, tool):
    project = seed_project(tmp_path)
    list(update_catalogs(project, SLUG))
    saved = {}
    for path in catalogs(project):
        TOOLS[tool](path, project.pot_file(SLUG))
        saved[path] = path.read_bytes()
    report = list(update_catalogs(project, SLUG))
    assert all(line.startswith("unchanged") for line in report), report
    for path, data in saved.items():
        assert path.read_bytes() == data, f"{tool}: update rewrote {path.name}"


@pytest.mark.parametrize("tool", list(TOOLS))
def test_after_a_source_edit_only_the_changed_entry_differs_and_msgmerge_agrees(tmp_path, tool):
    project = seed_project(tmp_path)
    for path in catalogs(project):
        TOOLS[tool](path, project.pot_file(SLUG))
    before = {path: path.read_bytes() for path in catalogs(project)}
    letter = project.letter_file(SLUG)
    letter.write_text(letter.read_text("utf-8").replace(EDIT_OLD, EDIT_NEW), "utf-8")
    list(update_catalogs(project, SLUG))
    pot = project.pot_file(SLUG)
    for path in catalogs(project):
        after = path.read_bytes()
        ours = read_po(path)
        changed = [e for e in ours.messages if e.fuzzy]
        assert len(changed) == 1 and EDIT_NEW in changed[0].msgid and EDIT_OLD in (changed[0].previous_msgid or "")
        entry_lines = format_entry(changed[0]).count("\n")
        old_entry_lines = len(parse_po(before[path], path).find(changed[0].previous_msgid).raw.splitlines())
        header_lines = 2  # POT-Creation-Date, old and new
        assert changed_lines(before[path], after) <= entry_lines + old_entry_lines + header_lines, tool

        reference = tmp_path / f"gnu-{path.parent.parent.name}.po"
        reference.write_bytes(before[path])
        msgmerge(reference, pot)
        gnu = parse_po(reference.read_bytes(), reference)
        assert [_semantic(e) for e in gnu.entries if not e.is_header] == [
            _semantic(e) for e in ours.entries if not e.is_header
        ]


def _semantic(entry: Entry) -> tuple:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        tuple(entry.translations),
        frozenset(entry.flags),
        entry.previous_msgid,
        entry.obsolete,
        tuple(entry.notes),
        tuple(entry.references),
        tuple(entry.comments),
    )


def test_translate_toolkit_edit_then_update_keeps_everything_and_adds_no_noise(tmp_path):
    """Weblate's library reads, edits one unit and writes; update keeps its file as it is."""
    project = seed_project(tmp_path)
    originals = {path: read_po(path) for path in catalogs(project)}

    def edit(store) -> None:
        unit = next(u for u in store.units if u.source == "Sincerely,")
        unit.target = unit.target + " (révisé)"

    for path in catalogs(project):
        ttk_save(path, edit)
    tool_output = {path: path.read_bytes() for path in catalogs(project)}
    report = list(update_catalogs(project, SLUG))
    assert all(line.startswith("unchanged") for line in report), report
    for path, original in originals.items():
        assert path.read_bytes() == tool_output[path]
        now = read_po(path)
        assert [e.msgid for e in now.entries] == [e.msgid for e in original.entries]
        for old, new in zip(original.entries, now.entries, strict=True):
            if old.msgid == "Sincerely,":
                assert new.msgstr == old.msgstr + " (révisé)"
            else:
                assert new.translations == old.translations and new.comments == old.comments
        assert changed_lines((REPO / project.relative(path)).read_bytes(), path.read_bytes()) <= 4

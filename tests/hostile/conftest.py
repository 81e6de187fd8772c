"""One hostile project, built once: every attack of issue 13 carried by its own language or folder.

Each hostile case is a French variant (``fr_BE``, ``fr_CA`` ...: real locales, each with a row in
the project's ``languages.toml``) whose catalog or template override carries one attack, so
one workflow run proves each is refused or neutralised while the clean ``en`` and ``fr`` still
build. Folder-name attacks (shell in a folder name, a space, ``...``, a language with no table
row, a letter folder with a space) and a signatory list linked to ``/etc/passwd`` sit beside them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from conftest import FIXTURES

from letterpipe.project import PACKAGED_TEMPLATES, Project

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
NAME = ".names li:nth-child(2) .name"
ITEM = ".names li:nth-child(2)"
BODY = "We, the undersigned organizations"

#: Ways of hiding one name with a stylesheet: language -> (what, CSS).
CSS_CASES = {
    "fr_BE": ("filter: opacity(0)", f"{NAME} {{ filter: opacity(0); }}"),
    "fr_CA": ("clip-path: inset(50%)", f"{NAME} {{ clip-path: inset(50%); }}"),
    "fr_CH": ("clip: rect(0 0 0 0)", f"{NAME} {{ position: absolute; clip: rect(0 0 0 0); }}"),
    "fr_LU": ("background of the text's colour", f"{NAME} {{ background: #1a1a1a; }}"),
    "fr_MC": (
        "a white box laid over a name",
        f"{ITEM} {{ position: relative; }} {ITEM}::after {{ content: ''; position: absolute; left: 0; right: 0;"
        " top: 0; bottom: 0; background: #fff; pointer-events: none; }",
    ),
    "fr_SN": ("colour #f0f0f0", f"{NAME} {{ color: #f0f0f0; }}"),
    "fr_CM": ("3.5 pt text", f"{NAME} {{ font-size: 3.5pt; }}"),
    "fr_CI": ("transform: scale(0)", f"{ITEM} {{ transform: scale(0); }}"),
    "fr_MA": ("visibility: hidden", f"{NAME} {{ visibility: hidden; }}"),
    "fr_TN": ("color: transparent", f"{NAME} {{ color: transparent; }}"),
    "fr_DZ": ("text-indent off the page", f"{NAME} {{ text-indent: -9999px; }}"),
    "fr_HT": ("font-size: 0", f"{NAME} {{ font-size: 0; }}"),
    "fr_ML": (
        "a box above it by z-index",
        ".signatories { position: relative; } .signatories::before { content: ''; position: absolute; left: 0;"
        " right: 0; bottom: 0; height: 6em; background: #fff; z-index: 5; }",
    ),
    "fr_NE": ("mix-blend-mode", f"{NAME} {{ mix-blend-mode: screen; }}"),
    "fr_BF": ("opacity: 0.1", f"{ITEM} {{ opacity: 0.1; }}"),
    "fr_BJ": ("-webkit-text-fill-color", f"{NAME} {{ -webkit-text-fill-color: transparent; }}"),
    "fr_TG": ("a gradient of the text's colour", f"{NAME} {{ background: linear-gradient(#1a1a1a, #1a1a1a); }}"),
}


#: Catalogs refused as a whole, each failing alone: language -> (what, text the error must contain).
CATALOG_CASES = {
    "fr_PF": ("a 1 MB msgstr", "longer than the limit"),
    "fr_NC": ("a malformed Plural-Forms", "Plural-Forms"),
}
BAD_FOLDERS = ["x$(touch PWNED)", "f r", "...", "qaa"]
WAIVED = "fr_YT"


def _set(po: polib.POFile, prefix: str, text: str | None = None, **changes: object) -> None:
    entry = next(e for e in po if e.msgid.startswith(prefix))
    if text is not None:
        entry.msgstr = text
    for key, value in changes.items():
        setattr(entry, key, value)


def _interface_override(folder: Path, lang: str, hostile_count: bool) -> None:
    """The regional French variants have no shipped interface catalog: each project gives its own
    (the shipped French one). One of them carries a count string with a figure of its own:
    "1 200 signataires" with no placeholder is refused by the catalog reader itself (as msgfmt
    --check does); a figure beside the placeholder passes it and is the count check's.
    """
    from letterpipe.catalogs.interface import packaged_catalog

    po = polib.pofile(str(packaged_catalog("fr")), wrapwidth=0)
    po.metadata["Language"] = lang
    if hostile_count:
        entry = next(e for e in po if e.msgid_plural and e.msgid == "%(count)s signatory")
        entry.msgstr_plural = {0: "%(count)s signataire", 1: "%(count)s signataires sur 1 200"}
    po.save(str(folder / "letterpipe.po"))


def _translator_cases(fr: polib.POFile) -> dict[str, tuple[str, object]]:
    """language -> (the check that must refuse it, how to change a copy of the French catalog)."""
    body = next(e for e in fr if e.msgid.startswith(BODY)).msgstr

    def bidi(po):
        _set(po, BODY, body.replace("50 000", "\u202e50 000\u202c"))

    def waive(po):
        _set(po, BODY, body.replace("https://forbiddenstories.org", "https://forbidden-stories.example"))
        _set(po, BODY, tcomment="letterpipe-waive: links: the French page lives elsewhere")

    def count(po):
        """The count string is letterpipe's own (the shipped interface catalog): a translator changes
        it through the project's override, written by :func:`_count_override`."""

    def closing(po):
        _set(po, "Sincerely,", "Veuillez agréer nos salutations,\nLe Gouvernement de la République française")

    def group(po):
        _set(po, "Independent experts", "Experts indépendants\nMinistère des Affaires étrangères")

    def plural(po):
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n == 99 ? 0 : 1);"

    def long(po):
        _set(po, "Denounce the abuses.", "Dénoncer les abus. " + "Et nous ajoutons une phrase qui n’est pas là. " * 8)

    def lines(po):
        _set(po, "Mandate independent investigations.", "Mandater des enquêtes\nindépendantes.")

    def figure(po):
        _set(po, BODY, body.replace("50 000", "cinquante mille"))

    # Each rides on a version that also hides a name (one build, fewer versions): the check must
    # still find its own fault there.
    return {
        "fr_BE": ("bidi", bidi),
        "fr_CA": ("links", waive),
        "fr_CH": ("count", count),
        "fr_LU": ("line-breaks", closing),
        "fr_MC": ("line-breaks", group),
        "fr_SN": ("plural-forms", plural),
        "fr_CM": ("length", long),
        "fr_MA": ("line-breaks", lines),
        WAIVED: ("numbers", figure),  # waived by the coordinator: released, listed in the manifest
    }


@dataclass
class Hostile:
    project: Project
    build: subprocess.CompletedProcess[str]
    release: subprocess.CompletedProcess[str]
    translator_cases: dict[str, str]


def _make(root: Path) -> dict[str, str]:
    shutil.copytree(FIXTURES / "mini", root)
    (root / "templates").mkdir()
    letter = root / "letters" / "mini" / "letter.md"
    text = letter.read_text("utf-8").replace("language: en\n", f"language: en\nrelease: en, fr, {WAIVED}\n")
    letter.write_text(text, "utf-8")
    fr_path = root / "locale" / "fr" / "LC_MESSAGES" / "mini.po"
    fr = polib.pofile(str(fr_path), wrapwidth=0)
    cases = _translator_cases(fr)
    rows = []
    variants = list(dict.fromkeys([*CSS_CASES, *cases, *CATALOG_CASES]))
    for lang in variants:
        rows.append(
            f'[{lang}]\ntag = "{lang.replace("_", "-")}"\ndirection = "ltr"\nscript = "Latn"\n'
            'text_fonts = ["Noto Serif"]\nheading_fonts = ["Noto Sans"]\nhyphenate = true\n'
            'date_format = "long"\nspacing = "french"\n'
        )
        po = polib.pofile(str(fr_path), wrapwidth=0)
        po.metadata["Language"] = lang
        if lang in cases:
            cases[lang][1](po)
        folder = root / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po.save(str(folder / "mini.po"))
        _interface_override(folder, lang, hostile_count=cases.get(lang, ("",))[0] == "count")
    (root / "languages.toml").write_text("\n".join(rows), "utf-8")
    for lang, (_, css) in CSS_CASES.items():
        (root / "templates" / lang).mkdir()
        base = (PACKAGED_TEMPLATES / "letter.css.j2").read_text("utf-8")
        (root / "templates" / lang / "letter.css.j2").write_text(base + "\n" + css + "\n", "utf-8")
    huge = root / "locale" / "fr_PF" / "LC_MESSAGES" / "mini.po"
    po = polib.pofile(str(huge), wrapwidth=0)
    _set(po, "Denounce the abuses.", "abus " * 200_000)
    po.save(str(huge))
    malformed = root / "locale" / "fr_NC" / "LC_MESSAGES" / "mini.po"
    po = polib.pofile(str(malformed), wrapwidth=0)
    po.metadata["Plural-Forms"] = "nplurals=2; plural=n >>> 1;"
    po.save(str(malformed))
    figure_msgid = next(e.msgid for e in fr if e.msgid.startswith(BODY))
    (root / "letters" / "mini" / "waivers.toml").write_text(
        f'[[waiver]]\nlanguage = "{WAIVED}"\ncheck = "numbers"\nmessage = """{figure_msgid}"""\n'
        'reason = "the figure is written out in words in this version"\n',
        "utf-8",
    )
    for name in BAD_FOLDERS:
        folder = root / "locale" / name / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(fr_path, folder / "mini.po")
    shutil.copytree(root / "letters" / "mini", root / "letters" / "my letter")
    evil = root / "letters" / "evil"
    shutil.copytree(root / "letters" / "mini", evil)
    (evil / "waivers.toml").unlink()
    (evil / "signatories.csv").unlink()
    (evil / "signatories.csv").symlink_to("/etc/passwd")
    return {lang: check for lang, (check, _) in cases.items()}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The hostile project, built by the real workflow, then approved and released."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    cases = _make(root)
    env = {"SOURCE_DATE_EPOCH": "1632960000"}
    import os

    env = os.environ | env
    build = subprocess.run([LETTERPIPE, "-C", str(root), "build"], capture_output=True, text=True, cwd=root, env=env)
    for lang in ("fr", WAIVED):
        approve = [LETTERPIPE, "-C", str(root), "approve", "mini", lang, "--by", "Hostile Tests"]
        subprocess.run(approve, capture_output=True, text=True, check=True, env=env)
    release = subprocess.run([LETTERPIPE, "-C", str(root), "release"], capture_output=True, text=True, env=env)
    return Hostile(Project(root), build, release, cases)

"""``letterpipe doctor``: is this machine able to typeset every configured language?

Each check names what is missing and the exact command that installs it, because the usual
failure is not a crash but a PDF in the wrong font, or with boxes where names should be.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from letterpipe.errors import SetupError
from letterpipe.project import Project
from letterpipe.render.languages import Language, hyphenation_dictionary, load_languages


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


@cache
def hb_subset_available() -> bool:
    """WeasyPrint subsets fonts with HarfBuzz when it can; the fontTools fallback is ~30x slower."""
    path = ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0"
    try:
        ctypes.CDLL(path)
    except OSError:
        return False
    return True


def require_hb_subset() -> None:
    if not hb_subset_available():
        raise SetupError("libharfbuzz-subset is missing; install it with: apt-get install libharfbuzz-subset0")


@cache
def installed_families() -> frozenset[str]:
    """Every font family fontconfig knows, by each of its names."""
    tool = shutil.which("fc-list")
    if tool is None:
        return frozenset()
    out = subprocess.run([tool, ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def _pango_check() -> Check:
    try:
        from weasyprint.text.ffi import pango

        version = pango.pango_version()
    except (OSError, ImportError) as exc:
        return Check("Pango", False, f"cannot load Pango: {exc}", "apt-get install libpango-1.0-0 libpangoft2-1.0-0")
    major, minor = version // 10000, version // 100 % 100
    return Check(
        "Pango",
        version >= 14400,
        f"{major}.{minor} (>= 1.44 needed)",
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0",
    )


def _language_check(code: str, language: Language, families: frozenset[str]) -> Check:
    """One line per row of the table: its script, fonts, digits and hyphenation dictionary.

    Pyphen's dictionary is listed whether or not the row uses it; the table itself refuses
    ``hyphenate = true`` without one.
    """
    missing = [f for f in language.all_fonts if f not in families]
    dictionary = hyphenation_dictionary(language.tag)
    if language.hyphenate:
        hyphens = f"hyphenation: Pyphen {dictionary}"
    else:
        hyphens = (
            f"hyphenation off (Pyphen has {dictionary})" if dictionary else "hyphenation off (no Pyphen dictionary)"
        )
    fonts = f"missing fonts: {', '.join(missing)}" if missing else f"{len(language.all_fonts)} fonts"
    detail = f"{language.script}, {language.direction}, digits {language.numbers}, {fonts}, {hyphens}"
    fix = " ".join(sorted({language.fix_for(f).replace("apt-get install ", "") for f in missing}))
    return Check(f"language {code}", not missing, detail, fix)


def checks(project: Project | None) -> list[Check]:
    results = [_pango_check()]
    results.append(
        Check("HarfBuzz subsetter", hb_subset_available(), "libharfbuzz-subset", "apt-get install libharfbuzz-subset0")
    )
    families = installed_families()
    table = load_languages(project.language_table if project else None)
    fixes: dict[str, str] = {}
    for language in table.values():
        for font in language.all_fonts:
            fixes.setdefault(font, language.fix_for(font))
    for font, fix in fixes.items():
        results.append(Check("font", font in families, font, fix.replace("apt-get install ", "")))
    for code, language in sorted(table.items()):
        results.append(_language_check(code, language, families))
    import pyphen

    results.append(Check("hyphenation dictionaries (Pyphen)", True, " ".join(sorted(pyphen.LANGUAGES)), required=False))
    for tool, package, required in (
        ("pdftoppm", "poppler-utils", True),
        ("pdftotext", "poppler-utils", False),
        ("pdffonts", "poppler-utils", False),
        ("msgfmt", "gettext", False),
        ("chromium", "chromium", False),
    ):
        found = shutil.which(tool)
        results.append(Check(f"tool {tool}", found is not None, found or "not found", package, required))
    return results


def _packages(fix: str) -> list[str]:
    return [word for word in fix.replace("apt-get install", "").split() if word]


def run_doctor(project: Project | None) -> int:
    results = checks(project)
    seen: set[str] = set()
    for check in results:
        key = f"{check.name}:{check.detail}"
        if key in seen:
            continue
        seen.add(key)
        mark = "ok     " if check.ok else ("MISSING" if check.required else "missing")
        print(f"{mark} {check.name}: {check.detail}")
    missing = [c for c in results if not c.ok and c.required]
    optional = [c for c in results if not c.ok and not c.required]
    if optional:
        packages = sorted({p for c in optional for p in _packages(c.fix)})
        print(f"\nFor the tests and previews (optional): apt-get install {' '.join(packages)}")
    if missing:
        packages = sorted({p for c in missing for p in _packages(c.fix)})
        print(f"\nTo fix, run as root: apt-get update && apt-get install -y {' '.join(packages)}")
        return SetupError.exit_code
    print("\nEverything letterpipe needs to render is installed.")
    return 0

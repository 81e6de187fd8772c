"""``letterpipe new``: a letter project that builds at once, for a coordinator to fill in.

It holds only what is the project's own (the letter, its signatories, the catalogs); the
workflow, templates and language table come from the installed package until the project adds
its own ``Snakefile``, ``templates/<name>`` or ``languages.toml``.
"""

from __future__ import annotations

import re
from pathlib import Path

from letterpipe.errors import LetterpipeError
from letterpipe.fsutil import write_text_atomic

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

LETTER = """\
---
title: Joint letter to the Human Rights Council
date: 2026-01-15
language: en
addressee: Member States of the UN Human Rights Council
salutation: Excellencies,
closing: Sincerely,
group organisations: Civil society organizations
group experts: Independent experts
---

We, the undersigned organizations and experts, write to you about *one* urgent matter.

## Our requests

- Replace this list with what the letter asks for.
- Each paragraph, heading and list item is one message for translators.

We thank you for your attention.
"""

SIGNATORIES = """\
group,name,role
organisations,First Organisation,
organisations,Second Organisation,
experts,A. N. Expert,"Professor of International Law"
"""

README = """\
# {slug}

A letter published in many languages with letterpipe (`letterpipe --help`).

| file | who edits it |
| --- | --- |
| `letters/{slug}/letter.md` | coordinators: the English source (metadata header, then Markdown) |
| `letters/{slug}/signatories.csv` | coordinators: `group,name,role`, one row per signatory, in print order |
| `locale/<lang>/LC_MESSAGES/{slug}.po` | translators, with Poedit, Weblate or a text editor |

Commands, run in this folder:

- `letterpipe build`: HTML and PDF of every language in `build/{slug}/<lang>/`; open `build/{slug}/index.html`.
- `letterpipe init fr`: start a French translation (`locale/fr/LC_MESSAGES/{slug}.po`).
- `letterpipe update`: after editing the letter, refresh `locale/{slug}.pot` and every catalog.
- `letterpipe preview fr`: translators see their language in a browser as they save the `.po`.
- `letterpipe status`, then `letterpipe release`: where each version stands; the release folder
  `build/{slug}/release/`, written only when every version is complete and verified.

The workflow, templates and language table come with letterpipe. To change one, put a file of the
same name here: `templates/letter.css.j2`, `languages.toml` or `Snakefile`.
"""

GITIGNORE = "/build/\n.snakemake/\n"


def new_project(folder: Path, slug: str | None = None) -> list[str]:
    """Create ``folder`` with one letter, its signatories, an empty ``locale/`` and a README."""
    slug = slug or "letter"
    if not SLUG.match(slug):
        raise LetterpipeError(f"letter name {slug!r}: use letters, digits, '-' and '_', not first '-' or '_'")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise LetterpipeError("exists and is not an empty folder; choose a new one", folder)
    files = {
        Path("letters") / slug / "letter.md": LETTER,
        Path("letters") / slug / "signatories.csv": SIGNATORIES,
        Path("README.md"): README.format(slug=slug),
        Path(".gitignore"): GITIGNORE,
    }
    for relative, text in files.items():
        write_text_atomic(folder / relative, text)
    (folder / "locale").mkdir()
    return [f"created {folder / relative}" for relative in files] + [
        f"created {folder / 'locale'}/",
        f"next: cd {folder} && letterpipe build",
    ]

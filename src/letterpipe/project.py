"""Where things live in a letterpipe project, in one place.

A project is a folder holding ``letters/<slug>/letter.md`` and ``signatories.csv``, translators'
catalogs in ``locale/<lang>/LC_MESSAGES/<slug>.po``, and ``build/``. The workflow, templates and
language table ship inside the package; a project's own ``Snakefile``, ``templates/<name>`` and
``languages.toml`` override them file by file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import LetterpipeError
from letterpipe.source.letter import Letter, parse_letter
from letterpipe.source.signatories import Signatory, load_signatories

#: The templates shipped with letterpipe, used wherever a project has no file of the same name.
PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder at or above ``start`` that has a ``letters/`` folder."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "letters").is_dir():
                return cls(folder)
        raise LetterpipeError(f"no letterpipe project here: no 'letters/' folder at or above {here}")

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def language_table(self) -> Path:
        return self.root / "languages.toml"

    def load(self, slug: str) -> tuple[Letter, list[Signatory]]:
        """A letter and its checked signatory list: what every stage starts from."""
        letter = parse_letter(self.letter_file(slug))
        order = {gid: letter.order_of(gid) for gid in letter.groups}
        path = self.signatories_file(slug)
        return letter, load_signatories(path, letter.groups, private=letter.private_columns, order=order)

    def letters(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "letters").glob("*/letter.md"))

    def letter_file(self, slug: str) -> Path:
        return self.root / "letters" / slug / "letter.md"

    def signatories_file(self, slug: str) -> Path:
        return self.root / "letters" / slug / "signatories.csv"

    def po_file(self, slug: str, lang: str) -> Path:
        return self.locale / lang / "LC_MESSAGES" / f"{slug}.po"

    def pot_file(self, slug: str) -> Path:
        """The committed template translators' tools (Weblate, Poedit) update from."""
        return self.locale / f"{slug}.pot"

    def catalog_languages(self, slug: str) -> list[str]:
        return sorted(p.parent.parent.name for p in self.locale.glob(f"*/LC_MESSAGES/{slug}.po"))

    def template_path(self, lang: str | None = None) -> list[Path]:
        """Where Jinja looks for a template, first match wins: the project's ``templates/<lang>/``
        and ``templates/``, then the packaged ones."""
        folders = []
        for base in (self.templates, PACKAGED_TEMPLATES):
            folders += [base / lang, base] if lang else [base]
        return folders

    def template_files(self) -> list[Path]:
        """The templates in effect, one per name: the project's own, else the packaged one.

        Their messages make up the POT, so a project without ``templates/`` keeps them.
        """
        chosen: dict[str, Path] = {}
        for base in (PACKAGED_TEMPLATES, self.templates):
            chosen.update({path.name: path for path in base.glob("*.j2")})
        return [chosen[name] for name in sorted(chosen)]

    def template_inputs(self) -> list[Path]:
        """Every template file a render may read (per-language overrides too), for the workflow."""
        return sorted({*self.templates.glob("**/*.j2"), *PACKAGED_TEMPLATES.glob("**/*.j2")})

    @staticmethod
    def template_reference(path: Path) -> str:
        """How a POT refers to a template: ``templates/<name>`` whether it is the project's or the
        packaged one, so overriding a template does not move its messages."""
        return f"templates/{path.name}"

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

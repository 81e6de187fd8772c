"""letterpipe's own words: the ``letterpipe`` gettext domain, shipped translated.

The packaged templates' ``{% trans %}`` strings (the page counter, "Other languages", the
incomplete notice, the colophon...) are letterpipe's interface, not a letter's text. They are
extracted once into ``letterpipe/locale/letterpipe.pot`` and translated in
``letterpipe/locale/<lang>/LC_MESSAGES/letterpipe.po`` for every language of the packaged table,
so a letter's catalogs hold only the letter's own messages.

At render time an interface string is looked up, first match wins, in:

1. the project's ``locale/<lang>/LC_MESSAGES/letterpipe.po`` (an override, for every letter);
2. the shipped catalog of the language;
3. the letter's own catalog, which keeps an interface translation only while 1 and 2 lack it
   (see :func:`keep_interface`: ``letterpipe update`` makes it obsolete once they have it).

The ``.po`` files are read directly (no ``.mo``): they are small, read strictly like every
catalog, and there is then no compiled artefact to go stale or to ship.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from letterpipe.catalogs.plurals import PluralError, parse_plural_forms, standard_plural_forms
from letterpipe.catalogs.pofile import Entry, PoFile, header_value, parse_po, read_po
from letterpipe.errors import CatalogError
from letterpipe.project import Project

DOMAIN = "letterpipe"
PACKAGED_LOCALE = Path(__file__).resolve().parents[1] / "locale"
Key = tuple[str | None, str]


def packaged_pot() -> Path:
    return PACKAGED_LOCALE / f"{DOMAIN}.pot"


def packaged_catalog(lang: str) -> Path:
    return PACKAGED_LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def project_catalog(project: Project, lang: str) -> Path:
    """A project's override of letterpipe's interface strings in one language."""
    return project.locale / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def packaged_languages() -> list[str]:
    return sorted(p.parent.parent.name for p in PACKAGED_LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@cache
def interface_template() -> PoFile:
    return parse_po(packaged_pot().read_bytes(), packaged_pot())


@cache
def interface_keys() -> frozenset[Key]:
    """The (context, msgid) of every interface message."""
    return frozenset(entry.key for entry in interface_template().messages)


@dataclass(frozen=True)
class Layer:
    """One catalog of the chain: its finished translations and its plural formula."""

    path: Path
    translations: dict[Key, tuple[str, ...]]
    plural: Callable[[int], int]

    def lookup(self, key: Key, n: int | None = None) -> str | None:
        forms = self.translations.get(key)
        if forms is None:
            return None
        if n is None:
            return forms[0]
        index = self.plural(n)
        return forms[index] if 0 <= index < len(forms) else None


def _plural(po: PoFile, lang: str) -> Callable[[int], int]:
    value = header_value(po.header, "Plural-Forms") or standard_plural_forms(lang)
    try:
        return parse_plural_forms(value)[1]
    except PluralError as exc:  # validate() refuses this first; kept for a header-less catalog
        raise CatalogError(f"Plural-Forms: {exc}", po.path) from None


def finished(entry: Entry) -> bool:
    """A translation that reaches readers: not fuzzy, not obsolete, every form filled in."""
    return not entry.obsolete and not entry.is_header and entry.translated


def read_layer(path: Path, lang: str) -> Layer | None:
    """The interface translations of one catalog; ``None`` when the file does not exist.

    Read strictly (what msgfmt --check refuses is refused with its line), then merged with the
    packaged template, as ``letterpipe update`` would: a translation made for an older wording
    turns fuzzy and is not used, and the template's ``python-format`` flags apply even where the
    file lost them, so a placeholder a translation misspells is refused, never a render crash.
    """
    if not path.is_file():
        return None
    from letterpipe.catalogs.merge import merge_catalog
    from letterpipe.catalogs.validate import validate

    po = read_po(path)
    current = merge_catalog(interface_template(), po)
    validate(current, lines_from=po, path=path)
    translations = {e.key: tuple(e.translations) for e in current.entries if finished(e)}
    return Layer(path, translations, _plural(po, lang))


@dataclass(frozen=True)
class InterfaceCatalog:
    """The interface strings of one language: the project's override, then letterpipe's own."""

    lang: str
    layers: tuple[Layer, ...]

    @classmethod
    def for_language(cls, project: Project | None, lang: str) -> InterfaceCatalog:
        paths = ([project_catalog(project, lang)] if project is not None else []) + [packaged_catalog(lang)]
        layers = tuple(layer for path in paths if (layer := read_layer(path, lang)) is not None)
        return cls(lang, layers)

    @property
    def keys(self) -> frozenset[Key]:
        return interface_keys()

    def gettext(self, message: str, context: str | None = None) -> str | None:
        return next((t for layer in self.layers if (t := layer.lookup((context, message))) is not None), None)

    def ngettext(self, singular: str, n: int, context: str | None = None) -> str | None:
        return next((t for layer in self.layers if (t := layer.lookup((context, singular), n)) is not None), None)

    def translates(self, key: Key) -> bool:
        return any(key in layer.translations for layer in self.layers)

    def missing(self) -> list[str]:
        """Interface messages no catalog of the chain translates, in template order."""
        return [e.msgid for e in interface_template().messages if not self.translates(e.key)]

    def sources(self) -> list[Path]:
        return [layer.path for layer in self.layers]


def keep_interface(result: PoFile, catalog: PoFile, interface: InterfaceCatalog) -> PoFile:
    """A merged letter catalog that still carries the interface translations nothing else has.

    Merging with the letter's template makes every interface message obsolete (they are no longer
    the letter's). Where neither the project's override nor the shipped catalog translates one,
    the letter catalog's finished translation stays live (as it was, after the letter's messages),
    so that nothing a translator did is lost from the page; once they do, ``update`` leaves it
    obsolete (``#~``), still in the file.
    """
    kept = {
        e.key: e
        for e in catalog.entries
        if finished(e)
        and e.key in interface.keys
        and not interface.translates(e.key)
        and result.find(e.msgid, e.msgctxt) is None
    }
    if not kept:
        return result
    live = [e for e in result.entries if not e.obsolete]
    obsolete = [e for e in result.entries if e.obsolete and e.key not in kept]
    restored = [dataclasses.replace(e) for e in sorted(kept.values(), key=lambda e: e.line)]
    return PoFile(result.path, live + restored + obsolete, result.trailer, result.crlf)

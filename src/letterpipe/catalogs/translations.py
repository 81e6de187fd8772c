"""Looking translations up at render time, and knowing which ones fell back to the source.

Two kinds of message reach a page. The letter's own come from its compiled catalog (``.mo``),
which holds only finished translations (fuzzy ones are left out). letterpipe's interface
strings (the templates' ``{% trans %}``) come from the ``letterpipe`` domain
(:class:`~letterpipe.catalogs.interface.InterfaceCatalog`), then from the letter's catalog where
it still keeps one. Each miss is recorded on its own list: a page with either kind shown in the
source language says it is incomplete, and status reports the two apart.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

from babel.support import Translations

from letterpipe.catalogs.interface import InterfaceCatalog


class _MissRecorder(gettext.NullTranslations):
    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def gettext(self, message: str) -> str:
        self.missing.append(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.missing.append(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self.missing.append(message)
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self.missing.append(msgid1)
        return msgid1 if n == 1 else msgid2


class RenderTranslations:
    """gettext for one language, reporting which messages fell back to the source text.

    ``mo_path`` is the letter's compiled catalog (``None`` for the source language, whose
    letter text is its own); ``interface`` the language's interface chain.
    """

    def __init__(self, mo_path: Path | None, interface: InterfaceCatalog | None = None) -> None:
        self._recorder = _MissRecorder()
        self.interface = interface
        self._interface_missing: list[str] = []
        if mo_path is None:
            self._translations: gettext.NullTranslations = gettext.NullTranslations()
            self.is_source = True
        else:
            with mo_path.open("rb") as handle:
                self._translations = Translations(handle)
            self._translations.add_fallback(self._recorder)
            self.is_source = False

    @property
    def missing(self) -> list[str]:
        """The letter's messages (and a project template's own) shown in the source language."""
        return list(dict.fromkeys(self._recorder.missing))

    @property
    def interface_missing(self) -> list[str]:
        """letterpipe's interface strings that no catalog translates for this language."""
        return list(dict.fromkeys(self._interface_missing))

    def _is_interface(self, context: str | None, message: str) -> bool:
        return self.interface is not None and (context, message) in self.interface.keys

    def _letter_kept(self, lookup: Callable[[], str]) -> str | None:
        """The letter catalog's translation of an interface string, without counting a miss."""
        if self.is_source:
            return None
        before = len(self._recorder.missing)
        text = lookup()
        if len(self._recorder.missing) == before:
            return text
        del self._recorder.missing[before:]
        return None

    def _interface(self, found: str | None, kept: Callable[[], str], message: str, source: str) -> str:
        if found is None:
            found = self._letter_kept(kept)
        if found is None:
            self._interface_missing.append(message)
            return source
        return found

    def gettext(self, message: str) -> str:
        if self.interface is not None and self._is_interface(None, message):
            found = self.interface.gettext(message)
            return self._interface(found, lambda: self._translations.gettext(message), message, message)
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.interface is not None and self._is_interface(None, singular):
            found = self.interface.ngettext(singular, n)
            english = singular if n == 1 else plural
            return self._interface(found, lambda: self._translations.ngettext(singular, plural, n), singular, english)
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        if self.interface is not None and self._is_interface(context, message):
            found = self.interface.gettext(message, context)
            return self._interface(found, lambda: self._translations.pgettext(context, message), message, message)
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        if self.interface is not None and self._is_interface(context, singular):
            found = self.interface.ngettext(singular, n, context)
            english = singular if n == 1 else plural
            return self._interface(
                found, lambda: self._translations.npgettext(context, singular, plural, n), singular, english
            )
        return self._translations.npgettext(context, singular, plural, n)

    def lookup(self, message: str) -> tuple[str, bool]:
        """The translation of a letter message and whether it is one (``False``: the source text is shown)."""
        if self.is_source:
            return message, True
        before = len(self._recorder.missing)
        text = self._translations.gettext(message)
        return text, len(self._recorder.missing) == before

"""Looking translations up at render time, and knowing which ones fell back to the source.

The compiled ``.mo`` holds only finished translations (fuzzy ones are left out), so a message
missing from it is shown in the source language. :class:`RenderTranslations` records every such
miss, which is how a page learns that it must say it is incomplete.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.support import Translations


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
    """gettext for one language, reporting which messages fell back to the source text."""

    def __init__(self, mo_path: Path | None) -> None:
        self._recorder = _MissRecorder()
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
        return list(dict.fromkeys(self._recorder.missing))

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._translations.npgettext(context, singular, plural, n)

    def lookup(self, message: str) -> tuple[str, bool]:
        """The translation and whether it is one (``False``: the source text is shown)."""
        if self.is_source:
            return message, True
        before = len(self._recorder.missing)
        text = self._translations.gettext(message)
        return text, len(self._recorder.missing) == before

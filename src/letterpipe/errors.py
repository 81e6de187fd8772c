"""Typed user errors.

Every problem a coordinator or translator can cause is raised as a :class:`LetterpipeError`
that names the file and, where known, the line. The CLI prints it without a traceback and exits
with the error's ``exit_code``; anything else escaping is a bug in letterpipe.
"""

from __future__ import annotations

from pathlib import Path


class LetterpipeError(Exception):
    """A problem in the user's input or environment, reported as ``file:line: message``."""

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class LetterSyntaxError(LetterpipeError):
    """The source letter (Markdown with a metadata header) is malformed."""

    exit_code = 3


class SignatoryError(LetterpipeError):
    """The signatory CSV is malformed or fails an integrity check."""

    exit_code = 3


class CatalogError(LetterpipeError):
    """A ``.po`` or ``.pot`` file cannot be read or is inconsistent."""

    exit_code = 4


class RenderError(LetterpipeError):
    """Rendering failed in a way the reader would see: a missing glyph, an unloadable font."""

    exit_code = 5


class SetupError(LetterpipeError):
    """The machine lacks a system package or font that rendering needs."""

    exit_code = 6


class VerificationError(LetterpipeError):
    """An output does not carry exactly the canonical signatories, or a release gate failed."""

    exit_code = 7


class SigningError(LetterpipeError):
    """The coalition's signing key or certificate cannot be used (missing, wrong password, unreadable)."""

    exit_code = 8


class ReleaseIntegrityError(LetterpipeError):
    """A file of an earlier release differs from its ``SHA256SUMS``: someone altered a release."""

    exit_code = 9

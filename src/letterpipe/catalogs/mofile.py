"""Compiling a merged catalog into the ``.mo`` the renderer reads."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from letterpipe.errors import CatalogError


def compile_catalog(catalog: Catalog, po_path: Path) -> bytes:
    """A ``.mo``, fuzzy entries left out (they fall back to the source). Format errors are fatal."""
    problems = []
    for message, errors in catalog.check():
        for error in errors:
            problems.append(f"{po_path}:{message.lineno or '?'}: {error}")
    if problems:
        raise CatalogError("placeholders do not match their source:\n" + "\n".join(problems), po_path)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()

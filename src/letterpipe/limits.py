"""Size limits on everything a coordinator or translator hands in, so no input can make a build hang.

A real joint letter is a few pages; a catalog of it is tens of kilobytes. The limits sit far
above that and far below what would make layout or a check take minutes: a 10 MB translation
is refused in milliseconds with a message naming the file and line, instead of a WeasyPrint run
that never ends. Every check after these runs in time linear in its (now bounded) input.

Inputs are also read only from inside the project: a symlink to ``/etc/passwd`` is refused
before a byte of it is read, so no error message can echo the target's content.
"""

from __future__ import annotations

from pathlib import Path

from letterpipe.errors import LetterpipeError

#: One message (a paragraph, a heading), in characters, source or translation.
MAX_MESSAGE_CHARS = 20_000
#: One ``.po``/``.pot`` file.
MAX_CATALOG_BYTES = 2 * 1024 * 1024
#: The signatory list (about 100 bytes a signatory: 10,000 signatories fit).
MAX_CSV_BYTES = 1024 * 1024
#: The source letter.
MAX_LETTER_BYTES = 512 * 1024

_KEYWORDS = (b"msgid", b"msgid_plural", b"msgstr", b"msgctxt")


def _project_root(path: Path) -> Path:
    """The project a file belongs to: the folder above ``letters/`` or ``locale/``, else its own folder."""
    for folder in path.absolute().parents:
        if folder.name in ("letters", "locale"):
            return folder.parent
    return path.absolute().parent


def check_inside(path: Path, what: str, error: type[LetterpipeError] = LetterpipeError) -> None:
    """Refuse a symlink (or a link in its folders) leading out of the project, without reading it."""
    root = _project_root(path).resolve()
    target = path.resolve()
    if target != root and root not in target.parents:
        raise error(f"the {what} is a link to a file outside the project; copy the file into the project instead", path)


def read_limited(path: Path, limit: int, what: str, error: type[LetterpipeError] = LetterpipeError) -> bytes:
    """The bytes of ``path``, refused when it leads outside the project or is larger than ``limit``."""
    check_inside(path, what, error)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise error(f"{what} not found", path) from None
    if size > limit:
        raise error(f"the {what} is {size:,} bytes, over the limit of {limit:,}", path)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise error(f"the {what} is over the limit of {limit:,} bytes", path)
    return data


def check_catalog_bytes(data: bytes, path: Path) -> None:
    """Refuse an oversized catalog, or one message longer than :data:`MAX_MESSAGE_CHARS`, before
    any parser sees it: one pass over the lines, naming the line where the long message starts."""
    from letterpipe.errors import CatalogError

    check_inside(path, "catalog", CatalogError)
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(f"the catalog is {len(data):,} bytes, over the limit of {MAX_CATALOG_BYTES:,}", path)
    length, start = 0, 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        line = raw.strip()
        if line.startswith(b"#~"):
            line = line[2:].strip()
        keyword = line.split(b" ", 1)[0].split(b"[", 1)[0]
        if keyword in _KEYWORDS:
            length, start = 0, number
            line = line[len(keyword) :].lstrip(b"[0123456789] ")
        if line.startswith(b'"'):
            length += len(line.decode("utf-8", "replace")) - 2
            if length > MAX_MESSAGE_CHARS:
                raise CatalogError(
                    f"a message is longer than the limit of {MAX_MESSAGE_CHARS:,} characters", path, start
                )
        elif line and not line.startswith(b"#"):
            length = 0

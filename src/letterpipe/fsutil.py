"""Atomic, change-aware file writes.

Outputs are written to a temporary file beside the target and renamed into place, so a crash or
an interrupted build never leaves a half-written file that a later step would trust.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """UTF-8, ``\\n`` line endings, atomic."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so timestamps (and reruns keyed on them) stay put."""
    if path.exists() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True

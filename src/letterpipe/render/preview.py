"""PNG previews of a PDF's first page, for index pages (poppler's ``pdftoppm``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from letterpipe.errors import RenderError, SetupError
from letterpipe.fsutil import write_bytes_atomic


def first_page_png(pdf: Path, output: Path, width: int = 600) -> None:
    """Write the first page of ``pdf`` as a PNG ``width`` pixels wide."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SetupError("pdftoppm not found; install it with: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        result = subprocess.run(
            [
                tool,
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                "-1",
                str(pdf),
                str(stem),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RenderError(f"pdftoppm failed: {result.stderr.strip()}", pdf)
        write_bytes_atomic(output, stem.with_suffix(".png").read_bytes())

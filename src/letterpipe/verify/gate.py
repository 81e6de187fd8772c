"""The workflow's gate on a version's read-back: ``python -m letterpipe.verify.gate verify.json``.

The ``version`` stage writes its report whether or not the signatories match, so a failing
version keeps its DRAFT PDF and preview; this exits non-zero (printing the problems) when the
report says they differ, which fails the build. It imports nothing but the standard library:
it runs once per version and should cost next to nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from letterpipe.errors import VerificationError


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[0]).read_text("utf-8"))
    if report["ok"]:
        return 0
    print(f"letterpipe: error: {report['lang']}: the signatories differ from the canonical list, or the PDF breaks"
          " PDF/A-3 or PDF/UA-1:", file=sys.stderr)  # fmt: skip
    for problem in report["problems"]:
        print(f"  {problem}", file=sys.stderr)
    return VerificationError.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

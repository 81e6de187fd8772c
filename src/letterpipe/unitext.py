"""The one normal form in which letterpipe compares text it wrote with text it reads back.

``reading_form`` is NFC with every Unicode *default-ignorable* code point removed. Default
ignorables (ZWNJ, ZWJ, the bidi controls, soft hyphen, variation selectors, BOM ...) change how
text is drawn or joined but are not read: a PDF cannot always carry them (a joiner draws no
glyph) and extraction tools add some of their own (poppler wraps right-to-left runs in
RLE ... PDF). Both sides of every comparison go through this function, so no script needs an
exception. Joiners still matter for identity: the signatory loader keeps them (they are correct
spelling) and folds them when looking for duplicates.
"""

from __future__ import annotations

import re
import unicodedata

#: Default_Ignorable_Code_Point, from Unicode 15's DerivedCoreProperties.txt.
DEFAULT_IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
ZWNJ, ZWJ = "\u200c", "\u200d"
_IGNORABLE = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in DEFAULT_IGNORABLE_RANGES) + "]")


def is_default_ignorable(char: str) -> bool:
    return _IGNORABLE.fullmatch(char) is not None


def reading_form(text: str) -> str:
    """Default-ignorable code points removed, then NFC: what a reader reads."""
    return unicodedata.normalize("NFC", _IGNORABLE.sub("", text))

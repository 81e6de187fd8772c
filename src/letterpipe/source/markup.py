"""Inline Markdown for translations: emphasis and links rendered, raw HTML never.

Translations are untrusted text. They go through markdown-it with HTML disabled, so ``<script>``
comes out as text, and markdown-it's link validation drops ``javascript:``/``data:`` targets.
Typographic rules that belong to a language (French spacing) and to a script (Arabic joining
across markup) are applied to text tokens only, never to URLs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

NNBSP = "\u202f"
ZWJ = "\u200d"
_EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close"}

_FR_BEFORE = re.compile(r"(?:(?<=\S)[ \u00a0]?|^[ \u00a0])([;!?])(?=\s|$|[»)\]])")
_FR_COLON = re.compile(r"(?<=\S)[ \u00a0]:(?=\s|$)")
_FR_OPEN = re.compile(r"«[ \u00a0]?")
_FR_CLOSE = re.compile(r"[ \u00a0]?»")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.disable(["image", "autolink", "backticks"], ignoreInvalid=True)
    md.enable(["emphasis", "link", "newline"], ignoreInvalid=True)
    return md


def french_spacing(text: str) -> str:
    """Narrow no-break spaces before ``; ! ?``, before a spaced ``:`` and inside « »."""
    text = _FR_BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    text = _FR_COLON.sub(NNBSP + ":", text)
    text = _FR_OPEN.sub("«" + NNBSP, text)
    return _FR_CLOSE.sub(NNBSP + "»", text)


def _is_joining(char: str) -> bool:
    return unicodedata.bidirectional(char) == "AL" and unicodedata.category(char).startswith("L")


def _join_across_markup(children: list[Token]) -> None:
    """Arabic letters stop joining across inline tags in WeasyPrint: put ZWJ on both sides."""
    texts = [i for i, t in enumerate(children) if t.type == "text" and t.content]
    for a, b in pairwise(texts):
        between = children[a + 1 : b]
        if not between or any(t.type not in _EMPHASIS for t in between):
            continue
        left, right = children[a], children[b]
        if _is_joining(left.content[-1]) and _is_joining(right.content[0]):
            left.content += ZWJ
            right.content = ZWJ + right.content


def _parse(text: str) -> tuple[list[Token], list[Token]]:
    """The inline block's tokens and its children (the runs of text and markup)."""
    tokens = _parser().parseInline(text)
    return tokens, (tokens[0].children or []) if tokens else []


def _tokens(text: str, spacing: str | None) -> list[Token]:
    tokens, children = _parse(text)
    for token in children:
        if token.type == "text" and spacing == "french":
            token.content = french_spacing(token.content)
    _join_across_markup(children)
    return tokens


def render_inline(text: str, spacing: str | None = None) -> Markup:
    """HTML for one message: escaped text, ``*em*``, ``**strong**``, ``[links](https://…)``."""
    md = _parser()
    tokens = _tokens(text, spacing)
    return Markup(md.renderer.render(tokens, md.options, {}).strip())


def plain_text(text: str, spacing: str | None = None) -> str:
    """The message's text without markup, for ``<title>``, PDF metadata and comparisons."""
    tokens = _tokens(text, spacing)
    parts: list[str] = []
    for token in (tokens[0].children or []) if tokens else []:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def link_targets(text: str) -> list[str]:
    """The URLs a message links to, in order: translations must keep them identical."""
    return [str(t.attrs.get("href", "")) for t in _parse(text)[1] if t.type == "link_open"]


def emphasis_counts(text: str) -> tuple[int, int]:
    """How many ``*emphasis*`` and ``**strong**`` spans a message has: translations keep them."""
    children = _parse(text)[1]
    return sum(t.type == "em_open" for t in children), sum(t.type == "strong_open" for t in children)

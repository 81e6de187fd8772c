"""Format-string checks for entries flagged ``c-format``, ``python-format`` or ``python-brace-format``,
with the rules of GNU gettext's ``format-c.c``, ``format-python.c`` and ``format-python-brace.c``.

``msgfmt --check`` refuses a translation whose directives differ from its source's; so does
letterpipe, so that a translation cannot crash or garble the page at render time. Other
``*-format`` flags are not checked (letters and templates use none of them).
"""

from __future__ import annotations

import re

_PY_REST = re.compile(r"(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d+)?)?[hlL]?(?P<conv>.?)")
_PY_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "float"), "c": "char"}
_PY_TYPES.update(dict.fromkeys("sra", "any"))
_C = re.compile(
    r"%(?:(?P<pos>[1-9]\d*)\$)?[-+ #0'I]*(?:\*(?:[1-9]\d*\$)?|\d+)?(?:\.(?:\*(?:[1-9]\d*\$)?|\d+)?)?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>.?)"
)
_C_TYPES = {**dict.fromkeys("diouxX", "int"), **dict.fromkeys("eEfFgGaA", "double")}
_C_TYPES.update({"c": "char", "C": "wchar", "s": "string", "S": "wstring", "p": "pointer", "n": "count"})


class FormatProblem(ValueError):
    pass


def _python_directive(text: str, start: int, where: str) -> tuple[str | None, re.Match[str]]:
    """The name (parentheses nest, as GNU's parser counts them) and the rest of one directive."""
    index = start + 1
    name = None
    if text[index : index + 1] == "(":
        depth, index = 1, index + 1
        begin = index
        while depth:
            if index >= len(text):
                raise FormatProblem(f"'{where}' is not a valid Python format string: unterminated '%('")
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            index += 1
        name = text[begin : index - 1]
    rest = _PY_REST.match(text, index)
    assert rest is not None
    return name, rest


def python_directives(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    for match in re.finditer(r"%", text):
        start = match.start()
        if start > 0 and _escaped_percent(text, start):
            continue
        name, directive = _python_directive(text, start, where)
        conv = directive["conv"]
        if conv == "%" and name is None:
            continue
        if conv not in _PY_TYPES:
            bad = text[start : directive.end()]
            raise FormatProblem(f"'{where}' is not a valid Python format string: bad directive {bad!r}")
        kind = _PY_TYPES[conv]
        if name is not None:
            if directive["width"] == "*" or directive["prec"] == "*":
                raise FormatProblem(f"'{where}' is not a valid Python format string: '*' with a named argument")
            if name in named and named[name] != kind and "any" not in (named[name], kind):
                raise FormatProblem(f"'{where}' is not a valid Python format string: argument {name!r} used twice")
            named[name] = kind
        else:
            unnamed += ["integer"] * ((directive["width"] == "*") + (directive["prec"] == "*"))
            unnamed.append(kind)
    if named and unnamed:
        raise FormatProblem(f"'{where}' is not a valid Python format string: named and unnamed arguments mixed")
    return named, unnamed


def _escaped_percent(text: str, index: int) -> bool:
    """Whether the ``%`` at ``index`` is the second of a ``%%`` pair."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "%":
        run += 1
    return run % 2 == 1


def check_python(msgid: str, msgstr: str, where: str, strict: bool = True) -> None:
    try:
        source_named, source_unnamed = python_directives(msgid, "msgid")
    except FormatProblem:
        return  # the flag is wrong, not the translation: msgfmt does not check it either
    named, unnamed = python_directives(msgstr, where)
    if source_named or named:
        for name, kind in named.items():
            if name not in source_named:
                raise FormatProblem(
                    f"a format specification for argument '{name}', as in '{where}', doesn't exist in 'msgid'"
                )
            if kind != source_named[name] and (strict or "any" not in (kind, source_named[name])):
                raise FormatProblem(
                    f"format specifications in 'msgid' and '{where}' for argument '{name}' are not the same"
                )
        if strict:
            for name in source_named:
                if name not in named:
                    raise FormatProblem(f"a format specification for argument '{name}' doesn't exist in '{where}'")
        if source_unnamed or unnamed:
            raise FormatProblem(f"format specifications in 'msgid' and '{where}' mix named and unnamed arguments")
        return
    if len(source_unnamed) != len(unnamed) and (strict or len(unnamed) > len(source_unnamed)):
        raise FormatProblem(f"number of format specifications in 'msgid' and '{where}' does not match")
    for index, (a, b) in enumerate(zip(source_unnamed, unnamed, strict=False), start=1):
        if a != b and (strict or "any" not in (a, b)):
            raise FormatProblem(f"format specifications in 'msgid' and '{where}' for argument {index} are not the same")


def c_directives(text: str, where: str) -> dict[int, str]:
    args: dict[int, str] = {}
    sequential = 0
    positional = None
    index = 0
    while True:
        index = text.find("%", index)
        if index < 0:
            return args
        directive = _C.match(text, index)
        assert directive is not None
        index = directive.end()
        conv = directive["conv"]
        if conv == "%":
            continue
        if conv not in _C_TYPES:
            raise FormatProblem(f"'{where}' is not a valid C format string: bad directive {directive[0]!r}")
        uses_position = directive["pos"] is not None
        if positional is None:
            positional = uses_position
        elif positional != uses_position:
            raise FormatProblem(f"'{where}' is not a valid C format string: numbered and unnumbered arguments mixed")
        kind = (directive["len"] or "") + _C_TYPES[conv]
        for star in re.findall(r"\*(?:(\d+)\$)?", directive[0]):
            sequential += 1
            args[int(star) if star else sequential] = "int"
        number = int(directive["pos"]) if uses_position else sequential + 1
        if not uses_position:
            sequential += 1
        if number in args and args[number] != kind:
            raise FormatProblem(f"'{where}' is not a valid C format string: argument {number} used with two types")
        args[number] = kind


def check_c(msgid: str, msgstr: str, where: str, strict: bool = True) -> None:
    try:
        source = c_directives(msgid, "msgid")
    except FormatProblem:
        return
    target = c_directives(msgstr, where)
    if (strict and len(source) != len(target)) or len(target) > len(source) or not set(target) <= set(source):
        raise FormatProblem(f"number of format specifications in 'msgid' and '{where}' does not match")
    for number, kind in target.items():
        if source[number] != kind:
            raise FormatProblem(
                f"format specifications in 'msgid' and '{where}' for argument {number} are not the same"
            )


_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def brace_names(text: str, where: str) -> set[str]:
    names = set()
    for match in _BRACE.finditer(text):
        token = match[0]
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise FormatProblem(f"'{where}' is not a valid Python brace format string: unbalanced {token!r}")
        names.add(re.split(r"[.\[!:]", match[1], maxsplit=1)[0])
    return names


def check_brace(msgid: str, msgstr: str, where: str, strict: bool = True) -> None:
    try:
        source = brace_names(msgid, "msgid")
    except FormatProblem:
        return
    target = brace_names(msgstr, where)
    for name in sorted(target - source):
        raise FormatProblem(f"a format specification for argument '{name}', as in '{where}', doesn't exist in 'msgid'")
    if strict:
        for name in sorted(source - target):
            raise FormatProblem(f"a format specification for argument '{name}' doesn't exist in '{where}'")


CHECKERS = {"python-format": check_python, "c-format": check_c, "python-brace-format": check_brace}

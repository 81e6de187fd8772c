"""Format-string checks for entries flagged ``c-format``, ``python-format`` or ``python-brace-format``,
with the rules of GNU gettext's ``format-c.c``, ``format-python.c`` and ``format-python-brace.c``.

``msgfmt --check`` refuses a translation whose directives differ from its source's; so does
letterpipe, so that a translation cannot crash or garble the page at render time. Other
``*-format`` flags are not checked (letters and templates use none of them).
"""

from __future__ import annotations

import re

_PY = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d+)?)?[hlL]?(?P<conv>.?)"
)
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


def python_directives(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    for match in re.finditer(r"%", text):
        start = match.start()
        if start > 0 and _escaped_percent(text, start):
            continue
        directive = _PY.match(text, start)
        assert directive is not None
        conv = directive["conv"]
        if conv == "%" and directive["name"] is None:
            continue
        if conv not in _PY_TYPES:
            raise FormatProblem(f"'{where}' is not a valid Python format string: bad directive {directive[0]!r}")
        kind = _PY_TYPES[conv]
        if directive["name"] is not None:
            if directive["width"] == "*" or directive["prec"] == "*":
                raise FormatProblem(f"'{where}' is not a valid Python format string: '*' with a named argument")
            name = directive["name"]
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
    source_named, source_unnamed = python_directives(msgid, "msgid")
    named, unnamed = python_directives(msgstr, where)
    if source_named or named:
        for name, kind in named.items():
            if name not in source_named:
                raise FormatProblem(
                    f"a format specification for argument '{name}', as in '{where}', doesn't exist in 'msgid'"
                )
            if kind != source_named[name] and "any" not in (kind, source_named[name]):
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
        if a != b and "any" not in (a, b):
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
    source = c_directives(msgid, "msgid")
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
    source, target = brace_names(msgid, "msgid"), brace_names(msgstr, where)
    for name in sorted(target - source):
        raise FormatProblem(f"a format specification for argument '{name}', as in '{where}', doesn't exist in 'msgid'")
    if strict:
        for name in sorted(source - target):
            raise FormatProblem(f"a format specification for argument '{name}' doesn't exist in '{where}'")


CHECKERS = {"python-format": check_python, "c-format": check_c, "python-brace-format": check_brace}

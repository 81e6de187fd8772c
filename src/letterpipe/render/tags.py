"""Repairing WeasyPrint's structure tree before the PDF is written: artifacts and ``/Lang``.

WeasyPrint 70 tags running headers and footers (page margin boxes) as structure elements that
name ``/Document`` as their parent but are not among its children (Kozea/WeasyPrint #1836), and
it writes no ``/Lang`` below the catalog. This finisher step, run on the ``pydyf`` objects right
before the file is written, makes every marked-content sequence either part of the reading
tree or an ``/Artifact``, and gives each structure element whose text is in another language
than the page its own ``/Lang``.

Which text box a marked-content sequence draws is not kept by WeasyPrint once the tree is built,
so the tree is built a second time, by WeasyPrint's own ``_build_box_tree`` on a scratch PDF,
with a recorder in place of its tag table: the scratch tree has the same shape and order as the
real one, and its marked-content ids say which box each real one drew. Any mismatch between the
two trees is an error, never a guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pydyf

from letterpipe.errors import RenderError

#: Unicode character-name prefixes and the ISO 15924 script they belong to.
_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "TAMIL": "Taml",
    "THAI": "Thai",
    "ETHIOPIC": "Ethi",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "CJK": "Hani",
}
#: Scripts whose pages also use the letters of other scripts.
_PAGE_SCRIPTS = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani", "Hira", "Kana"}, "Kore": {"Hang", "Hani"}}


def run_script(text: str) -> str | None:
    """The one script all letters of ``text`` are written in, or ``None`` (no letters, or mixed)."""
    found = set()
    for char in text:
        if unicodedata.category(char).startswith("L"):
            found.add(_SCRIPTS.get(unicodedata.name(char, "").split(" ")[0], "Zyyy"))
    return found.pop() if len(found) == 1 else None


def page_scripts(script: str) -> set[str]:
    return _PAGE_SCRIPTS.get(script, {script})


def _ref(obj: Any) -> int | None:
    if isinstance(obj, bytes) and obj.endswith(b" R"):
        return int(obj.split()[0])
    return None


class _Recorder(dict):  # type: ignore[type-arg]
    """Stands in for WeasyPrint's box-to-marked-content table: hands out ids, remembers boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: list[Any] = []

    def pop(self, box: Any, *default: Any) -> dict[str, Any]:
        self.boxes.append(box)
        return {"mcid": len(self.boxes) - 1, "tag": "Span"}


def _tree_objects(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    return [
        o
        for o in pdf.objects
        if isinstance(o, pydyf.Dictionary) and o.get("Type") in ("/StructElem", "/OBJR") and o.get("S") != "/Document"
    ]


def _margin_keywords(page_box: Any) -> dict[int, str]:
    """``id(text box)`` of every box drawn in a page margin box, with the box's at-keyword."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, str] = {}
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            for box in child.descendants():
                found[id(box)] = child.at_keyword
    return found


def _boxes_by_mcid(document: Any, pdf: pydyf.PDF) -> dict[tuple[int, int], Any]:
    """``(page index, MCID) -> box`` for every marked-content sequence of the real tree."""
    from weasyprint.pdf.tags import _build_box_tree

    scratch = pydyf.PDF()
    scratch.pages["Kids"].extend(pdf.pages["Kids"])
    root = pydyf.Dictionary({"Type": "/StructElem", "S": "/Document", "K": pydyf.Array()})
    scratch.add_object(root)
    recorders = []
    for number, page in enumerate(document.pages):
        recorder = _Recorder()
        for element in _build_box_tree(page._page_box, root, scratch, number, {}, [], recorder):
            root["K"].append(element.reference)
        recorders.append(recorder)
    real, copy = _tree_objects(pdf), _tree_objects(scratch)
    if len(real) != len(copy):
        raise RenderError(f"tagging: {len(real)} structure objects, but {len(copy)} when rebuilt")
    pages = {ref: n for n, ref in enumerate(pdf.page_references)}
    found: dict[tuple[int, int], Any] = {}
    for one, other in zip(real, copy, strict=True):
        if one.get("S") != other.get("S") or len(one.get("K", ())) != len(other.get("K", ())):
            raise RenderError(f"tagging: structure element {one.get('S')} does not match its rebuilt copy")
        page = pages.get(one.get("Pg"))
        for mine, theirs in zip(one.get("K", ()), other.get("K", ()), strict=True):
            if isinstance(mine, int) and page is not None:
                found[(page, mine)] = recorders[page].boxes[theirs]
    return found


class _Tree:
    """The real structure tree as pydyf objects, walked from the root through ``/K``."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self.pages = {ref: n for n, ref in enumerate(pdf.page_references)}
        root_ref = _ref(pdf.catalog.get("StructTreeRoot"))
        if root_ref is None:
            raise RenderError("tagging: the PDF has no structure tree")
        self.root = pdf.objects[root_ref]

    def obj(self, ref: Any) -> Any:
        number = _ref(ref)
        return self.pdf.objects[number] if number is not None else ref

    def kids(self, element: Any) -> Iterator[Any]:
        kids = element.get("K", ())
        for kid in kids if isinstance(kids, list) else [kids]:
            yield self.obj(kid)

    def reachable(self) -> set[int]:
        seen: set[int] = set()
        stack = [self.root]
        while stack:
            element = stack.pop()
            for kid in self.kids(element):
                if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem" and kid.number not in seen:
                    seen.add(kid.number)
                    stack.append(kid)
        return seen


def _parent_tree_pages(tree: _Tree) -> dict[int, pydyf.Array]:
    mapping = tree.obj(tree.root["ParentTree"])
    nums = mapping["Nums"]
    return {nums[i]: tree.obj(nums[i + 1]) for i in range(0, len(nums), 2) if isinstance(tree.obj(nums[i + 1]), list)}


def _make_artifacts(tree: _Tree, orphans: dict[int, dict[int, str]]) -> None:
    """Turn the orphans' marked-content sequences (page -> MCID -> at-keyword) into artifacts."""
    for page_number, mcids in orphans.items():
        page = tree.obj(tree.pdf.page_references[page_number])
        stream = tree.obj(page["Contents"])
        left = dict(mcids)
        items = stream.stream
        for i, item in enumerate(items):
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in left and items[i + 1] == b"BDC":
                keyword = left.pop(item["MCID"])
                kind = "/Header" if keyword.startswith("@top") else "/Footer" if keyword.startswith("@bottom") else None
                items[i - 1] = "/Artifact"
                items[i] = pydyf.Dictionary({"Type": "/Pagination", **({"Subtype": kind} if kind else {})})
        if left:
            raise RenderError(f"tagging: marked content {sorted(left)} of page {page_number + 1} not found")


def _language_of(box: Any, document_lang: str, scripts: set[str]) -> str | None:
    """The language a text box is in: its ``lang``, or for text in a foreign script ``und-<Script>``."""
    lang = box.style["lang"] or document_lang
    if lang.lower() != document_lang.lower():
        return str(lang)
    script = run_script(getattr(box, "text", "") or "")
    if script is not None and script not in scripts and script != "Zyyy":
        return f"und-{script}"
    return document_lang


def repair_tags(document: Any, pdf: pydyf.PDF, script: str) -> None:
    """Artifacts for page furniture, and ``/Lang`` where an element's language differs."""
    document_lang = str(document.metadata.lang or "")
    tree = _Tree(pdf)
    boxes = _boxes_by_mcid(document, pdf)
    reachable = tree.reachable()
    parent_tree = _parent_tree_pages(tree)
    orphans: dict[int, dict[int, str]] = {}
    for page_number, refs in parent_tree.items():
        margins = _margin_keywords(document.pages[page_number]._page_box)
        for mcid, ref in enumerate(refs):
            element = tree.obj(ref)
            if isinstance(element, pydyf.Dictionary) and element.number not in reachable:
                box = boxes.get((page_number, mcid))
                orphans.setdefault(page_number, {})[mcid] = margins.get(id(box), "")
                refs[mcid] = "null"
    _make_artifacts(tree, orphans)
    for obj in _tree_objects(pdf):
        if obj.get("Type") == "/StructElem" and obj.number not in reachable:
            obj.clear()
    scripts = page_scripts(script)
    languages = {key: _language_of(box, document_lang, scripts) for key, box in boxes.items()}
    _assign_lang(tree, tree.root, document_lang, languages, {})


def _leaf_languages(
    tree: _Tree, element: Any, languages: dict[tuple[int, int], str | None], memo: dict[int, set[str]]
) -> set[str]:
    if element.number in memo:
        return memo[element.number]
    found: set[str] = set()
    page = tree.pages.get(element.get("Pg"))
    for kid in tree.kids(element):
        if isinstance(kid, int) and page is not None:
            lang = languages.get((page, kid))
            if lang:
                found.add(lang)
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem":
            found |= _leaf_languages(tree, kid, languages, memo)
    memo[element.number] = found
    return found


def _assign_lang(
    tree: _Tree, element: Any, inherited: str, languages: dict[tuple[int, int], str | None], memo: dict[int, set[str]]
) -> None:
    for kid in tree.kids(element):
        if not (isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem"):
            continue
        found = _leaf_languages(tree, kid, languages, memo)
        current = inherited
        if len(found) == 1:
            (lang,) = found
            if lang.lower() != inherited.lower():
                kid["Lang"] = pydyf.String(lang)
                current = lang
        _assign_lang(tree, kid, current, languages, memo)

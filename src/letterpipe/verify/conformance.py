"""Checking the PDF/A-3 and PDF/UA-1 clauses a letter's PDF touches, by reading the file back.

No PDF/A or PDF/UA validator can be installed here (veraPDF is not packaged for Debian, PyPI or
npm), so each clause these files depend on is checked on its own, with pikepdf and pypdf:

* ``structure``: the structure tree's parent and child links agree both ways, the parent tree
  maps every marked-content id to the element holding it, every marked-content sequence and
  every text or painting operator is either in the tree or an ``/Artifact`` (ISO 14289-1 7.1),
  and every annotation (links, the signature widget) is in the tree (7.18.1).
* ``artifacts``: running headers, footers and page numbers (text at the same place on every
  page, or every page but the first, the same once digits are ignored) are artifacts, not part
  of the reading order.
* ``lang``: the catalog's ``/Lang``; every run written wholly in a script foreign to the page's
  dominant script has a ``/Lang`` of its own; every passage the HTML marks with another
  language (an untranslated fallback block) carries that ``/Lang`` in the PDF (7.2).
* ``xmp``: ``pdfaid`` part 3 with a conformance level, ``pdfuaid`` part 1 declared with its
  PDF/A extension schema, a ``dc:title`` shown as the window title (PDF/A-3 6.6, PDF/UA 7.1).
* ``output-intent``: an sRGB ICC output intent ``/GTS_PDFA1`` (PDF/A-3 6.2.3).
* ``fonts``: every font embedded, with a ``/ToUnicode`` map (PDF/A-3 6.2.11, PDF/UA 7.21).
* ``transparency``: none in a final version (the DRAFT mark of a draft is see-through on purpose).
* ``attachments``: each embedded file has ``/AFRelationship``, is listed in the catalog's
  ``/AF``, has ``/F``, ``/UF``, a MIME type and a modification date; the signatory list is
  ``/Data`` (PDF/A-3 6.8).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

CLAUSES = ("structure", "artifacts", "lang", "xmp", "output-intent", "fonts", "transparency", "attachments")
DATA_ATTACHMENTS = ("signatories.json",)
_TEXT_OPS = {"Tj", "TJ", "'", '"'}
_PAINT_OPS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do"}
_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


@dataclass(frozen=True)
class Finding:
    clause: str
    message: str

    def __str__(self) -> str:
        return f"[{self.clause}] {self.message}"


_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "TAMIL": "Taml",
    "KHMER": "Khmr",
    "MYANMAR": "Mymr",
    "ETHIOPIC": "Ethi",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "THAI": "Thai",
    "HANGUL": "Hang",
    "HIRAGANA": "Hani",
    "KATAKANA": "Hani",
    "CJK": "Hani",
}
_HAN = {"Hans", "Hant", "Hani", "Jpan"}


def _script(char: str) -> str:
    first = unicodedata.name(char, "?").split(" ")[0]
    return _SCRIPTS.get(first, first.title())


def language_script(tag: str) -> str | None:
    """The ISO 15924 script of a BCP 47 tag: its own subtag, else CLDR's likely one (ru -> Cyrl)."""
    from babel.core import get_global

    parts = tag.replace("_", "-").split("-")
    own = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if own:
        return own
    likely = get_global("likely_subtags").get(parts[0].lower())
    found = [p for p in (likely or "").split("_")[1:] if len(p) == 4]
    return found[0] if found else None


def page_scripts(script: str) -> set[str]:
    """The scripts a page in ISO 15924 ``script`` writes its own language in."""
    if script in _HAN:
        return {"Hani"}
    return {"Hang", "Hani"} if script == "Kore" else {script}


def _scripts(text: str) -> Counter[str]:
    return Counter(_script(c) for c in text if unicodedata.category(c).startswith("L"))


def _flat(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", unicodedata.normalize("NFC", text))


class _Leaves:
    """Per page: the text of each marked-content sequence, and where text sits, via pypdf."""

    def __init__(self, page: Any) -> None:
        self.stack: list[tuple[str, int | None]] = []
        self.by_mcid: dict[int, list[str]] = {}
        self.placed: list[tuple[float, float, str, bool]] = []
        page.extract_text(visitor_operand_before=self.operator, visitor_text=self.text)

    def operator(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op in (b"BDC", b"BMC"):
            props = args[1] if len(args) > 1 and hasattr(args[1], "get") else {}
            mcid = props.get("/MCID") if props else None
            self.stack.append((str(args[0]) if args else "", int(mcid) if mcid is not None else None))
        elif op == b"EMC" and self.stack:
            self.stack.pop()

    def text(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        artifact = any(tag == "/Artifact" for tag, _ in self.stack)
        mcid = next((m for _, m in reversed(self.stack) if m is not None), None)
        if mcid is not None and not artifact:
            self.by_mcid.setdefault(mcid, []).append(text)
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        self.placed.append((round(x), round(y), text, artifact))


class _Checker:
    def __init__(self, path: Path, final: bool, foreign: list[tuple[str, str]], script: str | None) -> None:
        import pikepdf
        from pypdf import PdfReader

        self.pikepdf = pikepdf
        self.pdf = pikepdf.open(path)
        self.reader = PdfReader(str(path))
        self.final = final
        self.foreign = foreign
        self.script = script
        self.findings: list[Finding] = []
        self.pages = {page.objgen: n for n, page in enumerate(self.pdf.pages)}
        self.leaves = [_Leaves(page) for page in self.reader.pages]

    def fail(self, clause: str, message: str) -> None:
        self.findings.append(Finding(clause, message))

    # structure ---------------------------------------------------------------------------
    def _kids(self, element: Any) -> list[Any]:
        kids = element.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, self.pikepdf.Array) else [kids]

    def structure(self) -> None:
        root = self.pdf.Root
        if not (root.get("/MarkInfo") is not None and bool(root.MarkInfo.get("/Marked", False))):
            self.fail("structure", "the catalog's /MarkInfo does not say /Marked true")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            self.fail("structure", "no structure tree (/StructTreeRoot)")
            return
        self.elements: dict[tuple[int, int], tuple[Any, str | None]] = {}
        self.mcids: dict[tuple[int, int], tuple[int, int]] = {}
        lang = str(root.get("/Lang", "")) or None
        stack = [(kid, tree, lang, None) for kid in reversed(self._kids(tree))]
        while stack:
            element, parent, inherited, page = stack.pop()
            if not isinstance(element, self.pikepdf.Dictionary):
                if isinstance(element, int) and page is not None:
                    self.mcids[(page, int(element))] = parent.objgen
                elif isinstance(element, int):
                    self.fail("structure", f"marked-content id {int(element)} of {parent.get('/S')} has no page")
                continue
            kind = element.get("/Type")
            if kind == "/MCR":
                owner = self.pages.get(element.Pg.objgen) if "/Pg" in element else page
                if owner is not None:
                    self.mcids[(owner, int(element.MCID))] = parent.objgen
                continue
            if kind == "/OBJR":
                continue
            if element.objgen in self.elements:
                self.fail("structure", f"structure element {element.get('/S')} is reached twice")
                continue
            if element.get("/P") is None or element.P.objgen != parent.objgen:
                self.fail(
                    "structure",
                    f"{element.get('/S')} is a child of {parent.get('/S', '/StructTreeRoot')} but names another parent",
                )
            here = str(element.get("/Lang", "")) or inherited
            self.elements[element.objgen] = (element, here)
            own_page = self.pages.get(element.Pg.objgen) if "/Pg" in element else page
            stack.extend((kid, element, here, own_page) for kid in reversed(self._kids(element)))
        for obj in self.pdf.objects:
            if (
                isinstance(obj, self.pikepdf.Dictionary)
                and obj.get("/Type") == "/StructElem"
                and obj.objgen not in self.elements
            ):
                parent = obj.get("/P")
                named = parent.get("/S", "/StructTreeRoot") if parent is not None else "no element"
                self.fail(
                    "structure",
                    f"{obj.get('/S')} names {named} as its parent but is not among its"
                    " children: neither in the reading tree nor an artifact",
                )
        self._parent_tree(tree)
        self._content()

    def _number_tree(self, node: Any) -> dict[int, Any]:
        found: dict[int, Any] = {}
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                found[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            found |= self._number_tree(kid)
        return found

    def _parent_tree(self, tree: Any) -> None:
        if "/ParentTree" not in tree:
            self.fail("structure", "the structure tree has no /ParentTree")
            return
        entries = self._number_tree(tree.ParentTree)
        self._annotations(entries)
        for page, number in self.pages.items():
            key = self.pdf.get_object(page).get("/StructParents")
            mapped = entries.get(int(key)) if key is not None else None
            mapped = list(mapped) if isinstance(mapped, self.pikepdf.Array) else []
            for mcid, ref in enumerate(mapped):
                holder = self.mcids.get((number, mcid))
                if isinstance(ref, self.pikepdf.Dictionary) and holder != ref.objgen:
                    self.fail(
                        "structure",
                        f"page {number + 1}: the parent tree maps marked content {mcid} to"
                        f" {ref.get('/S')}, which does not hold it",
                    )
            for (page_number, mcid), _holder in self.mcids.items():
                if page_number == number and (
                    mcid >= len(mapped) or not isinstance(mapped[mcid], self.pikepdf.Dictionary)
                ):
                    self.fail("structure", f"page {number + 1}: marked content {mcid} is missing from the parent tree")

    def _annotations(self, entries: dict[int, Any]) -> None:
        """Every annotation but a popup is reached from the tree through an OBJR (PDF/UA 7.18.1)."""
        for number, page in enumerate(self.pdf.pages):
            for annotation in page.get("/Annots", []):
                subtype = annotation.get("/Subtype")
                if subtype == "/Popup":
                    continue
                key = annotation.get("/StructParent")
                owner = entries.get(int(key)) if key is not None else None
                kids = self._kids(owner) if isinstance(owner, self.pikepdf.Dictionary) else []
                linked = any(
                    isinstance(kid, self.pikepdf.Dictionary)
                    and kid.get("/Type") == "/OBJR"
                    and kid.Obj.objgen == annotation.objgen
                    for kid in kids
                )
                if not linked or owner.objgen not in self.elements:
                    self.fail("structure", f"page {number + 1}: a {subtype} annotation is not in the structure tree")

    def _content(self) -> None:
        for number, page in enumerate(self.pdf.pages):
            stack: list[tuple[str, int | None]] = []
            loose = Counter()
            for instruction in self.pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op in ("BDC", "BMC"):
                    tag = str(instruction.operands[0])
                    props = instruction.operands[1] if op == "BDC" else None
                    mcid = props.get("/MCID") if isinstance(props, self.pikepdf.Dictionary) else None
                    inside = any(t == "/Artifact" or m is not None for t, m in stack)
                    if mcid is not None and (number, int(mcid)) not in self.mcids:
                        self.fail(
                            "structure",
                            f"page {number + 1}: marked content {int(mcid)} ({tag}) is neither in"
                            " the structure tree nor an artifact",
                        )
                    elif mcid is None and tag != "/Artifact" and not inside:
                        self.fail("structure", f"page {number + 1}: a {tag} sequence has no marked-content id")
                    stack.append((tag, int(mcid) if mcid is not None else None))
                elif op == "EMC":
                    if stack:
                        stack.pop()
                elif op in _TEXT_OPS | _PAINT_OPS and not any(t == "/Artifact" or m is not None for t, m in stack):
                    loose["text" if op in _TEXT_OPS else "painting"] += 1
            for what, count in sorted(loose.items()):
                self.fail(
                    "structure",
                    f"page {number + 1}: {count} {what} operator(s) outside any tagged or artifact sequence",
                )

    # artifacts -----------------------------------------------------------------------------
    def artifacts(self) -> None:
        if len(self.leaves) < 2:
            return
        seen: dict[tuple[int, int, str], set[int]] = {}
        for number, leaves in enumerate(self.leaves):
            for x, y, text, _ in leaves.placed:
                key = (x, y, re.sub(r"\d+", "#", _flat(text)))
                seen.setdefault(key, set()).add(number)
        least = max(2, len(self.leaves) - 1)
        furniture = {key for key, pages in seen.items() if len(pages) >= least and len(key[2]) >= 2}
        for number, leaves in enumerate(self.leaves):
            for x, y, text, artifact in leaves.placed:
                if (x, y, re.sub(r"\d+", "#", _flat(text))) in furniture and not artifact:
                    self.fail(
                        "artifacts",
                        f"page {number + 1}: running text {text.strip()!r} repeats on other pages"
                        " at the same place but is tagged content, not an /Artifact",
                    )

    # lang ----------------------------------------------------------------------------------
    def lang(self) -> None:
        document = str(self.pdf.Root.get("/Lang", ""))
        if not _LANG_TAG.match(document):
            self.fail("lang", f"the catalog's /Lang {document!r} is not a language tag")
            return
        elements = getattr(self, "elements", {})
        for element, _ in elements.values():
            if "/Lang" in element and not _LANG_TAG.match(str(element.Lang)):
                self.fail("lang", f"{element.S} has /Lang {str(element.Lang)!r}, not a language tag")
        runs: list[tuple[str, str]] = []
        for (page, mcid), holder in sorted(getattr(self, "mcids", {}).items()):
            if holder in elements:
                # The element's /ActualText (render/actualtext.py) is its text as written; glyph
                # maps scramble reordered scripts (Devanagari, Myanmar) and drop joiners.
                actual = elements[holder][0].get("/ActualText")
                text = str(actual) if actual is not None else "".join(self.leaves[page].by_mcid.get(mcid, []))
                runs.append((text, elements[holder][1] or document))
        totals = sum((_scripts(text) for text, _ in runs), Counter())
        if not totals:
            return
        script = self.script or language_script(document)
        own = page_scripts(script) if script else {totals.most_common(1)[0][0]}
        for text, lang in runs:
            scripts = _scripts(text)
            if len(scripts) == 1 and not own & set(scripts) and lang.lower() == document.lower():
                self.fail("lang", f"{text.strip()!r} is in another script than the page but has no /Lang of its own")
        by_lang: dict[str, str] = {}
        for text, lang in runs:
            by_lang[lang.lower()] = by_lang.get(lang.lower(), "") + _flat(text)
        for lang, text in self.foreign:
            if _flat(text) and _flat(text) not in by_lang.get(lang.lower(), ""):
                self.fail(
                    "lang",
                    f"the passage {text.strip()[:60]!r} (lang={lang} in the HTML) is not marked"
                    f" /Lang {lang} in the PDF",
                )

    # xmp -----------------------------------------------------------------------------------
    def xmp(self) -> None:
        import xml.etree.ElementTree as ET

        if "/Metadata" not in self.pdf.Root:
            self.fail("xmp", "no XMP metadata stream")
            return
        raw = self.pdf.Root.Metadata.read_bytes()
        try:
            start = raw.index(b"<x:xmpmeta")
            end = raw.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
            root = ET.fromstring(raw[start:end])
        except (ValueError, ET.ParseError) as exc:
            self.fail("xmp", f"the XMP packet cannot be read: {exc}")
            return

        def value(namespace: str, name: str) -> str | None:
            for node in root.iter():
                if f"{{{namespace}}}{name}" in node.attrib:
                    return node.attrib[f"{{{namespace}}}{name}"]
                if node.tag == f"{{{namespace}}}{name}":
                    return (node.text or "").strip()
            return None

        part, conformance = value(_PDFAID, "part"), value(_PDFAID, "conformance")
        if part != "3" or conformance not in ("A", "B", "U"):
            self.fail("xmp", f"pdfaid identifies part {part!r} conformance {conformance!r}, not PDF/A-3a, -3b or -3u")
        if value(_PDFUAID, "part") != "1":
            self.fail("xmp", f"pdfuaid identifies part {value(_PDFUAID, 'part')!r}, not PDF/UA-1")
        elif _PDFUAID.encode() not in raw.split(b"namespaceURI>", 1)[-1]:
            self.fail("xmp", "pdfuaid is used without a PDF/A extension schema declaring it")
        titles = [n.text for n in root.iter() if n.tag == "{http://purl.org/dc/elements/1.1/}title"]
        title = "".join(root.find(".//{http://purl.org/dc/elements/1.1/}title").itertext()).strip() if titles else ""
        if not title:
            self.fail("xmp", "no dc:title")
        prefs = self.pdf.Root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            self.fail("xmp", "/ViewerPreferences does not say /DisplayDocTitle true")

    # output intent -------------------------------------------------------------------------
    def output_intent(self) -> None:
        for intent in self.pdf.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if intent.get("/S") != "/GTS_PDFA1" or profile is None:
                continue
            data = profile.read_bytes()
            if int(profile.get("/N", 0)) == 3 and data[16:20] == b"RGB " and b"sRGB" in data.replace(b"\x00", b""):
                return
        self.fail("output-intent", "no /OutputIntents entry /GTS_PDFA1 with an sRGB ICC profile")

    # fonts ---------------------------------------------------------------------------------
    def _resources(self) -> list[Any]:
        found, stack, seen = [], [page.get("/Resources") for page in self.pdf.pages], set()
        while stack:
            resources = stack.pop()
            if resources is None or (resources.objgen in seen and resources.objgen != (0, 0)):
                continue
            seen.add(resources.objgen)
            found.append(resources)
            for xobject in resources.get("/XObject", {}).values():
                if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                    stack.append(xobject.Resources)
        return found

    def fonts(self) -> None:
        checked = set()
        for resources in self._resources():
            for name, font in resources.get("/Font", {}).items():
                if font.objgen in checked:
                    continue
                checked.add(font.objgen)
                label = str(font.get("/BaseFont", name))
                if "/ToUnicode" not in font:
                    self.fail("fonts", f"font {label} has no /ToUnicode map")
                if font.get("/Subtype") == "/Type3":
                    continue
                described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
                descriptor = described.get("/FontDescriptor")
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    self.fail("fonts", f"font {label} is not embedded")

    # transparency --------------------------------------------------------------------------
    def transparency(self) -> None:
        if not self.final:
            return
        for number, page in enumerate(self.pdf.pages):
            group = page.get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                self.fail("transparency", f"page {number + 1} has a transparency group")
        for resources in self._resources():
            for name, state in resources.get("/ExtGState", {}).items():
                for key in ("/ca", "/CA"):
                    if key in state and float(state[key]) < 1:
                        self.fail("transparency", f"graphics state {name} sets {key} {float(state[key])}")
                if state.get("/SMask", self.pikepdf.Name.None_) != self.pikepdf.Name.None_:
                    self.fail("transparency", f"graphics state {name} sets a soft mask")
                if state.get("/BM", self.pikepdf.Name.Normal) not in (self.pikepdf.Name.Normal, "/Compatible"):
                    self.fail("transparency", f"graphics state {name} sets blend mode {state.BM}")
            for name, xobject in resources.get("/XObject", {}).items():
                if "/SMask" in xobject or (xobject.get("/Group") or {}).get("/S") == "/Transparency":
                    self.fail("transparency", f"XObject {name} is transparent")

    # attachments ---------------------------------------------------------------------------
    def attachments(self) -> None:
        root = self.pdf.Root
        listed = {spec.objgen for spec in root.get("/AF", [])}
        for name, spec in self.pdf.attachments.items():
            obj = spec.obj
            relationship = obj.get("/AFRelationship")
            if relationship is None:
                self.fail("attachments", f"{name} has no /AFRelationship")
            elif name in DATA_ATTACHMENTS and relationship != "/Data":
                self.fail("attachments", f"{name} is attached as {relationship}, not /Data")
            if obj.objgen not in listed:
                self.fail("attachments", f"{name} is not listed in the catalog's /AF")
            if "/F" not in obj or "/UF" not in obj:
                self.fail("attachments", f"{name} lacks /F or /UF")
            stream = obj.get("/EF", {}).get("/F")
            if stream is None or "/Subtype" not in stream:
                self.fail("attachments", f"{name} has no MIME type (/Subtype)")
            elif "/ModDate" not in stream.get("/Params", {}):
                self.fail("attachments", f"{name} has no modification date")

    def run(self) -> list[Finding]:
        self.structure()
        self.artifacts()
        self.lang()
        self.xmp()
        self.output_intent()
        self.fonts()
        self.transparency()
        self.attachments()
        return self.findings


def check_pdf(
    path: Path, final: bool = True, foreign: list[tuple[str, str]] | None = None, script: str | None = None
) -> list[Finding]:
    """Every clause's findings for the PDF at ``path`` (empty when it conforms).

    ``final``: a version meant for release (drafts may be transparent). ``foreign``: (language,
    text) of passages the HTML marks with a language other than the page's. ``script``: the
    page language's ISO 15924 script (default: the catalog /Lang's script, from CLDR's likely subtags).
    """
    checker = _Checker(path, final, foreign or [], script)
    try:
        return checker.run()
    finally:
        checker.pdf.close()


class _PageFacts(HTMLParser):
    """From the HTML a PDF was rendered from: its language, whether it is a draft, and the
    passages inside ``<article>`` marked with another language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.draft = False
        self.script: str | None = None
        self.foreign: list[tuple[str, str]] = []
        self._stack: list[tuple[str, str, bool]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
            self.draft = "draft" in (values.get("class") or "").split()
            self.script = values.get("data-script")
            return
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr"):
            return
        inherited = self._stack[-1][1] if self._stack else self.lang
        lang = values.get("lang") or inherited
        in_article = tag == "article" or (bool(self._stack) and self._stack[-1][2])
        self._stack.append((tag, lang, in_article))
        self._open.append([] if in_article and lang.lower() != self.lang.lower() and "lang" in values else None)  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            opened, lang, _ = self._stack.pop()
            buffer = self._open.pop()
            if buffer is not None:
                self.foreign.append((lang, "".join(buffer)))
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        for buffer in self._open:
            if buffer is not None:
                buffer.append(data)


def check_version(html: Path, pdf: Path) -> list[str]:
    """Findings for a rendered version, each naming the PDF and the clause."""
    facts = _PageFacts()
    facts.feed(html.read_text("utf-8"))
    return [f"{pdf}: {finding}" for finding in check_pdf(pdf, not facts.draft, facts.foreign, facts.script)]

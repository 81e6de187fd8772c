"""Rendering a language version's HTML to PDF with WeasyPrint, jailed and strict.

* The URL fetcher reads nothing outside the project folder and nothing from the network, so a
  translation or a signatory name can never pull a local file or a remote resource into a PDF.
* A missing glyph (WeasyPrint draws ``.notdef`` and logs a warning) or an unloadable font is an
  error naming the language, the characters and the fonts tried: a name drawn as boxes is a name
  dropped.
* Output is reproducible: dates come from the letter, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from letterpipe.doctor import require_hb_subset
from letterpipe.errors import RenderError
from letterpipe.fsutil import write_bytes_atomic
from letterpipe.project import Project
from letterpipe.render import actualtext
from letterpipe.render.languages import Language, get_language
from letterpipe.render.pdfa import PDF_VARIANT, accessible_archive, finisher
from letterpipe.source.signatories import fingerprint, to_json
from letterpipe.verify.report import Report, start_browser_check, verify_version

FORCE_DRAFT = """
.draft-mark { display: block !important; position: fixed; top: 95mm; left: 0; right: 0; text-align: center;
  font-size: 96pt; font-weight: 700; letter-spacing: 0.1em; color: rgba(179, 38, 30, 0.13);
  transform: rotate(-30deg); }
"""
_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts: \"(?P<text>.*)\"")


def _jailed_fetcher_class() -> type:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class JailedFetcher(URLFetcher):  # type: ignore[misc]
        """Only ``file:`` URLs under ``root`` and ``data:`` URLs; no network, no redirects."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=2)
            self.root = root.resolve()

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                target = Path(unquote(parts.path)).resolve()
                if not target.is_relative_to(self.root):
                    raise FatalURLFetchingError(f"refused to read {target}: outside {self.root}")
            elif parts.scheme != "data":
                raise FatalURLFetchingError(f"refused to fetch {url}: only project files may be read")
            return super().fetch(url, headers)

    return JailedFetcher


class _FontProblems(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.notdef: list[str] = []
        self.unloadable: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = _NOTDEF.search(message)
        if match:
            self.notdef.append(match["text"])
        elif "cannot be loaded" in message and "ont" in message:
            self.unloadable.append(message)


def _finisher(entries: dict[str, str], direction: str) -> Any:
    """A WeasyPrint finisher: entries for the document information dictionary, and the reading
    direction in ``/ViewerPreferences`` (``/Direction /R2L`` makes viewers lay out spreads and
    thumbnails right to left)."""

    def finish(document: Any, pdf: Any) -> None:
        import pydyf

        for key, value in entries.items():
            pdf.info[key] = pydyf.String(value)
        preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary({})
        preferences["Direction"] = "/R2L" if direction == "rtl" else "/L2R"
        pdf.catalog["ViewerPreferences"] = preferences

    return finish


def _describe_missing(texts: list[str]) -> str:
    chars = sorted({c for text in texts for c in text if not c.isspace()})
    return ", ".join(f"{c!r} U+{ord(c):04X}" for c in chars[:20]) + (" ..." if len(chars) > 20 else "")


def render_pdf(
    html: str,
    base: Path,
    jail: Path,
    language: Language,
    created: dt.date,
    attachments: list[tuple[str, bytes, str]] | None = None,
    source_name: str = "letter.html",
    info: dict[str, str] | None = None,
    draft: bool = False,
) -> tuple[bytes, int]:
    """PDF bytes and page count for ``html``. ``jail`` is the only folder the renderer may read.

    ``draft`` forces the page's DRAFT mark on, whatever the HTML says.
    """
    os.environ.setdefault(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC).timestamp()))
    )
    require_hb_subset()
    actualtext.install()
    import weasyprint
    from weasyprint import CSS, Attachment
    from weasyprint.text.fonts import FontConfiguration

    from letterpipe.render.lean import html_for

    fetcher = _jailed_fetcher_class()(jail)
    stamp = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
    files = [
        Attachment(
            string=data,
            name=name,
            description=description,
            created=stamp,
            modified=stamp,
            url_fetcher=fetcher,
            relationship="Data",
        )
        for name, data, description in (attachments or [])
    ]
    problems = _FontProblems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        fonts = FontConfiguration()
        extra = [CSS(string=FORCE_DRAFT, font_config=fonts)] if draft else []
        document = html_for(html, base_url=str(base) + os.sep, url_fetcher=fetcher).render(
            stylesheets=extra, font_config=fonts
        )
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=files,
            finisher=finisher(
                accessible_archive(language.script, _finisher(info or {}, language.direction)),
                lambda _, pdf: actualtext.tag_structure(pdf),
            ),
        )
        if problems.notdef or problems.unloadable:
            fonts = ", ".join(language.all_fonts)
            detail = []
            if problems.notdef:
                detail.append(f"characters no font can draw: {_describe_missing(problems.notdef)}")
            detail.extend(problems.unloadable)
            raise RenderError(f"{language.code}: " + "; ".join(detail) + f" (fonts tried: {fonts})", source_name)
        return pdf, len(document.pages)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise RenderError(f"{language.code}: {exc}", source_name) from None
    finally:
        logger.removeHandler(problems)


def render_version(
    project: Project, slug: str, lang: str, html_path: Path, output: Path, *, seen: bool = False
) -> tuple[int, Report]:
    """Render one language version to ``output`` and read it back (``seen``: also as a reader sees it).

    A version that fails the read-back is rendered again with the DRAFT mark on every page, so
    its preview can never pass for a finished version. Returns the page count and the report
    of the first rendering, the one without the mark.
    """
    letter, signatories = project.load(slug)
    language = get_language(lang, project.language_table)
    page = html_path.read_text("utf-8")

    def render(draft: bool) -> tuple[bytes, int]:
        return render_pdf(
            page,
            base=html_path.parent.resolve(),
            jail=project.root,
            language=language,
            created=letter.date,
            attachments=[("signatories.json", to_json(signatories), "The canonical list of signatories")],
            source_name=str(html_path),
            info={"LetterpipeFingerprint": fingerprint(signatories)},
            draft=draft,
        )

    with ThreadPoolExecutor(1) as pool:
        pdf, pages = render(False)
        write_bytes_atomic(output, pdf)
        del pdf
        # Chromium checks the page while the PDF is read back; started after the render, so the
        # screenshots it hands back never add to the layout's peak (a 5,000-name list: 15 MB).
        browser = start_browser_check(pool, html_path, signatories) if seen else None
        report = verify_version(
            lang, html_path, output, signatories, fonts=language.all_fonts, seen=seen, browser=browser
        )
    if not report.ok:
        pdf, pages = render(True)
        write_bytes_atomic(output, pdf)
    return pages, report

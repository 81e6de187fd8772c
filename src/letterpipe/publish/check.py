"""What a recipient runs on a release folder: ``letterpipe check-release DIR --trust CA.pem``.

It needs no letterpipe project, only the folder and the coalition's root certificate (got from
the coalition by another channel than the email that brought the files). Offline, it checks:

* every PDF's signature: intact, covering the whole file, made with a certificate that chains
  to the trust root (revocation cannot be checked offline and is not);
* ``SHA256SUMS.p7s``, the detached signature of ``SHA256SUMS``, against the same root;
* every checksum in ``SHA256SUMS``, and that every PDF and HTML file is listed there;
* each PDF's signatory fingerprint: printed on the page, in the document information, and the
  fingerprint of the attached ``signatories.json``, all equal to each other, to the other PDFs'
  and to ``manifest.json``'s.

Every problem names the file. Exit status: 0 when everything checks, 7 when a file fails (the
:class:`~letterpipe.errors.VerificationError` code), 1 when the folder or trust root cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpipe.errors import LetterpipeError
from letterpipe.publish.signing import SIGNATURE_SUFFIX


@dataclass
class CheckResult:
    folder: Path
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _trust_roots(path: Path) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder_data

    try:
        certs = list(load_certs_from_pemder_data(path.read_bytes()))
    except OSError as exc:
        raise LetterpipeError(f"cannot read the trust root: {exc.strerror}", path) from None
    except ValueError as exc:
        raise LetterpipeError(f"not a PEM or DER certificate: {exc}", path) from None
    if not certs:
        raise LetterpipeError("no certificate in it", path)
    return certs


def _context(roots: list[Any]) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _check_pdf_signature(path: Path, roots: list[Any]) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature

    try:
        with path.open("rb") as handle:
            reader = PdfFileReader(handle, strict=False)
            signatures = reader.embedded_signatures
            if not signatures:
                return ["not signed"]
            problems = []
            for signature in signatures:
                status = validate_pdf_signature(signature, _context(roots))
                if not status.intact or not status.valid:
                    problems.append(f"signature {signature.field_name!r} does not match the file: altered")
                elif not status.trusted:
                    problems.append(
                        f"signature {signature.field_name!r} is not from a certificate the trust root issued"
                    )
                elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
                    problems.append(
                        f"signature {signature.field_name!r} does not cover the whole file: changed after signing"
                    )
            return problems
    except Exception as exc:  # a damaged file can fail anywhere in the parser: it is a failed check
        return [f"signature cannot be read: {type(exc).__name__}: {exc}"[:300]]


def _check_sums_signature(sums: Path, roots: list[Any]) -> list[str]:
    from asn1crypto import cms
    from pyhanko.sign.validation import async_validate_detached_cms

    signature = sums.with_name(sums.name + SIGNATURE_SUFFIX)
    if not signature.is_file():
        return [f"{signature.name} is missing: the checksum list is not signed"]
    try:
        info = cms.ContentInfo.load(signature.read_bytes())
        import asyncio

        status = asyncio.run(async_validate_detached_cms(sums.read_bytes(), info["content"], _context(roots)))
    except Exception as exc:  # as above: damaged input is a failed check, not a crash
        return [f"{signature.name} cannot be read: {type(exc).__name__}: {exc}"[:300]]
    if not status.intact or not status.valid:
        return [f"{sums.name} does not match its signature {signature.name}: altered"]
    if not status.trusted:
        return [f"{signature.name} is not from a certificate the trust root issued"]
    return []


def _fingerprint_of(attached: bytes) -> str:
    from letterpipe.source.signatories import Signatory, fingerprint

    items = json.loads(attached)
    return fingerprint(
        [
            Signatory(item["group"], item["name"], item["role"], line=n, lang=item.get("lang", ""))
            for n, item in enumerate(items)
        ]
    )


def _check_fingerprints(pdf: Path, expected: str | None) -> tuple[str | None, list[str]]:
    from letterpipe.verify.pdf import pdf_metadata, pdf_visible_text, squash

    try:
        printed, attached = pdf_metadata(pdf)
        text = squash(pdf_visible_text(pdf))
    except Exception as exc:  # damaged file
        return None, [f"cannot be read: {type(exc).__name__}: {exc}"[:300]]
    problems = []
    reference = expected or printed
    if printed is None:
        problems.append("no signatory fingerprint in its metadata")
    elif reference and printed != reference:
        problems.append(f"metadata fingerprint {printed} differs from {reference}")
    if reference and reference not in text:
        problems.append(f"the fingerprint {reference} is not printed on its pages")
    if attached is None:
        problems.append("signatories.json is not attached")
    else:
        try:
            digest = _fingerprint_of(attached)
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"the attached signatories.json cannot be read: {exc}")
        else:
            if reference and digest != reference:
                problems.append(f"the attached signatories.json has fingerprint {digest}, not {reference}")
    return printed, problems


def check_release(folder: Path, trust: Path) -> CheckResult:
    """Check a release folder as a recipient would; see the module's docstring."""
    if not folder.is_dir():
        raise LetterpipeError("not a folder", folder)
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())  # failures are reported, not traced
    roots = _trust_roots(trust)
    result = CheckResult(folder)

    def fail(name: str, problem: str) -> None:
        result.problems.append(f"{name}: {problem}")

    expected = None
    manifest = folder / "manifest.json"
    if manifest.is_file():
        try:
            expected = json.loads(manifest.read_text("utf-8")).get("fingerprint")
        except (ValueError, UnicodeDecodeError) as exc:
            fail(manifest.name, f"cannot be read: {exc}")
    sums = folder / "SHA256SUMS"
    listed: set[str] = set()
    if not sums.is_file():
        fail(sums.name, "missing")
    else:
        for problem in _check_sums_signature(sums, roots):
            fail(sums.name, problem)
        for number, line in enumerate(sums.read_text("utf-8", errors="replace").splitlines(), 1):
            digest, sep, name = line.partition("  ")
            target = folder / name
            if not sep or "/" in name or name.startswith("."):
                fail(f"{sums.name}:{number}", f"not a checksum line: {line[:80]!r}")
            elif not target.is_file():
                fail(name, f"listed in {sums.name} but missing")
            elif hashlib.sha256(target.read_bytes()).hexdigest() != digest.strip().lower():
                fail(name, f"its SHA-256 differs from {sums.name}: altered")
            listed.add(name)
    pdfs = sorted(folder.glob("*.pdf"))
    for path in sorted([*pdfs, *folder.glob("*.html")]):
        if sums.is_file() and path.name not in listed:
            fail(path.name, f"not listed in {sums.name}")
    seen: dict[str, str] = {}
    for pdf in pdfs:
        for problem in _check_pdf_signature(pdf, roots):
            fail(pdf.name, problem)
        printed, problems = _check_fingerprints(pdf, expected)
        for problem in problems:
            fail(pdf.name, problem)
        if printed:
            seen[pdf.name] = printed
        result.checked.append(pdf.name)
    if not expected and len(set(seen.values())) > 1:
        for name, value in sorted(seen.items()):
            fail(name, f"fingerprint {value}: the versions do not carry the same signatories")
    if not pdfs:
        fail(folder.name, "no PDF in the folder")
    return result

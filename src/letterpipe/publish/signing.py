"""Signing a release with the coalition's certificate, offline, so a recipient can authenticate it.

Every PDF gets a PAdES baseline B-B signature (pyHanko; no timestamp authority is reachable
offline, so not B-T) and ``SHA256SUMS`` a detached CMS signature, ``SHA256SUMS.p7s``: a letter
sent by email can be altered in transit, and a checksum list that travels with the files it
vouches for proves nothing unless it is signed.

Where the key comes from, first found wins:

1. the command line: ``letterpipe release --pkcs12 FILE`` or ``--sign-key KEY --sign-cert CERT
   [--sign-chain CA.pem ...]``;
2. the environment the workflow passes to its stages (``LETTERPIPE_SIGN_PKCS12``,
   ``LETTERPIPE_SIGN_KEY``, ``LETTERPIPE_SIGN_CERT``, ``LETTERPIPE_SIGN_CHAIN``, paths separated
   by ``os.pathsep``), set by ``letterpipe release`` from 1 or 3;
3. a ``[signing]`` table in ``letterpipe.toml`` at the project root (``pkcs12 = "..."`` or
   ``key = "..."``, ``cert = "..."``, ``chain = ["..."]``; paths relative to the project).

The password is never stored: it is read from ``LETTERPIPE_SIGN_PASSWORD`` or asked for at the
terminal by ``letterpipe release``, which hands it to the workflow in that variable only.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import hashlib
import os
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterpipe.errors import SigningError
from letterpipe.fsutil import write_bytes_atomic

CONFIG_FILE = "letterpipe.toml"
ENV_PASSWORD = "LETTERPIPE_SIGN_PASSWORD"
ENV = {
    "pkcs12": "LETTERPIPE_SIGN_PKCS12",
    "key": "LETTERPIPE_SIGN_KEY",
    "cert": "LETTERPIPE_SIGN_CERT",
    "chain": "LETTERPIPE_SIGN_CHAIN",
}
SIGNATURE_SUFFIX = ".p7s"
FIELD_NAME = "Coalition"


@dataclass(frozen=True)
class SignerConfig:
    """Where the coalition's key and certificate are: a PKCS#12 file, or a PEM/DER key + chain."""

    pkcs12: Path | None = None
    key: Path | None = None
    cert: Path | None = None
    chain: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if self.pkcs12 is None and (self.key is None or self.cert is None):
            raise SigningError("signing needs a PKCS#12 file, or both a key and a certificate")
        if self.pkcs12 is not None and (self.key is not None or self.cert is not None):
            raise SigningError("give either a PKCS#12 file or a key and a certificate, not both")

    def describe(self) -> str:
        return str(self.pkcs12) if self.pkcs12 else f"{self.key} + {self.cert}"

    def to_environment(self) -> dict[str, str]:
        """Paths (never the password) for the workflow's stages."""
        values = {"pkcs12": self.pkcs12, "key": self.key, "cert": self.cert}
        env = {ENV[name]: str(Path(path).resolve()) for name, path in values.items() if path is not None}
        if self.chain:
            env[ENV["chain"]] = os.pathsep.join(str(Path(p).resolve()) for p in self.chain)
        return env

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> SignerConfig | None:
        if not any(env.get(name) for name in ENV.values()):
            return None
        path = {name: Path(env[var]) if env.get(var) else None for name, var in ENV.items() if name != "chain"}
        chain = tuple(Path(p) for p in env.get(ENV["chain"], "").split(os.pathsep) if p)
        return cls(pkcs12=path["pkcs12"], key=path["key"], cert=path["cert"], chain=chain)

    @classmethod
    def from_project(cls, root: Path) -> SignerConfig | None:
        """The ``[signing]`` table of ``letterpipe.toml``, or ``None`` when there is none."""
        config = root / CONFIG_FILE
        if not config.is_file():
            return None
        try:
            table = tomllib.loads(config.read_text("utf-8")).get("signing")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SigningError(f"cannot read: {exc}", config) from None
        if table is None:
            return None
        if isinstance(table, dict) and "password" in table:
            raise SigningError("a password never goes into a file: use LETTERPIPE_SIGN_PASSWORD", config)
        if not isinstance(table, dict) or set(table) - {"pkcs12", "key", "cert", "chain"}:
            raise SigningError("[signing] takes only pkcs12, or key, cert and chain", config)

        def where(value: object) -> Path | None:
            return None if value is None else root / str(value)

        chain = table.get("chain", [])
        chain = [chain] if isinstance(chain, str) else chain
        return cls(
            where(table.get("pkcs12")),
            where(table.get("key")),
            where(table.get("cert")),
            tuple(root / c for c in chain),
        )


def resolve_config(
    root: Path,
    pkcs12: str | None = None,
    key: str | None = None,
    cert: str | None = None,
    chain: list[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> SignerConfig | None:
    """The signing configuration: command line, then environment, then ``letterpipe.toml``."""
    if pkcs12 or key or cert:
        return SignerConfig(
            Path(pkcs12) if pkcs12 else None,
            Path(key) if key else None,
            Path(cert) if cert else None,
            tuple(Path(c) for c in chain or []),
        )
    return SignerConfig.from_environment(os.environ if env is None else env) or SignerConfig.from_project(root)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read: {exc.strerror}", path) from None


def load_signer(config: SignerConfig, password: bytes | None = None) -> Any:
    """A pyHanko signer for ``config``; ``password`` defaults to ``LETTERPIPE_SIGN_PASSWORD``."""
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_der_private_key,
        load_pem_private_key,
        pkcs12,
    )
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if password is None and os.environ.get(ENV_PASSWORD):
        password = os.environ[ENV_PASSWORD].encode("utf-8")
    chain = [cert for path in config.chain for cert in load_certs_from_pemder_data(_read(path))]
    if config.pkcs12 is not None:
        data = _read(config.pkcs12)
        try:
            pkcs12.load_key_and_certificates(data, password)
        except ValueError:
            raise SigningError(f"cannot open: wrong password? (set {ENV_PASSWORD})", config.pkcs12) from None
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=chain, passphrase=password)
        if signer is None:
            raise SigningError("no key and certificate found in it", config.pkcs12)
        return signer
    assert config.key is not None and config.cert is not None
    try:
        key = load_private_key_from_pemder_data(_read(config.key), passphrase=password)
    except (ValueError, TypeError) as exc:
        hint = f"wrong or missing password? (set {ENV_PASSWORD})" if "assword" in str(exc) else str(exc)
        raise SigningError(f"cannot load the key: {hint}", config.key) from None
    certs = list(load_certs_from_pemder_data(_read(config.cert)))
    if not certs:
        raise SigningError("no certificate in it", config.cert)
    data = _read(config.key)
    loaded = (load_pem_private_key if b"-----BEGIN" in data else load_der_private_key)(data, password)
    public = loaded.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    if certs[0].public_key.dump() != public:
        raise SigningError(f"the first certificate in {config.cert} is not the key's", config.key)
    registry = SimpleCertificateStore.from_certs([*certs, *chain])
    return signers.SimpleSigner(signing_cert=certs[0], signing_key=key, cert_registry=registry)


def signer_name(signer: Any) -> str:
    return str(signer.signing_cert.subject.human_friendly)


def sign_pdf(path: Path, signer: Any) -> None:
    """Sign ``path`` in place with a PAdES B-B signature (an incremental update: the PDF is kept).

    The room left for the signature is measured on a dry run with the actual certificate chain
    (pyHanko's estimate, with a margin), not a fixed 16 KB: the Chinese version must stay under
    400 KB.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Published by the coalition that signed this letter",
    )
    with path.open("rb") as source:
        writer = IncrementalPdfFileWriter(source, strict=False)
        fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=0))
        _tag_signature_field(writer)
        output = signers.sign_pdf(writer, meta, signer=signer, existing_fields_only=True)
        data = output.getvalue() if hasattr(output, "getvalue") else output.read()
    write_bytes_atomic(path, data)


def _tag_signature_field(writer: Any) -> None:
    """Put the (invisible) signature widget in the structure tree, as PDF/UA-1 7.18 asks.

    PDF/A forbids hiding the widget, so it becomes a ``/Form`` element of the document, with a
    tooltip (``/TU``) a screen reader can announce, and a parent-tree entry.
    """
    from pyhanko.pdf_utils import generic

    root = writer.root
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    kids = tree["/K"]
    document_ref = kids.raw_get(0) if isinstance(kids, generic.ArrayObject) else tree.raw_get("/K")
    document = document_ref.get_object()
    field_ref = next(f for f in root["/AcroForm"]["/Fields"] if f.get_object().get("/T") == FIELD_NAME)
    field = field_ref.get_object()
    page_ref = field.get("/P") or writer.find_page_for_modification(0)[0]
    parents = tree["/ParentTree"].get_object()
    nums = parents["/Nums"]
    key = max([int(nums[i]) for i in range(0, len(nums), 2)], default=-1) + 1
    objr = generic.DictionaryObject(
        {generic.NameObject("/Type"): generic.NameObject("/OBJR"), generic.NameObject("/Obj"): field_ref}
    )
    element = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/StructElem"),
            generic.NameObject("/S"): generic.NameObject("/Form"),
            generic.NameObject("/P"): document_ref,
            generic.NameObject("/Pg"): page_ref,
            generic.NameObject("/K"): objr,
            generic.NameObject("/Alt"): generic.TextStringObject("Digital signature of the coalition"),
        }
    )
    element_ref = writer.add_object(element)
    objr[generic.NameObject("/Pg")] = page_ref
    document["/K"].append(element_ref)
    nums.append(generic.NumberObject(key))
    nums.append(element_ref)
    field[generic.NameObject("/StructParent")] = generic.NumberObject(key)
    field[generic.NameObject("/TU")] = generic.TextStringObject("Digital signature of the coalition")
    if "/ParentTreeNextKey" in tree:
        tree[generic.NameObject("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
        writer.update_container(tree)
    for container in (document, parents, field):
        writer.update_container(container)


def sign_detached(data: bytes, signer: Any) -> bytes:
    """A detached CMS (PKCS#7) signature of ``data``, DER-encoded."""
    signed = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    return bytes(signed.dump())


def _rewrite_sums(sums: Path) -> None:
    """Recompute every digest listed in ``SHA256SUMS`` (the PDFs just changed)."""
    lines = []
    for line in sums.read_text("utf-8").splitlines():
        digest, sep, name = line.partition("  ")
        if sep and (sums.parent / name).is_file():
            digest = hashlib.sha256((sums.parent / name).read_bytes()).hexdigest()
        lines.append(f"{digest}{sep}{name}")
    write_bytes_atomic(sums, ("\n".join(lines) + "\n").encode("utf-8"))


def sign_release(folder: Path, signer_config: SignerConfig, password: bytes | None = None) -> list[str]:
    """Sign every PDF in ``folder`` in place, then ``SHA256SUMS`` (digests recomputed) detached.

    Call it on the staging folder once the files are copied and ``SHA256SUMS`` is written, before
    the folder is moved into place. Returns one line per signed file.
    """
    signer = load_signer(signer_config, password)
    who = signer_name(signer)
    done = []
    for pdf in sorted(folder.glob("*.pdf")):
        sign_pdf(pdf, signer)
        done.append(f"signed {pdf.name} (PAdES B-B, {who})")
    sums = folder / "SHA256SUMS"
    if sums.is_file():
        _rewrite_sums(sums)
        signature = sums.with_name(sums.name + SIGNATURE_SUFFIX)
        write_bytes_atomic(signature, sign_detached(sums.read_bytes(), signer))
        done.append(f"signed {sums.name} -> {signature.name} (detached CMS, {who})")
    return done


def certificate_fingerprint(signer: Any) -> str:
    """SHA-256 of the signing certificate (DER): what a recipient compares out of band."""
    return hashlib.sha256(signer.signing_cert.dump()).hexdigest()


def signing_identity(root: Path) -> str:
    """What the release is signed with, for the workflow: a change re-runs the packaging."""
    try:
        config = resolve_config(root)
    except SigningError as exc:
        return f"invalid: {exc}"
    return config.describe() if config else "unsigned"


@contextlib.contextmanager
def signing_environment(
    root: Path, pkcs12: str | None, key: str | None, cert: str | None, chain: list[str]
) -> Iterator[str]:
    """Set up signing for the workflow run inside the ``with`` block; yields the line to print.

    The key is loaded once here, so a wrong password stops the release before anything is built;
    the password (asked for at the terminal when ``LETTERPIPE_SIGN_PASSWORD`` is unset and the
    key needs one) is passed to the workflow in that variable only, and removed afterwards.
    """
    config = resolve_config(root, pkcs12, key, cert, chain)
    saved = {name: os.environ.get(name) for name in [*ENV.values(), ENV_PASSWORD]}
    try:
        for name in ENV.values():
            os.environ.pop(name, None)
        if config is None:
            yield (
                "letterpipe: this release is NOT signed: no key configured (--pkcs12, --sign-key and"
                " --sign-cert, or [signing] in letterpipe.toml); manifest.json says signed: false"
            )
            return
        try:
            signer = load_signer(config)
        except SigningError as exc:
            if "password" not in exc.message or os.environ.get(ENV_PASSWORD) or not sys.stdin.isatty():
                raise
            os.environ[ENV_PASSWORD] = getpass.getpass(f"Password for {config.describe()}: ")
            signer = load_signer(config)
        os.environ.update(config.to_environment())
        yield (
            f"letterpipe: release signed by {signer_name(signer)}"
            f" (certificate SHA-256 {certificate_fingerprint(signer)})"
        )
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

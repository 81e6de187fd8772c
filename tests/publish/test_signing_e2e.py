"""Signed releases, checked as a recipient would: a throwaway CA made with ``cryptography`` signs
the mini letter's release; ``check-release`` passes it, and names every file that was tampered
with, signed by someone else, or not signed at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pki import PASSWORD, make_pki

from letterpipe.errors import SigningError
from letterpipe.publish.check import check_release
from letterpipe.publish.signing import SignerConfig, load_signer, sign_release
from letterpipe.verify.conformance import check_pdf

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
SLUG = "pegasus-hrc48"


def run(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LETTERPIPE_SIGN")}
    if password is not None:
        env["LETTERPIPE_SIGN_PASSWORD"] = password
    return subprocess.run([LETTERPIPE, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)


def flip_byte(path: Path, where: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path.write_bytes(bytes(data))


def test_unsigned_then_signed_release_and_what_a_recipient_sees(mini, tmp_path):
    pki = make_pki(tmp_path / "pki")
    unsigned = run("-C", str(mini.root), "release", password=None)
    assert unsigned.returncode == 0, unsigned.stderr[-3000:]
    folder = mini.build / "mini" / "releases" / "1"
    assert "NOT signed" in unsigned.stdout
    assert json.loads((folder / "manifest.json").read_text())["signed"] is False
    assert not (folder / "SHA256SUMS.p7s").exists()
    refused = run("check-release", str(folder), "--trust", str(pki.ca))
    assert refused.returncode == 7 and "mini_en.pdf: not signed" in refused.stderr

    (mini.root / "letterpipe.toml").write_text('[signing]\nkey = "k.pem"\ncert = "c.pem"\n', "utf-8")
    shutil.copy(pki.key, mini.root / "k.pem")
    shutil.copy(pki.cert, mini.root / "c.pem")
    wrong = run("-C", str(mini.root), "release", password="not it")
    assert wrong.returncode == 8 and "k.pem" in wrong.stderr and "password" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    signed = run("-C", str(mini.root), "release")
    assert signed.returncode == 0, signed.stderr[-3000:]
    assert "now signed" in signed.stdout, "the same content, now signed, is the next release"
    folder = mini.build / "mini" / "releases" / "2"
    assert "release signed by" in signed.stdout and "Coalition on Pegasus" in signed.stdout
    assert json.loads((folder / "manifest.json").read_text())["signed"] is True
    assert PASSWORD not in "".join(p.read_text("utf-8", "replace") for p in mini.root.rglob("*") if p.is_file())
    good = run("check-release", str(folder), "--trust", str(pki.ca), password=None)
    assert good.returncode == 0, good.stderr
    for pdf in ("mini_en.pdf", "mini_fr.pdf"):
        assert check_pdf(folder / pdf) == [], "signing keeps the PDF/A and PDF/UA clauses"

    tampered = tmp_path / "tampered"
    shutil.copytree(folder, tampered)
    flip_byte(tampered / "mini_fr.pdf", 0.4)
    flip_byte(tampered / "SHA256SUMS", 0.1)
    bad = run("check-release", str(tampered), "--trust", str(pki.ca), password=None)
    assert bad.returncode == 7
    assert "FAILED mini_fr.pdf: signature 'Coalition' does not match the file: altered" in bad.stderr
    assert "FAILED SHA256SUMS: SHA256SUMS does not match its signature SHA256SUMS.p7s: altered" in bad.stderr
    assert "mini_en.pdf: signature" not in bad.stderr, "the untouched PDF still checks"
    assert "Traceback" not in bad.stderr

    forger = make_pki(tmp_path / "forger", "Forger CA")
    other = run("check-release", str(folder), "--trust", str(forger.ca), password=None)
    assert other.returncode == 7
    assert "mini_en.pdf: signature 'Coalition' is not from a certificate the trust root issued" in other.stderr
    assert "SHA256SUMS.p7s is not from a certificate the trust root issued" in other.stderr


def test_signed_seed_letter_pdfs_stay_under_400_kb_conform_and_check_clean(seed_build, tmp_path):
    pki = make_pki(tmp_path / "pki")
    folder = tmp_path / "release"
    folder.mkdir()
    manifest = {}
    for lang in ("en", "fr", "es", "ru", "ar", "zh_Hans"):
        shutil.copy(seed_build.build / SLUG / lang / "letter.pdf", folder / f"{SLUG}_{lang}.pdf")
        manifest = json.loads((seed_build.build / SLUG / lang / "letter.json").read_text("utf-8"))
    (folder / "manifest.json").write_text(json.dumps({"fingerprint": manifest["fingerprint"]}))
    import hashlib

    sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(folder.glob("*.pdf")))
    (folder / "SHA256SUMS").write_text(sums)
    lines = sign_release(folder, SignerConfig(pkcs12=pki.pkcs12), PASSWORD.encode())
    assert len(lines) == 7
    sizes = {p.name: p.stat().st_size for p in folder.glob("*.pdf")}
    assert all(size < 400_000 for size in sizes.values()), sizes
    for pdf in folder.glob("*.pdf"):
        assert check_pdf(pdf) == [], pdf.name
    result = check_release(folder, pki.ca)
    assert result.ok, result.problems
    assert len(result.checked) == 6


def test_a_wrong_pkcs12_password_is_a_clear_error(tmp_path):
    pki = make_pki(tmp_path / "pki")
    with pytest.raises(SigningError, match="wrong password"):
        load_signer(SignerConfig(pkcs12=pki.pkcs12), b"nope")
    (tmp_path / "letterpipe.toml").write_text('[signing]\npkcs12 = "x.p12"\npassword = "no"\n')
    with pytest.raises(SigningError, match="never goes into a file"):
        SignerConfig.from_project(tmp_path)

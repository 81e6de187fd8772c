"""Private columns never leave the input; late signatories are printed, and verified, in their group.

One real workflow run (``letterpipe build``, ``status`` and ``release`` as subprocesses) on a
small letter whose signatory file carries a unique marker in every private column, declared
both ways (letter header and ``private:`` prefix). Then every byte under the project's ``build/``
and ``.snakemake/`` (logs included) and the commands' output is searched for the markers: raw,
as UTF-16 (PDF text strings), inside every zlib stream of every PDF (content, object streams,
metadata, the attached list) and in the text pypdf extracts.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import make_project
from pypdf import PdfReader
from readback import html_soup

from letterpipe.project import Project
from letterpipe.source.signatories import fingerprint

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
MARKERS = {
    "email": "qzmark-email-41f7@example.org",
    "phone": "+99 qzmark phone 5520",
    "private:contact": "Qzmark Contactperson",
    "private:notes": "qzmark-note: called back twice",
    "private:timestamp": "2099-01-01 qzmark-time",
}
#: Printed and published: proves the scanner finds what is really in the outputs.
PUBLISHED = "Qzpub Marker Collective"
ORGS = ["Access Now", "Barracón Digital – Honduras", PUBLISHED, "Late Arrival Network"]
EXPERTS = ["Siena Anstis", "Sarah McKune", "Ángel Ortiz", "Zoë Baker"]


@pytest.fixture(scope="session")
def private_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    project = make_project(tmp_path_factory.mktemp("private"))
    letter = project.letter_file("mini")
    text = letter.read_text("utf-8")
    letter.write_text(
        text.replace(
            "closing: Sincerely,\n", "closing: Sincerely,\nprivate: Email, phone\norder experts: alphabetical en\n"
        )
    )
    header = "group,name,role,lang,email,phone,private:contact,private:notes,private:timestamp"
    cells = ",".join(f'"{v}"' for v in MARKERS.values())
    rows = [
        f"organisations,Access Now,,,{cells}",
        f"organisations,Barracón Digital – Honduras,,es,{cells}",
        f"organisations,{PUBLISHED},,,{cells}",
        f'experts,Siena Anstis,"Senior Legal Advisor, Citizen Lab",,{cells}',
        f"experts,Zoë Baker,,,{cells}",
        f"experts,Sarah McKune,,,{cells}",
        f"experts,Ángel Ortiz,,,{cells}",
        f"organisations,Late Arrival Network,,,{cells}",
    ]
    project.signatories_file("mini").write_text(header + "\n" + "\n".join(rows) + "\n", "utf-8")
    output = []
    for command in (["build"], ["status"], ["release"]):
        result = subprocess.run([LETTERPIPE, "-C", str(project.root), *command], capture_output=True, text=True)
        output.append(result.stdout + result.stderr)
        assert result.returncode == 0, f"{command}: {result.stdout[-3000:]}{result.stderr[-3000:]}"
    return project, "\n".join(output)


def readable_forms(path: Path) -> list[bytes]:
    """The file's bytes, and for a PDF every inflated stream, the extracted text and attachments."""
    data = path.read_bytes()
    forms = [data]
    if data.startswith(b"%PDF"):
        for match in re.finditer(rb"stream\r?\n", data):
            with contextlib.suppress(zlib.error):
                forms.append(zlib.decompressobj().decompress(data[match.end() :]))
        reader = PdfReader(str(path))
        forms.append("\n".join(page.extract_text() for page in reader.pages).encode("utf-8"))
        forms.append(json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}).encode("utf-8"))
        for name, contents in reader.attachments.items():
            forms += [name.encode("utf-8"), *contents]
    return forms


def found(project: Project, output: str, needle: str) -> list[str]:
    variants = [needle.encode("utf-8"), needle.encode("utf-16-be"), needle.encode("utf-16-le")]
    hits = [f"command output: {needle}"] if needle in output else []
    files = [p for folder in ("build", ".snakemake") for p in (project.root / folder).rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        if any(v in form for form in readable_forms(path) for v in variants):
            hits.append(str(path.relative_to(project.root)))
    return hits


def test_the_scanner_finds_a_published_name_in_every_kind_of_output(private_build):
    project, output = private_build
    hits = found(project, output, PUBLISHED)
    for expected in ("build/mini/en/letter.html", "build/mini/fr/letter.pdf", "build/mini/releases/1/mini_en.pdf"):
        assert expected in hits, hits


@pytest.mark.parametrize("column", list(MARKERS))
def test_no_private_marker_reaches_any_output_or_log(private_build, column):
    project, output = private_build
    assert found(project, output, MARKERS[column]) == []
    assert found(project, output, "qzmark") == []


def test_late_signatories_and_collated_experts_in_every_version(private_build):
    project, _ = private_build
    _, signatories = project.load("mini")
    assert [s.name for s in signatories] == [*ORGS, "Ángel Ortiz", "Sarah McKune", "Siena Anstis", "Zoë Baker"]
    manifest = json.loads((project.build / "mini/releases/1/manifest.json").read_text("utf-8"))
    assert manifest["fingerprint"] == fingerprint(signatories)
    for lang in ("en", "fr"):
        soup = html_soup(project.build / f"mini/{lang}/letter.html")
        assert [n.get_text() for n in soup.select(".signatories .name")] == [s.name for s in signatories]
        verify = json.loads((project.build / f"mini/{lang}/verify.json").read_text("utf-8"))
        assert verify["ok"], verify["problems"]


def test_recording_a_withdrawal_fails_the_next_build_until_the_row_is_removed(private_build, tmp_path):
    import shutil

    built, _ = private_build
    root = tmp_path / "copy"
    shutil.copytree(built.root, root, symlinks=True)
    (root / "letters/mini/signatory-changes.csv").write_text(
        "date,kind,group,name,previous,reason\n2021-10-04,withdrawn,experts,Zoë Baker,,Asked to be removed\n", "utf-8"
    )
    result = subprocess.run([LETTERPIPE, "-C", str(root), "build"], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    log = (root / "build/logs/mini/en/check.log").read_text("utf-8")
    assert "signatories.csv:6: 'Zoë Baker' was withdrawn on 2021-10-04 (signatory-changes.csv:2)" in log, log

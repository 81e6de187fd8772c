"""The PDF/A-3 and PDF/UA-1 conformance check: every version of the seed letter passes, and each
clause fails on a file broken (with pikepdf) in just that clause, naming the file and the clause."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import SEED_LANGUAGES

from letterpipe.verify.conformance import check_version

pytestmark = pytest.mark.e2e
SLUG = "pegasus-hrc48"
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_every_version_of_the_seed_letter_conforms(seed_build, lang):
    out = seed_build.build / SLUG / lang
    assert check_version(out / "letter.html", out / "letter.pdf") == []


def orphan_an_element(pdf):
    document = pdf.Root.StructTreeRoot.K[0]
    del document.K[len(document.K) - 1]


def wrong_parent(pdf):
    document = pdf.Root.StructTreeRoot.K[0]
    document.K[0].K[0].P = document


def untag_the_page_numbers(pdf):
    for page in pdf.pages:
        ops = []
        for op in pikepdf.parse_content_stream(page):
            operands = list(op.operands)
            if str(op.operator) == "BDC" and operands[0] == "/Artifact" and operands[1].get("/Type") == "/Pagination":
                operands[0] = pikepdf.Name("/Span")
            ops.append(pikepdf.ContentStreamInstruction(operands, op.operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def drop_every_element_lang(pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem" and "/Lang" in obj:
            del obj.Lang


def drop_pdfuaid(pdf):
    data = pdf.Root.Metadata.read_bytes().replace(b'pdfuaid:part="1"', b"")
    pdf.Root.Metadata = pdf.make_stream(data, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def drop_output_intent(pdf):
    del pdf.Root.OutputIntents


def drop_a_tounicode(pdf):
    font = next(iter(pdf.pages[0].Resources.Font.values()))
    del font.ToUnicode


def make_it_transparent(pdf):
    pdf.pages[0].Resources.ExtGState["/half"] = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5)


def drop_af_relationship(pdf):
    del pdf.attachments["signatories.json"].obj.AFRelationship
    del pdf.Root.AF


BREAKS = {
    "structure": orphan_an_element,
    "structure-parent": wrong_parent,
    "artifacts": untag_the_page_numbers,
    "lang": drop_every_element_lang,
    "xmp": drop_pdfuaid,
    "output-intent": drop_output_intent,
    "fonts": drop_a_tounicode,
    "transparency": make_it_transparent,
    "attachments": drop_af_relationship,
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_clause_fails_on_a_file_that_breaks_it(seed_build, tmp_path, name):
    lang = "ar" if name == "lang" else "en"
    out = seed_build.build / SLUG / lang
    broken = tmp_path / f"{name}.pdf"
    with pikepdf.open(out / "letter.pdf") as pdf:
        BREAKS[name](pdf)
        pdf.save(broken)
    clause = name.split("-parent")[0]
    findings = check_version(out / "letter.html", broken)
    assert any(f.startswith(f"{broken}: [{clause}]") for f in findings), findings[:5]
    others = {f.split("[", 1)[1].split("]")[0] for f in findings} - {clause}
    assert others <= {"structure", "artifacts"}, f"only {clause} should fail: {findings[:5]}"


def test_the_verify_stage_fails_on_a_nonconforming_pdf_naming_file_and_clause(seed_build, tmp_path):
    out = seed_build.build / SLUG / "fr"
    broken = tmp_path / "letter.pdf"
    with pikepdf.open(out / "letter.pdf") as pdf:
        drop_output_intent(pdf)
        pdf.save(broken)
    command = [
        LETTERPIPE,
        "-C",
        str(seed_build.root),
        "stage",
        "verify",
        SLUG,
        "fr",
        "--html",
        str(out / "letter.html"),
    ]
    result = subprocess.run(
        [*command, "--pdf", str(broken), "-o", str(tmp_path / "v.json")], capture_output=True, text=True
    )
    assert result.returncode == 7, result.stderr
    assert f"{broken}: [output-intent]" in result.stderr and "PDF/A" in result.stderr
    assert not (tmp_path / "v.json").exists()

from letterpipe.verify.html import compare_html, html_names
from letterpipe.verify.pdf import compare_pdf, logical_line

NAMES = ["Access Now", "Barracón Digital – Honduras", "Kijiji Yeetu, Kenya", "SMEX"]


def test_html_names_are_read_from_the_signatory_section_only(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<p><span class="name">Not a signatory</span></p>'
        '<section class="signatories"><ul><li><span class="name" dir="ltr">Access Now</span>'
        '<span class="role">Role</span></li><li><span class="name">A &amp; B<br>C</span></li></ul></section>',
        "utf-8",
    )
    assert html_names(page) == ["Access Now", "A & BC"]


def test_html_diff_names_missing_extra_and_altered():
    found = ["Access Now", "Barracon Digital – Honduras", "SMEX", "Intruder"]
    assert compare_html(NAMES, found) == [
        "altered: 'Barracón Digital – Honduras' appears as 'Barracon Digital – Honduras'",
        "missing: 'Kijiji Yeetu, Kenya'",
        "extra: 'Intruder'",
    ]
    assert compare_html(NAMES, list(NAMES)) == []


def test_pdf_text_check_tolerates_line_breaks_but_not_changes():
    text = "Access Now\nBarracón Digital –\nHonduras\nKijiji Yeetu,\nKenya\nSMEX"
    assert compare_pdf(NAMES, text) == []
    broken = "Access Now\nBarracón Digital – Hondura\nSMEX"
    assert compare_pdf(NAMES, broken) == [
        "altered: 'Barracón Digital – Honduras' appears as 'Barracón Digital – Hondura'",
        "missing: 'Kijiji Yeetu, Kenya'",
    ]
    assert compare_pdf(["SMEX", "Access Now"], "Access Now\nSMEX") == []


def test_pdf_names_count_only_in_the_signatory_section_and_not_inside_longer_names():
    body = "Amnesty International confirmed it.\nCIVIL SOCIETY ORGANIZATIONS\n"
    names = ["Amnesty International", "Pen Iraq", "Pen Iraq Network"]
    assert compare_pdf(names, body + "Pen Iraq Network", "Civil society organizations") == [
        "altered: 'Amnesty International' appears as 'Amnesty International confirmed it.'",
        "missing: 'Pen Iraq'",
    ]
    full = body + "Amnesty International\nPen Iraq\nPen Iraq Network"
    assert compare_pdf(names, full, "Civil society organizations") == []


def test_rtl_lines_are_put_back_in_logical_order():
    assert logical_line("المركز العربي - حملة") == "حملة - المركز العربي"
    assert logical_line("Access Now (AN)") == "Access Now (AN)"
    assert logical_line("Pegasus برنامج التجسس", rtl_page=True) == "برنامج التجسس Pegasus"
    assert logical_line("Pegasus برنامج التجسس") == "Pegasus برنامج التجسس"

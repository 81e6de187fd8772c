"""A name hidden only for some readers is hidden: at one screen width, in dark mode, after an
animation or by a script. Judged on the clean French page of the hostile build, altered."""

from __future__ import annotations

import pytest
from hostile.conftest import NAME

from letterpipe.verify.browser import check_html_in_browser, find_chromium, views_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed"),
]
HIDDEN = "Asociación por los Derechos Civiles (ADC), Argentina"
CASES = {
    "phones only": (f"@media (max-width: 36em) {{ {NAME} {{ visibility: hidden; }} }}", HIDDEN),
    "between two widths": (f"@media (min-width: 700px) and (max-width: 800px) {{ {NAME} {{ opacity: 0; }} }}", HIDDEN),
    "dark mode only": (f"@media (prefers-color-scheme: dark) {{ {NAME} {{ color: #fff; }} }}", HIDDEN),
    "a feature no view covers": (f"@media (hover: none) {{ {NAME} {{ display: none; }} }}", "(hover, none)"),
    "::first-letter in white": (f"{NAME}::first-letter {{ color: #fff; }}", "::first-letter"),
    "shown back to front": (f"{NAME} {{ unicode-bidi: bidi-override; direction: rtl; }}", "back to front"),
    "cut by its own overflow": (f"{NAME} {{ overflow: hidden; height: 3px; }}", "cut off by overflow"),
    "an animation": (
        f"@keyframes fade {{ to {{ opacity: 0; }} }} {NAME} {{ animation: fade 0.2s 30s forwards; }}",
        "CSS animation",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_name_hidden_for_some_readers_fails(hostile, tmp_path, case):
    css, expected = CASES[case]
    clean = (hostile.project.build / "mini" / "fr" / "letter.html").read_text("utf-8")
    page = tmp_path / "letter.html"
    page.write_text(clean.replace("</style>", css + "\n</style>", 1), "utf-8")
    names = [s.name for s in hostile.project.load("mini")[1]]
    problems = check_html_in_browser(page, names, find_chromium()).problems
    assert any(expected in p for p in problems), problems


def test_a_script_in_the_page_fails(hostile, tmp_path):
    clean = (hostile.project.build / "mini" / "fr" / "letter.html").read_text("utf-8")
    page = tmp_path / "letter.html"
    page.write_text(clean.replace("</body>", "<script>setTimeout(() => {}, 10)</script></body>", 1), "utf-8")
    names = [s.name for s in hostile.project.load("mini")[1]]
    problems = check_html_in_browser(page, names, find_chromium()).problems
    assert any("the page holds script" in p for p in problems), problems


def test_views_cover_every_width_interval_and_the_dark_scheme():
    views, uncovered = views_for(["(max-width: 36em)", "print"])
    assert [v.width for v in views] == [375, 1280] and uncovered == []
    views, uncovered = views_for(["(min-width: 700px) and (max-width: 800px)", "(prefers-color-scheme: dark)"])
    assert [(v.width, v.scheme) for v in views] == [
        (375, "light"), (750, "light"), (1280, "light"), (375, "dark"), (750, "dark"), (1280, "dark"),
    ]  # fmt: skip

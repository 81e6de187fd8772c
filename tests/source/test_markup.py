from letterpipe.source.markup import NNBSP, ZWJ, french_spacing, link_targets, plain_text, render_inline


def test_raw_html_is_escaped_never_rendered():
    html = render_inline('<script>alert(1)</script> <b onclick="x">bold</b>')
    assert "<script>" not in html and "<b" not in html
    assert "&lt;script&gt;" in html


def test_emphasis_and_safe_links_render():
    assert render_inline("a *b* **c** [d](https://example.org)") == (
        'a <em>b</em> <strong>c</strong> <a href="https://example.org">d</a>'
    )


def test_dangerous_link_schemes_are_not_links():
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"):
        assert "<a" not in render_inline(f"[x]({url})")


def test_french_spacing_on_text_only_not_urls():
    assert french_spacing("Vraiment ? Oui ; non : « citation »") == (
        f"Vraiment{NNBSP}? Oui{NNBSP}; non{NNBSP}: «{NNBSP}citation{NNBSP}»"
    )
    assert french_spacing("à 10:30") == "à 10:30"
    html = render_inline("voir [ici](https://a.org/x?y=1;z=2) !", "french")
    assert 'href="https://a.org/x?y=1;z=2"' in html and f"{NNBSP}!" in html


def test_markup_never_splits_an_arabic_word():
    html = render_inline("مح*مد*")
    assert html == f"مح{ZWJ}<em>{ZWJ}مد</em>"
    assert render_inline("كلمة *أخرى*") == "كلمة <em>أخرى</em>"


def test_plain_text_and_links():
    assert plain_text("a *b* [c](https://d.org)") == "a b c"
    assert link_targets("[x](https://a.org) and [y](https://b.org)") == ["https://a.org", "https://b.org"]

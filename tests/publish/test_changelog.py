"""The changelog between two manifests, the colophon's choice of version, and the release folder's
integrity check, on small hand-made data (the e2e tests run them on real releases)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from markdown_it import MarkdownIt

from letterpipe.errors import ReleaseIntegrityError
from letterpipe.project import Project
from letterpipe.publish.changelog import build_changelog, md_escape, summary, to_markdown
from letterpipe.publish.edition import Edition
from letterpipe.publish.releases import check_releases, sums_text
from letterpipe.source.changes import SignatoryChange


def manifest(version: int, signatories: list[tuple[str, str, str]], messages: dict, languages=("en", "fr")) -> dict:
    return {
        "letter": "mini",
        "version": version,
        "date": f"2026-11-0{version}",
        "languages": list(languages),
        "signatory_list": [{"group": g, "name": n, "role": r} for g, n, r in signatories],
        "messages": messages,
    }


BEFORE = [("orgs", "Access Now", ""), ("orgs", "Gone Org", ""), ("orgs", "Fundacion K", ""), ("experts", "Ann", "Prof")]
AFTER = [
    ("orgs", "Access Now", ""),
    ("orgs", "New <b>Org</b>", ""),
    ("orgs", "Fundación K", ""),
    ("experts", "Ann", "Em"),
]
RECORDED = [
    SignatoryChange(dt.date(2026, 11, 2), "withdrawn", "Gone Org", "asked to be removed", "orgs"),
    SignatoryChange(dt.date(2026, 11, 3), "corrected", "Fundación K", "spelling", "orgs", "Fundacion K"),
]


def test_signatories_added_removed_and_changed_per_group_with_recorded_reasons():
    messages = {"en": [], "fr": []}
    log = build_changelog(manifest(1, BEFORE, messages), manifest(2, AFTER, messages), RECORDED)
    assert log["signatories"] == {
        "orgs": {
            "added": [{"name": "New <b>Org</b>", "role": ""}],
            "removed": [{"name": "Gone Org", "role": "", "reason": "asked to be removed", "date": "2026-11-02"}],
            "changed": [
                {"name": "Fundación K", "reason": "spelling", "date": "2026-11-03",
                 "before": {"name": "Fundacion K", "group": "orgs", "role": "", "lang": ""},
                 "after": {"name": "Fundación K", "group": "orgs", "role": "", "lang": ""}}
            ],
        },
        "experts": {
            "added": [],
            "removed": [],
            "changed": [
                {"name": "Ann", "before": {"name": "Ann", "group": "experts", "role": "Prof", "lang": ""},
                 "after": {"name": "Ann", "group": "experts", "role": "Em", "lang": ""}}
            ],
        },
    }  # fmt: skip
    assert summary(log).startswith("1 signatory added (orgs 1); 1 signatory removed (orgs 1); 2 signatories changed")
    html = MarkdownIt("commonmark").render(to_markdown(log, {"orgs": "Organisations"}))
    assert "<b>" not in html and "&lt;b&gt;Org&lt;/b&gt;" in html and "asked to be removed (2026-11-02)" in html
    assert "name Fundacion K → Fundación K: spelling" in html


def test_messages_changed_per_language_pair_a_corrected_source_message():
    before = {
        "en": [["Title", "Title"], ["Act now.", "Act now."], ["Thanks", "Thanks"]],
        "fr": [["Title", "Titre"], ["Act now.", "Agissez."], ["Thanks", "Merci"]],
    }
    after = {
        "en": [["Title", "Title"], ["Act at once.", "Act at once."], ["Thanks", "Thanks"]],
        "fr": [["Title", "Le titre"], ["Act at once.", "Agissez sans attendre."], ["Thanks", "Merci"]],
    }
    log = build_changelog(manifest(1, BEFORE, before), manifest(2, BEFORE, after))
    assert log["signatories"] == {}
    assert log["messages"]["en"] == [{"message": "Act at once.", "before": "Act now.", "after": "Act at once."}]
    assert log["messages"]["fr"] == [
        {"message": "Title", "before": "Titre", "after": "Le titre"},
        {"message": "Act at once.", "before": "Agissez.", "after": "Agissez sans attendre."},
    ]


def test_first_release_and_markdown_escaping():
    log = build_changelog(None, manifest(1, BEFORE, {}))
    assert (log["previous"], summary(log)) == (None, "first release")
    assert (
        md_escape("[x](javascript:alert(1)) *a* `b` <i>\nline") == r"\[x\](javascript:alert(1)) \*a\* \`b\` \<i\> line"
    )


def test_the_colophon_prints_the_release_only_for_its_own_content():
    edition = Edition(1, "2026-11-01", {"fr": "k1"}, ["orgs\tA"], 0, None)
    assert edition.colophon("fr", "k1", ["orgs\tA"]).draft is False
    draft = edition.colophon("fr", "k2", ["orgs\tA", "orgs\tB", "orgs\tC"])
    assert (draft.version, draft.draft, draft.added, draft.since) == (2, True, 2, "2026-11-01")
    assert Edition().colophon("fr", "k1", ["orgs\tA"]).version == 1


def make_release(tmp_path) -> tuple[Project, object]:
    project = Project(tmp_path)
    folder = tmp_path / "build" / "mini" / "releases" / "1"
    folder.mkdir(parents=True)
    for name in ("mini_en.pdf", "manifest.json"):
        (folder / name).write_bytes(name.encode())
    (folder / "SHA256SUMS").write_text(sums_text(folder, ["mini_en.pdf", "manifest.json"]))
    return project, folder


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda f: (f / "mini_en.pdf").write_bytes(b"changed"), "releases/1/mini_en.pdf: altered"),
        (lambda f: (f / "mini_en.pdf").unlink(), "releases/1/mini_en.pdf: missing"),
        (lambda f: (f / "notes.txt").write_text("x"), "releases/1/notes.txt: not part of the release"),
        (lambda f: (f / "SHA256SUMS").unlink(), "releases/1/SHA256SUMS: SHA256SUMS is missing"),
        (
            lambda f: (f / "SHA256SUMS").write_text(f"{hashlib.sha256(b'').hexdigest()}  ../../x\n"),
            "releases/1/SHA256SUMS:1: malformed",
        ),
    ],
    ids=["edited", "deleted", "added", "no-sums", "path-in-sums"],
)
def test_an_altered_release_is_named(tmp_path, damage, named):
    project, folder = make_release(tmp_path)
    assert check_releases(project, "mini") == [1]
    damage(folder)
    with pytest.raises(ReleaseIntegrityError) as caught:
        check_releases(project, "mini")
    assert named in str(caught.value) and caught.value.exit_code == 9

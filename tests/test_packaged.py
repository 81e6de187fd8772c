"""Packaged defaults and a project's own files: templates override by name, and the POT always holds
the messages of the templates in effect; ``letterpipe new`` makes a project that loads."""

from __future__ import annotations

import argparse
import shutil

import pytest

from letterpipe.cli import build_parser, main
from letterpipe.errors import LetterpipeError
from letterpipe.pipeline.workflow import PACKAGED_SNAKEFILE, snakefile
from letterpipe.project import PACKAGED_TEMPLATES, Project
from letterpipe.render.html import render_page
from letterpipe.scaffold import new_project
from letterpipe.source.extract import build_template


def test_without_templates_of_its_own_a_project_extracts_and_renders_the_packaged_ones(mini):
    shutil.rmtree(mini.templates, ignore_errors=True)
    catalog = build_template(mini, "mini")
    download = catalog.find("Download PDF")
    assert download is not None and download.references[0].startswith("templates/letter.html.j2:")
    assert catalog.find("Page %(page)s of %(pages)s") is not None, "the stylesheet's message too"
    page, _ = render_page(mini, "mini", "en", None, ["en"])
    assert "Download PDF" in page
    assert snakefile(mini) == str(PACKAGED_SNAKEFILE)


def test_a_project_template_overrides_the_packaged_one_of_the_same_name(mini):
    shutil.rmtree(mini.templates, ignore_errors=True)
    mini.templates.mkdir()
    packaged = (PACKAGED_TEMPLATES / "letter.html.j2").read_text("utf-8")
    (mini.templates / "letter.html.j2").write_text(packaged.replace("Download PDF", "Get the PDF"), "utf-8")
    catalog = build_template(mini, "mini")
    assert catalog.find("Get the PDF") is not None and catalog.find("Download PDF") is None
    assert catalog.find("Page %(page)s of %(pages)s") is not None, "other templates still come from the package"
    page, _ = render_page(mini, "mini", "en", None, ["en"])
    assert "Get the PDF" in page and "Download PDF" not in page


def test_new_makes_a_project_that_loads_and_refuses_to_overwrite(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p"), "--letter", "hrc-61"]) == 0
    project = Project(tmp_path / "p")
    letter, signatories = project.load("hrc-61")
    assert project.letters() == ["hrc-61"] and len(signatories) == 3 and letter.source_language == "en"
    assert (project.root / "locale").is_dir() and "letterpipe build" in (project.root / "README.md").read_text()
    assert main(["new", str(tmp_path / "p")]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    with pytest.raises(LetterpipeError):
        new_project(tmp_path / "q", "../escape")


def test_help_lists_user_commands_and_every_argument_has_help():
    parser = build_parser()
    text = parser.format_help()
    for command in ("build", "release", "status", "init", "update", "preview", "new", "doctor", "stage"):
        assert f"    {command} " in text
    assert "    merge " not in text, "pipeline stages are grouped under 'stage'"

    def walk(p):
        yield p
        for action in p._actions:
            for sub in getattr(action, "choices", None) or {}:
                if hasattr(action.choices[sub], "_actions"):
                    yield from walk(action.choices[sub])

    for p in walk(parser):
        for action in p._actions:
            if action.dest != "help" and not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"{p.prog}: {action.dest} has no help"

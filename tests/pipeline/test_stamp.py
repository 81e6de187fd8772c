"""The build stamp lets a build skip Snakemake only when nothing it reads or wrote changed."""

from __future__ import annotations

import os

from letterpipe.pipeline.stamp import STAMP, Stamp

COMMAND = ["snakemake", "--cores", "all", "{}"]
ENV = {"SOURCE_DATE_EPOCH": "1632960000"}


def is_current(project, command, env) -> bool:
    return Stamp(project, command, env).current()


def stamped(project) -> None:
    output = project.build / "mini" / "fr" / "letter.pdf"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"%PDF-")
    (project.build / "logs").mkdir(exist_ok=True)
    Stamp(project, COMMAND, ENV).write()
    assert is_current(project, COMMAND, ENV)


def test_unchanged_is_current_and_logs_do_not_count(mini):
    stamped(mini)
    (mini.build / "logs" / "snakemake.log").write_text("another run", "utf-8")
    assert is_current(mini, COMMAND, ENV)


def test_an_edited_or_touched_input_is_not(mini):
    stamped(mini)
    po = mini.po_file("mini", "fr")
    po.write_text(po.read_text("utf-8") + "\n", "utf-8")
    assert not is_current(mini, COMMAND, ENV)
    stamped(mini)
    info = mini.letter_file("mini").stat()
    os.utime(mini.letter_file("mini"), ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert not is_current(mini, COMMAND, ENV)


def test_a_new_input_file_a_changed_output_or_other_options_are_not(mini):
    stamped(mini)
    (mini.root / "templates").mkdir(exist_ok=True)
    (mini.root / "templates" / "letter.css.j2").write_text("body {}", "utf-8")
    assert not is_current(mini, COMMAND, ENV)
    stamped(mini)
    (mini.build / "mini" / "fr" / "letter.pdf").write_bytes(b"%PDF-1.7")
    assert not is_current(mini, COMMAND, ENV)
    stamped(mini)
    (mini.build / "mini" / "fr" / "letter.pdf").unlink()
    assert not is_current(mini, COMMAND, ENV)
    stamped(mini)
    assert not is_current(mini, [*COMMAND[:-1], '{"letterpipe_release": {}}'], ENV)
    assert not is_current(mini, COMMAND, {"SOURCE_DATE_EPOCH": "1"})


def test_a_build_that_starts_removes_the_stamp_until_it_succeeds(mini):
    stamped(mini)
    Stamp(mini, COMMAND, ENV).start()
    assert not (mini.build / STAMP).exists()
    assert not is_current(mini, COMMAND, ENV)

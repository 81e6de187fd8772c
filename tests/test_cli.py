import subprocess
import sys
from pathlib import Path

from letterpipe.cli import main

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def test_user_errors_print_file_line_and_exit_code_without_traceback(mini):
    csv = mini.signatories_file("mini")
    csv.write_text(csv.read_text("utf-8") + "parties,Someone,\n", "utf-8")
    result = subprocess.run(
        [
            LETTERPIPE,
            "-C",
            str(mini.root),
            "stage",
            "html",
            "mini",
            "en",
            "--languages",
            "en",
            "-o",
            "x.html",
            "--info",
            "x.json",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3
    assert f"{csv}:9: unknown group 'parties'" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_to_overwrite_and_update_keeps_translations(mini, capsys):
    assert main(["-C", str(mini.root), "init", "fr"]) == 4
    assert "already exists" in capsys.readouterr().err

    po = mini.po_file("mini", "fr")
    before = po.read_text("utf-8")
    letter = mini.letter_file("mini")
    letter.write_text(letter.read_text("utf-8").replace("act now.", "act at once."), "utf-8")
    assert main(["-C", str(mini.root), "update"]) == 0
    after = po.read_text("utf-8")
    assert mini.pot_file("mini").exists()
    assert '#| msgid "We urge Members of the Council to act now."' in after
    assert after.count('msgstr "') >= before.count('msgstr "') - 1
    assert "Nos demandes" in after
    assert main(["-C", str(mini.root), "update"]) == 0
    assert po.read_text("utf-8") == after, "a second update changes nothing"
    assert "unchanged" in capsys.readouterr().out


def test_init_new_language(mini):
    assert main(["-C", str(mini.root), "init", "ar"]) == 0
    text = mini.po_file("mini", "ar").read_text("utf-8")
    assert '"Language: ar\\n"' in text and "nplurals=6" in text


def test_init_needs_a_row_in_the_language_table(mini, capsys):
    assert main(["-C", str(mini.root), "init", "si"]) == 1
    assert "no row in the language table" in capsys.readouterr().err
    assert not mini.po_file("mini", "si").exists()

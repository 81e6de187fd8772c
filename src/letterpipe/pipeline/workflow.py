"""Running the Snakemake workflow as a subprocess (its Python API is internal and unstable)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from letterpipe.errors import SetupError
from letterpipe.pipeline.stamp import Stamp
from letterpipe.project import Project

if TYPE_CHECKING:
    from letterpipe.pipeline.progress import Progress


def reproducible_epoch(project: Project) -> str | None:
    """The last commit's time, the conventional ``SOURCE_DATE_EPOCH`` of a checkout."""
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(
        [git, "-C", str(project.root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def run_snakemake(
    project: Project,
    targets: Sequence[str],
    extra: str = "",
    progress: Progress | None = None,
    *,
    verbose: bool = False,
    config: Mapping[str, object] | None = None,
    profile: str | None = None,
) -> int:
    """``snakemake --cores all --keep-going``: one broken language never stops the others.

    Snakemake's text log goes to ``build/logs/snakemake.log`` (and to stderr too when ``verbose``);
    its job events, from letterpipe's logger plugin, go to ``progress``. ``profile`` is a Snakemake
    profile folder (``profiles/slurm`` runs every job on Slurm). A plain build that has nothing to
    do returns at once without starting Snakemake (:mod:`letterpipe.pipeline.stamp`).
    """
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = reproducible_epoch(project)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    logs = project.build / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    options = []
    if config:
        configfile = logs / "release-config.json"
        configfile.write_text(json.dumps(config), "utf-8")
        options = ["--configfile", str(configfile)]
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        snakefile(project),
        "--directory",
        str(project.root),
        "--logger",
        "letterpipe",
        "--cores",
        "all",
        "--keep-going",
        "--rerun-incomplete",
        "--printshellcmds",
        "--show-failed-logs",
        *profile_arguments(profile),
        *shlex.split(extra),
        *targets,
        *options,  # last: --configfile takes every argument up to the next option
    ]
    # Plain builds only: options such as --dry-run or --forceall must reach Snakemake.
    stamp = None
    if not extra.strip():
        key = [*command, json.dumps(config or {}, sort_keys=True)]
        stamp = Stamp(project, key, env)
        if stamp.current():
            return 0
        stamp.start()
    read_end, write_end = os.pipe()
    env["LETTERPIPE_EVENTS_FD"] = str(write_end)
    with (logs / "snakemake.log").open("wb") as log:
        try:
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE if verbose else log, stderr=subprocess.STDOUT,
                pass_fds=(write_end,),
            )  # fmt: skip
        finally:
            os.close(write_end)
        copier = threading.Thread(target=_tee, args=(process.stdout, log), daemon=True) if verbose else None
        if copier:
            copier.start()
        with os.fdopen(read_end, encoding="utf-8", errors="replace") as events:
            for line in events:
                if progress is not None:
                    try:
                        progress.handle(json.loads(line))
                    except (ValueError, KeyError, TypeError):
                        continue
        code = process.wait()
        if copier:
            copier.join()
    if code == 0 and stamp is not None:
        stamp.write()
    return code


def _tee(stream: IO[bytes] | None, log: IO[bytes]) -> None:
    """Copy Snakemake's output to its log file and to stderr (``-v``)."""
    if stream is None:
        return
    for line in stream:
        log.write(line)
        sys.stderr.buffer.write(line)
        sys.stderr.flush()


def letter_targets(project: Project, slug: str) -> list[str]:
    """The files ``rule all`` builds for one letter: building them touches no other letter."""
    _, built, _ = letter_languages(project, slug)
    names = ("letter.pdf", "preview.png", "verify.json", ".verified")
    return [f"build/{slug}/index.html", *(f"build/{slug}/{lang}/{name}" for lang in built for name in names)]


def profile_arguments(profile: str | None) -> list[str]:
    """``--profile`` with an absolute path, checked: Snakemake would look a bare name up in its own
    folders and run the workflow from the project's folder, where a relative path means nothing."""
    if not profile:
        return []
    folder = Path(profile).resolve()
    if not (folder / "config.yaml").is_file():
        raise SetupError("not a Snakemake profile (no config.yaml in it)", profile)
    settings = (folder / "config.yaml").read_text("utf-8")
    if (
        re.search(r"^executor:\s*slurm\b", settings, re.MULTILINE)
        and importlib.util.find_spec("snakemake_executor_plugin_slurm") is None
    ):
        raise SetupError("runs jobs on Slurm: install the extra first, pip install 'letterpipe[cluster]'", profile)
    return ["--profile", str(folder)]


def letter_languages(project: Project, slug: str) -> tuple[str, list[str], list[str]]:
    """The source language, every language a letter is built in, and those meant for release
    (as the letter declares them, so a release language with no catalog can be reported).

    Tolerant by design: a malformed letter still yields a plan (source ``en``), so the workflow
    reaches the extract rule, which reports the error with its file and line. Catalogs in a
    folder whose name is not a locale name, or for a language with no row in the language table,
    are left out here and reported by :func:`rejected_versions`: each fails alone.
    """
    from letterpipe.errors import LetterpipeError
    from letterpipe.source.letter import parse_letter

    try:
        letter = parse_letter(project.letter_file(slug))
        source, release = letter.source_language, letter.release
    except LetterpipeError:
        source, release = "en", None
    rejected = rejected_versions(project, slug)
    others = [lang for lang in project.catalog_languages(slug) if lang != source and lang not in rejected]
    built = [source, *others]
    return source, built, list(release or built)


#: The workflow shipped with letterpipe; a project's own ``Snakefile`` replaces it (and may
#: ``include:`` it, as this repository's ``workflow/Snakefile`` does).
PACKAGED_SNAKEFILE = Path(__file__).resolve().parent / "Snakefile"
#: Where Snakemake itself looks for a workflow, in its order.
PROJECT_SNAKEFILES = ("Snakefile", "snakefile", "workflow/Snakefile", "workflow/snakefile")


def rejected_versions(project: Project, slug: str) -> dict[str, str]:
    """Catalogs of ``slug`` that are not built, each with a message naming its file: a folder
    name that is not a locale name, or a language the language table has no row for."""
    from letterpipe.errors import LetterpipeError
    from letterpipe.render.languages import load_languages

    rejected = project.rejected_languages(slug)
    try:
        table = load_languages(project.language_table)
    except LetterpipeError:
        return rejected
    for lang in project.catalog_languages(slug):
        if lang not in table:
            rejected[lang] = (
                f"{project.relative(project.po_file(slug, lang))}: not built: the language {lang!r} has no row in"
                f" the language table (configured: {', '.join(sorted(table))}); add one to languages.toml"
            )
    return rejected


def snakefile(project: Project) -> str:
    """The project's own Snakefile (where plain ``snakemake`` would find it), or the packaged one."""
    for name in PROJECT_SNAKEFILES:
        if (project.root / name).is_file():
            return str(project.root / name)
    return str(PACKAGED_SNAKEFILE)

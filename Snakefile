# letterpipe workflow, per letter and language:
#   extract -> version (merge, compile, check, html, pdf + read-back, preview) -> verified, index; package
# Rules stay thin: each calls the letterpipe CLI, with a log. Every rule depends on the package's
# code, so changing letterpipe reruns what it produced. Paths are relative and every file a job
# reads is an input, so the rules run unchanged under a cluster executor.
import glob
import os
import sys
from pathlib import Path

from letterpipe.project import Project
from letterpipe.pipeline.workflow import letter_languages

# Rules call the letterpipe CLI installed beside the Python running Snakemake (the project's
# .venv), so plain `snakemake --cores all` works without activating it.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
PROJECT = Project(Path(os.path.abspath(".")))
LETTERS = {slug: letter_languages(PROJECT, slug) for slug in PROJECT.letters()}
CODE = sorted(
    glob.glob(os.path.join(workflow.basedir, "src", "letterpipe", "**", "*.py"), recursive=True)
    + glob.glob(os.path.join(workflow.basedir, "src", "letterpipe", "data", "*"))
)
TEMPLATES = sorted(glob.glob("templates/**/*.j2", recursive=True))
LANGUAGE_TABLE = ["languages.toml"] if os.path.exists("languages.toml") else []


localrules:
    all,
    release,
    extract,
    verified,
    index,
    package,


wildcard_constraints:
    letter=r"[A-Za-z0-9][A-Za-z0-9_-]*",
    lang=r"[a-z]{2,3}(_[A-Za-z0-9]+)*",


def versions(letter):
    return LETTERS[letter][1]


def is_source(wildcards):
    return LETTERS[wildcards.letter][0] == wildcards.lang


def reference_pot(wildcards):
    path = f"locale/{wildcards.letter}.pot"
    return [path] if os.path.exists(path) else []


def compiled_catalog(wildcards):
    return [] if is_source(wildcards) else [f"build/{wildcards.letter}/{wildcards.lang}/{wildcards.letter}.mo"]


def merged_catalog(wildcards):
    return [] if is_source(wildcards) else [f"build/{wildcards.letter}/{wildcards.lang}/{wildcards.letter}.po"]


def released(letter):
    return [lang for lang in LETTERS[letter][2] if lang in versions(letter)]


def release_inputs(wildcards):
    names = ("letter.pdf", "letter.html", "letter.json", "checks.json", "verify.json", ".verified")
    return [f"build/{wildcards.letter}/{lang}/{name}" for lang in released(wildcards.letter) for name in names]


rule all:
    input:
        [f"build/{letter}/index.html" for letter in LETTERS],
        [f"build/{letter}/{lang}/.verified" for letter in LETTERS for lang in versions(letter)],


rule release:
    input:
        [f"build/{letter}/release" for letter in LETTERS],


rule extract:
    input:
        letter="letters/{letter}/letter.md",
        reference=reference_pot,
        templates=TEMPLATES,
        code=CODE,
    output:
        "build/{letter}/{letter}.pot",
    threads: 1
    resources:
        mem_mb=300,
        runtime=5,
    log:
        "build/logs/{letter}/extract.log",
    shell:
        "letterpipe extract {wildcards.letter} -o {output} > {log} 2>&1"


def template_for(wildcards):
    return [] if is_source(wildcards) else [f"build/{wildcards.letter}/{wildcards.letter}.pot"]


def translation(wildcards):
    return [] if is_source(wildcards) else [f"locale/{wildcards.lang}/LC_MESSAGES/{wildcards.letter}.po"]


def list_size(wildcards):
    """Bytes of the signatory list: memory and run time of a version grow with it."""
    path = f"letters/{wildcards.letter}/signatories.csv"
    return os.path.getsize(path) if os.path.exists(path) else 0


# One job per language version: merge, compile, check, html, pdf, read-back and preview in one
# process (one cluster job), writing the merged .po and .mo beside its outputs.
rule version:
    input:
        pot=template_for,
        po=translation,
        letter="letters/{letter}/letter.md",
        signatories="letters/{letter}/signatories.csv",
        changes=lambda w: glob.glob(f"letters/{w.letter}/signatory-changes.csv"),
        templates=TEMPLATES,
        table=LANGUAGE_TABLE,
        code=CODE,
    output:
        checks="build/{letter}/{lang}/checks.json",
        html="build/{letter}/{lang}/letter.html",
        info="build/{letter}/{lang}/letter.json",
        pdf="build/{letter}/{lang}/letter.pdf",
        preview="build/{letter}/{lang}/preview.png",
        report="build/{letter}/{lang}/verify.json",
    params:
        languages=lambda w: ",".join(versions(w.letter)),
        pot=lambda w, input: f"--pot {input.pot}" if input.pot else "",
        folder=lambda w: f"build/{w.letter}/{w.lang}",
    threads: 1
    resources:
        mem_mb=lambda w: 600 + list_size(w) // 1000,
        runtime=lambda w: 10 + list_size(w) // 50000,
    log:
        "build/logs/{letter}/{lang}/version.log",
    shell:
        "letterpipe version {wildcards.letter} {wildcards.lang} {params.pot} --languages {params.languages}"
        " -o {params.folder} > {log} 2>&1"


# The build fails when a version's signatories differ; its DRAFT PDF and report stay.
rule verified:
    input:
        "build/{letter}/{lang}/verify.json",
    output:
        touch("build/{letter}/{lang}/.verified"),
    log:
        "build/logs/{letter}/{lang}/verified.log",
    shell:
        "python -m letterpipe.verify.gate {input} > {log} 2>&1"


rule index:
    input:
        info=lambda w: [f"build/{w.letter}/{lang}/letter.json" for lang in versions(w.letter)],
        previews=lambda w: [f"build/{w.letter}/{lang}/preview.png" for lang in versions(w.letter)],
        templates=TEMPLATES,
        code=CODE,
    output:
        "build/{letter}/index.html",
    threads: 1
    resources:
        mem_mb=300,
        runtime=5,
    log:
        "build/logs/{letter}/index.log",
    shell:
        "letterpipe index {wildcards.letter} --info {input.info} -o {output} > {log} 2>&1"


rule package:
    input:
        release_inputs,
        letter="letters/{letter}/letter.md",
        code=CODE,
    output:
        directory("build/{letter}/release"),
    log:
        "build/logs/{letter}/release.log",
    shell:
        "letterpipe package {wildcards.letter} -o {output} > {log} 2>&1"

# letterpipe workflow, per letter and language:
#   extract -> merge -> compile -> check -> html -> pdf -> preview / verify -> index; package (release)
# Rules stay thin: each calls the letterpipe CLI, with a log. Every rule depends on the package's
# code, so changing letterpipe reruns what it produced. Paths are relative and every file a job
# reads is an input, so the rules run unchanged under a cluster executor.
import glob
import os
import sys
from pathlib import Path

from letterpipe.project import LANGUAGE_NAME, LETTER_NAME, Project
from letterpipe.pipeline.workflow import letter_languages
from letterpipe.publish.signing import signing_identity

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
    index,
    package,


# Only folder names matching these patterns are built (letterpipe.project); every value that
# reaches a shell command is one of them or a path made of them, and is quoted all the same.
wildcard_constraints:
    letter=LETTER_NAME.pattern,
    lang=LANGUAGE_NAME.pattern,


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
    names = ("letter.pdf", "letter.html", "letter.json", "checks.json", "verify.json")
    return [f"build/{wildcards.letter}/{lang}/{name}" for lang in released(wildcards.letter) for name in names]


rule all:
    input:
        [f"build/{letter}/index.html" for letter in LETTERS],
        [f"build/{letter}/{lang}/letter.pdf" for letter in LETTERS for lang in versions(letter)],
        [f"build/{letter}/{lang}/preview.png" for letter in LETTERS for lang in versions(letter)],
        [f"build/{letter}/{lang}/verify.json" for letter in LETTERS for lang in versions(letter)],


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
    log:
        "build/logs/{letter}/extract.log",
    shell:
        "letterpipe extract {wildcards.letter:q} -o {output:q} > {log:q} 2>&1"


rule merge:
    input:
        pot="build/{letter}/{letter}.pot",
        po="locale/{lang}/LC_MESSAGES/{letter}.po",
        code=CODE,
    output:
        "build/{letter}/{lang}/{letter}.po",
    log:
        "build/logs/{letter}/{lang}/merge.log",
    shell:
        "letterpipe merge {wildcards.letter:q} {wildcards.lang:q} --pot {input.pot:q} -o {output:q} > {log:q} 2>&1"


rule compile:
    input:
        po="build/{letter}/{lang}/{letter}.po",
        code=CODE,
    output:
        "build/{letter}/{lang}/{letter}.mo",
    log:
        "build/logs/{letter}/{lang}/compile.log",
    shell:
        "letterpipe compile {input.po:q} --lang {wildcards.lang:q} -o {output:q} > {log:q} 2>&1"


def waivers(wildcards):
    path = f"letters/{wildcards.letter}/waivers.toml"
    return [path] if os.path.exists(path) else []


rule check:
    input:
        po=merged_catalog,
        waivers=waivers,
        letter="letters/{letter}/letter.md",
        signatories="letters/{letter}/signatories.csv",
        changes=lambda w: glob.glob(f"letters/{w.letter}/signatory-changes.csv"),
        code=CODE,
    output:
        "build/{letter}/{lang}/checks.json",
    params:
        po=lambda w, input: ["--po", input.po[0]] if input.po else [],
    log:
        "build/logs/{letter}/{lang}/check.log",
    shell:
        "letterpipe check {wildcards.letter:q} {wildcards.lang:q} {params.po:q} -o {output:q} > {log:q} 2>&1"


rule html:
    input:
        checks="build/{letter}/{lang}/checks.json",
        letter="letters/{letter}/letter.md",
        signatories="letters/{letter}/signatories.csv",
        mo=compiled_catalog,
        templates=TEMPLATES,
        table=LANGUAGE_TABLE,
        code=CODE,
    output:
        html="build/{letter}/{lang}/letter.html",
        info="build/{letter}/{lang}/letter.json",
    params:
        languages=lambda w: ",".join(versions(w.letter)),
        mo=lambda w, input: ["--mo", input.mo[0]] if input.mo else [],
    log:
        "build/logs/{letter}/{lang}/html.log",
    shell:
        "letterpipe html {wildcards.letter:q} {wildcards.lang:q} {params.mo:q} --languages {params.languages:q}"
        " --checks {input.checks:q} -o {output.html:q} --info {output.info:q} > {log:q} 2>&1"


rule pdf:
    input:
        html="build/{letter}/{lang}/letter.html",
        letter="letters/{letter}/letter.md",
        signatories="letters/{letter}/signatories.csv",
        table=LANGUAGE_TABLE,
        code=CODE,
    output:
        "build/{letter}/{lang}/letter.pdf",
    log:
        "build/logs/{letter}/{lang}/pdf.log",
    shell:
        "letterpipe pdf {wildcards.letter:q} {wildcards.lang:q} --html {input.html:q} -o {output:q} > {log:q} 2>&1"


rule preview:
    input:
        pdf="build/{letter}/{lang}/letter.pdf",
        code=CODE,
    output:
        "build/{letter}/{lang}/preview.png",
    log:
        "build/logs/{letter}/{lang}/preview.log",
    shell:
        "letterpipe preview {input.pdf:q} -o {output:q} > {log:q} 2>&1"


rule index:
    input:
        info=lambda w: [f"build/{w.letter}/{lang}/letter.json" for lang in versions(w.letter)],
        previews=lambda w: [f"build/{w.letter}/{lang}/preview.png" for lang in versions(w.letter)],
        templates=TEMPLATES,
        code=CODE,
    output:
        "build/{letter}/index.html",
    log:
        "build/logs/{letter}/index.log",
    shell:
        "letterpipe index {wildcards.letter:q} --info {input.info:q} -o {output:q} > {log:q} 2>&1"


rule verify:
    input:
        html="build/{letter}/{lang}/letter.html",
        pdf="build/{letter}/{lang}/letter.pdf",
        signatories="letters/{letter}/signatories.csv",
        code=CODE,
    output:
        "build/{letter}/{lang}/verify.json",
    log:
        "build/logs/{letter}/{lang}/verify.log",
    shell:
        "letterpipe verify {wildcards.letter:q} {wildcards.lang:q} --html {input.html:q} --pdf {input.pdf:q} -o {output:q} > {log:q} 2>&1"


rule package:
    input:
        release_inputs,
        letter="letters/{letter}/letter.md",
        code=CODE,
    output:
        directory("build/{letter}/release"),
    params:
        signing=signing_identity(PROJECT.root),
    log:
        "build/logs/{letter}/release.log",
    shell:
        "letterpipe package {wildcards.letter:q} -o {output:q} > {log:q} 2>&1"

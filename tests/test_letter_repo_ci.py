"""The CI workflow shipped for a letter's own repository runs exactly the README's commands."""

from __future__ import annotations

import re
import shlex

import yaml
from conftest import REPO

WORKFLOW = REPO / "docs" / "ci" / "letter-repo.yml"


def readme_commands() -> list[str]:
    """The shell block under the README's heading for a letter in its own repository."""
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## A letter in its own repository", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "no sh block in the README's section"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def steps() -> list[dict]:
    jobs = workflow()["jobs"]
    assert list(jobs) == ["release"]
    return jobs["release"]["steps"]


def test_the_workflow_runs_the_readme_commands_in_order() -> None:
    # Steps with a container id only prepare the bare Debian container for actions/checkout.
    runs = [step["run"] for step in steps() if "run" in step and not step.get("id", "").startswith("container")]
    assert runs == readme_commands()
    assert all(shlex.split(command) for command in runs)


def test_it_runs_on_a_fresh_debian_as_root_on_every_push() -> None:
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert flow["jobs"]["release"]["container"] == "debian:12"
    uses = [step.get("uses", "") for step in steps()]
    assert uses.index("actions/checkout@v4") < [s.get("run", "") for s in steps()].index(readme_commands()[0])


def test_the_release_folder_the_readme_names_is_uploaded() -> None:
    uploads = [step for step in steps() if step.get("uses", "").startswith("actions/upload-artifact@")]
    release = [step for step in uploads if "if" not in step]
    assert len(release) == 1
    assert release[0]["with"]["path"] == "build/*/releases/"
    assert release[0]["with"]["if-no-files-found"] == "error"
    section = (REPO / "README.md").read_text("utf-8").split("## A letter in its own repository", 1)[1]
    kept = re.search(r"keeps `([^`]+)` as an artifact", section)
    assert kept and kept.group(1) == release[0]["with"]["path"].replace("*", "<letter>")

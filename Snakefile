# This repository is a letterpipe project that uses the packaged workflow
# (src/letterpipe/pipeline/Snakefile), so plain `snakemake --cores all` works here as
# `letterpipe build` does. A project may replace this file with a workflow of its own.
from letterpipe.pipeline.workflow import PACKAGED_SNAKEFILE


include: str(PACKAGED_SNAKEFILE)


# Rules of an included file are never the default target: name it here.
rule default:
    default_target: True
    input:
        rules.all.input,

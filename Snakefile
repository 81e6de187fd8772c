# This project's workflow is letterpipe's packaged one, so plain `snakemake --cores all` works here.
from letterpipe.pipeline.workflow import PACKAGED_SNAKEFILE


include: str(PACKAGED_SNAKEFILE)

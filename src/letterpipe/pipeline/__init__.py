"""The workflow: the pipeline stages as commands, and running Snakemake over them."""

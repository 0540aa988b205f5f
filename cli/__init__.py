"""The `jixiao` command line, the layer above `pipeline`: it drives Dagster runs, so the
extraction core (`jixiao`) never imports it nor Dagster."""

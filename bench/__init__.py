"""The benchmark (`make bench`): corpus builder, baselines and the runner."""

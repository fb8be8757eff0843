"""Benchmarks that say how good the review is: a labelled corpus with its scorer, and speed figures.

`python -m benchmarks.quality` scores the pipeline on `benchmarks/cases/` (or any corpus in the
same format); `python -m benchmarks.speed` measures wall time, CPU and memory against bandit's CLI.
"""

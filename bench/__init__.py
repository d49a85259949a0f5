"""Benchmarks of the whole connector against the emulators: `python -m bench [name] [--bills N]`.

Each benchmark prints one table of ratios and counts measured in a single run and writes it, with a
description of the machine, to `bench/results/<name>.json`. Runnable scripts, not tests: nothing here
asserts on time (`tests/bench` only checks that each one runs at a tiny size).
"""

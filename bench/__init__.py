"""Benchmarks of the whole connector against the emulators: `python -m bench [name] [--bills N]`.

Each benchmark prints one table of ratios and counts measured in a single run and writes it, with a
description of the machine, to `bench/results/<name>.json`. Runnable scripts, not tests: nothing here
asserts on time (`tests/bench` only checks that each one runs at a tiny size).

A benchmark is a module `bench/<name>.py` listed in `bench.__main__.BENCHES`, with
`async def run(size: int, workdir: Path) -> bench.report.BenchReport` and a `DEFAULT_SIZE` constant; the
runner imports it only when it runs, gives it a fresh temporary `workdir` and publishes its report.
"""

"""`python -m bench [name] [--bills N]`: run one benchmark, or all of them at their default sizes."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bench.report import RESULTS_DIR, BenchReport, publish

BENCHES = ("api_cost", "latency", "throughput", "memory", "rate_budget", "vendor_sync", "backfill_cost")
"""In the order `python -m bench` runs them."""

OPTIONAL = frozenset({"rate_budget"})
"""Benchmarks whose module another change provides; skipped while it does not exist."""


@dataclass(frozen=True)
class Bench:
    """A benchmark module's entry point and default size."""

    run: Callable[[int, Path], Awaitable[BenchReport]]
    default_size: int


def load(name: str) -> Bench | None:
    """`bench.<name>`, imported only when it runs (None for a missing optional one)."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as missing:
        if name in OPTIONAL and missing.name == f"bench.{name}":
            return None
        raise
    return Bench(run=module.run, default_size=module.DEFAULT_SIZE)


async def run_benches(names: list[str], size: int | None, console: Console, results_dir: Path) -> list[Path]:
    """Run each benchmark in its own temporary directory; the JSON files written."""
    written = []
    for name in names:
        bench = load(name)
        if bench is None:
            console.print(f"[yellow]{name}: bench/{name}.py does not exist yet, skipped[/yellow]")
            continue
        chosen = bench.default_size if size is None else size
        console.print(f"[bold]{name}[/bold] (size {chosen}) ...")
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as workdir:
            report = await bench.run(chosen, Path(workdir))
        written.append(publish(report, console, results_dir))
    return written


def main(argv: list[str] | None = None, results_dir: Path | None = None) -> list[Path]:
    """Parse the command line, run, and say where the results went."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", nargs="?", choices=BENCHES, help="one benchmark (default: all)")
    parser.add_argument("--bills", type=int, help="size of the run: bills (memory: connections, vendor_sync: vendors)")
    args = parser.parse_args(argv)
    # Retried activity failures (e.g. a 429) are counted in the tables; their tracebacks would bury them.
    logging.getLogger("temporalio.worker._activity").setLevel(logging.ERROR)
    console = Console()
    names = [args.name] if args.name else list(BENCHES)
    written = asyncio.run(run_benches(names, args.bills, console, results_dir or RESULTS_DIR))
    for path in written:
        console.print(f"wrote {path}")
    return written


if __name__ == "__main__":
    main()

"""`python -m bench [name] [--bills N]`: run one benchmark, or all of them at their default sizes."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.console import Console

from bench.report import BenchReport, publish

BenchRun = Callable[[int, Path], Awaitable[BenchReport]]

DEFAULT_BILLS: dict[str, int] = {
    "api_cost": 40,
    "latency": 60,
    "throughput": 60,
    "memory": 50,
    "rate_budget": 200,
}
"""Sizes that finish within a few minutes on 2 cores (`memory`: configured connections)."""

OPTIONAL = frozenset({"rate_budget"})
"""Benchmarks that another module provides; skipped while their module does not exist."""


def load(name: str) -> BenchRun | None:
    """`bench.<name>.run`, imported only when that benchmark runs (None for a missing optional one)."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as missing:
        if name in OPTIONAL and missing.name == f"bench.{name}":
            return None
        raise
    run: BenchRun = module.run
    return run


async def run_benches(names: list[str], bills: int | None, console: Console) -> list[Path]:
    """Run each benchmark in its own temporary directory; the JSON files written."""
    written = []
    for name in names:
        run = load(name)
        if run is None:
            console.print(f"[yellow]{name}: not available, skipped[/yellow]")
            continue
        size = bills if bills is not None else DEFAULT_BILLS[name]
        console.print(f"[bold]{name}[/bold] (size {size}) ...")
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as workdir:
            report = await run(size, Path(workdir))
        written.append(publish(report, console))
    return written


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", nargs="?", choices=sorted(DEFAULT_BILLS), help="one benchmark (default: all)")
    parser.add_argument("--bills", type=int, help="size: bills (memory: connections)")
    args = parser.parse_args(argv)
    names = [args.name] if args.name else list(DEFAULT_BILLS)
    console = Console()
    for path in asyncio.run(run_benches(names, args.bills, console)):
        console.print(f"wrote {path}")


if __name__ == "__main__":
    main()

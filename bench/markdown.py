"""`python -m bench.markdown`: the results in `bench/results/*.json` as Markdown tables (for docs/figures.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import RESULTS_DIR


def _value(figure: dict[str, Any]) -> str:
    value = figure["value"]
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    return f"{text} {figure['unit']}".rstrip()


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "**no**")


def render_one(result: dict[str, Any]) -> str:
    """One result: heading, parameters, the figures table and the notes."""
    params = ", ".join(f"{key}={value}" for key, value in result["params"].items())
    lines = [
        f"### {result['title']} (`{result['name']}`)",
        "",
        f"Parameters: {params}. Finished {result['finished_at']}.",
        "",
        "| Metric | Value | Goal | Met |",
        "|---|---:|---|---|",
    ]
    lines += [f"| {f['metric']} | {_value(f)} | {f['goal']} | {_verdict(f['met'])} |" for f in result["figures"]]
    if result["notes"]:
        lines += ["", *(f"- {note}" for note in result["notes"])]
    return "\n".join(lines)


def render(results: list[dict[str, Any]]) -> str:
    """The machine of the first result, then every result in order."""
    if not results:
        return "No results yet: run `python -m bench`.\n"
    machine = ", ".join(f"{key} {value}" for key, value in results[0]["machine"].items())
    return "\n\n".join([f"Machine: {machine}.", *(render_one(r) for r in results)]) + "\n"


def load_results(results_dir: Path, order: tuple[str, ...]) -> list[dict[str, Any]]:
    """The JSON results present in `results_dir`, in `order`."""
    paths = [results_dir / f"{name}.json" for name in order]
    return [json.loads(path.read_text()) for path in paths if path.is_file()]


if __name__ == "__main__":
    from bench.__main__ import BENCHES

    sys.stdout.write(render(load_results(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_DIR, BENCHES)))

"""Publish a benchmark report into a temporary folder and read back what was printed and written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.report import BenchReport, publish


@dataclass(frozen=True)
class Published:
    """The printed table and the JSON document of one report."""

    text: str
    data: dict[str, Any]

    def value(self, metric: str) -> Any:
        """The JSON value of one figure."""
        return next(f["value"] for f in self.data["figures"] if f["metric"] == metric)


def published(report: BenchReport, folder: Path) -> Published:
    """Print the report (recorded) and write its JSON under `folder`."""
    console = Console(record=True, width=200)
    path = publish(report, console, folder)
    assert path == folder / f"{report.name}.json"
    return Published(console.export_text(), json.loads(path.read_text()))

"""`python -m bench`: lazy loading, optional benchmarks, default sizes, one JSON file per benchmark."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from bench import __main__ as runner
from bench.report import BenchReport, Figure


def fake_bench(monkeypatch: pytest.MonkeyPatch, sizes: list[int]) -> None:
    """A benchmark module `bench.fake` that records the size it was run at."""

    async def run(size: int, workdir: Path) -> BenchReport:
        assert workdir.is_dir()
        sizes.append(size)
        return BenchReport(name="fake", title="Fake", params={"size": size}, figures=[Figure("size", size)])

    module = types.ModuleType("bench.fake")
    module.run = run  # type: ignore[attr-defined]
    module.DEFAULT_SIZE = 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bench.fake", module)


async def test_runs_a_bench_at_its_default_size_and_writes_its_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    fake_bench(monkeypatch, sizes)
    written = await runner.run_benches(["fake", "fake"], None, Console(record=True), tmp_path)
    assert sizes == [7, 7]
    assert written == [tmp_path / "fake.json", tmp_path / "fake.json"]
    data = json.loads((tmp_path / "fake.json").read_text())
    assert data["params"] == {"size": 7}
    assert data["machine"]["nproc"] >= 1


async def test_size_from_the_command_line_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    fake_bench(monkeypatch, sizes)
    await runner.run_benches(["fake"], 3, Console(record=True), tmp_path)
    assert sizes == [3]


async def test_a_missing_optional_bench_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "OPTIONAL", frozenset({"not_written_yet"}))
    console = Console(record=True, width=200)
    assert await runner.run_benches(["not_written_yet"], None, console, tmp_path) == []
    assert "not_written_yet: bench/not_written_yet.py does not exist yet, skipped" in console.export_text()


def test_a_missing_required_bench_is_an_error() -> None:
    with pytest.raises(ModuleNotFoundError):
        runner.load("not_written_yet")


def test_every_listed_bench_that_exists_has_an_entry_point() -> None:
    for name in runner.BENCHES:
        bench = runner.load(name)
        assert bench is not None or name in runner.OPTIONAL
        if bench is not None:
            assert bench.default_size > 0


def test_unknown_bench_name_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        runner.main(["no_such_bench"])
    assert "invalid choice" in capsys.readouterr().err

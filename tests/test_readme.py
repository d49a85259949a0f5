"""The README stays true: its commands are what CI runs, its settings table covers every setting."""

from __future__ import annotations

import re

from common.settings import Settings
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()


def _first_code_block() -> list[str]:
    block = README.split("```bash", 1)[1].split("```", 1)[0]
    commands = (line.split("#", 1)[0].strip() for line in block.strip().splitlines())
    return [c for c in commands if c]


def test_readme_opens_with_the_two_commands() -> None:
    assert _first_code_block() == ["bash scripts/dev", "bash scripts/test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "exec bash scripts/test" in ci


def test_settings_table_lists_every_setting() -> None:
    table = README.split("<!-- settings-table:start -->", 1)[1].split("<!-- settings-table:end -->", 1)[0]
    documented = set(re.findall(r"`(MLC_[A-Z_]+)", table))
    expected = {f"MLC_{name.upper()}" for name in Settings.model_fields}
    missing = {var for var in expected if not any(doc.startswith(var) for doc in documented)}
    assert not missing, f"settings missing from the README table: {sorted(missing)}"
    unknown = {doc for doc in documented if not any(doc.startswith(var) for var in expected)}
    assert not unknown, f"README documents settings that do not exist: {sorted(unknown)}"

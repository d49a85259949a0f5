"""The README stays true: its commands are what CI runs, its settings table covers every setting."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from typer.core import TyperCommand, TyperGroup

from cli.dev_env import DEV_ENV_FILE
from cli.main import app as cli_app
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


def _readme_cli_invocations() -> list[tuple[list[str], list[str]]]:
    """Every `ml-connector <command> ...` the README shows: (command path alternatives per level, options)."""
    invocations = []
    for match in re.finditer(r"ml-connector ([a-z][^`\n#]*)", README):
        tokens = match.group(1).replace("\\|", "|").replace("[", " ").replace("]", " ").split()
        words = [t for t in tokens if re.fullmatch(r"[a-z][a-z-]*(\|[a-z][a-z-]*)*", t)]
        options = [t.split("=", 1)[0] for t in tokens if t.startswith("--")]
        invocations.append((words, options))
    return invocations


def _resolve(group: TyperGroup, words: list[str]) -> list[TyperCommand | TyperGroup]:
    """The commands a README path names (alternatives `a|b` expand); words after a leaf command are arguments."""
    leaves: list[TyperCommand | TyperGroup] = []
    first, rest = words[0], words[1:]
    for name in first.split("|"):
        command = group.commands.get(name)
        assert command is not None, f"README shows `ml-connector ... {name}`, which the CLI does not have"
        assert isinstance(command, TyperCommand | TyperGroup)
        if isinstance(command, TyperGroup) and rest:  # a group's next word is one of its commands
            leaves += _resolve(command, rest)
        else:
            leaves.append(command)
    return leaves


def test_every_cli_command_the_readme_shows_exists_with_its_options() -> None:
    root = typer.main.get_command(cli_app)
    assert isinstance(root, TyperGroup)
    invocations = _readme_cli_invocations()
    assert len(invocations) > 15, "the README's command examples were not found"
    for words, options in invocations:
        for command in _resolve(root, words):
            known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
            unknown = [opt for opt in options if opt not in known]
            assert not unknown, f"README shows `ml-connector {' '.join(words)}` with unknown options {unknown}"


def test_readme_loads_the_dev_env_file_the_dev_command_writes() -> None:
    assert f"set -a; . .mlc-data/{DEV_ENV_FILE}; set +a" in README
    assert Settings.model_fields["data_dir"].default == Path(".mlc-data")


VENV_TOOLS = {"python", "pytest", "temporal", "ml-connector", "ruff", "mypy"}


def test_code_blocks_name_the_venv_tools_by_path() -> None:
    """A fresh shell has no venv activated: commands in the README's and docs' code blocks say `.venv/bin/<tool>`."""
    bare = []
    for page in [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"```(?:bash|sh)\n(.*?)```", page.read_text(), flags=re.DOTALL):
            lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
            bare += [f"{page.name}: {line}" for line in lines if line.split(" ", 1)[0] in VENV_TOOLS]
    assert not bare, f"commands a fresh shell cannot run (use .venv/bin/...): {bare}"

"""The emulator is an oracle: it must not share code with the connector it checks."""

from __future__ import annotations

import ast
from pathlib import Path

import emulators.bill

PACKAGE = Path(emulators.bill.__file__).parent
FORBIDDEN = ("clients", "activities", "workflows", "webhook_gateway", "persistence", "worker", "common")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return names


def test_emulator_imports_no_connector_code() -> None:
    sources = sorted(PACKAGE.glob("*.py"))
    assert len(sources) > 10
    leaks = {
        f"{path.name}: {module}"
        for path in sources
        for module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    }
    assert leaks == set()

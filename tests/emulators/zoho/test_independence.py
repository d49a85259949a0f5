"""The emulator is an oracle: it must not import the connector's clients (ARCHITECTURE invariant 8)."""

from __future__ import annotations

import ast
from pathlib import Path

import emulators.zoho

PACKAGE = Path(emulators.zoho.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_no_module_imports_the_clients() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 20
    offenders = {
        str(path.relative_to(PACKAGE)): module
        for path in sources
        for module in imported_modules(path)
        if module == "clients" or module.startswith("clients.")
    }
    assert offenders == {}

"""Every table the connector defines, wherever its module lives (the migrations' target).

Tables are declared next to their repositories in several packages, some on their own `MetaData` (the rate
budget). Importing every module of the connector's packages registers them all, so a table added anywhere
without a migration shows up as a difference (tests/persistence/test_migrations.py).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from sqlalchemy import MetaData
from sqlmodel import SQLModel

TABLE_PACKAGES = ("persistence", "connections", "activities", "webhook_gateway", "worker", "cli", "common")
"""The connector's packages that may declare tables (emulators and tests never do)."""

_SKIPPED = ("persistence.migrations",)


@lru_cache(maxsize=1)
def connector_metadata() -> tuple[MetaData, ...]:
    """SQLModel's metadata plus every module-level `MetaData`, after importing all connector modules."""
    found: dict[int, MetaData] = {id(SQLModel.metadata): SQLModel.metadata}
    for package_name in TABLE_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name.startswith(_SKIPPED):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, MetaData):
                    found.setdefault(id(value), value)
    return tuple(found.values())

"""Run the connector's migrations on an engine, with an Alembic `Config` built in code (no alembic.ini).

`upgrade` is what `ml-connector db upgrade` and the self-hosted `migrate` service run. A database created
by `create_all` before migrations existed (no `alembic_version` table) is adopted: stamped at head when its
tables already match the models, refused otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect

from persistence.migrations.metadata import connector_metadata

MIGRATIONS_DIR = Path(__file__).parent
VERSION_TABLE = "alembic_version"


class SchemaDrift(RuntimeError):
    """The database has connector tables but no migration history, and they differ from the models."""


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration whose `env.py` runs on `engine`'s connections (None: scripts only)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of the connector."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migration revisions found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_differences(engine: Engine) -> list[object]:
    """Alembic's differences between the database and the connector's models (empty: they agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # Alembic's autogenerate accepts a sequence of MetaData though the hint names one.
        return list(compare_metadata(context, cast(MetaData, list(connector_metadata()))))


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database to `revision` (adopting a `create_all` database first); the revision reached."""
    config = alembic_config(engine)
    if _unversioned_with_tables(engine):
        differences = schema_differences(engine)
        if differences:
            raise SchemaDrift(
                f"the database has connector tables but no migration history, and {len(differences)} "
                "difference(s) from this version's models; back it up and migrate it by hand"
            )
        command.stamp(config, "head")
    command.upgrade(config, revision)
    return current_revision(engine)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Migrate the database down to `revision` (`base` drops every connector table); the revision reached."""
    command.downgrade(alembic_config(engine), revision)
    return current_revision(engine)


def _unversioned_with_tables(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names())
    return VERSION_TABLE not in names and "connection" in names

"""Entry point of the `ml-connector` command."""

from __future__ import annotations

import typer

app = typer.Typer(help="Keep Zoho Books and BILL in agreement (Temporal worker, gateway, tools).", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the installed version."""
    from importlib.metadata import version as pkg_version

    typer.echo(pkg_version("ml-connector"))


def main() -> None:
    """Console-script entry point."""
    app()

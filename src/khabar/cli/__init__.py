"""The `khabar` command line: one module per group of commands, all on one Typer app."""

from khabar.cli import extract, interop, kb, query, serve, store  # noqa: F401 - importing registers the commands
from khabar.cli.app import app

__all__ = ["app"]

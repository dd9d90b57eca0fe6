"""The Typer application every command module registers on, and the console for messages."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Turn conflict reporting into a sourced, queryable record."
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line: easy to grep and to read in logs
PROGRESS_MIN = 5  # show a progress bar from this many articles on


@app.callback()
def main() -> None:
    """khabar: entities, attributions and PLOVER events, grounded in the text."""


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    err.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)

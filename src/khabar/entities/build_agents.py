"""Build ``data/agents.json`` from the Phoenix dictionaries (PETRARCH2, Open Event Data Alliance, MIT
licence): the words that make a noun phrase a described actor ('Iraqi police', 'Houthi fighters',
'government forces') with their CAMEO agent codes, the names of armed non-state groups, and the
story-level discards (sport and entertainment phrases that mark a story as no political news).

    python -m khabar.entities.build_agents --phoenix ../shared/lexicons/petrarch2 \\
        --out src/khabar/data/agents.json

Dictionary lines read ``PHRASE [~CODE]``: words joined by ``_``, ``!PERSON!`` and ``!MINIST!``
standing for the alternatives declared at the top, an optional ``{PLURAL}`` after the phrase, and
``#`` comments. Regular plurals are not listed (PETRARCH adds them); the store of agents keeps the
singular and khabar matches on lemmas."""

from __future__ import annotations

import re
from pathlib import Path

from khabar.entities.phoenix import converter_main, read

# CAMEO agent codes of political or armed actors: a described actor with one of these takes part in
# politics ('the police', 'rebel fighters', 'the ministry'); the others ('farmers', 'doctors', 'business
# leaders') only when the event gives them a political counterpart
POLITICAL = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "SPY", "PTY", "UAF", "IGO", "INS", "SEP", "IMG"}
_LINE = re.compile(r"^(?P<phrase>[^\[{#]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_MACRO = re.compile(r"^!(?P<name>\w+)!\s*=\s*(?P<values>.+)$")


def _codes(raw: str) -> list[str]:
    """'~GOVMIL' -> ['GOV', 'MIL']: an agent code is a run of three-letter CAMEO roles."""
    raw = raw.strip().lstrip("~")
    return [raw[i : i + 3] for i in range(0, len(raw) - 2, 3)] if raw and raw.isalpha() else []


def parse_agents(text: str) -> dict[str, list[str]]:
    """Phrase (lower case, words separated by spaces) -> its CAMEO roles, from a Phoenix agents file."""
    macros: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _MACRO.match(line)
        if m:
            macros[m.group("name")] = [v.strip() for v in m.group("values").split(",") if v.strip()]
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        codes = _codes(m.group("code"))
        if not codes:
            continue
        forms = [m.group("phrase").strip()]
        for name, values in macros.items():
            token = f"!{name}!"
            forms = [f.replace(token, v) for f in forms for v in values] if any(token in f for f in forms) else forms
        for form in forms:
            phrase = " ".join(form.replace("_", " ").lower().split())
            if len(phrase) < 3 or not re.fullmatch(r"[a-z][a-z' .\-]*", phrase):
                continue  # numbers, symbols and other odd spellings
            out.setdefault(phrase, [])
            out[phrase] += [c for c in codes if c not in out[phrase]]
    return out


def parse_discards(text: str) -> list[str]:
    """The story-level discards ('+CHAMPIONS LEAGUE'): phrases that mark a story as sport or show."""
    out = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("+"):
            phrase = " ".join(line[1:].lower().split())
            if len(phrase) >= 4 and not phrase.isdigit():
                out.append(phrase)
    return sorted(set(out))


def parse_groups(text: str) -> dict[str, str]:
    """Armed non-state groups of the Phoenix MilNonState actors file: each name and each alias (the
    '+' lines under it), lower case, -> the group's CAMEO code ('AFGREB', '' where none is given)."""
    out: dict[str, str] = {}
    code = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("[", "<")):
            continue
        alias = line.startswith("+")
        m = re.match(r"^\+?(?P<name>[^\[]+?)\s*(?:\[(?P<code>[A-Z]*)\])?\s*$", line)
        if m is None:
            continue
        if not alias:
            code = m.group("code") or ""
        name = re.sub(r"\([^)]*\)", " ", m.group("name").replace("_", " ")).lower()
        name = " ".join(name.replace("+", " ").split())
        if len(name) < 3 or not re.fullmatch(r"[a-z0-9][a-z0-9' .\-]*", name) or not re.search(r"[a-z]", name):
            continue
        if alias and " " not in name and "-" not in name:
            continue  # one-word aliases are as often plain words ('+YOUTH', '+ZERO', '+ORGANIZATION')
        out.setdefault(name, code)
    return out


def build(phoenix: Path) -> dict:
    agents = parse_agents(read(phoenix, "Phoenix.agents.txt"))
    discards = parse_discards(read(phoenix, "Phoenix.discards.txt"))
    groups = parse_groups(read(phoenix, "Phoenix.MilNonState.actors.txt"))
    return {
        "_about": "Agent words and story-level discards converted by `python -m khabar.entities.build_agents` "
        "from the Phoenix dictionaries of PETRARCH2 (Phoenix.agents.txt, Phoenix.MilNonState.actors.txt, "
        "Phoenix.discards.txt; Open Event "
        "Data Alliance, https://github.com/openeventdata/petrarch2, MIT licence, Copyright (c) 2014 Open "
        "Event Data Alliance). 'agents' maps a lower-case phrase to its CAMEO agent roles; 'political' "
        "lists the roles of political or armed actors; 'armed_groups' maps the names and aliases of armed "
        "non-state groups to their CAMEO codes; 'discards' are phrases marking sport and entertainment stories.",
        "political": sorted(POLITICAL),
        "agents": dict(sorted(agents.items())),
        "armed_groups": dict(sorted(groups.items())),
        "discards": discards,
    }


def main(argv: list[str] | None = None) -> None:
    converter_main(
        argv, __doc__, "Phoenix.agents.txt", build,
        lambda d: f"{len(d['agents'])} agent phrases, {len(d['armed_groups'])} group names, "
        f"{len(d['discards'])} discards",
    )  # fmt: skip


if __name__ == "__main__":
    main()

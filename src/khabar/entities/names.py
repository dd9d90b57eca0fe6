"""Name keys that survive transliteration: Hifter = Haftar, Gaddafi = Qaddafi = Kadhafi, but Haftar != Hafez.

A name is cut into tokens, titles and Arabic articles are dropped, and each token gets a
consonant skeleton: digraphs folded (kh->k, sh->s, dh->d ...), sounds that transliterations swap
merged (q/g/c->k, z->s, ou->u ...), vowels after the first letter dropped and doubled letters
collapsed. Two names are variants when their skeletons agree and their given names are compatible.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from khabar.entities.lexicon import lexicon

ARTICLES = ("al", "el", "ad", "ed", "as", "es", "ash", "at", "ar", "an", "az", "ul")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ed|as|es|ash|at|ar|an|az|ul)[-‑'’ʼ]", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’ʼ.-]+")
_DIGRAPHS = (
    ("kh", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
    ("ph", "f"),
    ("ou", "u"),
    ("ck", "k"),
    ("zz", "z"),
)
_SINGLE = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "z": "s", "j": "j", "w": "w", "y": "y", "v": "f", "p": "b", "x": "ks"}
)
_VOWELS = set("aeiouy")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII letters: accents and apostrophe-like marks removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return ascii_only.lower().replace("’", "'").replace("ʼ", "'")


def tokens(name: str) -> list[str]:
    """Folded word tokens of a name without Arabic articles ('Al-Sarraj' -> ['sarraj'])."""
    out: list[str] = []
    for raw in _TOKEN.findall(fold(name)):
        raw = raw.strip(".'-")
        if not raw:
            continue
        stripped = _ARTICLE_PREFIX.sub("", raw)
        for part in re.split(r"[-']", stripped):
            if part and part not in ARTICLES:
                out.append(part)
    return out


def name_tokens(name: str) -> list[str]:
    """Tokens of a personal or organisational name, honorifics and titles removed."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    lex = lexicon()
    toks = tokens(name)
    by_first = _titles_by_first_word()
    stripped = True
    while stripped and len(toks) > 1:  # leading titles, also multi-word ones ('Field Marshal')
        stripped = False
        for words in by_first.get(toks[0], ()):
            if len(words) < len(toks) and tuple(toks[: len(words)]) == words:
                toks = toks[len(words) :]
                stripped = True
                break
    return tuple(t for t in toks if t not in lex.title_words)


@lru_cache(maxsize=1)
def _titles_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Title phrases as word tuples, grouped by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for title in lexicon().titles:
        words = tuple(title.replace("-", " ").split())
        if words:
            out.setdefault(words[0], []).append(words)
    return out


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of one folded token: 'hifter' and 'haftar' both give 'hftr'."""
    t = token.lower()
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    t = t.translate(_SINGLE)
    if not t:
        return ""
    head, rest = t[0], "".join(c for c in t[1:] if c not in _VOWELS and c != "h")
    out = head
    for c in rest:
        if c != out[-1]:
            out += c
    return out


def key(name: str) -> tuple[str, ...]:
    """Transliteration key of a name: the skeletons of its tokens."""
    return tuple(skeleton(t) for t in name_tokens(name))


def tokens_match(a: str, b: str) -> bool:
    """Are two folded tokens spellings of the same word?"""
    if a == b:
        return True
    if skeleton(a) != skeleton(b):
        return False
    # Equal skeletons can still hide different names of very different length ('Sisi' / 'Sissi' fine,
    # 'Ali' / 'Alia' fine, 'Hadi' / 'Huda' fine, but a 3- vs 8-letter pair is suspicious).
    return abs(len(a) - len(b)) <= max(2, min(len(a), len(b)) // 2)


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given-name check: different first names mean different people ('Ali Saleh' vs 'Aqila Saleh')."""
    if not a or not b:
        return True
    if tokens_match(a[0], b[0]):
        return True
    # initials and short forms: 'K. Haftar', 'Abdel' vs 'Abdul'
    if len(a[0]) == 1 or len(b[0]) == 1:
        return a[0][0] == b[0][0]
    return JaroWinkler.similarity(a[0], b[0]) >= 0.9


def is_part_of(short: list[str], full: list[str]) -> bool:
    """Is every token of ``short`` matched, in order, by tokens of ``full``? ('Haftar' in 'Khalifa Hifter')"""
    if not short or len(short) > len(full):
        return False
    i = 0
    for tok in full:
        if i < len(short) and tokens_match(short[i], tok):
            i += 1
    return i == len(short)


# words made from a name that name someone else: 'pro-Haftar' forces, 'Haftar-led' troops, the 'ex-Sisi' camp
_DERIVED_PREFIX = ("pro", "anti", "ex", "non", "post", "pre", "neo")
_DERIVED_SUFFIX = (
    "led", "backed", "aligned", "allied", "linked", "affiliated", "based", "controlled", "held", "run", "supported",
    "loyal", "leaning", "inspired", "owned", "era", "style", "friendly",
)  # fmt: skip


def is_derived(word: str) -> bool:
    """'pro-Haftar', 'Haftar-led': a compound that names a side or a kind, not the person in it."""
    parts = fold(word).split("-")
    return len(parts) > 1 and (parts[0] in _DERIVED_PREFIX or parts[-1] in _DERIVED_SUFFIX)


def own_name_tokens(name: str) -> list[str]:
    """``name_tokens`` of a name without its derived compounds ('pro-Haftar militias' -> ['militias'])."""
    return name_tokens(" ".join(w for w in name.split() if not is_derived(w)))


@lru_cache(maxsize=65536)
def same_name(a: str, b: str) -> bool:
    """Full-name equivalence across transliterations."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if len(ta) == len(tb):
        return all(tokens_match(x, y) for x, y in zip(ta, tb, strict=True))
    # compound given names written together or apart: 'Abdul Hamid' / 'Abdulhamid'
    return (
        abs(len(ta) - len(tb)) == 1
        and tokens_match(ta[-1], tb[-1])
        and tokens_match("".join(ta[:-1]), "".join(tb[:-1]))
    )


def acronym(name: str) -> str:
    """'Libyan National Army' -> 'LNA', 'Tehreek-e-Taliban Pakistan' -> 'TTP', 'Hayat Tahrir al-Sham' -> 'HTS'
    (function words and lower-case linking particles skipped)."""
    skip = {"of", "the", "and", "for", "de", "du", "la", "in", "on"}
    words = [w for w in re.findall(r"[A-Za-z][\w']*", name) if w.lower() not in skip and w not in _PARTICLES]
    return "".join(w[0].upper() for w in words)


# lower-case particles linking the words of a name ('Tehreek-e-Taliban', 'Hizb-ut-Tahrir', 'Tahrir al-Sham')
LINKING_PARTICLES = frozenset({"e", "i", "ul", "ud", "ut", "ur", "us", "al", "el", "ad", "an", "as", "at", "o"})
_PARTICLES = LINKING_PARTICLES | {"bin", "ibn"}

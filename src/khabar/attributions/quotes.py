"""Quotation marks: straight and curly, balanced or not, possibly running over paragraphs."""

from __future__ import annotations

OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"'}
CLOSE = {"\u201d", "\u00bb", '"'}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each quotation, without the marks.

    An opening mark left unclosed runs to the end of its paragraph, unless the next paragraph
    opens with a mark again (the convention for quotes running over several paragraphs)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in OPEN and (c != '"' or i == 0 or not text[i - 1].isalnum()):
            closer = OPEN[c]
            j = i + 1
            while j < n and text[j] != closer and not (closer == '"' and text[j] == "\u201d"):
                if text.startswith("\n\n", j):
                    nxt = j + 2
                    while nxt < n and text[nxt] == "\n":
                        nxt += 1
                    if nxt < n and text[nxt] in OPEN:
                        j = nxt + 1  # the quote goes on in the next paragraph
                        continue
                    break
                j += 1
            if j > i + 1:
                spans.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quotation that holds [start, end), all but a few words of it; a content that is partly
    paraphrase and partly quoted ('the shortage of fuel "will hit ..."') is not a quotation."""
    best, best_len = None, 0
    for a, b in spans:
        overlap = min(b, end) - max(a, start)
        if overlap > best_len:
            best, best_len = (a, b), overlap
    if best and best_len >= 0.8 * max(1, end - start):
        return best
    return None

"""khabar: conflict reporting turned into a sourced, queryable record.

>>> import khabar
>>> record = khabar.extract(text, published="2020-06-09")
>>> record.to_dict()["entities"]
"""

from khabar.record import Record

__all__ = ["Record", "extract", "extract_many"]
__version__ = "0.1.0"


def extract(text: str, **meta) -> Record:
    from khabar.pipeline import extract as _extract

    return _extract(text, **meta)


def extract_many(articles, batch_size: int = 16):
    from khabar.pipeline import extract_many as _many

    return _many(articles, batch_size=batch_size)

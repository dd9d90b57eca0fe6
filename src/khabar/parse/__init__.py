"""Parsing: the spaCy pipeline, loaded once per process, with khabar's entity ruler."""

from khabar.parse.nlp import MODEL, get_nlp, parse

__all__ = ["MODEL", "get_nlp", "parse"]

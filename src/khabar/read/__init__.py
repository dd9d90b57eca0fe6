"""Reading articles: text, JSON Lines, HTML files and folders of them."""

from khabar.read.article import Article, InputError
from khabar.read.files import MAX_CHARS, read_paths

__all__ = ["Article", "InputError", "MAX_CHARS", "read_paths"]

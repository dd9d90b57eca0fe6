"""export: the store in the formats analysts' tools read (PLOVER, ACLED, GraphML/GEXF, FollowTheMoney, Parquet)."""

from khabar.export.formats import FORMATS, ExportError, export

__all__ = ["FORMATS", "ExportError", "export"]

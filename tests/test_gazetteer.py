"""The offline gazetteer: same-named places settled by context, and the cached index it starts from."""

from __future__ import annotations

from khabar.geo.gazetteer import Gazetteer


def test_same_named_cities_are_settled_by_the_article_countries(tmp_path):
    g = Gazetteer(cache_dir=tmp_path)
    assert g.lookup("Tripoli").country == "LY"  # the larger one when nothing else is known
    assert g.lookup("Tripoli", ["LB"]).country == "LB"
    assert g.lookup("Misratah").name == g.lookup("Misrata").name  # alternate spellings share a place
    assert g.lookup("al-Fashir") is not None and g.lookup("Nowhere-on-Earth") is None


def test_the_index_is_cached_and_a_broken_cache_is_rebuilt(tmp_path):
    first = Gazetteer(cache_dir=tmp_path)
    expected = first.candidates("Tripoli")
    files = list(tmp_path.glob("gazetteer-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    assert Gazetteer(cache_dir=tmp_path).candidates("Tripoli") == expected  # read back from the file
    files[0].write_bytes(b"\x00not an index")
    assert Gazetteer(cache_dir=tmp_path).candidates("Tripoli") == expected  # rebuilt, not crashed
    assert list(tmp_path.glob(".gazetteer-*")) == []  # no half-written files left behind


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("KHABAR_CACHE_DIR", "off")
    assert Gazetteer().lookup("Benghazi").country == "LY"
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    Gazetteer().lookup("Benghazi")
    assert list((tmp_path / "cache").glob("gazetteer-*.marshal"))

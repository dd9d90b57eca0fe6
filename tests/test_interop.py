"""Exports read back with the tools their users use, the PLOVER round trip, and `khabar import`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES, SHARED
from jsonschema import Draft202012Validator

from khabar.export import ExportError, export
from khabar.store import Store
from khabar.store import queries as q

DATA = Path(__file__).parent / "data" / "actors"
ACLED_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    from khabar.evaluate import gold_articles
    from khabar.read import Article, read_paths

    items = [a for a in read_paths([EXAMPLES, DATA / "articles.jsonl"]) if isinstance(a, Article)]
    if (SHARED / "corpus" / "dev").is_dir():
        items += gold_articles(SHARED / "corpus" / "dev")
    s = Store(str(tmp_path_factory.mktemp("interop") / "k.db"))
    assert not s.ingest(items).errors
    return s


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    "filters",
    [q.Filters(limit=None), q.Filters(type="ASSAULT", limit=None), q.Filters(country="SD", limit=None)],
    ids=["all", "assaults", "in-sudan"],
)
def test_plover_export_validates_and_matches_khabar_events(store, tmp_path, filters):
    out = tmp_path / "events.jsonl"
    n = export(store, "plover", filters, out)
    rows = _lines(out)
    schema = json.loads((Path(__file__).parent.parent / "src/khabar/contract/plover-event.schema.json").read_text())
    validator = Draft202012Validator(schema)
    for r in rows:
        assert not list(validator.iter_errors(r)), r
    listed = q.events(store, filters)
    assert n == len(rows) == len(listed) > 0
    assert Counter(r["event_type"] for r in rows) == Counter(e["type"] for e in listed)
    assert Counter(r["khabar"]["status"] for r in rows) == Counter(e["status"] for e in listed)
    assert {r["id"] for r in rows} == {f"{e['doc_id']}:{e['event']}" for e in listed}
    reported = [r for r in rows if r["khabar"]["status"] == "reported"]
    # reported by a source in the text (with its claim), or by nobody named ('strikes have been reported')
    assert all(r["khabar"]["attribution"] is None or r["khabar"]["attribution"]["cue"] for r in reported)
    assert not reported or any(r["khabar"]["attribution"] for r in reported)


def test_plover_round_trip_through_the_cli(store, tmp_path):
    db = str(store.engine.url.database)
    out = tmp_path / "assaults.jsonl"
    ran = _khabar("export", "--format", "plover", "--type", "ASSAULT", "-o", str(out), "--db", db)
    assert ran.returncode == 0, ran.stderr
    listed = json.loads(_khabar("events", "--type", "ASSAULT", "--json", "-n", "0", "--db", db).stdout)
    assert len(_lines(out)) == len(listed) and f"{len(listed)} item(s) written" in ran.stderr
    sure = tmp_path / "sure.jsonl"
    ran = _khabar("export", "-f", "plover", "--min-confidence", "0.8", "-o", str(sure), "--db", db)
    assert ran.returncode == 0, ran.stderr
    assert all(r["khabar"]["confidence"] >= 0.8 for r in _lines(sure))
    assert 0 < len(_lines(sure)) < len(q.events(store, q.Filters(limit=None)))


def test_acled_csv_reads_back_with_mapped_types(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled", q.Filters(limit=None), out)
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and set(rows[0]) >= {"event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
                                     "latitude", "longitude", "geo_precision", "source", "notes"}  # fmt: skip
    assert {r["event_type"] for r in rows} <= ACLED_TYPES
    assert {r["plover_type"] for r in rows} <= {"ASSAULT", "PROTEST", "COERCE", "AGREE", "MOBILIZE", "RETREAT"}
    shelling = [r for r in rows if r["plover_mode"] == "artillery"]
    assert shelling and all(r["sub_event_type"] == "Shelling/artillery/missile attack" for r in shelling)
    for r in rows:
        assert len(r["event_date"]) == 10 and r["event_date"][:4] == r["year"]
        if r["latitude"]:
            assert -90 <= float(r["latitude"]) <= 90 and r["geo_precision"] in {"1", "2", "3"}
    assaults = q.events(store, q.Filters(type="ASSAULT", limit=None))
    assert sum(r["plover_type"] == "ASSAULT" for r in rows) == len(assaults)


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_actor_network_opens_in_networkx(store, tmp_path, fmt, read):
    out = tmp_path / f"net.{fmt}"
    edges = export(store, fmt, q.Filters(limit=None), out)
    g = read(out)
    assert g.number_of_edges() == edges > 0
    labels = {n: d.get("label") for n, d in g.nodes(data=True)}
    assert all(labels.values())
    assert {d["type"] for _, d in g.nodes(data=True)} <= {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "OTHER"}
    between = [e for e in q.events(store, q.Filters(limit=None)) if e["source"] and e["target"]]
    assert sum(int(d["events"]) for _, _, d in g.edges(data=True)) == len(between)
    for _, _, d in g.edges(data=True):
        assert int(d["weight"]) == int(d["events"]) + int(d["claims"])
    assert any(int(d["claims"]) > 0 for _, _, d in g.edges(data=True))


def test_ftm_entities_follow_the_model(store, tmp_path):
    model = pytest.importorskip("followthemoney").model
    out = tmp_path / "ftm.json"
    export(store, "ftm", q.Filters(limit=None), out)
    entities = _lines(out)
    ids = {e["id"] for e in entities}
    for e in entities:
        proxy = model.get_proxy(e, cleaned=False)  # an unknown schema raises
        for name, values in e["properties"].items():
            prop = proxy.schema.properties.get(name)
            assert prop is not None, f"{e['schema']} has no property {name}"
            for v in values:
                assert prop.type.clean(v, proxy=proxy) is not None, (e["schema"], name, v)  # dates, countries, refs
                if prop.type.name == "entity":
                    assert v in ids, (e["id"], name, v)
    schemas = Counter(e["schema"] for e in entities)
    assert {"Article", "Person", "Organization", "Address", "Mention", "Event"} <= set(schemas)
    assert schemas["Article"] == q.stats(store)["articles"]


def test_parquet_tables_hold_the_store(store, tmp_path):
    out = tmp_path / "tables"
    export(store, "parquet", q.Filters(limit=None), out)
    stats = q.stats(store)
    tables = {p.stem: pq.read_table(p) for p in out.glob("*.parquet")}
    assert set(tables) == {"documents", "actors", "entities", "mentions", "attributions", "events"}
    assert tables["documents"].num_rows == stats["articles"]
    assert tables["events"].num_rows == stats["events"]
    assert tables["attributions"].num_rows == stats["attributions"]
    assert tables["mentions"].num_rows == stats["mentions"]
    events = tables["events"].to_pylist()
    assert {e["type"] for e in events} == set(stats["events_by_type"])
    docs = {d["id"] for d in tables["documents"].to_pylist()}
    assert {e["document_id"] for e in events} <= docs


def test_export_errors_are_one_line(store, tmp_path):
    with pytest.raises(ExportError, match="unknown format 'xml'"):
        export(store, "xml", q.Filters(), tmp_path / "x.xml")
    with pytest.raises(ExportError, match="does not exist"):
        export(store, "plover", q.Filters(), tmp_path / "no" / "such.jsonl")
    ran = _khabar("export", "-f", "xml", "-o", str(tmp_path / "x"), "--db", str(store.engine.url.database))
    assert ran.returncode == 2 and "unknown format" in ran.stderr


def test_import_stores_records_and_refuses_articles(tmp_path, example_records):
    good = tmp_path / "records.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in example_records), encoding="utf-8")
    plain = tmp_path / "articles.jsonl"
    plain.write_text(json.dumps({"text": "Not a record at all."}) + "\n", encoding="utf-8")
    db = str(tmp_path / "i.db")
    ran = _khabar("import", str(good), str(plain), "--db", db)
    assert ran.returncode == 1
    assert f"{plain}:1: not a khabar.record/1 record" in ran.stderr
    assert f"{len(example_records)} record(s) imported" in ran.stderr
    stored = Store(db)
    assert q.stats(stored)["articles"] == len(example_records)
    again = _khabar("import", str(good), "--db", db)
    assert again.returncode == 0 and f"{len(example_records)} already stored" in again.stderr


def _khabar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "khabar.cli", *args], capture_output=True, text=True)

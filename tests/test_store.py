"""The store on SQLite and on a real PostgreSQL: ingest, idempotence, bad input, resume after SIGKILL, queries."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED, dump_jsonl

from khabar.store import Store, StoreError
from khabar.store import queries as q
from khabar.store.ingest import date_range

DATA = Path(__file__).parent / "data" / "actors"


@pytest.fixture(scope="module")
def records_file(tmp_path_factory) -> Path:
    """Records of the examples, the test articles and (when present) the dev corpus, extracted once."""
    from khabar.evaluate import gold_articles
    from khabar.pipeline import extract_many
    from khabar.read import Article, read_paths

    articles = [a for a in read_paths([EXAMPLES, DATA / "articles.jsonl"]) if isinstance(a, Article)]
    dev = SHARED / "corpus" / "dev"
    if dev.is_dir():
        articles += gold_articles(dev)
    records = [r.to_dict() for r in extract_many(articles)]
    return dump_jsonl(tmp_path_factory.mktemp("records") / "records.jsonl", records)


def _read(path: Path):
    from khabar.read import read_paths

    return list(read_paths([path]))


def _everything(store: Store) -> dict:
    """Every query's answer, in a form that must not depend on the backend."""
    top = [a["name"] for a in q.actors(store, limit=6)]
    return {
        "stats": q.stats(store),
        "actors": q.actors(store, limit=None),
        "people": q.actors(store, type="PERSON", limit=None),
        "libya": q.actors(store, country="LY", limit=None),
        "actor": {name: q.actor(store, name, why=True) for name in top},
        "claims": q.claims(store, q.Filters(limit=None)),
        "anonymous": q.claims(store, q.Filters(source_kind="anonymous", limit=None)),
        "claims_2024": q.claims(store, q.Filters(date_from="2024-01-01", date_to="2024-12-31", limit=None)),
        "events": q.events(store, q.Filters(limit=None)),
        "assaults": q.events(store, q.Filters(type="ASSAULT", limit=None)),
        "events_sd": q.events(store, q.Filters(country="SD", date_from="2024-05-01", limit=None)),
        "reported": q.events(store, q.Filters(status="reported", limit=None)),
        "search": sorted(r["doc_id"] for r in q.search(store, "siege of the city")),
    }


def test_both_backends_store_and_answer_the_same(records_file, pg_server, tmp_path):
    items = _read(records_file)
    n = len(items)
    sqlite_store = Store(str(tmp_path / "k.db"))
    pg_store = Store(pg_server.create_database("agree"))
    answers = []
    for store in (sqlite_store, pg_store):
        report = store.ingest(items)
        assert (report.stored, report.duplicates, report.errors) == (n, 0, [])
        again = store.ingest(items)  # the same articles twice are stored once
        assert (again.stored, again.duplicates) == (0, n)
        answers.append(_everything(store))
    lite, pg = answers
    assert lite["stats"]["articles"] == n and lite["stats"]["events"] > 10 and lite["anonymous"]
    assert lite["search"], "full-text search found nothing"
    assert {r["type"] for r in lite["assaults"]} == {"ASSAULT"}
    for key in lite:
        assert lite[key] == pg[key], f"SQLite and PostgreSQL differ on {key}"


def test_one_actor_spelled_three_ways_and_two_sharing_a_surname(db_url):
    store = Store(db_url)
    store.ingest(_read(DATA / "articles.jsonl"))
    people = {a["name"]: a for a in q.actors(store, type="PERSON", limit=None)}
    official = q.actor(store, "Abdul Rahman Yousef Mahdawi", why=True)
    names = {n["name"] for n in official["names"]}
    assert len(names) == 3 and official["articles"] == 3, names
    assert official["first_seen"] == "2023-03-02" and official["last_seen"] == "2023-04-15"
    coach = q.actor(store, "Ali Mahdawi")
    assert coach["name"] != official["name"] and coach["articles"] == 1
    assert set(people) >= {official["name"], coach["name"]}
    reasons = [w["reason"] for w in official["why"]]
    assert sum("spellings of one name" in r for r in reasons) == 2, reasons
    with pytest.raises(StoreError, match="fits 2 actors"):
        store.find_actor("Mahdawi")


def test_a_name_finds_the_actor_that_carries_it(tmp_path):
    from khabar.read import Article
    from khabar.store import AmbiguousActor

    store = Store(str(tmp_path / "k.db"))
    texts = [
        "General Idris Marwan said on Monday that his forces had taken the airport. The Pro-Marwan Front shelled the "
        "southern suburbs, residents said. The general later told reporters the fighting would stop.",
        "Commander Idriss Marwan accused the government of lying on Thursday. The pro-Marwan camp walked out of the "
        "talks in Geneva, Idriss Marwan said.",
        "Rami Saleh and Yusuf Saleh, two brothers from Misrata, were arrested on Friday, police said.",
    ]
    items = [Article(text=t, id=f"t{i}", published=f"2024-03-0{i + 1}") for i, t in enumerate(texts)]
    assert not store.ingest(items, workers=1).errors
    names = {a["name"] for a in q.actors(store, limit=None)}
    assert any("pro-marwan" in n.lower() for n in names), names  # the side named after him is an actor
    person = store.find_actor("Idris Marwan")
    assert store.find_actor("Idriss Marwan") == person  # a spelling one of its entities carried
    assert store.find_actor("Merwan") == person  # a spelling no article used: the words, allowing for spelling
    assert store.find_actor("Marwan") == person  # the person, not the 'pro-Marwan' side
    with pytest.raises(AmbiguousActor) as tie:  # a real tie asks, numbered, with keys
        store.find_actor("Saleh")
    assert len(tie.value.candidates) == 2 and "1. " in str(tie.value) and "(key " in str(tie.value)


def test_corrections_survive_relink_and_new_articles(db_url, tmp_path):
    store = Store(db_url)
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    first = dump_jsonl(tmp_path / "first.jsonl", [json.loads(x) for x in lines[:3]])
    store.ingest(_read(first))
    official = q.actor(store, "Abdulrahman Youssef al-Mahdawi")["name"]
    name, moved = store.split(official, "Abdul Rahman Yousef Mahdawi")
    assert moved == 1 and q.actor(store, name)["articles"] == 1
    store.relink()
    assert q.actor(store, official)["articles"] == 2 and q.actor(store, name)["articles"] == 1
    kept, gone, moved = store.merge(official, name)
    assert (kept, gone, moved) == (official, name, 1)
    store.relink()
    assert q.actor(store, official)["articles"] == 3
    assert "merged by correction" in " ".join(w["reason"] for w in q.actor(store, official, why=True)["why"])
    store.ingest(_read(DATA / "articles.jsonl"))  # the coach stays apart; the official's names still merge
    assert q.actor(store, "Ali Mahdawi")["articles"] == 1
    with pytest.raises(StoreError, match="already one actor"):
        store.merge(official, "Abdul Rahman Yousef Mahdawi")


def test_bad_input_is_reported_and_skipped(db_url, example_records, tmp_path):
    good = example_records[:2]
    broken = json.loads(json.dumps(example_records[2]))
    broken["entities"][0]["mentions"][0]["start"] += 1  # no longer grounded
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps(good[0]), "{not json", json.dumps(broken), json.dumps(good[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(db_url)
    report = store.ingest(_read(path))
    assert report.stored == 2
    assert len(report.errors) == 2
    assert report.errors[0].startswith(f"{path}:2: malformed JSON")
    assert report.errors[1].startswith(f"{path}:3: not a valid khabar.record/1")
    assert q.stats(store)["articles"] == 2


def _khabar(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "khabar.cli", *args], capture_output=True, text=True, **kw)


def _dump(db: Path) -> dict:
    """The store's content without its surrogate ids and timestamps."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute("SELECT content_hash, doc_id, record FROM documents ORDER BY 1").fetchall(),
            "entities": conn.execute(
                "SELECT d.content_hash, e.local_id, e.name, a.key, a.name, e.link FROM entities e"
                " JOIN documents d ON d.id = e.document_id JOIN actors a ON a.id = e.actor_id ORDER BY 1, 2"
            ).fetchall(),
            "events": conn.execute(
                "SELECT d.content_hash, v.local_id, v.type, v.status, v.date FROM events v"
                " JOIN documents d ON d.id = v.document_id ORDER BY 1, 2"
            ).fetchall(),
            "claims": conn.execute(
                "SELECT d.content_hash, a.local_id, a.source_kind, a.content FROM attributions a"
                " JOIN documents d ON d.id = a.document_id ORDER BY 1, 2"
            ).fetchall(),
            "search": conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'the'").fetchall(),
        }
    finally:
        conn.close()


def test_ingest_killed_midway_then_rerun_equals_an_uninterrupted_run(tmp_path):
    inputs = [str(EXAMPLES), str(DATA / "articles.jsonl")]
    total = 9
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    done = _khabar("ingest", *inputs, "--db", str(whole), "--no-progress")
    assert done.returncode == 0, done.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar.cli", "ingest", *inputs, "--db", str(killed), "--batch-size", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if killed.exists():
            try:
                with sqlite3.connect(killed, timeout=1) as c:
                    stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                stored = 0
            if stored >= 2:
                os.kill(proc.pid, signal.SIGKILL)
                break
        time.sleep(0.02)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    assert 2 <= stored < total
    resumed = _khabar("ingest", *inputs, "--db", str(killed), "--no-progress")
    assert resumed.returncode == 0, resumed.stderr
    assert "already stored" in resumed.stderr
    assert _dump(killed) == _dump(whole)
    assert len(_dump(whole)["documents"]) == total


def test_cli_questions(records_file, tmp_path):
    db = str(tmp_path / "cli.db")
    ran = _khabar("ingest", str(records_file), "--db", db)
    assert ran.returncode == 0, ran.stderr
    actors = json.loads(_khabar("actors", "--db", db, "--json", "-n", "5").stdout)
    assert len(actors) == 5 and actors[0]["mentions"] >= actors[-1]["mentions"]
    detail = json.loads(_khabar("actor", actors[0]["name"], "--db", db, "--why", "--json").stdout)
    assert detail["name"] == actors[0]["name"] and detail["why"]
    anonymous = _khabar("claims", "--anonymous", "--db", db, "--csv", "-n", "0")
    rows = anonymous.stdout.splitlines()
    assert rows[0].startswith("published,outlet,via,source") and len(rows) > 2
    assert all(",anonymous," in r for r in rows[1:] if r.count(",") > 6)
    assaults = json.loads(_khabar("events", "--type", "assault", "--db", db, "--json", "-n", "0").stdout)
    assert assaults and {e["type"] for e in assaults} == {"ASSAULT"}
    table = _khabar("events", "--db", db, "-n", "3")
    assert table.returncode == 0 and "evidence" in table.stdout
    every = json.loads(_khabar("events", "--db", db, "--json", "-n", "0").stdout)
    cut = sorted(e["confidence"] for e in every)[len(every) // 2]
    sure = json.loads(_khabar("events", "--db", db, "--json", "-n", "0", "--min-confidence", str(cut)).stdout)
    assert sure and len(sure) == sum(e["confidence"] >= cut for e in every) < len(every) + 1
    assert all(e["confidence"] >= cut for e in sure)
    assert any(e["date"] is None for e in every) and all(e["published"] for e in every)  # never the one for the other
    bad = _khabar("events", "--db", db, "--min-confidence", "2")
    assert bad.returncode == 2
    found = _khabar("search", "shelled", "--db", db, "--json")
    assert any("[shelled]" in r["snippet"] for r in json.loads(found.stdout))
    stats = json.loads(_khabar("stats", "--db", db, "--json").stdout)
    assert stats["articles"] == len(records_file.read_text().splitlines())
    missing = _khabar("actor", "Nobody At All", "--db", db)
    assert missing.returncode == 2 and "no actor named 'Nobody At All'" in missing.stderr
    nowhere = _khabar("stats", "--db", str(tmp_path / "no" / "such" / "dir.db"))
    assert nowhere.returncode == 2 and "does not exist" in nowhere.stderr


def test_kb_import_export_and_relink(db_url, tmp_path):
    store = Store(db_url)
    store.ingest(_read(DATA / "articles.jsonl"))
    kb = tmp_path / "mine.yaml"
    kb.write_text(
        "actors:\n"
        "  - id: ly-misrata-mayor\n"
        "    name: Abdulrahman al-Mahdawi\n"
        "    type: PERSON\n"
        "    country: LY\n"
        "    aliases: [Abdul Rahman Yousef Mahdawi, عبد الرحمن المهدوي]\n"
        "    roles: [head of the Misrata municipal council]\n"
        "    wikidata: Q999999\n",
        encoding="utf-8",
    )
    from khabar.entities.kb import KbFormatError, load_kb_file

    store.kb_put(load_kb_file(kb))
    store.relink()
    mayor = q.actor(store, "Abdulrahman al-Mahdawi", why=True)
    assert mayor["kb_id"] == "ly-misrata-mayor" and mayor["country"] == "LY"
    assert any("knowledge-base name" in w["reason"] for w in mayor["why"])
    assert [a.to_dict() for a in store.kb_entries()] == [a.to_dict() for a in load_kb_file(kb)]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  name: Someone\n  type: PERSONA\n", encoding="utf-8")
    with pytest.raises(KbFormatError, match=r"bad.yaml: actor 1: type 'PERSONA'"):
        load_kb_file(bad)


def test_event_dates_become_day_ranges():
    assert date_range("2020-06") == ("2020-06-01", "2020-06-30")
    assert date_range("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_range("2019") == ("2019-01-01", "2019-12-31")
    assert date_range("2019-04-05") == ("2019-04-05", "2019-04-05")
    assert date_range(None) == (None, None)


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_models_and_migrations_agree(tmp_path):
    """A change to the tables must come with a migration: the migrated schema equals the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from khabar.store.models import Base

    store = Store(str(tmp_path / "m.db"))
    Store(str(tmp_path / "m.db"))  # opening again is a no-op upgrade

    def ours(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and (name.startswith("documents_fts") or name == "alembic_version"))

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": ours})
        assert compare_metadata(ctx, Base.metadata) == []
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0003"
        # indexes on expressions are beyond what SQLite lets the comparison reflect: they are looked up instead
        made = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"ix_entities_name_lower", "ix_mentions_text_lower", "ix_documents_published_order"} <= made


def test_claim_names_worked_out_at_ingest_equal_those_a_migration_works_out(records_file, tmp_path):
    """Stores made before claim names get them from their mentions: the same rows ingest writes."""
    from khabar.store.db import upgrade

    store = Store(str(tmp_path / "c.db"))
    store.ingest(_read(records_file))

    def rows() -> set:
        with store.engine.connect() as conn:
            return set(conn.exec_driver_sql("SELECT attribution_id, entity_id FROM claim_names").all())

    at_ingest = rows()
    assert len(at_ingest) > 20
    with store.engine.begin() as conn:  # back to the schema before them, then up again
        from importlib import resources

        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("khabar.store").joinpath("migrations")))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'claim_names'").scalar() == 0
    upgrade(store.engine)
    assert rows() == at_ingest
    with store.engine.connect() as conn:
        named = conn.exec_driver_sql(
            "SELECT e.actor_id, count(DISTINCT c.attribution_id) FROM claim_names c JOIN entities e ON e.id = c.entity_id"
            " GROUP BY e.actor_id ORDER BY 2 DESC LIMIT 1"
        ).one()
    assert len(q.claims(store, q.Filters(limit=None), about_actor=named[0])) == named[1]


def test_lists_counted_on_their_lean_queries_count_what_they_list(records_file, tmp_path):
    """Totals and facets come from a leaner query than the rows: for every filter, the same numbers."""
    store = Store(str(tmp_path / "t.db"))
    store.ingest(_read(records_file))
    top = q.actors(store, limit=1, with_id=True)[0]["id"]
    libyan = q.Filters(country="LY", with_actor_country=True)
    event_filters = [q.Filters(), q.Filters(type="ASSAULT"), q.Filters(status="reported"), libyan,
                     q.Filters(country="LY"), q.Filters(outlet=q.NONE), q.Filters(date_from="2020-01-01")]  # fmt: skip
    columns = ("type", "status", "outlet", "country")
    for f in event_filters:
        for actor_id in (None, top):
            full = q.counted(store, q.events_query(store, f, actor_id=actor_id), columns)
            assert full == q.counted(store, q.events_query(store, f, actor_id=actor_id, tally=True), columns)
            assert full[0] == len(q.events(store, q.Filters(**{**f.__dict__, "limit": None}), actor_id=actor_id))
    assert q.counted(store, q.events_query(store, libyan, tally=True), ())[0] > 0
    for f in (q.Filters(), q.Filters(source_kind="anonymous"), q.Filters(named_only=True)):
        for by, about in ((None, None), (top, None), (None, top)):
            full = q.claims_query(store, f, by_actor=by, about_actor=about)
            lean = q.claims_query(store, f, by_actor=by, about_actor=about, tally=True)
            assert q.counted(store, full, ("source_kind", "outlet")) == q.counted(store, lean, ("source_kind", "outlet"))


def _record(doc_id: str, text: str, names: list[tuple[str, str]]) -> dict:
    """A minimal valid record of ``text`` whose entities are the given (name, type) pairs, each named in the text."""
    entities = []
    for i, (name, kind) in enumerate(names, start=1):
        start = text.index(name)
        entities.append({"id": f"e{i}", "name": name, "type": kind, "roles": [], "kb_id": None,
                         "mentions": [{"text": name, "start": start, "end": start + len(name)}]})  # fmt: skip
    doc = {"id": doc_id, "text": text, "title": None, "outlet": None, "url": None, "published": None, "language": "en"}
    return {"schema": "khabar.record/1", "doc": doc, "entities": entities, "attributions": [], "events": []}


def test_names_the_blocking_keys_cannot_index_still_find_their_actor(db_url, tmp_path):
    # a handle has no name words to block on: the second article used to fail on the actor's unique key
    rows = [
        _record("one", "Twitter @ExampleDesk posted a video of the convoy.", [("Twitter @ExampleDesk", "PERSON")]),
        _record("two", "Later Twitter @ExampleDesk posted another one.", [("Twitter @ExampleDesk", "PERSON")]),
        _record("three", "The account @ExampleWire said nothing.", [("@ExampleWire", "ORG")]),
        _record("four", "And @ExampleWire was quiet.", [("@ExampleWire", "ORG")]),
    ]
    store = Store(db_url)
    report = store.ingest(_read(dump_jsonl(tmp_path / "handles.jsonl", rows)))
    assert report.errors == [] and report.stored == 4
    names = [a["name"] for a in q.actors(store, limit=None)]
    assert names.count("Twitter @ExampleDesk") == 1 and names.count("@ExampleWire") == 1


def test_two_ingests_at_once_into_a_new_store_store_every_article(db_url, records_file, tmp_path):
    records = records_file.read_text(encoding="utf-8").splitlines()
    forward = records_file
    backward = tmp_path / "backward.jsonl"
    backward.write_text("\n".join(reversed(records)) + "\n", encoding="utf-8")
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    halves[0].write_text("\n".join(records[::2]) + "\n", encoding="utf-8")
    halves[1].write_text("\n".join(records[1::2]) + "\n", encoding="utf-8")
    target = db_url
    for pair in ((forward, backward), halves):
        if not target.startswith("postgresql"):
            target = str(tmp_path / f"{pair[0].stem}.db")  # a new SQLite file each time
        runs = [
            subprocess.Popen([sys.executable, "-m", "khabar.cli", "ingest", str(p), "--db", target, "--no-progress"],
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
            for p in pair
        ]
        outcomes = [(r.wait(300), r.stderr.read()) for r in runs]
        for code, err in outcomes:
            assert code == 0, err
            assert "error" not in err, err
        store = Store(target)
        assert q.stats(store)["articles"] == len({json.loads(r)["doc"]["text"] for r in records})
        if target.startswith("postgresql"):
            break  # the PostgreSQL database is not new any more


def test_described_actors_stay_in_their_article_unless_a_country_names_them(db_url):
    from khabar.pipeline import extract_many
    from khabar.read import Article

    texts = {
        "sy": "Government forces shelled the town of Saraqeb. Iraqi militants attacked a checkpoint.",
        "sd": "Government forces shelled the market in El Fasher. Iraqi militants attacked a convoy.",
    }
    records = [r.to_dict() for r in extract_many([Article(text=t, id=k) for k, t in texts.items()])]
    store = Store(db_url)
    store.ingest([Article(text=r["doc"]["text"], id=r["doc"]["id"], record=r) for r in records])
    described = [a for a in q.actors(store, limit=None) if a["name"].lower().endswith(("forces", "militants"))]
    assert sorted(a["name"] for a in described) == ["Iraqi militants", "government forces", "government forces"]


def test_a_described_actor_keeps_its_country_in_the_record_and_the_store(db_url):
    from khabar.pipeline import extract_many
    from khabar.read import Article

    [record] = [r.to_dict() for r in extract_many([Article(text="Iraqi militants attacked a checkpoint.", id="iq")])]
    assert [(e["name"], e.get("country")) for e in record["entities"]] == [("Iraqi militants", "IQ")]
    store = Store(db_url)
    store.ingest([Article(text=record["doc"]["text"], id="iq", record=record)])
    assert [(a["name"], a["country"]) for a in q.actors(store, limit=None)] == [("Iraqi militants", "IQ")]

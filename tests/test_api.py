"""The REST API and the pages behind `khabar serve`, in process: answers agree with the queries,
untrusted article text is escaped, the token and the upload limit are enforced."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html import unescape

import pytest
from conftest import EXAMPLES
from fastapi.testclient import TestClient

from khabar.serve import create_app
from khabar.store import Store
from khabar.store import queries as q

HOSTILE = (
    "Rebels attacked the town of Kafr Nabl on Monday, residents said. "
    '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> '
    "A spokesman for the group, Abu <b>Omar</b>, said the fighters had withdrawn."
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    from khabar.read import Article, read_paths

    s = Store(str(tmp_path_factory.mktemp("api") / "k.db"))
    items = [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]
    items.append(Article(text=HOSTILE, id="hostile", title="<script>alert(1)</script>", published="2024-03-04",
                         url="javascript:alert(1)"))  # fmt: skip
    assert not s.ingest(items, workers=1).errors
    return s


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store=store, warm=False), base_url="http://127.0.0.1") as c:
        yield c


def _hostile_id(client) -> int:
    return next(d["id"] for d in client.get("/api/documents").json() if d["doc_id"] == "hostile")


def test_api_answers_agree_with_the_store(client, store):
    assert client.get("/api/stats").json() == q.stats(store)
    docs = client.get("/api/documents", params={"limit": 100}).json()
    assert len(docs) == q.stats(store)["articles"]
    one = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert one["record"]["schema"] == "khabar.record/1" and set(one["actors"]) == {e["id"] for e in one["record"]["entities"]}
    top = client.get("/api/actors", params={"limit": 3}).json()
    assert [a["name"] for a in top] == [a["name"] for a in q.actors(store, limit=3)]
    info = client.get(f"/api/actors/{top[0]['id']}", params={"why": True}).json()
    assert info["name"] == top[0]["name"] and info["why"] and "related" in info
    anonymous = client.get("/api/claims", params={"kind": "anonymous"}).json()
    assert anonymous and {c["source_kind"] for c in anonymous} == {"anonymous"}
    named = client.get("/api/claims", params={"named_only": True}).json()
    assert named and "anonymous" not in {c["source_kind"] for c in named}
    assaults = client.get("/api/events", params={"type": "ASSAULT"}).json()
    assert assaults == q.events(store, q.Filters(type="ASSAULT", limit=500))
    net = client.get("/api/network").json()
    assert net["nodes"] and net["edges"] and {"source", "target", "events", "claims"} <= set(net["edges"][0])
    assert client.get("/api/search", params={"q": "shelled"}).json()


def test_missing_and_invalid_input_are_4xx_not_5xx(client):
    assert client.get("/api/documents/999999").status_code == 404
    assert client.get("/api/actors/999999").status_code == 404
    assert client.get("/api/claims", params={"actor_id": 999999}).status_code == 404
    assert client.get("/api/events", params={"type": "PICNIC"}).status_code == 422
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.post("/api/articles", json={"text": "   "}).status_code == 422
    assert client.get("/documents/999999").status_code == 404
    assert client.get("/actors/999999").status_code == 404


def test_untrusted_article_text_is_escaped_everywhere(client):
    doc = _hostile_id(client)
    page = client.get(f"/documents/{doc}")
    html = page.text
    assert page.status_code == 200
    assert "<script>window.__pwned" not in html and "onerror=\"window" not in html
    article = html.split('id="article-text">', 1)[1].split("</article>", 1)[0]
    assert set(re.findall(r"</?(\w+)", article)) == {"span"}  # khabar's marks are the only elements
    assert unescape(re.sub(r"<[^>]+>", "", article)) == HOSTILE  # and the text reads exactly as written
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title too
    assert 'href="javascript:' not in html  # an untrusted URL is not made a link
    assert "script-src 'self'" in page.headers["content-security-policy"]
    data = html.split('<script type="application/json" id="page-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # the embedded JSON cannot close its script block
    assert json.loads(data)["record"]["entities"]
    for path in ("/claims", "/events", f"/actors/{client.get('/api/actors').json()[0]['id']}", "/search?q=pwned"):
        body = client.get(path).text
        assert "<script>window.__pwned" not in body and "<img src=x" not in body, path


def test_an_added_article_is_extracted_in_the_background(client):
    job = client.post("/api/articles", json={
        "text": "Government forces shelled the town of Maarat al-Numan on Friday, the Syrian Observatory said.",
        "published": "2024-02-02", "outlet": "Test Wire", "title": "Shelling in Idlib"})  # fmt: skip
    assert job.status_code == 202
    state = job.json()
    deadline = time.monotonic() + 90
    while state["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        state = client.get(f"/api/jobs/{state['id']}").json()
    assert state["state"] == "finished" and state["stored"] == 1 and len(state["documents"]) == 1
    rec = client.get(f"/api/documents/{state['documents'][0]}").json()["record"]
    assert rec["doc"]["title"] == "Shelling in Idlib" and rec["events"]


def test_uploads_are_limited_and_read_like_files(store):
    with TestClient(create_app(store=store, warm=False, max_upload=2000), base_url="http://127.0.0.1") as c:
        big = c.post("/api/uploads", files={"files": ("big.txt", b"word " * 1000, "text/plain")})
        assert big.status_code == 413
        odd = c.post("/api/uploads", files={"files": ("notes.pdf", b"%PDF-1.4", "application/pdf")})
        assert odd.status_code == 202
        state = odd.json()
        while state["state"] in ("queued", "running"):
            time.sleep(0.1)
            state = c.get(f"/api/jobs/{state['id']}").json()
        assert state["stored"] == 0 and "notes.pdf: not one of .txt" in state["errors"][0]


def test_a_token_guards_every_request(store):
    with TestClient(create_app(store=store, warm=False, token="s3cret"), base_url="http://127.0.0.1") as c:
        assert c.get("/api/stats").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        first = c.get("/?token=s3cret")  # a link with the token logs the browser in
        assert first.status_code == 200 and "khabar_token" in first.headers.get("set-cookie", "")
        assert c.get("/api/stats").status_code == 200  # the cookie now rides along
        assert c.get("/static/app.css").status_code == 200


def test_serve_refuses_other_addresses_without_a_token(tmp_path):
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "serve", "--host", "0.0.0.0", "--db", str(tmp_path / "k.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 2 and "give an access token" in ran.stderr


def test_an_undated_event_shows_no_date_but_its_articles_publication(client):
    events = client.get("/api/events", params={"limit": 50}).json()  # the rows of the page's first window
    undated = [e for e in events if e["date"] is None]
    assert undated and all(e["published"] for e in undated)
    page = client.get("/events").text
    assert "undated" in page and f"reported {undated[0]['published'][:10]}" in page


def test_lists_page_with_a_total_and_the_same_rows_as_csv(client, store):
    for path in ("/api/documents", "/api/actors", "/api/claims", "/api/events"):
        whole = client.get(path, params={"limit": 1000})
        total = int(whole.headers["X-Total-Count"])
        assert total == len(whole.json()) > 3, path
        first, second = (client.get(path, params={"limit": 2, "offset": o}) for o in (0, 2))
        assert first.headers["X-Total-Count"] == second.headers["X-Total-Count"] == str(total)
        assert first.json() + second.json() == whole.json()[:4], path  # windows of one order, no overlap
        csv_text = client.get(path, params={"limit": 2, "format": "csv"})
        assert csv_text.headers["content-type"].startswith("text/csv")
        lines = csv_text.text.splitlines()
        assert lines[0].split(",") == list(first.json()[0]) and len(lines) == 3, path
    assert client.get("/api/search", params={"q": "said"}).headers["X-Total-Count"].isdigit()


def test_lists_sort_by_a_column_and_refuse_an_unknown_one(client):
    rows = client.get("/api/actors", params={"sort": "name", "limit": 1000}).json()
    names = [r["name"] for r in rows]
    assert names == sorted(names, key=str.casefold)  # by name, case aside
    most = client.get("/api/documents", params={"sort": "-events", "limit": 1000}).json()
    assert [d["events"] for d in most] == sorted((d["events"] for d in most), reverse=True)
    bad = client.get("/api/events", params={"sort": "evidence"})
    assert bad.status_code == 422 and "cannot sort by 'evidence'" in bad.json()["detail"]


def test_pages_count_filter_by_facet_and_say_what_they_ignored(client, store):
    total = q.stats(store)["events"]
    page = client.get("/events").text
    assert f"1–{min(total, 50)} of {total:,} events" in page
    counts = dict((t, n) for t, n in q.stats(store)["events_by_type"].items())
    top, n = next(iter(counts.items()))
    assert f'href="/events?type={top}">{top} <span class="n">{n:,}</span>' in page  # a facet filters on click
    filtered = client.get("/events", params={"type": top}).text
    assert f"of {n:,} events" in filtered or f"1–{n} of {n} events" in filtered
    odd = client.get("/events", params={"type": "bogus", "since": "notadate", "page": "-1"}).text
    assert "no type &#39;bogus&#39;" in odd and "&#39;notadate&#39; is not a day" in odd and "not a page number" in odd
    assert f"of {total:,} events" in odd  # nothing silently dropped: every event, with the notices


def test_a_none_facet_filters_to_the_rows_without_a_value(client, store):
    events = q.events(store, q.Filters(limit=None))
    unplaced = sum(1 for e in events if not e["country"])
    assert 0 < unplaced < len(events)
    page = client.get("/events").text
    assert 'class="none" href="/events?country=%28none%29">none' in page
    filtered = client.get("/events", params={"country": "(none)"}).text
    assert f"of {unplaced:,} events" in filtered or f"1–{unplaced} of {unplaced} events" in filtered
    docs = client.get("/documents", params={"outlet": "(none)"}).text
    assert "hostile" in docs or "&lt;script&gt;" in docs  # the article sent without an outlet
    assert "no articles from the outlet" not in docs


def test_an_actor_pages_lists_sort_and_filter_each_on_its_own(client, store):
    top = max(q.actor_list(store), key=lambda r: r["mentions"])
    evs = q.events(store, q.Filters(limit=None), actor_id=top["id"])
    types = sorted({e["type"] for e in evs})
    assert evs and types
    page = client.get(f"/actors/{top['id']}").text
    assert f'href="/actors/{top["id"]}?etype={types[0]}">{types[0]} ' in page  # the events' facet, its own param
    assert 'aria-sort="none"><a href="/actors/' in page and "esort=date" in page
    one = client.get(f"/actors/{top['id']}", params={"etype": types[0], "esort": "-date"}).text
    n = sum(1 for e in evs if e["type"] == types[0])
    assert f"of {n:,} events" in one or f"1–{n} of {n} events" in one
    assert 'aria-sort="descending"' in one
    bad = client.get(f"/actors/{top['id']}", params={"esort": "evidence", "bkind": "gossip"}).text
    assert "cannot sort by &#39;evidence&#39;" in bad and "no source kind &#39;gossip&#39;" in bad
    dated = client.get(f"/actors/{top['id']}", params={"msort": "published"}).text
    assert "order by" in dated and 'aria-current="true">date' in dated


def test_search_results_sort_by_date_title_or_outlet(client):
    best = client.get("/api/search", params={"q": "the", "limit": 100}).json()
    newest = client.get("/api/search", params={"q": "the", "limit": 100, "sort": "-published"}).json()
    assert len(best) == len(newest) > 2 and {r["id"] for r in best} == {r["id"] for r in newest}
    days = [r["published"] for r in newest if r["published"]]
    assert days == sorted(days, reverse=True) and all(r["published"] for r in newest[: len(days)])
    assert client.get("/api/search", params={"q": "the", "sort": "snippet"}).status_code == 422
    page = client.get("/search", params={"q": "the", "sort": "title"}).text
    assert "order by" in page and 'aria-current="true">title' in page and "sort=title" in page
    assert "cannot sort by" in client.get("/search", params={"q": "the", "sort": "bogus"}).text


def test_answers_are_kept_until_the_store_changes(store, tmp_path):
    import sqlite3

    from khabar.read import Article

    with sqlite3.connect(store.engine.url.database) as src, sqlite3.connect(tmp_path / "copy.db") as dst:
        src.backup(dst)
    copy = Store(str(tmp_path / "copy.db"))
    with TestClient(create_app(store=copy, warm=False), base_url="http://127.0.0.1") as c:
        zipped = {"Accept-Encoding": "gzip"}
        first, again = c.get("/api/stats", headers=zipped), c.get("/api/stats", headers=zipped)
        assert first.json() == again.json() == q.stats(copy) and first.headers["etag"] == again.headers["etag"]
        page = c.get("/events", headers=zipped)
        assert page.headers["content-encoding"] == "gzip" and "X-Content-Type-Options" in page.headers
        unchanged = c.get("/events", headers={**zipped, "If-None-Match": page.headers["etag"]})
        assert unchanged.status_code == 304 and not unchanged.content
        assert c.get("/api/documents", headers={"Host": "rebound.example"}).status_code == 400  # still guarded
        before = first.json()["articles"]
        assert not copy.ingest([Article(text="Rebels attacked the town of Kassala.", id="new", published="2024-05-01")],
                               workers=1).errors  # fmt: skip
        assert c.get("/api/stats", headers=zipped).json()["articles"] == before + 1  # a change shows at once
        assert c.get("/events", headers={**zipped, "If-None-Match": page.headers["etag"]}).status_code == 200


def test_browsers_get_error_pages_and_the_api_keeps_json(client):
    html = {"Accept": "text/html,application/xhtml+xml"}
    page = client.get("/documents/abc", headers=html)
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html") and "<h1>" in page.text
    missing = client.get("/no/such/page", headers=html)
    assert missing.status_code == 404 and "There is no such page." in missing.text
    api = client.get("/api/documents/abc", headers=html)
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["path", "document_id"]
    assert client.get("/api/nothing").json() == {"detail": "Not Found"}
    assert client.get("/events", headers={"Accept-Encoding": "gzip"}).headers.get("content-encoding") == "gzip"


def test_merge_and_split_from_the_actor_page(store, tmp_path):
    import sqlite3

    with sqlite3.connect(store.engine.url.database) as src, sqlite3.connect(tmp_path / "copy.db") as dst:
        src.backup(dst)  # a copy of the examples' store: corrections here leave the module's store alone
    copy = Store(str(tmp_path / "copy.db"))
    with TestClient(create_app(store=copy, warm=False), base_url="http://127.0.0.1") as c:
        a, b = (c.get(f"/api/actors/{x['id']}").json() for x in c.get("/api/actors", params={"type": "PERSON", "limit": 2}).json())
        before = int(c.get("/api/actors").headers["X-Total-Count"])
        refused = c.post(f"/actors/{a['id']}/merge", data={"other": b["key"]}, headers={"Origin": "https://evil.example"})
        assert refused.status_code == 403 and int(c.get("/api/actors").headers["X-Total-Count"]) == before
        merged = c.post(f"/actors/{a['id']}/merge", data={"other": b["key"]}, follow_redirects=False)
        assert merged.status_code == 303 and merged.headers["location"].startswith(f"/actors/{a['id']}?merged=")
        after = c.get(f"/api/actors/{a['id']}").json()
        assert {n["name"] for n in after["names"]} >= {b["name"]}
        assert c.get(f"/api/actors/{b['id']}").status_code == 404
        assert "merged" in c.get(merged.headers["location"]).text
        split = c.post(f"/actors/{a['id']}/split", data={"name": b["name"]}, follow_redirects=False)
        assert split.status_code == 303
        back = c.get(split.headers["location"].split("?")[0].replace("/actors/", "/api/actors/")).json()
        assert back["name"] == b["name"] and back["id"] != a["id"]
        assert _corrections(copy) == ["merge", "split"]  # remembered and replayed on re-ingest, as the CLI's are


def _corrections(store: Store) -> list[str]:
    from sqlalchemy import select

    from khabar.store.models import Correction

    with store.engine.connect() as conn:
        return list(conn.execute(select(Correction.action).order_by(Correction.id)).scalars())

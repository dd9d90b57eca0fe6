"""The web app as an analyst uses it all day, on a store of 176 real articles (the shared corpora: the dev
set, PolNeAR's dev split and the off-topic science set), in Debian's headless Chromium at 1,400 and 390 px:
every page without sideways scroll and without a serious accessibility violation (axe-core), every list paged
with its total, the reader usable from the keyboard, a spelling finds its actor. Screenshots of every page at
both widths go to artifacts/screenshots/."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest
from browser import chromium, require_chromium
from conftest import ROOT, SHARED, dump_jsonl
from liveserver import served

CORPUS = SHARED / "corpus"
SHOTS = ROOT / "artifacts" / "screenshots"
WIDTHS = (1400, 390)

playwright = require_chromium()
if not (CORPUS / "dev").is_dir() or not (CORPUS / "polnear-dev").is_dir():
    pytest.skip("the shared corpora are not present beside this checkout", allow_module_level=True)
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


def _real_articles() -> list[dict]:
    rows = []
    for sub in ("dev", "polnear-dev"):
        for txt in sorted((CORPUS / sub).glob("*.txt")):
            doc = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))["doc"]
            rows.append({k: doc.get(k) for k in ("id", "title", "outlet", "published")} | {"text": txt.read_text()})
    science = CORPUS / "offtopic-science.jsonl"
    if science.is_file():
        rows += [json.loads(line) for line in science.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("analyst")
    articles = _real_articles()
    assert len(articles) >= 150
    with served(str(tmp / "k.db"), str(dump_jsonl(tmp / "real.jsonl", articles)), workers=2) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium(SHOTS) as b:
        yield b


def _page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    return context, pg


def api(base: str, path: str):
    """(JSON body, headers: looked up in any case) of a GET on the API."""
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.loads(r.read()), r.headers


def _pages(base: str) -> dict[str, str]:
    top_actor = api(base, "/api/actors?limit=1")[0][0]["id"]
    busiest = api(base, "/api/documents?sort=-events&limit=1")[0][0]["id"]
    return {
        "home": "/", "articles": "/documents", "actors": "/actors", "claims": "/claims", "events": "/events",
        "search": "/search?q=forces", "actor": f"/actors/{top_actor}", "article": f"/documents/{busiest}",
        "add": "/add", "not-found": "/documents/999999", "bad-address": "/documents/abc",
    }  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_and_passes_axe(server, browser, width):
    context, pg = _page(browser, width)
    axe = axe_module.Axe()
    problems = []
    for name, path in _pages(server).items():
        pg.goto(server + path, wait_until="networkidle")
        pg.screenshot(path=str(SHOTS / f"{width}-{name}.png"))
        wide = pg.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{path}: {wide} px wide at {width} px")
        found = axe.run(pg).response["violations"]
        problems += [f"{path}: axe {v['id']} ({v['impact']}, {len(v['nodes'])} nodes)" for v in found
                     if v["impact"] in ("critical", "serious")]  # fmt: skip
    context.close()
    assert not problems, problems
    assert not pg.errors


def test_every_list_is_paged_with_its_total(server, browser):
    context, pg = _page(browser, 1400)
    for path, api_path, what in (("/documents", "/api/documents", "articles"), ("/actors", "/api/actors", "actors"),
                                 ("/claims", "/api/claims", "claims"), ("/events", "/api/events", "events")):  # fmt: skip
        total = int(api(server, api_path + "?limit=1")[1]["X-Total-Count"])
        assert total > 50, path
        pg.goto(server + path)
        assert pg.locator(".pager .count").first.inner_text() == f"1–50 of {total:,} {what}"
        pg.locator(".pager a[rel=next]").first.click()
        pg.wait_for_url(re.compile(r"page=2"))
        assert pg.locator(".pager .count").first.inner_text().startswith(f"51–{min(100, total)} of {total:,}")
        csv_href = pg.locator(".pager .exports a", has_text="CSV").first.get_attribute("href")
        with urllib.request.urlopen(server + csv_href, timeout=30) as r:
            assert len(r.read().decode().splitlines()) == min(50, total - 50) + 1  # the rows of this page
    pg.goto(server + "/actors?sort=-articles")
    counts = [int(x) for x in pg.locator("table.list tbody td:nth-child(5)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and pg.locator("th[aria-sort=descending]").count() == 1
    context.close()
    assert not pg.errors


def test_a_spelling_finds_its_actor_and_a_tie_offers_links(server, browser):
    context, pg = _page(browser, 1400)
    spelled = None
    for actor in api(server, "/api/actors?type=PERSON&limit=60")[0]:
        info = api(server, f"/api/actors/{actor['id']}")[0]
        for s in info["spellings"]:
            words = s["text"].split()
            if len(words) == 1 and s["text"] not in info["name"].split():
                spelled = (info, s["text"])  # a one-word spelling that is not a word of the actor's name
                break
        if spelled:
            break
    assert spelled, "no actor in the store was written with a spelling of its own"
    info, text = spelled
    pg.goto(server + "/actors?" + urllib.parse.urlencode({"name": text}))
    assert pg.get_by_role("link", name=info["name"], exact=True).count() >= 1
    pg.goto(server + "/events?" + urllib.parse.urlencode({"actor": info["key"]}))
    assert not pg.locator(".candidates").count()
    people = api(server, "/api/actors?type=PERSON&limit=300")[0]
    surnames: dict[str, list[str]] = {}
    for p in people:
        if len(p["name"].split()) > 1:
            surnames.setdefault(p["name"].split()[-1], []).append(p["name"])
    shared = next(s for s, names in surnames.items() if len(set(names)) > 1)  # a surname two people carry
    pg.goto(server + "/claims?" + urllib.parse.urlencode({"actor": shared}))
    offered = pg.locator(".candidates li")
    assert offered.count() >= 2 and "choose one" in pg.locator(".notices").inner_text()
    offered.first.locator("a").first.click()
    assert pg.locator(".candidates").count() == 0 and pg.locator(".pager .count").count()
    context.close()
    assert not pg.errors


def test_the_reader_works_from_the_keyboard_and_stacks_on_a_phone(server, browser):
    busiest = api(server, "/api/documents?sort=-attributions&limit=1")[0][0]["id"]
    for width in WIDTHS:
        context, pg = _page(browser, width)
        pg.goto(server + f"/documents/{busiest}")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip"
        stops = pg.locator("#article-text [tabindex='0']")
        assert stops.count() > 10
        stops.nth(3).focus()
        pg.keyboard.press("Enter")
        assert pg.locator("#facts h3").count() >= 1 and pg.locator("#article-text .selected").count() == 1
        assert pg.locator(".legend .att-source.anon").count() == 1
        text_box, facts_box = pg.locator("#article-text").bounding_box(), pg.locator("#facts").bounding_box()
        if width < 700:  # facts below the text; the nav behind its button
            assert facts_box["y"] >= text_box["y"] + text_box["height"] - 1
            assert not pg.locator("#site-nav").is_visible()
            pg.get_by_role("button", name="Menu").click()
            assert pg.locator("#site-nav").is_visible()
            pg.goto(server + "/events?type=ASSAULT")  # the long filter form folds behind one line
            assert pg.locator("details.fold summary").inner_text() == "Filters (1 set)"
            assert not pg.locator("form.filters").is_visible()
            pg.locator("details.fold summary").click()
            assert pg.locator("form.filters").is_visible()
        else:
            assert facts_box["x"] > text_box["x"] + text_box["width"] - 1
        context.close()
        assert not pg.errors


def test_events_page_links_its_views_and_places_dates_by_precision(server, browser):
    context, pg = _page(browser, 1400)
    pg.goto(server + "/events")
    pg.wait_for_selector("#timeline .vis-item")
    assert not pg.evaluate("typeof cytoscape !== 'undefined'")  # not loaded until the network is opened
    pg.locator("#network-box summary").click()
    pg.wait_for_selector("#network canvas")
    year = pg.evaluate("when({date: '2019', date_from: '2019-01-01', date_to: '2019-12-31'})")
    assert year == {"start": "2019-01-01", "end": "2020-01-01", "type": "range", "precision": "year"}
    month = pg.evaluate("when({date: '2020-02'})")
    assert month["start"] == "2020-02-01" and month["end"] == "2020-03-01"
    assert pg.evaluate("when({date: '2020-06-09'}).type") == "box"
    assert "the 50 actors" in pg.locator("#network-box summary").inner_text() and pg.locator(".net-legend").is_visible()
    pg.get_by_role("button", name="Show the table for the stretch in view").click()
    pg.wait_for_url(re.compile(r"since=\d{4}-\d{2}-\d{2}&until=\d{4}-\d{2}-\d{2}"))
    pg.goto(server + "/events?country=LY")
    assert "have no place in the text" in pg.locator("main").inner_text()
    with_actors = int(api(server, "/api/events?country=LY&actor_country=true&limit=1")[1]["X-Total-Count"])
    placed = int(api(server, "/api/events?country=LY&limit=1")[1]["X-Total-Count"])
    assert with_actors >= placed
    pg.goto(server + "/events?type=bogus")
    assert "no type 'bogus'" in pg.locator(".notices").inner_text()
    context.close()
    assert not pg.errors

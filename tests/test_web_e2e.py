"""The web app end to end: a real `khabar serve` over the examples, driven in Debian's headless Chromium
(Playwright). Clicks through article -> actor -> claim -> article, adds an article through the UI, checks
that a hostile article runs no script, and leaves a screenshot of each page in artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from browser import chromium, require_chromium
from conftest import EXAMPLES, ROOT, dump_jsonl
from liveserver import served

SHOTS = ROOT / "artifacts" / "screenshots"
HOSTILE = {
    "id": "hostile",
    "title": "<img src=x onerror=alert(1)> Ambush near Sabha",
    "published": "2024-06-01",
    "text": "Gunmen ambushed a convoy near Sabha on Friday, a local official said. "
    "<script>window.__pwned = true</script><img src=x onerror=\"window.__pwned = true\"> "
    "The Tebu militia denied any role in the attack.",
}

playwright = require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    hostile = dump_jsonl(tmp / "hostile.jsonl", [HOSTILE])
    with served(str(tmp / "k.db"), str(EXAMPLES), str(hostile)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium(SHOTS) as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_article_to_actor_to_claim_and_back(server, page):
    page.goto(server + "/")
    assert int(page.locator(".card b").first.inner_text()) == 6
    shot(page, "home")
    page.get_by_role("link", name="Articles", exact=True).click()
    page.wait_for_url(re.compile(r"/documents$"))
    page.wait_for_selector("table.list tbody tr")
    assert page.locator("table.list tbody tr").count() == 6
    shot(page, "articles")
    page.get_by_role("link", name="RSF tightens siege of El Fasher").click()
    shot(page, "article")
    assert page.locator("#article-text span.ent").count() > 5
    assert page.locator("#article-text span.att-cue").count() >= 3 and page.locator("#article-text span.trigger").count()

    page.locator("#article-text span.ent-ORG", has_text="Rapid Support Forces").first.click()
    panel = page.locator("#facts")
    assert "ORG" in panel.inner_text()
    panel.get_by_role("link", name="Rapid Support Forces").first.click()
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    assert page.locator("h1").inner_text().startswith("Rapid Support Forces")
    assert page.locator("table.events tbody tr").count() >= 1
    page.wait_for_selector("#timeline .vis-item")
    shot(page, "actor")

    claim = page.locator("li.claim").first
    content = claim.locator("blockquote").inner_text().strip("“”")
    claim.get_by_role("link", name=re.compile("read it in the article")).click()
    page.wait_for_url(re.compile(r"/documents/\d+#a\d+$"))
    selected = page.locator("#article-text .selected")
    assert selected.count() == 1
    assert "Claim a" in panel.inner_text() and content[:40] in panel.inner_text()
    assert not page.errors


def test_actors_list_and_search(server, page):
    page.goto(server + "/actors?type=PERSON")
    types = page.locator("table.list tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"PERSON"}
    shot(page, "actors")
    page.locator("header.top input[name=q]").fill("siege")
    page.locator("header.top input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=siege"))
    assert page.get_by_role("link", name="RSF tightens siege of El Fasher").count() == 1
    shot(page, "search")
    assert not page.errors


def test_claims_explorer_hides_anonymous_sources(server, page):
    page.goto(server + "/claims")
    assert page.locator("li.claim.anon").count() > 0
    page.get_by_label("hide anonymous").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"named_only=true"))
    assert page.locator("li.claim").count() > 0 and page.locator("li.claim.anon").count() == 0
    shot(page, "claims")
    assert not page.errors


def test_events_page_shows_table_timeline_map_and_network(server, page):
    page.goto(server + "/events")
    assert page.locator("table.events tbody tr").count() > 10
    page.wait_for_selector("#map path.event-marker", state="attached")
    assert page.locator("#map .leaflet-overlay-pane path").count() > 100  # the vendored world outline
    assert page.locator("#map path.event-marker").count() >= 2
    page.locator("#network-box summary").click()  # the network (and its library) loads when opened
    page.wait_for_selector("#network canvas")
    page.wait_for_selector("#timeline .vis-item")
    shot(page, "events")
    page.goto(server + "/events?type=ASSAULT")
    types = page.locator("table.events tbody tr td:nth-child(2) .etype").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    assert not page.errors


def test_add_an_article_through_the_ui(server, page):
    page.goto(server + "/add")
    shot(page, "add")
    page.locator("#paste textarea[name=text]").fill(
        "Forces loyal to the Presidential Council seized the town of Gharyan on Wednesday, "
        "according to the Libya Observer. A commander told the website that fighting had stopped."
    )
    page.locator("#paste input[name=title]").fill("Gharyan changes hands")
    page.locator("#paste input[name=published]").fill("2024-04-10")
    page.locator("#paste button").click()
    page.wait_for_selector("#job-documents a", timeout=90_000)
    assert "1 stored" in page.locator("#progress-text").inner_text()
    shot(page, "add-done")
    page.locator("#job-documents a").first.click()
    assert page.locator("h1").inner_text() == "Gharyan changes hands"
    assert page.locator("#article-text span.ent").count() >= 2
    assert not page.errors


def test_a_hostile_article_runs_no_script(server, page):
    page.goto(server + "/search?q=Sabha")
    page.get_by_role("link", name=re.compile("Ambush near Sabha")).click()
    page.wait_for_selector("#article-text")
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned = true</script>" in page.locator("#article-text").inner_text()
    assert page.locator("h1").inner_text().startswith("<img src=x onerror=alert(1)>")
    shot(page, "hostile-article")
    assert not page.errors  # no alert() dialog, no script error

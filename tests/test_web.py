"""The web page (khabar/web/pages.py, render.py, templates): rendering, escaping, highlight markup, and one real
browser (Playwright + Debian chromium) loading the page of an article full of markup."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import XSS_RECORD
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.web.app import create_app
from khabar.web.render import Mark, document_marks, highlight

SEED = "bagheri-pakistan"


@pytest.fixture(scope="module")
def web(web_store):
    with TestClient(create_app(web_store)) as c:
        yield c


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert html.startswith("<!doctype html>")
    assert '<html lang="ar" dir="rtl">' in html
    return html


# -- the marked-up text -----------------------------------------------------------------------------------------------

class SpanCollector(HTMLParser):
    """The text inside one element (by id), and the text of every element carrying data-span, joined per key."""

    def __init__(self, root_id: str):
        super().__init__(convert_charrefs=True)
        self.root_id, self.depth, self.text = root_id, 0, []
        self.open: list[str | None] = []
        self.spans: dict[str, str] = {}
        self.tags: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0:
            if a.get("id") == self.root_id:
                self.depth = 1
            return
        self.depth += 1
        key = a.get("data-span")
        self.open.append(key)
        if key:
            self.spans.setdefault(key, "")
            self.tags.setdefault(key, set()).add(tag)

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        self.depth -= 1
        if self.depth and self.open:
            self.open.pop()

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            for key in self.open:
                if key:
                    self.spans[key] += data


def collect(html: str, root_id: str = "text") -> SpanCollector:
    c = SpanCollector(root_id)
    c.feed(html)
    return c


def expected_spans(doc: dict) -> dict[str, str]:
    return {m.key: doc["text"][m.start:m.end] for m in document_marks(doc) if m.end > m.start}


def test_article_highlights_reproduce_every_span(web, web_store):
    for doc_id in [SEED, "xss-test", "demo-quetta-police-bus-bombing", "demo-iran-turkey-phone-call"]:
        doc = web_store.get_document(doc_id, layers=False)
        got = collect(page(web, f"/documents/{doc_id}"))
        assert "".join(got.text) == doc["text"]  # the whole article, untouched, in order
        want = expected_spans(doc)
        assert got.spans == want  # each highlighted element's text (joined over its parts) is the span's text
        assert want, doc_id


def test_article_links_entities_and_events(web, web_store):
    doc = web_store.get_document(SEED, layers=False)
    html = page(web, f"/documents/{SEED}")
    for e in doc["entities"]:
        assert f'href="/entities/{e["id"]}"' in html
    for v in doc["events"]:
        assert f'href="#event-{v["id"]}"' in html and f'id="event-{v["id"]}"' in html
        assert f'id="trigger-{v["id"]}"' in html
    assert html.count('id="quote-') == len(doc["quotes"])
    assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", html, re.S), "nested links"
    # mentions inside a quote are links too
    text = html.split('id="text">')[1].split("</div>")[0]
    inside = re.findall(r'data-span="quote:[^"]+"[^>]*>((?:(?!</span>).)*)', text, re.S)
    assert any('<a class="hl ent' in chunk for chunk in inside)


def test_highlight_nests_and_splits_crossing_spans():
    text = "<b>&abcdefghij"
    marks = [Mark(0, 8, "A", "x", {"href": "/a"}), Mark(5, 11, "B", "y", {"href": "/b", "id": "b"}),
             Mark(5, 6, "C", "z"), Mark(12, 14, "D", "w"), Mark(3, 3, "E", "empty"), Mark(9, 99, "F", "out")]
    html = str(highlight(text, marks))
    got = collect(f'<div id="text">{html}</div>')
    assert "".join(got.text) == text
    assert got.spans == {"A": text[0:8], "B": text[5:11], "C": text[5:6], "D": text[12:14]}
    assert "&lt;b&gt;&amp;" in html and "<b>" not in html
    assert got.tags["B"] == {"span", "a"}  # inside A's link it is a span; reopened after A it is a link
    assert html.count('id="b"') == 1


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="اب <>&\"'\nx", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.booleans()), max_size=8))
def test_highlight_property(text, raw):
    marks = [Mark(min(a, b), max(a, b), f"k{i}", "m", {"href": "/x"} if link else {})
             for i, (a, b, link) in enumerate(raw)]
    html = str(highlight(text, marks))
    got = collect(f'<div id="text">{html}</div>')
    assert "".join(got.text) == text
    assert got.spans == {m.key: text[m.start:m.end] for m in marks if 0 <= m.start < m.end <= len(text)}


# -- escaping ---------------------------------------------------------------------------------------------------------

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<script>window.khabarPwned = 1</script>",
            '<script>alert("title")</script>', '"><img src=x onerror=alert(2)>']


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_escaped(html: str) -> None:
    """No payload as markup: no img element, no event-handler attribute, no script but the network view's."""
    for p in PAYLOADS:
        assert p not in html
    parser = TagCollector()
    parser.feed(html)
    assert not [t for t, _ in parser.tags if t in ("img", "iframe", "object", "embed")]
    assert not [(t, a) for t, a in parser.tags if any(k.startswith("on") for k in a)]
    scripts = [a for t, a in parser.tags if t == "script"]
    assert all(a == {"src": "/static/network.js", "defer": None} for a in scripts), scripts


def test_article_text_title_and_source_are_escaped(web):
    html = page(web, "/documents/xss-test")
    assert_escaped(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html  # the source
    shown = "".join(collect(html).text)  # the article as the browser shows it: the payloads as text
    assert XSS_RECORD["text"] == shown and '"><img src=x onerror=alert(1)>' in shown
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html  # the title
    assert "&amp; يتوسع" in html


@pytest.mark.parametrize("url", ["/?q=script", "/?q=alert img", "/", "/entities", "/network",
                                 "/?q=<script>alert(1)</script>", '/entities?q="><img src=x onerror=alert(1)>'])
def test_every_page_escapes(web, url):
    assert_escaped(page(web, url))


def test_entity_pages_escape_quotes(web, web_store):
    doc = web_store.get_document("xss-test", layers=False)
    speakers = {q["speaker"] for q in doc["quotes"]} - {None}
    for e in doc["entities"]:
        html = page(web, f"/entities/{e['id']}")
        assert_escaped(html)
        if e["id"] in speakers:
            assert "&lt;script&gt;" in html


# -- the pages --------------------------------------------------------------------------------------------------------

def test_search_page_marks_matches(web):
    html = page(web, "/?q=اسلام اباد")
    assert "<mark" in html and 'href="/documents/bagheri-pakistan"' in html
    marked = re.findall(r'<mark class="hit"[^>]*>([^<]*)</mark>', html)
    assert marked and all(m.replace("إ", "ا").replace("آ", "ا").replace("أ", "ا") == "اسلام اباد" for m in marked)
    assert "&lt;" not in "".join(marked)
    page(web, '/?q="*', status=400)  # no words: a message, not a crash


def test_home_lists_articles_and_entities(web):
    html = page(web, "/")
    assert html.count('href="/documents/') >= 12 and 'href="/entities/' in html


def test_entity_page_timeline_is_date_sorted(web, web_store):
    from khabar import query as Q

    bagheri = Q.entities(web_store, "باقري").items[0]
    html = page(web, f"/entities/{bagheri['id']}")
    assert "محمد باقري" in html and "Mohammad Bagheri" in html and "اللواء" in html  # name, latin, title
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    dates = re.findall(r"<time>(\d{4}-\d{2}-\d{2})</time>", timeline)
    assert len(dates) >= 4 and dates == sorted(dates, reverse=True)
    assert "/documents/bagheri-pakistan#event-" in timeline and "/documents/bagheri-pakistan#quote-" in timeline
    assert "كيانات تظهر معه" in html and "قمر جاويد باجوا" in html


def test_entity_list_and_network_pages(web):
    html = page(web, "/entities?q=باكستان")
    assert "باكستان" in html
    page(web, "/entities?type=PER")
    net = page(web, "/network?type=CONSULT")
    assert 'data-api="/api/network?type=CONSULT&amp;limit=300"' in net and "<svg" in net
    assert 'src="/static/network.js"' in net
    assert "لقاء وتشاور" in net
    bad = page(web, "/network?since=yesterday", status=400)
    assert "is not a date" in bad
    page(web, "/network?type=PARTY", status=400)


def test_an_unexpected_error_is_a_bare_json_500(web_store):
    class Broken:
        def counts(self):
            raise RuntimeError("secret internals")

    with TestClient(create_app(Broken()), raise_server_exceptions=False) as c:
        r = c.get("/api")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "E000" and "secret" not in r.text and "Traceback" not in r.text


def test_missing_things_are_html_404s(web):
    assert "E506" in page(web, "/documents/no-such-article", status=404)
    assert "E506" in page(web, "/entities/ent:000000000000", status=404)
    page(web, "/no/such/page", status=404)
    page(web, "/entities?offset=-1", status=422)


def test_static_files_are_packaged(web):
    for name in ("khabar.css", "network.js"):
        r = web.get(f"/static/{name}")
        assert r.status_code == 200 and len(r.text) > 1000
    assert "http://" not in web.get("/static/khabar.css").text
    js = web.get("/static/network.js").text
    assert "innerHTML" not in js and "fetch(box.dataset.api" in js


# -- one real browser -------------------------------------------------------------------------------------------------

CHROMIUM = Path(os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium"))


@contextmanager
def _chromium():
    """Debian's Chromium through Playwright (``playwright install`` cannot download browsers here); the test
    skips, or fails where KHABAR_REQUIRE_BROWSER=1, when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed (pip install 'khabar[test]')")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        _browser_unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def _browser_unavailable(reason: str):
    if os.environ.get("KHABAR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser test is required here (KHABAR_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="module")
def live_server(web_store):
    """The app on a free loopback port, served by uvicorn in a thread."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(web_store), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_browser_shows_the_article_without_running_it(live_server):
    with _chromium() as browser:
        pg = browser.new_page()
        dialogs, errors, requests = [], [], []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: m.type == "error" and errors.append(m.text))  # CSP violations among them
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto(f"{live_server}/documents/xss-test", wait_until="networkidle")
        assert dialogs == []
        assert pg.evaluate("typeof window.khabarPwned") == "undefined"
        assert pg.evaluate("document.documentElement.dir") == "rtl"
        assert pg.evaluate("document.documentElement.lang") == "ar"
        assert pg.evaluate("getComputedStyle(document.getElementById('text')).direction") == "rtl"
        assert pg.locator("#text img, #text script").count() == 0
        text = pg.locator("#text").inner_text()
        assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text
        assert pg.locator("#text [data-span^='quote:']").count() >= 1
        assert pg.title().startswith('عنوان <script>alert("title")</script>')

        pg.goto(f"{live_server}/network", wait_until="networkidle")
        pg.wait_for_selector("#network-svg g.node circle", timeout=10_000)
        assert pg.locator("#network-svg g.node").count() >= 4
        assert pg.locator("#network-svg path.edge").count() >= 3
        assert dialogs == [] and errors == []
        assert all(u.startswith(live_server) or u.startswith("data:") for u in requests), requests


# -- every page type, with markup in what it shows (issue 8) ----------------------------------------------------------

XSS_QUERY = '<script>window.khabarPwned=1</script>"><img src=x onerror=alert(3)>'


def xss_pages(web_store) -> list[str]:
    """One URL of each page type, each showing article text or a parameter that carries markup."""
    from urllib.parse import quote

    doc = web_store.get_document("xss-test", layers=False)
    entity = next(e["id"] for e in doc["entities"])
    q = quote(XSS_QUERY, safe="")
    return ["/", f"/?q={q}", "/?q=script", "/documents/xss-test", f"/entities/{quote(entity, safe=':')}",
            f"/entities?q={q}", "/entities?type=PER", f"/network?entity={q}", f"/network?since={q}",
            f"/documents/{q}", f"/entities/{q}", f"/nowhere/{q}"]


def test_every_page_type_escapes_markup(web, web_store):
    for url in xss_pages(web_store):
        r = web.get(url)
        assert r.status_code in (200, 400, 404, 422), (url, r.status_code)
        assert r.headers["content-type"].startswith("text/html"), url
        assert_escaped(r.text)
        assert "<script>window.khabarPwned" not in r.text and "onerror=alert(3)>" not in r.text.replace("&", "")


def test_browser_runs_no_markup_on_any_page_type(live_server, web_store):
    with _chromium() as browser:
        pg = browser.new_page()
        dialogs, requests = [], []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("request", lambda r: requests.append(r.url))
        for url in xss_pages(web_store):
            pg.goto(live_server + url, wait_until="load")
            assert pg.evaluate("typeof window.khabarPwned") == "undefined", url
            assert pg.locator("img[src='x'], script:not([src])").count() == 0, url
        assert dialogs == []
        assert not [u for u in requests if u.startswith(live_server + "/x") or not u.startswith(live_server)]


def test_browser_walkthrough_search_article_entity_network(live_server):
    """What an analyst does: search, open an article, see its highlights, open an entity, see the network. The
    screenshots go to build/screenshots/ for people to look at."""
    shots = Path(__file__).resolve().parent.parent / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with _chromium() as browser:
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{live_server}/?q=" + "اسلام اباد", wait_until="networkidle")
        results = pg.locator("a.title")
        assert results.count() >= 1
        pg.screenshot(path=str(shots / "1-search.png"), full_page=True)
        results.first.click()
        pg.wait_for_load_state("networkidle")
        assert "/documents/" in pg.url
        marks = pg.locator("#text [data-span^='mention:']")
        assert marks.count() >= 3
        assert pg.locator("#text [data-span^='quote:'], #text [data-span^='event:'], #text .trigger").count() >= 1
        pg.screenshot(path=str(shots / "2-article.png"), full_page=True)
        link = pg.locator("#text a[href^='/entities/']").first
        name = link.inner_text()
        link.click()
        pg.wait_for_load_state("networkidle")
        assert "/entities/" in pg.url and pg.locator("h1").first.inner_text().strip() != ""
        assert name.strip() and pg.content().count(name.strip()[:3]) >= 1
        pg.screenshot(path=str(shots / "3-entity.png"), full_page=True)
        pg.goto(f"{live_server}/network", wait_until="networkidle")
        pg.wait_for_selector("#network-svg g.node circle", timeout=10_000)
        pg.screenshot(path=str(shots / "4-network.png"), full_page=True)
        assert errors == []
    assert all((shots / f).stat().st_size > 5_000 for f in ("1-search.png", "2-article.png", "3-entity.png",
                                                             "4-network.png"))

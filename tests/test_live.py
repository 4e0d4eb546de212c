"""Live ingestion against real HTTP on loopback: a news site (tests/live_server.py) with feeds, Arabic pages and
every fault the watcher must survive; the tests check exactly what is stored and what is recorded per source."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from live_server import CAIRO, RIYADH, SEOUL, SEOUL_EDITED, ZARIF, LoopbackSite, Route, atom, page, rss, sitemap
from sqlalchemy import select

from khabar.cli import main
from khabar.datelines import find_dateline
from khabar.errors import FeedError, SourcesFileError, URLError
from khabar.live.extract import url_id
from khabar.live.feeds import parse_feed
from khabar.live.http import Fetcher, Politeness
from khabar.live.sources import Source, load_sources
from khabar.live.state import LiveState
from khabar.live.urls import canonical_url
from khabar.live.watch import Watcher
from khabar.store import open_store
from khabar.store import schema as S

FAST = Politeness(timeout=0.3, retries=1, backoff=0.01, min_interval=0.0)
PUB = "Mon, 10 Aug 2015 08:00:00 GMT"


# -- units -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("HTTP://Example.COM:80/a/b/?utm_source=x&b=2&a=1#frag", "http://example.com/a/b?a=1&b=2"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/x/", "https://example.com:8443/x"),
    ("https://example.com/%d8%ae%d8%a8%d8%b1/", "https://example.com/%D8%AE%D8%A8%D8%B1"),
    ("https://example.com/خبر", "https://example.com/%D8%AE%D8%A8%D8%B1"),
    ("http://example.com/x?fbclid=1&gclid=2&id=7", "http://example.com/x?id=7"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.com/x", "example.com/x", "http:///x", "http://x:99999/"])
def test_canonical_url_refuses(url):
    with pytest.raises(URLError):
        canonical_url(url)


@pytest.mark.parametrize("text,place,agency,date", [
    ("سول 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\nاتهمت", "سول", "واس", "2015-08-10"),
    ("إسلام آباد 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\nقال", "إسلام آباد", "واس", "2015-08-10"),
    ("طهران - ارنا - التقى وزير الخارجية", "طهران", "ارنا", None),
    ("القاهرة (رويترز) - قال مسؤول", "القاهرة", "رويترز", None),
    ("واس - الرياض: بعث خادم الحرمين", "الرياض", "واس", None),
    ("عنوان الخبر\nطهران – ارنا – التقى", "طهران", "ارنا", None),
])
def test_dateline_shapes(text, place, agency, date):
    d = find_dateline(text)
    assert d is not None
    assert (d.place.text, d.agency.text, d.date) == (place, agency, date)
    assert text[d.place.start:d.place.end] == place and text[d.agency.start:d.agency.end] == agency


@pytest.mark.parametrize("text", [
    "منيف الشهراني – الرياض\nقال مسؤول",  # a reporter, not an agency
    "التقى وزير الخارجية الإيراني نظيره في طهران - ارنا",  # not at the start of a line
    "عبدالله السالم - سبق - الدمام: وقعت",  # reporter - outlet - place: سبق is no known agency
])
def test_not_a_dateline(text):
    assert find_dateline(text) is None


def test_dateline_stage(pipeline):
    from khabar.readers import Article

    text = "\n".join(SEOUL)
    doc = pipeline.process(Article(id="x", text=text)).document
    assert doc.published == "2015-08-10" and doc.meta["date_source"] == "dateline"
    assert doc.meta["dateline"]["place"] == "سول" and doc.meta["dateline"]["agency"] == "واس"
    seoul = next(e for e in doc.entities if any(m.start == 0 for m in e.mentions))
    assert seoul.type.value == "LOC" and seoul.kb == "geonames:1835848" and seoul.latin == "Seoul"
    assert seoul.mentions[0].extra == {"kind": "dateline"}
    spa = next(e for e in doc.entities if e.mentions[0].text == "واس")
    assert spa.type.value == "ORG" and spa.latin.startswith("Saudi Press Agency")
    # a date the article carries wins over the dateline's; the dateline is still recorded
    dated = pipeline.process(Article(id="y", text=text, published="2015-08-11")).document
    assert dated.published == "2015-08-11" and "date_source" not in dated.meta and dated.meta["dateline"]


def test_parse_feeds():
    base = "http://site.test/feed"
    f = parse_feed(rss([{"link": "/a/1", "title": "خبر", "pubDate": PUB}, {"link": "http://o.test/2", "title": "ب"}]),
                   base)
    assert f.kind == "rss" and [e.url for e in f.entries] == ["http://site.test/a/1", "http://o.test/2"]
    assert f.entries[0].published == "2015-08-10" and f.entries[0].title == "خبر" and f.entries[1].published is None
    a = parse_feed(atom([{"link": "http://site.test/a/3", "title": "ج"}]), base)
    assert a.kind == "atom" and a.entries[0].url == "http://site.test/a/3" and a.entries[0].published == "2015-08-10"
    s = parse_feed(sitemap([("http://site.test/a/4", "2015-08-09"), ("http://site.test/a/5", None)]), base)
    assert s.kind == "urlset" and [(e.url, e.published) for e in s.entries] == [
        ("http://site.test/a/4", "2015-08-09"), ("http://site.test/a/5", None)]
    with pytest.raises(FeedError):
        parse_feed(page("ليست خلاصة", ZARIF), base)
    with pytest.raises(FeedError):
        parse_feed(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>', base)


def test_sources_toml(tmp_path):
    good = tmp_path / "sources.toml"
    good.write_text('[[source]]\nurl = "https://spa.test/rss"\nname = "واس"\nlanguage = "ar"\n\n'
                    '[[source]]\nurl = "https://irna.test/atom"\n', encoding="utf-8")
    assert load_sources(good) == [Source("https://spa.test/rss", "واس", "ar"), Source("https://irna.test/atom")]
    for body, needle in (('[[source]]\nname = "x"\n', "no url"), ('[[source]]\nurl = "ftp://x"\n', "http"),
                         ('[[source]]\nurl = "http://x.test"\ninterval = 3\n', "unknown key"),
                         ("[[source]\n", "not TOML"), ('[[feeds]]\nurl = "http://x.test"\n', "unknown top-level")):
        bad = tmp_path / "bad.toml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(SourcesFileError, match=needle):
            load_sources(bad)
    with pytest.raises(SourcesFileError, match="no such file"):
        load_sources(tmp_path / "missing.toml")


def test_fetcher_rate_limit_and_backoff():
    """One request per min_interval per host; retries after a 500 wait backoff, then twice that."""
    slept: list[float] = []
    clock = [100.0]

    def sleep(s: float) -> None:
        slept.append(round(s, 3))
        clock[0] += s

    with LoopbackSite() as site:
        site.routes["/ok"] = Route(b"ok", content_type="text/plain")
        site.routes["/down"] = Route(b"no", status=503)
        polite = Politeness(timeout=1, retries=2, backoff=0.5, min_interval=2.0, robots=False)
        with Fetcher(polite, sleep=sleep, clock=lambda: clock[0]) as f:
            assert f.get(site.url("/ok")).content == b"ok"
            assert f.get(site.url("/ok")).status == 200
            assert slept == [2.0]  # the second request waited its turn
            slept.clear()
            with pytest.raises(Exception) as info:
                f.get(site.url("/down"))
            assert info.value.code == "E702" and "after 3 attempts" in info.value.message
            # each attempt waits its turn (2 s after the previous request); the back-off sleeps are 0.5 and 1.0
            assert slept == [2.0, 0.5, 1.5, 1.0, 1.0]
        assert len(site.requests("/down")) == 3


# -- the site --------------------------------------------------------------------------------------------------------

def _site(site: LoopbackSite) -> None:
    r = site.routes
    r["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    r["/a/zarif"] = Route(page("ظريف يلتقي لافروف في موسكو", ZARIF, date="2015-08-10", author="سارة أحمد"))
    r["/a/seoul"] = Route(page("سيول تتهم بيونغ يانغ بزرع ألغام", SEOUL))
    r["/a/cairo"] = Route(page("السيسي يستقبل كيري", CAIRO, charset="windows-1256"), content_type="text/html")
    r["/a/slow"] = Route(page("بطيء", RIYADH), delay=1.0)
    r["/a/broken"] = Route(b"<h1>500</h1>", status=500)
    r["/a/loop"] = Route(location="/a/loop2")
    r["/a/loop2"] = Route(location="/a/loop")
    r["/private/memo"] = Route(page("مذكرة", RIYADH))
    r["/copy/zarif"] = Route(page("ظريف يلتقي لافروف في موسكو", ZARIF))  # the same text under a second URL
    r["/mirror/seoul"] = Route(page("كوريا الجنوبية تتهم جارتها", SEOUL_EDITED))  # republished, edited
    items = [("/a/zarif", PUB), ("/a/seoul", None), ("/a/cairo", PUB), ("/a/slow", PUB), ("/a/broken", PUB),
             ("/a/loop", PUB), ("/private/memo", PUB), ("/copy/zarif", PUB),
             ("/a/zarif?utm_source=rss&utm_medium=feed#top", PUB)]  # the first URL again, with tracking
    r["/feeds/main.xml"] = Route(rss([{"link": site.url(p), "title": "عنوان", "pubDate": d} for p, d in items]),
                                 content_type="application/rss+xml", etag='"v1"')
    r["/feeds/wire.atom"] = Route(atom([{"link": site.url("/mirror/seoul"), "title": "سيول"}]),
                                  content_type="application/atom+xml",
                                  last_modified="Mon, 10 Aug 2015 09:00:00 GMT")
    r["/feeds/down.xml"] = Route(b"down", status=500)
    r["/feeds/notafeed"] = Route(page("صفحة", RIYADH))


def _sources(site):
    return [Source(site.url("/feeds/main.xml"), "المصدر", "ar"), Source(site.url("/feeds/down.xml")),
            Source(site.url("/feeds/wire.atom"), "الوكالة"), Source(site.url("/feeds/notafeed"))]


def _docs(store) -> dict[str, dict]:
    return {d["meta"]["url"].rsplit("/", 2)[-2] + "/" + d["meta"]["url"].rsplit("/", 1)[-1]: d
            for d in store.documents(layers=False)}


def _outcomes(state: LiveState, kind: str = "page") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in state.fetches():
        if f["kind"] == kind:
            out.setdefault(f["url"].split("/", 3)[3], []).append(f["outcome"])
    return out


def test_watch_rounds(backend, url_for):
    """Three rounds against the site: each new article stored once with its title, date, URL and events; every
    fault recorded and survived; the feed's change picked up; 304s for what did not change."""
    store = open_store(url_for(backend))
    with LoopbackSite() as site:
        _site(site)
        sources = _sources(site)
        watcher = Watcher(store, politeness=FAST)
        try:
            r1 = watcher.poll(sources)
            docs = _docs(store)
            assert sorted(docs) == ["a/cairo", "a/seoul", "a/zarif", "mirror/seoul"]
            zarif, seoul, cairo, mirror = docs["a/zarif"], docs["a/seoul"], docs["a/cairo"], docs["mirror/seoul"]
            assert zarif["id"] == url_id(canonical_url(site.url("/a/zarif")))
            assert zarif["title"] == "ظريف يلتقي لافروف في موسكو" and zarif["source"] == "المصدر"
            assert (zarif["published"], zarif["meta"]["date_source"]) == ("2015-08-10", "metadata")
            assert zarif["meta"]["author"] == "سارة أحمد" and zarif["meta"]["language"] == "ar"
            assert zarif["meta"]["dateline"]["place"] == "طهران" and zarif["meta"]["dateline"]["agency"] == "ارنا"
            assert (seoul["published"], seoul["meta"]["date_source"]) == ("2015-08-10", "dateline")
            assert (cairo["published"], cairo["meta"]["date_source"]) == ("2015-08-10", "feed")
            assert cairo["meta"]["encoding"] == "windows-1256" and "عبد الفتاح السيسي" in cairo["text"]
            assert mirror["source"] == "الوكالة"
            for d in docs.values():
                assert d["meta"]["url"].startswith(site.base) and d["events"], d["meta"]["url"]
            assert {"CONSULT"} <= {e["type"] for e in zarif["events"]}
            assert {"ACCUSE"} <= {e["type"] for e in seoul["events"]}
            # the dateline's سول and the headline's سيول are one place
            seoul_place = next(e for e in seoul["entities"] if "سول" in {m["text"] for m in e["mentions"]})
            assert seoul_place["type"] == "LOC" and seoul_place["kb"] == "geonames:1835848"

            state = LiveState(store)
            pages = _outcomes(state)
            assert pages["a/zarif"] == ["added"]  # the tracking-parameter link was not fetched again
            assert pages["copy/zarif"] == ["duplicate"] and pages["private/memo"] == ["disallowed"]
            assert pages["a/slow"] == pages["a/broken"] == pages["a/loop"] == ["failed"]
            codes = {f["url"].split("/", 3)[3]: f["code"] for f in state.fetches() if f["code"]}
            assert codes["a/slow"] == "E701" and codes["a/broken"] == "E702" and codes["a/loop"] == "E703"
            assert codes["private/memo"] == "E704" and codes["feeds/down.xml"] == "E702"
            assert codes["feeds/notafeed"] == "E705"
            assert site.requests("/private/memo") == [] and len(site.requests("/a/zarif")) == 1
            dup = next(f for f in state.fetches() if f["url"].endswith("/copy/zarif"))
            assert dup["document_id"] == zarif["id"]
            # the edited copy under another URL is stored, and recorded as the same story
            # (named after the earlier article: both have the same date, so the one with the smaller id)
            story = min(seoul["id"], mirror["id"])
            assert state.story_of(mirror["id"]) == state.story_of(seoul["id"]) == story and r1.near_duplicates == 1
            assert state.page(canonical_url(site.url("/mirror/seoul")))["story_id"] == story
            assert state.story_of(zarif["id"]) == zarif["id"]
            assert (r1.added, r1.duplicates, r1.disallowed, r1.failed, r1.sources_failed) == (4, 1, 1, 3, 2)

            by_url = {s["url"]: s for s in state.sources()}
            main_src = by_url[site.url("/feeds/main.xml")]
            assert main_src["articles"] == 3 and main_src["etag"] == '"v1"' and main_src["last_success"]
            assert main_src["kind"] == "feed" and main_src["name"] == "المصدر"
            assert main_src["last_failure_code"] in ("E701", "E702", "E703", "E704")
            down = by_url[site.url("/feeds/down.xml")]
            assert down["last_success"] is None and down["last_failure_code"] == "E702" and down["articles"] == 0
            assert by_url[site.url("/feeds/wire.atom")]["articles"] == 1

            # round 2: the feed changes (a new article, no date anywhere), the 500 is fixed
            site.routes["/a/riyadh"] = Route(page("السعودية وفرنسا توقعان اتفاقية", RIYADH))
            site.routes["/a/broken"] = Route(page("كيري في القاهرة", CAIRO[:1] + RIYADH[1:]))
            site.routes["/feeds/main.xml"] = Route(
                rss([{"link": site.url("/a/riyadh"), "title": "جديد"}, {"link": site.url("/a/zarif"), "title": "ق"}]),
                content_type="application/rss+xml", etag='"v2"')
            r2 = watcher.poll(sources)
            assert sorted(_docs(store)) == ["a/broken", "a/cairo", "a/riyadh", "a/seoul", "a/zarif", "mirror/seoul"]
            riyadh = _docs(store)["a/riyadh"]
            assert riyadh["meta"]["date_source"] == "fetched"
            assert riyadh["published"] == dt.datetime.now(dt.UTC).date().isoformat()
            assert riyadh["meta"]["dateline"] == {"place": "الرياض", "agency": "واس", "date": None,
                                                  "text": "واس - الرياض", "start": riyadh["text"].index("واس"),
                                                  "end": riyadh["text"].index("واس") + len("واس - الرياض")}
            assert (r2.added, r2.failed) == (2, 2)  # riyadh and the fixed page; slow and loop fail again
            assert site.requests("/feeds/wire.atom")[-1].get("If-Modified-Since") == "Mon, 10 Aug 2015 09:00:00 GMT"
            assert r2.not_modified == 1  # the atom feed

            # round 3: nothing changed: 304 for both feeds, only the still-failing pages are tried, then given up
            r3 = watcher.poll(sources)
            assert site.requests("/feeds/main.xml")[-1].get("If-None-Match") == '"v2"'
            assert (r3.added, r3.not_modified, r3.pages_fetched) == (0, 2, 0)
            assert state.page(canonical_url(site.url("/a/slow")))["status"] == "gave-up"
            r4 = watcher.poll(sources)
            assert r4.failed == 0 and len(site.requests("/a/slow")) == 6  # 3 attempts of 2 tries each, no more
            assert len(site.requests("/a/zarif")) == 1 and len(site.requests("/a/seoul")) == 1
            assert _outcomes(state)["a/broken"] == ["failed", "added"]
            with store.engine.connect() as conn:
                assert conn.execute(select(S.documents.c.id)).all().__len__() == 6
        finally:
            watcher.close()
            store.close()


def test_fetch_conditional_get_and_update(tmp_path):
    store = open_store(tmp_path / "k.db")
    with LoopbackSite() as site:
        site.routes["/robots.txt"] = Route(b"", status=404)
        site.routes["/a/x"] = Route(page("ظريف في موسكو", ZARIF), etag='"1"', last_modified="Mon, 10 Aug 2015")
        watcher = Watcher(store, politeness=FAST)
        try:
            assert watcher.fetch([site.url("/a/x")]).added == 1
            again = watcher.fetch([site.url("/a/x?utm_campaign=z#more")])  # the same URL, with tracking
            assert again.not_modified == 1 and again.added == 0
            assert site.requests("/a/x?utm_campaign=z")[-1]["If-None-Match"] == '"1"'
            site.routes["/a/x"] = Route(page("ظريف في موسكو", ZARIF + ["وغادر ظريف موسكو مساء اليوم."]), etag='"2"')
            changed = watcher.fetch([site.url("/a/x")])
            assert changed.updated == 1
            docs = list(store.documents(layers=False))
            assert len(docs) == 1 and docs[0]["text"].endswith("مساء اليوم.")
            state = LiveState(store)
            assert [f["outcome"] for f in state.fetches()] == ["missing", "added", "not-modified", "updated"]
            assert state.sources()[0]["kind"] == "page" and state.sources()[0]["articles"] == 1
        finally:
            watcher.close()
            store.close()


def test_sitemap_source(tmp_path):
    store = open_store(tmp_path / "k.db")
    with LoopbackSite() as site:
        site.routes["/a/1"] = Route(page("ظريف في موسكو", ZARIF))
        site.routes["/a/2"] = Route(page("السيسي وكيري", CAIRO))
        site.routes["/sitemap-1.xml"] = Route(sitemap([(site.url("/a/1"), "2015-08-09"), (site.url("/a/2"), None)]),
                                              content_type="application/xml")
        site.routes["/sitemap.xml"] = Route(
            b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
            + site.url("/sitemap-1.xml").encode() + b"</loc></sitemap></sitemapindex>", content_type="application/xml")
        watcher = Watcher(store, politeness=FAST, dedup=False)
        try:
            r = watcher.poll([Source(site.url("/sitemap.xml"))])
            assert r.added == 2 and not r.errors
            docs = {d["meta"]["url"][-3:]: d for d in store.documents(layers=False)}
            assert (docs["a/1"]["published"], docs["a/1"]["meta"]["date_source"]) == ("2015-08-09", "feed")
            assert LiveState(store).sources()[0]["kind"] == "sitemap"
        finally:
            watcher.close()
            store.close()


def test_cli_watch_fetch_sources(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "k.db")
    with LoopbackSite() as site:
        site.routes["/a/zarif"] = Route(page("ظريف في موسكو", ZARIF, date="2015-08-10"))
        site.routes["/a/broken"] = Route(b"", status=500)
        site.routes["/rss"] = Route(rss([{"link": site.url("/a/zarif"), "title": "ظريف"},
                                         {"link": site.url("/a/broken"), "title": "x"}]), etag='"a"')
        toml = tmp_path / "sources.toml"
        toml.write_text(f'[[source]]\nurl = "{site.url("/rss")}"\nname = "ارنا"\nlanguage = "ar"\n', encoding="utf-8")
        opts = ["--db", db, "--rate", "0", "--timeout", "0.5", "--retries", "0"]
        r = runner.invoke(main, ["watch", "--sources", str(toml), "--once", "--format", "json", *opts])
        assert r.exit_code == 1, r.output  # one page failed: reported, and the exit status says so
        summary = json.loads(r.stdout.strip().splitlines()[-1])
        assert summary["added"] == 1 and summary["failed"] == 1
        assert "khabar: error: " in r.stderr and "[E702]" in r.stderr
        r = runner.invoke(main, ["sources", "--db", db, "--format", "json"])
        assert r.exit_code == 0, r.output
        (src,) = json.loads(r.stdout)["items"]
        assert src["name"] == "ارنا" and src["articles"] == 1 and src["last_failure_code"] == "E702"
        assert src["last_failure_reason"] == "HTTP 500" and src["last_success"]
        r = runner.invoke(main, ["sources", "--db", db])
        assert r.exit_code == 0 and "ارنا" in r.stdout and "HTTP 500" in r.stdout
        r = runner.invoke(main, ["fetch", site.url("/a/zarif"), *opts])
        assert r.exit_code == 0 and "1 unchanged" in r.stdout, r.output
        r = runner.invoke(main, ["watch", "--once", "--db", db])
        assert r.exit_code == 2  # no source given
        r = runner.invoke(main, ["events", "--db", db, "--format", "json"])
        assert json.loads(r.stdout)["total"] >= 1


def test_robots_unreadable_means_not_now(tmp_path):
    """RFC 9309: a robots.txt answering 5xx means 'disallow all' for now: the page is not requested, the failure is
    recorded (and retried later), not taken for a permanent disallow."""
    store = open_store(tmp_path / "k.db")
    with LoopbackSite() as site:
        site.routes["/robots.txt"] = Route(b"", status=503)
        site.routes["/a/x"] = Route(page("ظريف في موسكو", ZARIF))
        watcher = Watcher(store, politeness=Politeness(timeout=0.3, retries=0, min_interval=0.0))
        try:
            r = watcher.fetch([site.url("/a/x")])
            assert r.failed == 1 and site.requests("/a/x") == []
            assert r.errors[0].code == "E702" and "robots.txt" in r.errors[0].message
            state = LiveState(store)
            assert [(f["kind"], f["outcome"]) for f in state.fetches()] == [("robots", "failed"), ("page", "failed")]
            assert state.page(canonical_url(site.url("/a/x")))["status"] == "failed"
        finally:
            watcher.close()
            store.close()


def test_an_over_long_page_is_too_large_like_a_file():
    from khabar.errors import TooLargeError
    from khabar.live.extract import page_article

    body = "<p>" + "قال الوزير إن المحادثات مستمرة. " * 40 + "</p>"
    html = f"<html><head><title>خبر</title></head><body><article>{body}</article></body></html>".encode()
    url = "https://example.org/a/1"
    assert page_article(html, url=url, canonical=url).text
    with pytest.raises(TooLargeError, match="over the limit"):
        page_article(html, url=url, canonical=url, max_chars=100)


@pytest.mark.parametrize("text, place, agency", [
    ("البنجاب - «الشرق الأوسط»: قالت مصادر", "البنجاب", "الشرق الأوسط"),
    ("لندن: «الشرق الأوسط»\nقال الوزير", "لندن", "الشرق الأوسط"),
])
def test_a_byline_with_a_quoted_outlet(text, place, agency):
    found = find_dateline(text)
    assert found is not None and found.place.text == place and found.agency.text == agency

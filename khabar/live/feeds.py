"""What a feed lists: RSS and Atom through feedparser, XML sitemaps (and sitemap indexes, Google News sitemaps)
through lxml with entities and network access switched off.

Each entry is a link to an article, with what the feed says about it (title, date, author); the date is used only
when the page itself has none (``meta.date_source = "feed"``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin

from ..errors import FeedError

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None


@dataclass(frozen=True)
class Feed:
    kind: str  # rss | atom | sitemap | sitemapindex
    title: str | None
    entries: tuple[Entry, ...]


def _iso(value: str | None) -> str | None:
    """YYYY-MM-DD of a W3C/ISO datetime (a sitemap's lastmod), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def parse_feed(content: bytes, base_url: str) -> Feed:
    """The entries of a feed or sitemap; FeedError when ``content`` is neither."""
    head = content[:1024].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head or (head.startswith(b"<?xml") and
                                                          (b"<urlset" in content[:4096] or
                                                           b"<sitemapindex" in content[:4096])):
        return _sitemap(content, base_url)
    return _feed(content, base_url)


def _feed(content: bytes, base_url: str) -> Feed:
    import feedparser

    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: None)() or "no feed elements"
        raise FeedError(f"not an RSS/Atom feed or a sitemap ({reason})", source=base_url)
    entries = []
    for e in parsed.entries:
        link = e.get("link") or next((lk.get("href") for lk in e.get("links", ()) if lk.get("href")), None)
        if not link:
            continue
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        published = dt.date(*stamp[:3]).isoformat() if stamp else None
        entries.append(Entry(urljoin(base_url, link), (e.get("title") or None), published,
                             e.get("author") or None))
    kind = "atom" if version.startswith("atom") else "rss"
    return Feed(kind, parsed.feed.get("title") or None, tuple(entries))


def _sitemap(content: bytes, base_url: str) -> Feed:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"sitemap is not well-formed XML: {exc}", source=base_url) from None
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise FeedError(f"not a sitemap (root element <{tag}>)", source=base_url)
    entries = []
    item = "url" if tag == "urlset" else "sitemap"
    for node in root.iter(_SITEMAP_NS + item, item):
        loc = node.findtext(_SITEMAP_NS + "loc") or node.findtext("loc")
        if not loc or not loc.strip():
            continue
        news = node.find(_NEWS_NS + "news")
        title = news.findtext(_NEWS_NS + "title") if news is not None else None
        date = news.findtext(_NEWS_NS + "publication_date") if news is not None else None
        published = _iso(date) or _iso(node.findtext(_SITEMAP_NS + "lastmod") or node.findtext("lastmod"))
        entries.append(Entry(urljoin(base_url, loc.strip()), title, published))
    return Feed(tag, None, tuple(entries))

"""A fetched page → an Article: main text, title, author and date by trafilatura, the publication date by the first
source that has one: the page's metadata, else the dateline in its text, else the feed entry, else the day it was
fetched (``meta.date_source``: metadata | dateline | feed | fetched).

The article id is derived from the canonical URL (``web:`` + 20 hex digits of its SHA-256), so the ingest rules
make the same URL one article (a changed text updates it) and the same text under a second URL a skipped copy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlsplit

from ..datelines import find_dateline
from ..errors import DateError, TooLargeError
from ..readers import MAX_CHARS, Article, check_date, extract_html
from .feeds import Entry


def url_id(canonical: str) -> str:
    return "web:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def page_article(content: bytes, *, url: str, canonical: str, charset: str | None = None,
                 entry: Entry | None = None, outlet: str | None = None, source: dict[str, Any] | None = None,
                 fetched: dt.date | None = None, max_chars: int = MAX_CHARS) -> Article:
    """The article on an HTML page; HTMLExtractionError when trafilatura finds no article text, TooLargeError
    (as for files) when it is over ``max_chars``. ``outlet`` is the
    article's ``source`` (the feed's name; else the host), ``source`` extra fields for its ``meta`` (feed URL,
    language)."""
    extracted, text, encoding = extract_html(content, url, declared=charset, url=url)
    if len(text) > max_chars:
        raise TooLargeError(f"article has {len(text):,} characters, over the limit of {max_chars:,}", source=url)
    meta: dict[str, Any] = {"url": url, "canonical_url": canonical, "encoding": encoding, "format": "html"}
    author = getattr(extracted, "author", None) or (entry.author if entry else None)
    if author:
        meta["author"] = author
    if source:
        meta.update({k: v for k, v in source.items() if v})
    published, date_source = None, None
    try:
        published = check_date(getattr(extracted, "date", None), url)
        date_source = "metadata" if published else None
    except DateError:
        published = None
    if published is None:
        found = find_dateline(text)
        if found is not None and found.date:
            published, date_source = found.date, "dateline"
    if published is None and entry is not None and entry.published:
        published, date_source = entry.published, "feed"
    if published is None:
        published, date_source = (fetched or dt.datetime.now(dt.UTC).date()).isoformat(), "fetched"
    meta["date_source"] = date_source
    title = getattr(extracted, "title", None) or (entry.title if entry else None)
    return Article(id=url_id(canonical), text=text, source=outlet or urlsplit(canonical).netloc,
                   published=published, title=title, meta=meta)

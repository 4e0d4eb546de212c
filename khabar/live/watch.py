"""The watcher: poll each source, fetch the articles it lists that are new, ingest them, record every outcome.

Why this shape: each source and each page is its own unit of failure (a timeout, a 500, a redirect loop, a page
without text is recorded in ``fetches`` and on the source, and the round goes on); a URL already stored, already
found to repeat another article, or disallowed by robots.txt is never fetched again; a feed's validators are kept
only after its pages are handled, so an interrupted round is finished by the next. New articles go through the
normal ingest (``store.ingest.ingest``: the same text is stored once), and then near-duplicate detection
(``scale.dedup``) puts an article republished under another URL into the first one's story.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DisallowedError, FeedError, InputError, KhabarError, LiveError, PipelineError
from ..pipeline import Outcome, Pipeline
from ..readers import Article
from ..store.base import Store
from ..store.ingest import ingest, pipeline_version
from ..store.rows import text_hash
from .extract import page_article
from .feeds import Entry, Feed, parse_feed
from .http import Fetcher, Politeness, RobotsFetch
from .sources import Source
from .state import DONE, LiveState
from .urls import canonical_url

MAX_CHILD_SITEMAPS = 50


@dataclass
class RoundSummary:
    """What one round (or one `khabar fetch`) did; ``documents`` are the ids stored or updated."""

    sources: int = 0
    sources_failed: int = 0
    not_modified: int = 0
    pages_fetched: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    disallowed: int = 0
    failed: int = 0
    seconds: float = 0.0
    documents: list[str] = field(default_factory=list)
    errors: list[KhabarError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["errors"] = [{"source": e.source, "code": e.code, "reason": e.message} for e in self.errors]
        return d


class Watcher:
    """Follows sources into one store. ``process`` extracts an article (default: a Pipeline's)."""

    def __init__(self, store: Store, *, politeness: Politeness | None = None, fetcher: Fetcher | None = None,
                 process: Callable[[Article], Outcome] | None = None, version: str | None = None,
                 dedup: bool = True, report: Callable[[KhabarError], None] | None = None):
        self.store = store
        self.state = LiveState(store)
        self.fetcher = fetcher or Fetcher(politeness or Politeness())
        self.fetcher.on_robots = self._robots_fetched
        if process is None:
            pipeline = Pipeline()
            process, version = pipeline.process, version or pipeline_version(pipeline)
        self.process = process
        self.version = version or pipeline_version()
        self.dedup = dedup
        self.report = report
        self._source_id: str | None = None
        self._dedup_missing = False

    def close(self) -> None:
        self.fetcher.close()

    # -- recording --------------------------------------------------------------------------------------------
    def _robots_fetched(self, event: RobotsFetch) -> None:
        outcome = "failed" if event.error else "missing" if event.status and event.status >= 400 else "ok"
        self.state.record_fetch(self._source_id, event.url, "robots", outcome, status=event.status,
                                error=event.error, seconds=event.seconds)

    def _failed(self, summary: RoundSummary, error: KhabarError) -> None:
        summary.errors.append(error)
        if self.report is not None:
            self.report(error)

    # -- a round ----------------------------------------------------------------------------------------------
    def poll(self, sources: Iterable[Source]) -> RoundSummary:
        """One round over ``sources``: each feed polled once, its new articles fetched and stored."""
        t0 = time.perf_counter()
        summary = RoundSummary()
        for source in sources:
            summary.sources += 1
            if not self._poll_source(source, summary):
                summary.sources_failed += 1
        self._after_round(summary)
        summary.seconds = time.perf_counter() - t0
        return summary

    def fetch(self, urls: Iterable[str], *, outlet: str | None = None) -> RoundSummary:
        """Fetch single pages (each its own source of kind 'page'); a known URL gets a conditional GET."""
        t0 = time.perf_counter()
        summary = RoundSummary()
        for url in urls:
            summary.sources += 1
            try:
                source_id = canonical_url(url)
            except LiveError as exc:
                summary.sources_failed += 1
                summary.failed += 1
                self._failed(summary, exc)
                continue
            self.state.ensure_source(source_id, url, kind="page", name=outlet)
            self._source_id = source_id
            outcome = self._page(url, source_id, summary, refetch=True, outlet=outlet)
            error = summary.errors[-1] if outcome in ("failed", "disallowed") else None
            if error is not None:
                summary.sources_failed += 1
            self.state.source_done(source_id, error=error)
        self._after_round(summary)
        summary.seconds = time.perf_counter() - t0
        return summary

    def watch(self, sources: list[Source], *, interval: float, once: bool = False,
              stop: threading.Event | None = None, on_round: Callable[[RoundSummary], None] | None = None) -> None:
        """Poll every ``interval`` seconds (measured from the start of a round) until ``stop`` is set, or once."""
        stop = stop or threading.Event()
        while not stop.is_set():
            started = time.monotonic()
            summary = self.poll(sources)
            if on_round is not None:
                on_round(summary)
            if once:
                return
            stop.wait(max(0.0, interval - (time.monotonic() - started)))

    # -- a source ---------------------------------------------------------------------------------------------
    def _poll_source(self, source: Source, summary: RoundSummary) -> bool:
        try:
            source_id = source.id
        except LiveError as exc:
            self._failed(summary, exc)
            return False
        self._source_id = source_id
        row = self.state.ensure_source(source_id, source.url, kind="feed", name=source.name,
                                       language=source.language)
        try:
            resp = self.fetcher.get(source.url, etag=row.get("etag"), last_modified=row.get("last_modified"))
        except LiveError as exc:
            outcome = "disallowed" if isinstance(exc, DisallowedError) else "failed"
            self.state.record_fetch(source_id, source.url, "feed", outcome, status=getattr(exc, "status", None),
                                    error=exc)
            self.state.source_done(source_id, error=exc)
            self._failed(summary, exc)
            return False
        meta = {"feed": source.url, "language": source.language}
        if resp.not_modified:
            summary.not_modified += 1
            self.state.record_fetch(source_id, source.url, "feed", "not-modified", status=304, seconds=resp.seconds)
            self._retry_failed(source_id, set(), summary, source, meta)
            self.state.source_done(source_id)
            return True
        try:
            feed = parse_feed(resp.content, resp.final_url)
            entries = list(feed.entries) if feed.kind != "sitemapindex" else self._children(feed, source_id)
        except FeedError as exc:
            self.state.record_fetch(source_id, source.url, "feed", "failed", status=resp.status, error=exc,
                                    seconds=resp.seconds, nbytes=len(resp.content))
            self.state.source_done(source_id, error=exc)
            self._failed(summary, exc)
            return False
        self.state.record_fetch(source_id, source.url, "feed", "ok", status=resp.status, seconds=resp.seconds,
                                nbytes=len(resp.content), reason=f"{feed.kind}, {len(entries)} entries")
        listed = set()
        for entry in entries:
            self._page(entry.url, source_id, summary, entry=entry, outlet=source.name, meta=meta)
            try:
                listed.add(canonical_url(entry.url))
            except LiveError:
                pass
        self._retry_failed(source_id, listed, summary, source, meta)
        kind = "sitemap" if feed.kind.startswith("sitemap") else "feed"
        self.state.source_done(source_id, etag=resp.etag, last_modified=resp.last_modified, kind=kind)
        return True

    def _retry_failed(self, source_id: str, listed: set[str], summary: RoundSummary, source: Source,
                      meta: dict[str, Any]) -> None:
        """Pages of this source that failed before and were not listed this round: one more attempt each."""
        for row in self.state.failed_pages(source_id):
            if row["url"] not in listed:
                entry = Entry(row["url"], published=row["published"])
                self._page(row["url"], source_id, summary, entry=entry, outlet=source.name, meta=meta)

    def _children(self, index: Feed, source_id: str) -> list[Entry]:
        """The entries of a sitemap index's sitemaps (one level; a failing child is recorded and skipped)."""
        entries: list[Entry] = []
        for child in index.entries[:MAX_CHILD_SITEMAPS]:
            try:
                resp = self.fetcher.get(child.url)
                sub = parse_feed(resp.content, resp.final_url)
            except LiveError as exc:
                self.state.record_fetch(source_id, child.url, "feed", "failed", status=getattr(exc, "status", None),
                                        error=exc)
                continue
            self.state.record_fetch(source_id, child.url, "feed", "ok", status=resp.status, seconds=resp.seconds,
                                    nbytes=len(resp.content), reason=f"{sub.kind}, {len(sub.entries)} entries")
            entries.extend(sub.entries if sub.kind != "sitemapindex" else ())
        return entries

    # -- a page -----------------------------------------------------------------------------------------------
    def _page(self, url: str, source_id: str, summary: RoundSummary, *, entry: Entry | None = None,
              refetch: bool = False, outlet: str | None = None, meta: dict[str, Any] | None = None) -> str:
        """Fetch, extract and ingest one article page; returns the fetch outcome ('known' when not fetched)."""
        try:
            canonical = canonical_url(url)
        except LiveError as exc:
            self.state.record_fetch(source_id, url, "page", "failed", error=exc)
            self._failed(summary, exc)
            summary.failed += 1
            return "failed"
        page = self.state.page(canonical)
        if page is not None and not refetch and (page["status"] in DONE or page["status"] == "gave-up"):
            return "known"
        validators = {"etag": page["etag"], "last_modified": page["last_modified"]} if page and refetch else {}
        try:
            resp = self.fetcher.get(url, **validators)
        except LiveError as exc:
            disallowed = isinstance(exc, DisallowedError)
            outcome = "disallowed" if disallowed else "failed"
            self.state.record_fetch(source_id, url, "page", outcome, status=getattr(exc, "status", None), error=exc)
            self.state.page_done(canonical, source_id, outcome, attempted=not disallowed,
                                 published=entry.published if entry else None)
            self.state.source_done(source_id, error=exc)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            self._failed(summary, exc)
            return outcome
        summary.pages_fetched += 1
        if resp.not_modified:
            summary.not_modified += 1
            self.state.record_fetch(source_id, url, "page", "not-modified", status=304, seconds=resp.seconds,
                                    document_id=page["document_id"] if page else None)
            self.state.page_done(canonical, source_id, page["status"] if page else "stored", attempted=False)
            return "not-modified"
        try:
            article = page_article(resp.content, url=resp.final_url, canonical=canonical, charset=resp.charset,
                                   entry=entry, outlet=outlet, source=meta)
            result = next(iter(ingest(self.store, [article], process=self.process, version=self.version)))
        except (InputError, PipelineError) as exc:
            return self._page_failed(canonical, url, source_id, summary, resp, exc, entry)
        except Exception as exc:  # a crash in trafilatura/lxml on one odd page must not stop the round
            return self._page_failed(canonical, url, source_id, summary, resp,
                                     LiveError(f"extraction crashed: {type(exc).__name__}: {exc}", source=url), entry)
        if result.status == "failed":
            error = result.error or LiveError(result.reason or "ingest failed", source=url)
            return self._page_failed(canonical, url, source_id, summary, resp, error, entry)
        if result.status in ("added", "updated", "re-extracted"):
            outcome, status = ("added" if result.status == "added" else "updated"), "stored"
            summary.documents.append(article.id)
        elif result.id == article.id:
            outcome, status = "unchanged", "stored"
        else:
            outcome, status = "duplicate", "duplicate"
        counter = {"added": "added", "updated": "updated", "unchanged": "unchanged", "duplicate": "duplicates"}
        setattr(summary, counter[outcome], getattr(summary, counter[outcome]) + 1)
        self.state.record_fetch(source_id, url, "page", outcome, status=resp.status, seconds=resp.seconds,
                                nbytes=len(resp.content), document_id=result.id, reason=result.reason)
        self.state.page_done(canonical, source_id, status, document_id=result.id, final_url=resp.final_url,
                             etag=resp.etag, last_modified=resp.last_modified, text_hash=text_hash(article.text),
                             published=article.published, date_source=article.meta.get("date_source"),
                             stored=outcome == "added")
        return outcome

    def _page_failed(self, canonical: str, url: str, source_id: str, summary: RoundSummary, resp: Any,
                     error: KhabarError, entry: Entry | None) -> str:
        if error.source is None:
            error.source = url
        self.state.record_fetch(source_id, url, "page", "failed", status=resp.status, error=error,
                                seconds=resp.seconds, nbytes=len(resp.content))
        self.state.page_done(canonical, source_id, "failed", final_url=resp.final_url,
                             published=entry.published if entry else None)
        self.state.source_done(source_id, error=error)
        summary.failed += 1
        self._failed(summary, error)
        return "failed"

    # -- after a round ----------------------------------------------------------------------------------------
    def _after_round(self, summary: RoundSummary) -> None:
        """Group the new articles into stories: a republished copy joins the first one's story."""
        if not summary.documents or not self.dedup or self._dedup_missing:
            return
        from ..scale.dedup import dedup

        try:
            dedup(self.store)
        except PipelineError as exc:  # datasketch is not installed: stories are skipped, said once
            self._dedup_missing = True
            self._failed(summary, exc)
            return
        from sqlalchemy import select

        from ..store import schema as S

        with self.store.engine.connect() as conn:
            rows = conn.execute(select(S.pages.c.url, S.pages.c.document_id)
                                .where(S.pages.c.document_id.in_(summary.documents))).all()
        for url, doc_id in rows:
            story = self.state.story_of(doc_id)
            self.state.set_story(url, story)
            if story is not None and story != doc_id:
                summary.near_duplicates += 1

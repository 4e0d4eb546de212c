"""Live ingestion's state in the store (tables ``sources``, ``pages``, ``fetches`` of migration 3).

Why in the store: a watcher restarted tomorrow, or a second machine pointed at the same PostgreSQL, must know which
URLs are done, which validators to send for a conditional GET, and what went wrong where (`khabar sources`).
Plain SQLAlchemy Core on ``store.engine``, the same for SQLite and PostgreSQL; one watcher writes at a time.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..errors import KhabarError
from ..store import schema as S
from ..store.base import Store

# What a fetch came to. feed/robots: ok | not-modified | missing (robots.txt 4xx: no rules) | failed;
# page: added | updated | unchanged (same URL, same text) | duplicate (same text as another URL's article) |
# not-modified | disallowed (robots.txt; not fetched) | failed.
OUTCOMES = ("ok", "not-modified", "missing", "added", "updated", "unchanged", "duplicate", "disallowed", "failed")
DONE = frozenset({"stored", "duplicate", "disallowed"})  # page statuses a watcher does not fetch again
MAX_ATTEMPTS = 3  # a page failing this many times is given up ('gave-up')


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class LiveState:
    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    def _write(self, what: str, fn) -> Any:
        try:
            with self.engine.begin() as conn:
                return fn(conn)
        except SQLAlchemyError as exc:
            raise self.store._error(exc, what) from None

    # -- sources ----------------------------------------------------------------------------------------------
    def ensure_source(self, source_id: str, url: str, *, kind: str, name: str | None = None,
                      language: str | None = None) -> dict[str, Any]:
        """The source's row, created on first sight; name and language updated when given."""
        s = S.sources

        def run(conn: Connection) -> dict[str, Any]:
            row = conn.execute(select(s).where(s.c.id == source_id)).mappings().first()
            if row is None:
                values = {"id": source_id, "url": url, "kind": kind, "name": name, "language": language,
                          "articles": 0, "added_at": now()}
                conn.execute(insert(s).values(**values))
                return values
            changes = {k: v for k, v in (("name", name), ("language", language)) if v and row[k] != v}
            if row["kind"] != kind and kind != "page":
                changes["kind"] = kind
            if changes:
                conn.execute(update(s).where(s.c.id == source_id).values(**changes))
            return {**row, **changes}

        return self._write("record a source in", run)

    def source_done(self, source_id: str, *, error: KhabarError | None = None, etag: str | None = None,
                    last_modified: str | None = None, kind: str | None = None) -> None:
        """A poll of the source ended: a success keeps the validators, a failure its reason."""
        at = now()
        values: dict[str, Any] = {"last_fetched": at}
        if error is None:
            values["last_success"] = at
            if etag is not None or last_modified is not None:
                values.update(etag=etag, last_modified=last_modified)
        else:
            values.update(last_failure=at, last_failure_code=error.code, last_failure_reason=error.message)
        if kind:
            values["kind"] = kind
        self._write("update a source in",
                    lambda conn: conn.execute(update(S.sources).where(S.sources.c.id == source_id).values(**values)))

    def sources(self) -> list[dict[str, Any]]:
        """Every source with its last success and failure and its article count, in the order they were added."""
        s, f = S.sources, S.fetches
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(s).order_by(s.c.added_at, s.c.id)).mappings()]
            counts: dict[str, dict[str, int]] = {}
            for source_id, outcome, n in conn.execute(select(f.c.source_id, f.c.outcome, func.count())
                                                      .group_by(f.c.source_id, f.c.outcome)):
                counts.setdefault(source_id, {})[outcome] = n
        for r in rows:
            r["fetches"] = counts.get(r["id"], {})
        return rows

    # -- pages ------------------------------------------------------------------------------------------------
    def page(self, url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.pages).where(S.pages.c.url == url)).mappings().first()
        return dict(row) if row else None

    def page_done(self, url: str, source_id: str | None, status: str, **values: Any) -> None:
        """Record what became of a page (a fetch attempt counts toward MAX_ATTEMPTS when ``attempted``)."""
        p = S.pages
        attempted = values.pop("attempted", True)
        stored_articles = values.pop("stored", False)

        def run(conn: Connection) -> None:
            row = conn.execute(select(p.c.attempts, p.c.status).where(p.c.url == url)).first()
            attempts = (row[0] if row else 0) + (1 if attempted else 0)
            final = status
            if status == "failed" and attempts >= MAX_ATTEMPTS:
                final = "gave-up"
            data = {"status": final, "attempts": attempts, "last_fetched": now(), **values}
            if row is None:
                conn.execute(insert(p).values(url=url, source_id=source_id, first_seen=now(), **data))
            else:
                conn.execute(update(p).where(p.c.url == url).values(**data))
            if stored_articles and source_id and (row is None or row[1] != "stored"):
                conn.execute(update(S.sources).where(S.sources.c.id == source_id)
                             .values(articles=S.sources.c.articles + 1))

        self._write("record a page in", run)

    def failed_pages(self, source_id: str) -> list[dict[str, Any]]:
        """Pages of a source whose last attempt failed (and that are not given up): retried next round."""
        p = S.pages
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(p).where(p.c.source_id == source_id, p.c.status == "failed")
                                                  .order_by(p.c.first_seen, p.c.url)).mappings()]

    def set_story(self, url: str, story_id: str | None) -> None:
        self._write("record a page's story in", lambda conn: conn.execute(
            update(S.pages).where(S.pages.c.url == url).values(story_id=story_id)))

    def story_of(self, document_id: str) -> str | None:
        sd = S.story_documents
        with self.engine.connect() as conn:
            return conn.execute(select(sd.c.story_id).where(sd.c.document_id == document_id)).scalar()

    # -- fetches ----------------------------------------------------------------------------------------------
    def record_fetch(self, source_id: str | None, url: str, kind: str, outcome: str, *, status: int | None = None,
                     error: KhabarError | None = None, seconds: float | None = None, nbytes: int | None = None,
                     document_id: str | None = None, reason: str | None = None) -> None:
        assert outcome in OUTCOMES, outcome
        row = {"source_id": source_id, "url": url, "kind": kind, "at": now(), "outcome": outcome, "status": status,
               "code": error.code if error else None, "reason": error.message if error else reason,
               "seconds": round(seconds, 4) if seconds is not None else None, "bytes": nbytes,
               "document_id": document_id}
        self._write("record a fetch in", lambda conn: conn.execute(insert(S.fetches).values(**row)))

    def fetches(self, source_id: str | None = None) -> list[dict[str, Any]]:
        f = S.fetches
        q = select(f).order_by(f.c.num)
        if source_id is not None:
            q = q.where(f.c.source_id == source_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

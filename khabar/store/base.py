"""The store interface, with everything both back ends share (SQLAlchemy Core does the dialect work).

A back end adds how it connects and how it runs a full-text query; writing, reading and migrating are here. Each
``put`` is one transaction: a reader never sees half an article, and a failed write leaves the old one in place.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from ..document import Document
from ..errors import QueryTimeoutError, StoreConnectionError, StoreError, StoreFullError, StoreSchemaError
from . import schema as S
from .rows import document_rows, merge_entity_counts

log = logging.getLogger("khabar.store")

# A per-request time limit for queries (``Store.time_limit``): a monotonic deadline that the back ends enforce in
# the database (SQLite: a progress handler that interrupts the statement; PostgreSQL: statement_timeout). A context
# variable, so that it follows a request into the worker thread that runs its queries.
DEADLINE: ContextVar[float | None] = ContextVar("khabar_store_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Queries run inside this block are cancelled (QueryTimeoutError, E508) once ``seconds`` have passed."""
    token = DEADLINE.set(time.monotonic() + seconds if seconds else None)
    try:
        yield
    finally:
        DEADLINE.reset(token)

# Child rows of a document in insert order (parents first).
ROW_TABLES = (S.document_entities, S.mentions, S.events, S.event_arguments, S.event_evidence, S.quotes, S.timexes)
TABLES = ("documents", "entities", "mentions", "events", "event_arguments", "event_evidence", "quotes", "timexes")


@dataclass(frozen=True)
class StoredRef:
    """What the store knows about an article before deciding whether to extract it again."""

    id: str
    text_hash: str
    version: str


class Store(ABC):
    """A khabar store. Open one with ``khabar.store.open_store``."""

    dialect: str = ""

    def __init__(self, engine: Engine, location: str):
        self.engine = engine
        self.location = location  # for messages; never holds a password
        self.retries = 0  # transient faults retried so far

    # -- lifecycle --------------------------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def schema_version(self) -> int:
        """The last migration applied; 0 for an empty database."""
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("schema_migrations"):
                    if inspect(conn).has_table("documents"):
                        raise StoreSchemaError(f"{self.location} has a 'documents' table but no schema_migrations: "
                                               f"it is not a khabar store; use another --db")
                    return 0
                return conn.execute(select(func.max(S.schema_migrations.c.version))).scalar() or 0
        except SQLAlchemyError as exc:
            raise self._error(exc, "read the schema version of") from None

    def migrate(self) -> int:
        """Apply the migrations this database lacks; returns the schema version."""
        current = self.schema_version()
        if current > S.LATEST:
            raise StoreSchemaError(f"{self.location} has schema version {current}, newer than this khabar knows "
                                   f"({S.LATEST}): upgrade khabar")
        try:
            with self.engine.begin() as conn:
                S.metadata.create_all(conn, tables=[S.schema_migrations])
                for m in S.MIGRATIONS:
                    if m.version > current:
                        m.apply(conn)
                        conn.execute(insert(S.schema_migrations).values(
                            version=m.version, name=m.name, applied_at=_now()))
        except SQLAlchemyError as exc:
            raise self._error(exc, "create the tables of") from None
        return S.LATEST

    def check(self) -> None:
        """Raise StoreSchemaError unless the schema is exactly the one this khabar writes."""
        version = self.schema_version()
        if version == 0:
            raise StoreSchemaError(f"{self.location} is not a khabar store (no tables): run `khabar ingest` first")
        if version != S.LATEST:
            raise StoreSchemaError(f"{self.location} has schema version {version}, this khabar uses {S.LATEST}: "
                                   f"run `khabar ingest` with this khabar to migrate it"
                                   if version < S.LATEST else
                                   f"{self.location} was written by a newer khabar (schema {version}): upgrade khabar")

    def _error(self, exc: SQLAlchemyError, doing: str) -> StoreError:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["(no message)"])[0]
        fault = self._fault(exc)
        if fault == "timeout":
            return QueryTimeoutError("the query ran past this server's time limit and was cancelled: narrow it "
                                     "(more words, a date range, a smaller page)")
        if fault == "full":
            return StoreFullError(f"cannot {doing} the store at {self.location}: the disk or the database's size "
                                  f"limit is full ({reason}); nothing of it was written: free space and run again")
        return StoreConnectionError(f"cannot {doing} the store at {self.location}: {reason}")

    # -- faults -----------------------------------------------------------------------------------------------
    # A write or lookup that fails because the server went away (restart, failover, a dropped connection) is
    # retried with exponential back-off, bounded by RETRY_SECONDS in all: each attempt is a whole transaction
    # (rolled back by the failure), so a retry can never store half an article or the same rows twice.
    RETRY_SECONDS = 30.0
    RETRY_FIRST = 0.1
    RETRY_MAX_WAIT = 2.0

    def _fault(self, exc: SQLAlchemyError) -> str | None:
        """'full' (disk or size limit), 'transient' (worth retrying on a new connection), 'timeout' (cancelled by
        ``time_limit``), or None."""
        return None

    def _retrying(self, func, doing: str):
        """``func()``, retried while it fails with a transient fault; typed StoreErrors otherwise."""
        deadline = time.monotonic() + self.RETRY_SECONDS
        wait = self.RETRY_FIRST
        attempt = 0
        while True:
            attempt += 1
            try:
                return func()
            except SQLAlchemyError as exc:
                if self._fault(exc) != "transient" or time.monotonic() + wait > deadline:
                    err = self._error(exc, doing)
                    if attempt > 1:
                        err.message += f" (after {attempt} attempts)"
                    raise err from None
                log.warning("store %s: %s failed (%s); retrying in %.1f s", self.location, doing,
                            type(getattr(exc, "orig", None) or exc).__name__, wait)
                self.retries += 1
                time.sleep(wait)
                wait = min(wait * 2, self.RETRY_MAX_WAIT)

    # -- writing ----------------------------------------------------------------------------------------------
    def lookup(self, doc_id: str, text_hash: str) -> StoredRef | None:
        """The stored article with this id, or else one with the same text."""
        d = S.documents

        def look():
            with self.engine.connect() as conn:
                row = conn.execute(select(d.c.id, d.c.text_hash, d.c.version).where(d.c.id == doc_id)).first()
                if row is None:
                    row = conn.execute(select(d.c.id, d.c.text_hash, d.c.version)
                                       .where(d.c.text_hash == text_hash).order_by(d.c.num).limit(1)).first()
            return row

        row = self._retrying(look, f"look up article {doc_id!r} in")
        return StoredRef(*row) if row is not None else None

    def put(self, doc: Document, version: str, *, replace: str | None = None) -> None:
        """Store ``doc`` (and delete the article stored as ``replace``, or under the same id), all in one
        transaction, and bring the merged rows of every entity it touches up to date."""
        self.put_rows([(document_rows(doc, version, _now()), replace)])

    def put_rows(self, batch: list[tuple[dict[str, list[dict[str, Any]]], str | None]], *,
                 defer: bool = False) -> None:
        """Store several articles given as ``document_rows`` (each with the id of the article it replaces, if
        any) in one transaction, merging each touched entity once: a batch engine extracts elsewhere and writes
        here, and per-batch merging keeps common entities (in thousands of articles) from being merged per
        article. ``defer``: queue the touched entities in ``entity_queue`` (in the same transaction) for
        ``merge_queued_entities`` instead, so that an entity in every article is merged once per many batches."""
        if not batch:
            return

        def write() -> None:
            with self.engine.begin() as conn:
                touched: set[str] = set()
                ids = {rows["documents"][0]["id"] for rows, _ in batch} | {r for _, r in batch if r}
                # only what is stored needs deleting: one query for the batch instead of a delete per table each
                stored = {i for chunk in _chunks(sorted(ids), 500) for i in conn.execute(
                    select(S.documents.c.id).where(S.documents.c.id.in_(chunk))).scalars()}
                for rows, replace in batch:
                    doc_id = rows["documents"][0]["id"]
                    touched |= {r["entity_id"] for r in rows["document_entities"]}
                    for old in {doc_id, replace} & stored:
                        touched |= self._delete(conn, old)
                for table in (S.documents, *ROW_TABLES):
                    data = [r for rows, _ in batch for r in rows.get(table.name, ())]
                    if data:
                        conn.execute(insert(table), data)
                if defer:
                    self._queue_entities(conn, touched)
                else:
                    self._lock_entities(conn, touched)
                    self._merge_entities(conn, touched)

        ids = ", ".join(repr(rows["documents"][0]["id"]) for rows, _ in batch[:3])
        more = f" and {len(batch) - 3} more" if len(batch) > 3 else ""
        self._retrying(write, f"write article {ids}{more} to")

    def _queue_entities(self, conn: Connection, ids: set[str]) -> None:
        q = S.entity_queue
        queued = {i for chunk in _chunks(sorted(ids), 500)
                  for i in conn.execute(select(q.c.entity_id).where(q.c.entity_id.in_(chunk))).scalars()}
        new = [{"entity_id": i} for i in sorted(ids - queued)]
        if new:
            conn.execute(insert(q), new)

    def merge_queued_entities(self) -> int:
        """Merge the entities a deferred batch write queued (all of them, in one transaction); how many."""

        def merge() -> int:
            q = S.entity_queue
            with self.engine.begin() as conn:
                ids = set(conn.execute(select(q.c.entity_id)).scalars())
                if ids:
                    self._lock_entities(conn, ids)
                    self._merge_entities(conn, ids)
                    for chunk in _chunks(sorted(ids), 500):  # not what another writer queued since
                        conn.execute(delete(q).where(q.c.entity_id.in_(chunk)))
                return len(ids)

        return self._retrying(merge, "merge queued entities in")

    def _lock_entities(self, conn: Connection, ids: set[str]) -> None:
        """Serialize the merge of an entity between concurrent writers (PostgreSQL only; SQLite has one writer)."""
        return None

    def delete(self, doc_id: str) -> bool:
        """Remove one article and its rows; False when there was none."""
        with self.engine.begin() as conn:
            exists = conn.execute(select(S.documents.c.id).where(S.documents.c.id == doc_id)).first() is not None
            self._merge_entities(conn, self._delete(conn, doc_id))
        return exists

    def _delete(self, conn: Connection, doc_id: str) -> set[str]:
        de = S.document_entities
        touched = set(conn.execute(select(de.c.entity_id).where(de.c.document_id == doc_id)).scalars())
        for table in S.CHILD_TABLES:
            conn.execute(delete(table).where(table.c.document_id == doc_id))
        conn.execute(delete(S.documents).where(S.documents.c.id == doc_id))
        return touched

    def _merge_entities(self, conn: Connection, ids: set[str]) -> None:
        """Recompute the merged rows of these entities from what every stored article says of them. The database
        aggregates (one row per distinct reading, one per distinct mention text), so an entity in thousands of
        articles costs a few rows here, not thousands: the cost of a batch does not grow with the store."""
        if not ids:
            return
        de, m, e = S.document_entities, S.mentions, S.entities
        ordered = sorted(ids)
        readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
        texts: dict[str, dict[str, int]] = defaultdict(dict)
        fields = (de.c.type, de.c.name, de.c.latin, de.c.kb, de.c.country, de.c.lat, de.c.lon, de.c.titles,
                  de.c.roles)
        for chunk in _chunks(ordered, 500):
            for r in conn.execute(select(de.c.entity_id, *fields, func.count().label("n"),
                                         func.min(de.c.document_id).label("first"))
                                  .where(de.c.entity_id.in_(chunk)).group_by(de.c.entity_id, *fields)).mappings():
                readings[r["entity_id"]].append(dict(r))
            for entity_id, text, n in conn.execute(select(m.c.entity_id, m.c.text, func.count())
                                                   .where(m.c.entity_id.in_(chunk)).group_by(m.c.entity_id, m.c.text)):
                texts[entity_id][text] = n
            conn.execute(delete(e).where(e.c.id.in_(chunk)))
        merged = [merge_entity_counts(i, readings[i], texts[i]) for i in ordered if readings[i]]
        if merged:
            conn.execute(insert(e), merged)

    # -- reading ----------------------------------------------------------------------------------------------
    def get_document(self, doc_id: str, *, layers: bool = True) -> dict[str, Any] | None:
        """The document JSON as it was stored (``Document.to_dict()``), or None; ``layers=False`` leaves out the
        sentences and tokens, as ``to_dict(layers=False)`` does."""
        with self.engine.connect() as conn:
            raw = conn.execute(select(S.documents.c.document).where(S.documents.c.id == doc_id)).scalar()
        return _layers(json.loads(raw), layers) if raw is not None else None

    def documents(self, *, layers: bool = True) -> Iterator[dict[str, Any]]:
        """Every stored document JSON, oldest publication first."""
        d = S.documents
        with self.engine.connect() as conn:
            for (raw,) in conn.execute(select(d.c.document).order_by(d.c.published.nulls_last(), d.c.id)):
                yield _layers(json.loads(raw), layers)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        out = {}
        with self.engine.connect() as conn:
            for name in TABLES:
                out[name] = conn.execute(select(func.count()).select_from(S.metadata.tables[name])).scalar() or 0
        return out

    @abstractmethod
    def search_documents(self, terms: list[str], limit: int, offset: int) -> tuple[int, list[tuple[str, float]]]:
        """Documents whose search text holds every term (normalized words): the total, and one page of
        (document id, score), best first."""


def _layers(doc: dict[str, Any], keep: bool) -> dict[str, Any]:
    if not keep:
        doc.pop("sentences", None)
        doc.pop("tokens", None)
    return doc


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _chunks(items: list[str], size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]

"""The PostgreSQL back end (psycopg 3): full-text search with to_tsvector('simple', …) over the normalized text,
which the store has already folded the Arabic way (the 'simple' configuration only lower-cases)."""
from __future__ import annotations

import time

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import StoreConnectionError
from .base import DEADLINE, Store


class PostgresStore(Store):
    dialect = "postgresql"

    def __init__(self, url: str):
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreConnectionError(f"not a database URL: {exc}") from None
        parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_pre_ping=True)

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            deadline = DEADLINE.get()
            if deadline is not None:  # the rest of the request's time limit, for every statement of this transaction
                ms = max(1, int((deadline - time.monotonic()) * 1000))
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")

        super().__init__(engine, parsed.render_as_string(hide_password=True).replace("+psycopg", ""))

    def _fault(self, exc: SQLAlchemyError) -> str | None:
        """SQLSTATE 53100 (disk full) is 'full'. Lost connections (a server restart, a failover, a network cut:
        class 08, admin/crash shutdown 57P0x, a refused connect), too many connections, serialization failures and
        deadlocks are 'transient': the transaction was rolled back and can run again on a new connection."""
        import psycopg

        orig = getattr(exc, "orig", None)
        state = getattr(orig, "sqlstate", None) or ""
        if state == "53100":
            return "full"
        if state == "57014":
            return "timeout"  # query_canceled: statement_timeout, set from the request's time limit
        if getattr(exc, "connection_invalidated", False) or state.startswith("08") or \
                state in ("57P01", "57P02", "57P03", "53300", "40001", "40P01"):
            return "transient"
        if not state and isinstance(orig, (psycopg.OperationalError, psycopg.InterfaceError)):
            return "transient"  # no SQLSTATE: the connection failed or broke before the server could answer
        return None

    def _lock_entities(self, conn: Connection, ids: set[str]) -> None:
        """Transaction-scoped advisory locks, taken in a fixed order: two writers (Dask workers, two ingests)
        merging one entity take turns, and the second sees the first's rows."""
        for entity_id in sorted(ids):
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"), {"id": entity_id})

    def search_documents(self, terms: list[str], limit: int, offset: int) -> tuple[int, list[tuple[str, float]]]:
        where = "to_tsvector('simple', search_text) @@ plainto_tsquery('simple', :q)"
        params = {"q": " ".join(terms), "limit": limit, "offset": offset}
        try:
            with self.engine.connect() as conn:
                total = conn.execute(text(f"SELECT count(*) FROM documents WHERE {where}"), params).scalar() or 0
                rows = conn.execute(text(
                    f"SELECT id, ts_rank(to_tsvector('simple', search_text), plainto_tsquery('simple', :q)) AS score "
                    f"FROM documents WHERE {where} ORDER BY score DESC, published DESC NULLS LAST, id "
                    f"LIMIT :limit OFFSET :offset"), params).all()
        except SQLAlchemyError as exc:
            raise self._error(exc, "search") from None
        return total, [(r[0], float(r[1])) for r in rows]

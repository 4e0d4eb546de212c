"""The SQLite back end: one file, WAL mode, foreign keys on, FTS5 over the normalized text.

pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN covers DDL too: a migration or an
article is written whole or not at all.
"""
from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from .base import DEADLINE, Store


def _fts_query(terms: list[str]) -> str:
    """Terms as FTS5 strings (implicit AND): user words never become FTS syntax."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _past_deadline() -> int:
    """SQLite's progress handler: a non-zero answer interrupts the running statement."""
    deadline = DEADLINE.get()
    return 1 if deadline is not None and time.monotonic() > deadline else 0


class SQLiteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: Path):
        engine = create_engine(f"sqlite:///{path}")

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            dbapi_conn.set_progress_handler(_past_deadline, 10_000)

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            conn.exec_driver_sql("BEGIN")

        super().__init__(engine, str(path))
        self.path = path

    def _fault(self, exc: SQLAlchemyError) -> str | None:
        """SQLITE_FULL (the disk, or PRAGMA max_page_count) is 'full'; SQLITE_BUSY past the busy timeout is worth
        another try."""
        orig = getattr(exc, "orig", None)
        code = getattr(orig, "sqlite_errorcode", None)
        message = str(orig or exc).lower()
        if (code is not None and code & 0xFF == 9) or message == "interrupted":
            return "timeout"  # SQLITE_INTERRUPT: the progress handler stopped a statement past its deadline
        if (code is not None and code & 0xFF == 13) or "disk is full" in message or "no space left" in message:
            return "full"
        if (code is not None and code & 0xFF in (5, 6)) or "database is locked" in message:
            return "transient"
        return None

    def search_documents(self, terms: list[str], limit: int, offset: int) -> tuple[int, list[tuple[str, float]]]:
        q = _fts_query(terms)
        try:
            with self.engine.connect() as conn:
                total = conn.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"),
                                     {"q": q}).scalar() or 0
                rows = conn.execute(text(
                    "SELECT d.id, bm25(documents_fts) AS score FROM documents_fts "
                    "JOIN documents d ON d.num = documents_fts.rowid WHERE documents_fts MATCH :q "
                    "ORDER BY score, d.published DESC, d.id LIMIT :limit OFFSET :offset"),
                    {"q": q, "limit": limit, "offset": offset}).all()
        except SQLAlchemyError as exc:
            raise self._error(exc, "search") from None
        return total, [(r[0], -float(r[1])) for r in rows]

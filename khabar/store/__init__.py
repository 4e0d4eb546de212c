"""The document store: SQLite (default, one file) or PostgreSQL, behind one interface.

An outer layer: it imports the core (documents, pipeline, normalization); nothing in the core imports it.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreConnectionError, StoreNotFoundError

if TYPE_CHECKING:
    from .base import Store, StoredRef

DEFAULT_DB = "khabar.db"
_PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_url(target: str) -> bool:
    return "://" in target


def open_store(url_or_path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
    """Open (and, with ``create``, create or migrate) the store at a path or a ``postgresql://`` URL.

    Without ``create`` the store must already exist: query commands say to run ``khabar ingest`` rather than
    leave an empty database behind."""
    target = str(url_or_path or DEFAULT_DB)
    store: Store
    if target.startswith(_PG_SCHEMES):
        from .postgres import PostgresStore

        if target.startswith("postgres://"):
            target = "postgresql://" + target[len("postgres://"):]
        store = PostgresStore(target)
    else:
        if target.startswith("sqlite:///"):
            target = target[len("sqlite:///"):]
        elif is_url(target):
            raise StoreConnectionError(f"unsupported database URL {target.split('://')[0]}://…: give a file path "
                                       f"(SQLite) or a postgresql:// URL")
        path = Path(target)
        if path.is_dir():
            raise StoreConnectionError(f"{path} is a folder: give the path of a database file, e.g. "
                                       f"{path / DEFAULT_DB}")
        if not path.exists():
            if not create:
                raise StoreNotFoundError(f"no store at {path}: run `khabar ingest FILE... --db {path}` first")
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
        from .sqlite import SQLiteStore

        store = SQLiteStore(path)
    try:
        if create:
            store.migrate()
        else:
            if store.schema_version() == 0:
                raise StoreNotFoundError(f"no khabar tables in {store.location}: run `khabar ingest FILE... "
                                         f"--db {store.location}` first")
            store.check()
    except BaseException:
        store.close()
        raise
    return store


def __getattr__(name: str) -> Any:
    """``Store`` and ``StoredRef`` load SQLAlchemy only when used, so that `khabar extract` starts fast."""
    if name in ("Store", "StoredRef"):
        from . import base

        return getattr(base, name)
    raise AttributeError(name)


__all__ = ["DEFAULT_DB", "Store", "StoredRef", "open_store"]

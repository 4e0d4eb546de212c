"""What runs in a worker process: extract a chunk of articles into store rows.

Workers return rows (``khabar.store.rows.document_rows``), not Documents: flattening and JSON encoding happen in
the workers, so the process writing to the store only inserts. The Pipeline is built once per worker process and
kept for the next chunk. A worker that loses its parent exits, so a ``kill -9`` of ``khabar ingest`` leaves no
orphans behind.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from ..errors import KhabarError, PipelineError
from ..readers import Article

_PIPELINE = None
Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Extracted:
    """One article's result: its rows, or the typed error that stopped it."""

    rows: Rows | None = None
    error: KhabarError | None = None
    seconds: float = 0.0


def pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from ..pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def init_worker(parent: int | None = None) -> None:
    """Pool initializer: Ctrl-C goes to the parent only (it stops the run), and the worker exits when the parent
    dies (polling, since a killed parent cannot tell anyone)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        def watch() -> None:
            while True:  # the parent need not be ours: a fork server may stand between
                time.sleep(0.5)
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    os._exit(1)
                except PermissionError:
                    pass  # alive, under another user

        threading.Thread(target=watch, daemon=True, name="khabar-parent-watch").start()
    pipeline()


def extract_one(article: Article, version: str) -> Extracted:
    """Extract one article; any error becomes a typed failure of that article alone, so one bad article never
    stops a batch (the pipeline raises only KhabarError on purpose; anything else is a bug worth a reason)."""
    from ..store.rows import document_rows

    t0 = time.perf_counter()
    try:
        outcome = pipeline().process(article)
        if not outcome.ok:
            return Extracted(error=outcome.error, seconds=time.perf_counter() - t0)
        rows = document_rows(outcome.document, version, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    except KhabarError as exc:
        return Extracted(error=exc, seconds=time.perf_counter() - t0)
    except Exception as exc:  # an extraction bug must not kill the batch: it becomes this article's failure
        err = PipelineError(f"extraction crashed: {type(exc).__name__}: {exc}", source=article.source or article.id)
        return Extracted(error=err, seconds=time.perf_counter() - t0)
    return Extracted(rows=rows, seconds=time.perf_counter() - t0)


def extract_chunk(articles: list[Article], version: str) -> list[Extracted]:
    """A chunk per task amortizes the cost of shipping work to a process (pickling, queue round trips)."""
    return [extract_one(a, version) for a in articles]


_STORES: dict[str, Any] = {}


def extract_and_store(articles: list[Article], version: str, url: str,
                      replaces: list[str | None]) -> list[Extracted]:
    """Dask on PostgreSQL: the worker writes its own results (one transaction for the chunk); the client only
    decides what to extract. Returned rows are dropped to spare the network."""
    from ..store import open_store

    results = extract_chunk(articles, version)
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = open_store(url)
    good = [(r.rows, rep) for r, rep in zip(results, replaces, strict=True) if r.rows is not None]
    try:
        store.put_rows(good)
    except KhabarError:
        out = []
        for r, rep in zip(results, replaces, strict=True):
            if r.rows is not None:
                try:
                    store.put_rows([(r.rows, rep)])
                except KhabarError as exc:
                    r = Extracted(error=exc, seconds=r.seconds)
            out.append(r)
        results = out
    return [Extracted(rows={"documents": [{"id": r.rows["documents"][0]["id"]}]} if r.rows else None,
                      error=r.error, seconds=r.seconds) for r in results]

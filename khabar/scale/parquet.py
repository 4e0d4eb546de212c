"""Extraction results as Parquet partitions, and ``khabar load`` to import them into a store.

A partition is a folder ``part-NNNNNN/`` holding one Parquet file per store table, rows exactly as
``document_rows`` makes them; it is written under a temporary name and renamed whole, so a killed run leaves only
complete partitions. Loading applies the ingest rules (skip what this version already stored, replace what another
version stored), so loading twice, or loading a rerun's partitions, stores each article once.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Float, Integer

from ..errors import ExportError, KhabarError
from ..store import schema as S
from ..store.base import ROW_TABLES, Store
from ..store.ingest import IngestResult

TABLES = (S.documents, *ROW_TABLES)


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet output needs pyarrow: pip install 'khabar[parquet]'") from None
    return pa, pq


def _schema(table):
    pa, _ = _pa()
    fields = []
    for c in table.columns:
        if c.name == "num":
            continue  # the store's own row number
        t = pa.int64() if isinstance(c.type, Integer) else pa.float64() if isinstance(c.type, Float) else \
            pa.bool_() if isinstance(c.type, Boolean) else pa.string()
        fields.append(pa.field(c.name, t))
    return pa.schema(fields)


class ParquetSink:
    """Callable like ``Store.put_rows``: each batch becomes the next partition."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        done = [int(p.name[5:]) for p in self.folder.glob("part-*") if p.name[5:].isdigit()]
        self.next = max(done, default=-1) + 1
        self.schemas = {t.name: _schema(t) for t in TABLES}

    def __call__(self, batch: list[tuple[dict[str, list[dict[str, Any]]], str | None]]) -> None:
        pa, pq = _pa()
        name = f"part-{self.next:06d}"
        tmp = self.folder / f".{name}.tmp"
        tmp.mkdir(exist_ok=True)
        try:
            for t in TABLES:
                schema = self.schemas[t.name]
                rows = [r for rows, _ in batch for r in rows.get(t.name, ())]
                cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
                pq.write_table(pa.table(cols, schema=schema), tmp / f"{t.name}.parquet")
            os.replace(tmp, self.folder / name)
        except OSError as exc:
            raise ExportError(f"cannot write {self.folder / name}: {exc.strerror or exc}") from None
        self.next += 1


def read_partitions(folder: str | os.PathLike[str]) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Each article's rows, partition by partition, in the order they were written."""
    _, pq = _pa()
    base = Path(folder)
    if not base.is_dir():
        raise ExportError(f"no Parquet partitions at {base}: not a folder")
    parts = sorted(p for p in base.glob("part-*") if p.is_dir())
    if not parts:
        raise ExportError(f"no Parquet partitions (part-*/) in {base}")
    for part in parts:
        tables = {t.name: pq.read_table(part / f"{t.name}.parquet").to_pylist() for t in TABLES}
        children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for t in ROW_TABLES:
            for r in tables[t.name]:
                children[r["document_id"]][t.name].append(r)
        for d in tables["documents"]:
            kids = children.pop(d["id"], {})
            yield {"documents": [d], **{t.name: kids.get(t.name, []) for t in ROW_TABLES}}


def load(store: Store, folder: str | os.PathLike[str], *, batch_size: int = 64) -> Iterator[IngestResult]:
    """Import partitions into ``store`` by the ingest rules; one result per article."""
    batch: list[tuple[dict, str | None]] = []
    results: list[IngestResult] = []
    seen: set[str] = set()

    def commit() -> Iterator[IngestResult]:
        try:
            store.put_rows(batch)
            out = results
        except KhabarError:
            out = []
            for (rows, rep), r in zip(batch, results, strict=True):
                try:
                    store.put_rows([(rows, rep)])
                    out.append(r)
                except KhabarError as exc:
                    out.append(IngestResult("failed", r.source, r.id, exc.message, exc))
        yield from out
        batch.clear()
        results.clear()
        seen.clear()

    for rows in read_partitions(folder):
        d = rows["documents"][0]
        source = d["source"] or d["id"]
        if d["id"] in seen or d["text_hash"] in seen:
            yield from commit()
        try:
            ref = store.lookup(d["id"], d["text_hash"])
        except KhabarError as exc:
            yield IngestResult("failed", source, d["id"], exc.message, exc)
            continue
        replace, reason = None, None
        if ref is None:
            status = "added"
        elif ref.text_hash != d["text_hash"]:
            status = "updated"
        elif ref.version == d["version"]:
            why = "already stored" if ref.id == d["id"] else f"same text as stored article {ref.id}"
            yield IngestResult("skipped", source, ref.id, why)
            continue
        else:
            status, replace, reason = "re-extracted", ref.id, f"stored by {ref.version}"
        batch.append((rows, replace))
        results.append(IngestResult(status, source, d["id"], reason))
        seen |= {d["id"], d["text_hash"]}
        if len(batch) >= batch_size:
            yield from commit()
    if batch:
        yield from commit()

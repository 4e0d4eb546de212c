"""Writing flat rows as JSON Lines, CSV or Parquet: the one job of ``khabar export`` after the query.

CSV is UTF-8 with a byte-order mark so that spreadsheet programs show Arabic right; Parquet needs pyarrow (the
``khabar[parquet]`` extra) and says so when it is missing.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .errors import ExportError

FORMATS = ("jsonl", "csv", "parquet")


def write_rows(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, out: IO[str] | Path) -> int:
    """Write ``rows`` (dicts with exactly ``columns``) to a text stream (jsonl, csv) or a file path (any format);
    returns the number of rows written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ExportError("Parquet is binary: give an output file with -o")
        return _parquet(rows, columns, out)
    if isinstance(out, Path):
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with out.open("w", encoding=encoding, newline="") as fh:
            return write_rows(rows, columns, fmt, fh)
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def _parquet(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'khabar[parquet]' (or export --format csv)") \
            from None
    data = list(rows)
    columns_data = {c: [r[c] for r in data] for c in columns}
    table = pa.table({c: pa.array(v) if any(x is not None for x in v) else pa.array(v, type=pa.string())
                      for c, v in columns_data.items()})
    pq.write_table(table, path)
    return len(data)

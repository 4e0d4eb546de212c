"""Ingest: read → (extract only when needed) → store, one article at a time, each in its own transaction.

An article already stored with the same id or the same text, by the same pipeline version, is skipped without
being extracted. One stored by another version (``khabar.__version__`` + a fingerprint of the extraction code and
its resources) is extracted again and replaced. One whose id is stored with a different text is updated.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..errors import KhabarError
from ..pipeline import Outcome, Pipeline
from ..readers import Article, Failure
from .base import Store
from .rows import text_hash

# Modules that do not change what extraction produces (nor do store/, samples/, web/ and live/): editing them does
# not make stored documents stale.
_OUTER = {"cli.py", "cli_store.py", "cli_serve.py", "cli_live.py", "demo.py", "query.py", "export.py", "evaluate.py",
          "metrics.py", "__main__.py"}


@lru_cache(maxsize=8)
def _code_fingerprint(stages: tuple[str, ...]) -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256("\n".join(stages).encode())
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] in ("store", "samples", "web", "live") or "__pycache__" in rel.parts:
            continue
        if path.suffix == ".py" and len(rel.parts) == 1 and rel.name in _OUTER:
            continue
        if path.suffix == ".pyc":
            continue
        h.update(str(rel).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def pipeline_version(pipeline: Pipeline | None = None) -> str:
    """``VERSION+FINGERPRINT``: what a stored document records about the extraction that made it."""
    names = (pipeline or Pipeline()).names
    return f"{__version__}+{_code_fingerprint(tuple(names))}"


@dataclass(frozen=True)
class IngestResult:
    status: str  # added | skipped | re-extracted | updated | failed
    source: str
    id: str | None = None
    reason: str | None = None
    error: KhabarError | None = None


@dataclass
class IngestSummary:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    failures: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.counts[result.status] += 1
        if result.status == "failed":
            self.failures.append(result)

    def as_dict(self) -> dict:
        return {**self.counts, "failures": [{"source": f.source, "reason": f.reason,
                                             "code": getattr(f.error, "code", None)} for f in self.failures]}


STATUSES = ("added", "skipped", "re-extracted", "updated", "failed")


def ingest(store: Store, items: Iterable[Article | Failure], *,
           process: Callable[[Article], Outcome] | None = None, version: str | None = None
           ) -> Iterator[IngestResult]:
    """One result per input item, in order. ``process`` extracts one article (default: ``Pipeline().process``);
    ``version`` is the pipeline version recorded with each document (default: ``pipeline_version()``)."""
    pipeline = None
    if process is None:
        pipeline = Pipeline()
        process = pipeline.process
    if version is None:
        version = pipeline_version(pipeline)
    for item in items:
        if isinstance(item, Failure):
            yield IngestResult("failed", item.source, reason=item.error.message, error=item.error)
            continue
        yield _one(store, item, process, version)


def _one(store: Store, article: Article, process: Callable[[Article], Outcome], version: str) -> IngestResult:
    source = article.source or article.id
    try:
        ref = store.lookup(article.id, text_hash(article.text))
    except KhabarError as exc:
        return IngestResult("failed", source, article.id, exc.message, exc)
    replace = None
    if ref is None:
        status = "added"
    elif ref.text_hash != text_hash(article.text):
        status = "updated"  # same id, new text
    elif ref.version == version:
        why = "already stored" if ref.id == article.id else f"same text as stored article {ref.id}"
        return IngestResult("skipped", source, ref.id, why)
    else:
        status, replace = "re-extracted", ref.id
    outcome = process(article)
    if not outcome.ok:
        err = outcome.error
        return IngestResult("failed", source, article.id, getattr(err, "message", str(err)), err)
    try:
        store.put(outcome.document, version, replace=replace)
    except KhabarError as exc:
        return IngestResult("failed", source, article.id, exc.message, exc)
    reason = f"stored by {ref.version}" if status == "re-extracted" and ref is not None else None
    return IngestResult(status, source, outcome.document.id, reason)

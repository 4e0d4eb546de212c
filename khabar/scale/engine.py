"""The batch ingest loop shared by the local process pool and Dask: decide, extract elsewhere, write in order.

The parent reads the inputs as a stream and decides per article, as ``khabar.store.ingest`` does, whether it needs
extracting (skip: same id or text stored by this pipeline version). Articles to extract go out in chunks, with a
bounded number of chunks in flight, so memory stays flat whatever the corpus size. Results come back in input
order and are written a small batch per transaction (entities merged once per batch). An article whose id or text
is already in flight waits for it (the pipeline drains), so the statuses and the stored rows are exactly those of
a one-article-at-a-time ingest. Kill the run at any point and rerun it: committed batches are skipped, the rest is
extracted.
"""
from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import KhabarError, PipelineError
from ..readers import Article, Failure
from ..store.base import Store
from ..store.ingest import IngestResult
from ..store.rows import text_hash
from .work import Extracted, extract_and_store, extract_chunk

# batch commits between merges of the queued entities: an entity in every article is merged once per this many
# batches, not once per batch (the merge reads all that the store says of it)
MERGE_EVERY = 16


class Runner:
    """Where chunks run: ``submit(fn, *args)`` returns a future (concurrent.futures or Dask)."""

    workers: int = 1

    def submit(self, fn: Callable, *args: Any) -> Any:
        raise NotImplementedError

    def recover(self, exc: BaseException) -> bool:
        """After a chunk's future raised: make the runner usable again; False when it cannot be."""
        return False

    def close(self, *, cancel: bool = False) -> None:
        pass


class Done:
    """An already-computed future, for running in-process."""

    def __init__(self, value: Any):
        self.value = value

    def result(self) -> Any:
        return self.value

    def done(self) -> bool:
        return True


class InlineRunner(Runner):
    """No worker processes: ``--workers 1`` is a plain in-process run through the same loop."""

    def submit(self, fn: Callable, *args: Any) -> Done:
        return Done(fn(*args))


@dataclass(eq=False)
class _Entry:
    item: Article | Failure
    hash: str | None = None
    status: str | None = None  # added | updated | re-extracted: what the write will be
    replace: str | None = None
    reason: str | None = None
    result: IngestResult | None = None  # set when there is nothing to extract (skipped, failed before)
    chunk: _Chunk | None = None
    index: int = 0
    extracted: Extracted | None = None


@dataclass(eq=False)
class _Chunk:
    entries: list[_Entry]
    future: Any = None
    retried: bool = False


@dataclass
class EngineStats:
    extracted: int = 0
    extract_seconds: float = 0.0
    written: int = 0
    commits: int = 0
    retries: int = 0
    failures_in_a_row: int = 0
    started: float = field(default_factory=time.perf_counter)


def run(store: Store | None, items: Iterable[Article | Failure], runner: Runner, *, version: str,
        chunk_size: int = 4, batch_size: int = 128, commit_seconds: float = 2.0, in_flight: int | None = None,
        worker_url: str | None = None, sink: Callable[[list[tuple[dict, str | None]]], None] | None = None,
        stats: EngineStats | None = None) -> Iterator[IngestResult]:
    """One IngestResult per input item, in input order.

    ``store`` decides what to extract (None: extract everything, e.g. for Parquet output). Rows go to ``sink``
    (default ``store.put_rows``) a batch at a time, or with ``worker_url`` the workers write them themselves (Dask
    on PostgreSQL). ``in_flight`` bounds the chunks submitted and not yet written (default 3 per worker)."""
    stats = stats if stats is not None else EngineStats()
    limit = in_flight or max(2, 3 * runner.workers)
    deferred = sink is None and store is not None
    if deferred:
        store.merge_queued_entities()  # what a killed run left queued

        def write(batch):
            store.put_rows(batch, defer=True)
            if stats.commits % MERGE_EVERY == MERGE_EVERY - 1:
                store.merge_queued_entities()
    else:
        write = sink
    if write is None and worker_url is None:
        raise PipelineError("the batch engine needs a store, a sink or a worker URL to write to")
    pending: deque[_Entry] = deque()  # every entry not yet yielded, in input order
    chunks: deque[_Chunk] = deque()  # submitted, not yet finished
    building: list[_Entry] = []
    ids: Counter[str] = Counter()  # ids and text hashes of articles between decision and write
    hashes: Counter[str] = Counter()
    ready: list[_Entry] = []  # finished entries at the head, waiting for the batch commit
    last_commit = time.perf_counter()

    def submit(chunk: _Chunk) -> None:
        arts = [e.item for e in chunk.entries]
        if worker_url is not None:
            chunk.future = runner.submit(extract_and_store, arts, version, worker_url,
                                         [e.replace for e in chunk.entries])
        else:
            chunk.future = runner.submit(extract_chunk, arts, version)
        chunks.append(chunk)

    def flush_building() -> None:
        if building:
            chunk = _Chunk(list(building))
            for i, e in enumerate(building):
                e.chunk, e.index = chunk, i
            building.clear()
            submit(chunk)

    def finish_chunk(chunk: _Chunk, block: bool) -> bool:
        """Collect a chunk's results into its entries; on a worker failure retry its articles one by one."""
        if not block and not chunk.future.done():
            return False
        try:
            results = chunk.future.result()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a dead worker process or a lost Dask worker: not this article's fault alone
            chunks.remove(chunk)
            chunk.future = None
            stats.failures_in_a_row += 1
            if stats.failures_in_a_row > 8:
                raise PipelineError(f"the workers keep failing ({type(exc).__name__}: {exc}); stopped") from exc
            if not runner.recover(exc) or chunk.retried and len(chunk.entries) == 1:
                err = PipelineError(f"worker failed: {type(exc).__name__}: {exc}")
                results = [Extracted(error=err)] * len(chunk.entries)
            else:
                stats.retries += 1
                for e in chunk.entries:
                    single = _Chunk([e], retried=True)
                    e.chunk, e.index = single, 0
                    submit(single)
                return True
        else:
            stats.failures_in_a_row = 0
            chunks.remove(chunk)
            chunk.future = None
        for e, r in zip(chunk.entries, results, strict=True):
            e.extracted = r
            stats.extract_seconds += r.seconds
        stats.extracted += len(chunk.entries)
        return True

    def commit() -> Iterator[IngestResult]:
        nonlocal last_commit
        good = [e for e in ready if e.extracted is not None and e.extracted.rows is not None]
        if good and worker_url is None:
            try:
                write([(e.extracted.rows, e.replace) for e in good])
            except KhabarError:
                for e in good:  # find the article the batch failed on; store the others
                    try:
                        write([(e.extracted.rows, e.replace)])
                    except KhabarError as exc:
                        e.extracted = Extracted(error=exc)
            stats.commits += 1
        stats.written += len(good)
        for e in ready:
            yield _result(e)
            if e.hash is not None and e.result is None:
                ids[e.item.id] -= 1
                hashes[e.hash] -= 1
                if not ids[e.item.id]:
                    del ids[e.item.id]
                if not hashes[e.hash]:
                    del hashes[e.hash]
        ready.clear()
        last_commit = time.perf_counter()

    def advance(block: bool) -> Iterator[IngestResult]:
        """Move finished head entries to ``ready``; commit a full (or old) batch. ``block``: wait for the head."""
        while pending:
            head = pending[0]
            if head.result is None and head.extracted is None:
                if head.chunk is None:
                    break  # still being built into a chunk
                if not finish_chunk(head.chunk, block):
                    break
                if head.extracted is None:
                    continue  # resubmitted one by one
            ready.append(pending.popleft())
            if sum(1 for e in ready if e.extracted is not None) >= batch_size:
                yield from commit()
        if ready and (not pending or time.perf_counter() - last_commit >= commit_seconds
                      or not any(e.extracted is not None for e in ready)):
            yield from commit()

    def drain() -> Iterator[IngestResult]:
        flush_building()
        while pending:
            yield from advance(True)
        if ready:
            yield from commit()

    for item in items:
        e = _Entry(item)
        if isinstance(item, Failure):
            e.result = IngestResult("failed", item.source, reason=item.error.message, error=item.error)
        else:
            e.hash = text_hash(item.text)
            if item.id in ids or e.hash in hashes:
                yield from drain()  # the same article is in flight: decide after it is stored
            ref = None
            if store is not None:
                try:
                    ref = store.lookup(item.id, e.hash)
                except KhabarError as exc:
                    e.result = IngestResult("failed", item.source or item.id, item.id, exc.message, exc)
            if e.result is None:
                if ref is None:
                    e.status = "added"
                elif ref.text_hash != e.hash:
                    e.status = "updated"
                elif ref.version == version:
                    why = "already stored" if ref.id == item.id else f"same text as stored article {ref.id}"
                    e.result = IngestResult("skipped", item.source or item.id, ref.id, why)
                else:
                    e.status, e.replace, e.reason = "re-extracted", ref.id, f"stored by {ref.version}"
            if e.result is None:
                ids[item.id] += 1
                hashes[e.hash] += 1
                building.append(e)
                if len(building) >= chunk_size:
                    flush_building()
        pending.append(e)
        yield from advance(False)
        while len(chunks) >= limit:
            yield from advance(True)
    yield from drain()
    if deferred:
        store.merge_queued_entities()


def _result(e: _Entry) -> IngestResult:
    if e.result is not None:
        return e.result
    item = e.item
    source = item.source or item.id
    x = e.extracted
    if x is None or x.rows is None:
        err = x.error if x is not None else PipelineError("not extracted")
        if err is not None and err.source is None:
            err.source = source
        return IngestResult("failed", source, item.id, getattr(err, "message", str(err)), err)
    return IngestResult(e.status or "added", source, x.rows["documents"][0]["id"], e.reason)

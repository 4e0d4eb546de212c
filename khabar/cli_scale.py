"""The batch side of the CLI: ``khabar ingest``'s engines (process pool, Dask, Parquet output), ``khabar load``
and ``khabar dedup``. Kept out of ``cli.py``/``cli_store.py`` so those stay small; ``cli_store`` lists these
commands with its own."""
from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from .errors import KhabarError
from .readers import JSONL_SUFFIXES, READABLE_SUFFIXES, expand_paths

SMALL_RUN = 16  # known inputs up to this many articles run in-process unless --workers is given: no pool start-up


def engine_options(f: Callable) -> Callable:
    f = click.option("--dedup", "run_dedup", is_flag=True,
                     help="Then sign the new articles and regroup stories and canonical events (`khabar dedup`).")(f)
    f = click.option("--failures", "failures_path", type=click.Path(dir_okay=False, writable=True), default=None,
                     help="Also write each failed input as a JSON line {source, code, reason} to this file.")(f)
    f = click.option("--batch", "batch_size", type=click.IntRange(1, 10_000), default=128, show_default=True,
                     help="Articles written per transaction (touched entities merged every 16 batches).")(f)
    f = click.option("--output-parquet", type=click.Path(file_okay=False), default=None, metavar="DIR",
                     help="Write extraction results as Parquet partitions to DIR instead of the store "
                          "(import them with `khabar load DIR`).")(f)
    f = click.option("--scheduler", default=None, metavar="tcp://HOST:8786",
                     help="With --engine dask: the scheduler of a running cluster (default: a LocalCluster).")(f)
    f = click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: a process pool here; dask: the workers of a Dask cluster.")(f)
    f = click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Extraction processes (default: the cores available; 1 runs in this process).")(f)
    return f


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (files and JSONL lines); None for stdin
    and JSON files (an array's length needs parsing)."""
    total = 0
    for p in expand_paths(inputs):
        if p == "-" or not isinstance(p, Path) or not p.is_file():
            return None if p == "-" else total + 1
        suffix = p.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with p.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif suffix in READABLE_SUFFIXES - {".json"}:
            total += 1
        else:
            return None
    return total


class _Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into an orderly stop like Ctrl-C (a BaseException: no `except Exception` may swallow it)."""


def _on_term(signum, frame) -> None:
    raise _Interrupted()


def run_ingest(inputs: tuple[str, ...], db: str, items: Iterable, *, fmt: str, workers: int | None, engine: str,
               scheduler: str | None, output_parquet: str | None, failures_path: str | None,
               batch_size: int, open_store: Callable, run_dedup: bool = False) -> None:
    """``khabar ingest`` with an engine: progress on stderr, the summary on stdout, exit 1 on failures, 130 when
    interrupted (rerun the same command to finish: stored articles are skipped)."""
    from .scale.engine import EngineStats, InlineRunner, Runner, run
    from .scale.local import PoolRunner, default_workers
    from .store.ingest import IngestSummary, pipeline_version

    total = count_articles(inputs)
    explicit = workers is not None
    workers = workers or default_workers()
    store = None
    sink = None
    if output_parquet:
        from .scale.parquet import ParquetSink

        sink = _run(lambda: ParquetSink(output_parquet))
    else:
        store = open_store(db, create=True)
    runner: Runner | None = None
    summary = IngestSummary()
    stats = EngineStats()
    failures: IO[str] | None = None
    old_term = signal.signal(signal.SIGTERM, _on_term)
    interrupted = False
    try:
        if failures_path:
            failures = open(failures_path, "w", encoding="utf-8")  # noqa: SIM115 - closed below, written as we go
        if engine == "dask":
            from .scale.dask_engine import DaskRunner

            runner = _run(lambda: DaskRunner(scheduler, workers))
        elif workers == 1 or (not explicit and total is not None and total <= SMALL_RUN):
            runner = InlineRunner()
        else:
            runner = PoolRunner(workers)
        worker_url = None
        if engine == "dask" and store is not None and store.dialect == "postgresql":
            worker_url = store.engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
        results = run(store, items, runner, version=pipeline_version(), batch_size=batch_size, sink=sink,
                      worker_url=worker_url, stats=stats)
        for r in _progress(results, total, summary):
            if r.status == "failed" and failures is not None:
                failures.write(json.dumps({"source": r.source, "code": getattr(r.error, "code", "E000"),
                                           "reason": r.reason}, ensure_ascii=False) + "\n")
                failures.flush()
        if run_dedup and store is not None:
            from .scale.dedup import dedup

            d = _run(lambda: dedup(store))
            click.echo(f"khabar: dedup: {d.stories} stories, {d.duplicates} copies, "
                       f"{d.canonical_events} canonical events", err=True)
    except (KeyboardInterrupt, _Interrupted):
        interrupted = True
    finally:
        signal.signal(signal.SIGTERM, old_term)
        if runner is not None:
            runner.close(cancel=interrupted)
        if store is not None:
            store.close()
        if failures is not None:
            failures.close()
    where = store.location if store is not None else str(output_parquet)
    for f in summary.failures:
        click.echo(f"khabar: error: {f.source}: {f.reason} [{getattr(f.error, 'code', 'E000')}]", err=True)
    if interrupted:
        c = summary.counts
        click.echo(f"khabar: interrupted: {c['added'] + c['updated'] + c['re-extracted']} articles stored in {where}; "
                   f"run the same command again to finish (what is stored is skipped)", err=True)
        sys.exit(130)
    _summary(where, summary, fmt, stats)
    if summary.failures:
        sys.exit(1)


def _summary(where: str, summary, fmt: str, stats=None) -> None:
    if fmt == "json":
        out = {"db": where, **summary.as_dict()}
        if stats is not None:
            out["seconds"] = round(time.perf_counter() - stats.started, 3)
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        c = summary.counts
        click.echo(f"{where}: {c['added']} added, {c['skipped']} skipped, {c['re-extracted']} re-extracted, "
                   f"{c['updated']} updated, {c['failed']} failed")


def _run(func: Callable[[], Any]) -> Any:
    try:
        return func()
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None


def _progress(results: Iterable, total: int | None, summary) -> Iterator:
    """Count every result into ``summary``; on a terminal a bar with articles/s and ETA, otherwise a line every
    ten seconds (for logs of long runs)."""
    err = sys.stderr
    if err.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                      TimeRemainingColumn(), TextColumn("{task.fields[s]}"), console=Console(stderr=True),
                      transient=True) as progress:
            task = progress.add_task("ingest", total=total, s="", rate="")
            t0 = time.perf_counter()
            for n, r in enumerate(results, 1):
                summary.add(r)
                rate = n / max(time.perf_counter() - t0, 1e-9)
                progress.update(task, advance=1, rate=f"{rate:.1f}/s",
                                s=", ".join(f"{v} {k}" for k, v in summary.counts.items() if v))
                yield r
        return
    t0 = last = time.perf_counter()
    for n, r in enumerate(results, 1):
        summary.add(r)
        yield r
        now = time.perf_counter()
        if now - last >= 10:
            last = now
            rate = n / (now - t0)
            eta = f", ETA {_hms((total - n) / rate)}" if total and rate > 0 else ""
            of = f"/{total}" if total else ""
            click.echo(f"khabar: {n}{of} articles, {rate:.1f}/s{eta}", err=True)


def _hms(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s"


def _db_option(f: Callable) -> Callable:
    from .store import DEFAULT_DB

    return click.option("--db", default=DEFAULT_DB, envvar="KHABAR_DB", show_default=True, metavar="PATH|URL",
                        help="The store: an SQLite file or a postgresql:// URL; also $KHABAR_DB.")(f)


def _open_store(db: str, *, create: bool):
    from .store import open_store

    return _run(lambda: open_store(db, create=create))


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), metavar="DIR")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def load(folder: str, db: str, fmt: str) -> None:
    """Import the Parquet partitions that `khabar ingest --output-parquet DIR` wrote into the store, by the ingest
    rules (what this version already stored is skipped)."""
    from .scale.parquet import load as load_parts
    from .store.ingest import IngestSummary

    store = _open_store(db, create=True)
    summary = IngestSummary()
    try:
        _run(lambda: [summary.add(r) for r in load_parts(store, folder)])
    finally:
        store.close()
    for f in summary.failures:
        click.echo(f"khabar: error: {f.source}: {f.reason} [{getattr(f.error, 'code', 'E000')}]", err=True)
    _summary(store.location, summary, fmt)
    if summary.failures:
        sys.exit(1)


@click.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def dedup(db: str, fmt: str) -> None:
    """Find republished articles (exact, edited, truncated copies) and group them into stories; link the events
    of a story that agree on type, parties and date into canonical events (`khabar events --canonical`). Only
    articles not yet signed are hashed, so running it after each ingest is cheap."""
    from .errors import StoreSchemaError
    from .scale.dedup import dedup as run_dedup
    from .store import open_store

    try:
        store = open_store(db, create=False)
    except StoreSchemaError:
        store = _open_store(db, create=True)  # an older schema gains the stories tables (a newer one says so)
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        summary = _run(lambda: run_dedup(store))
    finally:
        store.close()
    s = summary.as_dict()
    if fmt == "json":
        click.echo(json.dumps({"db": store.location, **s}, indent=2))
    else:
        click.echo(f"{store.location}: {s['documents']} articles ({s['signed']} newly signed) in {s['stories']} "
                   f"stories, {s['duplicates']} copies; {s['events']} events → {s['canonical_events']} canonical; "
                   f"{s['repeated_paragraphs']} repeated paragraphs")


SCALE_COMMANDS = (load, dedup)

"""Faults (issue 8): the ingest process killed mid-batch (PostgreSQL; SQLite is in test_scale.py), the PostgreSQL
server restarted or a connection cut mid-ingest (retried with bounded back-off, all rows end up stored), and a full
disk (a typed E507 error, the article rolled back whole, the ones before it intact)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import event, text
from test_scale import contents, corpus, reference  # noqa: F401 - fixtures shared with the SQLite kill test

from khabar.errors import StoreConnectionError, StoreFullError
from khabar.store import open_store
from khabar.store.ingest import ingest
from khabar.store.rows import document_rows


def run_cli(*args: str):
    from click.testing import CliRunner

    from khabar.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def counts(url: str) -> dict[str, int]:
    store = open_store(url, create=False)
    try:
        return store.counts()
    finally:
        store.close()


# -- kill -9 ----------------------------------------------------------------------------------------------------------

def test_kill_9_mid_batch_then_rerun_on_postgres(corpus, reference, pg_database):  # noqa: F811
    """As the SQLite test in test_scale.py: kill `khabar ingest` with SIGKILL after some committed batches; the
    store holds whole articles only, and a rerun ends with exactly the rows of an uninterrupted run."""
    import psutil

    url = pg_database()
    cmd = [sys.executable, "-m", "khabar.cli", "ingest", str(corpus), "--db", url, "--workers", "2", "--batch", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored, deadline = 0, time.time() + 60
    probe = None
    while time.time() < deadline and proc.poll() is None:
        try:
            probe = probe or open_store(url, create=False)
            stored = probe.counts()["documents"]
        except Exception:  # noqa: BLE001 - the tables may not exist yet; poll again
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.02)
    workers = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if probe is not None:
        probe.close()
    assert 3 <= stored < 20, f"killed after {stored} articles: not midway"
    partial = contents(url)
    n = len(partial["documents"])
    assert 0 < n < 20
    # whole articles only: every stored article has exactly the rows the reference run gave it
    ids = {d["id"] for d in partial["documents"]}
    for table, rows in reference.items():
        if table == "entities":
            continue  # merged across articles: their counts depend on which articles are in
        key = "id" if table == "documents" else "document_id"
        assert [r for r in partial[table]] == [r for r in rows if r[key] in ids], table
    psutil.wait_procs(workers, timeout=10)
    result = run_cli("ingest", str(corpus), "--db", url, "--workers", "2", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["skipped"] == n and summary["added"] == 20 - n
    assert contents(url) == reference


# -- the PostgreSQL server goes away ----------------------------------------------------------------------------------

@pytest.fixture
def articles(sample_articles):
    return list(sample_articles)


def test_postgres_restart_mid_ingest_is_retried(pg_database, pg_restart, articles, cached_process, tmp_path):
    url = pg_database()
    store = open_store(url)
    store.RETRY_SECONDS = 60
    stored = threading.Event()

    def slow(article):  # slow enough that the restart lands inside the run
        out = cached_process(article)
        time.sleep(0.1)
        return out

    results: list = []

    def work() -> None:
        for r in ingest(store, articles, process=slow, version="test"):
            results.append(r)
            if len(results) == 3:
                stored.set()

    t = threading.Thread(target=work)
    t.start()
    assert stored.wait(60)
    pg_restart("fast")  # every connection is cut; the server is down for a moment
    t.join(120)
    assert not t.is_alive()
    assert [r.status for r in results] == ["added"] * len(articles), [(r.status, r.reason) for r in results]
    assert store.retries >= 1  # the restart was felt, and ridden out
    store.close()
    ref = str(tmp_path / "ref.db")
    with open_store(ref) as clean:
        list(ingest(clean, articles, process=cached_process, version="test"))
    assert contents(url) == contents(ref)


def test_a_connection_cut_inside_a_write_is_retried_whole(pg_database, articles, cached_process):
    """The server ends this connection's backend in the middle of an article's transaction (between its inserts):
    the write is retried on a new connection and the article is stored once, whole."""
    import psycopg

    url = pg_database()
    store = open_store(url)
    cut = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def kill_backend(conn, cursor, statement, params, context, executemany):
        if "INSERT INTO mentions" in statement and not cut:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            cut.append(pid)

    outcome = cached_process(articles[0])
    store.put(outcome.document, "test")
    assert cut and store.retries >= 1
    c = store.counts()
    assert c["documents"] == 1 and c["mentions"] == sum(len(e.mentions) for e in outcome.document.entities)
    store.close()


def test_postgres_gone_for_good_is_a_bounded_typed_error(pg_database, articles, cached_process, tmp_path):
    url = pg_database()
    store = open_store(url)
    store.RETRY_SECONDS, store.RETRY_FIRST = 0.6, 0.1
    from sqlalchemy import create_engine

    store.engine.dispose()
    nowhere = store.engine.url.update_query_dict({"host": str(tmp_path)})  # no server's socket there
    store.engine = create_engine(nowhere, pool_pre_ping=True)
    t0 = time.monotonic()
    with pytest.raises(StoreConnectionError) as info:
        store.put(cached_process(articles[0]).document, "test")
    assert time.monotonic() - t0 < 5 and info.value.code == "E502" and "attempts" in info.value.message
    assert store.retries >= 2
    store.close()


# -- a full disk ------------------------------------------------------------------------------------------------------

def rows_of(outcome) -> dict:
    return document_rows(outcome.document, "test", "2024-01-01T00:00:00+00:00")


def assert_full_then_intact(store, articles, cached_process, fill) -> None:
    """Store two articles, make the database full (``fill``), then try the rest: the first that does not fit fails
    with E507 and leaves no row behind; the two stored before are intact."""
    first = [cached_process(a) for a in articles[:2]]
    for o in first:
        store.put(o.document, "test")
    before = store.counts()
    fill(store)
    failed = None
    for a in articles[2:]:
        try:
            store.put(cached_process(a).document, "test")
        except StoreFullError as exc:
            failed = exc
            break
    assert failed is not None, "the database never filled up"
    assert failed.code == "E507" and "nothing of it was written" in failed.message
    after = store.counts()
    stored = after["documents"] - before["documents"]
    got = {d["id"] for d in store.documents(layers=False)}
    assert {o.document.id for o in first} <= got
    # whole articles only: the rows present are exactly those of the articles present
    with store.engine.connect() as conn:
        orphans = conn.execute(text("SELECT count(*) FROM mentions WHERE document_id NOT IN "
                                    "(SELECT id FROM documents)")).scalar()
    assert orphans == 0 and stored == len(got) - 2
    for o in first:
        assert store.get_document(o.document.id, layers=False) == o.document.to_dict(layers=False)


def test_sqlite_full_database_max_page_count(tmp_path, articles, cached_process):
    store = open_store(str(tmp_path / "full.db"))

    def fill(store) -> None:
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        @event.listens_for(store.engine, "connect")
        def limit(dbapi_conn, _record) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

        store.engine.dispose()  # new connections get the limit

    assert_full_then_intact(store, articles, cached_process, fill)
    store.close()


def test_sqlite_full_disk_on_a_small_tmpfs(tmp_path, articles, cached_process):
    """A real full disk: an 8 MiB tmpfs (needs root and mount; skipped elsewhere), filled up by the articles."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        store = open_store(str(mnt / "k.db"))
        try:
            def fill(store) -> None:
                ballast = mnt / "ballast"
                free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
                ballast.write_bytes(b"\0" * max(0, free - 48 * 1024))

            assert_full_then_intact(store, articles * 3, cached_process, fill)
        finally:
            store.close()
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_postgres_full_disk_through_a_failing_connection(pg_database, articles, cached_process):
    """PostgreSQL's disk cannot be filled here: a connection hook raises the error the server sends on a full disk
    (SQLSTATE 53100, psycopg.errors.DiskFull) in the middle of an article's inserts."""
    import psycopg.errors

    store = open_store(pg_database())

    def fill(store) -> None:
        @event.listens_for(store.engine, "do_executemany")
        @event.listens_for(store.engine, "do_execute")
        def disk_full(cursor, statement, parameters, context):
            if statement.startswith("INSERT INTO mentions"):
                raise psycopg.errors.DiskFull("could not extend file: No space left on device")

    assert_full_then_intact(store, articles, cached_process, fill)
    assert store.retries == 0  # a full disk is not retried
    store.close()


def test_ingest_reports_a_full_disk_per_article(tmp_path, articles, cached_process):
    store = open_store(str(tmp_path / "k.db"))
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def limit(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 8}")

    store.engine.dispose()
    results = list(ingest(store, articles, process=cached_process, version="test"))
    failed = [r for r in results if r.status == "failed"]
    assert failed and all(r.error.code == "E507" for r in failed)
    assert {r.status for r in results} <= {"added", "failed"}
    stored = {d["id"] for d in store.documents(layers=False)}
    assert stored == {r.id for r in results if r.status == "added"}
    store.close()


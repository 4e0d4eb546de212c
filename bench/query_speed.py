"""Query speed on a store of 10,000 articles, SQLite and PostgreSQL: entity profiles and filtered event queries.

    python bench/query_speed.py [--articles 10000] [--queries 40] [--skip-postgres]

Extracts shared/data/news/saudinewsnet-10k.jsonl once into Parquet partitions under build/bench/ (kept for later
runs: extraction is the slow part), loads them into an SQLite store and, where PostgreSQL's binaries are found (as
for the tests: /usr/lib/postgresql/*/bin or $KHABAR_PG_BIN), into a throwaway PostgreSQL cluster; then times the
queries of khabar/query.py that the CLI, the API and the page run: the profile of each of the most mentioned
entities, events by actor, by actor and type, by type and date range, and by location. Prints the medians and
writes bench/results/query_speed.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"
WORK = ROOT / "build" / "bench"


def extract(articles: int) -> Path:
    out = WORK / f"news{articles}-parquet"
    if (out / "done").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    source = CORPUS
    if articles < 10_000:
        source = WORK / f"news{articles}.jsonl"
        with CORPUS.open(encoding="utf-8") as fh, source.open("w", encoding="utf-8") as w:
            for _, line in zip(range(articles), fh, strict=False):
                w.write(line)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "khabar.cli", "ingest", str(source), "--output-parquet", str(out),
                    "--workers", str(os.cpu_count() or 1)], check=True)
    (out / "done").write_text(f"{time.perf_counter() - t0:.0f} s\n")
    return out


def load(url: str, parquet: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "khabar.cli", "load", str(parquet), "--db", url], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


@contextmanager
def postgres():
    """A throwaway PostgreSQL cluster on a Unix socket, as the tests start one; None without the binaries."""
    found = [Path(os.environ["KHABAR_PG_BIN"])] if os.environ.get("KHABAR_PG_BIN") else \
        sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    pg_bin = next((p for p in reversed(found) if (p / "initdb").exists()), None)
    if pg_bin is None:
        yield None
        return
    base = Path(tempfile.mkdtemp(prefix="khabar-bench-pg-"))
    data, sock, log = base / "data", base / "sock", base / "log"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run([*as_user, str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_user, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                    f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run([*as_user, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def time_queries(url: str, queries: int) -> dict:
    from khabar import query as Q
    from khabar.store import open_store

    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            from sqlalchemy import select

            from khabar.store import schema as S

            e = S.entities
            top = conn.execute(select(e.c.id, e.c.name, e.c.type).order_by(e.c.documents.desc())
                               .limit(queries)).all()
            ev = S.events
            types = [r[0] for r in conn.execute(select(ev.c.type).group_by(ev.c.type)).all()]
        people = [r for r in top if r.type in ("PER", "ORG")] or top
        places = [r for r in top if r.type == "LOC"] or top

        def timed(calls) -> dict:
            times = []
            for call in calls:
                t = time.perf_counter()
                call()
                times.append(1000 * (time.perf_counter() - t))
            return {"queries": len(times), "median_ms": round(statistics.median(times), 1),
                    "p90_ms": round(sorted(times)[int(0.9 * (len(times) - 1))], 1), "max_ms": round(max(times), 1)}

        result = {
            "entity_profile by id": timed([lambda r=r: Q.entity_profile(store, r.id) for r in top]),
            "entity_profile by name": timed([lambda r=r: Q.entity_profile(store, r.name) for r in top]),
            "events by actor name": timed([lambda r=r: Q.events(store, actor=r.name) for r in people]),
            "events by actor and type": timed([lambda r=r, t=t: Q.events(store, actor=r.name, type=t)
                                               for r in people for t in types[:2]]),
            "events by type and dates": timed([lambda t=t: Q.events(store, type=t, since="2015-07", until="2015-08")
                                               for t in types]),
            "events by location": timed([lambda r=r: Q.events(store, location=r.name) for r in places]),
        }
        result["documents"] = store.counts().get("documents") if hasattr(store, "counts") else None
        return result
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"not found: {CORPUS}")
        return
    parquet = extract(args.articles)
    out = {"articles": args.articles, "extraction": (parquet / "done").read_text().strip(), "back_ends": {}}
    db = WORK / f"query-{args.articles}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    out["back_ends"]["sqlite"] = {"load_seconds": round(load(str(db), parquet), 1), **time_queries(str(db),
                                                                                                     args.queries)}
    if not args.skip_postgres:
        with postgres() as url:
            if url is not None:
                out["back_ends"]["postgresql"] = {"load_seconds": round(load(url, parquet), 1),
                                                  **time_queries(url, args.queries)}
    for name, res in out["back_ends"].items():
        print(f"== {name}: {res.get('documents')} documents, loaded in {res['load_seconds']} s")
        for what, r in res.items():
            if isinstance(r, dict):
                print(f"   {what:28} median {r['median_ms']:7.1f} ms   p90 {r['p90_ms']:7.1f} ms   "
                      f"({r['queries']} queries)")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "query_speed.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Batch ingest at scale: articles/s per core, 1 → 2 workers (process pool and Dask LocalCluster), identical
stores, and peak memory of the whole process tree (proportional set size: pages shared by the forked workers
counted once) at 1,000 vs 10,000 articles.

    python bench/scale.py [--articles N] [--memory-sizes 1000,10000] [--skip-dask] [--skip-memory]

Runs `khabar ingest` as a subprocess on the first N articles of shared/data/news (JSONL first, then the
article folders; default all of it) into fresh SQLite stores, sampling the RSS of the process and its workers
every 0.1 s. Writes bench/results/scale.json. On a shared machine the timings are noisy: the load average is
recorded with them.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
KHABAR = [sys.executable, "-m", "khabar.cli"]


def _footprint(p) -> int:
    """A process's proportional set size (shared pages counted once across the forked workers, as the machine
    pays for them), else its RSS where the platform has no PSS."""
    try:
        return p.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return p.memory_info().rss


def corpus(n: int | None, out: Path) -> int:
    """The first n articles of the news folder as one JSONL file (folders' .txt files as records)."""
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        with (NEWS / "saudinewsnet-10k.jsonl").open(encoding="utf-8") as src:
            for line in itertools.islice(src, n):
                fh.write(line)
                count += 1
        for sub in ("articles", "politics"):
            for p in sorted((NEWS / sub).glob("*.txt")):
                if n is not None and count >= n:
                    return count
                fh.write(json.dumps({"id": f"{sub}/{p.stem}", "text": p.read_text("utf-8")}, ensure_ascii=False)
                         + "\n")
                count += 1
    return count


def ingest(path: Path, db: Path, *args: str) -> dict:
    """Wall time and peak RSS (sum over the process tree) of one `khabar ingest`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*KHABAR, "ingest", str(path), "--db", str(db), "--format", "json", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_footprint(p) for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    out = proc.stdout.read()
    seconds = time.perf_counter() - t0
    summary = json.loads(out) if out.strip() else {}
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 2**20), "added": summary.get("added"),
            "failed": summary.get("failed")}


def fingerprint(db: Path) -> dict:
    from khabar.store import open_store

    store = open_store(str(db), create=False)
    try:
        with store.engine.connect() as conn:
            ids = conn.exec_driver_sql("SELECT document_id || '/' || id FROM events ORDER BY 1").scalars().all()
        return {"counts": store.counts(), "event_ids": len(ids), "event_ids_hash": hash(tuple(ids)) & 0xFFFFFFFF}
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=None, help="default: all of shared/data/news")
    ap.add_argument("--memory-sizes", default="1000,10000")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true", help="only the memory runs")
    args = ap.parse_args()
    if not NEWS.is_dir():
        print(f"not found: {NEWS}")
        return
    tmp = Path(tempfile.mkdtemp(prefix="khabar-bench-"))
    data = tmp / "corpus.jsonl"
    n = corpus(args.articles, data)
    runs = {}
    for name, extra in () if args.skip_scaling else (("local-1", ["--workers", "1"]), ("local-2", ["--workers", "2"]),
                        *(() if args.skip_dask else (("dask-2", ["--engine", "dask", "--workers", "2"]),))):
        load = os.getloadavg()[0]
        r = ingest(data, tmp / f"{name}.db", *extra)
        r.update(articles=n, articles_per_second=round(n / r["seconds"], 1), load_before=round(load, 2),
                 store=fingerprint(tmp / f"{name}.db"))
        runs[name] = r
        print(f"{name:8} {n} articles {r['seconds']:8.1f} s {r['articles_per_second']:6.1f}/s "
              f"peak {r['peak_rss_mb']:5} MB (load before {load:.1f})", flush=True)
    out_path = ROOT / "bench" / "results" / "scale.json"
    result: dict = json.loads(out_path.read_text()) if out_path.exists() else {}  # a partial run updates its part
    result["cores"] = os.cpu_count()
    if runs:
        base = runs["local-1"]
        result.update(articles=n, runs=runs, speedup_local_2=round(base["seconds"] / runs["local-2"]["seconds"], 2),
                      articles_per_second_per_core_1=base["articles_per_second"],
                      same_store_local=runs["local-2"]["store"] == base["store"])
    if "dask-2" in runs:
        result["speedup_dask_2"] = round(base["seconds"] / runs["dask-2"]["seconds"], 2)
        result["same_store_dask"] = runs["dask-2"]["store"] == base["store"]
    if not args.skip_memory:
        mem = {}
        for size in (int(s) for s in args.memory_sizes.split(",")):
            part = tmp / f"mem-{size}.jsonl"
            got = corpus(size, part)
            r = ingest(part, tmp / f"mem-{size}.db", "--workers", "2")
            mem[str(got)] = r
            print(f"memory   {got} articles: peak {r['peak_rss_mb']} MB in {r['seconds']:.0f} s", flush=True)
        sizes = sorted(mem, key=int)
        result["memory"] = mem
        result["memory_growth"] = round(mem[sizes[-1]]["peak_rss_mb"] / mem[sizes[0]]["peak_rss_mb"] - 1, 3)
    print(f"\n{'run':10}{'articles':>10}{'seconds':>10}{'art/s':>8}{'peak MB':>9}")
    for name, r in result.get("runs", {}).items():
        print(f"{name:10}{r['articles']:>10}{r['seconds']:>10}{r['articles_per_second']:>8}{r['peak_rss_mb']:>9}")
    if "speedup_local_2" in result:
        print(f"speed-up 1→2 local {result['speedup_local_2']}×"
              + (f", dask {result['speedup_dask_2']}×" if "speedup_dask_2" in result else "")
              + f"; same store: local {result['same_store_local']}"
              + (f", dask {result['same_store_dask']}" if "same_store_dask" in result else ""))
    if "memory" in result:
        print("memory: " + ", ".join(f"{k} articles {v['peak_rss_mb']} MB" for k, v in result["memory"].items())
              + f" (growth {result['memory_growth']:+.0%})")
    out_path.parent.mkdir(exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Load on the HTTP API: concurrent clients on loopback against `khabar serve`, bounded in count and time.

    python bench/load.py                       # build bench/results/load.db from the 10k corpus if missing, then run
    python bench/load.py --db my.db --clients 50 --seconds 20

Starts `khabar serve` on a free 127.0.0.1 port (a separate process, as in production), then for each kind of request
(search, entity lookup by name, entity profile by id) runs N clients that each send requests back to back until the
time or the request budget is spent. Reports requests/s, p50/p99 latency and errors per kind, and writes
bench/results/load.json. Only loopback is ever addressed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"
SEARCH_WORDS = ["السعودية", "الرياض", "وزير", "الملك", "مجلس", "الأمن", "اليمن", "إيران", "جدة", "الشورى", "النفط",
                "المملكة", "الداخلية", "الصحة", "التعليم", "أمير", "الحوثي", "سوريا", "مصر", "العراق"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path, articles: int) -> None:
    src = CORPUS
    if articles < 10_000:
        src = db.with_suffix(".input.jsonl")
        with CORPUS.open(encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
            for _, line in zip(range(articles), fh, strict=False):
                out.write(line)
    t0 = time.time()
    subprocess.run([str(ROOT / ".venv" / "bin" / "khabar"), "ingest", str(src), "--db", str(db), "--workers", "2"],
                   check=False)
    print(f"built {db} in {time.time() - t0:.0f} s", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def drive(base: str, make_url, clients: int, seconds: float, budget: int) -> dict:
    """``clients`` concurrent loops sending ``make_url(rng)`` requests until ``seconds`` or ``budget`` run out."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        async def client(n: int) -> None:
            nonlocal sent
            rng = random.Random(n)
            while time.perf_counter() < deadline and sent < budget:
                sent += 1
                t0 = time.perf_counter()
                try:
                    r = await http.get(make_url(rng))
                    ok = r.status_code == 200
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, key = False, type(exc).__name__
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors[key] = errors.get(key, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        wall = time.perf_counter() - t0
    return {"requests": len(latencies), "seconds": round(wall, 2), "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 50) * 1000, 1), "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "errors": sum(errors.values()), "error_kinds": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "results" / "load.db"))
    ap.add_argument("--articles", type=int, default=10_000, help="articles to ingest when the store is missing")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15.0, help="per kind of request")
    ap.add_argument("--max-requests", type=int, default=20_000, help="per kind of request")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"))
    args = ap.parse_args()
    db = Path(args.db)
    if not db.exists():
        if not CORPUS.exists():
            sys.exit(f"no store at {db} and no corpus at {CORPUS}")
        build_store(db, args.articles)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "khabar"), "serve", "--db", str(db), "--host",
                               "127.0.0.1", "--port", str(port), "--log-level", "warning"])
    try:
        deadline = time.time() + 30
        while True:
            try:
                about = httpx.get(base + "/api", timeout=2).json()
                break
            except httpx.HTTPError:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit("khabar serve did not start")
                time.sleep(0.2)
        ents = httpx.get(base + "/api/entities", params={"limit": 200}, timeout=30).json()["items"]
        ids = [e["id"] for e in ents]
        names = [e["name"] for e in ents]
        kinds = {
            "search": lambda rng: httpx.URL("/api/search", params={"q": rng.choice(SEARCH_WORDS), "limit": 20}),
            "entity_lookup": lambda rng: httpx.URL("/api/entities", params={"q": rng.choice(names), "limit": 20}),
            "entity_profile": lambda rng: httpx.URL(f"/api/entities/{rng.choice(ids)}", params={"limit": 20}),
        }
        results = {}
        for kind, make in kinds.items():
            results[kind] = asyncio.run(drive(base, make, args.clients, args.seconds, args.max_requests))
            r = results[kind]
            print(f"{kind:15s} {r['requests']:6d} requests  {r['requests_per_s']:7.1f}/s  p50 {r['p50_ms']:7.1f} ms  "
                  f"p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}", flush=True)
    finally:
        server.terminate()
        server.wait(15)
    out = {"store": {"db": str(db), "documents": about["counts"]["documents"], "entities": about["counts"]["entities"]},
           "clients": args.clients, "seconds_per_kind": args.seconds, "server": "khabar serve (uvicorn, 1 process)",
           "results": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    errors = sum(r["errors"] for r in results.values())
    print(f"wrote {args.out}; {errors} errors", file=sys.stderr)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Live ingestion speed against the loopback news site of the tests: pages/s, and the delay from a feed update to
stored events.

    python bench/live.py [--pages 100] [--updates 10] [--interval 1.0]

* throughput: one feed listing ``--pages`` article pages (SaudiNewsNet articles from ../shared when present, else
  the test articles varied), one `watch` round into a fresh SQLite store with no per-host delay (``--rate 0``):
  fetch + trafilatura + the whole pipeline + store + near-duplicate grouping, per page;
* delay: a watcher polls the feed every ``--interval`` seconds in a thread; ``--updates`` times, at a random
  moment, a new article is added to the feed, and the time until its events are in the store is measured.

Writes bench/results/live.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from live_server import CAIRO, RIYADH, SEOUL, ZARIF, LoopbackSite, Route, page, rss  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from khabar import __version__  # noqa: E402
from khabar.live.extract import url_id  # noqa: E402
from khabar.live.http import Politeness  # noqa: E402
from khabar.live.sources import Source  # noqa: E402
from khabar.live.urls import canonical_url  # noqa: E402
from khabar.live.watch import Watcher  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store import schema as S  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"


def articles(n: int) -> tuple[str, list[tuple[str, list[str]]]]:
    """(where from, [(title, paragraphs)]) for n distinct articles."""
    out = []
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                paras = [p.strip() for p in rec["text"].split("\n") if p.strip()]
                if rec.get("title") and 600 <= len(rec["text"]) <= 4000 and len(paras) >= 2:
                    out.append((rec["title"], paras))
                if len(out) >= n:
                    return f"{CORPUS.name} (first {n} articles of 600-4,000 characters)", out
    base = [ZARIF, SEOUL, CAIRO, RIYADH]
    for i in range(n - len(out)):
        out.append((f"خبر رقم {i}", base[i % 4] + [f"وهذا هو الخبر رقم {i} من أخبار اليوم في النشرة."]))
    return "the test articles, varied", out


def throughput(n: int) -> dict:
    where, arts = articles(n)
    with tempfile.TemporaryDirectory() as tmp, LoopbackSite() as site:
        items = []
        for i, (title, paras) in enumerate(arts):
            site.routes[f"/a/{i}"] = Route(page(title, paras))
            items.append({"link": site.url(f"/a/{i}"), "title": title})
        site.routes["/rss"] = Route(rss(items), content_type="application/rss+xml", etag='"1"')
        store = open_store(Path(tmp) / "k.db")
        watcher = Watcher(store, politeness=Politeness(timeout=5, min_interval=0.0))
        warm = watcher.fetch([site.url("/a/0")])  # load the pipeline's resources outside the timing
        t0 = time.perf_counter()
        summary = watcher.poll([Source(site.url("/rss"))])
        seconds = time.perf_counter() - t0
        with store.engine.connect() as conn:
            fetch_s = conn.execute(select(func.sum(S.fetches.c.seconds)).where(S.fetches.c.kind == "page")).scalar()
            events = conn.execute(select(func.count()).select_from(S.events)).scalar()
        watcher.close()
        store.close()
    pages = summary.added + summary.unchanged + warm.added
    return {"corpus": where, "pages": pages, "stored": summary.added + warm.added, "failed": summary.failed,
            "events": events, "seconds": round(seconds, 2),
            "pages_per_second": round((summary.pages_fetched) / seconds, 1),
            "http_seconds_per_page": round((fetch_s or 0) / max(1, pages), 4),
            "note": "one round, --rate 0 (no per-host delay: with the default 1 s the round takes a second a page)"}


def delay(updates: int, interval: float) -> dict:
    _, arts = articles(updates + 1)
    rng = random.Random(9)
    delays = []
    with tempfile.TemporaryDirectory() as tmp, LoopbackSite() as site:
        items: list[dict] = []

        def publish(i: int) -> str:
            title, paras = arts[i]
            site.routes[f"/n/{i}"] = Route(page(title, paras))
            items.insert(0, {"link": site.url(f"/n/{i}"), "title": title})
            site.routes["/rss"] = Route(rss(items), content_type="application/rss+xml", etag=f'"{i}"')
            return url_id(canonical_url(site.url(f"/n/{i}")))

        publish(0)
        store = open_store(Path(tmp) / "k.db")
        watcher = Watcher(store, politeness=Politeness(timeout=5, min_interval=0.0))
        watcher.poll([Source(site.url("/rss"))])  # resources loaded, the first article stored: outside the timing
        stop = threading.Event()
        thread = threading.Thread(target=watcher.watch, args=([Source(site.url("/rss"))],),
                                  kwargs={"interval": interval, "stop": stop}, daemon=True)
        thread.start()
        try:
            for i in range(1, updates + 1):
                time.sleep(rng.uniform(0.2, 1.2) * interval)
                doc_id = publish(i)
                t0 = time.perf_counter()
                while True:
                    with store.engine.connect() as conn:  # an article and its events are one transaction
                        stored = conn.execute(select(S.documents.c.id).where(S.documents.c.id == doc_id)).first()
                    if stored is not None:
                        delays.append(time.perf_counter() - t0)
                        break
                    if time.perf_counter() - t0 > 30 * interval + 30:
                        raise RuntimeError(f"article {i} was not stored")
                    time.sleep(0.01)
        finally:
            stop.set()
            thread.join(timeout=30)
            watcher.close()
            store.close()
    delays.sort()
    return {"updates": len(delays), "interval_s": interval, "mean_s": round(sum(delays) / len(delays), 3),
            "median_s": round(delays[len(delays) // 2], 3), "max_s": round(delays[-1], 3),
            "min_s": round(delays[0], 3),
            "note": "feed updated at a random moment; delay = until the article and its events are stored "
                    "(expected: about interval/2 of waiting for the next poll + fetch, extraction and storage)"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--updates", type=int, default=10)
    ap.add_argument("--interval", type=float, default=1.0)
    args = ap.parse_args()
    result = {"khabar": __version__, "python": platform.python_version(), "machine": platform.machine(),
              "throughput": throughput(args.pages), "delay": delay(args.updates, args.interval)}
    out = ROOT / "bench" / "results" / "live.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

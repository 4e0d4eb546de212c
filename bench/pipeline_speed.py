"""Whole-pipeline speed on SaudiNewsNet: articles/second on one core, on the median-length article, and peak memory.

    python bench/pipeline_speed.py [--articles 1000]

One cold pass (caches empty, as a batch run meets new text) over the first N articles of
shared/data/news/saudinewsnet-10k.jsonl; per-article times give the median article's rate, in wall time and in the
CPU time of the extracting thread (the per-core figure, unaffected by other work on a shared machine). Writes
bench/results/pipeline_speed.json.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
import time
from pathlib import Path

from khabar.pipeline import Pipeline
from khabar.readers import article_from_record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"not found: {CORPUS}")
        return
    with CORPUS.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in itertools.islice(fh, args.articles + 1)]
    articles = [article_from_record(r, f"saudinewsnet:{i}") for i, r in enumerate(records)]
    pipeline = Pipeline()
    pipeline.process(articles[0])  # load models and resources outside the timing
    times, cpu, chars = [], [], []
    t0 = time.perf_counter()
    for a in articles[1:]:
        t, c = time.perf_counter(), time.thread_time()
        out = pipeline.process(a)
        times.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        chars.append(len(a.text))
        assert out.ok, out.error
    total = time.perf_counter() - t0
    median_time = statistics.median(times)
    median_cpu = statistics.median(cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"articles": len(times), "median_chars": statistics.median(chars), "seconds": round(total, 2),
              "articles_per_second": round(len(times) / total, 1),
              "median_article_ms": round(1000 * median_time, 2),
              "median_article_per_second": round(1 / median_time, 1),
              # CPU time of this thread: what one core does, whatever else the machine is running
              "median_article_cpu_ms": round(1000 * median_cpu, 2),
              "median_article_per_cpu_second": round(1 / median_cpu, 1), "peak_rss_mb": round(peak)}
    print(f"{result['articles']} articles (median {result['median_chars']:.0f} chars) in {total:.1f} s: "
          f"{result['articles_per_second']} articles/s; median article {result['median_article_ms']} ms "
          f"= {result['median_article_per_second']} articles/s (CPU {result['median_article_cpu_ms']} ms = "
          f"{result['median_article_per_cpu_second']} articles per CPU-second); peak RSS {result['peak_rss_mb']} MB")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "pipeline_speed.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

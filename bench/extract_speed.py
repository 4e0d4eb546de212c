"""Extraction speed on one core: articles/second and peak memory (RSS).

    python bench/extract_speed.py [--repeat 20] [--corpus ../shared/data/news/articles]

Measures the full `khabar extract` pipeline (reading excluded, JSON serialisation included) over the bundled
samples and, when ../shared is present, over the 300 SaudiNewsNet articles. Writes bench/results/extract_speed.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

from khabar import __version__
from khabar.demo import sample_file
from khabar.pipeline import Pipeline
from khabar.readers import Article, read_inputs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "articles"


def measure(name: str, articles: list[Article], pipeline: Pipeline, repeat: int) -> dict:
    pipeline.process(articles[0])  # load resources once, outside the timing
    chars = sum(len(a.text) for a in articles)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for a in articles:
            out = pipeline.process(a)
            out.document.to_json()
    seconds = time.perf_counter() - t0
    n = len(articles) * repeat
    return {"corpus": name, "articles": len(articles), "repeat": repeat, "mean_chars": round(chars / len(articles)),
            "seconds": round(seconds, 3), "articles_per_second": round(n / seconds, 1),
            "ms_per_article": round(1000 * seconds / n, 2), "chars_per_second": round(chars * repeat / seconds)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    pipeline = Pipeline()
    rows = [measure("samples", [a for a in read_inputs([sample_file()]) if isinstance(a, Article)], pipeline,
                    args.repeat)]
    if args.corpus.is_dir():
        arts = [a for a in read_inputs([args.corpus]) if isinstance(a, Article)]
        rows.append(measure(args.corpus.name, arts, pipeline, max(1, args.repeat // 10)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'corpus':<10} {'articles':>8} {'chars/art':>9} {'art/s':>8} {'ms/art':>7}")
    for r in rows:
        print(f"{r['corpus']:<10} {r['articles']:>8} {r['mean_chars']:>9} {r['articles_per_second']:>8} "
              f"{r['ms_per_article']:>7}")
    print(f"peak RSS {peak_mb:.0f} MB (one process, one core)")
    out = {"khabar": __version__, "python": platform.python_version(), "machine": platform.machine(),
           "results": rows, "peak_rss_mb": round(peak_mb, 1)}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "extract_speed.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()

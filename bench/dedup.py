"""Near-duplicate detection at scale: 100,000 synthetic articles (the SaudiNewsNet 10k plus 90,000 planted exact,
edited and truncated copies), signing and grouping time, planted-copy recall and the false-merge rate.

    python bench/dedup.py [--originals 10000] [--copies 90000] [--check 5000]

False merges are checked exactly (word shingles) on whole stories drawn at random until --check articles are
covered. Writes bench/results/dedup.json.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import time
from pathlib import Path

from khabar.scale.dedup import Member, Signer, group
from khabar.scale.planted import plant, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--originals", type=int, default=10_000)
    ap.add_argument("--copies", type=int, default=90_000)
    ap.add_argument("--check", type=int, default=5_000)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"not found: {CORPUS}")
        return
    with CORPUS.open(encoding="utf-8") as fh:
        recs = [json.loads(line) for line in itertools.islice(fh, args.originals)]
    items = list(plant(recs, args.copies))
    signer = Signer()
    t0 = time.perf_counter()
    members = [Member(r["id"], None, r.get("source"), *signer.sign(r["text"])) for r, _, _ in items]
    t1 = time.perf_counter()
    assigned = group(members)
    t2 = time.perf_counter()
    s = score(items, assigned, sample=args.check)
    result = {"articles": len(items), "originals": len(recs), "planted": args.copies,
              "sign_seconds": round(t1 - t0, 1), "group_seconds": round(t2 - t1, 1),
              "total_seconds": round(t2 - t0, 1), "articles_per_second": round(len(items) / (t2 - t0)),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), **s}
    print(f"{'articles':>10}{'sign s':>8}{'group s':>8}{'recall':>8}{'exact':>7}{'edited':>7}{'trunc':>7}"
          f"{'false merge':>12}{'stories':>9}")
    k = s["recall_by_kind"]
    print(f"{len(items):>10}{result['sign_seconds']:>8}{result['group_seconds']:>8}{s['recall']:>8}{k['exact']:>7}"
          f"{k['edited']:>7}{k['truncated']:>7}{s['false_merge_rate']:>12}{s['stories']:>9}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "dedup.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

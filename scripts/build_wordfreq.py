"""Count normalized Arabic words in the unlabelled news corpus → khabar/resources/wordfreq.tsv.gz.

The clitic segmenter uses these counts to tell a proclitic (و+بحث) from a root letter (وزير). Columns: the
normalized word, how often it occurs, and how often it was written with a hamza-alef first (ألمانيا, إلقاء): the
article ال is never written so, which tells المانيا from ال+جيش. Deterministic: the same corpus gives
byte-identical output (sorted, gzip without a timestamp).

    python scripts/build_wordfreq.py [--corpus ../shared/data/news/saudinewsnet-10k.jsonl] [--min-count 3]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import regex

from khabar.text.normalize import normalize_str

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"
OUT = ROOT / "khabar" / "resources" / "wordfreq.tsv.gz"
ARABIC_WORD = regex.compile(r"[\p{Script=Arabic}&&[\p{L}\p{M}]]+", regex.V1)
HAMZA_ALEF = frozenset("أإآ")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (it lives in shared/data/news/)", file=sys.stderr)
        return 1
    counts: Counter[str] = Counter()
    hamza: Counter[str] = Counter()
    cache: dict[str, str] = {}
    n_docs = 0
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for field in ("title", "text"):
                for word in ARABIC_WORD.findall(rec.get(field) or ""):
                    norm = cache.get(word)
                    if norm is None:
                        norm = cache[word] = normalize_str(word)
                    if norm:
                        counts[norm] += 1
                        if word[0] in HAMZA_ALEF:
                            hamza[norm] += 1
            n_docs += 1
    rows = sorted(((w, c) for w, c in counts.items() if c >= args.min_count), key=lambda x: (-x[1], x[0]))
    body = "word\tcount\thamza_initial\n" + "".join(f"{w}\t{c}\t{hamza[w]}\n" for w, c in rows)
    args.out.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{n_docs} articles, {sum(counts.values())} words, {len(counts)} types; "
          f"kept {len(rows)} types with count >= {args.min_count} -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

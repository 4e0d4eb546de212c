"""Word embeddings for the neural NER tagger from ALL the unlabelled news in ../shared/data/news → build/nner/stems.w2v.

Skip-gram word2vec (gensim) over the clitic-stripped normalized stems (``khabar.entities.words.analyze``) of
saudinewsnet-10k.jsonl plus the articles/ and politics/ folders (one article per file). Deterministic: one worker
thread, fixed seed, a stable hash for vector initialisation. The vectors are an intermediate product (not shipped
as such): scripts/train_neural_ner.py reads them and the ONNX model carries the rows it keeps.

    python scripts/pretrain_embeddings.py [--news ../shared/data/news] [--out build/nner/stems.w2v]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_clusters import paragraph_sentences, stable_hash  # noqa: E402

DEFAULT_NEWS = ROOT.parent / "shared" / "data" / "news"
DEFAULT_OUT = ROOT / "build" / "nner" / "stems.w2v"


def news_sentences(news: Path):
    jsonl = news / "saudinewsnet-10k.jsonl"
    if jsonl.exists():
        with jsonl.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield from paragraph_sentences((rec.get("title") or "") + "\n" + (rec.get("text") or ""))
    for sub in ("articles", "politics"):
        for path in sorted((news / sub).glob("*.txt")):
            yield from paragraph_sentences(path.read_text(encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5)
    args = ap.parse_args()
    from gensim.models import Word2Vec

    t0 = time.time()
    sents = list(news_sentences(args.news))
    print(f"{len(sents)} sentences, {sum(map(len, sents))} words ({time.time() - t0:.0f} s)", flush=True)
    model = Word2Vec(sents, vector_size=args.dim, window=5, min_count=args.min_count, workers=1, seed=7,
                     epochs=args.epochs, sg=1, negative=5, hashfxn=stable_hash)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.wv.save_word2vec_format(str(args.out))
    print(f"word2vec: {len(model.wv.index_to_key)} stems, {args.dim} dims -> {args.out} ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

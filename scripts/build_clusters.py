"""Word clusters from unlabelled news → khabar/resources/clusters.tsv.gz, features for the NER tagger.

Trains word2vec (gensim, CBOW) on the clitic-stripped stems of 10,000 SaudiNewsNet articles and groups the vectors
with k-means at three granularities (64, 256, 1024 clusters): a word's cluster ids tell the tagger what kind of
word it is even when the labelled data never saw it. Deterministic: one worker thread, fixed seeds and a stable
hash for vector initialisation.

    python scripts/build_clusters.py [--corpus ../shared/data/news/saudinewsnet-10k.jsonl]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import regex

from khabar.entities.words import analyze

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-10k.jsonl"
OUT = ROOT / "khabar" / "resources" / "clusters.tsv.gz"
TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*|\d+(?:[.,]\d+)*|[^\s\p{L}\d]")
SENTENCE_END = frozenset(".!?؟؛\n")
SIZES = (64, 256, 1024)


def stable_hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def paragraph_sentences(text: str):
    """Sentences of a text as lists of clitic-stripped stems, cut at line breaks and sentence punctuation."""
    for para in text.split("\n"):
        sent: list[str] = []
        for tok in TOKEN.findall(para):
            w = analyze(tok)
            if w.shape == "punct":
                if tok in SENTENCE_END and sent:
                    yield sent
                    sent = []
                continue
            sent.append(w.stem)
        if sent:
            yield sent


def sentences(corpus: Path):
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield from paragraph_sentences((rec.get("title") or "") + "\n" + (rec.get("text") or ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    t0 = time.time()
    sents = list(sentences(args.corpus))
    print(f"{len(sents)} sentences, {sum(map(len, sents))} words ({time.time() - t0:.0f} s)")
    model = Word2Vec(sents, vector_size=100, window=5, min_count=args.min_count, workers=1, seed=7, epochs=5,
                     sg=0, hashfxn=stable_hash)
    words = list(model.wv.index_to_key)
    vecs = model.wv.vectors.astype(np.float64)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    print(f"word2vec: {len(words)} words ({time.time() - t0:.0f} s)")
    labels = []
    for k in SIZES:
        km = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3, max_iter=100)
        labels.append(km.fit_predict(vecs))
        print(f"k-means {k}: done ({time.time() - t0:.0f} s)")
    order = sorted(range(len(words)), key=lambda i: words[i])
    body = "stem\t" + "\t".join(f"c{k}" for k in SIZES) + "\n"
    body += "".join(words[i] + "\t" + "\t".join(str(int(lab[i])) for lab in labels) + "\n" for i in order)
    args.out.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"-> {args.out} ({args.out.stat().st_size} bytes, {time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

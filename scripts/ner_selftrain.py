"""Self-training experiment for the ANERcorp CRF (issue 3): does adding news sentences the CRF tagged itself, where it
is confident, raise its dev F1? Measured, not shipped (dev 0.689 -> 0.689-0.694: within the split's noise).

    python scripts/ner_selftrain.py [--shared ../shared] [--sentences 3000] [--threshold 0.9] [--seed 0]

Trains the CRF on ANERcorp train minus its dev block (the last 10%, as ``train_ner.py``), tags shuffled sentences of
the unlabelled news (``data/news/saudinewsnet-10k.jsonl``, split at sentence ends and tokenized with punctuation
apart, 8-40 tokens) and keeps those with at least one entity whose best label sequence has a probability of at least
``--threshold``, up to ``--sentences`` of them; retrains on ANERcorp + these, and prints both dev scores. Writes only
under build/ner/selftrain/. About three minutes for 3,000 sentences on one core.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_ner  # noqa: E402

from khabar.entities.conll import read_conll  # noqa: E402
from khabar.entities.ner import features  # noqa: E402
from khabar.entities.words import analyze_sentence  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def news_sentences(path: Path, seed: int) -> list[list[str]]:
    out = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in _SENTENCE_END.split(json.loads(line)["text"]):
                tokens = _TOKEN.findall(sentence)
                if 8 <= len(tokens) <= 40:
                    out.append(tokens)
    random.Random(seed).shuffle(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sentences", type=int, default=3000, help="silver sentences to add at most")
    ap.add_argument("--threshold", type=float, default=0.9, help="least probability of the tagged sequence")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    import pycrfsuite

    train_file = args.shared / "data" / "anercorp" / "train.txt"
    news_file = args.shared / "data" / "news" / "saudinewsnet-10k.jsonl"
    for needed in (train_file, news_file):
        if not needed.exists():
            print(f"not found: {needed}", file=sys.stderr)
            return 1
    sents = read_conll(train_file)
    cut = int(len(sents) * 0.9)
    train_part, dev = sents[:cut], sents[cut:]
    out = ROOT / "build" / "ner" / "selftrain"
    out.mkdir(parents=True, exist_ok=True)
    base = out / "base.crfsuite"
    train_ner.train(train_part, base, train_ner.PARAMS, 1)
    print(f"ANERcorp alone: dev F1 {train_ner.evaluate(base, dev, 1)['f1']:.4f}", flush=True)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(base))
    silver, seen, t0 = [], 0, time.time()
    for tokens in news_sentences(news_file, args.seed):
        if len(silver) >= args.sentences:
            break
        seen += 1
        tagger.set(features(analyze_sentence(tokens)))
        labels = tagger.tag()
        if tagger.probability(labels) >= args.threshold and any(lab != "O" for lab in labels):
            silver.append([(t, None if lab == "O" else lab) for t, lab in zip(tokens, labels, strict=True)])
    print(f"{len(silver)} silver sentences of {seen} tagged ({time.time() - t0:.0f} s)", flush=True)
    model = out / "selftrained.crfsuite"
    secs = train_ner.train(train_part + silver, model, train_ner.PARAMS, 1)
    report = train_ner.evaluate(model, dev, 1)
    print(f"ANERcorp + silver: dev F1 {report['f1']:.4f} P {report['precision']:.4f} R {report['recall']:.4f} "
          f"{report['by_type']} [trained in {secs:.0f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the NER tagger on ANERcorp (+ optional Wikipedia-domain data) → khabar/resources/ner.crfsuite.

    python scripts/train_ner.py [--cv 5] [--extra aqmar] [--extra wikifane] [--no-save]

1. Dev estimate: train on the first 90% of ANERcorp's train split (contiguous sentences), evaluate on the last 10%
   (entity-level, conlleval rules). The dev block is contiguous so that one article's names do not sit on both sides.
2. Optionally, k-fold cross-validation over the whole train split (contiguous folds) to show the dev/CV gap.
3. The shipped model is trained on the whole train split with the same settings. Its figures and settings are written
   to khabar/resources/ner.json and bench/results/ner.json.

Deterministic: the same data and settings give the same model (L-BFGS, fixed feature order).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from ner_corpora import load_extra

from khabar.entities.conll import Sentence, contiguous_folds, read_conll, score
from khabar.entities.ner import MODEL_NAME, Tagger, feature_fingerprint, sentence_features

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True,
          "feature.minfreq": 1}


def train(sents: list[Sentence], path: Path, params: dict) -> float:
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(sentence_features([t for t, _ in s]), [lab or "O" for _, lab in s])
    trainer.set_params(params)
    trainer.train(str(path))
    return time.time() - t0


def evaluate(model: Path, sents: list[Sentence]) -> dict:
    tagger = Tagger(model)
    gold = [[lab or "O" for _, lab in s] for s in sents]
    t0 = time.perf_counter()
    pred = [tagger.tag([t for t, _ in s]) for s in sents]
    seconds = time.perf_counter() - t0
    scores = score(gold, pred)
    return {"f1": round(scores["ALL"].f1, 4), "precision": round(scores["ALL"].precision, 4),
            "recall": round(scores["ALL"].recall, 4),
            "by_type": {k: round(v.f1, 4) for k, v in scores.items() if k != "ALL"},
            "sentences_per_second": round(len(sents) / seconds)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=SHARED / "data" / "anercorp" / "train.txt")
    ap.add_argument("--cv", type=int, default=0, help="k for k-fold cross-validation (0: skip)")
    ap.add_argument("--extra", action="append", default=[],
                    help="extra corpus in shared/data/ner-extra (aqmar, wikifane)")
    ap.add_argument("--no-save", action="store_true", help="only report the dev figures")
    ap.add_argument("--dev-share", type=float, default=0.1)
    ap.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 regularisation")
    ap.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 regularisation")
    args = ap.parse_args()
    PARAMS.update({"c1": args.c1, "c2": args.c2})
    if not args.train.exists():
        print(f"training data not found: {args.train}", file=sys.stderr)
        return 1
    sents = read_conll(args.train)
    extra = [s for name in args.extra for s in load_extra(name)]
    cut = int(len(sents) * (1 - args.dev_share))
    train_part, dev = sents[:cut], sents[cut:]
    tmp = ROOT / "build" / "ner" / str(os.getpid())
    tmp.mkdir(parents=True, exist_ok=True)
    report: dict = {"params": PARAMS, "extra": args.extra, "train_sentences": len(sents),
                    "dev_sentences": len(dev), "extra_sentences": len(extra),
                    "features_sha256": feature_fingerprint()}
    secs = train(train_part + extra, tmp / "dev.crfsuite", PARAMS)
    report["dev"] = evaluate(tmp / "dev.crfsuite", dev)
    print(f"dev (last {len(dev)} sentences): F1 {report['dev']['f1']:.4f} "
          f"P {report['dev']['precision']:.4f} R {report['dev']['recall']:.4f} {report['dev']['by_type']} "
          f"[trained in {secs:.0f} s]", flush=True)
    if args.cv:
        folds = []
        for k, (fit, held) in enumerate(contiguous_folds(sents, args.cv)):
            train(fit + extra, tmp / f"cv{k}.crfsuite", PARAMS)
            f = evaluate(tmp / f"cv{k}.crfsuite", held)["f1"]
            folds.append(f)
            print(f"  fold {k + 1}/{args.cv}: F1 {f:.4f}", flush=True)
        report["cv"] = {"k": args.cv, "folds": folds, "mean_f1": round(sum(folds) / len(folds), 4)}
        print(f"{args.cv}-fold CV: mean F1 {report['cv']['mean_f1']:.4f}")
    if not args.no_save:
        out = ROOT / "khabar" / "resources" / MODEL_NAME
        secs = train(sents + extra, out, PARAMS)
        report["model_bytes"] = out.stat().st_size
        print(f"model trained on all {len(sents) + len(extra)} sentences in {secs:.0f} s -> {out} "
              f"({out.stat().st_size / 1e6:.1f} MB)")
        (ROOT / "khabar" / "resources" / "ner.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "ner.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

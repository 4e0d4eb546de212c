"""Train the NER tagger on ANERcorp (+ optional Wikipedia-domain data) → khabar/resources/ner(-doc).crfsuite, or
with the gold articles' news too → khabar/resources/ner-news.crfsuite (the pipeline's tagger).

    python scripts/train_ner.py [--cv 5] [--gold tests/gold] [--stages 1|2] [--extra aqmar] [--extra wikifane]
                                [--no-save]

With --gold (as ``make model`` runs it), the news of the gold articles is added to every training set: their
entities projected onto the pipeline's tokens (scripts/gold_ner_corpus.py). It makes the tagger a reader of 2015
politics news as well as of ANERcorp's 2007 newswire: by-article 5-fold cross-validation of the whole pipeline on the
gold articles (bench/ner_news_cv.py, 333 articles) gives entity F1 0.801 -> 0.839, while ANERcorp's own dev block,
whose conventions differ (ORG and LOC boundaries, MISC, which the gold does not mark), loses 0.689 -> 0.683. So both are
shipped: ner.crfsuite (ANERcorp alone: `khabar tag` / `khabar eval ner` by default, the figures of issue 3) and
ner-news.crfsuite (what `khabar extract` tags with); the reports are ner.json and ner-news.json.

With --stages 2 (Krishnan & Manning 2006), a second CRF is trained too (ner-doc.crfsuite): the same features plus
``ner.doc_features`` from stage-1 labels of the neighbouring sentences (ANERcorp has no article boundaries: ±20
contiguous sentences stand for the article). Stage 2 learns from stage-1 labels as stage 1 gives them on unseen
text: jackknifed (5 contiguous folds of the training sentences, each tagged by a stage-1 model trained without it).
Evaluation tags each held-out block as one document (``Tagger.tag_many``). Issue 3: dev 0.6966 -> 0.7106, 5-fold
CV 0.7197 -> 0.7387 (scripts/ner_experiments.py), but no gain on the pipeline's gold and five event/quote tests
changed, so the default stays one stage.

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

from gold_ner_corpus import corpus as gold_corpus
from ner_corpora import load_extra

from khabar.entities.conll import Sentence, contiguous_folds, read_conll, score
from khabar.entities.ner import (
    DOC_MODEL_NAME,
    MODEL_NAME,
    NEWS_MODEL_NAME,
    Tagger,
    doc_features,
    feature_fingerprint,
    features,
)
from khabar.entities.words import analyze_sentence

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True,
          "feature.minfreq": 1}
JACKKNIFE = 5  # folds for the stage-1 labels stage 2 learns from
ARTICLE = 25  # sentences per tag_many call when timing (as bench/ner.py)


def _words(sents: list[Sentence]) -> list:
    return [analyze_sentence([t for t, _ in s]) for s in sents]


def _train_crf(xs: list, ys: list, path: Path, params: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(params)
    trainer.train(str(path))


def train(sents: list[Sentence], path: Path, params: dict, stages: int = 2) -> float:
    """Stage 1 -> path; with stages=2 also stage 2, trained on jackknifed stage-1 labels -> doc_path(path).
    Returns the seconds taken."""
    t0 = time.time()
    words = _words(sents)
    feats = [features(w) for w in words]
    gold = [[lab or "O" for _, lab in s] for s in sents]
    _train_crf(feats, gold, path, params)
    if stages == 2:
        jack: list = [None] * len(sents)
        idx = list(range(len(sents)))
        for k, (fit, held) in enumerate(contiguous_folds(idx, JACKKNIFE)):
            tmp = path.with_name(path.stem + f".jack{k}.crfsuite")
            _train_crf([feats[i] for i in fit], [gold[i] for i in fit], tmp, params)
            tagger = Tagger(tmp)
            for i, labels in zip(held, tagger.tag_many([words[i] for i in held]), strict=True):
                jack[i] = labels
            tmp.unlink()
        extra = doc_features(words, jack)
        xs = [[f + e for f, e in zip(fs, es, strict=True)] for fs, es in zip(feats, extra, strict=True)]
        _train_crf(xs, gold, doc_path(path), params)
    return time.time() - t0


def doc_path(path: Path) -> Path:
    return path.with_name(path.stem + "-doc" + path.suffix)


def evaluate(model: Path, sents: list[Sentence], stages: int = 2) -> dict:
    """Entity-level scores of the held-out block, tagged as one document; speed: tag_many by ARTICLE sentences
    (features and both stages included)."""
    tagger = Tagger(model, doc_path(model) if stages == 2 else None)
    gold = [[lab or "O" for _, lab in s] for s in sents]
    words = _words(sents)
    pred = tagger.tag_many(words)
    fresh = Tagger(model, doc_path(model) if stages == 2 else None)  # empty per-word caches
    t0 = time.perf_counter()
    for k in range(0, len(words), ARTICLE):
        fresh.tag_many(words[k:k + ARTICLE])
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
    ap.add_argument("--stages", type=int, choices=(1, 2), default=1,
                    help="1: the sentence CRF alone (default, shipped); 2: + the document-context CRF")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 regularisation")
    ap.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 regularisation")
    ap.add_argument("--gold", type=Path, help="also train on the news of these gold articles (tests/gold), their "
                    "entities projected onto the pipeline's tokens (scripts/gold_ner_corpus.py)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder the gold files' texts are in")
    args = ap.parse_args()
    PARAMS.update({"c1": args.c1, "c2": args.c2})
    if not args.train.exists():
        print(f"training data not found: {args.train}", file=sys.stderr)
        return 1
    sents = read_conll(args.train)
    extra = [s for name in args.extra for s in load_extra(name)]
    arts = gold_corpus(args.gold, args.shared) if args.gold else []
    cut = int(len(sents) * (1 - args.dev_share))
    train_part, dev = sents[:cut], sents[cut:]
    tmp = ROOT / "build" / "ner" / str(os.getpid())
    tmp.mkdir(parents=True, exist_ok=True)
    report: dict = {"params": PARAMS, "stages": args.stages, "jackknife": JACKKNIFE, "extra": args.extra,
                    "train_sentences": len(sents), "dev_sentences": len(dev), "extra_sentences": len(extra),
                    "features_sha256": feature_fingerprint()}
    if arts:
        report["news"] = {"gold": str(args.gold), "articles": len(arts),
                          "sentences": sum(len(ss) for _, ss in arts)}
        report["extra_sentences"] += report["news"]["sentences"]

    news = [sent for _, ss in arts for sent in ss]
    report_name = "ner-news.json" if arts else "ner.json"

    def fit_and_score(fit: list, held: list, path: Path) -> tuple[dict, float]:
        secs = train(fit + extra + news, path, PARAMS, args.stages)
        return evaluate(path, held, args.stages), secs

    report["dev"], secs = fit_and_score(train_part, dev, tmp / "dev.crfsuite")
    print(f"dev (last {len(dev)} sentences): F1 {report['dev']['f1']:.4f} "
          f"P {report['dev']['precision']:.4f} R {report['dev']['recall']:.4f} {report['dev']['by_type']} "
          + f"[trained in {secs:.0f} s]", flush=True)
    if args.cv:
        folds = []
        for k, (fit, held) in enumerate(contiguous_folds(sents, args.cv)):
            scores, _ = fit_and_score(fit, held, tmp / f"cv{k}.crfsuite")
            folds.append(scores["f1"])
            print(f"  fold {k + 1}/{args.cv}: F1 {scores['f1']:.4f}", flush=True)
        report["cv"] = {"k": args.cv, "folds": folds, "mean_f1": round(sum(folds) / len(folds), 4)}
        print(f"{args.cv}-fold CV: mean F1 {report['cv']['mean_f1']:.4f}")
    if not args.no_save:
        out = ROOT / "khabar" / "resources" / (NEWS_MODEL_NAME if arts else MODEL_NAME)
        assert doc_path(out).name == DOC_MODEL_NAME or arts
        secs = train(sents + extra + news, out, PARAMS, args.stages)
        if args.stages == 1:
            doc_path(out).unlink(missing_ok=True)
        report["model_bytes"] = out.stat().st_size + (doc_path(out).stat().st_size if args.stages == 2 else 0)
        print(f"model trained on all {len(sents) + len(extra)} sentences (+ the news) in {secs:.0f} s -> {out} "
              f"({out.stat().st_size / 1e6:.1f} MB)")
        (ROOT / "khabar" / "resources" / report_name).write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / report_name).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What training the NER tagger on the gold articles' news does for the whole pipeline, measured on articles the
tagger did not learn from: 5-fold cross-validation by gold article.

    python bench/ner_news_cv.py [--gold tests/gold] [--shared ../shared] [--folds 5]

Each fold's tagger is trained as ``make model`` trains the shipped one (scripts/train_ner.py --gold: ANERcorp's
train split and the news of the other folds' articles, scripts/gold_ner_corpus.py); the pipeline then
runs on the fold's articles with it and with a tagger trained on ANERcorp alone, and both are scored by the gold
rules (entities and events). The other stages (the party model among them) are the shipped ones. Takes about ten
minutes on one core (two CRFs per fold). Writes bench/results/ner_news_cv.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from gold_ner_corpus import corpus  # noqa: E402
from train_ner import PARAMS, train  # noqa: E402

from khabar.entities import mentions  # noqa: E402
from khabar.entities.conll import read_conll  # noqa: E402
from khabar.entities.ner import Tagger  # noqa: E402
from khabar.evaluate import gold_text, load_gold, score_document  # noqa: E402
from khabar.pipeline import Pipeline  # noqa: E402
from khabar.readers import Article  # noqa: E402


def _f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / max(1, 2 * tp + fp + fn), 4)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    golds = load_gold(args.gold)
    arts = corpus(args.gold, args.shared)
    aner = read_conll(args.shared / "data" / "anercorp" / "train.txt")
    totals = {name: {"entities": [0, 0, 0], "events": [0, 0, 0]} for name in ("anercorp", "with_news")}
    with tempfile.TemporaryDirectory() as tmp:
        alone = Path(tmp) / "anercorp.crfsuite"
        train(aner, alone, PARAMS, stages=1)
        plain = Tagger(alone)
        for k in range(args.folds):
            held = {str(g["id"]) for n, g in enumerate(golds) if n % args.folds == k}
            path = Path(tmp) / f"fold{k}.crfsuite"
            news = [sent for aid, ss in arts if aid not in held for sent in ss]
            train(aner + news, path, PARAMS, stages=1)
            for name, tagger in (("anercorp", plain), ("with_news", Tagger(path))):
                mentions.default_tagger = lambda tagger=tagger: tagger  # the entities stage's tagger
                pipe = Pipeline()
                for gold in golds:
                    if str(gold["id"]) not in held:
                        continue
                    out = pipe.process(Article(id=str(gold["id"]), text=gold_text(gold, args.shared),
                                               published=gold.get("published")))
                    if out.document is None:  # (a stage failed: say which article and why, not a traceback)
                        print(f"{gold['id']}: {out.error}", file=sys.stderr)
                        return 1
                    s = score_document(gold, out.document.to_dict())
                    for layer, prf in (("entities", s.entities), ("events", s.events)):
                        t = totals[name][layer]
                        t[0], t[1], t[2] = t[0] + prf.tp, t[1] + prf.fp, t[2] + prf.fn
            print(f"fold {k + 1}/{args.folds}: " + "; ".join(
                f"{n} entities {_f1(*v['entities']):.4f} events {_f1(*v['events']):.4f}" for n, v in totals.items()),
                flush=True)
    report = {"articles": len(golds), "folds": args.folds,
              **{n: {layer: {"tp": v[0], "fp": v[1], "fn": v[2], "f1": _f1(*v)} for layer, v in t.items()}
                 for n, t in totals.items()}}
    print(json.dumps(report))
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "ner_news_cv.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the learned party attachment (khabar/event_parties.py) on the gold articles of tests/gold.

    python scripts/train_party_model.py [--gold tests/gold] [--shared ../shared] [--no-save]

Examples: for each event the pipeline finds (all stages before ``parties``) whose trigger lies in the evidence of a
gold or optional event of the same type, each named candidate of its sentence, labelled 1 when it is one of that gold
event's parties. A logistic regression (scikit-learn, L2, lbfgs: deterministic) is fitted to them.

Reported first: 5-fold cross-validation by article (each fold's events scored with a model that never saw that
fold's articles): candidate AUC of the model and of the rules' own choice, and event F1 on the gold with and
without the additions. Then the model fitted on all articles is written to khabar/resources/party_model.json with
that report. Retrain after a change to the rules (the model reads their choices).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from khabar import event_parties as ep
from khabar.evaluate import _gold_index, gold_entities, gold_text, load_gold, named_gold_entities, score_document
from khabar.pipeline import DEFAULT_STAGES, Pipeline
from khabar.readers import Article

ROOT = Path(__file__).resolve().parent.parent


def _gold_parties(gold: dict, text: str, doc) -> tuple[list[tuple[int, int, str, set[int]]], dict]:
    """The gold and optional events found in the text: (start, end, type, gold entity indices of their parties);
    and which gold entities each predicted entity names."""
    ents, keys = gold_entities(gold)
    index = named_gold_entities({"entities": [e.to_dict() for e in doc.entities]}, ents, keys)
    spans = []
    for g in gold.get("events", []) + gold.get("optional_events", []):
        evidence = g.get("evidence", "")
        at = text.find(evidence[:30]) if evidence else -1
        if at < 0:
            continue
        parties = {_gold_index(p, keys) for p in g.get("parties", [])}
        spans.append((at, at + len(evidence), g["type"], parties - {None}))
    return spans, index


def examples(docs: list[tuple[dict, object]]) -> list[dict]:
    rows = []
    for n, (gold, doc) in enumerate(docs):
        spans, index = _gold_parties(gold, doc.text, doc)
        found = ep.lookup(doc)
        for ev in doc.events:
            ts = ev.trigger.start
            told = [s for s in spans if s[2] == ev.type.value and s[0] <= ts < s[1]]
            if not told:
                continue
            wanted = set().union(*(s[3] for s in told))
            for e, feats in ep.candidates(doc, ev, found):
                rows.append({"doc": n, "feats": feats, "y": int(bool(index.get(e.id, set()) & wanted))})
    return rows


def fit(rows: list[dict]) -> tuple[dict[str, float], float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([r["feats"] for r in rows])
    clf = LogisticRegression(C=1.0, max_iter=5000)
    clf.fit(x, [r["y"] for r in rows])
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)}
    return weights, round(float(clf.intercept_[0]), 6)


def event_f1(golds: list[dict], docs) -> dict:
    tp = fp = fn = 0
    for gold, doc in zip(golds, docs, strict=True):
        s = score_document(gold, doc.to_dict())
        tp, fp, fn = tp + s.events.tp, fp + s.events.fp, fn + s.events.fn
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"tp": tp, "fp": fp, "fn": fn, "f1": round(2 * p * r / max(1e-9, p + r), 4)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    from sklearn.metrics import roc_auc_score

    golds = load_gold(args.gold)
    pipe = Pipeline([s for s in DEFAULT_STAGES if s != "parties"])
    docs = []
    for k, gold in enumerate(golds):
        text = gold_text(gold, args.shared)
        docs.append(pipe.process(Article(id=gold["id"], text=text, published=gold.get("published"))).document)
        print(f"\r{k + 1}/{len(golds)} articles analysed", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    pairs = list(zip(golds, docs, strict=True))
    rows = examples(pairs)
    scores, truth, rules = [], [], []
    with_model = []
    for k in range(args.folds):
        model = fit([r for r in rows if r["doc"] % args.folds != k])
        for r in rows:
            if r["doc"] % args.folds == k:
                scores.append(ep.probability(r["feats"], model))
                truth.append(r["y"])
                rules.append(0.0 if r["feats"].get("role=none") else 1.0)
        with_model += [(n, ep.add_parties(doc, model)) for n, doc in enumerate(docs) if n % args.folds == k]
    with_model = [d for _, d in sorted(with_model, key=lambda x: x[0])]
    report = {
        "articles": len(golds), "examples": len(rows), "positives": sum(r["y"] for r in rows),
        "cv_folds": args.folds, "cv_auc": round(roc_auc_score(truth, scores), 3),
        "rules_auc": round(roc_auc_score(truth, rules), 3),
        "cv_events_without": event_f1(golds, docs), "cv_events_with": event_f1(golds, with_model),
    }
    print(json.dumps(report))
    if not args.no_save:
        weights, bias = fit(rows)
        out = ROOT / "khabar" / "resources" / ep.MODEL_NAME
        out.write_text(json.dumps({"threshold": ep.THRESHOLD, "bias": bias, "weights": weights, "report": report},
                                  ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

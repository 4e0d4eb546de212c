"""Where the event misses come from: each missed gold event sorted by what the prediction has in its evidence span.

    python bench/event_errors.py [GOLD_DIR] [--shared ../shared] [--examples 5]

Kinds of miss (a gold event no prediction matched):
  no-event          no predicted event overlaps the gold evidence: a trigger the lexicon lacks, or one it voided;
  wrong-type        predicted events overlap it, none of its type;
  party-missing     one of its type overlaps, but a gold party is no entity of the article (an entity error);
  party-unattached  one of its type overlaps and every gold party is an entity, but not among its parties;
  taken             one of its type overlaps with all the parties, but it was paired with another gold event.
Kinds of spurious event (a prediction that matched nothing, optional events included):
  no-gold-here      no gold or optional event overlaps its evidence;
  other-type-here   gold events overlap it, none of its type;
  wrong-parties     a gold event of its type overlaps it: its parties are wrong or incomplete.
Writes nothing; prints counts, then examples of each kind. Used to choose what to work on next.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from khabar.evaluate import (
    _describe_predicted,
    _gold_index,
    gold_entities,
    gold_text,
    load_gold,
    named_gold_entities,
    score_document,
)
from khabar.pipeline import Pipeline
from khabar.readers import Article

ROOT = Path(__file__).resolve().parent.parent


def _span(text: str, evidence: str) -> tuple[int, int] | None:
    at = text.find(evidence[:30]) if evidence else -1
    return (at, at + len(evidence)) if at >= 0 else None


def _involved(pred: dict, known: dict[str, set[int]]) -> set[int]:
    """The gold entities among a predicted event's actors, targets and place."""
    ids = [*pred["actors"], *pred["targets"], pred.get("location")]
    return set().union(*(known.get(x, set()) for x in ids if x))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, nargs="?", default=ROOT / "tests" / "gold")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--examples", type=int, default=5)
    args = ap.parse_args()
    pipe = Pipeline()
    missed, spurious = Counter(), Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for gold in load_gold(args.gold):
        text = gold_text(gold, args.shared)
        doc = pipe.process(Article(id=gold["id"], text=text, published=gold.get("published"))).document.to_dict()
        ents, keys = gold_entities(gold)
        known = named_gold_entities(doc, ents, keys)
        found = set().union(*known.values()) if known else set()
        result = score_document(gold, doc)
        for line in result.missed_events:
            typ = line.split()[0]
            g = next((x for x in gold.get("events", []) if x["type"] == typ
                      and f"«{x.get('evidence', '')[:80]}»" in line), None)
            span = _span(text, g.get("evidence", "")) if g else None
            if span is None:
                continue
            over = [p for p in doc["events"] if p["evidence"]["start"] < span[1] and p["evidence"]["end"] > span[0]]
            same = [p for p in over if p["type"] == typ]
            parties = [_gold_index(p, keys) for p in g.get("parties", [])]
            if not over:
                kind = "no-event"
            elif not same:
                kind = "wrong-type"
            elif any(p is None or p not in found for p in parties):
                kind = "party-missing"
            elif not any(all(q in _involved(p, known) for q in parties) for p in same):
                kind = "party-unattached"
            else:
                kind = "taken"
            missed[kind] += 1
            examples[f"missed {kind}"].append(f"{gold['id']}: {line[:160]}")
        spans = [(s, x["type"]) for x in gold.get("events", []) + gold.get("optional_events", [])
                 if (s := _span(text, x.get("evidence", "")))]
        names = {e["id"]: e["name"] for e in doc["entities"]}
        described = {_describe_predicted(p, names): p for p in doc["events"]}
        for line in result.spurious_events:
            p = described.get(line)
            if p is None:
                continue
            lo, hi = p["evidence"]["start"], p["evidence"]["end"]
            over = [t for (a, b), t in spans if a < hi and b > lo]
            kind = "no-gold-here" if not over else "wrong-parties" if p["type"] in over else "other-type-here"
            spurious[kind] += 1
            examples[f"spurious {kind}"].append(f"{gold['id']}: {line[:160]}")
    print(f"missed gold events: {sum(missed.values())} — " + ", ".join(f"{k} {n}" for k, n in missed.most_common()))
    print(f"spurious events: {sum(spurious.values())} — " + ", ".join(f"{k} {n}" for k, n in spurious.most_common()))
    for kind, lines in examples.items():
        print(f"\n== {kind}")
        for line in lines[:args.examples]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Planted republished copies, for measuring dedup: exact copies, light edits and truncations of real articles,
with the truth kept (``copy id → original id``). Used by the tests and by ``bench/dedup.py``."""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from typing import Any

KINDS = ("exact", "edited", "truncated")
_PREFIXES = ("(واس) - ", "الرياض - ", "متابعات: ", "عاجل | ", "")
_FILLERS = ("أيضا", "كذلك", "حينها", "اليوم", "رسميا")


def edit(text: str, rng: random.Random) -> str:
    """A light edit as an outlet makes one: a dateline prefix, ~3% of the words swapped or dropped, a sentence
    tacked on at the end."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.015:
            continue
        out.append(rng.choice(_FILLERS) if r < 0.03 else w)
    return rng.choice(_PREFIXES) + " ".join(out) + "\nللمزيد تابعوا موقعنا."


def truncate(text: str, rng: random.Random) -> str:
    """The first 50-85% of the words: a teaser or a cut wire copy."""
    words = text.split(" ")
    keep = max(1, int(len(words) * rng.uniform(0.5, 0.85)))
    return " ".join(words[:keep])


def plant(records: Iterable[dict[str, Any]], copies: int, *, seed: int = 7) -> Iterator[tuple[dict, str | None, str]]:
    """(record, original id or None, kind): every original, then ``copies`` planted copies of randomly chosen
    originals, kinds in turn. Originals are kept in memory (the caller picks how many)."""
    rng = random.Random(seed)
    originals = []
    for rec in records:
        originals.append(rec)
        yield rec, None, "original"
    for i in range(copies):
        src = rng.choice(originals)
        kind = KINDS[i % len(KINDS)]
        text = src["text"] if kind == "exact" else edit(src["text"], rng) if kind == "edited" else \
            truncate(src["text"], rng)
        yield {**src, "id": f"copy-{i:06d}-{kind}", "text": text, "source": f"outlet-{i % 17}"}, src["id"], kind


def score(items: list[tuple[dict, str | None, str]], assigned: dict[str, tuple[str, str, float]], *,
          sample: int | None = None, seed: int = 7) -> dict[str, Any]:
    """Recall of planted copies (copy in its original's story) per kind, and the false-merge rate: articles put
    in a story with no member they really share text with (exact word shingles: Jaccard ≥ 0.3 or containment
    ≥ 0.5), planted or natural, over all articles. ``sample``: check whole stories picked at random until about
    this many articles are covered (the exact check is slow on 100,000 articles)."""
    from collections import defaultdict

    from .dedup import shingles

    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    for rec, orig, kind in items:
        if orig is not None:
            total[kind] += 1
            found[kind] += assigned[rec["id"]][0] == assigned[orig][0]
    texts = {rec["id"]: rec["text"] for rec, _, _ in items}
    stories: dict[str, list[str]] = defaultdict(list)
    for doc_id, (story, _, _) in assigned.items():
        stories[story].append(doc_id)
    groups = list(stories.values())
    checked = len(items)
    if sample is not None and sample < len(items):
        random.Random(seed).shuffle(groups)
        picked, checked = [], 0
        for g in groups:
            if checked >= sample:
                break
            picked.append(g)
            checked += len(g)
        groups = picked
    false = 0
    for members in groups:
        if len(members) < 2:
            continue
        sh = {m: shingles(texts[m]) for m in members}
        for m in members:
            ok = False
            for o in members:
                if o == m or not sh[m] or not sh[o]:
                    continue
                inter = len(sh[m] & sh[o])
                if inter / len(sh[m] | sh[o]) >= 0.3 or inter / min(len(sh[m]), len(sh[o])) >= 0.5:
                    ok = True
                    break
            false += not ok
    planted = sum(total.values())
    return {"planted": planted, "found": sum(found.values()), "recall": round(sum(found.values()) / max(1, planted), 4),
            "recall_by_kind": {k: round(found[k] / max(1, total[k]), 4) for k in KINDS},
            "articles": len(items), "checked_for_false_merges": checked, "false_merges": false,
            "false_merge_rate": round(false / max(1, checked), 4),
            "stories": len(stories)}

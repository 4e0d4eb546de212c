"""A Document flattened into the store's rows, and the merge of one entity's rows across articles.

Pure functions (no database): what goes into each table is decided here, once, for both back ends.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ..document import Document
from ..text.normalize import normalize_str


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def search_text(doc: Document) -> str:
    """What the full-text index sees: the normalized title and text, then the stems of words that carry proclitics
    (لباكستان → باكستان), so that a search for a word finds it behind و ب ل ال."""
    stems = [normalize_str(g.text) for t in doc.tokens for g in t.segments if g.kind == "stem" and len(t.segments) > 1]
    parts = [normalize_str(doc.title or ""), doc.normalized.text, " ".join(stems)]
    return "\n".join(p for p in parts if p)


def document_rows(doc: Document, version: str, ingested_at: str) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table, keyed by table name."""
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [{
            "id": doc.id, "text_hash": text_hash(doc.text), "title": doc.title, "source": doc.source,
            "published": doc.published, "text": doc.text, "search_text": search_text(doc), "version": version,
            "ingested_at": ingested_at, "document": doc.to_json(),
        }],
        "document_entities": [], "mentions": [], "events": [], "event_arguments": [], "event_evidence": [],
        "quotes": [], "timexes": [],
    }
    for e in doc.entities:
        rows["document_entities"].append({
            "document_id": doc.id, "entity_id": e.id, "type": e.type.value, "name": e.name, "latin": e.latin,
            "kb": e.kb, "country": e.extra.get("country"), "lat": e.extra.get("lat"), "lon": e.extra.get("lon"),
            "titles": _json(list(e.titles)), "roles": _json(list(e.roles)),
        })
        for m in e.mentions:
            rows["mentions"].append({"document_id": doc.id, "entity_id": e.id, "start": m.start, "end": m.end,
                                     "text": m.text, "kind": m.extra.get("kind")})
    for v in doc.events:
        rows["events"].append({
            "document_id": doc.id, "id": v.id, "type": v.type.value, "mode": v.mode, "cameo": v.cameo,
            "contexts": _json(list(v.contexts)), "actor_id": v.actors[0] if v.actors else None,
            "target_id": v.targets[0] if v.targets else None, "location_id": v.location, "date": v.date,
            "timex_id": v.timex, "negated": bool(v.negated), "confidence": v.confidence,
            "trigger_start": v.trigger.start, "trigger_end": v.trigger.end, "trigger_text": v.trigger.text,
            "evidence_start": v.evidence.start, "evidence_end": v.evidence.end, "evidence_text": v.evidence.text,
        })
        for role, ids in (("actor", v.actors), ("target", v.targets)):
            for n, entity_id in enumerate(ids):
                rows["event_arguments"].append({"document_id": doc.id, "event_id": v.id, "role": role, "n": n,
                                                "entity_id": entity_id})
        evidence = v.extra.get("evidence_all") or [{**v.evidence.to_dict(), "date": v.date}]
        for n, ev in enumerate(evidence):
            rows["event_evidence"].append({"document_id": doc.id, "event_id": v.id, "n": n, "start": ev["start"],
                                           "end": ev["end"], "text": ev["text"], "date": ev.get("date")})
    for n, q in enumerate(doc.quotes):
        rows["quotes"].append({
            "document_id": doc.id, "n": n, "id": q.id, "speaker_id": q.speaker, "channel_id": q.channel,
            "cue_start": q.cue.start, "cue_end": q.cue.end, "cue_text": q.cue.text,
            "content_start": q.content.start, "content_end": q.content.end, "content_text": q.content.text,
        })
    for t in doc.timexes:
        rows["timexes"].append({"document_id": doc.id, "id": t.id, "start": t.start, "end": t.end, "text": t.text,
                                "value": t.value, "part": t.part})
    return rows


def merge_entity_counts(entity_id: str, readings: list[Mapping[str, Any]], texts: Mapping[str, int]
                        ) -> dict[str, Any]:
    """The ``entities`` row of one id, from aggregates: each distinct reading of the entity (its
    ``document_entities`` fields) with ``n``, the articles that read it so, and ``first``, the first of them by id;
    and each mention text with its count. Each field takes its most frequent non-empty value; ties go to the
    longer value, then the one seen first."""
    readings = sorted(readings, key=lambda r: r["first"])

    def most_common(field: str) -> Any:
        counts: dict[Any, int] = {}
        first: dict[Any, str] = {}
        for r in readings:
            v = r[field]
            if v in (None, ""):
                continue
            counts[v] = counts.get(v, 0) + r["n"]
            first.setdefault(v, r["first"])
        if not counts:
            return None
        return max(counts, key=lambda v: (counts[v], len(str(v)), _desc(first[v])))

    name = most_common("name")
    titles: dict[str, None] = {}
    roles: dict[str, None] = {}
    for r in readings:
        titles.update(dict.fromkeys(json.loads(r["titles"])))
        roles.update(dict.fromkeys(json.loads(r["roles"])))
    counts = dict(texts)
    variants = sorted(set(counts) | {r["name"] for r in readings}, key=lambda v: (-counts.get(v, 0), v))
    norms = sorted({normalize_str(v) for v in variants})
    located = next((r for r in readings if r["lat"] is not None), None)
    return {
        "id": entity_id, "type": most_common("type"), "name": name,
        "name_norm": normalize_str(name), "latin": most_common("latin"),
        "kb": most_common("kb"), "country": most_common("country"),
        "lat": located["lat"] if located else None, "lon": located["lon"] if located else None,
        "titles": _json(list(titles)), "roles": _json(list(roles)), "variants": _json(variants),
        "variants_norm": "|" + "|".join(norms) + "|", "documents": sum(r["n"] for r in readings),
        "mentions": sum(counts.values()),
    }


class _desc(str):
    """A string that sorts in reverse, so ``max`` prefers the earliest."""

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


"""Scoring predictions against hand-checked gold files, by the rules of ``shared/gold/README.md``.

Entities (PER, ORG, LOC): a predicted entity matches a gold one when the types agree and its name or one of its
mentions equals the gold name or an alias, after light normalization (diacritics, tatweel, alef/ya/ta-marbuta/hamza
forms, punctuation, leading titles). Each gold entity is matched once: a second predicted entity for it (a cluster
split in two) is a false positive; predictions matching ``optional_entities`` count neither way.
Events: same PLOVER type and every gold party among the prediction's actors, targets or location; matched once;
optional events count neither way; date, location and mode accuracy on matched events.
Quotes: the gold ``contains`` phrase lies inside the predicted content; attributed when the speaker is right.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from .document import Document
from .errors import InputError
from .metrics import PRF

SCORED_TYPES = ("PER", "ORG", "LOC")
_DIACRITICS = regex.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


@lru_cache(maxsize=1)
def _title_words() -> tuple[tuple[str, ...], ...]:
    from .entities.lexicons import titles

    seqs = {tuple(_plain(t).split()) for t in titles()}
    return tuple(sorted((s for s in seqs if s), key=len, reverse=True))


def _plain(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    name = _DIACRITICS.sub("", name).translate(_FOLD)
    return " ".join(_PUNCT.sub(" ", name).split())


@lru_cache(maxsize=100_000)
def gold_key(name: str) -> str:
    """A name as the scorer compares it: normalized, punctuation dropped, leading titles dropped."""
    words = _plain(name).split()
    changed = True
    while changed and words:
        changed = False
        for seq in _title_words():
            if len(seq) < len(words) and tuple(words[:len(seq)]) == seq:
                words = words[len(seq):]
                changed = True
                break
    return " ".join(words)


@dataclass
class GoldScore:
    id: str
    entities: PRF = field(default_factory=PRF)
    entities_by_type: dict[str, PRF] = field(default_factory=dict)
    events: PRF = field(default_factory=PRF)
    events_by_type: dict[str, PRF] = field(default_factory=dict)
    quotes: PRF = field(default_factory=PRF)
    attributed_quotes: PRF = field(default_factory=PRF)
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)
    spurious_events: list[str] = field(default_factory=list)
    event_details: dict[str, list[bool]] = field(default_factory=lambda: {"date": [], "location": [], "mode": []})
    channel: list[bool] = field(default_factory=list)
    span_errors: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "entities": self.entities.as_dict(),
            "entities_by_type": {k: v.as_dict() for k, v in sorted(self.entities_by_type.items())},
            "events": self.events.as_dict(),
            "events_by_type": {k: v.as_dict() for k, v in sorted(self.events_by_type.items())},
            "quotes": self.quotes.as_dict(),
            "attributed_quotes": self.attributed_quotes.as_dict(),
            "event_accuracy": {k: (round(sum(v) / len(v), 4) if v else None) for k, v in self.event_details.items()},
            "channel_accuracy": round(sum(self.channel) / len(self.channel), 4) if self.channel else None,
            "span_errors": self.span_errors, "missed_entities": self.missed_entities,
            "spurious_entities": self.spurious_entities, "missed_events": self.missed_events,
            "spurious_events": self.spurious_events,
        }


def _entity_keys(ent: dict[str, Any]) -> set[str]:
    keys = {gold_key(ent.get("name", ""))}
    keys.update(gold_key(m.get("text", "")) for m in ent.get("mentions", []))
    return {k for k in keys if k}


def gold_entities(gold: dict[str, Any]) -> tuple[list[dict[str, Any]], list[set[str]]]:
    """The gold entities that are scored, and the name keys (name and aliases) each is known by."""
    ents = [g for g in gold.get("entities", []) if g.get("type") in SCORED_TYPES]
    return ents, [{gold_key(g["name"]), *(gold_key(a) for a in g.get("aliases", []))} for g in ents]


def named_gold_entities(pred: dict[str, Any], ents: list[dict[str, Any]], keys: list[set[str]]) -> dict[str, set[int]]:
    """Predicted entity id → the indices of the gold entities (of its type) it names by its name or a mention: every
    one, where the scorer pairs each with one (for error analysis and training)."""
    out = {}
    for e in pred.get("entities", []):
        k = _entity_keys(e)
        out[e.get("id")] = {i for i, g in enumerate(ents) if g["type"] == e.get("type") and k & keys[i]}
    return out


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> GoldScore:
    """Score one predicted document (schema JSON) against one gold file."""
    result = GoldScore(id=str(gold.get("id")))
    try:
        Document.from_dict(pred).check_spans()
    except Exception:  # noqa: BLE001 - any broken span is counted, the scoring goes on
        result.span_errors += 1
    gold_ents, gold_keys = gold_entities(gold)
    optional = {gold_key(o) for o in gold.get("optional_entities", [])}
    matched = [False] * len(gold_ents)
    pred_to_gold: dict[str, int] = {}
    for ent in pred.get("entities", []):
        typ = ent.get("type")
        if typ not in SCORED_TYPES:
            continue
        keys = _entity_keys(ent)
        by_type = result.entities_by_type.setdefault(typ, PRF())
        hits = [i for i, g in enumerate(gold_ents) if g["type"] == typ and keys & gold_keys[i]]
        # a gold entity whose own name is the prediction's name comes first, then one whose name the prediction
        # wrote somewhere (an alias such as رئيس بوروندي, read without its title, must not take بوروندي from the
        # country; مدينة لحج is the city before محافظة لحج, whose alias is لحج)
        name_key = gold_key(ent.get("name", ""))
        hits.sort(key=lambda i: (gold_key(gold_ents[i]["name"]) != name_key,
                                 gold_key(gold_ents[i]["name"]) not in keys))
        free = [i for i in hits if not matched[i]]
        if free:
            matched[free[0]] = True
            pred_to_gold[ent.get("id")] = free[0]
            result.entities.tp += 1
            by_type.tp += 1
        elif hits:
            pred_to_gold.setdefault(ent.get("id"), hits[0])
            result.entities.fp += 1
            by_type.fp += 1
            result.spurious_entities.append(f"{typ} {ent.get('name')} (split from a matched entity)")
        elif keys & optional:
            continue
        else:
            result.entities.fp += 1
            by_type.fp += 1
            result.spurious_entities.append(f"{typ} {ent.get('name')}")
    for i, g in enumerate(gold_ents):
        if not matched[i]:
            result.entities.fn += 1
            result.entities_by_type.setdefault(g["type"], PRF()).fn += 1
            result.missed_entities.append(f"{g['type']} {g['name']}")
    _score_events(gold, pred, gold_ents, gold_keys, pred_to_gold, result)
    _score_quotes(gold, pred, gold_ents, gold_keys, pred_to_gold, result)
    return result


def _gold_index(name: str | None, gold_keys: list[set[str]]) -> int | None:
    if not name:
        return None
    key = gold_key(name)
    return next((i for i, keys in enumerate(gold_keys) if key in keys), None)


def _score_events(gold, pred, gold_ents, gold_keys, pred_to_gold, result: GoldScore) -> None:
    gold_events = gold.get("events", [])
    optional = gold.get("optional_events", [])
    used = [False] * len(gold_events)

    def matches(gev: dict[str, Any], pev: dict[str, Any]) -> bool:
        if gev.get("type") != pev.get("type"):
            return False
        involved = {pred_to_gold.get(x) for x in [*pev.get("actors", []), *pev.get("targets", []),
                                                   pev.get("location")] if x}
        parties = [_gold_index(p, gold_keys) for p in gev.get("parties", [])]
        return all(p is not None and p in involved for p in parties)

    preds = pred.get("events", [])
    names = {e.get("id"): e.get("name") for e in pred.get("entities", [])}
    pairing = _best_pairing([[i for i, g in enumerate(gold_events) if matches(g, pev)] for pev in preds])
    for j, pev in enumerate(preds):
        hit = pairing.get(j)
        by_type = result.events_by_type.setdefault(str(pev.get("type")), PRF())
        if hit is not None:
            used[hit] = True
            result.events.tp += 1
            by_type.tp += 1
            gev = gold_events[hit]
            if "date" in gev:
                result.event_details["date"].append(pev.get("date") == gev["date"])
            if "location" in gev:
                loc = _gold_index(gev["location"], gold_keys)
                result.event_details["location"].append(loc is not None and pred_to_gold.get(pev.get("location"))
                                                        == loc)
            if "mode" in gev:
                result.event_details["mode"].append(pev.get("mode") == gev["mode"])
        elif any(matches(o, pev) for o in optional):
            continue
        else:
            result.events.fp += 1
            by_type.fp += 1
            result.spurious_events.append(_describe_predicted(pev, names))
    for i, g in enumerate(gold_events):
        if not used[i]:
            result.events.fn += 1
            result.events_by_type.setdefault(str(g.get("type")), PRF()).fn += 1
            result.missed_events.append(f"{g.get('type')} {' / '.join(g.get('parties', []))}"
                                        f" «{g.get('evidence', '')[:80]}»")


def _describe_predicted(pev: dict[str, Any], names: dict[str, str]) -> str:
    """One line for a predicted event: type, actors → targets, place, evidence (``names``: entity id → name)."""

    def side(ids: list[str]) -> str:
        return " + ".join(str(names.get(x, x)) for x in ids) or "-"

    where = f" in {names.get(pev['location'], pev['location'])}" if pev.get("location") else ""
    evidence = (pev.get("evidence") or {}).get("text", "")
    return f"{pev.get('type')} {side(pev.get('actors', []))} → {side(pev.get('targets', []))}{where} «{evidence[:80]}»"


def _best_pairing(candidates: list[list[int]]) -> dict[int, int]:
    """A maximum one-to-one pairing of predictions to gold items (augmenting paths), so that a prediction matching
    two gold events never takes the one another prediction needed; ties go to the earlier prediction."""
    owner: dict[int, int] = {}

    def assign(j: int, seen: set[int]) -> bool:
        for i in candidates[j]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = j
                return True
        return False

    for j in range(len(candidates)):
        assign(j, set())
    return {j: i for i, j in owner.items()}


def _score_quotes(gold, pred, gold_ents, gold_keys, pred_to_gold, result: GoldScore) -> None:
    gold_quotes = gold.get("quotes", [])
    preds = pred.get("quotes", [])
    contents = [_plain(q.get("content", {}).get("text", "")) for q in preds]
    hits = [[i for i, g in enumerate(gold_quotes) if _plain(g["contains"]) in content] for content in contents]
    found = _best_pairing(hits)
    result.quotes.tp += len(found)
    result.quotes.fp += len(preds) - len(found)
    result.quotes.fn += len(gold_quotes) - len(found)
    # the gold speaker, or no speaker where gold names none (a quote the article leaves unattributed is rightly
    # left so; a named speaker the scorer cannot map to a gold entity is wrong)
    speakers = [pred_to_gold.get(q.get("speaker"), -1) if q.get("speaker") else None for q in preds]
    wanted = [(_gold_index(g["speaker"], gold_keys) if g.get("speaker") else None) for g in gold_quotes]
    wanted = [-2 if g.get("speaker") and w is None else w for g, w in zip(gold_quotes, wanted, strict=True)]
    attributed = _best_pairing([[i for i in hits[j] if wanted[i] == speakers[j]] for j in range(len(preds))])
    result.attributed_quotes.tp += len(attributed)
    result.attributed_quotes.fp += len(preds) - len(attributed)
    result.attributed_quotes.fn += len(gold_quotes) - len(attributed)
    for j, i in sorted(attributed.items()):
        if gold_quotes[i].get("channel"):
            result.channel.append(pred_to_gold.get(preds[j].get("channel"))
                                  == _gold_index(gold_quotes[i]["channel"], gold_keys))


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    if not gold_dir.is_dir():
        raise InputError("not a folder of gold files", source=str(gold_dir))
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"not a gold file ({exc})", source=str(path)) from None
        if not isinstance(gold, dict) or "entities" not in gold or "file" not in gold:
            raise InputError("not a gold file (needs 'file' and 'entities')", source=str(path))
        gold["_path"] = str(path)
        out.append(gold)
    return out


def gold_text(gold: dict[str, Any], shared: Path) -> str:
    """The text a gold file is about: ``file`` is a path under ``shared/``, or ``FILE.jsonl#ID`` for the ``text`` of
    the record with that id in a JSON Lines corpus (exactly what ``khabar extract`` reads from that record; its
    title is not part of it)."""
    name, _, record = str(gold["file"]).partition("#")
    path = shared / name
    try:
        if record:
            return _jsonl_texts(path.resolve())[record]
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"the gold file's text {path} cannot be read ({exc}); pass --shared", source=gold["_path"])\
            from None
    except KeyError:
        raise InputError(f"no record with id {record!r} in {path}", source=gold["_path"]) from None


@lru_cache(maxsize=4)
def _jsonl_texts(path: Path) -> dict[str, str]:
    """id → text of each record of a JSON Lines corpus, read once per scoring run."""
    out = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n} is not JSON ({exc.msg})", source=str(path)) from None
            if isinstance(rec, dict) and "id" in rec and isinstance(rec.get("text"), str):
                out[str(rec["id"])] = rec["text"]
    return out

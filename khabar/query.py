"""Questions people ask of a store: full-text search, events, quotes, an entity's profile, flat export rows.

The one place queries live: the CLI prints what these return, and an HTTP API or web page can serve it as JSON
unchanged. Every function returns plain dicts (or a ``Page`` of them, paginated with limit/offset) and raises
typed errors (QueryError, NotFoundError) for bad input; ``khabar.web`` serves the same dicts over HTTP. Names typed
by people match through the same normalization as the text (ايران finds إيران), exactly on a name or spelling
variant first, else by containment (باجوا finds قمر جاويد باجوا).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.engine import Connection

from .errors import NotFoundError, QueryError
from .ontology import EventType
from .store import schema as S
from .text.highlight import query_terms, snippets
from .text.normalize import normalize_str

if TYPE_CHECKING:
    from .store.base import Store

MAX_LIMIT = 1000


@dataclass(frozen=True)
class Page:
    """One page of results. ``matched`` says which entities each name filter matched."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    matched: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "matched": self.matched,
                "items": self.items}


def _text_arg(value: str, what: str) -> str:
    """A name, id or filter as typed: NUL cannot be stored in either database, so it is refused here rather than
    left to fail inside the driver (PostgreSQL rejects it in any string parameter)."""
    if "\x00" in value:
        raise QueryError(f"{what} contains a NUL character")
    return value


def _page_args(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")
    return limit, offset


# -- search -------------------------------------------------------------------------------------------------------

def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> Page:
    """Articles holding every word of ``q`` (normalized), best first, with snippets of the original text in which
    each match is given by its character offsets."""
    limit, offset = _page_args(limit, offset)
    terms = query_terms(q)
    if not terms:
        raise QueryError("the query has no words to search for (letters or digits)")
    total, hits = store.search_documents(terms, limit, offset)
    if not hits:
        return Page([], total, limit, offset)
    d = S.documents
    with store.engine.connect() as conn:
        rows = {r["id"]: r for r in conn.execute(
            select(d.c.id, d.c.title, d.c.published, d.c.source, d.c.text)
            .where(d.c.id.in_([h[0] for h in hits]))).mappings()}
    items = []
    for doc_id, score in hits:
        r = rows[doc_id]
        items.append({"id": doc_id, "title": r["title"], "published": r["published"], "source": r["source"],
                      "score": round(score, 4), "snippets": [s.to_dict() for s in snippets(r["text"], terms)]})
    return Page(items, total, limit, offset, {"terms": [{"term": t} for t in terms]})


# -- entities by name ----------------------------------------------------------------------------------------------

def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_entities(conn: Connection, name_or_id: str, *, most: int = 50) -> list[dict[str, Any]]:
    """Entities a person means by ``name_or_id``: the id itself; else those whose name or a spelling variant is
    the name (normalized); else those whose name, variant or Latin name contains it. Most documents first."""
    e = S.entities
    q = _text_arg(name_or_id, "an entity name").strip()
    if not q:
        raise QueryError("an entity name is empty")
    cols = [e.c.id, e.c.type, e.c.name, e.c.latin, e.c.kb, e.c.country, e.c.documents, e.c.mentions]
    order = (e.c.documents.desc(), e.c.mentions.desc(), e.c.id)
    row = conn.execute(select(*cols).where(e.c.id == q)).mappings().first()
    if row is not None:
        return [dict(row)]
    norm = normalize_str(q)
    exact = conn.execute(select(*cols).where(or_(
        e.c.name_norm == norm, e.c.variants_norm.like(f"%|{_like(norm)}|%", escape="\\"),
        func.lower(e.c.latin) == q.lower())).order_by(*order).limit(most)).mappings().all()
    if exact:
        return [dict(r) for r in exact]
    pattern = f"%{_like(norm)}%"
    part = conn.execute(select(*cols).where(or_(
        e.c.name_norm.like(pattern, escape="\\"), e.c.variants_norm.like(pattern, escape="\\"),
        func.lower(e.c.latin).like(f"%{_like(q.lower())}%", escape="\\"))).order_by(*order).limit(most))
    return [dict(r) for r in part.mappings()]


def _names(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    e = S.entities
    rows = conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.latin, e.c.country, e.c.lat, e.c.lon)
                        .where(e.c.id.in_(sorted(ids)))).mappings()
    return {r["id"]: dict(r) for r in rows}


def _ref(names: dict[str, dict[str, Any]], entity_id: str | None) -> dict[str, Any] | None:
    if entity_id is None:
        return None
    r = names.get(entity_id)
    return {"id": entity_id, "name": r["name"] if r else None, "country": r["country"] if r else None}


def _brief(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": r["id"], "name": r["name"], "type": r["type"]} for r in rows]


# -- events --------------------------------------------------------------------------------------------------------

def parse_date_bound(value: str | None, *, end: bool = False) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as a bound that compares right with stored YYYY-MM-DD strings (an end bound
    takes in the whole year or month); QueryError for anything else."""
    if value is None or value == "":
        return None
    v = value.strip()
    try:
        if len(v) == 4 and v.isdigit():
            dt.date(int(v), 1, 1)
        elif len(v) == 7:
            dt.date.fromisoformat(v + "-01")
        else:
            v = dt.date.fromisoformat(v).isoformat()
            return v
    except ValueError:
        pass
    else:
        return v + "~" if end else v  # '~' sorts after every digit and '-'
    raise QueryError(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def _event_type(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return EventType(value.strip().upper()).value
    except ValueError:
        raise QueryError(f"unknown event type {value!r}; known types: {', '.join(t.value for t in EventType)}") \
            from None


def _type_and_dates(v, type: str | None, since: str | None, until: str | None) -> list:
    """The conditions on ``events`` rows for a PLOVER type and an inclusive date range, as users give them."""
    conds = []
    etype = _event_type(type)
    lo, hi = parse_date_bound(since), parse_date_bound(until, end=True)
    if etype:
        conds.append(v.c.type == etype)
    if lo:
        conds.append(v.c.date >= lo)
    if hi:
        conds.append(v.c.date <= hi)
    return conds


def events(store: Store, *, actor: str | None = None, target: str | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, location: str | None = None,
           document: str | None = None, limit: int = 50, offset: int = 0, canonical: bool = False) -> Page:
    """Events, newest first, filtered by actor, target and location names (any matching entity), PLOVER type,
    and date range (inclusive). ``canonical``: one event per canonical event (copies of a story merged, see
    ``khabar dedup``), each with ``canonical`` = its id, story, and how many articles and outlets report it."""
    limit, offset = _page_args(limit, offset)
    v, ea = S.events, S.event_arguments
    conds = _type_and_dates(v, type, since, until)
    if document:
        conds.append(v.c.document_id == _text_arg(document, "a document id"))
    matched: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for role, name in (("actor", actor), ("target", target), ("location", location)):
            if not name:
                continue
            found = find_entities(conn, name)
            matched[role] = _brief(found)
            ids = [r["id"] for r in found]
            if role == "location":
                conds.append(v.c.location_id.in_(ids))
            else:
                conds.append(exists().where(and_(ea.c.document_id == v.c.document_id, ea.c.event_id == v.c.id,
                                                 ea.c.role == role, ea.c.entity_id.in_(ids))))
        where = and_(True, *conds)
        d, ce = S.documents, S.canonical_events
        base = select(v).join(ce, and_(ce.c.document_id == v.c.document_id, ce.c.event_id == v.c.id)) \
            if canonical else select(v)
        if canonical and conn.execute(select(ce.c.id).limit(1)).first() is None \
                and conn.execute(select(v.c.id).limit(1)).first() is not None:
            raise QueryError("no canonical events in this store yet: run `khabar dedup` first")
        total = conn.execute(select(func.count()).select_from(base.where(where).subquery())).scalar() or 0
        cols = [v, d.c.published, d.c.title]
        if canonical:
            cols += [ce.c.id.label("canonical_id"), ce.c.story_id.label("canonical_story"),
                     ce.c.documents.label("canonical_documents"), ce.c.sources.label("canonical_sources")]
        stmt = select(*cols).join(d, d.c.id == v.c.document_id)
        if canonical:
            stmt = stmt.join(ce, and_(ce.c.document_id == v.c.document_id, ce.c.event_id == v.c.id))
        rows = conn.execute(
            stmt.where(where)
            .order_by(v.c.date.desc().nulls_last(), d.c.published.desc().nulls_last(), v.c.document_id, v.c.id)
            .limit(limit).offset(offset)).mappings().all()
        items = _event_items(conn, rows)
        if canonical:
            for item, r in zip(items, rows, strict=True):
                item["canonical"] = {"id": r["canonical_id"], "story_id": r["canonical_story"],
                                     "documents": r["canonical_documents"], "sources": r["canonical_sources"]}
    return Page(items, total, limit, offset, matched)


def _event_items(conn: Connection, rows) -> list[dict[str, Any]]:
    if not rows:
        return []
    ea, ev = S.event_arguments, S.event_evidence
    keys = {(r["document_id"], r["id"]) for r in rows}
    doc_ids = sorted({k[0] for k in keys})
    args: dict[tuple[str, str], dict[str, list[str]]] = {k: {"actor": [], "target": []} for k in keys}
    for a in conn.execute(select(ea).where(ea.c.document_id.in_(doc_ids)).order_by(ea.c.role, ea.c.n)).mappings():
        k = (a["document_id"], a["event_id"])
        if k in args:
            args[k][a["role"]].append(a["entity_id"])
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = {k: [] for k in keys}
    for x in conn.execute(select(ev).where(ev.c.document_id.in_(doc_ids)).order_by(ev.c.n)).mappings():
        k = (x["document_id"], x["event_id"])
        if k in evidence:
            evidence[k].append({"start": x["start"], "end": x["end"], "text": x["text"], "date": x["date"]})
    ids = ({i for a in args.values() for i in a["actor"] + a["target"]} | {r["location_id"] for r in rows}) - {None}
    names = _names(conn, ids)
    items = []
    for r in rows:
        k = (r["document_id"], r["id"])
        loc = names.get(r["location_id"]) if r["location_id"] else None
        items.append({
            "document_id": r["document_id"], "id": r["id"], "published": r["published"], "date": r["date"],
            "type": r["type"], "mode": r["mode"], "cameo": r["cameo"], "negated": bool(r["negated"]),
            "contexts": json.loads(r["contexts"]),
            "actors": [_ref(names, i) for i in args[k]["actor"]],
            "targets": [_ref(names, i) for i in args[k]["target"]],
            "location": None if r["location_id"] is None else {
                "id": r["location_id"], "name": loc["name"] if loc else None,
                "lat": loc["lat"] if loc else None, "lon": loc["lon"] if loc else None},
            "trigger": {"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"], "text": r["evidence_text"]},
            "evidence_all": evidence[k],
        })
    return items


# -- quotes --------------------------------------------------------------------------------------------------------

def quotes(store: Store, *, speaker: str | None = None, channel: str | None = None, document: str | None = None,
           limit: int = 50, offset: int = 0) -> Page:
    """Reported speech, newest article first, filtered by speaker and channel names."""
    limit, offset = _page_args(limit, offset)
    qt, d = S.quotes, S.documents
    conds = []
    matched: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for role, name, col in (("speaker", speaker, qt.c.speaker_id), ("channel", channel, qt.c.channel_id)):
            if name:
                found = find_entities(conn, name)
                matched[role] = _brief(found)
                conds.append(col.in_([r["id"] for r in found]))
        if document:
            conds.append(qt.c.document_id == _text_arg(document, "a document id"))
        where = and_(True, *conds)
        total = conn.execute(select(func.count()).select_from(qt).where(where)).scalar() or 0
        rows = conn.execute(select(qt, d.c.published).join(d, d.c.id == qt.c.document_id).where(where)
                            .order_by(d.c.published.desc().nulls_last(), qt.c.document_id, qt.c.n)
                            .limit(limit).offset(offset)).mappings().all()
        names = _names(conn, ({r["speaker_id"] for r in rows} | {r["channel_id"] for r in rows}) - {None})
    items = [{
        "document_id": r["document_id"], "id": r["id"], "published": r["published"],
        "speaker": _ref(names, r["speaker_id"]), "channel": _ref(names, r["channel_id"]),
        "cue": {"start": r["cue_start"], "end": r["cue_end"], "text": r["cue_text"]},
        "content": {"start": r["content_start"], "end": r["content_end"], "text": r["content_text"]},
    } for r in rows]
    return Page(items, total, limit, offset, matched)


# -- entity profile ------------------------------------------------------------------------------------------------

def entity_profile(store: Store, name_or_id: str, *, limit: int = 20, exact: bool = False) -> dict[str, Any]:
    """Everything the store knows about one entity: its merged record (spelling variants, titles, roles), its
    events and quotes, the articles it appears in and the entities that appear with it most. When the name fits
    several entities, the one in most articles is shown and the others are listed as ``candidates``. With
    ``exact`` the argument must be an entity id (NotFoundError otherwise): what an API does for /entities/{id}."""
    limit, _ = _page_args(limit, 0)
    e, de, qt = S.entities, S.document_entities, S.quotes
    with store.engine.connect() as conn:
        if exact:
            _text_arg(name_or_id, "an entity id")
            found = [dict(r) for r in conn.execute(select(e.c.id, e.c.name, e.c.type).where(e.c.id == name_or_id))
                     .mappings()]
            if not found:
                raise NotFoundError(f"no entity with id {name_or_id!r}")
        else:
            found = find_entities(conn, name_or_id)
        if not found:
            raise NotFoundError(f"no entity matches {name_or_id!r}: try part of the name, or `khabar search`")
        entity_id = found[0]["id"]
        row = dict(conn.execute(select(e).where(e.c.id == entity_id)).mappings().one())
        for key in ("titles", "roles", "variants"):
            row[key] = json.loads(row[key])
        del row["name_norm"], row["variants_norm"]
        docs = sorted(conn.execute(select(de.c.document_id).where(de.c.entity_id == entity_id)).scalars())
        # counted and cut in the database: an entity in thousands of articles has tens of thousands of neighbours
        other = de.alias("other")
        n = func.count().label("n")
        top = conn.execute(select(other.c.entity_id, n)
                           .select_from(de.join(other, other.c.document_id == de.c.document_id))
                           .where(and_(de.c.entity_id == entity_id, other.c.entity_id != entity_id))
                           .group_by(other.c.entity_id).order_by(n.desc(), other.c.entity_id).limit(limit)).all()
        names = _names(conn, {i for i, _ in top})
        cooccurring = [{"id": i, "name": names[i]["name"] if i in names else None,
                        "type": names[i]["type"] if i in names else None, "documents": c} for i, c in top]
        quote_total = conn.execute(select(func.count()).select_from(qt).where(qt.c.speaker_id == entity_id)).scalar()
    ev = events(store, actor=entity_id, limit=limit)
    as_target = events(store, target=entity_id, limit=limit)
    at = events(store, location=entity_id, limit=limit)
    said = quotes(store, speaker=entity_id, limit=limit)
    return {
        "entity": row, "candidates": _brief(found[1:]), "documents": docs,
        "events": {"as_actor": ev.items, "as_actor_total": ev.total, "as_target": as_target.items,
                   "as_target_total": as_target.total, "at_location": at.items, "at_location_total": at.total},
        "quotes": said.items, "quotes_total": quote_total or 0, "cooccurring": cooccurring,
    }


# -- documents, entity lookup, network ----------------------------------------------------------------------------

def document(store: Store, doc_id: str, *, layers: bool = False) -> dict[str, Any]:
    """One stored document's JSON (``Document.to_dict()``; without sentences and tokens unless ``layers``);
    NotFoundError when there is none."""
    doc = store.get_document(_text_arg(doc_id, "a document id"), layers=layers)
    if doc is None:
        raise NotFoundError(f"no article with id {doc_id!r} in the store")
    return doc


def documents(store: Store, *, ids: list[str] | None = None, limit: int = 20, offset: int = 0) -> Page:
    """Articles newest first (id, title, published, source, length), or those with the given ``ids``."""
    limit, offset = _page_args(limit, offset)
    d = S.documents
    where = d.c.id.in_([_text_arg(i, "a document id") for i in ids]) if ids is not None else and_(True)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(d).where(where)).scalar() or 0
        rows = conn.execute(select(d.c.id, d.c.title, d.c.published, d.c.source, func.length(d.c.text).label("chars"))
                            .where(where).order_by(d.c.published.desc().nulls_last(), d.c.id)
                            .limit(limit).offset(offset)).mappings().all()
    return Page([dict(r) for r in rows], total, limit, offset)


MAX_LOOKUP = 5000


def entities(store: Store, q: str | None = None, *, type: str | None = None, limit: int = 20, offset: int = 0
             ) -> Page:
    """Entities a name means (as ``find_entities``: the id, else exact names and variants, else containment; at
    most MAX_LOOKUP of them), or every entity without ``q``; most documents first; ``type`` PER, ORG, LOC…"""
    limit, offset = _page_args(limit, offset)
    e = S.entities
    etype = type.strip().upper() if type else None
    cols = [e.c.id, e.c.type, e.c.name, e.c.latin, e.c.kb, e.c.country, e.c.documents, e.c.mentions]
    with store.engine.connect() as conn:
        if q is not None and q.strip():
            found = [r for r in find_entities(conn, q, most=MAX_LOOKUP) if etype is None or r["type"] == etype]
            return Page(found[offset:offset + limit], len(found), limit, offset, {"name": _brief(found[:50])})
        where = e.c.type == etype if etype else and_(True)
        total = conn.execute(select(func.count()).select_from(e).where(where)).scalar() or 0
        rows = conn.execute(select(*cols).where(where).order_by(e.c.documents.desc(), e.c.mentions.desc(), e.c.id)
                            .limit(limit).offset(offset)).mappings().all()
    return Page([dict(r) for r in rows], total, limit, offset)


def network(store: Store, *, type: str | None = None, since: str | None = None, until: str | None = None,
            entity: str | None = None, limit: int = 200, offset: int = 0, events_per_edge: int = 20
            ) -> dict[str, Any]:
    """Who did what to whom: one edge per (actor, target, event type) with the number of events and their
    references (newest first, at most ``events_per_edge``), the entities of the page's edges as nodes. Filtered
    by PLOVER type, date range (inclusive) and an entity name (edges from or to it); edges most events first,
    paginated like the other queries (``total`` counts edges)."""
    limit, offset = _page_args(limit, offset)
    v, ea = S.events, S.event_arguments
    a, t = ea.alias("a"), ea.alias("t")
    conds = [a.c.entity_id != t.c.entity_id, *_type_and_dates(v, type, since, until)]
    matched: dict[str, list[dict[str, Any]]] = {}
    joined = (v.join(a, and_(a.c.document_id == v.c.document_id, a.c.event_id == v.c.id, a.c.role == "actor"))
              .join(t, and_(t.c.document_id == v.c.document_id, t.c.event_id == v.c.id, t.c.role == "target")))
    with store.engine.connect() as conn:
        if entity:
            found = find_entities(conn, entity)
            matched["entity"] = _brief(found)
            ids = [r["id"] for r in found]
            conds.append(or_(a.c.entity_id.in_(ids), t.c.entity_id.in_(ids)))
        where = and_(*conds)
        n = func.count().label("n")
        grouped = (select(a.c.entity_id.label("source"), t.c.entity_id.label("target"), v.c.type, n,
                          func.min(v.c.date).label("first"), func.max(v.c.date).label("last"))
                   .select_from(joined).where(where).group_by(a.c.entity_id, t.c.entity_id, v.c.type))
        total = conn.execute(select(func.count()).select_from(grouped.subquery())).scalar() or 0
        rows = conn.execute(grouped.order_by(n.desc(), a.c.entity_id, t.c.entity_id, v.c.type)
                            .limit(limit).offset(offset)).mappings().all()
        edges = {(r["source"], r["target"], r["type"]): {
            "source": r["source"], "target": r["target"], "type": r["type"], "count": r["n"],
            "first": r["first"], "last": r["last"], "events": []} for r in rows}
        if edges:
            sources, targets = sorted({k[0] for k in edges}), sorted({k[1] for k in edges})
            refs = conn.execute(
                select(a.c.entity_id, t.c.entity_id, v.c.type, v.c.document_id, v.c.id, v.c.date, v.c.trigger_text)
                .select_from(joined).where(where, a.c.entity_id.in_(sources), t.c.entity_id.in_(targets))
                .order_by(v.c.date.desc().nulls_last(), v.c.document_id, v.c.id))
            for src, dst, kind, doc_id, event_id, date, trigger in refs:
                edge = edges.get((src, dst, kind))
                if edge is not None and len(edge["events"]) < events_per_edge:
                    edge["events"].append({"document_id": doc_id, "id": event_id, "date": date, "trigger": trigger})
        names = _names(conn, {k[0] for k in edges} | {k[1] for k in edges})
    degree: Counter[str] = Counter()
    for (src, dst, _), edge in edges.items():
        degree[src] += edge["count"]
        degree[dst] += edge["count"]
    nodes = [{"id": i, "name": names[i]["name"] if i in names else None,
              "type": names[i]["type"] if i in names else None,
              "country": names[i]["country"] if i in names else None, "events": degree[i]}
             for i in sorted(degree, key=lambda i: (-degree[i], i))]
    return {"total": total, "limit": limit, "offset": offset, "matched": matched, "nodes": nodes,
            "edges": list(edges.values())}


# -- export --------------------------------------------------------------------------------------------------------

EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("date", "event_type", "cameo", "mode", "negated", "actor_id", "actor_name", "actor_country",
               "target_id", "target_name", "target_country", "location_id", "location_name", "location_lat",
               "location_lon", "all_actor_ids", "all_target_ids", "document_id", "event_id", "published", "source",
               "trigger_text", "evidence_start", "evidence_end", "evidence_text"),
    "documents": ("id", "published", "title", "source", "version", "ingested_at", "text_hash", "text"),
    "quotes": ("document_id", "quote_id", "published", "speaker_id", "speaker_name", "channel_id", "channel_name",
               "cue_text", "content_start", "content_end", "content_text"),
    "entities": ("id", "type", "name", "latin", "kb", "country", "lat", "lon", "documents", "mentions",
                 "variants", "titles", "roles"),
}


CANONICAL_COLUMNS = ("canonical_id", "story_id", "source_documents", "source_outlets")


def export_rows(store: Store, what: str, *, canonical: bool = False) -> Iterator[dict[str, Any]]:
    """Flat rows of one kind (see EXPORT_COLUMNS), in a stable order; events are GDELT-like: one row per event
    with its first actor and target by name, id and country, its place with coordinates, and its evidence.
    ``canonical`` (events only): one row per canonical event, its representative's, plus CANONICAL_COLUMNS."""
    if what not in EXPORT_COLUMNS:
        raise QueryError(f"cannot export {what!r}; choose one of {', '.join(EXPORT_COLUMNS)}")
    if canonical and what != "events":
        raise QueryError("only events have canonical rows (--canonical goes with --what events)")
    with store.engine.connect() as conn:
        if not canonical:
            yield from _EXPORTERS[what](conn)
            return
        ce = S.canonical_events
        reps = {(r.document_id, r.event_id): r for r in conn.execute(
            select(ce.c.id, ce.c.story_id, ce.c.documents, ce.c.sources, ce.c.document_id, ce.c.event_id))}
        if not reps and conn.execute(select(S.events.c.id).limit(1)).first() is not None:
            raise QueryError("no canonical events in this store yet: run `khabar dedup` first")
        for row in _export_events(conn):
            r = reps.get((row["document_id"], row["event_id"]))
            if r is not None:
                yield {**row, "canonical_id": r.id, "story_id": r.story_id, "source_documents": r.documents,
                       "source_outlets": r.sources}


def _export_events(conn: Connection) -> Iterator[dict[str, Any]]:
    v, d, ea = S.events, S.documents, S.event_arguments
    a, t, loc = S.entities.alias("a"), S.entities.alias("t"), S.entities.alias("l")
    args: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in conn.execute(select(ea).order_by(ea.c.document_id, ea.c.event_id, ea.c.role, ea.c.n)).mappings():
        args.setdefault((r["document_id"], r["event_id"]), {"actor": [], "target": []})[r["role"]].append(
            r["entity_id"])
    stmt = (select(v.c.date, v.c.type, v.c.cameo, v.c.mode, v.c.negated, v.c.actor_id, a.c.name.label("an"),
                   a.c.country.label("ac"), v.c.target_id, t.c.name.label("tn"), t.c.country.label("tc"),
                   v.c.location_id, loc.c.name.label("ln"), loc.c.lat, loc.c.lon, v.c.document_id, v.c.id,
                   d.c.published, d.c.source, v.c.trigger_text, v.c.evidence_start, v.c.evidence_end,
                   v.c.evidence_text)
            .join(d, d.c.id == v.c.document_id).outerjoin(a, a.c.id == v.c.actor_id)
            .outerjoin(t, t.c.id == v.c.target_id).outerjoin(loc, loc.c.id == v.c.location_id)
            .order_by(v.c.date.nulls_last(), v.c.document_id, v.c.id))
    for r in conn.execute(stmt):
        k = args.get((r.document_id, r.id), {"actor": [], "target": []})
        yield dict(zip(EXPORT_COLUMNS["events"], (
            r.date, r.type, r.cameo, r.mode, bool(r.negated), r.actor_id, r.an, r.ac, r.target_id, r.tn, r.tc,
            r.location_id, r.ln, r.lat, r.lon, ";".join(k["actor"]), ";".join(k["target"]), r.document_id, r.id,
            r.published, r.source, r.trigger_text, r.evidence_start, r.evidence_end, r.evidence_text), strict=True))


def _export_documents(conn: Connection) -> Iterator[dict[str, Any]]:
    d = S.documents
    cols = [d.c[name] for name in EXPORT_COLUMNS["documents"]]
    for r in conn.execute(select(*cols).order_by(d.c.published.nulls_last(), d.c.id)).mappings():
        yield dict(r)


def _export_quotes(conn: Connection) -> Iterator[dict[str, Any]]:
    qt, d = S.quotes, S.documents
    sp, ch = S.entities.alias("s"), S.entities.alias("c")
    stmt = (select(qt.c.document_id, qt.c.id, d.c.published, qt.c.speaker_id, sp.c.name.label("sn"),
                   qt.c.channel_id, ch.c.name.label("cn"), qt.c.cue_text, qt.c.content_start, qt.c.content_end,
                   qt.c.content_text)
            .join(d, d.c.id == qt.c.document_id).outerjoin(sp, sp.c.id == qt.c.speaker_id)
            .outerjoin(ch, ch.c.id == qt.c.channel_id).order_by(d.c.published.nulls_last(), qt.c.document_id,
                                                                 qt.c.n))
    for r in conn.execute(stmt):
        yield dict(zip(EXPORT_COLUMNS["quotes"], tuple(r), strict=True))


def _export_entities(conn: Connection) -> Iterator[dict[str, Any]]:
    e = S.entities
    cols = [e.c[name] for name in EXPORT_COLUMNS["entities"]]
    for r in conn.execute(select(*cols).order_by(e.c.documents.desc(), e.c.id)).mappings():
        row = dict(r)
        for key in ("variants", "titles", "roles"):
            row[key] = " | ".join(json.loads(row[key]))
        yield row


_EXPORTERS = {"events": _export_events, "documents": _export_documents, "quotes": _export_quotes,
              "entities": _export_entities}

"""The HTML pages: search, article view, entity page, entity list, network. Server-side Jinja2 templates with
autoescaping on; the only markup not written by a template comes from ``render.highlight``, which escapes every
piece of text it slices. The pages call ``khabar.query`` exactly as the API does."""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote as urlquote
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from .. import query as Q
from ..errors import QueryError
from ..ontology import EntityType, EventType
from ..store.base import Store
from .api import DATE_PATTERN, MAX_OFFSET
from .render import document_marks, highlight, snippet_html

router = APIRouter(include_in_schema=False)
PAGE = 20

ENTITY_TYPES = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}
EVENT_TYPES = {
    "AGREE": "اتفاق", "CONSULT": "لقاء وتشاور", "SUPPORT": "دعم وتأييد", "CONCEDE": "تنازل", "COOPERATE": "تعاون",
    "AID": "مساعدة", "RETREAT": "انسحاب", "REQUEST": "طلب ومطالبة", "ACCUSE": "اتهام وانتقاد", "REJECT": "رفض",
    "THREATEN": "تهديد", "PROTEST": "احتجاج", "SANCTION": "عقوبات", "MOBILIZE": "تعبئة", "COERCE": "إكراه",
    "ASSAULT": "هجوم",
}


@lru_cache(maxsize=1)
def env() -> Environment:
    from .app import HERE

    e = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                    trim_blocks=True, lstrip_blocks=True)
    e.filters["idurl"] = lambda s: urlquote(str(s), safe=":")
    e.filters["snippet"] = snippet_html
    e.globals.update(version=__version__, ENTITY_TYPES=ENTITY_TYPES, EVENT_TYPES=EVENT_TYPES,
                     event_types=[t.value for t in EventType], entity_types=[t.value for t in EntityType])
    return e


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env().get_template(name).render(**context), status_code=status)


def render_error(status: int, code: str, message: str) -> str:
    return env().get_template("error.html").render(status=status, code=code, message=message)


def _store(request: Request) -> Store:
    return request.app.state.store


def _pages(page: Q.Page, base: str, params: dict[str, Any]) -> dict[str, str | None]:
    """Links to the previous and next pages of a listing."""
    def link(offset: int) -> str:
        return base + "?" + urlencode({**{k: v for k, v in params.items() if v}, "offset": offset})

    prev_ = link(max(0, page.offset - page.limit)) if page.offset > 0 else None
    next_ = link(page.offset + page.limit) if page.offset + len(page.items) < page.total else None
    return {"prev": prev_, "next": next_}


Text = Annotated[str | None, Query(max_length=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: Text = None, offset: Offset = 0) -> HTMLResponse:
    store = _store(request)
    if q and q.strip():
        try:
            page = Q.search(store, q, limit=PAGE, offset=offset)
        except QueryError as exc:
            return render("home.html", status=400, q=q, error=exc.message, page=None, entities=[])
        entities = Q.entities(store, q, limit=8).items
        return render("home.html", q=q, page=page, entities=entities, nav=_pages(page, "/", {"q": q}))
    recent = Q.documents(store, limit=PAGE, offset=offset)
    return render("home.html", q="", page=None, recent=recent, nav=_pages(recent, "/", {}),
                  entities=Q.entities(store, limit=24).items, counts=store.counts())


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def article(request: Request, doc_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
    doc = Q.document(_store(request), doc_id, layers=False)
    ents = {e["id"]: e for e in doc["entities"]}
    quotes = [{**q, "key": str(q.get("id") or f"q{i + 1}")} for i, q in enumerate(doc["quotes"])]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(doc["entities"], key=lambda e: (-len(e["mentions"]), e["name"])):
        by_type.setdefault(e["type"], []).append(e)
    return render("document.html", doc=doc, body=highlight(doc["text"], document_marks(doc)), ents=ents,
                  by_type=by_type, quotes=quotes)


@router.get("/entities", response_class=HTMLResponse)
def entity_list(request: Request, q: Text = None, type: Annotated[EntityType | None, Query()] = None,
                offset: Offset = 0) -> HTMLResponse:
    page = Q.entities(_store(request), q, type=type.value if type else None, limit=50, offset=offset)
    return render("entities.html", q=q or "", type=type.value if type else "", page=page,
                  nav=_pages(page, "/entities", {"q": q, "type": type.value if type else None}))


def timeline(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Events (as actor, target or place, each once) and quotes of an entity, newest first."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for role, key in (("actor", "as_actor"), ("target", "as_target"), ("place", "at_location")):
        for ev in profile["events"][key]:
            row = rows.setdefault((ev["document_id"], ev["id"]), {"kind": "event", "item": ev, "roles": [],
                                                                  "date": ev["date"] or ev["published"]})
            row["roles"].append(role)
    items = list(rows.values()) + [{"kind": "quote", "item": q, "roles": ["speaker"], "date": q["published"]}
                                   for q in profile["quotes"]]
    return sorted(items, key=lambda r: (r["date"] or "", r["item"]["document_id"], r["item"]["id"] or ""),
                  reverse=True)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
    store = _store(request)
    profile = Q.entity_profile(store, entity_id, limit=100, exact=True)
    docs = Q.documents(store, ids=profile["documents"][:200], limit=200).items
    return render("entity.html", p=profile, e=profile["entity"], timeline=timeline(profile), docs=docs)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, type: Annotated[str | None, Query(max_length=20)] = None,
                 since: Annotated[str | None, Query(max_length=10)] = None,
                 until: Annotated[str | None, Query(max_length=10)] = None,
                 entity: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    import re

    params = {"type": type or "", "since": since or "", "until": until or "", "entity": entity or ""}
    error, net = None, None
    try:
        for key in ("since", "until"):
            if params[key] and not re.fullmatch(DATE_PATTERN, params[key]):
                raise QueryError(f"{params[key]!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        net = Q.network(_store(request), type=type or None, since=since or None, until=until or None,
                        entity=entity or None, limit=300)
    except QueryError as exc:
        error = exc.message
    api = "/api/network?" + urlencode({**{k: v for k, v in params.items() if v}, "limit": 300})
    return render("network.html", status=400 if error else 200, params=params, net=net, error=error, api=api,
                  names={n["id"]: n for n in net["nodes"]} if net else {})

"""The JSON API under /api/: each handler validates its parameters (FastAPI/pydantic) and calls one function of
``khabar.query``, whose dicts it returns unchanged. ``POST /api/documents`` ingests articles (bearer token)."""
from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from .. import __version__
from .. import query as Q
from ..errors import (
    AuthenticationError,
    BadRequestError,
    BodyTooLargeError,
    ForbiddenError,
    InputError,
)
from ..ontology import EntityType, EventType
from ..readers import MAX_CHARS, Failure, article_from_record
from ..store.base import Store

MAX_PAGE = 200  # items in one page of a list
MAX_EDGES = 1000  # edges in one page of the network
MAX_OFFSET = 1_000_000
MAX_RECORDS = 1000  # articles in one POST
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ErrorDetail(BaseModel):
    code: str = Field(examples=["E506"])
    message: str


class ErrorBody(BaseModel):
    ok: bool = False
    status: int
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad parameters (E504: no words to search for, a bad date…)"},
    404: {"model": ErrorBody, "description": "no such entity or article (E506)"},
    422: {"model": ErrorBody, "description": "parameters that fail validation (E604)"},
}

router = APIRouter(prefix="/api", responses=ERRORS)

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"at most this many items (1–{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="skip this many items")]
Name = Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="an entity id, a name or spelling variant, or part of a name")]
DateBound = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")]
DocId = Annotated[str | None, Query(min_length=1, max_length=300, description="only this article")]


def _store(request: Request) -> Store:
    return request.app.state.store


@router.get("", summary="what this server serves")
def about(request: Request) -> dict[str, Any]:
    return {"name": "khabar", "version": __version__, "counts": _store(request).counts(),
            "writes": bool(request.app.state.token)}


@router.get("/search", summary="full-text search over the articles")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500, description="words to find")],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Articles holding every word of ``q`` (spellings folded, proclitics allowed), best first, with snippets of
    the original text and the character offsets of every match."""
    return Q.search(_store(request), q, limit=limit, offset=offset).to_dict()


@router.get("/events", summary="events, newest first")
def events(request: Request, actor: Name = None, target: Name = None, location: Name = None,
           type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
           since: DateBound = None, until: DateBound = None, document: DocId = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Events filtered by actor, target and location (any entity the name matches: ``matched`` says which), type
    and date range."""
    return Q.events(_store(request), actor=actor, target=target, location=location,
                    type=type.value if type else None, since=since, until=until, document=document,
                    limit=limit, offset=offset).to_dict()


@router.get("/quotes", summary="reported speech, newest article first")
def quotes(request: Request, speaker: Name = None, channel: Name = None, document: DocId = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return Q.quotes(_store(request), speaker=speaker, channel=channel, document=document, limit=limit,
                    offset=offset).to_dict()


@router.get("/entities", summary="entities by name, or all of them")
def entities(request: Request, q: Annotated[str | None, Query(max_length=200, description="a name or id")] = None,
             type: Annotated[EntityType | None, Query(description="PER, ORG, LOC or MISC")] = None,
             limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """The entities a name means (the id itself, else exact names and spelling variants, else names containing
    it), or every entity without ``q``; most articles first."""
    return Q.entities(_store(request), q, type=type.value if type else None, limit=limit, offset=offset).to_dict()


@router.get("/entities/{entity_id:path}", summary="one entity's profile")
def entity(request: Request, entity_id: Annotated[str, Path(max_length=300)], limit: Limit = 20) -> dict[str, Any]:
    """Its merged record (spelling variants, titles, roles), events as actor, target and place, quotes,
    articles and co-occurring entities (each list at most ``limit`` long, with totals)."""
    return Q.entity_profile(_store(request), entity_id, limit=limit, exact=True)


@router.get("/documents", summary="articles, newest first")
def documents(request: Request, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return Q.documents(_store(request), limit=limit, offset=offset).to_dict()


@router.get("/documents/{doc_id:path}", summary="one article's document JSON")
def document(request: Request, doc_id: Annotated[str, Path(max_length=300)],
             layers: Annotated[bool, Query(description="include sentences and tokens")] = False) -> dict[str, Any]:
    """The document exactly as the pipeline made it (``khabar validate`` accepts it)."""
    return Q.document(_store(request), doc_id, layers=layers)


@router.get("/network", summary="who did what to whom: entities and the events between them")
def network(request: Request, type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
            since: DateBound = None, until: DateBound = None, entity: Name = None,
            limit: Annotated[int, Query(ge=1, le=MAX_EDGES, description=f"at most this many edges (1–{MAX_EDGES})")]
            = 200, offset: Offset = 0) -> dict[str, Any]:
    """Nodes are entities, edges are events from an actor to a target, one edge per (actor, target, type) with
    its count and event references, most events first."""
    return Q.network(_store(request), type=type.value if type else None, since=since, until=until, entity=entity,
                     limit=limit, offset=offset)


# -- writes ----------------------------------------------------------------------------------------------------------

class ArticleIn(BaseModel):
    """One article to ingest; other keys are kept in the document's ``meta``."""

    model_config = ConfigDict(extra="allow")

    id: Annotated[str, StringConstraints(min_length=1, max_length=300)] | int | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CHARS)]
    published: Annotated[str, StringConstraints(max_length=40)] | None = Field(None, examples=["2021-10-07"])
    title: Annotated[str, StringConstraints(max_length=2000)] | None = None
    source: Annotated[str, StringConstraints(max_length=2000)] | None = None


Articles = ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_RECORDS)]
_ARTICLES = TypeAdapter(Articles)


def check_token(request: Request) -> None:
    """401 without a bearer token, 403 with a wrong one or when the server has none (writes disabled)."""
    expected = request.app.state.token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if not expected:
        raise ForbiddenError("writes are disabled on this server: start it with KHABAR_API_TOKEN or --token-file")
    if scheme.lower() != "bearer" or not given.strip():
        raise AuthenticationError("this needs a bearer token: Authorization: Bearer TOKEN")
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ForbiddenError("the bearer token is not this server's")


async def _read_body(request: Request) -> bytes:
    limit = request.app.state.max_body
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(f"the body has {int(declared):,} bytes, over this server's limit of {limit:,}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLargeError(f"the body is over this server's limit of {limit:,} bytes")
    return bytes(body)


_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_BODY_SCHEMA = {"oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA, "minItems": 1,
                                            "maxItems": MAX_RECORDS}]}


@router.post("/documents", summary="ingest articles (bearer token)", status_code=200,
             responses={401: {"model": ErrorBody, "description": "no bearer token (E601)"},
                        403: {"model": ErrorBody, "description": "wrong token, or writes disabled (E602)"},
                        413: {"model": ErrorBody, "description": "body over the size limit (E603)"}},
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/json": {"schema": _BODY_SCHEMA}}}})
async def post_documents(request: Request) -> JSONResponse:
    """One article ``{id?, text, published?, title?, source?}`` or a list of them. Each is extracted and stored
    as ``khabar ingest`` does (idempotent: an article already stored is skipped). The answer lists one result
    per article; the status is 200 when none failed and 422 when any did (the others are stored)."""
    check_token(request)
    raw = await _read_body(request)
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequestError(f"the body is not JSON ({exc})") from None
    try:
        parsed = _ARTICLES.validate_python(payload)
    except ValidationError as exc:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    records = parsed if isinstance(parsed, list) else [parsed]
    results = await run_in_threadpool(_ingest, request.app.state, [r.model_dump(exclude_none=True) for r in records])
    counts = {k: sum(1 for r in results if r["status"] == k) for k in
              ("added", "skipped", "re-extracted", "updated", "failed")}
    failed = counts["failed"] > 0
    return JSONResponse({"ok": not failed, "counts": counts, "results": results}, status_code=422 if failed else 200)


def _ingest(state: Any, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from ..store.ingest import ingest

    items = []
    for n, rec in enumerate(records):
        try:
            items.append(article_from_record(rec, f"POST /api/documents [{n}]"))
        except InputError as exc:
            items.append(Failure(f"POST /api/documents [{n}]", exc))
    with state.write_lock:
        if state.process is None:
            from ..pipeline import Pipeline
            from ..store.ingest import pipeline_version

            pipeline = Pipeline()
            state.process, state.version = pipeline.process, pipeline_version(pipeline)
        return [{"status": r.status, "id": r.id, "source": r.source, "reason": r.reason,
                 "code": getattr(r.error, "code", None)}
                for r in ingest(state.store, items, process=state.process, version=state.version)]

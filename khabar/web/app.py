"""The FastAPI application: the JSON API under /api/, the HTML pages, the static files, one error shape.

``create_app(store)`` serves an open store; ``khabar serve`` (cli_serve.py) builds one and runs it with uvicorn.
Every handler calls ``khabar.query``; no SQL lives here. Errors never leave as tracebacks: a khabar error becomes
``{"ok": false, "status": N, "error": {"code": "E…", "message": "…"}}`` with its HTTP status (an HTML page for the
page routes), and anything unexpected is logged and answered with a bare 500 of the same shape.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (
    InputError,
    KhabarError,
    NotFoundError,
    QueryError,
    QueryTimeoutError,
    StoreConnectionError,
    StoreNotFoundError,
    StoreSchemaError,
    WebError,
)
from ..pipeline import Outcome
from ..readers import Article
from ..store.base import Store, time_limit

log = logging.getLogger("khabar.web")
HERE = Path(__file__).resolve().parent
MAX_BODY = 5 * 1024 * 1024  # bytes of one POST /api/documents body
QUERY_SECONDS = 10.0  # time limit of the queries of one read request (GET), enforced inside the database

# Content-Security-Policy: nothing but this server's own files; no inline script can ever run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def status_of(exc: KhabarError) -> int:
    """The HTTP status for a khabar error."""
    if isinstance(exc, WebError):
        return exc.status
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, QueryTimeoutError):
        return 503
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, (StoreNotFoundError, StoreConnectionError, StoreSchemaError)):
        return 503
    return 500


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": {"code": code, "message": message, **extra}}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json" or path.startswith("/static")


def create_app(store: Store, *, token: str | None = None, max_body: int = MAX_BODY,
               process: Callable[[Article], Outcome] | None = None, version: str | None = None,
               own_store: bool = False, query_seconds: float | None = QUERY_SECONDS) -> FastAPI:
    """An application serving ``store``. ``token`` enables POST /api/documents (bearer token); ``process`` and
    ``version`` are what ingest uses (default: a Pipeline built on the first write); with ``own_store`` the store
    is closed when the application shuts down."""
    from contextlib import asynccontextmanager

    from . import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if own_store:
            store.close()

    app = FastAPI(
        title="khabar", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Events (who did what to whom, where and when) and quotes (who said what) extracted from Arabic "
                    "news, each tied to the characters of the article that state it. Every list is paginated with "
                    "`limit` and `offset` and answers `{total, limit, offset, matched, items}`; errors answer "
                    "`{ok: false, status, error: {code, message}}`.")
    app.state.store = store
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.process = process
    app.state.version = version
    app.state.write_lock = threading.Lock()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        if request.method in ("GET", "HEAD") and query_seconds:
            with time_limit(query_seconds):  # a context variable: it follows the request into its worker thread
                response = await call_next(request)
        else:
            response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def error_response(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if _wants_json(request):
            return JSONResponse(error_body(status, code, message, **extra), status_code=status, headers=headers)
        return HTMLResponse(pages.render_error(status, code, message), status_code=status, headers=headers)

    @app.exception_handler(KhabarError)
    async def khabar_error(request: Request, exc: KhabarError) -> Response:
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, status, exc.code, exc.message)

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
        """A query that failed inside the database (timed out, lost its server): typed, never a traceback."""
        err = store._error(exc, "query")
        return await khabar_error(request, err)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
                   for e in exc.errors()]
        message = "; ".join(f"{'.'.join(d['loc'][1:]) or d['loc'][0]}: {d['msg']}" for d in details[:5]
                            if d["loc"]) or "invalid request"
        return error_response(request, 422, "E604", message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}"
        return error_response(request, exc.status_code, f"H{exc.status_code}", message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return JSONResponse(error_body(500, "E000", "internal error (logged on the server)"), status_code=500)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app

"""``khabar serve``: the HTTP API and the web page over a store, run by uvicorn.

Reads are open to whoever can reach the port (the default host is 127.0.0.1: this machine only). Writes
(``POST /api/documents``) need the bearer token given by ``--token-file`` or ``$KHABAR_API_TOKEN``; without one they
are refused with 403.
"""
from __future__ import annotations

import os

import click

from .cli_store import _open, db_option

TOKEN_ENV = "KHABAR_API_TOKEN"
KEEP_ALIVE_SECONDS = 75


def read_token(token_file: str | None) -> str | None:
    """The write token: the first line of ``token_file``, else ``$KHABAR_API_TOKEN``, else None."""
    if token_file:
        try:
            with open(token_file, encoding="utf-8") as fh:
                token = fh.readline().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise click.BadParameter(f"cannot read {token_file}: {exc}", param_hint="--token-file") from None
        if not token:
            raise click.BadParameter(f"{token_file} holds no token on its first line", param_hint="--token-file")
        return token
    return os.environ.get(TOKEN_ENV, "").strip() or None


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: put it behind TLS).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help=f"File whose first line is the bearer token that POST /api/documents needs "
                   f"(else ${TOKEN_ENV}; without either, writes are refused).")
@click.option("--create", is_flag=True, help="Create the store if it does not exist (to fill it by POST).")
@click.option("--max-body", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True,
              help="Largest request body accepted, in bytes (413 over it).")
@click.option("--query-timeout", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Seconds the queries of one read request may take before they are cancelled (503 E508); 0: none.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(db: str, host: str, port: int, token_file: str | None, create: bool, max_body: int,
          query_timeout: float, log_level: str) -> None:
    """Serve the HTTP API (/api/…, schema at /openapi.json) and the web page (/) over the store."""
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:  # pragma: no cover - the dependencies are required ones
        raise click.ClickException(f"khabar serve needs fastapi, uvicorn and jinja2 ({exc})") from None
    token = read_token(token_file)
    store = _open(db, create=create)
    app = create_app(store, token=token, max_body=max_body, own_store=True, query_seconds=query_timeout or None)
    writes = "enabled (bearer token)" if token else f"disabled (set {TOKEN_ENV} or --token-file)"
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"khabar: serving {store.location} at http://{shown}:{port}/  (API at /api, schema at "
               f"/openapi.json; writes {writes})", err=True)
    # keep idle connections longer than clients do (uvicorn's 5 s lets a client reuse a connection the server is
    # closing: a reset under load); bound the connections served at once rather than let the backlog reset them
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                backlog=2048)

"""Live ingestion's commands: ``khabar watch`` (poll feeds), ``khabar fetch`` (single pages), ``khabar sources``
(what each source last did). Thin: they build a ``khabar.live.watch.Watcher`` or read ``LiveState``; every fetch
failure is one ``khabar: error:`` line on stderr and a row in the store, and the run goes on."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from .cli_store import _json_out, _open, db_option
from .errors import KhabarError


def _politeness_options(f: Callable) -> Callable:
    f = click.option("--no-robots", is_flag=True, help="Ignore robots.txt (only for your own sites).")(f)
    f = click.option("--rate", "min_interval", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Seconds between two requests to the same host.")(f)
    f = click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                     help="Further attempts after a timeout, a connection error, a 429 or a 5xx (back-off doubles "
                          "from --backoff seconds).")(f)
    f = click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Seconds before the first retry.")(f)
    f = click.option("--timeout", type=click.FloatRange(min=0.01), default=10.0, show_default=True,
                     help="Seconds to connect, and to wait between bytes.")(f)
    f = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                     help="How to print each round's summary.")(f)
    return db_option(f)


def _watcher(db: str, timeout: float, retries: int, backoff: float, min_interval: float, no_robots: bool,
             dedup: bool = True):
    from .live.http import Politeness
    from .live.watch import Watcher

    store = _open(db, create=True)
    politeness = Politeness(timeout=timeout, retries=retries, backoff=backoff, min_interval=min_interval,
                            robots=not no_robots)

    def report(error: KhabarError) -> None:
        click.echo(f"khabar: error: {error}", err=True)

    return store, Watcher(store, politeness=politeness, dedup=dedup, report=report)


def _print_round(summary, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    s = summary
    click.echo(f"{s.sources} sources ({s.sources_failed} failed, {s.not_modified} not modified); "
               f"{s.pages_fetched} pages fetched: {s.added} added, {s.updated} updated, {s.unchanged} unchanged, "
               f"{s.duplicates} duplicates, {s.near_duplicates} near-duplicates; {s.disallowed} disallowed, "
               f"{s.failed} failed; {s.seconds:.1f} s")


@click.command()
@click.argument("feeds", nargs=-1, metavar="FEED_URL...")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="A sources.toml listing [[source]] url, name, language (added to FEED_URL...).")
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Seconds between the starts of two rounds.")
@click.option("--once", is_flag=True, help="Poll every source once, then exit.")
@click.option("--no-dedup", "no_dedup", is_flag=True,
              help="Do not group new articles into stories after each round (`khabar dedup`).")
@_politeness_options
def watch(feeds, sources_file, interval, once, no_dedup, db, fmt, timeout, retries, backoff, min_interval,
          no_robots) -> None:
    """Follow RSS/Atom feeds and sitemaps: fetch each new article once, extract it and store it. Exit status 1
    when --once and any source or page failed. Ctrl-C stops at once (exit 130): each article is stored whole or
    not at all, and a rerun goes on where this one stopped."""
    from .live.sources import Source, load_sources

    sources = [Source(url) for url in feeds]
    if sources_file:
        try:
            sources += load_sources(sources_file)
        except KhabarError as exc:
            raise click.ClickException(str(exc)) from None
    if not sources:
        raise click.UsageError("give one or more FEED_URLs, or --sources FILE")
    store, watcher = _watcher(db, timeout, retries, backoff, min_interval, no_robots, dedup=not no_dedup)
    failed = False

    def on_round(summary) -> None:
        nonlocal failed
        failed = failed or bool(summary.errors)
        _print_round(summary, fmt)

    try:
        watcher.watch(sources, interval=interval, once=once, on_round=on_round)
    except KeyboardInterrupt:
        click.echo("khabar: interrupted; run it again to go on (what is stored stays stored)", err=True)
        sys.exit(130)
    finally:
        watcher.close()
        store.close()
    if once and failed:
        sys.exit(1)


@click.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--name", default=None, help="The outlet to record as the articles' source (default: the host).")
@_politeness_options
def fetch(urls, name, db, fmt, timeout, retries, backoff, min_interval, no_robots) -> None:
    """Fetch article pages, extract and store them (a URL fetched before gets a conditional GET; the same text is
    stored once). Exit status 1 when any page failed."""
    store, watcher = _watcher(db, timeout, retries, backoff, min_interval, no_robots)
    try:
        summary = watcher.fetch(urls, outlet=name)
    finally:
        watcher.close()
        store.close()
    _print_round(summary, fmt)
    if summary.errors:
        sys.exit(1)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def sources(db: str, fmt: str) -> None:
    """Each source followed: kind, last success, last failure and its reason, articles stored, fetch outcomes."""
    from .live.state import LiveState

    store = _open(db)
    try:
        rows = LiveState(store).sources()
    finally:
        store.close()
    if fmt == "json":
        _json_out({"total": len(rows), "items": rows})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sources", title_justify="left")
    for col in ("source", "kind", "last success", "last failure", "reason", "articles", "fetches"):
        table.add_column(col, overflow="fold")
    for r in rows:
        label = r["url"] + (f"\n{r['name']}" if r["name"] else "") + (f" [{r['language']}]" if r["language"] else "")
        reason = f"{r['last_failure_reason']} [{r['last_failure_code']}]" if r["last_failure_reason"] else ""
        table.add_row(label, r["kind"], r["last_success"] or "", r["last_failure"] or "", reason,
                      str(r["articles"]), ", ".join(f"{k} {v}" for k, v in sorted(r["fetches"].items())))
    Console(highlight=False, soft_wrap=False).print(table)


LIVE_COMMANDS = (watch, fetch, sources)

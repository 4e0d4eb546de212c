"""The store's commands: ``ingest``, ``search``, ``events``, ``quotes``, ``entity``, ``export``.

Thin: each opens the store, calls one function of ``khabar.query`` (or ``khabar.store.ingest``) and prints what it
returns as a rich table or as JSON. ``cli.py`` adds them to the ``khabar`` group. Store and query errors become
one-line messages with their code (exit 1); bad option values are usage errors (exit 2).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_scale import SCALE_COMMANDS, engine_options
from .errors import KhabarError, QueryError
from .ontology import EventType
from .readers import MAX_CHARS, check_date
from .store import DEFAULT_DB

if TYPE_CHECKING:
    from .store.base import Store

DB_HELP = (f"The store: an SQLite file (default {DEFAULT_DB} in the working directory) or a postgresql:// URL; "
           f"also $KHABAR_DB.")


def db_option(f: Callable) -> Callable:
    return click.option("--db", default=DEFAULT_DB, envvar="KHABAR_DB", show_default=True, metavar="PATH|URL",
                        help=DB_HELP)(f)


def query_options(f: Callable) -> Callable:
    f = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Skip this many results (pagination).")(f)
    f = click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
                     help="At most this many results.")(f)
    f = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                     help="table for people, json for scripts.")(f)
    return db_option(f)


def _open(db: str, *, create: bool = False) -> Store:
    from .store import open_store

    try:
        return open_store(db, create=create)
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .query import parse_date_bound

    try:
        parse_date_bound(value, end=param.name == "until")
    except QueryError as exc:
        raise click.BadParameter(exc.message) from None
    return value


def _json_out(value: Any) -> None:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _run(func: Callable[[], Any]) -> Any:
    try:
        return func()
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None


def _ask(db: str, question: Callable[[Store], Any]) -> Any:
    """Open the store, ask it one question (khabar errors become one-line messages), close it."""
    store = _open(db)
    try:
        return _run(lambda: question(store))
    finally:
        store.close()


def _names(refs: list[dict | None]) -> str:
    return "، ".join((r.get("name") or r["id"]) for r in refs if r)


def _matched_note(console, matched: dict) -> None:
    for role, found in matched.items():
        if role == "terms":
            continue
        if found:
            shown = "، ".join(f"{e['name']} ({e['id']})" for e in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            console.print(f"[dim]{role}: {shown}{more}[/dim]")
        else:
            console.print(f"[yellow]{role}: no entity matches that name[/yellow]")


def _footer(console, page) -> None:
    shown = len(page.items)
    if page.total > page.offset + shown:
        console.print(f"[dim]{shown} of {page.total} shown; more with --offset {page.offset + shown}[/dim]")
    else:
        console.print(f"[dim]{page.total} in all[/dim]")


# -- ingest ---------------------------------------------------------------------------------------------------------

@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--published", metavar="YYYY-MM-DD", default=None,
              help="Publication date for articles that do not carry their own.")
@click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True,
              help="Refuse articles longer than this many characters.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How to print the summary.")
@engine_options
def ingest(inputs: tuple[str, ...], db: str, published: str | None, max_chars: int, fmt: str, **engine) -> None:
    """Extract the articles in PATH... (files, folders, .jsonl; '-' for stdin) and store them. Articles already
    stored by this version of khabar are skipped; those stored by another version are extracted again. Exit status
    1 when any input failed (the others are still stored); 130 when interrupted (run it again to finish)."""
    from .cli_scale import run_ingest
    from .readers import read_inputs

    try:
        published = check_date(published)
    except KhabarError as exc:
        raise click.BadParameter(exc.message, param_hint="--published") from None
    run_ingest(inputs, db, read_inputs(inputs, published=published, max_chars=max_chars), fmt=fmt,
               open_store=lambda db, create: _open(db, create=create), **engine)


# -- search ---------------------------------------------------------------------------------------------------------

@click.command()
@click.argument("query")
@query_options
def search(query: str, db: str, fmt: str, limit: int, offset: int) -> None:
    """Articles holding every word of QUERY, with the matches marked «» in the original text. Spelling variants
    fold together (ايران finds إيران; اسلام اباد finds إسلام آباد), and a word is found behind و ب ل ال."""
    from . import query as Q

    page = _ask(db, lambda store: Q.search(store, query, limit=limit, offset=offset))
    if fmt == "json":
        _json_out(page.to_dict())
        return
    from rich.table import Table
    from rich.text import Text

    console = _console()
    table = Table(title=f"search: {query}", title_justify="left", show_lines=True)
    for col in ("article", "published", "snippets"):
        table.add_column(col, overflow="fold")
    for item in page.items:
        cell = Text()
        for i, s in enumerate(item["snippets"]):
            if i:
                cell.append(" … ")
            pos = s["start"]
            for h in s["highlights"]:
                cell.append(s["text"][pos - s["start"]:h["start"] - s["start"]].replace("\n", " "))
                cell.append("«" + s["text"][h["start"] - s["start"]:h["end"] - s["start"]] + "»", style="bold")
                pos = h["end"]
            cell.append(s["text"][pos - s["start"]:].replace("\n", " "))
        table.add_row(item["id"] + (f"\n{item['title']}" if item["title"] else ""), item["published"] or "", cell)
    console.print(table)
    _footer(console, page)


# -- events ---------------------------------------------------------------------------------------------------------

@click.command()
@click.option("--actor", metavar="NAME", help="Who did it (a name, part of one, or an entity id).")
@click.option("--target", metavar="NAME", help="To whom.")
@click.option("--type", "etype", type=click.Choice([t.value for t in EventType], case_sensitive=False),
              help="PLOVER event type.")
@click.option("--since", callback=_date, metavar="DATE", help="On or after (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", callback=_date, metavar="DATE", help="On or before (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--location", metavar="NAME", help="Where.")
@click.option("--canonical", is_flag=True, help="One row per canonical event (republished copies merged; "
                                                "`khabar dedup` first), with how many outlets report it.")
@query_options
def events(actor, target, etype, since, until, location, canonical, db, fmt, limit, offset) -> None:
    """Who did what to whom, where and when: events in the store, newest first."""
    from . import query as Q

    page = _ask(db, lambda store: Q.events(store, actor=actor, target=target, type=etype, since=since, until=until,
                                           location=location, limit=limit, offset=offset, canonical=canonical))
    if fmt == "json":
        _json_out(page.to_dict())
        return
    from rich.table import Table

    console = _console()
    _matched_note(console, page.matched)
    table = Table(title="events", title_justify="left")
    for col in ("date", "type", "who", "whom", "where", "trigger", "article") + (("sources",) if canonical else ()):
        table.add_column(col, overflow="fold")
    for v in page.items:
        kind = v["type"] + (f" ({v['mode']})" if v["mode"] else "") + (" [not]" if v["negated"] else "")
        extra = (f"{v['canonical']['sources']} outlets, {v['canonical']['documents']} articles",) if canonical else ()
        table.add_row(v["date"] or "", kind, _names(v["actors"]), _names(v["targets"]),
                      (v["location"] or {}).get("name") or "", v["trigger"]["text"], v["document_id"], *extra)
    console.print(table)
    _footer(console, page)


# -- quotes ---------------------------------------------------------------------------------------------------------

@click.command()
@click.option("--speaker", metavar="NAME", help="Who said it (a name, part of one, or an entity id).")
@click.option("--channel", metavar="NAME", help="To whom it was said (e.g. a news agency).")
@query_options
def quotes(speaker, channel, db, fmt, limit, offset) -> None:
    """Who said what: reported speech in the store, newest article first."""
    from . import query as Q

    page = _ask(db, lambda store: Q.quotes(store, speaker=speaker, channel=channel, limit=limit, offset=offset))
    if fmt == "json":
        _json_out(page.to_dict())
        return
    from rich.table import Table

    console = _console()
    _matched_note(console, page.matched)
    table = Table(title="quotes", title_justify="left")
    for col in ("speaker", "to", "cue", "said", "article"):
        table.add_column(col, overflow="fold")
    for q in page.items:
        said = q["content"]["text"]
        table.add_row(_names([q["speaker"]]) or "?", _names([q["channel"]]), q["cue"]["text"],
                      said if len(said) <= 160 else said[:157] + "…", q["document_id"])
    console.print(table)
    _footer(console, page)


# -- entity ---------------------------------------------------------------------------------------------------------

@click.command()
@click.argument("name", metavar="NAME")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="At most this many events, quotes and co-occurring entities.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
def entity(name: str, limit: int, fmt: str, db: str) -> None:
    """One entity's profile: spellings, titles, roles, events, quotes and the entities seen with it. NAME is a
    name, part of one (باجوا), or an entity id."""
    from . import query as Q

    profile = _ask(db, lambda store: Q.entity_profile(store, name, limit=limit))
    if fmt == "json":
        _json_out(profile)
        return
    from rich.table import Table

    console = _console()
    e = profile["entity"]
    console.print(f"[bold]{e['name']}[/bold]  {e['type']}  {e['id']}"
                  + (f"  {e['latin']}" if e["latin"] else "") + (f"  {e['kb']}" if e["kb"] else "")
                  + (f"  country {e['country']}" if e["country"] else ""))
    console.print(f"in {e['documents']} articles, {e['mentions']} mentions")
    for label, key in (("spellings", "variants"), ("titles", "titles"), ("roles", "roles")):
        if e[key]:
            console.print(f"{label}: " + "، ".join(e[key]))
    if profile["candidates"]:
        console.print("[dim]also matching: " + "، ".join(f"{c['name']} ({c['id']})"
                                                         for c in profile["candidates"][:8]) + "[/dim]")
    evs = profile["events"]
    rows = [("actor", v) for v in evs["as_actor"]] + [("target", v) for v in evs["as_target"]] + \
        [("place", v) for v in evs["at_location"]]
    if rows:
        table = Table(title="events", title_justify="left")
        for col in ("as", "date", "type", "who", "whom", "where", "article"):
            table.add_column(col, overflow="fold")
        for role, v in rows:
            table.add_row(role, v["date"] or "", v["type"], _names(v["actors"]), _names(v["targets"]),
                          (v["location"] or {}).get("name") or "", v["document_id"])
        console.print(table)
    if profile["quotes"]:
        table = Table(title=f"quotes ({profile['quotes_total']})", title_justify="left")
        for col in ("cue", "said", "article"):
            table.add_column(col, overflow="fold")
        for q in profile["quotes"]:
            said = q["content"]["text"]
            table.add_row(q["cue"]["text"], said if len(said) <= 160 else said[:157] + "…", q["document_id"])
        console.print(table)
    if profile["cooccurring"]:
        console.print("seen with: " + "، ".join(f"{c['name']} ({c['documents']})" for c in profile["cooccurring"]))


# -- export ---------------------------------------------------------------------------------------------------------

@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True)
@click.option("--what", type=click.Choice(["events", "documents", "quotes", "entities"]), default="events",
              show_default=True, help="events: one GDELT-like row per event; documents: with --format jsonl, the "
                                      "full document JSON as `khabar extract` prints it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Output file (default: standard output; required for parquet).")
@click.option("--layers/--no-layers", default=True, show_default=True,
              help="With --what documents --format jsonl: include the sentence and token layers.")
@click.option("--canonical", is_flag=True, help="With --what events: one row per canonical event (`khabar dedup` "
                                                "first), with its story and source counts.")
@db_option
def export(fmt: str, what: str, output: str | None, layers: bool, canonical: bool, db: str) -> None:
    """Write the store's events, documents, quotes or entities as a flat table (JSON Lines, CSV or Parquet)."""
    from . import query as Q
    from .export import write_rows

    if fmt == "parquet" and not output:
        raise click.UsageError("Parquet is binary: give an output file with -o FILE")
    store = _open(db)
    try:
        if what == "documents" and fmt == "jsonl":
            rows = store.documents(layers=layers)
            columns: tuple[str, ...] = ()
        else:
            rows, columns = Q.export_rows(store, what, canonical=canonical), Q.EXPORT_COLUMNS[what]
            if canonical:
                columns += Q.CANONICAL_COLUMNS
        if output:
            n = _run(lambda: write_rows(rows, columns, fmt, Path(output)))
        else:
            if hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(encoding="utf-8", newline="")
            n = _run(lambda: write_rows(rows, columns, fmt, sys.stdout))
    finally:
        store.close()
    click.echo(f"{n} {what} written" + (f" to {output}" if output else ""), err=True)


COMMANDS = (ingest, search, events, quotes, entity, export, *SCALE_COMMANDS)

"""``khabar demo``: run the pipeline on the bundled samples and show a person what came out."""
from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from .pipeline import Pipeline
from .readers import read_inputs


def sample_file() -> Path:
    return Path(str(resources.files("khabar.samples").joinpath("articles.jsonl")))


def _segmented(doc, limit: int = 14) -> str:
    """The first words of the first prose sentence, with their proclitics marked: و+بحث ال+لواء …"""
    first = next((s for s in doc.sentences if s.kind == "text"), None)
    if first is None:
        return ""
    words = [t for t in doc.tokens if first.start <= t.start < first.end and t.kind != "punct"][:limit]
    return " ".join("+".join(g.text for g in t.segments) if t.segments else t.text for t in words)


def _show_events_and_quotes(console, doc) -> None:
    """who — what — whom — where — when, and who said what."""
    from rich.table import Table

    names = {e.id: e.name for e in doc.entities}
    if doc.events:
        table = Table(title=f"events of {doc.id}", title_justify="left")
        for col in ("type", "who", "whom", "where", "when", "trigger", "reports"):
            table.add_column(col)
        for v in doc.events:
            kind = v.type.value + (f" ({v.mode})" if v.mode else "") + (" [not]" if v.negated else "")
            table.add_row(kind, "، ".join(names.get(a, a) for a in v.actors),
                          "، ".join(names.get(t, t) for t in v.targets), names.get(v.location, "") or "",
                          v.date or "", v.trigger.text, str(len(v.extra.get("evidence_all", [])) or 1))
        console.print(table)
    if doc.quotes:
        table = Table(title=f"quotes of {doc.id}", title_justify="left")
        for col in ("speaker", "to", "cue", "said"):
            table.add_column(col)
        for q in doc.quotes:
            said = q.content.text if len(q.content.text) <= 80 else q.content.text[:77] + "…"
            table.add_row(names.get(q.speaker, "?") if q.speaker else "?", names.get(q.channel, "") or "",
                          q.cue.text, said)
        console.print(table)


def run_demo(out_dir: Path) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if Console().is_terminal else 120)
    pipeline = Pipeline()
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / "documents.jsonl"
    docs, failures, outcomes = [], [], {}
    t0 = time.perf_counter()
    with out_file.open("w", encoding="utf-8") as fh:
        for outcome in pipeline.pipe(read_inputs([sample_file()])):
            outcomes[outcome.document.id if outcome.ok else outcome.source] = outcome
            if outcome.ok:
                docs.append(outcome.document)
                fh.write(outcome.document.to_json() + "\n")
            else:
                failures.append(outcome)
    seconds = time.perf_counter() - t0

    table = Table(title=f"khabar demo: {len(docs)} sample articles", title_justify="left")
    table.add_column("article", no_wrap=True)
    for col in ("published", "chars", "sentences", "tokens", "proclitics", "entities", "events", "quotes"):
        table.add_column(col, justify="left" if col == "published" else "right", no_wrap=True)
    for d in docs:
        split = sum(1 for t in d.tokens if t.segments)
        words = sum(1 for t in d.tokens if t.kind == "arabic") or 1
        table.add_row(d.id, d.published or "-", f"{len(d.text):,}", str(len(d.sentences)), f"{len(d.tokens):,}",
                      f"{split / words:.0%}", str(len(d.entities)), str(len(d.events)), str(len(d.quotes)))
    console.print(table)
    for d in docs[:2]:
        console.print(f"[bold]{d.id}[/bold]  {_segmented(d)}")
    seed = docs[0] if docs else None
    if seed is not None:
        ents = Table(title=f"entities of {seed.id}", title_justify="left")
        for col in ("type", "name", "latin", "kb", "mentions", "titles / roles"):
            ents.add_column(col, justify="right" if col == "mentions" else "left")
        for e in sorted(seed.entities, key=lambda e: (-len(e.mentions), e.type.value)):
            ents.add_row(e.type.value, e.name, e.latin or "", e.kb or "", str(len(e.mentions)),
                         "، ".join((*e.titles, *e.roles))[:60])
        console.print(ents)
    for d in docs:
        _show_events_and_quotes(console, d)
    console.print(f"\n{len(docs)} articles in {seconds:.2f} s.")
    console.print(f"Full JSON of every document: [bold]{out_file}[/bold]")
    for f in failures:
        console.print(f"[red]failed[/red] {f.source}: {f.error}")
    _store_and_show_queries(console, pipeline, outcomes, out_dir / "khabar.db")
    return 1 if failures else 0


def _store_and_show_queries(console, pipeline: Pipeline, outcomes: dict, db: Path) -> None:
    """Ingest the samples (already extracted above) into a store and print commands that query it."""
    from .errors import KhabarError
    from .store import open_store
    from .store.ingest import IngestSummary, ingest, pipeline_version

    summary = IngestSummary()
    try:
        with open_store(db) as store:
            for result in ingest(store, read_inputs([sample_file()]),
                                 process=lambda a: outcomes.get(a.id) or pipeline.process(a),
                                 version=pipeline_version(pipeline)):
                summary.add(result)
    except KhabarError as exc:
        console.print(f"[red]store failed[/red]: {exc}")
        return
    c = summary.counts
    console.print(f"Stored in [bold]{db}[/bold]: {c['added']} added, {c['skipped']} skipped, "
                  f"{c['re-extracted']} re-extracted. Ask it:")
    for cmd in (f'khabar search "اسلام اباد" --db {db}', f"khabar events --actor باقري --db {db}",
                f"khabar events --type ASSAULT --since 2023 --db {db}", f"khabar quotes --speaker باقري --db {db}",
                f"khabar entity باجوا --db {db}", f"khabar export --format csv -o events.csv --db {db}"):
        console.print(f"  {cmd}", markup=False)
    console.print(f"Browse the tables with Datasette: datasette {db}", markup=False)
    console.print("\nServe the web page and the HTTP API over it (then open http://127.0.0.1:8000/):")
    console.print(f"  khabar serve --db {db}", markup=False, style="bold")

"""The ``khabar`` command line: a thin door onto the pipeline.

Errors in one input are printed as one line on stderr (``khabar: error: SOURCE: REASON [CODE]``) and the run goes on;
the exit status is 1 when any input failed, 2 for a usage error.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import click

from . import __version__
from .errors import DateError, KhabarError
from .pipeline import Outcome, Pipeline
from .readers import MAX_CHARS, Article, Failure, check_date, read_inputs


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _report(outcome: Outcome) -> None:
    err = outcome.error
    where = err.source or outcome.source if err else outcome.source
    msg = err.message if isinstance(err, KhabarError) else str(err)
    code = getattr(err, "code", "E000")
    click.echo(f"khabar: error: {where}: {msg} [{code}]", err=True)


def _validate_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return check_date(value)
    except DateError as exc:
        raise click.BadParameter(exc.message) from None


def _outcomes(pipeline: Pipeline, items: Iterable[Article | Failure], total: int | None, show: bool
              ) -> Iterator[Outcome]:
    """Run the pipeline, with a progress bar on stderr when a person is watching and the run is long."""
    if not show:
        yield from pipeline.pipe(items)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("extract", total=total, rate="")
        for outcome in pipeline.pipe(items):
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed:
                progress.update(task, rate=f"{progress.tasks[0].completed / elapsed:.1f} articles/s")
            yield outcome


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khabar")
def main() -> None:
    """khabar: who did what to whom, where and when, and who said what, in Arabic news."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="FILE...")
@click.option("--published", callback=_validate_published, metavar="YYYY-MM-DD",
              help="Publication date for articles that do not carry their own (the anchor for relative dates).")
@click.option("--format", "fmt", type=click.Choice(["auto", "json", "jsonl"]), default="auto", show_default=True,
              help="json: one indented object (an array for several); jsonl: one line per article; "
                   "auto: json for one article, jsonl for several.")
@click.option("--layers/--no-layers", default=True, show_default=True,
              help="Include the sentence and token layers in the output.")
@click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True,
              help="Refuse articles longer than this many characters.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the documents here instead of stdout.")
@click.option("--failures", "failures_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write each failed input as a JSON line {source, code, reason} to this file, and a "
                   "summary line to stderr.")
def extract(inputs: tuple[str, ...], published: str | None, fmt: str, layers: bool, max_chars: int,
            output: str | None, failures_path: str | None) -> None:
    """Extract documents from FILE... (text in any common encoding, .html, .jsonl, .json, folders; '-' or no
    FILE reads stdin) and print them as JSON in the schema of document.schema.json."""
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more files or folders, or '-' to read standard input")
        inputs = ("-",)
    if not output and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8 whatever the locale says
    pipeline = Pipeline()
    items: Iterable[Article | Failure] = read_inputs(inputs, published=published, max_chars=max_chars)
    file_inputs = [i for i in inputs if i != "-"]
    show = sys.stderr.isatty() and (len(file_inputs) > 1 or any(Path(i).is_dir() for i in file_inputs))
    failed = 0
    with ExitStack() as stack:
        out: IO[str] = stack.enter_context(open(output, "w", encoding="utf-8")) if output else sys.stdout
        failures = stack.enter_context(open(failures_path, "w", encoding="utf-8")) if failures_path else None
        writer = _Writer(out, fmt, layers)
        for outcome in _outcomes(pipeline, items, None, show):
            if outcome.ok:
                writer.write(outcome.document)
            else:
                failed += 1
                _report(outcome)
                if failures is not None:
                    err = outcome.error
                    failures.write(json.dumps({"source": (err.source if err else None) or outcome.source,
                                               "code": getattr(err, "code", "E000"),
                                               "reason": getattr(err, "message", str(err))},
                                              ensure_ascii=False) + "\n")
                    failures.flush()
        writer.close()
    if failures_path:
        click.echo(f"khabar: extract: {writer.count} extracted, {failed} failed (listed in {failures_path})",
                   err=True)
    if failed:
        sys.exit(1)


class _Writer:
    """Streams documents as JSON Lines, or as one JSON value (an object, or an array for several)."""

    def __init__(self, out: IO[str], fmt: str, layers: bool):
        self.out, self.fmt, self.layers = out, fmt, layers
        self.pending = None  # auto: hold the first document until we know whether a second follows
        self.count = 0

    def _emit_jsonl(self, doc) -> None:
        self.out.write(doc.to_json(layers=self.layers) + "\n")

    def write(self, doc) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            self._emit_jsonl(doc)
        elif self.fmt == "json":
            if self.count == 1:
                self.pending = doc
            else:
                if self.count == 2:
                    self.out.write("[\n" + self.pending.to_json(indent=2, layers=self.layers))
                    self.pending = None
                self.out.write(",\n" + doc.to_json(indent=2, layers=self.layers))
        else:  # auto
            if self.count == 1:
                self.pending = doc
            else:
                if self.pending is not None:
                    self._emit_jsonl(self.pending)
                    self.pending = None
                self._emit_jsonl(doc)
        self.out.flush()

    def close(self) -> None:
        if self.pending is not None:
            self.out.write(self.pending.to_json(indent=2, layers=self.layers) + "\n")
        elif self.fmt == "json" and self.count >= 2:
            self.out.write("\n]\n")
        elif self.fmt == "json" and self.count == 0:
            self.out.write("[]\n")
        self.out.flush()


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
def validate(inputs: tuple[str, ...]) -> None:
    """Check documents (JSON or JSON Lines, as `khabar extract` prints them) against the schema and the offset
    invariant text[start:end] == span.text."""
    from .schema import validate_document

    failed = checked = 0
    for path in inputs:
        try:
            raw = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"khabar: error: {path}: cannot read ({exc}) [E100]", err=True)
            failed += 1
            continue
        try:
            values = [json.loads(raw)]
        except json.JSONDecodeError:
            values = []
            for lineno, line in enumerate(raw.splitlines(), 1):
                if line.strip():
                    try:
                        values.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        click.echo(f"khabar: error: {path}:{lineno}: not JSON ({exc.msg}) [E202]", err=True)
                        failed += 1
        docs = [d for v in values for d in (v if isinstance(v, list) else [v])]
        for doc in docs:
            checked += 1
            try:
                validate_document(doc)
            except KhabarError as exc:
                failed += 1
                click.echo(f"khabar: error: {path}: {exc}", err=True)
    click.echo(f"{checked - min(failed, checked)} of {checked} documents valid", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option("--published", callback=_validate_published, metavar="YYYY-MM-DD",
              help="Publication date for articles that do not carry their own.")
@click.option("--type", "etype", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default=None,
              help="Only entities of this type.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
def entities(inputs: tuple[str, ...], published: str | None, etype: str | None, fmt: str, limit: int) -> None:
    """Entities across the articles in FILE..., merged by their stable ids, with article and mention counts."""
    merged: dict[str, dict] = {}
    failed = 0
    for outcome in Pipeline().pipe(read_inputs(inputs, published=published)):
        if not outcome.ok:
            failed += 1
            _report(outcome)
            continue
        for e in outcome.document.entities:
            if etype and e.type.value != etype:
                continue
            row = merged.setdefault(e.id, {"id": e.id, "type": e.type.value, "name": e.name, "latin": e.latin,
                                           "kb": e.kb, "articles": 0, "mentions": 0, "variants": set()})
            row["articles"] += 1
            row["mentions"] += len(e.mentions)
            row["variants"].update(m.text for m in e.mentions)
    rows = sorted(merged.values(), key=lambda r: (-r["articles"], -r["mentions"], r["name"]))[:limit]
    for r in rows:
        r["variants"] = sorted(r["variants"])
    if fmt == "json":
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(merged)} entities ({len(rows)} shown)", title_justify="left")
        for col in ("type", "name", "latin", "kb", "articles", "mentions", "variants"):
            table.add_column(col, justify="right" if col in ("articles", "mentions") else "left")
        for r in rows:
            table.add_row(r["type"], r["name"], r["latin"] or "", r["kb"] or "", str(r["articles"]),
                          str(r["mentions"]), "، ".join(r["variants"][:4]))
        Console(highlight=False).print(table)
    if failed:
        sys.exit(1)


def _conll_sentences(path: str):
    from .entities.conll import read_conll, read_conll_lines

    if path == "-":
        data = sys.stdin.buffer.read().decode("utf-8-sig", errors="replace")
        return list(read_conll_lines(data.splitlines(), "<stdin>"))
    return read_conll(path)


_NER_MODEL = click.option(
    "--model", "ner_model", type=click.Choice(["anercorp", "news"]), default="anercorp", show_default=True,
    help="anercorp: the CRF trained on ANERcorp alone (its conventions: the benchmark's); news: the pipeline's "
         "tagger, trained on ANERcorp and the news of the gold articles.")


def _conll_tagger(ner_model: str):
    from .entities.ner import MODEL_NAME, crf_tagger, default_tagger

    return crf_tagger(MODEL_NAME) if ner_model == "anercorp" else default_tagger()


@main.command()
@click.option("--conll", "conll_file", required=True, metavar="FILE",
              help="CoNLL input: 'token [label]' per line, blank line between sentences ('-' for stdin).")
@_NER_MODEL
def tag(conll_file: str, ner_model: str) -> None:
    """Tag given tokens with the NER model; prints 'token gold predicted' lines (conlleval's format), or
    'token predicted' when the file has no labels. Tokens are used as given, never re-tokenized."""
    try:
        sentences = _conll_sentences(conll_file)
        tagger = _conll_tagger(ner_model)
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    out = sys.stdout
    from .entities.words import analyze_sentence

    # the whole file is one run of sentences: the tagger's document context sees the sentences around each
    tagged = tagger.tag_many([analyze_sentence([tok for tok, _ in sent]) for sent in sentences])
    for sent, predicted in zip(sentences, tagged, strict=True):
        for (tok, gold), pred in zip(sent, predicted, strict=True):
            out.write(f"{tok} {gold} {pred}\n" if gold is not None else f"{tok} {pred}\n")
        out.write("\n")


@main.group(name="eval")
def eval_() -> None:
    """Measure quality against gold annotations."""


@eval_.command(name="ner")
@click.argument("conll_file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_NER_MODEL
def eval_ner(conll_file: str, fmt: str, ner_model: str) -> None:
    """Entity-level precision, recall and F1 per type (conlleval rules). FILE has 'token gold' lines (the model
    tags them) or 'token gold predicted' lines (as `khabar tag` prints; scored as given)."""
    from .entities.conll import score

    try:
        path = Path(conll_file)
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{conll_file}: cannot read ({exc})") from None
    gold, pred, sent_g, sent_p = [], [], [], []
    three = any(len(line.split()) >= 3 for line in lines[:50])
    tagger = None
    tokens: list[str] = []
    to_tag: list[list[str]] = []  # tagged together at the end: the tagger's document context sees the neighbours

    def flush() -> None:
        nonlocal tokens, sent_g, sent_p
        if tokens:
            if not three:
                to_tag.append(tokens)
            gold.append(sent_g)
            pred.append(sent_p)
        tokens, sent_g, sent_p = [], [], []

    if not three:
        try:
            tagger = _conll_tagger(ner_model)
        except KhabarError as exc:
            raise click.ClickException(str(exc)) from None
    for lineno, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            flush()
            continue
        if len(parts) < 2:
            raise click.ClickException(f"{conll_file}:{lineno}: a gold label is needed to evaluate")
        tokens.append(parts[0])
        sent_g.append(parts[1])
        if three:
            sent_p.append(parts[2])
    flush()
    if not three:
        from .entities.words import analyze_sentence

        pred = tagger.tag_many([analyze_sentence(t) for t in to_tag])
    scores = score(gold, pred)
    if fmt == "json":
        click.echo(json.dumps({k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4),
                                   "f1": round(v.f1, 4), "tp": v.tp, "fp": v.fp, "fn": v.fn}
                               for k, v in scores.items()}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"NER on {conll_file}: {len(gold)} sentences", title_justify="left")
    for col in ("type", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for typ, v in scores.items():
        table.add_row(typ, f"{v.precision:.4f}", f"{v.recall:.4f}", f"{v.f1:.4f}", str(v.tp + v.fn),
                      str(v.tp + v.fp))
    Console(highlight=False).print(table)


@eval_.command(name="gold")
@click.argument("gold_dir", metavar="GOLD_DIR", type=click.Path(file_okay=False))
@click.argument("pred", metavar="[PRED]", required=False, type=click.Path(dir_okay=False))
@click.option("--shared", "shared_dir", type=click.Path(file_okay=False), default=None,
              help="The shared/ folder that gold 'file' paths are relative to (default: found next to GOLD_DIR or "
                   "the working directory).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--errors/--no-errors", default=False, help="List missed and spurious entities and events.")
def eval_gold(gold_dir: str, pred: str | None, shared_dir: str | None, fmt: str, errors: bool) -> None:
    """Score predictions against gold files by the rules of shared/gold/README.md. PRED is a JSON or JSON Lines
    file of documents (as `khabar extract` prints them), matched to gold articles by id or text; without PRED the
    pipeline runs on each gold article."""
    from .evaluate import gold_text, load_gold, score_document
    from .metrics import PRF

    try:
        golds = load_gold(Path(gold_dir))
    except KhabarError as exc:
        raise click.ClickException(str(exc)) from None
    if not golds:
        raise click.ClickException(f"{gold_dir}: no gold files (*.json)")
    shared = _find_shared(Path(gold_dir), golds[0], shared_dir)
    predicted: dict[str, dict] = {}
    if pred:
        for doc in _read_documents(Path(pred)):
            predicted[str(doc.get("id"))] = doc
            predicted["text:" + str(doc.get("text"))] = doc
    pipeline = None if pred else Pipeline()
    rows = []
    for gold in golds:
        try:
            text = gold_text(gold, shared)
        except KhabarError as exc:
            raise click.ClickException(str(exc)) from None
        doc = predicted.get(str(gold["id"])) or predicted.get("text:" + text)
        why = "no prediction for this article"
        if doc is None and pipeline is not None:
            outcome = pipeline.process(Article(id=str(gold["id"]), text=text, source=gold["file"],
                                               published=gold.get("published")))
            doc = outcome.document.to_dict(layers=False) if outcome.ok else None
            if outcome.error is not None:
                why = f"the pipeline failed on this article: {outcome.error}"
        if doc is None:
            click.echo(f"khabar: error: {gold['_path']}: {why} (scored as empty)", err=True)
            doc = {"id": gold["id"], "text": text, "entities": [], "events": [], "quotes": [], "timexes": []}
        rows.append(score_document(gold, doc))
    total = {k: PRF() for k in ("entities", "events", "quotes", "attributed_quotes")}
    for r in rows:
        for k in total:
            total[k].add(getattr(r, k))
    event_types: dict[str, PRF] = {}
    for r in rows:
        for typ, v in r.events_by_type.items():
            event_types.setdefault(typ, PRF()).add(v)
    if fmt == "json":
        click.echo(json.dumps({"articles": [r.as_dict() for r in rows],
                               "total": {k: v.as_dict() for k, v in total.items()},
                               "events_by_type": {k: v.as_dict() for k, v in sorted(event_types.items())}},
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=f"gold: {len(rows)} articles in {gold_dir}", title_justify="left")
    table.add_column("article", no_wrap=True)
    for col in ("entities P", "R", "F1", "events P", "R", "F1", "quotes F1", "attributed F1"):
        table.add_column(col, justify="right")

    def cells(e, v, q, a):
        return [f"{e.precision:.2f}", f"{e.recall:.2f}", f"{e.f1:.2f}", f"{v.precision:.2f}", f"{v.recall:.2f}",
                f"{v.f1:.2f}", f"{q.f1:.2f}", f"{a.f1:.2f}"]

    for r in rows:
        table.add_row(r.id, *cells(r.entities, r.events, r.quotes, r.attributed_quotes))
    table.add_row("[bold]all (micro)[/bold]", *cells(total["entities"], total["events"], total["quotes"],
                                                    total["attributed_quotes"]))
    console.print(table)
    if event_types:
        console.print("events by type: " + "; ".join(
            f"{t} P {v.precision:.2f} R {v.recall:.2f} F1 {v.f1:.2f} (gold {v.tp + v.fn}, predicted {v.tp + v.fp})"
            for t, v in sorted(event_types.items())))
    if errors:
        for r in rows:
            for m in r.missed_entities:
                click.echo(f"{r.id}  missed    {m}")
            for m in r.spurious_entities:
                click.echo(f"{r.id}  spurious  {m}")
            for m in r.missed_events:
                click.echo(f"{r.id}  missed event    {m}")
            for m in r.spurious_events:
                click.echo(f"{r.id}  spurious event  {m}")


def _find_shared(gold_dir: Path, gold: dict, given: str | None) -> Path:
    candidates = [Path(given)] if given else [gold_dir.parent, Path.cwd().parent / "shared", Path.cwd() / "shared",
                                             gold_dir.parent.parent.parent / "shared"]
    for c in candidates:
        if (c / str(gold["file"]).partition("#")[0]).exists():
            return c
    raise click.ClickException(f"cannot find {gold['file']} (the gold files' texts); pass --shared")


def _read_documents(path: Path) -> list[dict]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read ({exc})") from None
    try:
        value = json.loads(raw)
        return value if isinstance(value, list) else [value]
    except json.JSONDecodeError:
        pass
    docs = []
    for lineno, line in enumerate(raw.split("\n"), 1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{lineno}: not JSON ({exc.msg})") from None
    return docs


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="demo-output", show_default=True,
              help="Folder for the full JSON of every sample document.")
def demo(out_dir: str) -> None:
    """Run khabar on the bundled sample articles and show what it found."""
    from .demo import run_demo

    sys.exit(run_demo(Path(out_dir)))


def _add_store_commands() -> None:
    """ingest, search, events, quotes, entity, export: the store's commands live in cli_store.py; serve in
    cli_serve.py."""
    from .cli_live import LIVE_COMMANDS  # watch, fetch, sources: live ingestion (khabar/live/)
    from .cli_store import COMMANDS

    for command in (*COMMANDS, *LIVE_COMMANDS):
        main.add_command(command)
    from .cli_serve import serve  # `khabar serve`: the HTTP API and web page (khabar/web/)

    main.add_command(serve)


_add_store_commands()


if __name__ == "__main__":  # pragma: no cover
    main()

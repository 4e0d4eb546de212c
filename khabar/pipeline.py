"""The ordered analysis stages, assembled in one place, and per-article outcomes.

Each stage has one job, declares what it requires and provides, and returns a new Document. ``Pipeline`` checks the
order when it is built, so a missing requirement is an error at start-up rather than a wrong answer later.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import __version__
from .document import Document
from .errors import DecodingError, KhabarError, PipelineError
from .readers import Article, Failure

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Document], Document]
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:
        return self.func(doc)


def _sentences(doc: Document) -> Document:
    from .text.sentences import split_sentences

    return doc.with_(sentences=split_sentences(doc.normalized))


def _tokens(doc: Document) -> Document:
    from .text.tokens import tokenize

    return doc.with_(tokens=tokenize(doc.normalized))


def _entities(doc: Document) -> Document:
    from .entities.mentions import find_entities

    return doc.with_(entities=find_entities(doc))


def _datelines(doc: Document) -> Document:
    from .datelines import dateline_stage

    return dateline_stage(doc)


def _resolve(doc: Document) -> Document:
    from .entities.resolve import resolve

    return doc.with_(entities=resolve(doc, doc.entities))


def _timexes(doc: Document) -> Document:
    from .timexes import find_timexes

    return doc.with_(timexes=find_timexes(doc))


def _quotes(doc: Document) -> Document:
    from .quotes import find_quotes

    return doc.with_(quotes=find_quotes(doc))


def _events(doc: Document) -> Document:
    from .events import find_events

    return doc.with_(events=find_events(doc))


def _parties(doc: Document) -> Document:
    from .event_parties import add_parties

    return add_parties(doc)


STAGES: dict[str, Stage] = {
    "sentences": Stage("sentences", _sentences, requires=(), provides=("sentences",)),
    "tokens": Stage("tokens", _tokens, requires=(), provides=("tokens",)),
    "entities": Stage("entities", _entities, requires=("sentences", "tokens"), provides=("entities",)),
    # the dateline's place and agency replace the tagger's reading of them, before mentions are resolved
    "datelines": Stage("datelines", _datelines, requires=("entities",), provides=("dateline",)),
    "resolve": Stage("resolve", _resolve, requires=("entities",), provides=("resolved",)),
    "timexes": Stage("timexes", _timexes, requires=("sentences", "tokens"), provides=("timexes",)),
    "quotes": Stage("quotes", _quotes, requires=("sentences", "tokens", "resolved"), provides=("quotes",)),
    "events": Stage("events", _events, requires=("resolved", "timexes", "quotes"), provides=("events",)),
    # the names the clause rules left out, added by a learned model (event_parties.py)
    "parties": Stage("parties", _parties, requires=("events",), provides=("parties",)),
}
DEFAULT_STAGES = ("sentences", "tokens", "entities", "datelines", "resolve", "timexes", "quotes", "events", "parties")


@dataclass(frozen=True)
class Outcome:
    """What happened to one article: a document, or the reason there is none."""

    source: str
    document: Document | None = None
    error: KhabarError | None = None
    seconds: float = 0.0
    stages: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.document is not None


class Pipeline:
    def __init__(self, stages: Sequence[str | Stage] = DEFAULT_STAGES):
        resolved: list[Stage] = []
        for s in stages:
            if isinstance(s, Stage):
                resolved.append(s)
            elif s in STAGES:
                resolved.append(STAGES[s])
            else:
                raise PipelineError(f"unknown stage {s!r}; known stages: {', '.join(STAGES)}")
        provided: set[str] = set()
        for stage in resolved:
            missing = [r for r in stage.requires if r not in provided]
            if missing:
                raise PipelineError(f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                                    f"provides; put the stage that provides it first")
            provided.update(stage.provides)
        self.stages: tuple[Stage, ...] = tuple(resolved)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        doc.check_spans()
        return doc

    def document(self, article: Article) -> Document:
        return Document(id=article.id, text=article.text, source=article.source, published=article.published,
                        title=article.title, meta=dict(article.meta))

    def process(self, item: Article | Failure) -> Outcome:
        """Run the stages on one article; a KhabarError (or a crash: E300 with its exception) becomes a failed
        Outcome, never an exception."""
        if isinstance(item, Failure):
            return Outcome(item.source, error=item.error)
        t0 = time.perf_counter()
        try:
            if _SURROGATE.search(item.text):
                raise DecodingError("the text holds lone surrogates (U+D800–U+DFFF), which are not Unicode "
                                    "characters; the readers replace them with U+FFFD")
            doc = self(self.document(item))
        except KhabarError as exc:
            if exc.source is None:
                exc.source = item.source or item.id
            return Outcome(item.source or item.id, error=exc, seconds=time.perf_counter() - t0)
        except Exception as exc:  # a bug in a stage must cost this article only, not the run: reported as E300
            err = PipelineError(f"extraction crashed: {type(exc).__name__}: {exc}", source=item.source or item.id)
            return Outcome(item.source or item.id, error=err, seconds=time.perf_counter() - t0)
        meta = dict(doc.meta)
        meta["khabar"] = {"version": __version__, "stages": list(self.names)}
        return Outcome(item.source or item.id, document=doc.with_(meta=meta), seconds=time.perf_counter() - t0,
                       stages=self.names)

    def pipe(self, items: Iterable[Article | Failure]) -> Iterator[Outcome]:
        for item in items:
            yield self.process(item)

"""The Document: the untouched article text plus stand-off annotations in original character offsets.

Every annotation is a frozen dataclass; stages never edit a Document, they return a new one with
``dataclasses.replace``. Offsets are 0-based, end-exclusive Python ``str`` indices into ``Document.text``, and
``text[start:end] == span.text`` holds for every span (``Document.check_spans`` enforces it).

``to_dict``/``from_dict`` convert losslessly to and from the JSON of ``schema/document.schema.json``: fields the
model does not know are kept in ``extra`` (per annotation) or ``meta`` (per document) and written back unchanged.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .errors import SchemaError, SpanError
from .ontology import EntityType, EventType

if TYPE_CHECKING:
    from .text.normalize import Normalized

SCHEMA_VERSION = 1


def _take(d: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """Fields of ``d`` that the model does not know, kept so that a round trip loses nothing."""
    return {k: v for k, v in d.items() if k not in known}


def _need(d: Mapping[str, Any], key: str, what: str) -> Any:
    try:
        return d[key]
    except (KeyError, TypeError):
        raise SchemaError(f"{what} lacks required field {key!r}") from None


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Span:
        return cls(int(_need(d, "start", "span")), int(_need(d, "end", "span")), str(_need(d, "text", "span")))


@dataclass(frozen=True, slots=True)
class Segment:
    """A clitic or stem inside a token. ``text`` is what is written; ``form`` the morpheme (للقوات: ل, ال, قوات,
    where the article's ``text`` is the second ل)."""

    start: int
    end: int
    text: str
    form: str
    kind: str  # conj | prep | fut | det | stem

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "form": self.form, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Segment:
        s = Span.from_dict(d)
        return cls(s.start, s.end, s.text, str(d.get("form", s.text)), str(d.get("kind", "stem")))


@dataclass(frozen=True, slots=True)
class Token:
    """A surface token. ``segments`` is empty when the token has no proclitic (it is its own stem)."""

    start: int
    end: int
    text: str
    kind: str  # word (Arabic) | latin | number | punct
    segments: tuple[Segment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}
        if self.segments:
            d["segments"] = [s.to_dict() for s in self.segments]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Token:
        s = Span.from_dict(d)
        segs = tuple(Segment.from_dict(x) for x in d.get("segments") or ())
        return cls(s.start, s.end, s.text, str(d.get("kind", "word")), segs)

    @property
    def stem(self) -> Segment | None:
        return next((s for s in self.segments if s.kind == "stem"), None)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    kind: str = "text"  # text | heading

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Sentence:
        s = Span.from_dict(d)
        return cls(s.start, s.end, s.text, str(d.get("kind", "text")))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    _KNOWN = ("start", "end", "text")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, **self.extra}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Mention:
        s = Span.from_dict(d)
        return cls(s.start, s.end, s.text, _take(d, cls._KNOWN))


@dataclass(frozen=True)
class Entity:
    id: str
    type: EntityType
    name: str
    mentions: tuple[Mention, ...]
    latin: str | None = None
    kb: str | None = None
    titles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    _KNOWN = ("id", "type", "name", "mentions", "latin", "kb", "titles", "roles")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type.value, "name": self.name, "latin": self.latin, "kb": self.kb,
            "titles": list(self.titles), "roles": list(self.roles),
            "mentions": [m.to_dict() for m in self.mentions], **self.extra,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Entity:
        try:
            etype = EntityType(_need(d, "type", "entity"))
        except ValueError:
            raise SchemaError(f"unknown entity type {d.get('type')!r}") from None
        return cls(
            id=str(_need(d, "id", "entity")), type=etype, name=str(_need(d, "name", "entity")),
            mentions=tuple(Mention.from_dict(m) for m in _need(d, "mentions", "entity")),
            latin=d.get("latin"), kb=d.get("kb"), titles=tuple(d.get("titles") or ()),
            roles=tuple(d.get("roles") or ()), extra=_take(d, cls._KNOWN),
        )


@dataclass(frozen=True)
class Event:
    id: str
    type: EventType
    trigger: Span
    evidence: Span
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    mode: str | None = None
    cameo: str | None = None
    contexts: tuple[str, ...] = ()
    location: str | None = None
    date: str | None = None
    timex: str | None = None
    negated: bool = False
    confidence: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    _KNOWN = ("id", "type", "trigger", "evidence", "actors", "targets", "mode", "cameo", "contexts", "location",
              "date", "timex", "negated", "confidence")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type.value, "mode": self.mode, "cameo": self.cameo,
            "contexts": list(self.contexts), "trigger": self.trigger.to_dict(), "actors": list(self.actors),
            "targets": list(self.targets), "location": self.location, "date": self.date, "timex": self.timex,
            "negated": self.negated, "evidence": self.evidence.to_dict(), "confidence": self.confidence,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Event:
        try:
            etype = EventType(_need(d, "type", "event"))
        except ValueError:
            raise SchemaError(f"unknown event type {d.get('type')!r}") from None
        return cls(
            id=str(_need(d, "id", "event")), type=etype,
            trigger=Span.from_dict(_need(d, "trigger", "event")),
            evidence=Span.from_dict(_need(d, "evidence", "event")),
            actors=tuple(_need(d, "actors", "event")), targets=tuple(_need(d, "targets", "event")),
            mode=d.get("mode"), cameo=d.get("cameo"), contexts=tuple(d.get("contexts") or ()),
            location=d.get("location"), date=d.get("date"), timex=d.get("timex"),
            negated=bool(d.get("negated", False)), confidence=d.get("confidence"), extra=_take(d, cls._KNOWN),
        )


@dataclass(frozen=True)
class Quote:
    cue: Span
    content: Span
    speaker: str | None = None
    channel: str | None = None
    id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    _KNOWN = ("cue", "content", "speaker", "channel", "id")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id} if self.id is not None else {}
        d.update({"speaker": self.speaker, "channel": self.channel, "cue": self.cue.to_dict(),
                  "content": self.content.to_dict(), **self.extra})
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quote:
        return cls(
            cue=Span.from_dict(_need(d, "cue", "quote")), content=Span.from_dict(_need(d, "content", "quote")),
            speaker=d.get("speaker"), channel=d.get("channel"), id=d.get("id"), extra=_take(d, cls._KNOWN),
        )


@dataclass(frozen=True)
class Timex:
    id: str
    start: int
    end: int
    text: str
    value: str | None = None
    part: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    _KNOWN = ("id", "start", "end", "text", "value", "part")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "part": self.part, **self.extra}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Timex:
        s = Span.from_dict(d)
        return cls(id=str(_need(d, "id", "timex")), start=s.start, end=s.end, text=s.text, value=d.get("value"),
                   part=d.get("part"), extra=_take(d, cls._KNOWN))


def mentions_by_start(entities: tuple[Entity, ...] | list[Entity]) -> list[tuple[int, int, Entity]]:
    """Every mention as (start, end, entity), by start and, for equal starts, longest first."""
    return sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], -x[1]))


_DOC_KNOWN = ("id", "text", "source", "published", "title", "entities", "events", "quotes", "timexes",
              "sentences", "tokens", "meta", "schema_version")


@dataclass(frozen=True)
class Document:
    """One article. ``text`` is exactly what was read (after decoding) and is never changed."""

    id: str
    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    # -- derived views -------------------------------------------------------------------------------------
    @cached_property
    def normalized(self) -> Normalized:
        """The matching view of ``text`` with its offset map (computed once, on first use)."""
        from .text.normalize import normalize

        return normalize(self.text)

    @cached_property
    def sentence_tokens(self) -> tuple[tuple[Token, ...], ...]:
        """The tokens of each sentence, in sentence order (computed once, by bisection over token starts)."""
        from bisect import bisect_left

        starts = [t.start for t in self.tokens]
        out = []
        for s in self.sentences:
            a = bisect_left(starts, s.start)
            b = bisect_left(starts, s.end, lo=a)
            out.append(tuple(t for t in self.tokens[a:b] if t.end <= s.end))
        return tuple(out)

    def span(self, start: int, end: int) -> Span:
        """A Span over the original text; raises SpanError for offsets outside it."""
        if not 0 <= start <= end <= len(self.text):
            raise SpanError(f"span [{start}, {end}) is outside the text (length {len(self.text)})", source=self.id)
        return Span(start, end, self.text[start:end])

    def with_(self, **changes: Any) -> Document:
        """A copy with ``changes``; the normalized view travels along while the text is the same."""
        new = replace(self, **changes)
        if "text" not in changes and "normalized" in self.__dict__:
            new.__dict__["normalized"] = self.__dict__["normalized"]
        return new

    # -- invariants ----------------------------------------------------------------------------------------
    def iter_spans(self) -> Iterator[tuple[str, int, int, str]]:
        """Every span of every annotation layer as (path, start, end, text)."""
        for i, s in enumerate(self.sentences):
            yield f"sentences[{i}]", s.start, s.end, s.text
        for i, t in enumerate(self.tokens):
            yield f"tokens[{i}]", t.start, t.end, t.text
            for j, g in enumerate(t.segments):
                yield f"tokens[{i}].segments[{j}]", g.start, g.end, g.text
        for i, e in enumerate(self.entities):
            for j, m in enumerate(e.mentions):
                yield f"entities[{i}].mentions[{j}]", m.start, m.end, m.text
        for i, ev in enumerate(self.events):
            yield f"events[{i}].trigger", ev.trigger.start, ev.trigger.end, ev.trigger.text
            yield f"events[{i}].evidence", ev.evidence.start, ev.evidence.end, ev.evidence.text
        for i, q in enumerate(self.quotes):
            yield f"quotes[{i}].cue", q.cue.start, q.cue.end, q.cue.text
            yield f"quotes[{i}].content", q.content.start, q.content.end, q.content.text
        for i, t in enumerate(self.timexes):
            yield f"timexes[{i}]", t.start, t.end, t.text

    def check_spans(self) -> None:
        """Raise SpanError naming the first span whose offsets do not reproduce its text."""
        n = len(self.text)
        for path, start, end, text in self.iter_spans():
            if not (0 <= start <= end <= n) or self.text[start:end] != text:
                raise SpanError(f"{path} [{start}, {end}) {text!r} does not match the text", source=self.id)

    # -- JSON ----------------------------------------------------------------------------------------------
    def to_dict(self, *, layers: bool = True) -> dict[str, Any]:
        """The schema's JSON. ``layers=False`` leaves out sentences and tokens (they are derived, and large)."""
        d: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION, "id": self.id, "source": self.source, "published": self.published,
            "title": self.title, "text": self.text,
        }
        if layers:
            d["sentences"] = [s.to_dict() for s in self.sentences]
            d["tokens"] = [t.to_dict() for t in self.tokens]
        d["entities"] = [e.to_dict() for e in self.entities]
        d["events"] = [e.to_dict() for e in self.events]
        d["quotes"] = [q.to_dict() for q in self.quotes]
        d["timexes"] = [t.to_dict() for t in self.timexes]
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    def to_json(self, *, indent: int | None = None, layers: bool = True) -> str:
        return json.dumps(self.to_dict(layers=layers), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        if not isinstance(d, Mapping):
            raise SchemaError(f"a document must be a JSON object, not {type(d).__name__}")
        text = _need(d, "text", "document")
        if not isinstance(text, str):
            raise SchemaError("document field 'text' must be a string")
        meta = dict(d.get("meta") or {})
        meta.update(_take(d, _DOC_KNOWN))
        try:
            return cls(
                id=str(_need(d, "id", "document")), text=text, source=d.get("source"), published=d.get("published"),
                title=d.get("title"),
                sentences=tuple(Sentence.from_dict(x) for x in d.get("sentences") or ()),
                tokens=tuple(Token.from_dict(x) for x in d.get("tokens") or ()),
                entities=tuple(Entity.from_dict(x) for x in _need(d, "entities", "document")),
                events=tuple(Event.from_dict(x) for x in _need(d, "events", "document")),
                quotes=tuple(Quote.from_dict(x) for x in _need(d, "quotes", "document")),
                timexes=tuple(Timex.from_dict(x) for x in _need(d, "timexes", "document")),
                meta=meta,
            )
        except (TypeError, ValueError, AttributeError) as exc:
            raise SchemaError(f"malformed document: {exc}") from None

    @classmethod
    def from_json(cls, s: str) -> Document:
        try:
            return cls.from_dict(json.loads(s))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not JSON: {exc}") from None


__all__ = ["Document", "Entity", "Event", "Mention", "Quote", "Segment", "Sentence", "Span", "Timex", "Token",
           "SCHEMA_VERSION"]

"""Datelines: the place, news agency and date a wire article opens with.

Why: a dateline is where the article was filed and who filed it, and often the only date a page carries. Wire copy
states it in a few fixed shapes, matched at the start of one of the first lines:

* ``سول 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس`` — place, written dates (Hijri and/or Gregorian), agency;
* ``طهران - ارنا - ...`` — place, a known agency between dashes;
* ``القاهرة (رويترز) - ...`` — place, anything in parentheses;
* ``واس - الرياض: ...`` — a known agency, then the place and a colon;
* ``البنجاب - «الشرق الأوسط»: ...`` — place, then the outlet in quotation marks (any name: the marks say it is one).

An unknown word between dashes is not taken for an agency (``منيف الشهراني – الرياض`` names a reporter), and a
place must be one to three words of letters. Dates come from ``timexes.explicit_dates`` (the Gregorian one wins
when both calendars are written). The ``datelines`` pipeline stage runs after ``entities``: it records
``meta.dateline = {place, agency, date, text, start, end}``, makes the place a LOC mention and the agency an ORG
mention (replacing whatever the tagger read there: the tagger reads سول as an organization), and fills an absent
publication date (``meta.date_source = "dateline"``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .document import Document, Entity, Mention, Span
from .ontology import EntityType
from .text.normalize import normalize_str

HEAD_CHARS = 300  # a dateline opens the article: only its first lines are searched
_W = r"\p{L}[\p{L}\p{M}\u0640]*"
_WORDS = rf"{_W}(?:[ \t\u00a0]+{_W}){{0,2}}"
_DASH = r"[ \t\u00a0]*[-–—][ \t\u00a0]*"
_BETWEEN_DASHES = regex.compile(rf"(?P<place>{_WORDS}){_DASH}(?P<agency>{_WORDS}){_DASH}")
_PARENS = regex.compile(rf"(?P<place>{_WORDS})[ \t\u00a0]*\((?P<agency>[^()\n]{{1,40}})\)[ \t\u00a0]*[-–—:]")
# (an outlet in quotation marks after the place: البنجاب - «الشرق الأوسط»: …، لندن: "الشرق الأوسط" -)
_QUOTED_OUTLET = regex.compile(rf"(?P<place>{_WORDS})(?:{_DASH}|[ \t\u00a0]*:[ \t\u00a0]*)[«\"“]"
                               rf"(?P<agency>[^«»\"“”\n]{{1,40}})[»\"”][ \t\u00a0]*(?:[-–—:]|$)", regex.MULTILINE)
_AGENCY_FIRST = regex.compile(rf"(?P<agency>{_WORDS}){_DASH}(?P<place>{_WORDS})[ \t\u00a0]*:")
_AFTER_DATES = regex.compile(rf"[ \t\u00a0]*(?:م|هـ|ه)?[ \t\u00a0]*(?P<agency>{_WORDS})?[ \t\u00a0]*(?:[-–—:]|$)",
                             regex.MULTILINE)
_LINKER = regex.compile(r"[ \t\u00a0]*(?:م|هـ|ه)?[ \t\u00a0]*(?:الموافق|الموافق\s+ل|،|,)?[ \t\u00a0]*")

# Spellings wire services use in datelines that name another, smaller place in the gazetteer: written → the
# gazetteer's spelling of the place meant (SPA writes Seoul سول; the gazetteer's سول is Sewell, Chile).
PLACE_SPELLINGS = {"سول": "سيول"}


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    text: str
    place: Span | None
    agency: Span | None
    date: str | None  # YYYY-MM-DD

    def to_meta(self) -> dict[str, Any]:
        return {"place": self.place.text if self.place else None, "agency": self.agency.text if self.agency else None,
                "date": self.date, "text": self.text, "start": self.start, "end": self.end}


@lru_cache(maxsize=1)
def _agencies() -> frozenset[str]:
    from .entities.lexicons import agencies

    return frozenset(_key(a) for a in agencies())


def _key(words: str) -> str:
    return " ".join(normalize_str(words).split())


def is_agency(name: str) -> bool:
    return _key(name) in _agencies()


def _span(text: str, m: regex.Match, group: str, offset: int) -> Span | None:
    if m.group(group) is None:
        return None
    a, b = m.span(group)
    raw = m.group(group)
    stripped = raw.strip()
    a += raw.index(stripped) if stripped else 0
    b = a + len(stripped)
    return Span(offset + a, offset + b, text[offset + a:offset + b]) if stripped else None


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    while pos < min(len(text), HEAD_CHARS) and len(starts) < 3:
        line_end = text.find("\n", pos)
        line = text[pos:line_end if line_end >= 0 else len(text)]
        if line.strip():
            starts.append(pos + len(line) - len(line.lstrip()))
        if line_end < 0:
            break
        pos = line_end + 1
    return starts


def _dated(text: str, start: int) -> Dateline | None:
    """place, written dates, agency: the dates must follow the place directly."""
    from .timexes import explicit_dates

    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[start:line_end]
    dates = explicit_dates(line)
    if not dates:
        return None
    head = regex.match(rf"(?P<place>{_WORDS})[ \t\u00a0]*[,،]?[ \t\u00a0]*$", line[:dates[0][0]])
    if head is None or is_agency(head.group("place")):
        return None
    pos = dates[0][1]
    for a, b, _, _ in dates[1:]:  # الموافق between the Hijri and the Gregorian date
        if _LINKER.fullmatch(line[pos:a]) is None:
            break
        pos = b
    tail = _AFTER_DATES.match(line, pos)
    if tail is None:
        return None
    used = [d for d in dates if d[1] <= pos]
    greg = [d for d in used if d[2] != "hijri_date"]
    date = (greg or used)[0][3]
    place = _span(text, head, "place", start)
    agency = _span(text, tail, "agency", start)
    end = start + (tail.end("agency") if agency else pos)
    return Dateline(start, end, text[start:end], place, agency, date)


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of one of the article's first lines, or None."""
    for start in _line_starts(text):
        found = _dated(text, start)
        if found:
            return found
        for pattern, known_agency in ((_BETWEEN_DASHES, True), (_PARENS, False), (_QUOTED_OUTLET, False),
                                      (_AGENCY_FIRST, True)):
            m = pattern.match(text, start)
            if m is None or (known_agency and not is_agency(m.group("agency"))) or is_agency(m.group("place")):
                continue
            place, agency = _span(text, m, "place", 0), _span(text, m, "agency", 0)
            end = m.end()
            while end > start and text[end - 1] in " \t\u00a0-–—:":
                end -= 1
            return Dateline(start, end, text[start:end], place, agency, None)
    return None


def place_name(written: str) -> str:
    """The name to link a dateline place by (its gazetteer spelling when wire services write it otherwise)."""
    return PLACE_SPELLINGS.get(_key(written), written)


def dateline_stage(doc: Document) -> Document:
    """Record the dateline, make its place and agency entity mentions, date an undated article by it."""
    found = find_dateline(doc.text)
    if found is None:
        return doc
    entities = list(doc.entities)
    for span, etype, name in ((found.place, EntityType.LOC, found.place and place_name(found.place.text)),
                              (found.agency, EntityType.ORG, found.agency and found.agency.text)):
        if span is None:
            continue
        entities = [e for e in entities if not any(m.start < span.end and span.start < m.end for m in e.mentions)]
        entities.append(Entity(id="", type=etype, name=name,
                               mentions=(Mention(span.start, span.end, span.text, {"kind": "dateline"}),)))
    entities.sort(key=lambda e: (e.mentions[0].start, e.mentions[0].end))
    entities = [Entity(f"e{i}", e.type, e.name, e.mentions, e.latin, e.kb, e.titles, e.roles, e.extra)
                for i, e in enumerate(entities, 1)]
    meta = dict(doc.meta)
    meta["dateline"] = found.to_meta()
    published = doc.published
    if published is None and found.date:
        published = found.date
        meta["date_source"] = "dateline"
    return doc.with_(entities=tuple(entities), meta=meta, published=published)

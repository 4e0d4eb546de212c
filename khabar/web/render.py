"""Article text as HTML with its stand-off annotations marked, built by slicing the original text at span boundaries.

Every piece of text goes through ``markupsafe.escape``; markup is only ever made here, from offsets. Spans may nest
(a mention inside a quote) or cross (a trigger that starts inside a mention and ends after it): crossing spans are
closed and reopened at the boundary, so one span can become several elements that share its ``data-span`` key;
the text of those elements, joined in document order, is exactly the span's text. Links are never nested: a span
that would open an ``<a>`` inside another is written as a ``<span>`` carrying the same class and key.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """One annotation to draw: ``text[start:end]`` becomes an element with ``attrs`` (``href`` makes it a link).

    ``key`` names the span (``data-span``); ``rank`` orders marks with the same range (lower is outer)."""

    start: int
    end: int
    key: str
    cls: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    rank: int = 0
    tag: str | None = None  # default: a link when there is an href (and no link open), else a span


def _open(mark: Mark, first: bool, in_link: bool) -> tuple[str, str]:
    attrs = dict(mark.attrs)
    href = attrs.pop("href", None)
    anchor_id = attrs.pop("id", None)
    tag = mark.tag or ("a" if href is not None and not in_link else "span")
    parts = [f'class="{escape(mark.cls)}"', f'data-span="{escape(mark.key)}"']
    if tag == "a":
        parts.append(f'href="{escape(href)}"')
    elif href is not None:
        parts.append(f'data-href="{escape(href)}"')
    if first and anchor_id:
        parts.append(f'id="{escape(anchor_id)}"')
    if not first:
        parts.append('data-part="more"')
    parts += [f'{escape(k)}="{escape(v)}"' for k, v in attrs.items()]
    return tag, f"<{tag} {' '.join(parts)}>"


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with every mark drawn. Empty marks and marks outside the text are left out."""
    usable = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)),
                    key=lambda m: (m.start, -m.end, m.rank, m.key))
    starting: dict[int, list[Mark]] = defaultdict(list)
    for m in usable:
        starting[m.start].append(m)
    bounds = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[str] = []
    stack: list[tuple[Mark, str]] = []  # open marks with their tag
    seen: set[str] = set()

    def push(m: Mark) -> None:
        tag, html = _open(m, m.key not in seen, any(t == "a" for _, t in stack))
        seen.add(m.key)
        stack.append((m, tag))
        out.append(html)

    for i, pos in enumerate(bounds):
        if any(m.end == pos for m, _ in stack):
            reopen = []
            while any(m.end == pos for m, _ in stack):
                m, tag = stack.pop()
                out.append(f"</{tag}>")
                if m.end != pos:
                    reopen.append(m)
            for m in reversed(reopen):
                push(m)
        for m in starting.get(pos, ()):
            push(m)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos:bounds[i + 1]])))
    return Markup("".join(out))


# -- the marks of a stored document --------------------------------------------------------------------------------

def document_marks(doc: Mapping[str, Any], *, entity_url: str = "/entities/") -> list[Mark]:
    """Marks for a document JSON: quote contents and cues, entity mentions (linked to the entity page), event
    triggers (linked to the event's record on the article page) and temporal expressions."""
    from urllib.parse import quote as urlquote

    marks: list[Mark] = []
    for i, q in enumerate(doc.get("quotes") or ()):
        qid = str(q.get("id") or f"q{i + 1}")
        # the content is not a link, so that the mentions and triggers inside it stay links
        marks.append(Mark(q["content"]["start"], q["content"]["end"], f"quote:{qid}", "hl quote",
                          {"title": "اقتباس"}, rank=0))
        marks.append(Mark(q["cue"]["start"], q["cue"]["end"], f"cue:{qid}", "hl cue",
                          {"href": f"#quote-{qid}", "title": "فعل القول"}, rank=1))
    for e in doc.get("entities") or ():
        title = e["name"] + (f" · {e['latin']}" if e.get("latin") else "") + f" · {e['type']}"
        for j, m in enumerate(e.get("mentions") or ()):
            marks.append(Mark(m["start"], m["end"], f"mention:{e['id']}:{j}", f"hl ent ent-{e['type']}",
                              {"href": entity_url + urlquote(e["id"], safe=":"), "title": title,
                               "data-entity": e["id"]}, rank=2))
    for v in doc.get("events") or ():
        t = v["trigger"]
        marks.append(Mark(t["start"], t["end"], f"trigger:{v['id']}", f"hl trigger ev-{v['type']}",
                          {"href": f"#event-{v['id']}", "id": f"trigger-{v['id']}",
                           "title": v["type"] + (f" ({v['mode']})" if v.get("mode") else ""),
                           "data-event": v["id"]}, rank=3))
    for x in doc.get("timexes") or ():
        marks.append(Mark(x["start"], x["end"], f"timex:{x['id']}", "hl timex",
                          {"title": x.get("value") or x["text"]}, rank=4))
    return marks


def snippet_html(snippet: Mapping[str, Any]) -> Markup:
    """A search snippet (``Snippet.to_dict()``) with its matches in ``<mark>``."""
    base = snippet["start"]
    return highlight(snippet["text"], [Mark(h["start"] - base, h["end"] - base, f"hit:{n}", "hit", tag="mark")
                                       for n, h in enumerate(snippet["highlights"])])

"""Search terms from a user's query, and where they occur in an article, in original character offsets.

Matching runs on the normalized view (so ايران finds إيران, اسلام اباد finds إسلام آباد) and is carried back to the
untouched text through the offset map, so snippets show what the article really says. A term also matches behind
the proclitics و ف ب ك ل س ال (لباكستان for باكستان), as the full-text index does through its stem column.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .normalize import normalize, normalize_str

_TERM = regex.compile(r"[\p{L}\p{N}]+")
_PROCLITICS = r"[وف]?(?:لل|[بكل]?ال|[بكلس])?"
MAX_TERMS = 16
MAX_QUERY_CHARS = 500


def query_terms(q: str) -> list[str]:
    """The normalized words of a query, in order, without repeats. Everything else in the string (quotes,
    operators, brackets, SQL) is a separator, never syntax."""
    seen: dict[str, None] = {}
    for m in _TERM.finditer(normalize_str(q[:MAX_QUERY_CHARS]).lower()):
        seen.setdefault(m.group(), None)
    return list(seen)[:MAX_TERMS]


@dataclass(frozen=True)
class Snippet:
    start: int
    end: int
    text: str
    highlights: tuple[tuple[int, int], ...]  # original offsets of every matched term inside [start, end)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text,
                "highlights": [{"start": a, "end": b} for a, b in self.highlights]}

    def marked(self, left: str = "«", right: str = "»") -> str:
        """The snippet's text with every match between ``left`` and ``right``."""
        out, pos = [], self.start
        for a, b in self.highlights:
            out += [self.text[pos - self.start:a - self.start], left, self.text[a - self.start:b - self.start], right]
            pos = b
        out.append(self.text[pos - self.start:])
        return "".join(out)


def find_terms(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Original [start, end) of every whole-word occurrence of a term (proclitics allowed before it)."""
    if not terms:
        return []
    norm = normalize(text)
    alternation = "|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_PROCLITICS}({alternation})(?![\p{{L}}\p{{N}}])",
                            regex.IGNORECASE)
    hits: list[tuple[int, int]] = []
    for m in pattern.finditer(norm.text):
        a, b = norm.to_original(*m.span(1))
        if hits and not text[hits[-1][1]:a].strip():
            hits[-1] = (hits[-1][0], b)  # words of a phrase read as one match: «اسلام آباد»
        else:
            hits.append((a, b))
    return hits


def snippets(text: str, terms: list[str], *, context: int = 60, most: int = 3) -> list[Snippet]:
    """Up to ``most`` windows of the original text around matches, cut at spaces, overlapping ones merged."""
    hits = find_terms(text, terms)
    if not hits:
        end = _cut_right(text, min(len(text), 2 * context))
        return [Snippet(0, end, text[:end], ())]
    windows: list[list[int]] = []
    for a, b in hits:
        lo, hi = _cut_left(text, max(0, a - context)), _cut_right(text, min(len(text), b + context))
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        elif len(windows) < most:
            windows.append([lo, hi])
    out = []
    for lo, hi in windows:
        inside = tuple((a, b) for a, b in hits if lo <= a and b <= hi)
        out.append(Snippet(lo, hi, text[lo:hi], inside))
    return out


def _cut_left(text: str, pos: int) -> int:
    if pos == 0:
        return 0
    space = text.find(" ", pos)
    return space + 1 if 0 <= space < pos + 15 else pos


def _cut_right(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", pos - 15, pos)
    return space if space > 0 else pos

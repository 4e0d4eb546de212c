"""Sentence segmentation for Arabic news prose.

Rules, not a model: news sentences end at . ! ? ؟ ؛ ; … or a line break. A dot between digits (3.5), after a single
letter or a listed abbreviation (د. ، أ.ف.ب ، U.S.) or before a lower-case Latin letter ends nothing, and nothing
ends inside a quotation that closes on the same line. Short lines that start with a bullet (the seed's
``*تعزيز التعاون العسكري مع باكستان``) and short lines without final punctuation (titles, datelines) are headings;
a bulleted paragraph of several sentences (a news digest's item) is prose, told without its bullet.

Works on the normalized view (digits are ASCII there) and maps every boundary back to the original text.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

import regex

from ..document import Sentence
from ..resources import abbreviations
from .normalize import Normalized

MAX_SENTENCE_CHARS = 2000  # longer runs without punctuation are cut at a space, keeping later stages bounded
HEADING_MAX_WORDS = 12
TITLE_MAX_WORDS = 25  # the article's first line, unpunctuated, is its title up to this length

_LINE = regex.compile(r"[^\n\r\u2028\u2029\u0085]+")
_BULLET = regex.compile(r"[*•\-–—#▪■●◆►·]+\s*")
_TERMINATOR = regex.compile(r"(?:[.!?؟؛;…]+)[\"'»”’)\]}]*")
_QUOTE_PAIRS = {"«": "»", "“": "”", "\"": "\"", "‹": "›"}
_WORDS = regex.compile(r"\S+")
_NEXT_CHAR = regex.compile(r"\s*(\S)")


def _quote_regions(line: str) -> list[tuple[int, int]]:
    """[open, close) of quotations that close on this line."""
    regions = []
    i, n = 0, len(line)
    found: dict[str, int] = {}  # the next known position of each closing mark (-1: none left on the line)
    while i < n:
        ch = line[i]
        close = _QUOTE_PAIRS.get(ch)
        if close is not None:
            # a search is reused while it lies ahead: a line of 100,000 unclosed « is one scan, not 100,000
            j = found.get(close, i)
            if j != -1 and j <= i:
                j = found[close] = line.find(close, i + 1)
            if j != -1:
                regions.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return regions


def _is_boundary(line: str, m: regex.Match, regions: list[tuple[int, int]]) -> bool:
    punct = m.group()
    a, b = m.start(), m.end()
    if regions:
        i = bisect_left(regions, (a, 0)) - 1  # the last quotation that opens before the terminator
        if i >= 0 and b < regions[i][1]:  # strictly inside a quotation that goes on after it
            return False
    if punct.startswith(".") and not punct.startswith(".."):
        before = line[a - 1] if a else ""
        after = line[b] if b < len(line) else ""
        if before.isdigit() and after.isdigit():
            return False
        j = a
        while j > 0 and line[j - 1].isalpha():
            j -= 1
        word = line[j:a]
        if word in ("م", "ه") and j > 0 and line[j - 1].isdigit():
            return True  # 2015م. — an era after a year ends the sentence; it is no initial
        if word and (len(word) == 1 or word.casefold() in abbreviations()):
            return False
        nxt = _NEXT_CHAR.match(line, b)
        if nxt and nxt.group(1).isascii() and nxt.group(1).islower():
            return False
    return True


def _pieces(line: str) -> Iterator[tuple[int, int]]:
    regions = _quote_regions(line) if any(q in line for q in _QUOTE_PAIRS) else []
    start = 0
    for m in _TERMINATOR.finditer(line):
        if _is_boundary(line, m, regions):
            yield start, m.end()
            start = m.end()
    if start < len(line):
        yield start, len(line)


def _cap(a: int, b: int, text: str) -> Iterator[tuple[int, int]]:
    while b - a > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", a + 1, a + MAX_SENTENCE_CHARS)
        cut = cut if cut > a else a + MAX_SENTENCE_CHARS
        yield a, cut
        a = cut
    yield a, b


def split_sentences(norm: Normalized) -> tuple[Sentence, ...]:
    text = norm.text
    spans: list[tuple[int, int, str]] = []
    for lm in _LINE.finditer(text):
        line = lm.group()
        offset = lm.start()
        kind = "text"
        bullet = _BULLET.match(line)
        pieces = list(_pieces(line))
        first_line = not text[:offset].strip()
        if bullet and bullet.end() < len(line) and not (
                len(pieces) > 1 or len(_WORDS.findall(line)) > TITLE_MAX_WORDS):
            kind = "heading"  # (a bulleted paragraph of sentences is prose: a news digest's items)
        if kind == "text" and len(pieces) == 1 and not _TERMINATOR.search(line[pieces[0][0]:]) \
                and len(_WORDS.findall(line)) <= (TITLE_MAX_WORDS if first_line else HEADING_MAX_WORDS):
            kind = "heading"  # (the first line may be a long title: عام / المشرف العام على مركز … يستقبل …)
        for pa, pb in pieces:
            if bullet and pa == 0:
                pa = bullet.end()
            piece = line[pa:pb]
            stripped = piece.strip()
            if not stripped:
                continue
            a = offset + pa + (len(piece) - len(piece.lstrip()))
            b = a + len(stripped)
            for ca, cb in _cap(a, b, text):
                while cb > ca and text[cb - 1].isspace():
                    cb -= 1
                while ca < cb and text[ca].isspace():
                    ca += 1
                if ca == cb:
                    continue
                oa, ob = norm.to_original(ca, cb)
                if spans and oa < spans[-1][1]:  # a boundary inside one NFKC-expanded character (⒈): merge
                    pa_, pb_, pkind = spans.pop()
                    oa, ob, kind = pa_, max(ob, pb_), pkind
                spans.append((oa, ob, kind))
    # texts are cut once at the end: a run of merges (⒈⒈⒈…) must not re-slice a growing sentence each time
    return tuple(Sentence(a, b, norm.original[a:b], k) for a, b, k in spans)

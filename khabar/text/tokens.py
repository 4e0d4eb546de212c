"""Word tokenization with proclitic segments, every piece in original character offsets.

Tokens are found in the normalized view (so diacritics, tatweel and zero-width joiners inside a word do not break
it) and mapped back: a token's ``text`` is exactly what the article wrote, marks included.
"""
from __future__ import annotations

import regex

from ..document import Segment, Token
from .clitics import PREPOSITIONS_APART, segment_word
from .normalize import Normalized

_TOKEN = regex.compile(r"(\p{L}[\p{L}\p{M}]*)|(\d+(?:[.,]\d+)*)|([^\s\p{L}\d])")
_HAMZA_ALEF = frozenset("أإآ")


def tokenize(norm: Normalized) -> tuple[Token, ...]:
    original = norm.original
    if norm.starts is None:
        starts = ends = None
    else:
        starts, ends = norm.starts.tolist(), norm.ends.tolist()
    out: list[Token] = []
    append = out.append
    grown = -1  # index of the token that merging has widened: its text is cut once, at the end
    word = None
    for m in _TOKEN.finditer(norm.text):
        a, b = m.span()
        oa, ob = (a, b) if starts is None else (starts[a], ends[b - 1])
        if out and oa < out[-1].end:
            # one original character expanded by NFKC into several tokens (¼ → 1⁄4): keep one token for it. A run
            # of such characters (ﷺﷺﷺ…) chains merges, so the text is not sliced per merge (that was quadratic).
            prev = out[-1]
            out[-1] = Token(prev.start, max(prev.end, ob), "", prev.kind)
            grown = len(out) - 1
            continue
        if grown >= 0:
            _settle(out, grown, original)
            grown = -1
        prev_word, word = word, m.group(1)
        if word is None:
            append(Token(oa, ob, original[oa:ob], "number" if m.group(2) else "punct"))
            continue
        first = word[0]
        if not ("\u0600" <= first <= "\u06ff" or "\u0750" <= first <= "\u077f" or "\u08a0" <= first <= "\u08ff"):
            append(Token(oa, ob, original[oa:ob], "foreign"))
            continue
        pieces = segment_word(word)
        if pieces and pieces[0][3] == "conj" and prev_word in PREPOSITIONS_APART:
            pieces = ()  # no conjunction follows a preposition: في واغا is one word
        segments: tuple[Segment, ...] = ()
        if pieces:
            segs = []
            for off, length, form, kind in pieces:
                sa, sb = a + off, a + off + length
                if starts is None:
                    osa, osb = sa, sb
                elif length:
                    osa, osb = starts[sa], ends[sb - 1]
                else:  # an unwritten morpheme (the article in للاعبين) sits where the next letter starts
                    osa = osb = starts[sa]
                segs.append(Segment(osa, osb, original[osa:osb], form, kind))
            segments = _check_written(segs, original)
        append(Token(oa, ob, original[oa:ob], "arabic", segments))
    if grown >= 0:
        _settle(out, grown, original)
    return tuple(out)


def _settle(out: list[Token], i: int, original: str) -> None:
    """Give the token widened by merges its text (and drop segments, which no longer cover it)."""
    t = out[i]
    out[i] = Token(t.start, t.end, original[t.start:t.end], t.kind)


def _check_written(segs: list[Segment], original: str) -> tuple[Segment, ...]:
    """Undo splits that the normalized letters allowed but the written ones rule out: an article written with a
    hamza-alef (ألقى, ألمانيا) is a root alef; a clitic letter written differently (ؤ folded to و) is no clitic."""
    for i, s in enumerate(segs):
        if s.kind == "det" and s.text[:1] in _HAMZA_ALEF:
            stem = segs[-1]
            merged = Segment(s.start, stem.end, original[s.start:stem.end], s.form + stem.form, "stem")
            segs = segs[:i] + [merged]
            break
        if s.kind in ("conj", "prep", "fut") and s.text[:1] != s.form:
            return ()
    if len(segs) == 1:
        return ()
    return tuple(segs)

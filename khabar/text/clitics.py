"""Proclitic segmentation: وبحث → و+بحث, والجنرال → و+ال+جنرال, لباكستان → ل+باكستان, للقوات → ل+ال+قوات.

Farasa-style rules decided by corpus statistics instead of a morphological analyser (qalsadi is GPL, ~1.4 s for
one article, and fails on names). Proclitics come in a fixed order, ``[و|ف] [ب|ك|ل|س] [ال] stem``, and each layer is
stripped only when the corpus says the rest is a word of its own:

* conjunction و/ف: the rest must occur at least ``CONJ_RATIO`` times as often as the whole word. Conjunctions
  attach to anything, verbs included, so a low ratio suffices (ولفت: لفت 49 vs ولفت 250 → split;
  وزير: زير 0 → whole);
* preposition ب/ك/ل, future س (before an imperfect prefix ي ت ن ا): prepositions attach to nouns only, so the
  rest must be common relative to the whole (``PREP_RATIO``): لباكستان → split; بحث: حث 47 vs بحث 242 → whole;
* article ال: split unless the letter written is a hamza-alef (ألقى, ألمانيا), the stem is shorter than two letters,
  the word is a listed exception (الذي، الله), or the word looks like a form-VIII verb (التقى، التزم: the stem
  starts with ت, is 3-4 letters long, rarely stands alone and never takes a preposition as ال-nouns do: بالتقى
  does not occur).

Words too rare to have counts of their own borrow the counts of their form without a pronoun suffix
(وتداعياته → تداعيات).

Counts come from ``resources/wordfreq.tsv.gz`` (normalized words of 10,000 news articles, ``make model``); a
short list of lexicalized words (كما، لكن، ولي) is never split. Decisions are cached per normalized word.
"""
from __future__ import annotations

from functools import lru_cache

from ..resources import clitic_exceptions, word_counts

CONJ_RATIO = 0.1
PREP_RATIO = 0.5
MIN_COUNT = 3
MIN_STEM = 2

CONJ = "وف"
PREP = "بكل"
IMPERFECT = "يتنا"

# (offset, length, form, kind) inside the normalized word
Piece = tuple[int, int, str, str]


_SUFFIXES = ("هما", "هم", "ها", "هن", "كم", "نا", "ه")


def _count(word: str) -> int:
    counts = word_counts()
    n = counts.get(word, 0)
    if n < MIN_COUNT:
        for suf in _SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 3:
                n = max(n, counts.get(word[: -len(suf)], 0))
    return n


def _verb_like(word: str, stem: str) -> bool:
    """ال+ت... that behaves as a form-VIII verb (التقى) rather than a definite noun (التعاون)."""
    if not (stem.startswith("ت") and 3 <= len(stem) <= 4):
        return False
    if _count(stem) >= 0.1 * _count(word):
        return False
    counts = word_counts()
    return not any(counts.get(p + stem, 0) for p in ("بال", "لل", "كال", "فال"))


def _passes(rest: str, whole: str, ratio: float) -> bool:
    if len(rest) < MIN_STEM:
        return False
    fr = _count(rest)
    return fr >= MIN_COUNT and fr >= ratio * _count(whole)


@lru_cache(maxsize=200_000)
def segment_word(word: str) -> tuple[Piece, ...]:
    """Proclitic pieces of a normalized Arabic word; () when it has none. The last piece is the stem."""
    if word in clitic_exceptions():
        return ()
    pieces: list[Piece] = []
    pos = 0
    cur = word
    # conjunction
    if len(cur) > MIN_STEM and cur[0] in CONJ and cur not in clitic_exceptions() and _passes(cur[1:], cur, CONJ_RATIO):
        pieces.append((pos, 1, cur[0], "conj"))
        pos, cur = pos + 1, cur[1:]
    # preposition or future particle
    if len(cur) > MIN_STEM and cur not in clitic_exceptions():
        first = cur[0]
        if first == "ل" and cur.startswith("لل") and len(cur) > 3:
            # ل + ال with the article's alef unwritten (للقوات), or ل + a word starting with ل (للبنان)
            with_article = "ا" + cur[1:]
            plain = cur[1:]
            if _passes(with_article, cur, PREP_RATIO) and _count(with_article) >= _count(plain):
                pieces.append((pos, 1, "ل", "prep"))
                pieces.append((pos + 1, 1, "ال", "det"))
                pieces.append((pos + 2, len(cur) - 2, cur[2:], "stem"))
                return tuple(pieces)
            if _passes(plain, cur, PREP_RATIO):
                pieces.append((pos, 1, "ل", "prep"))
                pos, cur = pos + 1, plain
        elif first in PREP and _passes(cur[1:], cur, PREP_RATIO):
            pieces.append((pos, 1, first, "prep"))
            pos, cur = pos + 1, cur[1:]
        elif first == "س" and cur[1] in IMPERFECT and _passes(cur[1:], cur, PREP_RATIO):
            pieces.append((pos, 1, "س", "fut"))
            pos, cur = pos + 1, cur[1:]
    # article
    if (cur.startswith("ال") and len(cur) - 2 >= MIN_STEM and cur not in clitic_exceptions()
            and not (pieces and pieces[-1][3] == "fut") and not _verb_like(cur, cur[2:])):
        pieces.append((pos, 2, "ال", "det"))
        pos, cur = pos + 2, cur[2:]
    if not pieces:
        return ()
    pieces.append((pos, len(cur), cur, "stem"))
    return tuple(pieces)

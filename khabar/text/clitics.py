"""Proclitic segmentation: وبحث → و+بحث, والجنرال → و+ال+جنرال, لباكستان → ل+باكستان, للقوات → ل+ال+قوات.

Farasa-style rules decided by corpus statistics instead of a morphological analyser (qalsadi is GPL, ~1.4 s for
one article, and fails on names). Proclitics come in a fixed order, ``[و|ف] [ب|ك|ل|س] [ال] stem``, and each layer is
stripped only when the corpus says the rest is a word of its own:

* conjunction و/ف: the rest must occur at least ``CONJ_RATIO`` times as often as the whole word. Conjunctions
  attach to anything, verbs included, so a low ratio suffices (ولفت: لفت 49 vs ولفت 250 → split;
  وزير: زير 0 → whole);
* preposition ب/ك/ل, future س (before an imperfect prefix ي ت ن ا): prepositions attach to nouns only, so the
  rest must be common relative to the whole (``PREP_RATIO``): لباكستان → split; بحث: حث 47 vs بحث 242 → whole.
  A rest that starts with the article is a noun for sure, so less is asked (بالجيش, للقوات, للأسف); a two-letter
  rest must be far more common than the whole (بما → ب+ما, but لفت stays whole);
* article ال: split unless the letter written is a hamza-alef (ألقى, ألمانيا) here or in most of the word's
  occurrences in the corpus (المانيا is written ألمانيا 93% of the time; the article never has a hamza), the stem
  is shorter than two letters, the word is a listed exception (الذي، الله), or it has the shape of a form-VIII verb
  or verbal noun of a root starting with ل (التقى، التزم، التزام: ال+ت+C+C) and its stem is rare on its own.

Words too rare to have counts of their own borrow the counts of their form without a pronoun suffix
(وتداعياته → تداعيات).

Counts come from ``resources/wordfreq.tsv.gz`` (normalized words of 10,000 news articles, ``make model``); a
short list of lexicalized words (كما، لكن، ولي) is never split. Decisions are cached per normalized word.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..resources import clitic_exceptions, hamza_initial_counts, word_counts

CONJ_RATIO = 0.1
PREP_RATIO = 0.5
PREP_ARTICLE_RATIO = 0.1  # ب/ك/ل before an attested ال-word (بالجيش, للقوات): the article is evidence of a noun
SHORT_STEM_RATIO = 2.0  # a two-letter rest after ب/ك/ل/س must be far more common than the whole (لفت ≠ ل+فت)
# ك (as, like) is the rarest preposition: the rest must be far more common than the whole, or a name is read as
# ك + a word (كيري: يري, كوريا's كوريه, كميات, كنيسه); كرئيس, كجزء, كدوله still split
K_RATIO = 5.0
FORM_VIII_RATIO = 0.25
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


def _passes(rest: str, whole: str, ratio: float) -> bool:
    if len(rest) < MIN_STEM:
        return False
    fr = _count(rest)
    return fr >= MIN_COUNT and fr >= ratio * _count(whole)


def _prep_passes(rest: str, whole: str) -> bool:
    if len(rest) == MIN_STEM:
        return _passes(rest, whole, SHORT_STEM_RATIO)
    if rest.startswith("ال"):
        return _passes(rest, whole, PREP_ARTICLE_RATIO)
    return _passes(rest, whole, K_RATIO if whole[:1] == "ك" else PREP_RATIO)


_FORM_VIII = regex.compile(r"ت[^ا][^ا](?:وا|ت|ا|ن|تا)?|ت[^ا]ا[^ا]")


def _article(word: str) -> bool:
    """Is the ال that ``word`` starts with the article?"""
    stem = word[2:]
    if len(stem) < MIN_STEM or word in clitic_exceptions():
        return False
    if hamza_initial_counts().get(word, 0) * 2 > word_counts().get(word, 0) > 0:
        return False
    if _FORM_VIII.fullmatch(stem) and _count(stem) < FORM_VIII_RATIO * _count(word):
        return False
    return True


# after a preposition written apart no conjunction can follow (في واغا is Wagah, not و + آغا)
PREPOSITIONS_APART = frozenset(("في", "من", "الي", "علي", "عن", "حول", "نحو", "قرب", "بين", "لدي", "عبر"))


@lru_cache(maxsize=30_000)
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
            # ل + ال, written لل: the article's alef is dropped (للقوات: القوات), and before a stem that starts with
            # ل the whole article is (للاعبين: اللاعبين); or ل + a word that starts with ل (لليبيا).
            plain = cur[1:]
            alef_dropped, all_dropped = "ا" + plain, "ال" + plain
            best = max((_count(alef_dropped), 1), (_count(all_dropped), 0), (_count(plain), -1))
            if best[1] >= 0 and _passes(alef_dropped if best[1] else all_dropped, cur, PREP_ARTICLE_RATIO):
                pieces.append((pos, 1, "ل", "prep"))
                if best[1]:
                    pieces += [(pos + 1, 1, "ال", "det"), (pos + 2, len(cur) - 2, cur[2:], "stem")]
                else:
                    pieces += [(pos + 1, 0, "ال", "det"), (pos + 1, len(plain), plain, "stem")]
                return tuple(pieces)
            if _prep_passes(plain, cur):
                pieces.append((pos, 1, "ل", "prep"))
                pos, cur = pos + 1, plain
        elif first in PREP and _prep_passes(cur[1:], cur):
            pieces.append((pos, 1, first, "prep"))
            pos, cur = pos + 1, cur[1:]
        elif first == "س" and cur[1] in IMPERFECT and _prep_passes(cur[1:], cur):
            pieces.append((pos, 1, "س", "fut"))
            pos, cur = pos + 1, cur[1:]
    # article
    if cur.startswith("ال") and not (pieces and pieces[-1][3] == "fut") and _article(cur):
        pieces.append((pos, 2, "ال", "det"))
        pos, cur = pos + 2, cur[2:]
    if not pieces:
        return ()
    pieces.append((pos, len(cur), cur, "stem"))
    return tuple(pieces)

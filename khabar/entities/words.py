"""One analysis of a written word, shared by training scripts and the tagger: normalized form, proclitics, stem.

Both sides must see words the same way, so the CoNLL tagger, the pipeline and ``make model`` all call
``analyze`` here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from ..resources import word_class
from ..text.clitics import PREPOSITIONS_APART, segment_word
from ..text.normalize import normalize_str

_ARABIC = regex.compile(r"\p{Script=Arabic}")
_DIGIT = regex.compile(r"\d")


# relative pronouns, normalized: the clause after one is about the noun before it (الذي، التي، اللذين)
RELATIVE_PRONOUNS = word_class("relative_pronouns")
# words that name a source (حسب، وفقا لمصادر، نقلا عن، طبقا لـ), as stems: whoever follows them tells it
SOURCE_MARKERS = word_class("source_markers")
# nouns that name a medium before its name (وكالة «ارنا»، صحيفة «الرياض»), normalized
MEDIA_HEADS = word_class("media_heads")


# possessive (and object) pronouns written onto a word: زيارته، زيارتها، زيارتهم، زيارتهما
PRONOUN_ENDINGS = ("ه", "ها", "هم", "هما")


def unpossessed(stem: str) -> tuple[str, ...]:
    """The normalized word under a possessive pronoun (غاراته → غارات، زيارت|ها → زياره, but عمليات|ه stays plural),
    or nothing."""
    for ending in PRONOUN_ENDINGS[::-1]:  # longest first: هما before ه
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            base = stem[:-len(ending)]
            return (base[:-1] + "ه",) if base.endswith("ت") and not base.endswith("ات") else (base,)
    return ()


class Word(NamedTuple):
    norm: str  # normalized surface form
    stem: str  # normalized form without proclitics (= norm when there are none)
    clitics: str  # proclitic forms joined with '+', e.g. 'و+ال' ('' when none)
    shape: str  # arabic | latin | digit | punct | mixed


@lru_cache(maxsize=30_000)
def analyze(surface: str) -> Word:
    norm = normalize_str(surface)
    if not norm:
        return Word(surface, surface, "", "punct")
    if _ARABIC.match(norm):
        pieces = segment_word(norm) if norm.isalpha() else ()
        if pieces:
            stem = pieces[-1][2]
            clitics = "+".join(p[2] for p in pieces[:-1])
        else:
            stem, clitics = norm, ""
        return Word(norm, stem, clitics, "arabic")
    if norm.isalpha():
        return Word(norm, norm.lower(), "", "latin")
    if _DIGIT.search(norm):
        return Word(norm, "<num>", "", "digit" if norm.replace(".", "").replace(",", "").isdigit() else "mixed")
    if not any(c.isalnum() for c in norm):
        return Word(norm, norm, "", "punct")
    return Word(norm, norm, "", "mixed")


def analyze_sentence(surfaces) -> list[Word]:
    """``analyze`` for each word of a sentence, with the one context rule a word alone cannot know. The entity,
    event and quote stages each read a sentence's words: the last few sentences are kept."""
    return list(_analyze_sentence(tuple(surfaces)))


@lru_cache(maxsize=512)
def _analyze_sentence(surfaces: tuple[str, ...]) -> tuple[Word, ...]:
    words = [analyze(s) for s in surfaces]
    for i in range(1, len(words)):
        w = words[i]
        if w.clitics[:1] in ("و", "ف") and words[i - 1].norm in PREPOSITIONS_APART:
            words[i] = Word(w.norm, w.norm, "", w.shape)
    return tuple(words)

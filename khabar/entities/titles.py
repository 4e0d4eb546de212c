"""Titles (اللواء، الجنرال) and role phrases (قائد الجيش الباكستاني) around a person's name.

News introduces people as ``[role] [title] NAME`` or ``[title] NAME، role``: "رئيس هيئة الاركان العامة للقوات المسلحة
الايرانية اللواء محمد باقري", "الجنرال قمر جاويد باجوا، قائد الجيش الباكستاني". A title is matched from the
lexicon right before the name; a role phrase starts with a role head from the lexicon and runs, in construct state,
up to the title or name (before it) or to the next punctuation or preposition (after the name's comma).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..document import Entity, Token
from ..resources import word_class
from ..text.normalize import normalize_str
from .lexicons import role_heads, titles
from .words import analyze

MAX_ROLE_TOKENS = 9
# words that end a role phrase: prepositions and particles that do not continue a construct chain
_STOP = word_class("role_stops")
_QUOTES = frozenset('"«»“”\'')


@lru_cache(maxsize=1)
def one_word_title_stems() -> frozenset[str]:
    """Stems of the titles written in one word (الملك، اللواء، رئيس), for the stages that ask whether a word is one."""
    return frozenset(analyze(t).stem for t in titles() if " " not in t)


def _norm_seq(text: str) -> tuple[str, ...]:
    return tuple(analyze(w).norm for w in text.split())


@lru_cache(maxsize=1)
def _title_seqs() -> tuple[tuple[str, ...], ...]:
    """Title token sequences, longest first, normalized (الفريق أول before الفريق)."""
    return tuple(sorted({_norm_seq(t) for t in titles()}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _role_seqs() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Role heads as normalized stem sequences by their first stem, longest first (the article is optional:
    رئيس / الرئيس)."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for head in role_heads():
        seq = tuple(analyze(w).stem for w in head.split())
        by_first.setdefault(seq[0], set()).add(seq)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def title_before(tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
    """If a title ends right before token ``i`` (skipping an opening quote), (its first token, its text)."""
    j = i
    while j > 0 and tokens[j - 1].text in _QUOTES:
        j -= 1
    by_length = _title_seqs_by_length()
    longest = max(by_length, default=0)
    norms = [analyze(t.text).norm for t in tokens[max(0, j - longest):j]]
    for size, seqs in by_length.items():  # longest first
        if size <= len(norms) and tuple(norms[len(norms) - size:]) in seqs:
            k = j - size
            return k, " ".join(t.text for t in tokens[k:j])
    return None


@lru_cache(maxsize=1)
def _title_seqs_by_length() -> dict[int, frozenset[tuple[str, ...]]]:
    """The title sequences grouped by length, longest first."""
    out: dict[int, set[tuple[str, ...]]] = {}
    for seq in _title_seqs():
        out.setdefault(len(seq), set()).add(seq)
    return {n: frozenset(out[n]) for n in sorted(out, reverse=True)}


def title_sequences_by_length() -> dict[int, frozenset[tuple[str, ...]]]:
    """The titles as sequences of normalized words, grouped by length (longest first)."""
    return _title_seqs_by_length()


def _role_head_at(tokens: Sequence[Token], k: int) -> int:
    """Length of the role head starting at token ``k`` (0 when none); a conjunction or article on the head is fine."""
    for seq in _role_seqs().get(analyze(tokens[k].text).stem, ()):
        n = len(seq)
        if k + n <= len(tokens) and tuple(analyze(t.text).stem for t in tokens[k:k + n]) == seq:
            return n
    return 0


def role_before(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """A role phrase that ends at token ``start`` (exclusive): (first, end) token indexes. It starts at the
    furthest role head that the construct chain reaches (نائب رئيس المجلس ... rather than رئيس المجلس ...)."""
    first = None
    for k in range(start - 1, max(-1, start - 1 - MAX_ROLE_TOKENS), -1):
        t = tokens[k]
        if t.kind == "punct" or t.text in _QUOTES or analyze(t.text).norm in _STOP:
            break
        if _role_head_at(tokens, k):
            first = k
    return (first, start) if first is not None else None


def role_after(tokens: Sequence[Token], end: int) -> tuple[int, int] | None:
    """A role phrase in apposition after a name: ``NAME، role`` or ``NAME role``."""
    k = end
    while k < len(tokens) and tokens[k].text in _QUOTES:
        k += 1
    if k < len(tokens) and tokens[k].text in ("،", ","):
        k += 1
    if k >= len(tokens) or not _role_head_at(tokens, k):
        return None
    j = k
    while j < len(tokens) and j - k < MAX_ROLE_TOKENS:
        t = tokens[j]
        if t.kind == "punct" or (j > k and analyze(t.text).norm in _STOP):
            break
        j += 1
    return (k, j) if j > k else None


# honorific pronouns and the title words of whom they may stand for (معاليه، سعادته: anyone's)
_HONORIFICS = {"سمو": ("امير", "ولي"), "جلالت": ("ملك",), "فخامت": ("رييس",), "معالي": (), "سعادت": ()}


def honorific_marks(w) -> tuple[str, ...] | None:
    """The title words whose bearer an honorific pronoun stands for (سموه: امير/ولي, a prince; جلالته: a king;
    فخامته: a president; معاليه: no one in particular), or None when the word is no honorific."""
    return next((m for h, m in _HONORIFICS.items() if w.stem in (h + "ه", h + "ها")), None)


def fitting_people(people: Sequence[Entity], marks: tuple[str, ...]) -> list[Entity]:
    """Those of ``people`` whose titles or roles hold one of ``marks``."""
    return [e for e in people if any(m in normalize_str(" ".join(e.titles + e.roles)) for m in marks)]

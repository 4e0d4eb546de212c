"""Normalization for matching, with an offset map back to the untouched original.

The normalized view folds what Arabic writers vary freely (hamza seats on alef, alef maqsura, ta marbuta, Persian
letters, Arabic-Indic digits, presentation forms via NFKC) and drops what they add optionally (diacritics, tatweel,
invisible format characters). Every normalized character remembers the original characters it came from, so that
any span found in the normalized text maps to exact original offsets: ``Normalized.to_original``.

Deleted diacritics and tatweel are attached to the letter before them, so a normalized word maps back to the whole
written word, marks included; deleted invisible characters (bidi controls, zero-width joiners) are attached to
nothing.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

# Letters folded one to one.
_FOLD_PAIRS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ە": "ه", "ھ": "ه", "ۀ": "ه", "ہ": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "٫": ".", "٬": ",", "٪": "%",
}
_FOLD_PAIRS.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD_PAIRS.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Extended (Persian/Urdu) digits

# Deleted and attached to the preceding character: harakat, tanwin, shadda, sukun, dagger alef, Quranic marks,
# tatweel.
_MARK_RANGES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E4),
                (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x08D3, 0x08FF), (0x0640, 0x0640))
# Deleted and attached to nothing: bidi controls, zero-width characters, soft hyphen, Arabic letter mark, BOM.
_INVISIBLE = (0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
              0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], np.ndarray, np.ndarray]:
    """translate() table, and boolean lookup tables over the BMP for 'deleted' and 'attached mark'."""
    table: dict[int, str | None] = {ord(k): v for k, v in _FOLD_PAIRS.items()}
    deleted = np.zeros(0x10000, dtype=bool)
    marks = np.zeros(0x10000, dtype=bool)
    for lo, hi in _MARK_RANGES:
        deleted[lo:hi + 1] = True
        marks[lo:hi + 1] = True
    for cp in _INVISIBLE:
        deleted[cp] = True
    for cp in np.flatnonzero(deleted):
        table[int(cp)] = None
    return table, deleted, marks


_WORD = regex.compile(r"\S+")


@dataclass(frozen=True, eq=False)
class Normalized:
    """A normalized view of ``original``. ``starts[i]``/``ends[i]``: the original characters that normalized
    character ``i`` came from (None for both when the view is character-for-character identical in length)."""

    original: str
    text: str
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.text)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalized span [start, end)."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"normalized span [{start}, {end}) outside [0, {n}]")
        if self.starts is None:
            return start, end
        if start == end:
            pos = int(self.starts[start]) if start < n else len(self.original)
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """The smallest normalized span whose characters come from inside original [start, end)."""
        if self.starts is None:
            return start, end
        a = int(np.searchsorted(self.ends, start, side="right"))
        b = int(np.searchsorted(self.starts, end, side="left"))
        return a, max(a, b)

    def original_text(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


def _code_points(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _nfkc(text: str) -> tuple[str, np.ndarray | None, np.ndarray | None]:
    """NFKC, one base character and its combining marks at a time, so every output character knows its source."""
    if unicodedata.is_normalized("NFKC", text):
        return text, None, None
    repl: list[tuple[int, int, str]] = []  # (orig start, orig end, replacement) for clusters NFKC changes
    for m in _WORD.finditer(text):
        word = m.group()
        if unicodedata.is_normalized("NFKC", word):
            continue
        base = m.start()
        i, n = 0, len(word)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(word[j]):
                j += 1
            cluster = word[i:j]
            out = unicodedata.normalize("NFKC", cluster)
            if out != cluster:
                repl.append((base + i, base + j, out))
            i = j
    if not repl:
        return text, None, None
    parts: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    pos = 0
    for a, b, out in repl:
        if pos < a:
            parts.append(text[pos:a])
            rng = np.arange(pos, a, dtype=np.int64)
            starts.append(rng)
            ends.append(rng + 1)
        parts.append(out)
        starts.append(np.full(len(out), a, dtype=np.int64))
        ends.append(np.full(len(out), b, dtype=np.int64))
        pos = b
    if pos < len(text):
        parts.append(text[pos:])
        rng = np.arange(pos, len(text), dtype=np.int64)
        starts.append(rng)
        ends.append(rng + 1)
    return "".join(parts), np.concatenate(starts), np.concatenate(ends)


def normalize(text: str) -> Normalized:
    """The matching view of ``text`` with its offset map. Linear in the length of the text.

    Deleting an invisible character can bring a base letter and a combining mark together that NFKC composes
    (ﬁ + ZWNJ + ◌́): the view is normalized again until it is stable, composing the offset maps, so that
    normalizing twice changes nothing."""
    result = _normalize_once(text)
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", result.text) and result.text == result.text.translate(_tables()[0]):
            break
        again = _normalize_once(result.text)
        result = _compose(result, again)
    return result


def _compose(first: Normalized, second: Normalized) -> Normalized:
    """The map of normalizing ``first.text`` into ``second.text``, carried back to ``first.original``."""
    if second.starts is None:
        return Normalized(first.original, second.text, first.starts, first.ends)
    if first.starts is None:
        return Normalized(first.original, second.text, second.starts, second.ends)
    starts = first.starts[second.starts]
    ends = first.ends[second.ends - 1]
    return Normalized(first.original, second.text, starts, ends)


def _normalize_once(text: str) -> Normalized:
    table, deleted_bmp, marks_bmp = _tables()
    s1, starts1, ends1 = _nfkc(text)
    cps = _code_points(s1)
    bmp = cps < 0x10000
    low = np.where(bmp, cps, 0)
    deleted = deleted_bmp[low] & bmp
    folded = s1.translate(table)
    if not deleted.any():
        return Normalized(text, folded, starts1, ends1)
    n1 = len(s1)
    kept = np.flatnonzero(~deleted)
    # the end of each kept character reaches over the attached marks that follow it
    attached = np.zeros(n1 + 1, dtype=bool)
    attached[:n1] = marks_bmp[low] & bmp
    idx = np.arange(n1 + 1, dtype=np.int64)
    next_free = np.minimum.accumulate(np.where(attached, n1 + 1, idx)[::-1])[::-1]
    kept_end = next_free[kept + 1]
    if starts1 is None:
        starts, ends = kept.astype(np.int64), kept_end
    else:
        starts, ends = starts1[kept], ends1[kept_end - 1]
    return Normalized(text, folded, starts, ends)


def normalize_str(text: str) -> str:
    """Just the normalized string (the same as ``normalize(text).text``, without building the offset map), for
    matching words, names and lexicon entries."""
    out = _nfkc(text)[0].translate(_tables()[0])
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", out) and out == out.translate(_tables()[0]):
            break
        out = _nfkc(out)[0].translate(_tables()[0])
    return out

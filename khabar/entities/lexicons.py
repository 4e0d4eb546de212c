"""Hand-curated lexicons in ``resources/lexicons/``: titles and ranks, role heads, organization heads, nisba
adjectives. Each is a TSV with a header; loaded on first use."""
from __future__ import annotations

from functools import lru_cache

from ..errors import ResourceError
from ..resources import read_resource


def lexicon_rows(name: str, columns: int) -> list[list[str]]:
    """Rows of `resources/lexicons/NAME` (TSV, header and # comments skipped), each with at least COLUMNS cells."""
    rows = []
    header_seen = False
    for lineno, line in enumerate(read_resource(f"lexicons/{name}").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < columns:
            raise ResourceError(f"lexicons/{name} line {lineno}: expected {columns} columns, got {len(parts)}")
        rows.append(parts)
    return rows



def perfect_forms(base: str) -> set[str]:
    """A normalized perfect-tense verb (3rd person masculine singular, as the lexicons list it) with the endings
    news writes: feminine ت (التقى → التقت، دعا → دعت), plural وا (التقوا، دعوا), dual ا and feminine dual تا
    (قطعتا العلاقات)."""
    stem = base[:-1] if base.endswith(("ي", "ا")) else base
    forms = {base, base + "ت", stem + "ت", base + "وا", stem + "وا", base + "ا"}
    if not any(c in "اويى" for c in base[1:]):
        forms.add(base + "تا")  # (not زارتا: وزارتا is two ministries)
    return forms

def imperfect_forms(perfect: str) -> set[str]:
    """The third-person present of derived verbs whose perfect starts with a connecting alef (استقبل → يستقبل،
    تستقبل; اجتمع → يجتمع؛ التقى → يلتقي), as headlines write them (يوسف بن علوي يستقبل المعلم)."""
    if not perfect.startswith("ا") or len(perfect) < 5:
        return set()
    stem = perfect[1:].removesuffix("ي") + ("ي" if perfect.endswith("ي") else "")
    return {"ي" + stem, "ت" + stem}


def present_forms(present: str) -> set[str]:
    """A normalized present-tense verb as a lexicon lists it (3rd person masculine singular: يقصف، يدعو، يلتقي) with
    the forms news writes: feminine ت (تقصف), plural ون (يقصفون، يدعون) and the dual ان (يقصفان، تقصفان). A weak
    final و or ي drops before ون."""
    if not present.startswith("ي") or len(present) < 3:
        return {present}
    stem = present[1:]
    plural = (present[:-1] if present.endswith(("و", "ي")) else present) + "ون"
    return {present, "ت" + stem, plural, present + "ان", "ت" + stem + "ان"}


def verb_forms(base: str) -> set[str]:
    """Every written form of a lexicon's verb row (normalized): a present-tense row (يقصف) with ``present_forms``,
    a perfect one (قصف، استقبل) with ``perfect_forms`` and, for derived verbs, ``imperfect_forms``."""
    if base.startswith("ي"):
        return present_forms(base)
    return perfect_forms(base) | imperfect_forms(base)


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Title as written (اللواء) → kind (rank, honorific, religious, civil, royal)."""
    return {r[0]: r[1] for r in lexicon_rows("titles.tsv", 2)}


@lru_cache(maxsize=1)
def role_heads() -> tuple[str, ...]:
    return tuple(r[0] for r in lexicon_rows("roles.tsv", 1))


@lru_cache(maxsize=1)
def org_heads() -> tuple[str, ...]:
    return tuple(r[0] for r in lexicon_rows("org_heads.tsv", 1))


@lru_cache(maxsize=1)
def tagger_org_heads() -> tuple[str, ...]:
    """The organization heads the NER model's features read: all but those marked ``rules`` (heads added since the
    shipped model was trained, which the rules use at once; ``make model`` may then drop the mark)."""
    return tuple(r[0] for r in lexicon_rows("org_heads.tsv", 1) if not (len(r) > 3 and r[3] == "rules"))


@lru_cache(maxsize=1)
def group_heads() -> dict[str, str]:
    """A group's one-word name → the head noun the news refers to it by (داعش → تنظيم: … التنظيم)."""
    return {r[0]: r[2] for r in lexicon_rows("org_heads.tsv", 1) if len(r) > 2 and r[2]}


@lru_cache(maxsize=1)
def member_groups() -> dict[str, str]:
    """Groups named by their members or with the article (الحوثيين، البيشمركة) → Latin name."""
    return {r[0]: r[1] for r in lexicon_rows("groups.tsv", 2)}


@lru_cache(maxsize=1)
def descriptors() -> dict[str, tuple[str, ...]]:
    """Normalized descriptions of an armed side (المتمردين، الثوار) → the normalized word pieces of which one must be
    in the name of the organization meant (تمرد، حوثي)."""
    from ..text.normalize import normalize_str

    return {normalize_str(r[0]): tuple(normalize_str(m) for m in r[1].split())
            for r in lexicon_rows("descriptors.tsv", 2)}


@lru_cache(maxsize=1)
def extra_places() -> tuple[tuple[str, str, str, str, str], ...]:
    """(name, latin, type, ISO country, kb) of the places the gazetteer lacks (``places.tsv``)."""
    return tuple((r + ["", ""])[:5] for r in (row[:5] for row in lexicon_rows("places.tsv", 3)))


@lru_cache(maxsize=1)
def event_verb_forms() -> frozenset[str]:
    """Normalized perfect forms of the event lexicon's verbs (سيطر، سيطرت، سيطروا), which end no name."""
    from ..text.normalize import normalize_str

    return frozenset(f for r in lexicon_rows("triggers.tsv", 5) if r[3] == "verb"
                     for f in perfect_forms(normalize_str(r[0])))


@lru_cache(maxsize=1)
def month_names() -> frozenset[str]:
    """Normalized month names of every calendar the press uses (أبريل، نيسان، شوال), from ``calendar.tsv``."""
    from ..text.normalize import normalize_str

    return frozenset(normalize_str(r[0]) for r in lexicon_rows("calendar.tsv", 3) if r[1] in ("month", "hijri"))


@lru_cache(maxsize=1)
def nisba() -> dict[str, str]:
    """Masculine singular nisba adjective (باكستاني) → ISO 3166-1 alpha-2 code (PK)."""
    return {r[0]: r[1] for r in lexicon_rows("nisba.tsv", 2)}


@lru_cache(maxsize=1)
def place_heads() -> tuple[str, ...]:
    return tuple(r[0] for r in lexicon_rows("place_heads.tsv", 1))


@lru_cache(maxsize=1)
def city_heads() -> frozenset[str]:
    """Heads of settlements (مدينة، بلدة، قرية), whose names stand for the same place without them."""
    return frozenset(r[0] for r in lexicon_rows("place_heads.tsv", 1) if len(r) > 2 and r[2] == "city")


@lru_cache(maxsize=1)
def district_heads() -> frozenset[str]:
    """Heads of districts (مديرية، قضاء، ناحية), whose rare names make places with or without the article (مديرية
    القفر) and stand for them without the head."""
    return frozenset(r[0] for r in lexicon_rows("place_heads.tsv", 1) if len(r) > 2 and r[2] == "district")


@lru_cache(maxsize=1)
def person_names() -> dict[str, tuple[int, int]]:
    """Name stem → (people with it as a given name, as a family name), from ``resources/person_names.tsv.gz``."""
    out = {}
    for line in read_resource("person_names.tsv.gz").splitlines()[1:]:
        stem, given, family = line.split("\t")
        out[stem] = (int(given), int(family))
    return out


@lru_cache(maxsize=1)
def epithets() -> frozenset[str]:
    """Normalized judging adjectives that are no part of a group's name (الإرهابي، الانقلابية)."""
    from ..text.normalize import normalize_str

    return frozenset(normalize_str(r[0]) for r in lexicon_rows("epithets.tsv", 1))


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Normalized nouns that describe a person before the name (الطفل، المتظاهر، الناشط)."""
    from ..text.normalize import normalize_str

    return frozenset(normalize_str(r[0]) for r in lexicon_rows("person_nouns.tsv", 1))


@lru_cache(maxsize=1)
def military_units() -> dict[str, frozenset[str]]:
    """Unit heads (لواء، فرقة) and ordinals (الرابع، الثامنة), normalized: a head with an ordinal names a unit."""
    from ..text.normalize import normalize_str

    out: dict[str, set[str]] = {"head": set(), "ordinal": set()}
    for word, kind in lexicon_rows("military_units.tsv", 2):
        out.setdefault(kind, set()).add(normalize_str(word))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def building_heads() -> frozenset[str]:
    """Heads of named buildings (مسجد، مستشفى، مطار), which make a place of the organization or person after them."""
    return frozenset(r[0] for r in lexicon_rows("place_heads.tsv", 1) if len(r) > 2 and r[2] == "building")


@lru_cache(maxsize=1)
def nisba_forms() -> dict[str, str]:
    """Normalized nisba stems in every common inflection (ايراني، ايرانيه، ايرانيون، ايرانيين، ايرانيات) → ISO code."""
    from ..text.normalize import normalize_str

    out: dict[str, str] = {}
    for adjective, code in nisba().items():
        base = normalize_str(adjective)
        for form in (base, base + "ه", base + "ون", base + "ين", base + "ات"):
            out.setdefault(form, code)
    return out


@lru_cache(maxsize=1)
def agencies() -> dict[str, tuple[str, str]]:
    """News agency name as written (واس) → (Latin name, ISO country)."""
    return {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in lexicon_rows("agencies.tsv", 2)}

"""Entity resolution within one article: one entity per real-world thing, with a KB link and a stable id.

Mentions arrive one entity each from the entities stage. They are merged by general rules, never by names:

1. places are linked to the gazetteer (exact stems, else a fuzzy match of an unknown spelling to a large city) and
   merge by KB id: اسلام آباد، إسلام أباد and Islamabad's other spellings become one entity, and so do ايران and
   الجمهورية الاسلامية الايرانية;
2. mentions with the same normalized name and type merge (hamza, alef, ta marbuta and diacritics ignored);
3. a partial person name joins the fuller name it is part of (باقري → محمد باقري) when only one candidate fits;
4. a role phrase standing alone (رئيس هيئة الاركان العامة للقوات المسلحة) becomes a mention of the person the article
   tied to that role by apposition;
5. a description of an armed side (المتمردين، الثوار; ``lexicons/descriptors.tsv``) becomes a mention of the named
   side it fits, and «المملكة» alone of the kingdom the article means.

The canonical name is the gazetteer spelling for linked places, else the fullest name. The id is stable across
articles: a hash of type and KB id, or of type and normalized canonical name.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..document import Document, Entity, Mention
from ..ontology import EntityType
from ..resources import word_class
from ..text.clitics import CONJ, PREP
from ..text.normalize import normalize_str
from .gazetteer import NON_ARABIC_LETTERS, Place, gazetteer, place_supplement
from .lexicons import epithets, group_heads
from .rules import SON_OF, organization_head_stems
from .words import analyze

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*|\d+")


@lru_cache(maxsize=20_000)
def name_key(name: str) -> str:
    """Normalized words of a name, for comparing spellings."""
    return " ".join(normalize_str(w) for w in _TOKEN.findall(name))


def stem_key(name: str) -> tuple[str, ...]:
    return tuple(analyze(w).stem for w in _TOKEN.findall(name))


def link_place(name: str) -> Place | None:
    """The gazetteer place a place name refers to: exact stems first, else a fuzzy large-city match for one word."""
    from .rules import fuzzy_place

    stems = stem_key(name)
    extra = place_supplement().lookup(stems)
    if extra and extra[0].kb:  # a place written by hand with its id wins (فلسطين is no town in Texas, واشنطن none
        if extra[0].type == "country":  # in Utah)
            return gazetteer().country(extra[0].kb.removeprefix("iso3166:")) or extra[0]
        return extra[0]
    found = gazetteer().lookup_written(stems, [normalize_str(w) for w in _TOKEN.findall(name)])
    if found:
        return max(found, key=lambda p: (p.type == "country", p.type == "region", p.population))
    if extra:
        if extra[0].kb and extra[0].type == "country":
            return gazetteer().country(extra[0].kb.removeprefix("iso3166:")) or extra[0]  # المجر is هنغاريا
        return extra[0]
    if len(stems) >= 2:
        from .lexicons import nisba_forms

        words = _TOKEN.findall(name)
        if analyze(words[0]).norm in _city_head_keys():
            inner = link_place(" ".join(words[1:]))  # مدينة عدن → عدن
            if inner is not None and inner.type == "city":
                return inner

        code = next((nisba_forms()[s] for s in reversed(stems) if s in nisba_forms()), None)
        if code and stems[0] in ("جمهوريه", "مملكه", "سلطنه", "اماره", "دوله"):
            return gazetteer().country(code)
        for s in stems[1:]:  # جمهورية باكستان الاسلامية
            hit = [p for p in gazetteer().lookup((s,)) if p.type == "country"]
            if hit and stems[0] in ("جمهوريه", "مملكه", "سلطنه", "اماره", "دوله"):
                return hit[0]
        return None
    words = [analyze(w) for w in _TOKEN.findall(name)]
    if len(words) != 1:
        return None
    from .lexicons import nisba_forms

    code = nisba_forms().get(words[0].stem)
    if code and words[0].stem.endswith("ه"):  # السعودية: the feminine nisba names the country
        return gazetteer().country(code)
    return fuzzy_place(words[0])


@dataclass
class _Cluster:
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    place: Place | None = None

    def absorb(self, other: _Cluster) -> None:
        self.mentions.extend(other.mentions)
        self.names.extend(other.names)
        self.titles.extend(t for t in other.titles if t not in self.titles)
        self.roles.extend(r for r in other.roles if r not in self.roles)
        self.place = self.place or other.place

    @property
    def fullest(self) -> str:
        return max(self.names, key=lambda n: (len(_TOKEN.findall(n)), len(n)))


def _org_key(name: str) -> str:
    """An organization's name without articles, the feminine ending, the masculine plural of an adjective or the
    spelling and number of 'militia': الميليشيات الحوثية، ميليشيات الحوثي، مليشيا الحوثيين; الحكومة الأميركية and
    حكومة أميركية are one name."""
    out = []
    for w in name_key(name).split():
        w = w.removeprefix("ال").removesuffix("ه")
        if w.endswith(("يين", "يون")) and len(w) > 5:
            w = w[:-2]  # الحوثيين → حوثي
        out.append(_MILITIA.get(w, w))
    return " ".join(out)


_MILITIA = {v: "مليشيا" for v in ("ميليشيا", "ميليشيات", "مليشيات", "ميلشيات", "ميلشيا")}


_PRESENTATION_FORMS = regex.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


def _marked(name: str) -> int:
    """Letters a careful spelling writes and normalization folds (أ إ آ ؤ ئ ة ى): إسلام آباد 2, اسلام اباد 0."""
    return sum(ch in "أإآؤئةى" for ch in name)


def _stable_id(typ: EntityType, kb: str | None, name: str) -> str:
    basis = f"{typ.value}|{kb}" if kb else f"{typ.value}|{name_key(name)}"
    return "ent:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def _trim_person_tails(doc: Document, entities: Sequence[Entity]) -> list[Entity]:
    """One name, one form per article: when 'باقري إكليلا' stands where the article elsewhere says just 'باقري',
    and إكليلا is part of no other name in it, the tagger ran past the name."""
    from collections import Counter

    people = [e for e in entities if e.type is EntityType.PER]
    whole = {tuple(name_key(e.name).split()) for e in people}
    in_names = Counter(w for name in whole for w in set(name))  # how many distinct names hold each word
    out = []
    for e in entities:
        words = name_key(e.name).split() if e.type is EntityType.PER else []
        cut = None
        for k in range(len(words) - 1, 0, -1):
            # the head stands alone as a name elsewhere, and no other name has any of the tail's words
            if tuple(words[:k]) in whole and all(in_names[w] <= 1 for w in words[k:]):
                cut = k
                break
        if cut is None or len(e.mentions) != 1:
            out.append(e)
            continue
        m = e.mentions[0]
        pieces = list(_TOKEN.finditer(m.text))
        end = m.start + pieces[cut - 1].end()
        new = Mention(m.start, end, doc.text[m.start:end], dict(m.extra))
        out.append(Entity(e.id, e.type, " ".join(p.group() for p in pieces[:cut]), (new,), e.latin, e.kb, e.titles,
                          e.roles, dict(e.extra)))
    return out


def resolve(doc: Document, entities: Sequence[Entity]) -> tuple[Entity, ...]:
    entities = _trim_person_tails(doc, entities)
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    for e in entities:
        c = _Cluster(e.type, list(e.mentions), [e.name], list(e.titles), list(e.roles))
        if e.type is EntityType.LOC:
            c.place = link_place(e.name)
        key = (e.type.value, c.place.kb if c.place and c.place.kb else "name:" + (
            _org_key(e.name) if e.type is EntityType.ORG else name_key(e.name)))
        if key in by_key:
            by_key[key].absorb(c)
        else:
            by_key[key] = c
            clusters.append(c)
    clusters = _merge_partial_names(clusters)
    clusters = _rejoin_split_family_names(doc, clusters)
    clusters = _merge_mistyped_family_names(clusters)
    clusters = _merge_nisba_variants(clusters)
    clusters = _merge_group_forces(clusters)
    clusters = _merge_parenthesized(doc, clusters)
    _add_kunyas(doc, clusters)
    _add_missed_family_names(doc, clusters)
    _add_missed_place_names(doc, clusters)
    _add_bare_organization_names(doc, clusters)
    _add_names_without_nisba(doc, clusters)
    _add_bare_heads(doc, clusters)
    _attach_descriptions(doc, clusters)
    _add_the_kingdom(doc, clusters)
    _attach_role_mentions(doc, clusters)
    _attach_title_mentions(doc, clusters)
    out = []
    for c in clusters:
        c.mentions.sort(key=lambda m: (m.start, m.end))
        kb = c.place.kb if c.place else None
        # the gazetteer's spelling unifies variants (روالبندي → راولبندي), unless it is a Persian or Urdu one
        # (دیاربکر): then the article's own
        name = c.place.name if c.place and not NON_ARABIC_LETTERS.search(c.place.name) else _own_name(c)
        if c.place and normalize_str(name) == normalize_str(c.fullest) and _marked(c.fullest) > _marked(name):
            name = c.fullest  # (the article's, where it spells the same name more carefully: أنقرة, not آنقره)
        if c.type is EntityType.LOC and name == c.fullest:
            name = _without_city_head(name)  # بلدة أريحة is أريحة, as مدينة عدن is عدن
        if _PRESENTATION_FORMS.search(name):
            name = unicodedata.normalize("NFKC", name)  # ﺍﻟﺤﻮﺛﻴﻴﻦ (copied from a PDF) is named الحوثيين
        extra: dict = {}
        country = _affiliation(doc, c)
        if country:
            extra["country"] = country
        if c.place and c.place.lat is not None:
            extra.update(lat=c.place.lat, lon=c.place.lon)
        agency = _agency(c) if c.type is EntityType.ORG else None
        if c.place:
            latin = c.place.latin
        elif agency:
            latin = agency[0]
            if agency[1]:
                extra["country"] = agency[1]
        elif c.type is EntityType.PER:
            from .latin import latin_name

            # the model's spelling for the article's main actors (named three times or more), dictionary and rules
            # for people named twice or given a title or role, none for a name seen once and nothing more (often a
            # tagger's slip): Latin names cost 2 ms a name with the model, 0.5 ms without, 13% of the pipeline when
            # every person had one (bench/pipeline_speed.py)
            salient = len(c.mentions) > 2
            latin = latin_name(name, country, careful=salient) if salient or len(c.mentions) > 1 or c.titles \
                or c.roles else None
        else:
            latin = None
        out.append(Entity(id=_stable_id(c.type, kb, name), type=c.type, name=name, mentions=tuple(c.mentions),
                          latin=latin, kb=kb, titles=tuple(c.titles), roles=tuple(c.roles), extra=extra))
    out = _one_per_id(out)
    out.sort(key=lambda e: e.mentions[0].start)
    return tuple(out)


def _one_per_id(entities: list[Entity]) -> list[Entity]:
    """Two clusters that end with the same name (كويتا and مدينة كويتا, once the head is dropped) are one entity."""
    by_id: dict[str, Entity] = {}
    for e in entities:
        first = by_id.get(e.id)
        if first is None:
            by_id[e.id] = e
            continue
        mentions = tuple(sorted({(m.start, m.end): m for m in first.mentions + e.mentions}.values(),
                                key=lambda m: (m.start, m.end)))
        by_id[e.id] = Entity(first.id, first.type, first.name, mentions, first.latin or e.latin, first.kb,
                             tuple(dict.fromkeys(first.titles + e.titles)), tuple(dict.fromkeys(first.roles + e.roles)),
                             {**e.extra, **first.extra})
    return list(by_id.values())


@lru_cache(maxsize=1)
def _agency_table() -> dict[str, tuple[str, str]]:
    from .lexicons import agencies

    return {name_key(k): v for k, v in agencies().items()}


def _agency(c: _Cluster) -> tuple[str, str] | None:
    """(Latin name, country) of a news agency named by the cluster (وكالة ارنا, واس)."""
    table = _agency_table()
    for n in c.names:
        key = name_key(n)
        hit = table.get(key) or table.get(key.removeprefix("وكاله "))
        if hit:
            return hit
    return None


_NISBA_WINDOW = 80  # characters before a mention searched for a country adjective (السفير الايراني في … حسيني)


def _nisba_country(text: str, last: bool = True) -> str | None:
    from .lexicons import nisba_forms

    forms = nisba_forms()
    codes = [forms[analyze(w).stem] for w in _TOKEN.findall(text) if analyze(w).stem in forms]
    return (codes[-1] if last else codes[0]) if codes else None


def _affiliation(doc: Document, c: _Cluster) -> str | None:
    """The country an entity belongs to: a place's own country; for organizations the country adjective in the
    name (الجيش الباكستاني → PK); for people the adjective in a role tied to them (قائد الجيش الباكستاني), else the
    nearest one before a mention in the same line (السفير الايراني في اسلام آباد "حسيني")."""
    if c.place:
        return c.place.country
    if c.type is EntityType.ORG:
        return next((code for n in c.names if (code := _nisba_country(n))), None)
    if c.type is not EntityType.PER:
        return None
    for role in c.roles:
        code = _nisba_country(role)
        if code:
            return code
    for m in c.mentions:
        line_start = doc.text.rfind("\n", 0, m.start) + 1
        code = _nisba_country(doc.text[max(line_start, m.start - _NISBA_WINDOW):m.start])
        if code:
            return code
    return None


def _merge_partial_names(clusters: list[_Cluster]) -> list[_Cluster]:
    """باقري joins محمد باقري: a person name whose words are the last words (or first) of exactly one fuller
    person name in the article."""
    people = [c for c in clusters if c.type is EntityType.PER]
    full = {id(c): name_key(c.fullest).split() for c in people}
    merged: set[int] = set()
    for c in sorted(people, key=lambda c: len(full[id(c)])):
        words = full[id(c)]
        longer = [h for h in people if h is not c and id(h) not in merged and len(full[id(h)]) > len(words)]
        # a family name (the last words) first; a given name (the first words) only when no family name fits
        # — but the words after بن in a longer name are the father's (سلمان بن عبد العزيز is not محمد بن سلمان بن عبد
        # العزيز), so a name that starts there is another person
        hosts = [h for h in longer if full[id(h)][-len(words):] == words
                 and full[id(h)][-len(words) - 1] not in SON_OF] or \
                [h for h in longer if full[id(h)][:len(words)] == words]
        if len({name_key(h.fullest) for h in hosts}) == 1:
            hosts[0].absorb(c)
            merged.add(id(c))
    return [c for c in clusters if id(c) not in merged]


_PROCLITIC_LETTERS = frozenset(CONJ + PREP)  # the one-letter proclitics the splitter takes off (و ف ب ك ل)


def _family_names(people: list[_Cluster], shortest: int) -> dict[str, list[_Cluster]]:
    """The last word of each person's fullest name of two words or more (at least ``shortest`` letters) → the people
    who carry it."""
    family: dict[str, list[_Cluster]] = {}
    for c in people:
        words = name_key(c.fullest).split()
        if len(words) >= 2 and len(words[-1]) >= shortest:
            family.setdefault(words[-1], []).append(c)
    return family


def _rejoin_split_family_names(doc: Document, clusters: list[_Cluster]) -> list[_Cluster]:
    """فالون read as ف + الون, كيري as ك + يري: a one-word person whose mention lost a letter to the clitic splitter,
    where the whole word is the family name of exactly one person of the article, is that person (the mention
    widened back over the letter)."""
    people = [c for c in clusters if c.type is EntityType.PER]
    family = _family_names(people, shortest=4)
    merged: set[int] = set()
    for c in people:
        keys = {name_key(n) for n in c.names}
        if len(keys) != 1 or " " in next(iter(keys)):
            continue
        moved = []
        for m in c.mentions:
            a = m.start - 1
            letter = doc.text[a] if a >= 0 else ""
            if letter not in _PROCLITIC_LETTERS or (a > 0 and not doc.text[a - 1].isspace()):
                continue
            owners = family.get(name_key(letter + m.text), [])
            if len(owners) == 1 and owners[0] is not c:
                moved.append((owners[0], Mention(a, m.end, doc.text[a:m.end], dict(m.extra))))
        if moved and len(moved) == len(c.mentions):
            for owner, mention in moved:
                owner.mentions.append(mention)
            merged.add(id(c))
    return [c for c in clusters if id(c) not in merged]


def _merge_mistyped_family_names(clusters: list[_Cluster]) -> list[_Cluster]:
    """أوباما tagged as an organization or a place where the article names باراك أوباما: one word that is the family
    name of exactly one person of the article, and no place the gazetteer knows, is that person."""
    family = _family_names([c for c in clusters if c.type is EntityType.PER], shortest=3)
    merged: set[int] = set()
    for c in clusters:
        town = c.place is not None and c.place.type == "city" and c.place.population < 100_000
        if c.type is EntityType.PER or (c.place is not None and not town and gazetteer().lookup(stem_key(c.fullest))):
            continue  # (a country, region or big city the gazetteer knows by that very name stays a place; a small
            # town of the same name does not: أوباما is a town in Japan)
        keys = {name_key(n) for n in c.names}
        owners = family.get(next(iter(keys))) if len(keys) == 1 else None
        if owners and len(owners) == 1 and " " not in next(iter(keys)):
            owners[0].mentions.extend(c.mentions)
            merged.add(id(c))
    return [c for c in clusters if id(c) not in merged]


_PHRASE_BEFORE = regex.compile(r"(?<!\p{L})[وفبل]?$")
_WORD_CHAR = regex.compile(r"\p{L}")
_GAPS = regex.compile(r"\s+")


def _find_phrase(text: str, phrase: str):
    """(start, end) of each whole-word occurrence of a normalized phrase, perhaps behind a conjunction or
    preposition (وقال رئيس…، والضاهر). Plain substring search: a regex compiled per name costs more than the
    search itself, and names are many."""
    words = phrase.split()
    if not words:
        return
    gaps = _GAPS
    start = 0
    while True:
        k = text.find(words[0], start)
        if k < 0:
            return
        start = k + 1
        if not _PHRASE_BEFORE.search(text, max(0, k - 2), k):
            continue
        end = k + len(words[0])
        for w in words[1:]:
            m = gaps.match(text, end)
            if m is None or not text.startswith(w, m.end()):
                end = -1
                break
            end = m.end() + len(w)
        if end < 0 or (end < len(text) and _WORD_CHAR.match(text, end)):
            continue
        yield k, end


RARE_NAME_COUNT = 300  # a family name this rare in the news is no common word (باجوا، الضاهر، الفايز)
RARE_ANY_WORD_COUNT = 100  # … and above this, only if the name table knows it, it has a nisba's ي, or the news
COMMON_WITH_ARTICLE = 0.1  # … seldom writes it with (or without) the article as it does a common noun


def _add_missed_family_names(doc: Document, clusters: list[_Cluster]) -> None:
    """One name, one person per article: where the tagger missed a bare family name (وأضاف الضاهر) of a person the
    article named in full, it is a mention of that person — if the name is rare enough not to be a common word and
    only one person in the article carries it."""
    from ..resources import word_counts

    people = [c for c in clusters if c.type is EntityType.PER]
    owners: dict[str, list[_Cluster]] = {}
    for c in people:
        words = name_key(c.fullest).split()
        # a family name alone is enough when it is one (الأحمدي، الضاهر): the tagger found it once, not every time
        if (len(words) >= 2 and len(words[-1]) >= 3) or (len(words) == 1 and words[0].startswith("ال")
                                                          and len(words[0]) >= 5):
            owners.setdefault(words[-1], []).append(c)
        # … and the patronymic with its name (إسماعيل ولد الشيخ أحمد → ولد الشيخ، يوسف بن علوي → بن علوي)
        for k in range(1, len(words) - 1):
            if words[k] in SON_OF and len(words[k + 1]) >= 3 and c not in owners.get(f"{words[k]} {words[k + 1]}", []):
                owners.setdefault(f"{words[k]} {words[k + 1]}", []).append(c)
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    from .lexicons import person_names

    names = person_names()
    for family, found in owners.items():
        if " " in family:  # a patronymic phrase is rare by itself: one owner is enough
            if len(found) == 1:
                _claim(doc, found[0], _find_phrase(norm.text, family), taken, "family-name")
            continue
        count = word_counts().get(family, 0)
        if len(found) != 1 or count >= RARE_NAME_COUNT:
            continue
        stem = family.removeprefix("ال")
        other = word_counts().get(stem if family.startswith("ال") else "ال" + family, 0)
        if count >= RARE_ANY_WORD_COUNT and sum(names.get(stem, (0, 0))) < 3 and not stem.endswith("ي") \
                and other >= count * COMMON_WITH_ARTICLE:
            continue  # (سعود بن نايف المساجد, a tagger's slip: المساجد is a word, مساجد too; not اردوغان, never
            # written with the article)
        _claim(doc, found[0], _find_phrase(norm.text, family), taken, "family-name")


@lru_cache(maxsize=1)
def _city_head_keys() -> frozenset[str]:
    """The settlement and district heads (مدينة، بلدة، قرية؛ مديرية، قضاء), normalized: heads a place's name stands
    without."""
    from .lexicons import city_heads, district_heads

    return frozenset(normalize_str(h) for h in city_heads() | district_heads())


_KUNYA_AFTER = regex.compile(r"\s*\(\s*((?:أبو|ابو|أبي|ابي|أبا|ابا|أم|ام)\s+\p{Arabic}+)\s*\)")


def _add_kunyas(doc: Document, clusters: list[_Cluster]) -> None:
    """A kunya in brackets after a person's name (محمود عباس (أبو مازن)) is another name of the person: it and its
    later mentions (وأشار أبو مازن) join the person."""
    taken = None
    for c in clusters:
        if c.type is not EntityType.PER:
            continue
        for m in list(c.mentions):
            found = _KUNYA_AFTER.match(doc.text, m.end)
            if found is None:
                continue
            if taken is None:
                taken = _Coverage(len(doc.text), ((x.start, x.end) for d in clusters for x in d.mentions))
            _claim(doc, c, _find_phrase(doc.normalized.text, normalize_str(found.group(1))), taken, "kunya")


def _claim(doc: Document, cluster: _Cluster, found, taken: _Coverage, kind: str) -> None:
    """Each place ``found`` (normalized offsets) that no mention covers yet becomes a mention of ``cluster``."""
    norm = doc.normalized
    for x, y in found:
        a, b = norm.to_original(x, y)
        if not taken.overlaps(a, b):
            cluster.mentions.append(Mention(a, b, doc.text[a:b], {"kind": kind}))
            taken.add(a, b)


def _without_city_head(name: str) -> str:
    words = name.split()
    if len(words) >= 2 and normalize_str(words[0]) in _city_head_keys():
        return " ".join(words[1:])
    return name


def _add_missed_place_names(doc: Document, clusters: list[_Cluster]) -> None:
    """One name, one place per article: a rare place name the tagger found once (بلدة سروج) is the place wherever
    else it is written (الهجوم الذي استهدف في سروج)."""
    from ..resources import word_counts

    owners: dict[str, list[_Cluster]] = {}
    for c in clusters:
        if c.type is not EntityType.LOC:
            continue
        for n in c.names:
            words = name_key(n).split()
            if words and len(words) <= 2 and all(len(w) >= 3 for w in words):
                owners.setdefault(" ".join(words[-1:] if len(words) == 2 and words[0] in _city_head_keys()
                                           else words), []).append(c)
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    counts = word_counts()
    for name, found in owners.items():
        if len({id(c) for c in found}) != 1 or any(counts.get(w, 0) >= RARE_NAME_COUNT for w in name.split()):
            continue
        _claim(doc, found[0], _find_phrase(norm.text, name), taken, "place-name")


def _add_bare_organization_names(doc: Document, clusters: list[_Cluster]) -> None:
    """An organization named by a head and one name (ميليشيات الحوثي، حركة حماس، تنظيم داعش) is meant wherever the
    name stands alone (قصف الحوثي لتجمع سكني), when no other entity of the article carries that name."""
    from .lexicons import nisba_forms

    heads = organization_head_stems()
    owners: dict[str, list[_Cluster]] = {}
    for c in clusters:
        for name in {name_key(n) for n in c.names}:
            words = name.split()
            if len(words) == 2 and analyze(words[0]).stem in heads and len(words[1]) >= 3 \
                    and analyze(words[1]).stem not in nisba_forms():  # not السلطات | الإيرانية
                bare = words[1]
                if c not in owners.setdefault(bare, []):
                    owners[bare].append(c)
    if not owners:
        return
    others = {w for c in clusters for n in c.names for w in name_key(n).split()
              if c.type is not EntityType.ORG}
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    for bare, found in owners.items():
        found.sort(key=lambda c: -len(c.mentions))
        if len(found) > 1 and len(found[0].mentions) < 2 * len(found[1].mentions):
            continue  # two organizations share the name about equally: the bare name is ambiguous
        if found[0].type is not EntityType.ORG or bare in others:
            continue
        _fold_bare(clusters, found[0], bare)  # (داعش, a group's name, may be an entity of its own)
        _claim(doc, found[0], _find_phrase(norm.text, bare), taken, "short-name")


def _fold_bare(clusters: list[_Cluster], owner: _Cluster, key: str) -> None:
    """An organization whose only name is ``key`` — the bare name or head the tagger made an entity of its own — is
    the ``owner``: its mentions join it (not its name: تنظيم داعش stays the name)."""
    for c in [c for c in clusters if c is not owner and c.type is EntityType.ORG
              and {name_key(n) for n in c.names} == {key}]:
        owner.mentions.extend(c.mentions)
        clusters.remove(c)


_NEXT_WORD = regex.compile(r"\s*(\S+)")


_RELATIVE_ADJECTIVE = regex.compile(r"ال\w{2,}(?:ي|يه)")  # (normalized: الكرديه، الإيراني)


def _add_names_without_nisba(doc: Document, clusters: list[_Cluster]) -> None:
    """An organization whose name of four words or more ends in an adjective of origin (وحدات حماية الشعب الكردية،
    … الإيرانية) is meant where the rest of its name, three words or more, stands alone (حققت وحدات حماية الشعب مكاسب),
    when no other organization of the article has a name that begins so."""
    owners: dict[str, list[_Cluster]] = {}
    starts: dict[str, int] = {}
    for c in clusters:
        if c.type is not EntityType.ORG:
            continue
        for name in {name_key(n) for n in c.names}:
            words = name.split()
            for k in range(3, len(words)):
                starts[" ".join(words[:k])] = starts.get(" ".join(words[:k]), 0) + 1
            if len(words) >= 4 and _RELATIVE_ADJECTIVE.fullmatch(words[-1]):
                short = " ".join(words[:-1])
                if c not in owners.setdefault(short, []):
                    owners[short].append(c)
    if not owners:
        return
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    for short, found in owners.items():
        if len(found) == 1 and starts.get(short, 0) == 1:
            _claim(doc, found[0], _find_phrase(norm.text, short), taken, "short-name")


def _add_bare_heads(doc: Document, clusters: list[_Cluster]) -> None:
    """The head noun alone (وقالت الشرطة إنها، الهيئة وقعت) means the one organization of the article with that
    head (الشرطة النرويجية، هيئة كهرباء ومياه دبي) — unless a definite word that is no head follows it (الشرطة
    الإسرائيلية is another)."""
    heads = organization_head_stems()
    judging = epithets()  # (التنظيم المتطرف is still the one group: the adjective judges, it does not name)
    implicit = {name_key(name): analyze(normalize_str(head)).stem for name, head in group_heads().items()}
    owners: dict[str, list[_Cluster]] = {}
    called: dict[str, list[_Cluster]] = {}
    for c in clusters:
        if c.type is not EntityType.ORG:
            continue
        named = {analyze(name_key(n).split()[0]).stem for n in c.names if len(name_key(n).split()) >= 2}
        # (and the head a group is called by without its name: داعش … التنظيم)
        by_call = {implicit[k] for n in c.names if (k := name_key(n).removeprefix("ال")) in implicit}
        # (… or by its head and name: تنظيم داعش)
        by_call |= {implicit[w[1]] for n in c.names if len(w := name_key(n).split()) == 2 and w[1] in implicit
                    and analyze(w[0]).stem == implicit[w[1]]}
        named |= by_call
        for head in named:
            if head in heads and c not in owners.setdefault(head, []):
                owners[head].append(c)
        for head in by_call:
            called.setdefault(head, []).append(c)
    for head, groups in called.items():
        # the head with the article and more words, where one group is called by that head, is that group too
        # (مسلحي التنظيم «الأجانب»، التنظيم التركمان العراقيين: the organization's foreigners, its Turkmen)
        if len(groups) != 1:
            continue
        for c in [c for c in owners.get(head, []) if c is not groups[0]
                  and name_key(c.fullest).startswith("ال" + head + " ")]:
            groups[0].mentions.extend(c.mentions)
            owners[head].remove(c)
            clusters.remove(c)
    for head, found in owners.items():
        if len(found) == 1:
            _fold_bare(clusters, found[0], "ال" + head)  # (the tagger may have made التنظيم an entity of its own)
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    for head, found in owners.items():
        if len(found) != 1:
            continue  # two ministries: الوزارة is ambiguous
        # الجيش، والجيش، and للجيش (ل + ال, its alef unwritten: the mention is the noun, as for other names)
        found_at = list(_find_phrase(norm.text, "ال" + head)) + [(x + 2, y) for x, y in _find_phrase(norm.text,
                                                                                                   "لل" + head)]
        # (a definite word after it describes another organization, unless it is a head itself, وحثت اللجنة الحكومة,
        # or a judging adjective)
        alone = [(x, y) for x, y in found_at
                 if not ((nxt := _NEXT_WORD.match(norm.text, y)) and nxt.group(1).startswith("ال")
                         and analyze(nxt.group(1)).stem not in heads and nxt.group(1) not in judging)]
        _claim(doc, found[0], alone, taken, "head-noun")


def _attach_descriptions(doc: Document, clusters: list[_Cluster]) -> None:
    """A description of an armed side (المتمردين، فلول التمرد، الثوار) is a mention of the organization the article
    named that it fits (resources/lexicons/descriptors.tsv): war reports name each side once and then describe it,
    and the events told with the description belong to the named side."""
    from .lexicons import descriptors

    table = descriptors()
    judging = epithets()
    orgs = [c for c in clusters if c.type is EntityType.ORG]
    keys = {id(c): {name_key(n) for n in c.names} for c in orgs}
    # (the tagger's own «المتمردين» or «قوى الانقلابيين» entity is a description too)
    described = {id(c) for c in orgs if all(k in table or _without_force_head(k) in table for k in keys[id(c)])}
    named = [c for c in orgs if id(c) not in described]
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions
                                      if id(c) not in described))
    norm = doc.normalized
    for description in sorted(table, key=lambda d: -len(d)):  # فلول التمرد before التمرد's own rows
        owner = _described_side(table[description], named, keys)
        if owner is None:
            continue
        found = list(_find_phrase(norm.text, description))
        if description.startswith("ال"):
            found += [(x + 2, y) for x, y in _find_phrase(norm.text, "لل" + description[2:])]
        _join_before_name(doc, owner, found, taken)
        alone = [(x, y) for x, y in found
                 if not ((nxt := _NEXT_WORD.match(norm.text, y)) and nxt.group(1).startswith("ال")
                         and nxt.group(1) not in judging)]
        if alone:
            _claim(doc, owner, alone, taken, "description")
            for c in [c for c in orgs if id(c) in described and c in clusters
                      and all(description in (k, _without_force_head(k)) for k in keys[id(c)])]:
                for m in c.mentions:
                    if not taken.overlaps(m.start, m.end):
                        owner.mentions.append(Mention(m.start, m.end, m.text, {"kind": "description"}))
                        taken.add(m.start, m.end)
                clusters.remove(c)


def _described_side(marks: tuple[str, ...], named: list[_Cluster], keys: dict[int, set[str]]) -> _Cluster | None:
    """The organization a description with these marks means: the side itself, its mark in the first word of its
    name past its forces' head (المقاومة الشعبية، قوات المقاومة), before a body of it (قيادة المقاومة، المركز الإعلامي
    للمقاومة); the most mentioned of those, none if two are named about equally often."""
    ranked = [(0 if any(any(mark in _core_word(k) for mark in marks) for k in keys[id(c)]) else 1, c)
              for c in named if any(mark in k for k in keys[id(c)] for mark in marks)]
    best = min((r for r, _ in ranked), default=None)
    fits = sorted((c for r, c in ranked if r == best), key=lambda c: -len(c.mentions))
    if not fits or (len(fits) > 1 and len(fits[0].mentions) < 2 * len(fits[1].mentions)):
        return None
    return fits[0]


def _join_before_name(doc: Document, owner: _Cluster, found, taken: _Coverage) -> None:
    """A description right before the side's own name (للانقلابيين الحوثيين، المتمردين الحوثيين) makes one mention of
    it with the name (``found``: the description's places, normalized offsets)."""
    norm = doc.normalized
    starts = {m.start: m for m in owner.mentions}
    for x, y in found:
        a, b = norm.to_original(x, y)
        k = b
        while k < len(doc.text) and doc.text[k] in " \t":
            k += 1
        inner = starts.get(k) if k > b else None
        if inner is not None and not taken.overlaps(a, b):
            owner.mentions.remove(inner)
            owner.mentions.append(Mention(a, inner.end, doc.text[a:inner.end], {"kind": "description"}))
            taken.add(a, b)


# kingdoms the Arabic press calls «المملكة» once named (ISO codes); Saudi Arabia first: the Saudi and Gulf press call
# it so without ever naming it
_KINGDOMS = ("SA", "JO", "MA", "BH", "GB", "ES", "NL", "BE", "SE", "NO", "DK", "TH")


def _add_the_kingdom(doc: Document, clusters: list[_Cluster]) -> None:
    """«المملكة» alone (زيارته إلى المملكة، أمن المملكة) is the one kingdom the article names, Saudi Arabia where it
    names none or Saudi Arabia among others — not where a definite word after it names another (المملكة المتحدة،
    المملكة الأردنية الهاشمية), which the tagger and gazetteer find themselves."""
    norm = doc.normalized
    found = list(_find_phrase(norm.text, "المملكه")) + [(x + 2, y) for x, y in _find_phrase(norm.text, "للمملكه")]
    found = [(x, y) for x, y in found
             if not ((nxt := _NEXT_WORD.match(norm.text, y)) and nxt.group(1).startswith("ال"))]
    if not found:
        return
    named = {c.place.kb.removeprefix("iso3166:"): c for c in clusters
             if c.place is not None and c.place.type == "country" and c.place.kb}
    kingdoms = [k for k in _KINGDOMS if k in named]
    if kingdoms and kingdoms[0] != "SA" and len(kingdoms) > 1:
        return  # two kingdoms, neither Saudi Arabia: «المملكة» is ambiguous
    code = kingdoms[0] if kingdoms else "SA"
    owner = named.get(code)
    if owner is None:
        place = gazetteer().country(code)
        if place is None:
            return
        owner = _Cluster(EntityType.LOC, [], [], place=place)
    # (the tagger may have read «المملكة» alone as a place of its own, with no country: that reading yields)
    bare = [c for c in clusters if c.place is None and c is not owner and c.type in (EntityType.LOC, EntityType.ORG)
            and c.names and all(normalize_str(n).removeprefix("ل") in ("المملكه", "لمملكه") for n in c.names)]
    clusters[:] = [c for c in clusters if not any(c is b for b in bare)]
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    before = len(owner.mentions)
    _claim(doc, owner, found, taken, "short-name")
    if len(owner.mentions) > before and owner not in clusters:
        owner.names.append(owner.mentions[0].text)
        clusters.append(owner)


def _own_name(c: _Cluster) -> str:
    """The fullest name, but an organization's own name before its forces' (المقاومة الشعبية, not قوات المقاومة
    الشعبية; الحوثيين, not العصابات الحوثية) when the article writes it."""
    if c.type is EntityType.ORG:
        own = [n for n in c.names if _without_force_head(_org_key(n)) == _org_key(n)]
        if own and len(own) < len(c.names):
            return max(own, key=lambda n: (len(_TOKEN.findall(n)), len(n)))
    return c.fullest


def _without_force_head(key: str) -> str:
    """A name key without a first word that names a group's forces (قوى الانقلابيين → الانقلابيين)."""
    head, _, rest = key.partition(" ")
    return rest if rest and _org_key(head) in _GROUP_FORCES else key


def _core_word(key: str) -> str:
    """The first word of a name key past a head naming a group's forces (قوات المقاومة الشعبية → المقاومة)."""
    return _without_force_head(key).split(" ", 1)[0]


_OPEN_PAREN = regex.compile(r"\s*[(\[]\s*")


def _merge_parenthesized(doc: Document, clusters: list[_Cluster]) -> list[_Cluster]:
    """A name with its abbreviation or other name in brackets is one thing: وكالة أنباء الجمهورية الإسلامية
    الإيرانية (إرنا), حزب العمال الكردستاني (بي كا كا)."""
    owner = {(m.start, m.end): c for c in clusters for m in c.mentions}
    starts = {m.start: c for c in clusters for m in c.mentions}
    merged: set[int] = set()
    for c in clusters:
        if id(c) in merged or c.type is not EntityType.ORG:
            continue
        for m in list(c.mentions):
            gap = _OPEN_PAREN.match(doc.text, m.end)
            other = starts.get(gap.end()) if gap else None
            if other is None or other is c or id(other) in merged or other.type is not EntityType.ORG:
                continue
            inner = next(x for x in other.mentions if x.start == gap.end())
            if doc.text[inner.end:inner.end + 3].lstrip()[:1] in (")", "]") and (m.start, m.end) in owner:
                c.absorb(other)
                merged.add(id(other))
    return [c for c in clusters if id(c) not in merged]


# heads under which the news names one armed group by its eponym (ميليشيات الحوثي، جماعة الحوثي، قوات الحوثي،
# حركة الحوثي), in _org_key's form
_GROUP_FORCES = word_class("group_forces")


def _merge_group_forces(clusters: list[_Cluster]) -> list[_Cluster]:
    """One armed group named after its eponym under several heads (ميليشيات الحوثي، جماعة الحوثي، قوات الحوثي) is
    one organization (the gold's convention: a group's forces named after it are the group). Only for an eponym
    (a nisba or family name: الحوثي), not a common noun (قوات الأمن and عناصر الأمن stay apart)."""
    by_core: dict[str, list[_Cluster]] = {}
    for c in clusters:
        if c.type is not EntityType.ORG:
            continue
        for key in {_org_key(n) for n in c.names}:
            head, _, core = key.partition(" ")
            if head in _GROUP_FORCES and core and " " not in core and core.endswith("ي") and len(core) >= 4:
                if c not in by_core.setdefault(core, []):
                    by_core[core].append(c)
    # … and a group's forces under a head before the group's own name in the article (قوات المقاومة الشعبية and
    # المقاومة الشعبية, قوات التحالف العربي and التحالف العربي)
    plain = {}
    for c in clusters:
        if c.type is EntityType.ORG:
            for n in c.names:
                plain.setdefault(_org_key(n), c)
    for c in clusters:
        if c.type is not EntityType.ORG:
            continue
        for key in {_org_key(n) for n in c.names}:
            head, _, core = key.partition(" ")
            if head in _GROUP_FORCES and core in plain and plain[core] is not c:
                group = by_core.setdefault("=" + core, [plain[core]])
                if c not in group:
                    group.append(c)
    merged: set[int] = set()
    for found in by_core.values():
        found = [c for c in found if id(c) not in merged]
        if len(found) < 2:
            continue
        found.sort(key=lambda c: -len(c.mentions))
        for other in found[1:]:
            found[0].absorb(other)
            merged.add(id(other))
    return [c for c in clusters if id(c) not in merged]


def _merge_nisba_variants(clusters: list[_Cluster]) -> list[_Cluster]:
    """An organization name plus a country adjective, or another adjective with the article, joins the bare name
    when the article has it (هيئة الاركان العامة للقوات المسلحة [الايرانية]، ميليشيات الحوثي [الانقلابية])."""
    from .lexicons import nisba_forms

    orgs = {_org_key(n): c for c in clusters if c.type is EntityType.ORG for n in c.names}
    variants: dict[str, list[_Cluster]] = {}
    for c in {id(c): c for c in orgs.values()}.values():
        head, _, last = name_key(c.fullest).rpartition(" ")
        head = _org_key(head)
        word = analyze(last)
        if head in orgs and orgs[head] is not c and (word.stem in nisba_forms()
                                                     or (word.clitics == "ال" and " " in head)):
            variants.setdefault(head, []).append(c)
    merged: set[int] = set()
    for head, found in variants.items():
        if len(found) == 1 and id(orgs[head]) not in merged:  # two countries' forces under one bare name are two
            orgs[head].absorb(found[0])
            merged.add(id(found[0]))
    return [c for c in clusters if id(c) not in merged]


@lru_cache(maxsize=1)
def _role_head_keys() -> tuple[str, ...]:
    """Role heads of two words or more (ولي العهد، وزير الخارجية), longest first, as name keys."""
    from .lexicons import role_heads

    keys = {name_key(h) for h in role_heads()}
    return tuple(sorted((k for k in keys if len(k.split()) >= 2), key=lambda k: -len(k)))


def _attach_role_mentions(doc: Document, clusters: list[_Cluster]) -> None:
    """A role phrase the article tied to one person (by apposition) is a mention of that person wherever it stands
    without a name: 'وصل رئيس هيئة الاركان العامة للقوات المسلحة' refers to Bagheri."""
    roles: dict[str, _Cluster] = {}
    ambiguous: set[str] = set()
    heads = _role_head_keys()
    for c in clusters:
        if c.type is not EntityType.PER:
            continue
        for r in c.roles:
            key = name_key(r)
            # the role's head alone too, when it is a phrase (بمشاركة ولي ولي العهد for the prince whose role
            # was ولي ولي العهد النائب الثاني …)
            head = next((h for h in heads if key.startswith(h + " ")), None)
            for k in (key, head) if head else (key,):
                if k in roles and roles[k] is not c:
                    ambiguous.add(k)
                roles[k] = c
    if not roles:
        return
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters if c.type is EntityType.PER
                                      for m in c.mentions))
    person_starts = sorted(m.start for c in clusters if c.type is EntityType.PER for m in c.mentions)
    norm = doc.normalized
    text = norm.text
    for key, c in roles.items():
        if key in ambiguous:
            continue
        # the role as tied to the name, then without a trailing country adjective (… المسلحة [الايرانية])
        from .lexicons import nisba_forms

        variants = [key]
        words = key.split()
        if len(words) > 2 and analyze(words[-1]).stem in nisba_forms():
            variants.append(" ".join(words[:-1]))
        seen = _Coverage(len(doc.text))
        for variant in variants:
            for x, y in _find_phrase(text, variant):
                a, b = norm.to_original(x, y)
                if seen.overlaps(a, b):
                    continue  # the longer variant stands here
                seen.add(a, b)
                if taken.overlaps(a, b) or _next_is_name(doc, b, person_starts):
                    continue
                c.mentions.append(Mention(a, b, doc.text[a:b], {"kind": "role"}))
                taken.add(a, b)


_TITLE_NISBA = regex.compile(r"(?<!\p{L})[وفبل]?(ال\p{L}+\s+ال\p{L}+)(?!\p{L})")


def _attach_title_mentions(doc: Document, clusters: list[_Cluster]) -> None:
    """A title with a country adjective and no name (وعقد الرئيس المصري اجتماعا) is the one person the article
    gave that title, unless his known country is another: 'الرئيس المصري' is السيسي where he alone is الرئيس."""
    from .lexicons import nisba_forms

    holders: dict[str, list[_Cluster]] = {}
    for c in clusters:
        if c.type is EntityType.PER:
            for t in c.titles:
                holders.setdefault(name_key(t), []).append(c)
    holders = {t: cs for t, cs in holders.items() if len(cs) == 1 and " " not in t}
    if not holders:
        return
    taken = _Coverage(len(doc.text), ((m.start, m.end) for c in clusters for m in c.mentions))
    norm = doc.normalized
    forms = nisba_forms()
    for m in _TITLE_NISBA.finditer(norm.text):
        title, adjective = m.group(1).split(maxsplit=1)
        if title not in holders:
            continue
        code = forms.get(analyze(adjective).stem)
        c = holders[title][0]
        known = c.place.country if c.place else None
        if code is None or (known and known != code):
            continue
        a, b = norm.to_original(m.start(1), m.end(1))
        if not taken.overlaps(a, b):
            c.mentions.append(Mention(a, b, doc.text[a:b], {"kind": "role"}))
            taken.add(a, b)


def _next_is_name(doc: Document, end: int, person_starts: list[int]) -> bool:
    """Is the role followed (after a title, quotes or spaces) by a person mention? Then it is an apposition."""
    from bisect import bisect_left

    k = bisect_left(person_starts, end)
    while k < len(person_starts) and person_starts[k] - end <= 20:
        if not any(ch in doc.text[end:person_starts[k]] for ch in ".،,؛\n"):
            return True
        k += 1
    return False


class _Coverage:
    """Which characters of the text are already claimed by a mention (a byte per character, checked in C)."""

    def __init__(self, n: int, spans=()):
        self._mask = bytearray(n)
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        self._mask[a:b] = b"\x01" * (b - a)

    def overlaps(self, a: int, b: int) -> bool:
        return self._mask.find(1, a, b) != -1


def authorities_as_states(entities: Sequence[Entity]) -> dict[str, str]:
    """A country's unnamed authorities act as the country (السلطات الإيرانية، سلطات تركمانستان → إيران،
    تركمانستان), when the article names the country: entity id → the country's entity id."""
    countries = [e for e in entities if (e.kb or "").startswith("iso3166")]
    out = {}
    for e in entities:
        if e.type.value != "ORG" or normalize_str(e.name).split()[0] not in _AUTHORITIES:
            continue
        code = e.extra.get("country")
        state = next((c.id for c in countries if c.kb == f"iso3166:{code}"), None) if code else next(
            (c.id for c in countries if any(m.text in e.name for m in c.mentions)), None)
        if state:
            out[e.id] = state
    return out


_AUTHORITIES = word_class("authorities")

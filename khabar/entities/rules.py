"""Rules that complete the statistical tagger where news Arabic is regular and ANERcorp is thin.

* Organizations: a head noun from the lexicon (جيش، مجلس، وزارة، وكالة، هيئة …) with its construct and adjective
  chain: الجيش الباكستاني، المجلس الوطني الباكستاني، هيئة الاركان العامة للقوات المسلحة، وكالة ارنا.
* Places: gazetteer countries, regions and large cities that the tagger missed; a facility or place head with its
  name (مطار "نورخان"); and, after a locative preposition, an unknown word that is a near spelling of a large
  city's name (روالبندي ~ راولبندي, rapidfuzz ratio >= 85).
* Person names: a run the tagger produced is cut at a title or role word (اللواء، الجنرال) and at a word carrying the
  conjunction و (باقري والجنرال باجوا → باقري | باجوا): neither occurs inside a name.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..document import Token
from ..resources import word_class, word_counts
from ..text.normalize import normalize_str
from .gazetteer import NON_ARABIC_LETTERS, Place, gazetteer, place_supplement
from .lexicons import agencies, group_heads, member_groups, nisba_forms, org_heads, place_heads, role_heads, titles
from .words import Word

MAX_ORG_TOKENS = 8
FUZZY_MIN_RATIO = 85
FUZZY_MIN_POPULATION = 100_000
_LOCATIVE = word_class("locative")
_QUOTES = frozenset('"«»“”')
# generic referents: they end an organization's genitive chain (القوات المسلحة | للبلدين) and are nobody's name
_GENERIC = word_class("generic")
GENERIC_REFERENTS = _GENERIC | word_class("generic_referents_more")
_STOP_STEMS = word_class("stop_stems")


_FORMER = word_class("former")  # النظام العراقي السابق، البائد، الحاكم


@lru_cache(maxsize=1)
def _org_head_stems() -> tuple[frozenset[str], dict[str, list[tuple[tuple[str, ...], int]]]]:
    """Single-word heads, and multiword fixed names (الأمم المتحدة) as stem tuples by their first stem."""
    from .words import analyze

    single, fixed = set(), {}
    groups = group_heads()
    for head in org_heads():
        stems = tuple(analyze(w).stem for w in head.split())
        if len(stems) == 1 and head not in groups:
            single.add(stems[0])  # (a group's own name is a whole name: تبنى داعش | الهجوم)
        else:
            fixed.setdefault(stems[0], []).append((stems, len(stems)))
    for name in member_groups():  # الحوثيين، الحشد الشعبي: whole names too
        stems = tuple(analyze(w).stem for w in name.split())
        fixed.setdefault(stems[0], []).append((stems, len(stems)))
    return frozenset(single), fixed


@lru_cache(maxsize=1)
def _person_breakers() -> frozenset[str]:
    """Stems of the first words of titles and role heads (اللواء، الجنرال، رئيس), which never occur inside a
    person's name."""
    from .words import analyze

    out = set()
    for entry in list(titles()) + list(role_heads()):
        stem = analyze(entry.split()[0]).stem
        if len(stem) > 2:
            out.add(stem)
    return frozenset(out)


def person_breakers() -> frozenset[str]:
    """Stems of the first words of titles and role heads (اللواء، رئيس، قائد)."""
    return _person_breakers()


def _continues(w: Word, tok: Token, after_head: bool) -> bool:
    """Can this word extend an organization name? Definite modifiers and genitives (الباكستاني، للقوات), or, right
    after an indefinite head in construct, a name (وكالة ارنا، حكومة باكستان) — not an indefinite adjective
    (حكومة شاملة)."""
    if tok.kind != "arabic" or w.stem in _STOP_STEMS or w.clitics.startswith(("و", "ف")):
        return False
    if w.stem in _person_breakers() or w.stem in _GENERIC or w.norm in _calendar_words():
        return False  # … المجموعة | الأسبوع الماضي: a date ends a name
    if w.clitics in ("ال", "ل+ال"):
        return True
    return after_head and not w.clitics and (word_counts().get(w.norm, 0) < 3 or bool(gazetteer().lookup((w.stem,)))
                                             or _name_like(w))


_SEMI = word_class("semi")
NAME_LIKE_COUNT = 100  # well known (داعش، طالبان، حماس); rarer names after a head may be places (جبهة لودر)


def _name_like(w: Word) -> bool:
    """A frequent word that almost never takes the article is a name (داعش، حماس), not a noun or adjective
    (شاملة، خارجية)."""
    counts = word_counts()
    n = counts.get(w.norm, 0)
    return w.shape == "arabic" and len(w.norm) >= 3 and n >= NAME_LIKE_COUNT and counts.get("ال" + w.norm, 0) * 5 < n


def organization_head_stems() -> frozenset[str]:
    """Stems of the one-word organization heads (مركز، جامعة، وزارة)."""
    return _org_head_stems()[0]


def organizations(words: Sequence[Word], toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Token spans [a, b) of organization names found by the head-noun rule."""
    single, fixed = _org_head_stems()
    out: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        hit = 0
        for stems, length in fixed.get(w.stem, ()):
            if tuple(x.stem for x in words[i:i + length]) == stems:
                hit = max(hit, length)
        if hit:
            # a fixed name with its country: الكنيست الإسرائيلي، سلاح الجو التركي
            while i + hit < n and words[i + hit].clitics == "ال" and words[i + hit].stem in nisba_forms():
                hit += 1
            out.append((i, i + hit))
            i += hit
            continue
        if w.stem == "نظام" and w.clitics.endswith("ال") and i + 1 < n and words[i + 1].clitics == "ال" \
                and words[i + 1].stem in nisba_forms():
            # a regime named by its country (النظام السوري، النظام العراقي السابق), where النظام alone is any system
            j = i + 2
            while j < n and words[j].clitics == "ال" and words[j].stem in _FORMER:
                j += 1
            out.append((i, j))
            i = j
            continue
        if toks[i].kind == "arabic" and w.stem in single and not (w.stem == "قياده" and w.clitics.startswith("ب")):
            # (بقيادة الولايات المتحدة: led by, no command)
            definite = w.clitics.endswith("ال")
            j = i + 1
            if j < n and (toks[j].text in _QUOTES or toks[j].text == "("):
                # a quoted name after the head: تنظيم "داعش"، حركة «حماس»، منظمة (بتسيلم)
                closing = (")",) if toks[j].text == "(" else _QUOTES
                close = next((k for k in range(j + 2, min(n, j + 4)) if toks[k].text in closing), None)
                if close is not None and all(toks[k].kind == "arabic" and words[k].stem not in _STOP_STEMS
                                             and words[k].norm not in _NOT_NOUNS for k in range(j + 1, close)):
                    out.append((i, close + 1))
                    i = close + 1
                    continue
            if not definite and j + 1 < n and toks[j].kind == "arabic" and not words[j].clitics \
                    and words[j].stem not in _STOP_STEMS and words[j + 1].clitics == "ال" \
                    and not _continues(words[j], toks[j], after_head=True) \
                    and _continues(words[j + 1], toks[j + 1], after_head=False):
                j += 1  # a construct chain: وكالة أنباء الجمهورية …، مجلس قيادة الثورة
            # after an adjective only adjectives or ل-genitives follow (الخارجية السعودية | الهجوم، منظمة العفو
            # الدولية | السلطات; not اللجنة الدولية للصليب الأحمر)
            adjectives = False
            while j < n and j - i < MAX_ORG_TOKENS and not (j > i + 1 and _starts_fixed(words, j, fixed)) and (
                    _continues(words[j], toks[j], after_head=(j == i + 1 and not definite))
                    # القوات شبه العسكرية: "semi-" before the definite adjective it qualifies
                    or (words[j].norm in _SEMI and j + 1 < n and words[j + 1].clitics == "ال")
                    # one ل-genitive in construct: مجلس التعاون لدول الخليج العربية، المرصد السوري لحقوق الإنسان
                    # (not a state body's purpose: الحكومة اليمنية | للتحضير، القوى السياسية | لكل الأحداث)
                    or (j > i + 1 and words[j].clitics == "ل" and j + 1 < n and words[j + 1].clitics == "ال"
                        and toks[j].kind == "arabic" and words[j].stem not in _STOP_STEMS
                        and words[j].stem not in _person_breakers() and words[j].stem not in _QUANTIFIERS
                        and w.stem not in _STATE_BODIES and not any(words[k].clitics == "ل" for k in range(i + 1, j))
                        and _continues(words[j + 1], toks[j + 1], after_head=False))):
                if adjectives and words[j].clitics == "ال" and not words[j].norm.endswith(("ي", "يه", "ه")) \
                        and words[j - 1].clitics != "ل":  # (the genitive's own noun: للجنة … لحقوق الإنسان)
                    break
                if j == i + 1 and words[j].clitics == "ال" and _masculine_plural(words[j]):
                    break  # رجال الشرطة | المكلفين: a masculine plural does not describe an institution
                if definite and words[j].clitics == "ال" and words[j].stem in single \
                        and words[j].stem not in _HEADS_ALSO_ADJECTIVES:
                    break  # وحثت اللجنة | الحكومة: a second definite head is another noun (the verb's object)
                adjectives = adjectives or (words[j].clitics == "ال" and words[j].norm.endswith(("ي", "يه")))
                j += 1
            generic = j < n and words[j].stem in _GENERIC and words[j].clitics.endswith("ال")
            if j - i >= 2 and not generic:  # القوات المسلحة للبلدين describes, it does not name
                if j - i <= 3 and j < n and words[j].clitics.startswith("ل") and words[j].stem in _person_breakers():
                    # a body of an office: المكتب الإعلامي لرئيس الوزراء (the office and its holder's title)
                    j += 1
                    while j < n and j - i < MAX_ORG_TOKENS and words[j].clitics == "ال" \
                            and words[j].stem in _title_words():
                        j += 1
                out.append((i, j))
                i = j
                continue
        i += 1
    # a body of another body: الأمانة العامة | لمنظمة التعاون الإسلامي is one name
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and merged[-1][1] == a and merged[-1][1] - merged[-1][0] <= 3 and words[a].clitics.startswith("ل"):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _starts_fixed(words: Sequence[Word], j: int, fixed) -> bool:
    """Does a fixed name (a group: الحوثيين، الحشد الشعبي) start at ``j``? After a head and its first word it is no
    part of the name before it (قوات الأمن | الحوثيين), though right after a head it is (تنظيم داعش، حركة حماس)."""
    return any(tuple(x.stem for x in words[j:j + length]) == stems for stems, length in fixed.get(words[j].stem, ()))


_QUANTIFIERS = word_class("quantifiers")
# heads that are also adjectives after a head (اللجنة المنظمة: organizing; المحكمة الكلية: whole)
_HEADS_ALSO_ADJECTIVES = word_class("heads_also_adjectives")
# heads of state bodies, whose names end with their country (الحكومة اليمنية، القيادة الفلسطينية): a ل after them
# says what for, not whose
_STATE_BODIES = word_class("state_bodies")


def _masculine_plural(w: Word) -> bool:
    """المكلفين (مكلف + ين), not التعاون (تعاون is a word of its own)."""
    return w.stem.endswith(("ين", "ون")) and word_counts().get(w.stem[:-2], 0) >= 3


MIN_CITY_POPULATION = 100_000
MAX_COMMON_COUNT = 300  # a one-word city name this common in the news is more often a word (ان، او، عين)


def places(words: Sequence[Word]) -> list[tuple[int, int, Place]]:
    """Gazetteer matches worth trusting without the tagger: countries and regions; cities of 100,000+ people when
    the name has two words or more (اسلام اباد), or is one uncommon word of four letters or more after a locative
    preposition (في، الى، من: not جائحة كورونا). GeoNames' Arabic-script
    alternate names include Persian and Chinese spellings that are Arabic words (ان for Van, الي for Cali)."""
    out = []
    counts = word_counts()
    stems, norms = [w.stem for w in words], [w.norm for w in words]
    # (and the places the press names that the gazetteer lacks: أبين، الأنبار، كشمير، المجر; a longer one wins,
    # ظهران الجنوب over ظهران)
    matches = []
    for m in sorted(gazetteer().match(stems, norms) + place_supplement().match(stems, norms),
                    key=lambda m: (m[0] - m[1], m[0])):
        if not any(m[0] < b and a < m[1] for a, b, _ in matches):
            matches.append(m)
    matches.sort(key=lambda m: m[0])
    for a, b, found in matches:
        if any(w.shape != "arabic" for w in words[a:b]):
            continue
        best = max(found, key=lambda p: (p.type == "country", p.type == "region", p.population))
        if b - a == 1 and a > 0 and _adjective_after_noun(words[a - 1], words[a]):
            continue  # اتفاق إنقاذ مالي: a financial rescue, not Mali
        if b - a == 1 and words[a].clitics.endswith("ال") and not normalize_str(best.name).startswith("ال"):
            continue  # الفساد المالي، البنين: a name never written with the article is not this word with it
        if best.kb in _UNIONS:
            continue  # CLDR lists them as territories; the news means the organizations
        if best.type in ("country", "region") or best.kb is None:  # (the hand list's places are trusted too)
            out.append((a, b, best))
        elif best.population >= MIN_CITY_POPULATION:
            stem = words[a].stem
            common = counts.get(stem, 0) + counts.get("ال" + stem, 0)
            locative = a > 0 and words[a - 1].stem in _LOCATIVE
            if b - a >= 2 or (locative and len(stem) >= 4 and common < MAX_COMMON_COUNT):
                out.append((a, b, best))
    return out


# CLDR territory codes that name organizations: الاتحاد الأوروبي، الأمم المتحدة، منطقة اليورو
_UNIONS = frozenset(("iso3166:EU", "iso3166:UN", "iso3166:EZ"))
_NOT_NOUNS = word_class("not_nouns")


def _adjective_after_noun(before: Word, w: Word) -> bool:
    """A nisba-shaped word with no article right after an indefinite noun is its adjective (إنقاذ مالي)."""
    return w.stem.endswith("ي") and not w.clitics and before.shape == "arabic" and not before.clitics \
        and before.norm not in _NOT_NOUNS and not is_place_head(before) and before.stem not in _title_words() \
        and word_counts().get(before.norm, 0) >= 3


# state names built from a nisba: الجمهورية الاسلامية الايرانية، المملكة العربية السعودية، دولة الامارات
_STATE_HEADS = word_class("state_heads")
_STATE_ADJECTIVES = word_class("state_adjectives")


def states(words: Sequence[Word]) -> list[tuple[int, int, Place | None]]:
    """A state head with adjectives ending in a country's nisba (الجمهورية الاسلامية الايرانية → Iran) or followed
    by a country name (جمهورية باكستان الاسلامية → Pakistan)."""
    out = []
    forms = nisba_forms()
    i, n = 0, len(words)
    while i < n:
        if words[i].stem not in _STATE_HEADS:
            i += 1
            continue
        j = i + 1
        code = None
        while j < n and (words[j].stem in _STATE_ADJECTIVES or words[j].stem in forms):
            if words[j].stem in forms:
                code = forms[words[j].stem]
            j += 1
        if code is None and j < n:
            found = [p for p in gazetteer().lookup((words[j].stem,)) if p.type == "country"]
            if found:
                code = found[0].kb.split(":")[1] if found[0].kb else None
                j += 1
                while j < n and words[j].stem in _STATE_ADJECTIVES:
                    j += 1
        if code:
            country = gazetteer().country(code)
            out.append((i, j, country))
            i = j
        else:
            i += 1
    return out


def _unknown(w: Word) -> bool:
    counts = word_counts()
    return counts.get(w.norm, 0) < 3 and counts.get(w.stem, 0) < 3


@lru_cache(maxsize=1)
def _fuzzy_index() -> tuple[list[str], list[Place]]:
    names, places_ = [], []
    for stems, found in gazetteer().by_stems.items():
        if len(stems) == 1:
            # only names written in Arabic letters that the segmenter left whole (not Urdu کاریہ read as ك + اريه)
            big = [p for p in found if p.type == "city" and p.population >= FUZZY_MIN_POPULATION
                   and not NON_ARABIC_LETTERS.search(p.name) and normalize_str(p.name).endswith(stems[0])
                   and len(normalize_str(p.name)) - len(stems[0]) in (0, 2)]
            if big:
                names.append(stems[0])
                places_.append(max(big, key=lambda p: p.population))
    return names, places_


def fuzzy_place(w: Word) -> Place | None:
    """A large city whose gazetteer spelling is close to ``w`` (روالبندي → Rawalpindi), for unknown words only."""
    if w.shape != "arabic" or len(w.stem) < 5 or not _unknown(w):  # four letters: one edit is a new word
        return None
    return _fuzzy_stem(w.stem)


@lru_cache(maxsize=20_000)
def _fuzzy_stem(stem: str) -> Place | None:
    from rapidfuzz import fuzz, process

    names, places_ = _fuzzy_index()
    hit = process.extractOne(stem, names, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO)
    return places_[hit[2]] if hit else None


@lru_cache(maxsize=1)
def place_head_stems() -> dict[str, str]:
    """Place heads by stem, each with its normalized written form (وادي keeps the و its stem lost)."""
    from .words import analyze

    out = {}
    for h in place_heads():
        w = analyze(h)
        out[w.stem] = w.norm
    return out


def is_place_head(w: Word) -> bool:
    """مطار، بمطار، وادي, but not أدى (whose stem is وادي's stem without the و)."""
    head = place_head_stems().get(w.stem)
    return head is not None and w.norm.endswith(head) and not w.clitics.endswith("ال")


_SETTLEMENT_NAME_COUNT = 100
_DISTRICT_NAME_COUNT = 60  # district names are rare (القفر 6، النادرة 45، لودر 55); مديرية الأمن (1,948) is a body


@lru_cache(maxsize=2)
def _head_stems(kind: str) -> frozenset[str]:
    """Stems of the settlement (``city``) or district (``district``) heads of ``place_heads.tsv``."""
    from .lexicons import city_heads, district_heads
    from .words import analyze

    return frozenset(analyze(h).stem for h in (city_heads() if kind == "city" else district_heads()))


def facilities(words: Sequence[Word], toks: Sequence[Token]) -> list[tuple[int, int]]:
    """A place head and its name: مطار "نورخان" → [مطار .. نورخان]; the name must be unknown, a place, quoted, or
    followed by a country's adjective."""
    out = []
    for i, w in enumerate(words):
        if not is_place_head(w):
            continue
        j = i + 1
        quoted = j < len(toks) and toks[j].text in _QUOTES
        if quoted:
            j += 1
        if j >= len(toks) or toks[j].kind != "arabic":
            continue
        name = words[j]
        # بلدة سروج التركية: a definite nisba after the name says it is a named place, however often it is in the news
        described = j + 1 < len(words) and words[j + 1].clitics.endswith("ال") and words[j + 1].stem in nisba_forms() \
            and name.stem not in nisba_forms() and not name.clitics
        # after مدينة/بلدة/قرية a word the news seldom uses is the settlement's name (بلدة سروج قرب الحدود)
        settled = w.stem in _head_stems("city") and not name.clitics and name.shape == "arabic" \
            and word_counts().get(name.norm, 0) < _SETTLEMENT_NAME_COUNT and name.stem not in nisba_forms()
        # after مديرية/قضاء/ناحية a rare word, article or not, names the district (مديرية القفر، قضاء حديثة; not
        # مديرية الأمن, nor an adjective or a verb: مديرية تابعة)
        district_head = w.stem in _head_stems("district")
        district = district_head and name.clitics in ("", "ال") and name.shape == "arabic" \
            and word_counts().get(name.norm, 0) < _DISTRICT_NAME_COUNT and name.stem not in nisba_forms() \
            and name.stem not in _title_words() and not (not name.clitics and name.norm.endswith(("ه", "ت")))
        if district_head and not (quoted or district):
            continue  # (مديرية الأمن: a common word, though a town in some country is spelt so, names a body)
        if quoted or described or settled or district or _unknown(name) or gazetteer().lookup((name.stem,)):
            end = j + 1
            if quoted and end < len(toks) and toks[end].text in _QUOTES:
                end += 1
            out.append((i, end))
    return out


def locative_guesses(words: Sequence[Word]) -> list[tuple[int, int, Place]]:
    """Unknown words right after a locative preposition that fuzzily match a large city."""
    out = []
    for i in range(1, len(words)):
        if words[i - 1].stem in _LOCATIVE or words[i].clitics in ("ب", "و+ب"):
            place = fuzzy_place(words[i])
            if place:
                out.append((i, i + 1, place))
    return out


def places_within(words: Sequence[Word], spans) -> list[tuple[int, int]]:
    """A rare word after في right before a place with ب (في واغا بالبنجاب): a place in that place. Only where no
    mention is there yet."""
    gaz = gazetteer()
    counts = word_counts()
    out = []
    for i in range(1, len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if words[i - 1].stem != "في" or w.clitics or w.shape != "arabic" or counts.get(w.norm, 0) >= RARE_PLACE_COUNT:
            continue
        if not nxt.clitics.startswith("ب") or not (gaz.lookup((nxt.stem,)) or counts.get(nxt.stem, 0) < 300
                                                   or any(s[0] == i + 1 and s[2] == "LOC" for s in spans)):
            continue
        if not any(s[0] <= i < s[1] for s in spans):
            out.append((i, i + 1))
    return out


RARE_PLACE_COUNT = 20


def extend_after_title(words: Sequence[Word], toks: Sequence[Token], a: int) -> int:
    """Move a person mention's start back over up to two plain words that sit between a title and it
    (الجنرال قمر [جاويد باجوا] → قمر جاويد باجوا): a title is followed by the name, all of it."""
    from .titles import title_before

    for gap in (1, 2):
        k = a - gap
        if k < 1:
            break
        w = words[k]
        if toks[k].kind != "arabic" or w.clitics or w.stem in _STOP_STEMS or w.stem in _person_breakers():
            break
        if title_before(toks, k):
            return k
    return a


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Calendar words as written, with and without the article (الأسبوع، الشهر، يوليو، رمضان; of the parts of day
    only the evening and night ones with the article, and not العام or السنة, which are also 'general' and 'Sunna' in
    names: النائب العام، أهل السنة)."""
    from ..text.normalize import normalize_str
    from .lexicons import lexicon_rows

    out = set()
    for row in lexicon_rows("calendar.tsv", 2):
        if row[1] == "part" and len(row) > 2 and row[2] in ("evening", "night"):
            out.add("ال" + normalize_str(row[0]))  # الجامعة | الليلة الماضية (صباح and الصباح are names too)
        elif row[1] != "part" and " " not in row[0] and row[0] not in ("العام", "السنة"):
            word = normalize_str(row[0])
            out |= {word, word.removeprefix("ال"), "ال" + word.removeprefix("ال")}
    return frozenset(out)


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Day words and weekdays as written with their article (أمس، اليوم، الثلاثاء): the tagger sometimes runs a name
    into its date (نواز شريف أمس). Not parts of day or months, which are names too (صباح، رجب، رمضان), and not a
    weekday without its article (جمعة is a name)."""
    from ..text.normalize import normalize_str
    from .lexicons import lexicon_rows

    return frozenset(normalize_str(row[0]) for row in lexicon_rows("calendar.tsv", 3)
                     if row[1] in ("day", "weekday") and " " not in row[0])


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Every word of the titles and role heads (ولي، العهد، الوزراء): alone, none of them is a person's name."""
    from .words import analyze

    return frozenset(analyze(w).stem for entry in list(titles()) + list(role_heads()) for w in entry.split()
                     if len(analyze(w).stem) > 2)


def is_title_word(w: Word) -> bool:
    """A word of a title, rank or role (اللواء، ولي، العهد) or a country adjective (الايرانية)."""
    return w.stem in _title_words() or w.stem in nisba_forms()


# prepositions written apart, normalized (على → علي)
PREPOSITIONS = word_class("prepositions")
# nouns that govern a genitive as prepositions do (من أجل، بعد، خلال، إثر): the word after one is a noun
GENITIVE_GOVERNORS = word_class("genitive_governors")
# words that may follow a verb without being its subject: the two sets above and adverbs (اليوم، أيضا، بدوره، قائلا);
# a complementizer (أن، إنهم) is the caller's to rule out
_NOT_SUBJECT_WORDS = PREPOSITIONS | GENITIVE_GOVERNORS | word_class("not_subject_words_more")


def names_no_one(w: Word, kind: str) -> bool:
    """Is a word right after a verb an indefinite subject that names no one (وكشفت مصادر، قال مسؤول، أشاد دبلوماسي)?
    An Arabic word with no proclitic that is no function word, adverb or title."""
    return kind == "arabic" and not w.clitics and w.norm not in _NOT_SUBJECT_WORDS \
        and w.stem not in _NOT_SUBJECT_WORDS and not is_title_word(w)


_KANA = word_class("kana")


def subject_after_kana(words: Sequence[Word], toks: Sequence[Token], i: int, entity_at, reach: int = 10):
    """The entity named between كان and the verb at ``i`` (وكان الصافي، طالب العبادي بأن; وكانت الحكومة قد أعلنت):
    the verb's subject, told before it as كان's; the name after the verb is then its object. ``entity_at(k)`` gives
    the entity of token k or None."""
    k = i - 1
    while k >= 0 and (toks[k].text in ("،", ",") or words[k].norm == "قد"):
        k -= 1
    ent = entity_at(k) if k >= 0 else None
    if ent is None:
        return None
    while k >= 0 and i - k <= reach and entity_at(k) is ent:
        k -= 1
    while k >= 0 and i - k <= reach and entity_at(k) is None and is_title_word(words[k]):
        k -= 1  # (وكان الرئيس الأميركي باراك أوباما قد أعلن)
    if k >= 0 and words[k].stem in _KANA and words[k].clitics in ("", "و", "ف"):
        return ent
    return None


def military_unit_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """A unit head with an ordinal or a number (اللواء الرابع، للفرقة الثامنة، الكتيبة 101): [a, b) spans."""
    from .lexicons import military_units

    table = military_units()
    out = []
    for i in range(len(words) - 1):
        if words[i].stem not in table["head"] or not words[i].clitics.endswith("ال") and words[i].clitics:
            continue
        nxt = words[i + 1]
        if nxt.norm in table["ordinal"] or (nxt.shape == "digit" and words[i].clitics.endswith("ال")):
            end = i + 2
            if end < len(words) and words[end].norm in ("عشر", "عشره"):
                end += 1  # الحادي عشر
            out.append((i, end))
    return out


UNSEEN_NAME_COUNT = 5  # a word written fewer times in the 10,000 articles is a name after a title (تعبان، أثيل)
_UNSEEN_FAMILY_COUNT = 30  # … when the word after it is rare too (دينق، النجيفي)
_NAME_COMMON = 300  # a word seen more often in the news is a common word, not the rest of a name
_NAME_RARE = 150  # after a particle-like given name (علي): a family name the news names rarely (خامنئي 104)
# people so named (Wikidata) per use in the news: محمد 3.2, بهاء 1.9, مدني 0.1; علي 0.09 (its uses are mostly على,
# so a particle-like word gets a lower bar and must be followed by a rare word), الي (إلى) 0.0007
_GIVEN_SHARE, _PARTICLE_GIVEN_SHARE = 0.2, 0.05


def _given_share(count: int) -> float:
    return _PARTICLE_GIVEN_SHARE if count > _PARTICLE_COUNT else _GIVEN_SHARE
_PRONOUNS = word_class("pronouns")
_PARTICLE_COUNT = 10_000
_RARE_TAIL_COUNT = 30


def introduced_names(words: Sequence[Word], toks: Sequence[Token]) -> list[tuple[int, int]]:
    """People introduced by a title, a role or a country adjective and starting with a known given name, which the
    tagger may miss in an unusual sentence (رئيس الوزراء الإسرائيلي [بنيامين نتنياهو] التقليل …، الرضيع الفلسطيني
    [علي دوابشة]): a given name from the name table and one or two uncommon words or family names after it."""
    from .lexicons import person_names, person_nouns

    names = person_names()
    counts = word_counts()
    forms = nisba_forms()
    nouns = person_nouns()
    out = []
    n = len(words)
    for i in range(1, n - 1):
        w, before = words[i], words[i - 1]
        given = names.get(w.stem, (0, 0))[0]
        if given < 3 and not w.clitics and counts.get(w.norm, 0) < UNSEEN_NAME_COUNT \
                and _unseen_name_starts(words, toks, i, counts, forms, nouns):
            given = 3
        if given < 3:
            continue
        # a foreign name may start with what looks like the article (الكسيس تسيبراس: كسيس is no word of its own)
        foreign = w.clitics == "ال" and counts.get(w.stem, 0) < 3
        # (a given name that is also a common word, عيد، أمل، is a name before two words the news has hardly seen:
        # عيد عماش الكربولي)
        rare_tail = i + 2 < n and counts.get(w.norm, 0) < _PARTICLE_COUNT and w.norm not in _NOT_NOUNS \
            and all(toks[k].kind == "arabic" and words[k].clitics in ("", "ال")
                    and counts.get(words[k].norm, 0) < _RARE_TAIL_COUNT for k in (i + 1, i + 2))
        if (w.clitics and not foreign) or w.shape != "arabic" or given < 3 or w.stem in _title_words() \
                or w.norm in _PRONOUNS or toks[i].text.endswith("ى") \
                or (given < _given_share(counts.get(w.norm, 0)) * counts.get(w.norm, 0) and not rare_tail):
            continue  # (إلى، هما، and words the news uses far more often than people are named so)
        # a given name spelled like a particle once normalized (علي = على) needs a rare word after it (علي دوابشة)
        common = _NAME_RARE if counts.get(w.norm, 0) > _PARTICLE_COUNT else _NAME_COMMON
        if not (before.stem in _title_words() or (before.clitics.endswith("ال") and before.stem in forms)
                or before.norm in nouns or _in_role_phrase(words, toks, i)
                or _described_before(words, toks, i, nouns)):
            continue
        end = i + 1
        while end < n and end - i < 3 and toks[end].kind == "arabic" and words[end].clitics in ("", "ال") \
                and words[end].stem not in _title_words() and words[end].norm not in _date_words() \
                and counts.get(words[end].norm, 0) < common \
                and (not words[end].clitics or names.get(words[end].stem, (0, 0))[1] > 0
                     or words[end].stem.endswith("ي") or counts.get(words[end].norm, 0) < 10):  # الحلفي, not التقليل
            end += 1
            if words[end - 1].clitics:
                break  # a family name with the article ends the name (منتظر الحلفي)
        if end > i + 1:
            out.append((i, end))
    return out


def _unseen_name_starts(words: Sequence[Word], toks: Sequence[Token], i: int, counts, forms, nouns) -> bool:
    """A name the news has (almost) never written, right after a title or role, starts a name too (رئيس الوفد
    المتمرد تعبان دينق، المحافظ المقال أثيل النجيفي): foreign and rare names are not in the name table. The word
    after it must be rare too, and neither may read as a verb or an inflected common word."""
    w, before, n = words[i], words[i - 1], len(words)
    if not (len(w.stem) >= 3 and w.shape == "arabic" and w.stem not in _title_words() and w.norm not in _NOT_NOUNS
            and i + 1 < n and toks[i + 1].kind == "arabic" and words[i + 1].clitics in ("", "ال")
            and counts.get(words[i + 1].norm, 0) < _UNSEEN_FAMILY_COUNT and words[i + 1].stem not in _title_words()):
        return False
    if _imperfect_verb(w.norm) or _inflected(w.norm) or _inflected(words[i + 1].stem):
        return False
    return before.stem in _title_words() or (before.clitics.endswith("ال") and before.stem in forms) \
        or before.norm in nouns or _in_role_phrase(words, toks, i, reach=4)


@lru_cache(maxsize=20_000)
def _inflected(word: str) -> bool:
    """Is a rare word a common one with an ending or a clitic the tagger's table lacks (خبرته، محسوما، هديتين،
    وتزعج)? A name the news has not met is none of these."""
    from .words import unpossessed

    counts = word_counts()
    if word[:1] in "وف" or word.endswith("ا"):
        return True
    bases = [*unpossessed(word), *(word[:-2] for suffix in ("ين", "ون", "ات") if word.endswith(suffix))]
    return any(counts.get(b, 0) >= 3 or counts.get(b + "ه", 0) >= 3 for b in bases if len(b) >= 2)


@lru_cache(maxsize=20_000)
def _imperfect_verb(word: str) -> bool:
    """Does a rare word read as a present-tense verb (تقمع، يناديها): it starts with ي, or with ت/ن and the news
    writes the same verb with another person's prefix (يقمع)?"""
    from .words import unpossessed

    if word[:1] == "ي":
        return True
    if word[:1] not in "تن":
        return False
    counts = word_counts()
    return any(counts.get(p + base[1:], 0) >= 3 for base in (word, *unpossessed(word)) for p in "يتن"
               if p != base[:1])


def _described_before(words: Sequence[Word], toks: Sequence[Token], i: int, nouns, reach: int = 3) -> bool:
    """A describing noun and its adjectives before ``i`` (الناشط المدني البصري | صفاء الضاحي)."""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[k].kind != "arabic" or words[k].clitics != "ال":
            return False
        if words[k].norm in nouns:
            return True
    return False


def _in_role_phrase(words: Sequence[Word], toks: Sequence[Token], i: int, reach: int = 6) -> bool:
    """Does a role or title word stand a few words before ``i`` with no punctuation between (نائب رئيس الوزراء
    لشؤون الطاقة | بهاء الأعرجي)?"""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[k].text in _QUOTES:
            continue  # الرقيب في شرطة «ويتشيتا» بول كيمبل
        if toks[k].kind != "arabic":
            return False
        if words[k].stem in _person_breakers():
            return True
    return False


_JOINED_COUNT = 20


def _known_after_wa(w: Word) -> bool:
    """Is what follows a word's و a word or a name of its own (و+أحمد), so that the و joins two names?"""
    from .lexicons import person_names

    return word_counts().get(w.stem, 0) >= _JOINED_COUNT or sum(person_names().get(w.stem, (0, 0))) >= 3


_BLESSINGS = word_class("blessings")  # … الله: a formula after a name
SON_OF = word_class("son_of")  # … بن Y: what follows is the father's name


def extend_family_name(words: Sequence[Word], a: int, b: int) -> int:
    """Where a person's name goes on with a family name that the tagger left out: after a patronymic chain
    (عبدالعزيز بن ابراهيم [الفايز]) a definite word that the name table knows as a name; after given names only
    (جان كلود [يونكر]) an uncommon word."""
    from .lexicons import person_names

    if b >= len(words):
        return b
    names = person_names()
    w = words[b]
    if w.stem in _title_words() or w.norm in _date_words() or w.shape != "arabic":
        return b
    if b - a >= 3 and any(words[k].stem in SON_OF for k in range(a + 1, b)):
        # (not سعود بن نايف | المساجد: a word the name table holds for one person only)
        return b + 1 if w.clitics == "ال" and sum(names.get(w.stem, (0, 0))) >= 3 else b
    # (a lone given name may start with ال, as in الكسيس تسيبراس, where the whole word is rare)
    if all((not x.clitics or (b - a == 1 and x.clitics == "ال" and word_counts().get(x.norm, 0) < _NAME_RARE))
           and names.get(x.stem, (0, 0))[0] >= 3 for x in words[a:b]) and not w.clitics \
            and word_counts().get(w.norm, 0) < _NAME_RARE and names.get(w.stem, (0, 0))[0] < 3 \
            and not gazetteer().lookup((w.stem,)):
        return b + 1
    return b


def split_person(words: Sequence[Word], a: int, b: int) -> list[tuple[int, int]]:
    """Cut a person run at title/role words (dropped) and before a word with the conjunction و; end it at a
    date word (أمس، الثلاثاء، صباح)."""
    for i in range(a, b):
        if words[i].norm in _date_words() or (words[i].norm in _BLESSINGS and i + 1 < len(words)
                                               and words[i + 1].norm == "الله"):
            b = i  # … أمس، … رحمه الله، … رضوان الله عليه: the name ended
            break
    while b > a and words[b - 1].shape == "punct":
        b -= 1
    forms = nisba_forms()
    while b - a >= 2 and words[a].stem in forms:
        a += 1  # رئيس الوزراء [الباكستاني] نواز شريف: the country adjective belongs to the title
    breakers = _person_breakers()
    pieces, start = [], a
    for i in range(a, b):
        w = words[i]
        if w.stem in breakers and not (i > a and (words[i - 1].stem in SON_OF or words[i - 1].norm == "عبد")) \
                and not (i + 1 < b and words[i + 1].stem in SON_OF):
            # ولد الشيخ، عبد الملك، محمد الأمين ولد أحمدو: part of a name
            if start < i:
                pieces.append((start, i))
            start = i + 1
        elif i > start and w.clitics.startswith("و") and _known_after_wa(w):
            pieces.append((start, i))  # (not ريتشارد والتون: التون is no word or name of its own)
            start = i
    if start < b:
        pieces.append((start, b))
    return [(x, y) for x, y in pieces if not (y - x == 1 and words[x].stem in _title_words())]


@lru_cache(maxsize=1)
def _agency_stems() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Agency names as stem sequences by their first stem, longest first."""
    from .words import analyze

    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name in agencies():
        seq = tuple(analyze(w).stem for w in name.split())
        by_first.setdefault(seq[0], []).append((seq, name))
    return {k: sorted(v, key=lambda x: -len(x[0])) for k, v in by_first.items()}


def news_agencies(words: Sequence[Word]) -> list[tuple[int, int, str]]:
    """News agency names (واس، ارنا، أ ف ب): (start, end, lexicon name)."""
    table = _agency_stems()
    out, i = [], 0
    while i < len(words):
        for seq, name in table.get(words[i].stem, ()):
            if tuple(w.stem for w in words[i:i + len(seq)]) == seq:
                out.append((i, i + len(seq), name))
                i += len(seq)
                break
        else:
            i += 1
    return out

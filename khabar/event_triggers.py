"""Event triggers: the lexicon's words with their readings (PLOVER type, CAMEO code, the preposition that takes the
target, a CONSULT mode, the words a reading needs or that void it), and the closed word classes the event finder
reads clauses with (light verbs, verbs of breaking out, relatives, prepositions). Loaded lazily from
``resources/lexicons/triggers.tsv``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .entities.lexicons import imperfect_forms, lexicon_rows, perfect_forms, verb_forms
from .entities.rules import GENITIVE_GOVERNORS
from .entities.rules import PREPOSITIONS as _PREPOSITIONS
from .entities.words import PRONOUN_ENDINGS as _PRONOUN_ENDINGS
from .entities.words import unpossessed
from .ontology import EventType
from .resources import word_class
from .text.normalize import normalize_str

MAX_ARGUMENT_GAP = 8  # tokens between the verb and its actor or target
LIGHT_VERB_GAP = 14  # عقد الرئيس اليمني عبد ربه منصور هادي اليوم (الاثنين) اجتماعا
NEEDS_WINDOW = 12  # tokens after a trigger in which the word its reading needs must stand (أطلق … النار)
UNLESS_WINDOW = 10  # words after a trigger in which a voiding word (رفض … التعليق) is looked for, past its subject
LOCATION_WINDOW = 12  # a place further from the verb is a topic (… الاوضاع في أفغانستان), not where it happened
_NEGATORS = word_class("negators")
_LIGHT_VERBS = word_class("light_verbs")


def is_light_verb(w) -> bool:
    """A light verb or its verbal noun (شن، عقد، أعرب؛ تنفيذ), never a word with the article (التنظيم is a group)."""
    return (w.stem in _LIGHT_VERBS or w.norm in _LIGHT_VERBS) and not w.clitics.endswith("ال")


def is_managing(w) -> bool:
    """A verb of managing or trying (استطاعوا، تمكنت، أكملت): the verbal noun it governs is the event itself."""
    return w.stem in _MANAGED and not w.clitics.endswith("ال")


_BOTH_SIDES = word_class("both_sides")
_CLAIMED = word_class("claimed")
# verbs of breaking out: their definite subject is told for the first time (تصاعدت أمس التظاهرات، اندلعت الاشتباكات)
_ERUPTED = word_class("erupted")
# verbs of managing or trying: the definite verbal noun after them (استطاعوا السيطرة، تمكنت القوات من اعتقال، نجحت في
# تحرير) is the event itself, told for the first time
_MANAGED = frozenset(f for w in word_class("managed") for f in (w, w + "ت", w + "وا", w + "ا"))
_RESULTED = word_class("resulted")
_RELATIVE_VERBS = word_class("relative_verbs")
_UNDERGO = word_class("undergo")
# words after which a word is a noun in the genitive, never a verb (في دعم، من أجل دعم، بعد رفع)
_BEFORE_NOUN = _PREPOSITIONS | GENITIVE_GOVERNORS
# adverbs of time the press sets off with a comma inside a clause (فتحوا أمس، النار)
_TIME_WORDS = word_class("time_words")
_CLAUSE_BREAK = frozenset(("،", ",", ".", "؛", ";", ":", "؟", "!"))


def time_aside(toks, words, k: int) -> bool:
    """Is the comma at ``k`` one of the pair that sets off a time word inside a clause (شن سلاح الجو التركي اليوم،
    أولى غاراته; وأجرى الحزب الحاكم، أمس، محادثات): it ends nothing."""
    if toks[k].text not in ("،", ","):
        return False
    return (k > 0 and words[k - 1].norm in _TIME_WORDS) or (
        k + 2 < len(toks) and words[k + 1].norm in _TIME_WORDS and toks[k + 2].text in ("،", ","))


@dataclass(frozen=True)
class Trigger:
    type: EventType
    cameo: str
    kind: str
    role: str
    mode: str | None
    needs: frozenset[str]
    unless: frozenset[str] = frozenset()


def _triggers() -> dict[str, tuple[Trigger, ...]]:
    """Each normalized form with its readings in lexicon order; a reading with ``needs`` comes into play only when
    one of its words follows (أطلق النار is an attack, أطلق سراح a release), and not when a word marked ``!`` comes
    right after it (رفض الكشف is no rejection)."""
    return _lexicon()[0]


def _imperfect_triggers() -> frozenset[str]:
    """The present-tense forms the trigger lexicon's verbs were given (يتهم، تستقبل)."""
    return _lexicon()[1]


def resumed_readings(form: str) -> tuple[Trigger, ...]:
    """The readings of a present-tense verb with its object pronoun (تحتجزه، يتهمها). After a relative pronoun the
    pronoun resumes the name before it (سيف الإسلام الذي تحتجزه مجموعة مسلحة); elsewhere such a verb is mostly a habit
    or a hypothesis (المعرض يزوره يوميا آلاف الزوار), so these are no triggers of their own."""
    return _lexicon()[3].get(form, ())


def object_suffixed(form: str) -> bool:
    """Is this a verb written with its object pronoun (اعتقلوه، استقبله، التقاه، تحتجزه)? Its object is someone named
    before, and the name after it is its subject."""
    return form in _lexicon()[2]


def _with_object(forms: set[str]) -> set[str]:
    """Perfect-tense forms with an object pronoun: اعتقل → اعتقله، اعتقلوا → اعتقلوه، التقى → التقاه."""
    out = set()
    for f in forms:
        stem = f[:-1] if f.endswith("وا") else f[:-1] + "ا" if f.endswith("ي") else f
        out.update(stem + p for p in _PRONOUN_ENDINGS)
    return out


def _noun_alike(form: str, nouns: set[str]) -> bool:
    """Is a verb-with-object form also a noun? A noun of the lexicon with its owner (رفضه، إدانته: أكد رفضه), or a
    word the news writes with the article or in the feminine plural (طالبه ← طالبة: الطالبة، طالبات; حمله ← حملة),
    alone or after و/ف (وزاره ← وزارة)."""
    from .resources import word_counts

    if any(n in nouns for n in unpossessed(form)) or any(form.startswith(n) and len(form) - len(n) <= 2
                                                          for n in nouns):
        return True
    counts = word_counts()
    # (and و + the form: وزاره is a ministry, not "and visited him")
    return any(counts.get("ال" + lead + form, 0) > 2 for lead in ("", "و", "ف")) \
        or (form.endswith("ه") and counts.get(form[:-1] + "ات", 0) > 0)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[Trigger, ...]], frozenset[str], frozenset[str], dict[str, tuple[Trigger, ...]]]:
    """``triggers.tsv`` read once: the readings of each form, the verbs' present-tense forms, the verbs' forms
    with an object pronoun (those of verbs that take a direct object and are not also a noun of the lexicon), and
    the readings of the present-tense ones among those, which are triggers only in a relative clause."""
    out: dict[str, list[Trigger]] = {}
    imperfect: set[str] = set()
    suffixed: dict[str, list[Trigger]] = {}
    present: dict[str, list[Trigger]] = {}
    rows = lexicon_rows("triggers.tsv", 5)
    nouns = {normalize_str(row[0]) for row in rows if row[3] == "noun"}
    for row in rows:
        word, typ, cameo, kind, role = row[:5]
        mode = row[5] if len(row) > 5 and row[5] else None
        listed = row[6].split("|") if len(row) > 6 and row[6] else []
        needs = frozenset(normalize_str(w) for w in listed if not w.startswith("!"))
        unless = frozenset(normalize_str(w[1:]) for w in listed if w.startswith("!"))
        trig = Trigger(EventType(typ), cameo, kind, normalize_str(role), mode, needs, unless)
        base = normalize_str(word)
        forms = {base}
        if kind == "verb":
            # a present-tense row (يقصف، تقصف، يقصفون) is all present; a perfect one has its present too when
            # derivable (وتتهم منظمات حقوق الانسان القوات الحكومية)
            forms = verb_forms(base)
            imperfect |= forms if base.startswith("ي") else imperfect_forms(base)
            if trig.role == "direct" and not trig.needs and not _noun_alike(base, nouns):
                # (دعمه، قتله: his support, his killing)
                if not base.startswith(("ي", "ت")):
                    for f in _with_object(perfect_forms(base)):
                        suffixed.setdefault(f, []).append(trig)
                for f in (forms if base.startswith("ي") else imperfect_forms(base)):
                    for p in _PRONOUN_ENDINGS:
                        present.setdefault(f + p, []).append(trig)
        elif kind == "passive":
            forms = perfect_forms(base)  # اغتيل، اغتيلت، اغتيلوا: its subject suffered it
        elif kind == "participle":
            forms.add(base.removesuffix("ا") + "ه")
        elif kind == "noun" and not base.endswith(("ه", "ات", "ا")):
            forms.add(base + "ا")  # the accusative object of a light verb: شن هجوما، أبرم اتفاقا
        for f in forms:
            if trig not in out.setdefault(f, []):
                out[f].append(trig)
    suffixed = {f: ts for f, ts in suffixed.items() if f not in out and not _noun_alike(f, nouns)}
    for f, ts in suffixed.items():
        out[f] = list(dict.fromkeys(ts))
    present = {f: tuple(dict.fromkeys(ts)) for f, ts in present.items() if f not in out and not _noun_alike(f, nouns)}
    return {f: tuple(ts) for f, ts in out.items()}, frozenset(imperfect), frozenset(suffixed) | frozenset(present), \
        present


def _reading(readings: tuple[Trigger, ...], following) -> tuple[Trigger | None, int | None]:
    """The first reading whose needed words (if any) follow closely (فتح رجال الشرطة … النار), with the position
    in ``following`` of the needed word (that word is part of this event, not another)."""
    for trig in readings:
        if trig.unless and any(x.stem in trig.unless or x.norm in trig.unless for x in following[:UNLESS_WINDOW]):
            continue  # رفضوا الكشف عن هويتهم، رفضت متحدثة باسم مكتب رئاسة الوزراء التعليق: declined to say
        if not trig.needs:
            return trig, None
        for k, x in enumerate(following):
            if x.stem in trig.needs or x.norm in trig.needs or x.stem.removesuffix("ا") in trig.needs \
                    or not trig.needs.isdisjoint(unpossessed(x.stem)):  # اتفاقا، أولى غاراته
                return trig, k
    return None, None


_PLACE_EVENTS = frozenset((EventType.ASSAULT, EventType.PROTEST))
# acts whose doer the press often leaves unsaid (قتل 55 شخصا، اعتقل …): no doer is borrowed from the sentences before
_UNSTATED_AGENT = frozenset((EventType.ASSAULT, EventType.COERCE, EventType.PROTEST, EventType.MOBILIZE))


def possessed_noun(w, triggers) -> str | None:
    """The lexicon's verbal noun a word with a possessive pronoun is (زيارته → زياره، لقائه → لقاء), if any."""
    for base in unpossessed(w.stem):
        for form in (base, base[:-1] + "ء"):  # لقاي|ه → لقاء: the hamza takes a seat before the pronoun
            if any(r.kind == "noun" for r in triggers.get(form, ())):
                return form
    return None


def _possessed(w, triggers) -> tuple[Trigger, ...] | None:
    """A verbal noun with a possessive pronoun (زيارته، تضامنه، إدانتها): the noun's readings."""
    form = possessed_noun(w, triggers)
    return tuple(r for r in triggers[form] if r.kind == "noun") if form is not None else None

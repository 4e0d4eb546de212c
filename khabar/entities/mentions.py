"""The entities stage: tag each sentence's tokens, turn BIO runs into entity mentions with titles and roles.

One entity per mention for now; clustering mentions into real-world entities is the resolution stage's job.
A mention leaves out the proclitics of its first word except the article (والجيش الباكستاني → الجيش الباكستاني,
لباكستان → باكستان), so that its text is the name as a reader would quote it.
"""
from __future__ import annotations

from functools import lru_cache

from ..document import Document, Entity, Mention, Token
from ..ontology import EntityType
from ..resources import word_class, word_counts
from ..text.normalize import normalize_str
from .conll import spans as chunks
from .gazetteer import gazetteer
from .lexicons import epithets, member_groups, month_names, nisba_forms, person_names
from .ner import default_tagger
from .rules import (
    GENERIC_REFERENTS,
    extend_after_title,
    extend_family_name,
    facilities,
    introduced_names,
    is_place_head,
    locative_guesses,
    military_unit_spans,
    news_agencies,
    organizations,
    person_breakers,
    places,
    places_within,
    split_person,
    states,
)
from .titles import one_word_title_stems, role_after, role_before, title_before, title_sequences_by_length
from .words import MEDIA_HEADS, RELATIVE_PRONOUNS, analyze, analyze_sentence, unpossessed

_STATE_HEAD_STEMS = word_class("state_head_stems")
_COMPASS = word_class("compass")
_DROP_KINDS = frozenset({"conj", "prep", "fut"})
_NAME_DROP = str.maketrans("", "", '"«»“”\'()')


def _mention_start(tok: Token, person: bool = False) -> tuple[int, str]:
    """Where a mention starting with ``tok`` starts, and what its name needs in front (the article when لل hides
    its alef: للقوات المسلحة → span قوات المسلحة, name القوات المسلحة). A person's name keeps a first ك: «as» stands
    before a title, not a name, and the segmenter reads names such as كيري and كيم as ك + a rare word."""
    for seg in tok.segments:
        if seg.kind in _DROP_KINDS and not (person and seg.kind == "prep" and seg.text == "ك"):
            continue
        if seg.kind == "det" and seg.text.replace("\u0640", "")[:1] != "ا":
            stem = tok.segments[-1]
            return stem.start, "ال"
        return seg.start, ""
    return tok.start, ""


_PARTICLES = word_class("particles")


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """Forms of the reporting and event verbs (every form `verb_forms` writes of a lexicon row): none starts
    or ends a person's name."""
    from .lexicons import lexicon_rows, perfect_forms, verb_forms

    verbs = set()
    for name in ("triggers.tsv", "cues.tsv"):
        for row in lexicon_rows(name, 2):
            kind = row[3] if name == "triggers.tsv" and len(row) > 3 else row[1]
            if kind == "verb":
                verbs |= verb_forms(normalize_str(row[0]))
            elif kind == "negated":
                verbs |= perfect_forms(normalize_str(row[0]))
    return frozenset(verbs)


def _given_name_ali(words, toks, a: int, b: int) -> bool:
    """علي written with ي at the head of a longer name is Ali (علي الأحمدي), not the preposition على."""
    return words[a].norm == "علي" and toks[a].text.endswith("ي") and b - a >= 2


def _verb_or_particle(w) -> bool:
    """وأشاد (a verb behind its conjunction), على (a particle as written; not بان, whose stem looks like one)."""
    return w.norm in _PARTICLES or (w.clitics in ("", "و", "ف") and w.stem in _verbs())


@lru_cache(maxsize=1)
def _rank_stems() -> frozenset[str]:
    """Stems of one-word military and honorific titles (الكولونيل، اللواء، الجنرال): never inside an organization's
    name."""
    from .lexicons import titles

    return frozenset(analyze(t).stem for t, kind in titles().items() if " " not in t and kind in ("rank",))


@lru_cache(maxsize=1)
def _title_stems() -> frozenset[str]:
    """Stems of one-word titles that head no role (الملك، اللواء; not رئيس or أمير, which head roles)."""
    from .lexicons import role_heads

    return one_word_title_stems() - {analyze(h.split()[0]).stem for h in role_heads()}


@lru_cache(maxsize=1)
def _building_stems() -> frozenset[str]:
    from .lexicons import building_heads

    return frozenset(analyze(h).stem for h in building_heads())


def _building(w) -> bool:
    return w.stem in _building_stems()


def _spans(words, toks, labels) -> list[tuple[int, int, str]]:
    """Token spans of mentions: the tagger's runs, person runs cut by the name rules, organizations from the
    head-noun rule (replacing tagger spans inside them), and gazetteer places nobody else claimed."""
    spans: list[tuple[int, int, str]] = []
    runs = sorted(chunks(labels))
    # the tagger's organizations that end a role before a name (رئيس مجلس النواب | سليم الجبوري)
    role_bodies = {b for a, b, typ in runs if typ == "ORG" and a and words[a - 1].stem in person_breakers()}
    for a, b, typ in runs:
        if typ == "PER":
            if a - 1 in role_bodies and _given_name(words[a - 1], toks[a - 1]):
                a -= 1  # رئيس مجلس النواب [سليم] الجبوري: the given name the tagger left to the role
            # a name neither starts with a reporting or event verb nor ends with a preposition (the tagger's
            # وأشاد [السيسي], علاوي [على])
            while a < b and _verb_or_particle(words[a]) and not _given_name_ali(words, toks, a, b):
                a += 1
            while b > a and _verb_or_particle(words[b - 1]) and not (b - a >= 2 and toks[b - 1].text == "علي"):
                b -= 1  # (محمد علي: Ali written with ي ends a name)
            cut = next((k for k in range(a + 1, b) if not words[k].clitics and words[k].stem in _verbs()), None)
            if cut is not None:
                b = cut  # a headline runs a name into its verb (يوسف بن علوي يستقبل المعلم)
            if a == b:
                continue
            pieces = split_person(words, a, b)
            if pieces:
                x, y = pieces[0]
                pieces[0] = (extend_after_title(words, toks, x), y)
                x, y = pieces[-1]
                pieces[-1] = (x, extend_family_name(words, x, y))
            spans.extend((x, y, typ) for x, y in pieces)
        elif typ == "ORG":
            # the tagger runs an organization into the title of its spokesman (الجيش البوروندي | الكولونيل غاسبار);
            # a rank that opens the run is a person's (اللواء باقري)
            cut = next((k for k in range(a, b) if words[k].stem in _rank_stems()), None)
            if cut == a and b - a == 1:
                continue
            if cut is None:
                spans.append((a, b, typ))
            else:
                if cut > a:
                    spans.append((a, cut, typ))
                spans.extend((x, y, "PER") for x, y in split_person(words, cut + 1, b))
        else:
            spans.append((a, b, typ))
    # a bare country adjective the tagger calls an organization is the family name of the person just named (قاسم خان
    # | سوري), and alone no organization at all
    forms = nisba_forms()
    for k in range(len(spans) - 1, -1, -1):
        a, b, typ = spans[k]
        if typ == "ORG" and b - a == 1 and not words[a].clitics and words[a].stem in forms:
            before = spans[k - 1] if k else None
            if before is not None and before[2] == "PER" and before[1] == a:
                spans[k - 1:k + 1] = [(before[0], b, "PER")]
            else:
                del spans[k]
    # two place runs back to back, the second with no و/ب/ل, are one name unless the first is a country or the
    # second a known place (مدينة [جيلان] [بينار]; not ناميبيا [يوقعان])
    gaz = gazetteer()
    # (… nor when the lexicons know them: a state, وزار رئيس وزراء المجر | كشمير, or a place of their own)
    state_spans, place_spans = states(words), places(words)  # (read once: the passes below use them too)
    known = {a for a, _b, _c in state_spans} | {a for a, _b, _p in place_spans}
    for k in range(len(spans) - 1, 0, -1):
        (a0, b0, t0), (a1, b1, t1) = spans[k - 1], spans[k]
        if t0 == t1 == "LOC" and b0 == a1 and not words[a1].clitics and words[a1].shape == "arabic" \
                and a0 not in known and a1 not in known \
                and not any(p.type in ("country", "region") for p in gaz.lookup(tuple(w.stem for w in words[a0:b0]))) \
                and not gaz.lookup(tuple(w.stem for w in words[a1:b1])):
            spans[k - 1:k + 1] = [(a0, b1, "LOC")]
    # nobody is "in" a person: an unknown name right after في is a place (في غورداسبور)
    spans = [(a, b, "LOC") if typ == "PER" and b - a <= 2 and a > 0 and words[a - 1].stem == "في"
             and not words[a].clitics else (a, b, typ) for a, b, typ in spans]
    for a, b, _name in news_agencies(words):
        # the agency wins over the tagger's reading (a dateline's (واس) is no place)
        spans = [s for s in spans if not (s[0] < b and a < s[1])] + [(a, b, "ORG")]
    for a, b in introduced_names(words, toks):
        if not any(s[0] < b and a < s[1] for s in spans):
            spans.append((a, b, "PER"))
    for a, b in military_unit_spans(words):
        # اللواء الرابع is a brigade: no rank of a person named after it, and no tagger run through it
        spans = [s for s in spans if not (s[0] < b and a < s[1])] + [(a, b, "ORG")]
    for a, b, _country in state_spans:
        spans = [s for s in spans if not (a <= s[0] and s[1] <= b)]
        if not any(s[0] < b and a < s[1] for s in spans):
            spans.append((a, b, "LOC"))
    for a, b in organizations(words, toks):
        inside = [s for s in spans if a <= s[0] and s[1] <= b]
        crossing = [s for s in spans if s[0] < b and a < s[1] and s not in inside]
        # the tagger running on past the name (حركة [حماس صاروخين]) yields to the head rule; one that starts
        # before the head (a person whose title holds the organization) does not
        # … and so does one that starts with the name and runs on into an indefinite noun (الأمانة العامة لهيئة كبار
        # العلماء | أهل فلسطين)
        tails = [s for s in crossing if s[2] == "ORG" and (a < s[0] or (s[0] == a and b - a >= 3 and b < len(words)
                                                                        and not words[b].clitics
                                                                        and words[b].shape == "arabic"))]
        if len(tails) == len(crossing):
            spans = [s for s in spans if s not in inside and s not in tails] + [(a, b, "ORG")]
    for a, b, typ in [s for s in spans if s[2] in ("PER", "ORG")]:
        # a place head before a person's name, perhaps with a title between, names a place after him
        # (مسجد الإمام الصادق، مستشفى الملك فهد); a building's head before an organization names the building
        # (مسجد قوات الطوارئ)
        for start in (a - 1, a - 2) if typ == "PER" else (a - 1,):
            if start >= 0 and is_place_head(words[start]) and (typ == "PER" or _building(words[start])):
                spans = [s for s in spans if (s[0], s[1]) != (a, b)] + [(start, b, "LOC")]
                break
    for a, b in facilities(words, toks):
        # a place head and its name (مطار "نورخان") outweigh the tagger's reading of the name alone
        crossing = [s for s in spans if s[0] < b and a < s[1] and not (a <= s[0] and s[1] <= b)]
        if not crossing:
            spans = [s for s in spans if not (a <= s[0] and s[1] <= b)] + [(a, b, "LOC")]
    for a, b in places_within(words, spans):
        spans.append((a, b, "LOC"))
    for a, b, _place in place_spans + locative_guesses(words):
        if b - a >= 2:
            # a multiword place name matched whole is a place, whatever the tagger said of it or of a part of it
            # (اسلام اباد is no person; وإسلام [آباد] is not إسلام)
            spans = [s for s in spans if not (a <= s[0] and s[1] <= b)]
        if not any(s[0] < b and a < s[1] for s in spans):
            spans.append((a, b, "LOC"))
    # a known place and a compass adjective is a part of the place (مدينة عدن الشمالية), unless the whole is a place
    # too (كوريا الشمالية)
    spans = [(a, b - 1, typ) if typ == "LOC" and b - a >= 2 and words[b - 1].stem in _COMPASS
             and gaz.lookup(tuple(w.stem for w in words[a:b - 1])) and not gaz.lookup(tuple(w.stem for w in words[a:b]))
             else (a, b, typ) for a, b, typ in spans]
    # … and a place with its country's adjective is the place (تكساس الأمريكية، مدينة اللاذقية السورية), unless the
    # whole is a name (الولايات المتحدة الأمريكية، الجمهورية العربية السورية)
    forms = nisba_forms()
    spans = [(a, b - 1, typ) if typ == "LOC" and b - a >= 2 and words[b - 1].clitics == "ال"
             and words[b - 1].stem in forms and not gaz.lookup(tuple(w.stem for w in words[a:b]))
             and words[b - 2].stem not in forms and words[a].stem not in _STATE_HEAD_STEMS
             else (a, b, typ) for a, b, typ in spans]
    # a judging adjective is no part of a group's name, nor what follows it (تنظيم داعش [الإرهابي]، القوات
    # [الموالية للرئيس هادي]), and an organization does not run on into what it was held (حمّل … قوة الاحتلال |
    # المسؤولية الكاملة)
    judging = epithets()
    spans = [(a, next((k for k in range(a + 1, b) if words[k].norm in judging or words[k].stem in _HELD), b), typ)
             if typ == "ORG" else (a, b, typ) for a, b, typ in spans]
    # a person's name does not end with the country adjective of the next one (رئيسا الوزراء الهندي ناريندرا مودي
    # | والباكستاني نواز شريف)
    spans = [(a, b - 1, typ) if typ == "PER" and b - a >= 3 and words[b - 1].clitics.startswith("و")
             and words[b - 1].stem in forms else (a, b, typ) for a, b, typ in spans]
    # … nor with a common noun with the article, the object after it (يوسف بن علوي | الوفد): a word the name table
    # does not know that the news writes without the article as often as with it
    spans = [(a, b - 1, typ) if typ == "PER" and b - a >= 3 and _common_noun_with_article(words[b - 1])
             else (a, b, typ) for a, b, typ in spans]
    # … nor with the verb or the accusative after it (منصور هادي | سيطرت، علي دوابشه | حرقا، يري | مازحا)
    spans = [(a, _before_what_follows(words, a, b), typ) if typ == "PER" else (a, b, typ) for a, b, typ in spans]
    # a relative or demonstrative pronoun is nobody's name (شقيقه اللذين دانا: the tagger's slip), nor a personal
    # pronoun (أنا أندد) or a word of two letters alone (أم، إم of إم إس إن بي سي)
    spans = [(a, b, typ) for a, b, typ in spans if not (b - a == 1 and (words[a].norm in _FUNCTION_WORDS
                                                                        or len(words[a].norm) <= 2))]
    # a month's other name in brackets after it is a date (أبريل (نيسان)), not the car maker
    months = month_names()
    spans = [(a, b, typ) for a, b, typ in spans if not (b - a == 1 and a >= 2 and toks[a - 1].text == "("
                                                         and words[a].norm in months and words[a - 2].norm in months)]
    # a body named by what its speaker owns (حكومة بلاده، وزارة خارجيتها) is a reference, not a name
    spans = [(a, b, typ) for a, b, typ in spans if not (typ == "ORG" and b - a >= 2 and _owned(toks[b - 1].text))]
    # «آل» (the house of) never ends a name: سلمان بن عبدالعزيز آل | سعود is one person
    house = {b for a, b, typ in spans if typ == "PER" and b < len(words) and toks[b - 1].text == "آل"
             and words[b].shape == "arabic" and not words[b].clitics}
    spans = [(a, b + 1, typ) if typ == "PER" and b in house else (a, b, typ) for a, b, typ in spans
             if not (a in house and b - a == 1)]
    # a definite word is never the first term of a construct, so a country or a group named right after one starts
    # a name of its own (طردت المقاومة الشعبية | الحوثيين، الهلال الأحمر | اليمن), unless the whole is a known place
    spans = [piece for span in spans for piece in _split_after_definite(words, span, gaz)]
    # a body's name ends with its own country, not with a second country joined to it (القوات المسلحة الإيرانية
    # | والباكستانية: the forces of two states)
    spans = [(a, b - 1, typ) if typ == "ORG" and b - a >= 3 and words[b - 1].clitics.startswith("و")
             and words[b - 1].stem in forms and words[b - 2].stem in forms else (a, b, typ) for a, b, typ in spans]
    # the words of a title are nobody's name (خادم [الحرمين الشريفين])
    spans = [(a, b, typ) for a, b, typ in spans if not (typ == "PER" and _inside_a_title(words, a, b))]
    # generic referents are nobody's name (الجانبان، الطرفان)
    spans = [s for s in spans if not (s[1] - s[0] == 1 and words[s[0]].stem in GENERIC_REFERENTS)]
    # a name in quotation marks that is spoken to or named as a medium is the medium (لـ«الشرق الأوسط»، صحيفة
    # «الرياض»), not the place it is named after
    spans = [(a, b, "ORG") if typ == "LOC" and _quoted_medium(words, toks, a, b) else (a, b, typ)
             for a, b, typ in spans]
    # «المعترف بها دوليا» is part of the name of the body it follows (الحكومة المعترف بها دوليا، البرلمان المعترف به)
    for a, b, typ in [s for s in spans if s[2] == "ORG"]:
        end = _recognized_end(words, b)
        if end != b:  # (and what the tagger made of the words it takes in goes)
            spans = [s for s in spans if s != (a, b, typ) and not (a <= s[0] and s[1] <= end)] + [(a, end, typ)]
    return _office_of_a_role(words, sorted(spans))


_RECOGNIZED_BY = word_class("recognized_by")
_INTERNATIONALLY = word_class("internationally")


def _recognized_end(words, b: int) -> int:
    """Where a body's name ends when «المعترف به(ا) [دوليا]» follows it or its last word is «المعترف»."""
    n = len(words)
    k = b
    if k < n and words[k].stem == "معترف" and words[k].clitics == "ال":
        k += 1
    elif not (b and words[b - 1].stem == "معترف"):
        return b
    if k < n and words[k].norm in _RECOGNIZED_BY:
        k += 1
        if k < n and words[k].norm in _INTERNATIONALLY:
            k += 1
        return k
    return b


def _given_name(w, tok: Token) -> bool:
    """A plain word the name table holds mostly as a given name (سليم), not a title or a verb."""
    given, family = person_names().get(w.stem, (0, 0))
    return tok.kind == "arabic" and not w.clitics and given >= _GIVEN_NAME_PEOPLE and given >= family \
        and w.stem not in person_breakers() and not _verb_or_particle(w)


def _common_noun_with_article(w) -> bool:
    if w.clitics != "ال" or w.stem in person_names():
        return False
    counts = word_counts()
    bare = counts.get(w.stem, 0)
    return bare >= _COMMON_BARE_COUNT and bare >= _COMMON_BARE_SHARE * counts.get(w.norm, 0)


_COMMON_BARE_COUNT, _COMMON_BARE_SHARE = 50, 0.3  # (وفد 166 times, الوفد 171; جبير 14, الجبير 216, and a name)


def _inside_a_title(words, a: int, b: int) -> bool:
    """Are words a..b the end of a title of several words that starts just before them?"""
    seqs = title_sequences_by_length()
    return any(tuple(w.norm for w in words[a - k:b]) in seqs.get(b - a + k, ()) for k in (1, 2) if a - k >= 0)


_BEFORE_ADJECTIVE = word_class("before_adjective")  # القوات شبه العسكرية، المنظمات غير الحكومية
_GIVEN_NAME_PEOPLE = 3  # people with the word as a given name in the name table, for it to start a person's name


@lru_cache(maxsize=1)
def _group_stems() -> frozenset[str]:
    """Stems of the one-word groups named by their members (الحوثيين → حوثيين، البيشمركة)."""
    return frozenset(analyze(name).stem for name in member_groups() if " " not in name)


def _split_after_definite(words, span: tuple[int, int, str], gaz) -> list[tuple[int, int, str]]:
    """An organization's name that runs on past a definite word into a bare indefinite one (المقاومة | كمينا، اللجنة
    | بيتر مورير) ends there: such a word is neither its adjective (which would take the article too) nor its
    genitive (a word with the article heads no construct). A title may precede a name (جامعة الملك سعود), a
    preposition may go on (القاعدة في جزيرة العرب), and so may شبه and غير (المنظمات غير الحكومية). What follows
    is a person when it starts with a given name, else nothing. A country or a group named last after a definite
    word is a name of its own."""
    a, b, typ = span
    if typ == "ORG":
        titles = one_word_title_stems()
        cut = next((k for k in range(a + 1, b) if words[k - 1].clitics.endswith("ال") and not words[k].clitics
                    and words[k].shape == "arabic" and not words[k].norm.startswith("ال")
                    and words[k].norm not in _PARTICLES and words[k].norm not in _BEFORE_ADJECTIVE
                    and words[k - 1].stem not in titles), None)
        if cut is not None:
            given = person_names().get(words[cut].stem, (0, 0))[0]
            return [(a, cut, typ)] + ([(cut, b, "PER")] if given >= _GIVEN_NAME_PEOPLE else [])
    if typ not in ("ORG", "PER") or b - a < 2 or not words[b - 2].clitics.endswith("ال") \
            or words[b - 1].clitics not in ("", "ال"):
        return [span]
    last = words[b - 1].stem
    country = any(p.type == "country" for p in gaz.lookup((last,)))
    if not (country or last in _group_stems()) or gaz.lookup(tuple(w.stem for w in words[a:b])):
        return [span]
    return [(a, b - 1, typ), (b - 1, b, "LOC" if country else "ORG")]


def _office_of_a_role(words, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organization ending in a role head with ل, right before the organization the role heads, is one name:
    المكتب الإعلامي لرئيس | مجلس النواب is the office of the Speaker."""
    out: list[tuple[int, int, str]] = []
    for a, b, typ in spans:
        if out and typ == "ORG" and out[-1][2] == "ORG" and out[-1][1] == a and a - out[-1][0] >= 2 \
                and words[a - 1].clitics == "ل" and words[a - 1].stem in person_breakers():
            out[-1] = (out[-1][0], b, "ORG")
        else:
            out.append((a, b, typ))
    return out


_HELD = word_class("held")  # المسؤولية, normalized: what a body is held


# adverbs of manner and turn written with ب, which a speaker's name runs into (normalized)
_MANNER = word_class("manner")


def _before_what_follows(words, a: int, b: int) -> int:
    """The end of a person's name of three words or more, short of the words after it that are none of it
    (سلمان بن عبدالعزيز | اتصالا هاتفيا)."""
    while b - a >= 3 and _after_a_name(words[b - 1]):
        b -= 1
    return b


def _after_a_name(w) -> bool:
    """A word that follows a name but is none of it: a verb of the event lexicon (سيطرت) or an indefinite accusative
    of a common word (حرقا، مازحا), which no name the name table knows is."""
    from .lexicons import event_verb_forms, person_names

    if w.norm in _MANNER:
        return True  # استنكر المفتي شوقي علام بشدة، وقال الوزير بدوره
    if w.clitics or person_names().get(w.stem, (0, 0)) != (0, 0):
        return False
    if w.norm in event_verb_forms():
        return True
    return w.norm.endswith("ا") and len(w.norm) >= 4 and word_counts().get(w.norm[:-1], 0) >= 50


_FUNCTION_WORDS = RELATIVE_PRONOUNS | word_class("demonstratives_and_pronouns")


def _owned(text: str) -> bool:
    """A word written with a possessive pronoun (بلاده، خارجيتها، حكومتهم): ه/ها/هم on a common word — not a name
    that ends in ه (الله: a word with the article takes no possessive) nor a feminine ة."""
    if text.endswith("ة") or text.startswith("ال"):
        return False
    return any(word_counts().get(base, 0) >= 50 for base in unpossessed(normalize_str(text)))


_OPENING_QUOTES = frozenset('"«“')
_CLOSING_QUOTES = frozenset('"»”')


def _quoted_medium(words, toks, a: int, b: int) -> bool:
    if not (a >= 2 and b < len(toks) and toks[a - 1].text in _OPENING_QUOTES and toks[b].text in _CLOSING_QUOTES):
        return False
    before = words[a - 2]
    return before.norm == "ل" or before.stem in MEDIA_HEADS


def find_entities(doc: Document) -> tuple[Entity, ...]:
    tagger = default_tagger()
    text = doc.text
    entities: list[Entity] = []
    tokens = doc.tokens
    pieces = []
    ti = 0
    for sent in doc.sentences:
        while ti < len(tokens) and tokens[ti].start < sent.start:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj].end <= sent.end:
            tj += 1
        if tj > ti:
            pieces.append(tokens[ti:tj])
        ti = tj
    sentence_words = [analyze_sentence([t.text for t in toks]) for toks in pieces]
    # the whole article in one call: the neural tagger runs its sentences in batches
    for toks, words, tags in zip(pieces, sentence_words, tagger.tag_many(sentence_words), strict=True):
        spans = _spans(words, toks, tags)
        person_starts = {x for x, _y, t in spans if t == "PER"}
        claimed: list[tuple[int, int]] = []  # role phrases already tied to a person of this sentence
        for a, b, typ in spans:
            try:
                etype = EntityType(typ)
            except ValueError:
                continue
            (start, prefix), end = _mention_start(toks[a], typ == "PER"), toks[b - 1].end
            if start >= end:
                continue
            titles: tuple[str, ...] = ()
            roles: list[str] = []
            if etype is EntityType.PER:
                before = a
                title = title_before(toks, a)
                if title:
                    before, title_text = title
                    titles = (title_text,)
                for found in (role_before(toks, before), role_after(toks, b)):
                    if found:
                        r0, r1 = found
                        # a role ends where a title of someone else begins (أمير المنطقة الشرقية … | للملك سلمان)
                        r1 = next((k for k in range(r0 + 1, r1) if words[k].stem in _title_stems()), r1)
                        if (r1 in person_starts and r1 != a) or any(r0 <= x < r1 for x in person_starts):
                            continue  # الملك سلمان، الرئيس المصري عبد الفتاح السيسي: the role is the next man's
                        if any(x < r1 and r0 < y for x, y in claimed):
                            continue  # the man before already took it (سعود بن نايف أمير المنطقة الشرقية … للملك سلمان)
                        claimed.append((r0, r1))
                        r_start, r_prefix = _mention_start(toks[r0])
                        roles.append(r_prefix + text[r_start:toks[r1 - 1].end])
            written = text[start:end]
            name = " ".join(written.translate(_NAME_DROP).split())
            entities.append(Entity(id=f"e{len(entities) + 1}", type=etype, name=prefix + name,
                                   mentions=(Mention(start, end, written),), titles=titles, roles=tuple(roles)))
    return tuple(entities)

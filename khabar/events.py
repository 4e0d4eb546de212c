"""Events: who did what to whom, where and when, in PLOVER with CAMEO beside, each tied to the sentence stating it.

Triggers are verbs and participles from ``resources/lexicons/triggers.tsv``, matched on clitic-stripped normalized
stems. Arguments follow Arabic clause structure:

* actor: the entity named right after the verb (VSO) or right before it in the clause (SVO: "رئيس هيئة الاركان …،
  وصل"); for a participle (مشيدا) the subject of the sentence's main verb; when the subject is dropped, the actor of
  the previous event or the last speaker (وحضر اللواء باقري … والتقى الجنرال باجوا);
* target: the next entity, directly or after the verb's preposition (مع، ب، الى، على); coordinated subjects
  (وبحث اللواء باقري والجنرال باجوا) are all actors; for an arrival (وصل الى اسلام اباد) the place is the location
  and its country the target;
* location: a place after في or the arrival's place; date: the nearest timex in the sentence, else in a
  neighbouring sentence, else the previous event's date;
* negation (لم يلتق، نفى) sets ``negated``; plans (سيزور، سوف) are skipped: they have not happened;
* one real event reported several times (same type and parties, compatible dates) is merged into one, with every
  evidence sentence kept in ``evidence_all``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .document import Document, Entity, Event, Span, Timex, Token, mentions_by_start
from .entities.lexicons import imperfect_forms, lexicon_rows, nisba_forms, perfect_forms
from .entities.rules import is_title_word
from .entities.words import analyze, analyze_sentence
from .ontology import ConsultMode, EventType
from .text.normalize import normalize_str

MAX_ARGUMENT_GAP = 8  # tokens between the verb and its actor or target
LIGHT_VERB_GAP = 14  # عقد الرئيس اليمني عبد ربه منصور هادي اليوم (الاثنين) اجتماعا
NEEDS_WINDOW = 12  # tokens after a trigger in which the word its reading needs must stand (أطلق … النار)
MAX_MENTION_CHARS = 200  # no mention is longer: the backward search for enclosing mentions stops there
LOCATION_WINDOW = 12  # a place further from the verb is a topic (… الاوضاع في أفغانستان), not where it happened
_NEGATORS = frozenset(("لم", "لن", "ما"))
_LIGHT_VERBS = frozenset(normalize_str(w) for w in ("نظم", "نظمت", "شن", "شنت", "شنه", "شنها", "نفذ", "نفذت",
                                                    "عقد", "عقدت", "أجرى", "أجرت", "وجه", "وجهت", "قام", "قامت",
                                                    "أمر", "أمرت", "تلقي", "تلقت", "أعرب", "أعربت",
                                                    # أكد رفضه، أعلن دعمه، جدد إدانته: a stance stated
                                                    "أكد", "أكدت", "أعلن", "أعلنت", "جدد", "جددت", "أبدى", "أبدت",
                                                    # تبنت الحركة الهجوم: claimed it
                                                    "تبني", "تبنت",
                                                    # their verbal nouns: تنفيذ التحالف الدولي 29 ضربة جوية
                                                    "تنفيذ", "تنظيم", "إجراء", "شنه"))
_BOTH_SIDES = frozenset(normalize_str(w) for w in ("جانبان", "جانبين", "طرفان", "طرفين", "بلدان", "بلدين"))
_CLAIMED = frozenset(normalize_str(w) for w in ("تبنى", "تبنت", "تبنوا"))
# verbs of breaking out: their definite subject is told for the first time (تصاعدت أمس التظاهرات، اندلعت الاشتباكات)
_ERUPTED = frozenset(normalize_str(w) for w in ("اندلع", "اندلعت", "تصاعد", "تصاعدت", "تجدد", "تجددت", "انطلق",
                                                "انطلقت", "خرج", "خرجت", "عم", "عمت", "تواصل", "تواصلت", "دار",
                                                "دارت", "وقع", "وقعت", "شهد", "شهدت"))
_RESULTED = frozenset(normalize_str(w) for w in ("أدى", "أدت", "أسفر", "أسفرت", "خلف", "خلفت"))
_RELATIVE_VERBS = frozenset(normalize_str(w) for w in ("نفذ", "نفذت", "ارتكب", "ارتكبت", "تبنى", "تبنت"))
_UNDERGO = frozenset(normalize_str(w) for w in ("تعرض", "تعرضت", "تعرضوا"))
_PREPOSITIONS = frozenset(("في", "الي", "من", "علي", "عن", "مع", "بين", "ضد", "لدي", "عند"))
_RELATIVES = frozenset(("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"))
_CLAUSE_BREAK = frozenset(("،", ",", ".", "؛", ";", ":", "؟", "!"))


@dataclass(frozen=True)
class Trigger:
    type: EventType
    cameo: str
    kind: str
    role: str
    mode: str | None
    needs: frozenset[str]
    unless: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[Trigger, ...]]:
    """Each normalized form with its readings in lexicon order; a reading with ``needs`` comes into play only when
    one of its words follows (أطلق النار is an attack, أطلق سراح a release), and not when a word marked ``!`` comes
    right after it (رفض الكشف is no rejection)."""
    out: dict[str, list[Trigger]] = {}
    for row in lexicon_rows("triggers.tsv", 5):
        word, typ, cameo, kind, role = row[:5]
        mode = row[5] if len(row) > 5 and row[5] else None
        listed = row[6].split("|") if len(row) > 6 and row[6] else []
        needs = frozenset(normalize_str(w) for w in listed if not w.startswith("!"))
        unless = frozenset(normalize_str(w[1:]) for w in listed if w.startswith("!"))
        trig = Trigger(EventType(typ), cameo, kind, normalize_str(role), mode, needs, unless)
        base = normalize_str(word)
        forms = {base}
        if kind == "verb":
            forms = perfect_forms(base) | imperfect_forms(base)  # وتتهم منظمات حقوق الانسان القوات الحكومية
        elif kind == "participle":
            forms.add(base.removesuffix("ا") + "ه")
        elif kind == "noun" and not base.endswith(("ه", "ات", "ا")):
            forms.add(base + "ا")  # the accusative object of a light verb: شن هجوما، أبرم اتفاقا
        for f in forms:
            if trig not in out.setdefault(f, []):
                out[f].append(trig)
    return {f: tuple(ts) for f, ts in out.items()}


@lru_cache(maxsize=1)
def _imperfect_triggers() -> frozenset[str]:
    """The present-tense forms the trigger lexicon's verbs were given (يتهم، تستقبل)."""
    out: set[str] = set()
    for row in lexicon_rows("triggers.tsv", 5):
        if row[3] == "verb":
            out |= imperfect_forms(normalize_str(row[0]))
    return frozenset(out)


def _reading(readings: tuple[Trigger, ...], following) -> tuple[Trigger | None, int | None]:
    """The first reading whose needed words (if any) follow closely (فتح رجال الشرطة … النار), with the position
    in ``following`` of the needed word (that word is part of this event, not another)."""
    for trig in readings:
        if trig.unless and any(x.stem in trig.unless or x.norm in trig.unless for x in following[:2]):
            continue  # رفضوا الكشف عن هويتهم: declined to say, no rejection
        if not trig.needs:
            return trig, None
        for k, x in enumerate(following):
            if x.stem in trig.needs or x.norm in trig.needs or x.stem.removesuffix("ا") in trig.needs:  # اتفاقا
                return trig, k
    return None, None


@dataclass
class _Found:
    type: EventType
    cameo: str
    mode: str | None
    trigger: Span
    evidence: Span
    actors: list[str]
    targets: list[str]
    location: str | None
    timex: Timex | None
    negated: bool
    sentence: int
    evidence_all: list[dict] = field(default_factory=list)
    refers_back: bool = False  # its sentence names the event with a definite noun (في الهجوم): told before


def _entities_of(index, toks: Sequence[Token], starts: list[int] | None = None) -> list[Entity | None]:
    """The entity each token belongs to (a mention starts in it or covers it; the outermost one when mentions
    nest, as a role phrase around an organization's name), found by bisection."""
    from bisect import bisect_right

    starts = starts if starts is not None else [s for s, _, _ in index]
    out: list[Entity | None] = []
    for tok in toks:
        k = bisect_right(starts, tok.end - 1) - 1  # the last mention starting before the token ends
        ent = None
        while k >= 0 and index[k][0] >= tok.start - MAX_MENTION_CHARS:
            s, e, cand = index[k]
            if tok.start <= s < tok.end or s <= tok.start < e:
                ent = cand  # keep going back: an earlier, enclosing mention wins
            k -= 1
        out.append(ent)
    return out


def find_events(doc: Document) -> tuple[Event, ...]:
    triggers = _triggers()
    index = mentions_by_start(doc.entities)
    index_starts = [s for s, _, _ in index]
    by_id = {e.id: e for e in doc.entities}
    found: list[_Found] = []
    last_actor: list[str] = []
    last_sentence = -2
    speakers = sorted((q.cue.start, q.speaker) for q in doc.quotes if q.speaker)
    for si, (sent, toks) in enumerate(zip(doc.sentences, doc.sentence_tokens, strict=True)):
        if sent.kind == "heading":
            continue
        words = analyze_sentence([t.text for t in toks])
        ents = _entities_of(index, toks, index_starts)
        for k in _reference_points(words, ents):
            ents[k] = None  # (375 كلم جنوب بغداد): a place that measures distance is not where it happened
        told = {r.type for w in words if w.clitics.endswith("ال") for r in triggers.get(w.stem, ()) if r.kind == "noun"}
        first_here = len(found)
        consumed: set[int] = set()
        for i, w in enumerate(words):
            readings = triggers.get(w.stem) or (triggers.get(w.norm[1:]) if w.norm[:1] in "وف" and not w.clitics
                                                else None)
            pair: list[str] = []
            if not readings:
                # أعرب عن تضامنه: a possessed verbal noun after a light verb; خلال لقائهما: the meeting of the two
                # people just named; elsewhere (خلال زيارته، في استقباله) it refers to an event already told
                readings = _possessed(w, triggers)
                if readings and w.stem.endswith("هما") and readings[0].type is EventType.CONSULT:
                    pair = list(dict.fromkeys(e.id for s_, _, e in reversed(index)
                                              if s_ < toks[i].start and e.type.value == "PER"))[:2]
                    if len(pair) < 2:
                        continue
                elif not readings or not any(b.stem in _LIGHT_VERBS for b in _clause_before(toks, words, i)):
                    continue
            introduced = w.clitics.endswith("ال") and readings[0].kind == "noun" and (
                _introduces(words, i) or any(b.stem in _CLAIMED for b in _clause_before(toks, words, i)))
            if w.clitics not in ("", "و", "ف") and not introduced \
                    and not _clitics_allowed(w, readings, _clause_before(toks, words, i)):
                continue
            if i in consumed:
                continue  # the word a verb needed (وقعت … على اتفاقية): already part of that event
            following = [k for k in range(i + 1, min(len(words), i + 1 + 2 * NEEDS_WINDOW))
                         if words[k].shape == "arabic"][:NEEDS_WINDOW]
            trig, needed = _reading(readings, [words[k] for k in following])
            if trig is None:
                continue
            if needed is not None:
                consumed.add(following[needed])
            if any(g.kind == "fut" for g in toks[i].segments) or (i and words[i - 1].norm == "سوف") \
                    or (trig.kind == "noun" and i and any(g.kind == "fut" for g in toks[i - 1].segments)):
                continue  # a plan, not an event (سيزور، سيجري مباحثات)
            if trig.type is EventType.REQUEST and trig.kind == "verb" and i + 1 < len(words) \
                    and not words[i + 1].clitics and words[i + 1].stem in nisba_forms():
                continue  # مقتل طالب سعودي: the student, not "demanded"
            if trig.kind == "verb" and i and (words[i - 1].norm == "لا" or words[i - 1].stem in ("لم", "لن")) \
                    and (w.stem in _imperfect_triggers() or w.norm in _imperfect_triggers()):
                continue  # لم تعتقل الشرطة أي مستوطن: nothing happened
            negated = trig.kind == "negated"
            if trig.kind == "negated" and not (i and words[i - 1].stem in _NEGATORS):
                continue
            if trig.kind == "noun":
                if any(x.stem in _RESULTED for x in words[max(0, i - 3):i]) and any(f.sentence == si for f in found):
                    continue  # … مما أدى إلى مقتل 23: the toll of an event this sentence already told
                if any(f.sentence == si and f.type is trig.type and f.trigger.end <= toks[i].start
                       and _same_clause(toks, f.trigger.start, i) for f in found[-3:]):
                    continue  # a verb just stated this event (قام بزيارة، أجرى مباحثات، أمرت … بحبس)
                actors, targets, location = _noun_arguments(toks, words, ents, i, trig, doc.entities)
                if pair:
                    actors, targets = pair[1:], pair[:1]
                if not actors and trig.type in (EventType.CONSULT, EventType.AGREE):
                    # إتفقا اثناء اتصال هاتفي: the doers of the clause the noun sits in
                    actors = next((list(f.actors) for f in reversed(found) if f.sentence == si and f.actors), [])
                if not actors and trig.type is EventType.CONSULT and (
                        (i + 1 < len(words) and _has_pronoun(words[i + 1])) or w.stem not in triggers):
                    # زيارة سموه: the person the article is about, else the last person it named
                    recent = [e.id for s_, _, e in index if s_ < toks[i].start and e.type.value == "PER"]
                    actors = list(last_actor) or recent[-1:]
                if actors and not targets:
                    targets = _pronoun_target(toks, words, i, trig, index, actors)
                if not actors and not targets and location is None and trig.type in _PLACE_EVENTS \
                        and w.clitics.endswith("ال") and _introduces(words, i):
                    # المظاهرة التي انطلقت صباح أمس قرب مجلس الشورى: a protest told anew takes the city the
                    # sentence before put the story in (… في العاصمة الايرانية طهران)
                    location = _place_before(doc, si, index)
                if not actors and not targets and not (location and trig.type in _PLACE_EVENTS):
                    continue
                ev = Span(sent.start, sent.end, sent.text)
                found.append(_Found(trig.type, trig.cameo, trig.mode if trig.type is not EventType.CONSULT
                                    else _consult_mode(doc, actors, targets, location, by_id) or None,
                                    Span(toks[i].start, toks[i].end, toks[i].text), ev, actors, targets, location,
                                    _nearest_timex(doc, si, toks[i].start), False, si, [ev.to_dict()]))
                continue
            both_sides = i + 1 < len(words) and words[i + 1].stem in _BOTH_SIDES
            actors, targets, location = _arguments(doc, toks, words, ents, i, trig, by_id)
            if both_sides:
                # اتفق الجانبان: the two sides are the parties of the last meeting
                meeting = next((f for f in reversed(found) if f.type is EventType.CONSULT), None)
                if meeting is not None:
                    actors, targets = list(dict.fromkeys(meeting.actors + meeting.targets)), []
            if not actors and trig.kind == "participle":
                main = next((e.id for e in ents[:i] if e is not None and e.type.value == "PER"), None)
                actors = [main] if main else []
            things_after = i + 1 < len(words) and ents[i + 1] is None and not words[i + 1].clitics \
                and words[i + 1].norm.endswith("ات") and len(words[i + 1].norm) > 4  # وصلت تجهيزات عسكرية
            if not actors and trig.type not in _UNSTATED_AGENT and not _common_subject(words, ents, toks, i) \
                    and not things_after and not _inside_report(doc, toks[i].start):
                # a dropped subject: the doer of an event or the speaker of a quote in this or the previous sentence
                prior = [sp for pos, sp in speakers if doc.sentences[max(0, si - 1)].start <= pos < toks[i].start]
                here = [sp for pos, sp in speakers if sent.start <= pos < toks[i].start]
                actors = list(last_actor) if last_sentence >= si - 1 else []
                # وأفاد يونكر … مشيرا الى انه تحدث مع …: the speaker of this sentence's report did it
                actors = here[-1:] or actors or prior[-1:]
            if not targets and actors:
                targets = _pronoun_target(toks, words, i, trig, index, actors)
            targets = [t for t in targets if t not in actors]
            if location is None and not actors and trig.type in _UNSTATED_AGENT:
                # اعتقل أكثر من 200 مدرس … في العاصمة الايرانية طهران: with no doer named, where it happened
                # is what the sentence tells of it
                location = next((ents[k].id for k in range(i + 1, len(toks)) if ents[k] is not None
                                 and ents[k].type.value == "LOC" and _after_in(words, ents, k)), None)
            if trig.type in told and location is None:
                # وقتل شرطيان … في الهجوم الذي … في غورداسبور: the sentence adds to an event told, its place too
                location = next((ents[k].id for k in range(1, len(toks)) if ents[k] is not None
                                 and ents[k].type.value == "LOC" and words[k - 1].stem == "في"), None)
            if not actors and not (trig.type in _UNSTATED_AGENT and (targets or (trig.type in told and location))):
                continue  # a meeting, statement or deal needs its doer; an attack or arrest may go unattributed
            if actors:
                last_actor, last_sentence = actors[:1], si
            mode = trig.mode
            if trig.type is EventType.CONSULT and mode is None:
                mode = _consult_mode(doc, actors, targets, location, by_id)
            ev = Span(sent.start, sent.end, sent.text)
            found.append(_Found(trig.type, trig.cameo, mode, Span(toks[i].start, toks[i].end, toks[i].text), ev,
                                actors, targets, location, _nearest_timex(doc, si, toks[i].start), negated, si,
                                [ev.to_dict()]))
        for f in found[first_here:]:
            f.refers_back = f.type in told
    return tuple(_merge(found, by_id))


_COMPASS_WORDS = frozenset(("شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"))
_DISTANCE_UNITS = frozenset(("كلم", "كم", "كيلومتر", "كيلومترا", "كيلومترات", "ميل", "ميلا", "اميال", "مترا", "متر"))


def _reference_points(words, ents) -> list[int]:
    """Tokens of places named as a distance's reference point: [number] كلم [جنوب [شرق]] بغداد."""
    out = []
    for k, e in enumerate(ents):
        if e is None or e.type.value != "LOC" or (k and ents[k - 1] is e):
            continue
        j = k - 1
        while j >= 0 and words[j].stem in _COMPASS_WORDS:
            j -= 1
        if j < k - 1 and j >= 0 and (words[j].norm in _DISTANCE_UNITS or words[j].shape == "digit"):
            m = k
            while m < len(ents) and ents[m] is e:
                out.append(m)
                m += 1
    return out


def _place_before(doc: Document, si: int, index) -> str | None:
    """The last city or country the sentence before names after في (where the story is)."""
    if si == 0:
        return None
    prev = doc.sentences[si - 1]
    places = [e for s_, _e, e in index if prev.start <= s_ < prev.end and e.type.value == "LOC" and e.kb]
    for e in reversed(places):
        start = next(m.start for m in e.mentions if prev.start <= m.start < prev.end)
        if "في" in doc.text[max(prev.start, start - 40):start].split()[-4:]:  # في العاصمة الايرانية طهران
            return e.id
    return None


def _inside_report(doc: Document, pos: int) -> bool:
    """Is ``pos`` inside what someone is reported to have said, about someone else (… ان المهاجمين بادروا … وهددوا)?
    Content opening with a pronoun (قال إنه التقى) is about the speaker, whose doing may be borrowed."""
    for q in doc.quotes:
        if q.content.start <= pos < q.content.end:
            before = doc.text[max(0, q.content.start - 6):q.content.start]
            return not any(p in before for p in ("إنه", "انه", "أنه", "إنها", "انها", "أنها"))
    return False


def _after_in(words, ents, k: int, *, reach: int = 4, lo: int = 0) -> bool:
    """Does في stand at most ``reach`` words before the place at token k (and not before token ``lo``), with no
    other name between? (في العاصمة الإيرانية طهران، في مدينة نيويورك الأميركية)"""
    return any(words[m].stem == "في" and all(ents[x] is None for x in range(m + 1, k))
               for m in range(max(lo, k - reach), k))


def _governed(toks, words, ents, k: int) -> bool:
    """Is the name at token k the complement of a preposition (الجناح العسكري لحزب العمال، سفير لدى الكويت), so
    part of another noun phrase rather than a subject?"""
    first = k
    while first > 0 and ents[first - 1] is ents[k]:
        first -= 1
    return any(g.kind == "prep" for g in toks[first].segments) or (first > 0 and words[first - 1].stem in
                                                                     ("لدي", "عند", "الي", "من", "في", "علي", "عن"))


def _same_clause(toks, start: int, i: int) -> bool:
    """Does the token at character ``start`` stand at most MAX_ARGUMENT_GAP tokens before token i, with no clause
    break between (ووقعت الحكومة الأفغانية وحركة طالبان اتفاقا: the noun is the verb's object)?"""
    for k in range(i - 1, max(-1, i - 1 - MAX_ARGUMENT_GAP), -1):
        if toks[k].start <= start < toks[k].end:
            return True
        if toks[k].text in _CLAUSE_BREAK:
            return False
    return False


def _introduces(words, i: int) -> bool:
    """الضربات الجوية التي شنها الجيش التركي، التفجير الذي وقع في سروج: a definite event noun with a relative
    clause, or as the subject of a verb of breaking out (تصاعدت أمس التظاهرات), tells the event (the first time it
    is named), it does not refer back to one."""
    return any(x.norm in _RELATIVES for x in words[i + 1:i + 4]) \
        or any(x.stem in _ERUPTED and not x.clitics.endswith("ال") for x in words[max(0, i - 3):i])


def _common_subject(words, ents, toks, i: int) -> bool:
    """المجموعة زارت …: a definite common noun right before the verb is its subject, so none is borrowed — but not
    an adjective judging the name before it (عناصر داعش الإرهابي هاجمت)."""
    from .entities.lexicons import epithets

    return i > 0 and ents[i - 1] is None and words[i - 1].clitics == "ال" and toks[i - 1].kind == "arabic" \
        and not (words[i - 1].norm in epithets() and i > 1 and ents[i - 2] is not None)


def _pronoun_target(toks, words, i: int, trig: Trigger, index, actors: list[str]) -> list[str]:
    """اجتماعا مع سموه، التقاه، أشاد به: a pronoun after the verb's preposition is the last person named who is
    not the doer."""
    for j in range(i + 1, min(len(words), i + 4)):
        w = words[j]
        if toks[j].text in _CLAUSE_BREAK:
            break
        carrier = w.stem == trig.role or trig.role in [g.form for g in toks[j].segments if g.kind == "prep"]
        target_word = words[j + 1] if w.stem == trig.role and j + 1 < len(words) else w
        if carrier and (_has_pronoun(target_word) or target_word.norm in _PREP_PRONOUNS.get(trig.role, ())):
            people = [e for s_, _, e in index if s_ < toks[i].start and e.type.value == "PER"
                      and e.id not in actors]
            # an honorific says whose (سموه: a prince's, جلالته: a king's, فخامته: a president's)
            marks = next((m for h, m in _HONORIFICS.items() if target_word.stem.startswith(h)), None)
            if marks:
                people = [e for e in people if any(m in normalize_str(" ".join(e.titles + e.roles)) for m in marks)] \
                    or people
            return [e.id for e in people[-1:]]
    return []


_HONORIFICS = {"سمو": ("امير", "ولي"), "جلالت": ("ملك",), "فخامت": ("رييس",)}


_PREP_PRONOUNS = {"مع": ("معه", "معها", "معهم"), "ب": ("به", "بها", "بهم"), "الي": ("اليه", "اليها", "اليهم"),
                  "علي": ("عليه", "عليها", "عليهم")}


def _clause_before(toks, words, i: int) -> list:
    """The words of the clause before position i (up to MAX_ARGUMENT_GAP of them)."""
    out = []
    for k in range(i - 1, max(-1, i - 1 - MAX_ARGUMENT_GAP), -1):
        if toks[k].text in _CLAUSE_BREAK:
            break
        out.append(words[k])
    return out


def _possessed(w, triggers) -> tuple[Trigger, ...] | None:
    """A verbal noun with a possessive pronoun (زيارته، تضامنه، إدانتها): the noun's readings."""
    if not w.stem.endswith(_PRONOUN_ENDINGS):
        return None
    for ending in _PRONOUN_ENDINGS:
        if w.stem.endswith(ending) and len(w.stem) > len(ending) + 2:
            base = w.stem[:-len(ending)]
            base = base[:-1] + "ه" if base.endswith("ت") else base  # زيارت|ه → زياره
            for form in (base, base[:-1] + "ء"):  # لقاي|ه → لقاء: the hamza takes a seat before the pronoun
                found = [r for r in triggers.get(form, ()) if r.kind == "noun"]
                if found:
                    return tuple(found)
    return None


def _meeting_noun(w) -> bool:
    """لقاء، لقائه، اجتماعه مع: a noun naming the meeting, whose object is the other party."""
    readings = _triggers().get(w.stem) or _possessed(w, _triggers()) or ()
    return any(r.type is EventType.CONSULT and r.kind == "noun" for r in readings)


def _clitics_allowed(w, readings: tuple[Trigger, ...], before) -> bool:
    """A verb takes only و/ف. A verbal noun may also carry ب/ل where it is the event itself: after a light verb
    (قامت باعتقالهم، أمرت النيابة العامة بحبس …) or as a killing or attack (استنكارا لمقتل الطفل، بهجوم على مركز)."""
    if w.clitics in ("", "و", "ف"):
        return True
    if w.clitics.lstrip("وف") not in ("ب", "ل") or readings[0].kind != "noun":
        return False
    return any(r.type is EventType.ASSAULT for r in readings) or any(b.stem in _LIGHT_VERBS for b in before)


def _arguments(doc, toks, words, ents, i, trig: Trigger, by_id) -> tuple[list[str], list[str], str | None]:
    n = len(toks)
    actors: list[str] = []
    targets: list[str] = []
    location = None

    def clause(start: int, step: int, limit: int) -> list[int]:
        out, j = [], start
        while 0 <= j < n and abs(j - i) <= limit and toks[j].text not in _CLAUSE_BREAK:
            out.append(j)
            j += step
        return out

    def party(j: int) -> bool:
        e = ents[j]
        return e is not None and (e.type.value in ("PER", "ORG") or bool(e.kb and e.kb.startswith("iso3166")))

    earlier_person = next((ents[k].id for k in range(i) if ents[k] is not None and ents[k].type.value == "PER"),
                          None)
    # a verb joined by و, or opening a حيث clause, shares the subject of the clause before
    shared_subject = i > 0 and (words[i].clitics == "و" or words[i - 1].norm == "حيث") and earlier_person is not None
    relative = i > 0 and words[i - 1].norm in _RELATIVES
    if trig.kind == "participle":
        pass  # مشيدا: its doer is the main clause's subject, found by the caller
    elif _common_subject(words, ents, toks, i) or (relative and ents[i - 2 if i > 1 else 0] is None):
        # المجموعة زارت ضريح جنكيز خان، الهجوم الذي استهدف مسجدا: the doer is the noun before, which names
        # no one; the named thing after the verb is its object
        pass
    elif shared_subject:
        # …، والتقى الجنرال باجوا: a verb joined by و to an earlier clause shares its subject
        actors.append(earlier_person)
    else:
        # VSO: the entities right after the verb, before a preposition; a person wins over the organization in
        # his title (نائب رئيس المجلس الوطني الباكستاني قاسم خان سوري); coordinated subjects (و…) all act
        window = []
        for j in clause(i + 1, 1, MAX_ARGUMENT_GAP + 4):  # a long title: سفير خادم الحرمين لدى دولة الكويت الدكتور …
            if party(j) and ents[j].type.value != "PER" and _governed(toks, words, ents, j):
                continue  # سفير … لدى دولة الكويت: the country belongs to the title
            if party(j) and not any(g.kind == "prep" for g in toks[j].segments):
                window.append(j)
            elif ents[j] is None and words[j].stem != "اسم" and (
                    words[j].stem in ("في", "الي", "مع", "علي", "عن", "من")
                    or any(g.kind == "prep" for g in toks[j].segments)):
                break  # (المتحدث باسم الحكومة اليمنية راجح بادي: باسم belongs to the subject's title)
        people = [j for j in window if ents[j].type.value == "PER"]
        if window and window[0] == i + 1:
            people = []  # a name right after the verb is its subject (واستنكرت مملكة البحرين تصريحات … المالكي)
        for j in people or window:
            if ents[j].id in actors:
                continue
            if not actors:
                actors.append(ents[j].id)
            elif words[j].clitics.startswith("و") and (j == 0 or ents[j - 1] is not None):
                actors.append(ents[j].id)  # اتفقت السعودية ومصر: a name joined by و right after the subject
            elif ents[j - 1] is None or ents[j - 1].id not in actors:
                break
        if not actors:
            # SVO: the subject before the verb in the same clause, or before the comma that closes a long subject
            # (رئيس هيئة الاركان … والوفد المرافق له، وصل); coordinated subjects all act (إيران ومجموعة … قد توصلت)
            start = i - 2 if i >= 2 and toks[i - 1].text in ("،", ",") else i - 1
            span = clause(start, -1, MAX_ARGUMENT_GAP + 4 + (i - 1 - start))
            joined = -1  # the و-word that joins the last name found to an earlier one; words from it on are titles
            for pos, k in enumerate(span):
                if words[k].norm in _RELATIVES:
                    break  # … الذي استهدف: the subject is the relative's antecedent, no name before it
                if not party(k) or _governed(toks, words, ents, k):
                    if actors and ents[k] is None and k < joined:
                        break  # the subject ended before this word
                    continue
                if ents[k].id not in actors:
                    actors.append(ents[k].id)
                first = next((span[q] + 1 for q in range(pos, len(span)) if ents[span[q]] is not ents[k]), span[-1])
                # و on the name or on the title words before it (أوباما ونظيره التركي أردوغان) joins it to a subject
                # named earlier
                lead = first
                while lead - 1 >= 0 and lead - 1 in span and ents[lead - 1] is None \
                        and not words[lead].clitics.startswith("و") and first - lead < 3:
                    lead -= 1
                if not words[lead].clitics.startswith("و"):
                    break  # no و before the name: it is the first of the coordinated subjects
                joined = lead
    # target and location: the rest of the sentence; a person is preferred (people meet people)
    candidates: list[int] = []
    opened = False  # the verb's preposition has been seen on a noun: what depends on it may be the target
    # the object comes after the subject: an organization inside the doer's title is not the target
    # (وطالب الأمين العام للأمم المتحدة بان كي مون الحكومة السورية)
    subject_end = max((j for j in range(i + 1, min(n, i + 5 + MAX_ARGUMENT_GAP))
                       if ents[j] is not None and ents[j].id in actors), default=i)
    for j in range(subject_end + 1, min(n, i + 1 + 3 * MAX_ARGUMENT_GAP)):
        if toks[j].text in (".", "؛", ";", "؟", "!") or words[j].norm == "حيث":
            break  # (… طهران حيث التقى …: what follows حيث is another clause's)
        ent = ents[j]
        preps = [g.form for g in toks[j].segments if g.kind == "prep"]
        if ent is None:
            if trig.role in preps or words[j].stem == trig.role or words[j].stem == "ضد":
                opened = True  # رحب بزيارة …، مشيدا بتضحيات …، … ضد
            elif trig.type is EventType.CONSULT and _meeting_noun(words[j]):
                opened = True  # وبحث … خلال لقائه رئيس الوزراء البريطاني …
            elif toks[j].text in _CLAUSE_BREAK:
                opened = False
            continue
        if ent.id in actors or ent.id == location:
            continue
        prev = words[j - 1]
        after = preps[0] if preps else prev.norm
        window = 2 * LOCATION_WINDOW if trig.role == "الي" else LOCATION_WINDOW  # وصل … [a long title] … الى X
        city = bool(ent.kb and ent.kb.startswith("geonames"))
        # ب is locative before a city (بالرياض), not before a country in a title (وزير الخارجية بجمهورية باكستان)
        visited = trig.mode == ConsultMode.VISIT.value and trig.role == "direct" and city and not preps \
            and not candidates and location is None  # زار العبادي طهران: the city visited is the place
        near_in = _after_in(words, ents, j, reach=3, lo=i + 1)
        if ent.type.value == "LOC" and j - i <= window and (after in ("في", "الي") or prev.stem in ("في", "الي")
                                                             or (after == "ب" and city) or visited or near_in):
            if location is None:
                location = ent.id
            if (trig.role == "الي" or visited) and not targets:
                country = _country_entity(doc.entities, ent)
                if country and country not in actors:
                    targets.append(country)
            continue
        if trig.role == "direct":
            ok = not preps and prev.stem not in ("في", "الي", "من", "عن")
        else:
            # the verb's preposition on the entity, or on the noun it depends on (رحب بزيارة X، مشيدا بتضحيات X)
            ok = after == trig.role or prev.stem == trig.role or trig.role in preps or opened
        if (ok or (candidates and ent.type.value == "PER")) and all(ents[c].id != ent.id for c in candidates):
            candidates.append(j)
    if location is None and shared_subject:
        # …في مقر الجيش الباكستاني في روالبندي، والتقى …: the shared clause says where
        for k in range(i - 1, max(-1, i - 1 - LOCATION_WINDOW), -1):
            e = ents[k]
            if e is not None and e.type.value == "LOC" and ((k and words[k - 1].stem == "في")
                                                            or (k + 1 < i and words[k + 1].norm == "حيث")):
                location = e.id
                break
    if candidates and not targets:
        people = [j for j in candidates[:4] if ents[j].type.value == "PER"]
        first_ok = candidates[0]
        # people meet people (التقى وزير خارجية باكستان … الرئيس); other acts take their first object (محملا
        # ميليشيات الحوثي مسؤولية تعرض حياة الصبيحي للخطر) unless it is in the title of the person after it
        # (رحب … بزيارة رئيس هيئة الاركان … الايرانية اللواء محمد باقري)
        pick = first_ok
        if people and ents[first_ok].type.value != "PER" and people[0] - first_ok <= 10:
            end = first_ok
            while end < people[0] and ents[end] is ents[first_ok]:
                end += 1
            if trig.type is EventType.CONSULT or all(
                    ents[k] is None and (is_title_word(words[k]) or (toks[k].kind == "punct"
                                                                      and toks[k].text not in _CLAUSE_BREAK))
                    for k in range(end, people[0])):
                pick = people[0]
        targets.append(ents[pick].id)
    return actors, targets, location


_PLACE_EVENTS = frozenset((EventType.ASSAULT, EventType.PROTEST))
# acts whose doer the press often leaves unsaid (قتل 55 شخصا، اعتقل …): no doer is borrowed from the sentences before
_UNSTATED_AGENT = frozenset((EventType.ASSAULT, EventType.COERCE, EventType.PROTEST, EventType.MOBILIZE))
_PRONOUN_ENDINGS = ("ه", "ها", "هم", "هما")


def _has_pronoun(w) -> bool:
    """سموه، زيارته: a word carrying a possessive pronoun refers back to someone already named."""
    from .resources import word_counts

    return w.shape == "arabic" and any(w.norm.endswith(e) and word_counts().get(w.norm[:-len(e)], 0) >= 3
                                       for e in _PRONOUN_ENDINGS)


def _noun_arguments(toks, words, ents, i, trig: Trigger, entities: Sequence[Entity] = ()
                    ) -> tuple[list[str], list[str], str | None]:
    """Parties of a verbal noun: its genitive (مقتل الطفل علي الدوابشة، زيارة ولي العهد), else the subject of
    its clause (نظم أطفال نادي الجزيرة وقفة); the target after its preposition; the place after في."""
    n = len(toks)
    actors: list[str] = []
    targets: list[str] = []
    location = None
    plain = 0
    # an indefinite accusative (عقد … اجتماعًا ضم مستشاريه …، شن هجوما) is in no construct: it has no genitive
    accusative = words[i].norm.endswith("ا") and words[i].norm[:-1] in _triggers()
    for j in range(i + 1, i + 1 if accusative else min(n, i + 9)):  # the genitive: two common nouns or a title
        titled = is_title_word(words[j]) and ents[j] is None  # لقاء النائب الثاني للرئيس السوداني حسبو …
        if toks[j].text in _CLAUSE_BREAK or (words[j].stem in _PREPOSITIONS and ents[j] is None) \
                or (any(g.kind == "prep" for g in toks[j].segments) and not titled):
            break  # (a name is no preposition: مقتل الطفل علي الدوابشة)
        if ents[j] is None and not titled:
            plain += 1
            if plain > 2:
                break
        e = ents[j]
        if e is not None and e.type.value in ("PER", "ORG"):
            actors.append(e.id)
            break
        if e is not None and e.type.value == "LOC" and trig.type in _PLACE_EVENTS:
            location = e.id  # تفجير مسجد الإمام الصادق، قصف مدينة عدن: the place attacked
            break
        if e is not None and e.kb and trig.type not in _PLACE_EVENTS:
            if trig.type is EventType.CONSULT:
                targets.append(e.id)  # زيارة باكستان: the country visited
            else:
                actors.append(e.id)  # إبرام طهران اتفاقا: a capital or country acts for its state
            break
    rel = next((k for k in range(i + 1, min(n, i + 4)) if words[k].norm in _RELATIVES), None)
    if not actors and rel is not None and rel + 1 < n and words[rel + 1].stem.removesuffix("ها").removesuffix("ه") \
            in _LIGHT_VERBS | _RELATIVE_VERBS:
        # الضربات الجوية التي شنها الجيش التركي: the subject of the relative clause's verb
        for j in range(rel + 2, min(n, rel + 6)):
            e = ents[j]
            if e is not None and e.type.value in ("PER", "ORG"):
                actors.append(e.id)
                break
    if actors and trig.type in (EventType.CONSULT, EventType.AGREE):
        # محادثات أجراها محمد بن سلمان، ولي ولي العهد …، والرئيس المصري عبد الفتاح السيسي: the other side
        at = next((j for j in range(i + 1, min(n, i + 8)) if ents[j] is not None and ents[j].id == actors[0]), None)
        other = _joined_after_apposition(toks, words, ents, at) if at is not None else None
        if other is not None and other.id not in actors:
            (targets if trig.type is EventType.CONSULT else actors).append(other.id)
    if not actors:
        # the doer named after the act: مقتل عقيد من قبل سليمان الأسد، على يد المستوطنين
        for j in range(i + 1, min(n, i + 1 + 2 * MAX_ARGUMENT_GAP)):
            if toks[j].text in (".", "؛", ";", "؟", "!"):
                break
            if j + 1 < n and ((words[j].norm == "من" and words[j + 1].norm == "قبل")
                              or (words[j].norm == "علي" and words[j + 1].stem in ("يد", "ايدي"))):
                e = next((ents[k] for k in range(j + 2, min(n, j + 5)) if ents[k] is not None), None)
                if e is not None and e.type.value in ("PER", "ORG"):
                    actors.append(e.id)
                break
    if not actors:
        # the subject of a light verb whose object the noun is: نظم X وقفة، شن X هجوما، عقد X اجتماعا
        for k in range(i - 1, max(-1, i - 1 - LIGHT_VERB_GAP), -1):  # (a long name and a date may stand between)
            if toks[k].text in _CLAUSE_BREAK:
                break
            if words[k].stem in _LIGHT_VERBS or words[k].norm in _LIGHT_VERBS:
                for j in list(range(k + 1, i)) + list(range(k - 1, max(-1, k - 4), -1)):
                    e = ents[j]
                    if e is not None and e.type.value in ("PER", "ORG"):
                        actors.append(e.id)
                        break
                break
    for k in range(i - 1, max(-1, i - 1 - MAX_ARGUMENT_GAP), -1):
        if toks[k].text in _CLAUSE_BREAK:
            break
        if words[k].stem in _UNDERGO:
            # تعرضت دورية للجيش اللبناني لهجوم: who underwent it is the target; a place named on the way is where
            # (وتعرض المسجد الكائن في منطقة الصوابر بالكويت لتفجير)
            for m in range(k + 1, i):
                e = ents[m]
                if e is None or e.id in actors or e.id in targets:
                    continue
                if e.type.value == "LOC" and (_governed(toks, words, ents, m) or _after_in(words, ents, m, reach=3)):
                    location = location or e.id
                else:
                    targets.append(e.id)
            break
    if not actors and trig.type in (EventType.CONSULT, EventType.AGREE):
        # a delegation named by its country's adjective: زيارة لوفد تركماني → Turkmenistan (not سجن معارض منغولي,
        # where the adjective is the victim's)
        from .entities.lexicons import nisba_forms

        for j in range(i + 1, min(n, i + 4)):
            code = nisba_forms().get(words[j].stem)
            if code:
                country = _country_id(entities, code)
                if country:
                    actors.append(country)
                break
    opened = False
    # a call or talks go both ways: اتصالا هاتفيا من الرئيس، مباحثات مع، لقاء ب
    # ضد marks whom any act is against (29 ضربة جوية ضد أهداف تنظيم داعش)
    # (and a meeting that brought in someone: اجتماعا ضم مستشاريه الدكتور أحمد عبيد بن دغر)
    roles = {trig.role, "من", "مع", "ب", "ضم", "ضمت"} if trig.type is EventType.CONSULT else {trig.role, "ضد"}
    for j in range(i + 1, min(n, i + 1 + 2 * MAX_ARGUMENT_GAP)):
        if toks[j].text in (".", "؛", ";", "؟", "!") or words[j].norm == "حيث":
            break  # (اجتماعا مع سموه، حيث نقل سموه تحيات الملك سلمان: what follows حيث is another clause's)
        e = ents[j]
        preps = [g.form for g in toks[j].segments if g.kind == "prep"]
        if e is None:
            if words[j].stem in roles or roles & set(preps):
                opened = True
            continue
        if e.id in actors or e.id == location:
            continue
        prev = words[j - 1]
        # في أطراف مدينة عدن، في العاصمة الإيرانية طهران: في a few words before, no name between
        near_in = prev.stem in ("في", "الي") or _after_in(words, ents, j, reach=3)
        if e.type.value == "LOC" and (near_in or "ب" in preps) and location is not None:
            continue  # في ريف حلب: a second place is where, not whom
        if e.type.value == "LOC" and (near_in or "ب" in preps) and location is None:
            location = e.id
            if trig.role == "الي" and prev.stem == "الي" and not targets:  # زيارة … إلى إسلام أباد: Pakistan hosts
                country = _country_entity(entities, e)
                if country and country not in actors:
                    targets.append(country)
        elif opened and (not targets or (trig.role == "بين" and e.id not in targets)):
            targets.append(e.id)  # اشتباكات بين X و Y: both sides
    if trig.type is EventType.CONSULT and actors and targets and all(
            next((e.type.value for e in entities if e.id == t), "") != "PER" for t in targets):
        # people meet people: لقاء النائب … حسبو محمد عبدالرحمن بمكتبه بالقصر الرئاسي أمس، وزير … عز الدين الأصبحي
        last = max((j for j in range(i + 1, n) if ents[j] is not None and ents[j].id in targets), default=i)
        for j in range(last + 1, min(n, last + 1 + 2 * MAX_ARGUMENT_GAP)):
            if toks[j].text in (".", "؛", ";", "؟", "!"):
                break
            e = ents[j]
            if e is not None and e.type.value == "PER" and e.id not in actors:
                targets = [e.id]
                break
    if location is None and trig.type in _PLACE_EVENTS:
        # a clash or protest happens where the clause puts it: مواجهات عنيفة تشهدها مدينة لحج
        for j in sorted(range(max(0, i - 6), min(n, i + 7)), key=lambda j: abs(j - i)):
            e = ents[j]
            if e is not None and e.type.value == "LOC" and e.id not in targets:
                location = e.id
                break
    return actors, targets, location


def _joined_after_apposition(toks, words, ents, j: int, reach: int = 24) -> Entity | None:
    """A person joined by «، و» to the name at ``j`` after that name's titles (X، ولي العهد وزير الدفاع، والرئيس
    المصري Y): the second of two coordinated subjects."""
    n = len(toks)
    k = j
    while k < n and ents[k] is ents[j]:
        k += 1
    while k < min(n, j + reach):
        if toks[k].text in (".", "؛", ";", "؟", "!", ":") or words[k].stem in ("في", "الي", "مع", "علي", "عن"):
            return None
        if toks[k].text in ("،", ",") and k + 1 < n and words[k + 1].clitics.startswith("و"):
            for m in range(k + 1, min(n, k + 6)):
                e = ents[m]
                if e is not None:
                    return e if e.type.value == "PER" else None
            return None
        k += 1
    return None


def _country_id(entities: Sequence[Entity], code: str | None) -> str | None:
    """The article's entity for the country with ISO code ``code``, if it names that country."""
    return next((e.id for e in entities if e.kb == f"iso3166:{code}"), None) if code else None


def _country_entity(entities: Sequence[Entity], place: Entity) -> str | None:
    """The entity of the country a place is in (اسلام اباد → باكستان), if the article names it."""
    return _country_id(entities, place.extra.get("country"))


def _consult_mode(doc, actors, targets, location, by_id) -> str | None:
    """A meeting is a visit when the actor belongs to another country than the place or the host."""
    home = by_id[actors[0]].extra.get("country") if actors and actors[0] in by_id else None
    where = by_id[location].extra.get("country") if location in by_id else None
    host = next((by_id[t].extra.get("country") for t in targets if t in by_id and by_id[t].extra.get("country")),
                None)
    if home and ((where and where != home) or (host and host != home)):
        return ConsultMode.VISIT.value
    return None


def _nearest_timex(doc: Document, si: int, pos: int) -> Timex | None:
    def in_sentence(k: int) -> list[Timex]:
        if not 0 <= k < len(doc.sentences):
            return []
        s = doc.sentences[k]
        # only a day dates an event: a bare year (عام 1975) or month in the sentence is about something else
        return [t for t in doc.timexes if s.start <= t.start < s.end and t.value and len(t.value) == 10]

    here = in_sentence(si)
    if here:
        return min(here, key=lambda t: abs(t.start - pos))
    near = in_sentence(si - 1) + in_sentence(si + 1)
    return min(near, key=lambda t: abs(t.start - pos)) if near else None


def _merge(found: list[_Found], by_id: dict[str, Entity]) -> list[Event]:
    """One event per real event: the same type and parties, and dates that do not disagree; a sentence that names
    the event with a definite noun (وقتل شرطيان … في الهجوم) adds to the last event of its type."""
    merged: list[_Found] = []
    last_date: str | None = None
    for f in found:
        if f.timex is None and last_date:
            date = last_date
        else:
            date = f.timex.value if f.timex else None
        f.evidence_all = [{**f.evidence.to_dict(), "date": date}]
        last_date = date or last_date
        parties = set(f.actors) | set(f.targets)
        twin = None
        if f.refers_back:
            prior = next((m for m in reversed(merged) if m.type == f.type and m.negated == f.negated), None)
            # … in the attack (في الهجوم) adds to the last one, unless it puts it somewhere else (الهجوم الانتحاري الذي
            # استهدف في سروج after a bombing in Diyarbakir)
            if prior is not None and set(f.actors) <= set(prior.actors) | set(prior.targets) \
                    and _places_agree(prior.location, f.location, by_id):
                twin = prior
        if twin is None:
            same = [m for m in merged if m.type == f.type and m.negated == f.negated and _dates_agree(m, date)
                    and _same_happening(m, f)]
            # a report that adds no one retells an event (وبحث اللواء باقري … after التقى … باجوا); one that names more
            # parties is the same event only if told with the same word (زار طهران then التقى خامنئي are two)
            twin = next((m for m in same if (set(m.actors) | set(m.targets)) >= parties), None) or \
                next((m for m in same if parties >= (set(m.actors) | set(m.targets))
                      and analyze(m.trigger.text).stem == analyze(f.trigger.text).stem), None)
        if twin is not None:
            if twin.evidence.start != f.evidence.start:
                twin.evidence_all.append(f.evidence_all[0])
            twin.location = _narrower(twin.location, f.location, by_id)
            twin.mode = twin.mode or f.mode
            for t in f.targets:
                if t not in twin.targets and t not in twin.actors:
                    twin.targets.append(t)
            if twin.timex is None and f.timex is not None:
                twin.timex = f.timex
            continue
        merged.append(f)
    out = []
    for n, m in enumerate(merged, 1):
        date = next((e["date"] for e in m.evidence_all if e.get("date")), None)
        out.append(Event(id=f"v{n}", type=m.type, trigger=m.trigger, evidence=m.evidence, actors=tuple(m.actors),
                         targets=tuple(m.targets), mode=m.mode, cameo=m.cameo, location=m.location, date=date,
                         timex=m.timex.id if m.timex else None, negated=m.negated,
                         extra={"evidence_all": m.evidence_all} if len(m.evidence_all) > 1 else {}))
    return out


def _narrower(place: str | None, other: str | None, by_id: dict[str, Entity]) -> str | None:
    """Of two reported places, the one inside the other: في الهند … في غورداسبور is Gurdaspur."""
    if place is None or other is None or place == other:
        return place or other
    outer, inner = by_id.get(place), by_id.get(other)
    if outer is not None and inner is not None and outer.kb and outer.kb.startswith("iso3166:") \
            and inner.extra.get("country") in (outer.kb.removeprefix("iso3166:"), None) \
            and not (inner.kb and inner.kb.startswith("iso3166:")):
        return other  # a town the gazetteer does not know, told after the country, is inside it
    return place


def _places_agree(place: str | None, other: str | None, by_id: dict[str, Entity]) -> bool:
    """Two reported places can be one event's: unsaid, the same, or one inside the other."""
    if place is None or other is None or place == other:
        return True
    return _narrower(place, other, by_id) == other or _narrower(other, place, by_id) == place


def _same_happening(m: _Found, f: _Found) -> bool:
    """Two reports may be one event: a meeting or visit retold (وصل … ووصل، التقى … وبحث), the same trigger word,
    or the same target. Two arrests by the same authority with nothing else in common stay two events."""
    same_word = analyze(m.trigger.text).stem == analyze(f.trigger.text).stem
    if m.type in _UNSTATED_AGENT:
        # clashes with the same militia in two places are two clashes
        return same_word and (m.location is None or f.location is None or m.location == f.location)
    return m.type is EventType.CONSULT or bool(set(m.targets) & set(f.targets)) or same_word


def _dates_agree(m: _Found, date: str | None) -> bool:
    mine = next((e["date"] for e in m.evidence_all if e.get("date")), None)
    return mine is None or date is None or mine == date

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

The trigger lexicon and word classes live in ``event_triggers``, the argument finders in ``event_arguments``; this
module finds the triggers in each sentence, dates and merges the events.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .document import Document, Entity, Event, Span, Timex, Token, mentions_by_start
from .entities.lexicons import nisba_forms
from .entities.resolve import authorities_as_states
from .entities.rules import names_no_one, person_breakers
from .entities.words import RELATIVE_PRONOUNS, analyze, analyze_sentence
from .event_arguments import (
    _HOLDS,
    _THAT,
    _after_in,
    _arguments,
    _common_subject,
    _country_entity,
    _has_pronoun,
    _inside_report,
    _noun_arguments,
    _pronoun_target,
    meeting_owner,
)
from .event_triggers import (
    _BEFORE_NOUN,
    _BOTH_SIDES,
    _CLAIMED,
    _CLAUSE_BREAK,
    _ERUPTED,
    _NEGATORS,
    _PLACE_EVENTS,
    _RESULTED,
    _TIME_WORDS,
    _UNSTATED_AGENT,
    LIGHT_VERB_GAP,
    MAX_ARGUMENT_GAP,
    NEEDS_WINDOW,
    Trigger,
    _imperfect_triggers,
    _possessed,
    _reading,
    _triggers,
    is_light_verb,
    is_managing,
    object_suffixed,
    possessed_noun,
    resumed_readings,
    time_aside,
)
from .ontology import ConsultMode, EventType
from .resources import word_class
from .text.normalize import normalize_str

MAX_MENTION_CHARS = 200  # no mention is longer: the backward search for enclosing mentions stops there
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
    by_noun: bool = False  # told by a verbal noun (زيارة، اتصال), not a verb
    another: bool = False  # told as one more of its kind (كما طالب …: he also demanded), never a retelling


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


# verbal nouns of undoing: what follows them is ended, not done (وقف إطلاق النار، رفع العقوبات، إلغاء الزيارة)
_UNDOING = word_class("undoing")


# the auxiliaries of the periphrastic passive (تم القبض على، جرى توقيع الاتفاق): the verbal noun after them is the act
_PASSIVE_AUXILIARIES = word_class("passive_auxiliaries")
_GOD = word_class("god")  # داعيا الله: a prayer
_PRESENT_VISITS = word_class("present_visits")  # الذي يزور قطر حاليا: a visit under way
_FUTURE_MARKS = word_class("future_marks")  # يزور موسكو غدا: a plan
# أن (and بأن، لأن، كي) before a present-tense verb: the subjunctive of a wish, a plan or a purpose
_SUBJUNCTIVE = word_class("subjunctive")
_TEMPORAL_BEFORE_THAT = word_class("temporal_before_that")  # قبل أن يهاجم الحوثيون عدن: a time clause, told as fact


# meetings (and speeches before a body: في كلمة أمام مجلس الأمن) whose unnamed holder is the one who speaks of them
# (not an arrival, a visit or a call: وصول قافلة، زيارة
# إلى …، اتصال مع "الوطن", whose doer is told with them)
_SPEAKERS_MEETINGS = word_class("speakers_meetings")


# من المقرر / المتوقع / المنتظر / المزمع / المفترض / المرجح أن …: what is scheduled or expected has not happened
_SCHEDULED = word_class("scheduled")


_INTENDS = word_class("intends")


def _scheduled(toks, words, i: int, reach: int = 8) -> bool:
    """Is the trigger at ``i`` inside a من المقرر (أن) … clause (within ``reach`` words, no clause break between), or
    the object of a verb of intention (تعتزم الحكومة فرض)?"""
    for k in range(i - 1, max(0, i - reach) - 1, -1):
        if toks[k].text in _CLAUSE_BREAK:
            return False
        if k >= i - 3 and (words[k].stem in _INTENDS or words[k].norm in _INTENDS):
            return True  # تعتزم الحكومة فرض عقوبات: intended
        if words[k].norm in _SCHEDULED and k >= 1 and words[k - 1].stem in ("من", "موعد"):
            return True  # (with أن or a verbal noun after it: من المرجح عقد مؤتمر; قبل الموعد المقرر لانطلاق محادثات)
    return False


# the words that put a clause's subject on a visit or at a meeting while he did something else (خلال، أثناء، عقب، في
# ختام، على هامش زيارة)
_DURING = word_class("during")
_MEETINGS_AND_VISITS = _SPEAKERS_MEETINGS | word_class("visit_nouns")
# the words that place a statement at a meeting or visit (قال عقب لقائه، يرافقه في زيارته)
_AROUND_AN_EVENT = _DURING | word_class("around_an_event")


_AHEAD = word_class("ahead")

# stances the press reports from unnamed sources (أشاد دبلوماسي أميركي بـ، انتقدت مصادر …): told by whom they are about
_STANCES_TOLD_BY_SOURCES = frozenset((EventType.SUPPORT, EventType.ACCUSE))


def _speaker_before_words(doc: Document, sent, tok: Token) -> list[str]:
    """The speaker of this sentence whose cue comes before ``tok`` and whose words begin after it (قال الجبوري عقب
    اجتماع …: الجبوري), as a one-item list, or none."""
    return [q.speaker for q in doc.quotes if q.speaker and sent.start <= q.cue.start < tok.start
            and tok.end <= q.content.start][-1:]


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
            possessed_meeting = False
            if not readings and i > 1 and words[i - 1].norm in RELATIVE_PRONOUNS and ents[i - 2] is not None:
                readings = resumed_readings(w.stem) or None  # باكستان التي يتهمها تنظيم داعش
            if not readings:
                # أعرب عن تضامنه: a possessed verbal noun after a light verb; خلال لقائهما: the meeting of the two
                # people just named; elsewhere (خلال زيارته، في استقباله) it refers to an event already told
                readings = _possessed(w, triggers)
                if readings and w.stem.endswith("هما") and readings[0].type is EventType.CONSULT:
                    pair = list(dict.fromkeys(e.id for s_, _, e in reversed(index)
                                              if s_ < toks[i].start and e.type.value == "PER"))[:2]
                    if len(pair) < 2:
                        continue
                elif readings and i and words[i - 1].stem in _AROUND_AN_EVENT and not w.stem.endswith("هم") \
                        and possessed_noun(w, triggers) in _MEETINGS_AND_VISITS:
                    # عقب لقائه رئيس البرلمان، في زيارته إلى كينيا: the meeting of someone just named, told with
                    # whom or where (without them it is an event already told: خلال زيارته)
                    possessed_meeting = True
                elif not readings or not any(is_light_verb(b) or is_managing(b)
                                             for b in _clause_before(toks, words, i, LIGHT_VERB_GAP)):
                    # (a long name and title may stand between: أعرب رئيس مجلس الأمة … الخرينج عن رفضه)
                    continue
            if (w.clitics.endswith("ال") or (i and (words[i - 1].norm in _BEFORE_NOUN or (
                    words[i - 1].shape == "digit" and len(toks[i - 1].text) != 4)))) \
                    and any(r.kind in ("verb", "participle") for r in readings):
                # القبض، في دعم قوات الحشد، من أجل دعم، 200 طالب، 11 متهمًا، المتهمين: with the article, or after a
                # preposition or a number (not a year), the word is a noun
                readings = tuple(r for r in readings if r.kind not in ("verb", "participle"))
                if not readings:
                    continue
            introduced = w.clitics.endswith("ال") and readings[0].kind == "noun" and (
                _introduces(words, i) or any(b.stem in _CLAIMED for b in _clause_before(toks, words, i))
                or (meeting_owner(toks, words, ents, i, readings[0]) is not None
                    and _with_someone(toks, words, ents, i)))
            # (الاجتماع التشاوري لوزراء خارجية دول المجلس مع وزير الخارجية الأمريكي: told anew, with both sides)
            if w.clitics not in ("", "و", "ف") and not introduced \
                    and not _clitics_allowed(w, readings, _clause_before(toks, words, i)) \
                    and not _visit_somewhere(words, ents, i, readings):
                continue
            if i in consumed:
                continue  # the word a verb needed (وقعت … على اتفاقية): already part of that event
            if ents[i] is not None and readings[0].kind == "noun":
                continue  # a word of a name (حزب المؤتمر الشعبي، جبهة التحرير) is no event
            if readings[0].kind == "noun" and not w.clitics and i and not words[i - 1].clitics \
                    and words[i - 1].stem in person_breakers():
                continue  # … nor of a role (رئيس تحرير الموقع، قائد عمليات المنطقة)
            following = [k for k in range(i + 1, min(len(words), i + 1 + 2 * NEEDS_WINDOW))
                         if words[k].shape == "arabic"][:NEEDS_WINDOW]
            trig, needed = _reading(readings, [words[k] for k in following])
            if trig is None:
                continue
            visitor = None
            if w.stem in _PRESENT_VISITS:
                # كيري الذي يزور قطر حاليا، وزير الخارجية السوري يزور عمان: a visit under way by someone named before
                # it, past a relative pronoun (not أول رئيس يزور كينيا، السائحين الذين يزورون المتنزه)
                at = i - 1 - (i > 0 and words[i - 1].norm in RELATIVE_PRONOUNS)
                if not (i and _named(ents, at)):
                    continue
                visitor = ents[at].id
            donor = None
            if trig.type in (EventType.CONSULT, EventType.AID) and trig.kind == "verb" and trig.role == "الي" \
                    and _vehicle_arrives(toks, words, ents, i):
                # وصلت صباح اليوم سفينة «درب الخير» إلى ميناء عدن، وصلت الطائرة الإغاثية الخامسة: a ship or plane pays
                # no visit, it brings the aid of the relief body the article names
                trig = next((r for r in readings if r.type is EventType.AID), None)
                donor = _relief_body(doc.entities)
                if trig is None or donor is None:
                    continue
                needed = None
            if trig.kind == "verb" and trig.role == "direct" and _issued_by(toks, words, i, triggers):
                continue  # بيان صادر عن القيادة: a participle (issued by), no confiscation
            if needed is not None:
                consumed.add(following[needed])
            if any(g.kind == "fut" for g in toks[i].segments) or (i and words[i - 1].norm == "سوف") \
                    or (trig.kind == "noun" and i and any(g.kind == "fut" for g in toks[i - 1].segments)):
                continue  # a plan, not an event (سيزور، سيجري مباحثات)
            if _scheduled(toks, words, i):
                continue  # ومن المقرر أن يعقد كيري اجتماعا: scheduled, not held
            if trig.type is EventType.REQUEST and trig.kind == "verb" and i + 1 < len(words) \
                    and not words[i + 1].clitics and words[i + 1].stem in nisba_forms():
                continue  # مقتل طالب سعودي: the student, not "demanded"
            if trig.type is EventType.REQUEST and any(words[k].norm in _GOD and words[k - 1].stem != "حزب"
                                                      for k in range(i + 1, min(len(words), i + 4))):
                continue  # داعيا الله أن يتغمد الشهداء برحمته، ودعت القيادة الله أن يتقبلهم: a prayer, no demand
            if trig.kind == "verb" and i and (words[i - 1].norm in ("لا", "ولا", "فلا")
                                              or words[i - 1].stem in ("لم", "لن")) \
                    and (w.stem in _imperfect_triggers() or w.norm in _imperfect_triggers()):
                continue  # لم تعتقل الشرطة أي مستوطن: nothing happened
            if trig.kind == "verb" and i and words[i - 1].norm in _SUBJUNCTIVE and w.norm in _imperfect_triggers() \
                    and not (i > 1 and words[i - 2].norm in _TEMPORAL_BEFORE_THAT):
                continue  # تمنت أن يزور الرئيس البلدة، طالب بأن يهاجم: wished for, not done (قبل أن يهاجم: done)
            negated = trig.kind == "negated"
            if trig.kind == "negated" and not (i and words[i - 1].stem in _NEGATORS):
                continue
            if trig.kind == "noun":
                if (i + 1 < len(words) and words[i + 1].norm in _AHEAD) \
                        or (i > 1 and words[i - 1].norm == "من" and words[i - 2].norm in _AHEAD):
                    continue  # المحادثات المقررة بين كابول وطالبان، الجولة المقبلة من محادثات السلام: a plan
                if i and words[i - 1].stem in _UNDOING:
                    continue  # وقف إطلاق النار، رفع العقوبات: the act undone is not an act done
                if any(x.stem in _RESULTED for x in words[max(0, i - 3):i]) and any(f.sentence == si for f in found):
                    continue  # … مما أدى إلى مقتل 23: the toll of an event this sentence already told
                stated = next((f for f in found[-3:] if f.sentence == si and f.type is trig.type
                               and f.trigger.end <= toks[i].start and _same_clause(toks, f.trigger.start, i)), None)
                if stated is not None:
                    # a verb just stated this event (قام بزيارة، أجرى مباحثات، أمرت … بحبس); the noun may still say
                    # who did it where the verb did not (وقتل القيادي بغارة نفذتها طائرات التحالف)
                    if not stated.actors and trig.type in _UNSTATED_AGENT:
                        doers, struck, where = _noun_arguments(toks, words, ents, i, trig, doc.entities)
                        if doers:
                            # (and whom or where the noun says it struck, where the verb did not: قتل 26 شخصا في
                            # غارات شنتها طائرات النظام على مدينة منبج)
                            stated.actors = doers
                            stated.targets = [t for t in stated.targets if t not in doers] \
                                or [t for t in struck if t not in doers]
                            stated.location = stated.location or where
                    continue
                actors, targets, location = _noun_arguments(toks, words, ents, i, trig, doc.entities)
                if trig.role == "امام":
                    # في كلمة أمام مجلس الأمن: the body named right after أمام heard it (before a crowd: no one)
                    targets = [ents[k + 1].id for k in range(i + 1, min(len(words) - 1, i + 4))
                               if words[k].norm == "امام" and ents[k + 1] is not None][:1]
                    if not targets:
                        continue
                if possessed_meeting:
                    # the pronoun holds the genitive's place: whom the noun's arguments found is whom he met
                    # (named after it, before what is said: بعد لقائه بخادم الحرمين بأنه … يزور الملك الولايات المتحدة)
                    cut = next((k for k in range(i + 1, len(words)) if words[k].norm in _THAT), len(words))
                    after = {ents[k].id for k in range(i + 1, cut) if ents[k] is not None}
                    targets = [t for t in dict.fromkeys(actors + targets) if t in after] \
                        or _met_after_title(toks, words, ents, i)
                    actors = _possessor(doc, sent, toks, ents, i, w) \
                        or (list(last_actor) if last_sentence >= si - 1 else [])
                    targets = [t for t in targets if t not in actors]
                    if not actors or not targets:
                        continue
                if pair:
                    actors, targets = pair[1:], pair[:1]
                if not actors and trig.type in (EventType.CONSULT, EventType.AGREE):
                    # إتفقا اثناء اتصال هاتفي: the doers of the clause the noun sits in
                    # (a verb's doers only: وتأتي زيارة فابيوس بعد … توقيع الاتفاق is no agreement of Fabius's)
                    actors = next((list(f.actors) for f in reversed(found) if f.sentence == si and f.actors
                                   and not f.by_noun), [])
                if not actors and trig.type is EventType.CONSULT and w.stem in _SPEAKERS_MEETINGS:
                    # قال الجبوري عقب اجتماع مع قادة الكتل: the one who speaks of the meeting in this sentence,
                    # before his words begin (a meeting he only mentions is not his)
                    actors = _speaker_before_words(doc, sent, toks[i])
                if not actors and trig.type is EventType.CONSULT and i and words[i - 1].stem in _DURING:
                    # صرح فالون أثناء زيارة للعراق، أدلى أردوغان بتصريحات خلال زيارة إلى قبرص: a visit the clause's
                    # subject was on — the speaker whose words follow, else the first person named before it, else
                    # the one who speaks after it (وخلال زيارة إلى إندونيسيا، قال الرئيس إن …)
                    actors = _speaker_before_words(doc, sent, toks[i]) \
                        or [e.id for e in ents[:i] if e is not None and e.type.value == "PER"][:1] \
                        or [q.speaker for q in doc.quotes if q.speaker and toks[i].end <= q.cue.start < sent.end][:1]
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
                if trig.type is EventType.ASSAULT:
                    targets += [x for x in _in_the_ranks(toks, words, ents, i) + _taken_from(toks, words, ents, i)
                                if x not in actors + targets]
                passive = i > 0 and words[i - 1].norm in _PASSIVE_AUXILIARIES
                if not actors and not targets and not (location and (trig.type in _PLACE_EVENTS or (
                        passive and trig.type in _UNSTATED_AGENT))):
                    continue
                if not actors and trig.type not in _UNSTATED_AGENT \
                        and (len(targets) < 2 or trig.type is not EventType.AGREE):
                    continue  # وصول الأسلحة إلى إيران، زيارة إلى باكستان، عبر ذوو الشهيد عن شكرهم: a visit, meeting or
                    # stance needs whose it is (an agreement between two named sides has them: الاتفاق بين إيران والقوى)
                ev = Span(sent.start, sent.end, sent.text)
                found.append(_Found(trig.type, trig.cameo, _noun_mode(doc, trig, actors, targets, location, by_id),
                                    Span(toks[i].start, toks[i].end, toks[i].text), ev, actors, targets, location,
                                    _nearest_timex(doc, si, toks[i].start), False, si, [ev.to_dict()], by_noun=True))
                continue
            both_sides = i + 1 < len(words) and words[i + 1].stem in _BOTH_SIDES
            actors, targets, location = _arguments(doc, toks, words, ents, i, trig, by_id)
            if needed is not None and trig.kind != "passive":
                # أطلقت السلطات سراح X، أطلق سراح X: the subject stands between the verb and the word it needs; a
                # name after that word is the object (a passive's is its doer: سقطت المدينة في أيدي داعش)
                object_at = following[needed]
                each = any(words[k].norm == "كل" and words[k + 1].norm == "من" for k in range(object_at, len(toks) - 1))
                late = [] if each else [a for a in actors if min((k for k in range(len(toks)) if ents[k] is not None
                                                                  and ents[k].id == a), default=-1) > object_at]
                if late:
                    actors = [a for a in actors if a not in late]
                    targets = late + [t for t in targets if t not in late]
            if donor is not None:
                actors, targets = [donor], [t for t in targets if t != donor]
            if visitor is not None:
                actors, targets = [visitor], [t for t in dict.fromkeys(actors + targets) if t != visitor]
            # (with no subject left, a release was passive: أُطلق سراح X is told by whom it freed, and borrows no doer)
            told_by_object = needed is not None and not actors and bool(targets) and trig.type is EventType.CONCEDE
            if object_suffixed(w.stem):
                if i > 1 and words[i - 1].norm in RELATIVE_PRONOUNS and ents[i - 2] is not None \
                        and ents[i - 2].id not in actors:
                    targets = [ents[i - 2].id]  # باكستان التي يتهمها تنظيم داعش: the pronoun is the antecedent
                else:
                    # اعتقلوه، استقبله: the object is the last one named before the verb (a person first)
                    named = [e for s_, _, e in index if s_ < toks[i].start and e.id not in actors
                             and e.type.value in ("PER", "ORG")]
                    people = [e for e in named if e.type.value == "PER"]
                    targets = [(people or named)[-1].id] if named else []
            if both_sides:
                # اتفق الجانبان: the two sides are the parties of the last meeting
                meeting = next((f for f in reversed(found) if f.type is EventType.CONSULT), None)
                if meeting is not None:
                    actors, targets = list(dict.fromkeys(meeting.actors + meeting.targets)), []
            if not actors and trig.kind == "participle":
                # the main clause's subject; with none named, the speaker of its cue (وشدد على أن …، متهما الحكومة)
                main = next((e.id for e in ents[:i] if e is not None and e.type.value == "PER"), None)
                actors = [main] if main else [sp for pos, sp in speakers if sent.start <= pos < toks[i].start][-1:]
            things_after = i + 1 < len(words) and ents[i + 1] is None and not words[i + 1].clitics \
                and words[i + 1].norm.endswith("ات") and len(words[i + 1].norm) > 4  # وصلت تجهيزات عسكرية
            if not actors and trig.type not in _UNSTATED_AGENT and not told_by_object \
                    and not _common_subject(words, ents, toks, i) \
                    and not things_after and not _inside_report(doc, toks[i].start):
                # a dropped subject: the doer of an event or the speaker of a quote in this or the previous sentence
                prior = [sp for pos, sp in speakers if doc.sentences[max(0, si - 1)].start <= pos < toks[i].start]
                # (the trigger may be the cue itself: ودعا الدول العربية إلى وقفة جادة)
                here = [sp for pos, sp in speakers if sent.start <= pos <= toks[i].start]
                actors = list(last_actor) if last_sentence >= si - 1 else []
                # وأفاد يونكر … مشيرا الى انه تحدث مع …: the speaker of this sentence's report did it
                actors = here[-1:] or actors or prior[-1:]
                if actors and w.norm.endswith("وا") and by_id.get(actors[0]) is not None \
                        and by_id[actors[0]].type.value == "PER":
                    actors = []  # رفضوا الامتثال: a plural verb's doers are not the one person named before
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
            if not actors and trig.type is EventType.COERCE and location in by_id:
                # اعتقل رضايان في طهران: an arrest by no one named is the state's where it happened
                state = _country_entity(doc.entities, by_id[location])
                actors = [state] if state and state not in targets else []
            if trig.type is EventType.ASSAULT:
                targets += [x for x in _in_the_ranks(toks, words, ents, i) + _taken_from(toks, words, ents, i)
                            if x not in actors + targets]
            unnamed_subject = i + 1 < len(words) and ents[i + 1] is None \
                and names_no_one(words[i + 1], toks[i + 1].kind)
            if not actors and not (trig.type in _UNSTATED_AGENT and (targets or location)) and not told_by_object \
                    and not (targets and trig.type in _STANCES_TOLD_BY_SOURCES
                             and (unnamed_subject or w.stem.endswith("وا"))):
                # a meeting, statement or deal needs its doer; an attack or arrest may go unattributed, told by
                # whom it struck or where (قتل مسلحون ثلاثة جنود في مدينة العريش)
                continue
            if trig.role == "الي" and trig.mode == ConsultMode.VISIT.value and not targets and location is None:
                continue  # وصلت الشرطة لموقع الحادث: an arrival at no named place or host is no visit
            if actors:
                last_actor, last_sentence = actors[:1], si
            mode = trig.mode
            if trig.type is EventType.CONSULT and mode is None:
                mode = _consult_mode(doc, actors, targets, location, by_id)
            ev = Span(sent.start, sent.end, sent.text)
            found.append(_Found(trig.type, trig.cameo, mode, Span(toks[i].start, toks[i].end, toks[i].text), ev,
                                actors, targets, location, _nearest_timex(doc, si, toks[i].start), negated, si,
                                [ev.to_dict()], another=i > 0 and words[i - 1].norm == "كما"))
        for f in found[first_here:]:
            # (an indefinite noun tells an event anew, whatever its sentence calls it later: صد هجوم لمسلحي داعش …
            # وقتل خلال الهجوم)
            f.refers_back = f.type in told and not (f.by_noun and not analyze(f.trigger.text).clitics.endswith("ال"))
    states = authorities_as_states(doc.entities)
    for f in found:
        f.actors = list(dict.fromkeys(states.get(a, a) for a in f.actors))
        f.targets = [t for t in dict.fromkeys(states.get(t, t) for t in f.targets) if t not in f.actors]
    # (an event dated by a word of the future after the article's day is a plan told in the present: يزور ولي العهد
    # الأردن غدا، يعقد الحلف اجتماعا الثلاثاء المقبل)
    published = doc.published or "9999"
    later = {t.id: t for t in doc.timexes if t.value and t.value[:10] > published
             and any(w in normalize_str(t.text) for w in _FUTURE_MARKS)}
    return tuple(e for e in _merge(_one_per_sentence(found), by_id) if not _planned(doc, e, later.get(e.timex)))


def _planned(doc: Document, event: Event, later: Timex | None) -> bool:
    """Is the event dated by a time of the future right after its trigger, in its clause (يزور الأردن غدا)? A
    future time before the trigger or past a comma belongs to another clause (الجلسة المقبلة ستكون الأربعاء المقبل
    … والاعتداء الذي حدث)."""
    if later is None or later.start < event.trigger.end or later.start - event.trigger.end > 40:
        return False
    return not any(c in doc.text[event.trigger.end:later.start] for c in "،,.؛;")


_COMPASS_WORDS = word_class("compass_words")
_DISTANCE_UNITS = word_class("distance_units")


_RANKS = word_class("ranks")
_MEMBERS = word_class("members")


def _possessor(doc: Document, sent, toks, ents, i: int, w) -> list[str]:
    """Whose meeting or visit a possessed noun tells (وصرح السفير شلتوت عقب لقائه): the speaker whose words follow,
    else the nearest person named before it in the sentence (an organization too for ـها: اجتماعها)."""
    speaker = _speaker_before_words(doc, sent, toks[i])
    if speaker:
        return speaker
    kinds = ("PER", "ORG") if w.stem.endswith("ها") else ("PER",)
    named = [k for k in range(i) if ents[k] is not None and ents[k].type.value in kinds]
    if not named:
        return []
    if not any(toks[k].text in _CLAUSE_BREAK for k in range(named[-1] + 1, i)):
        return [ents[named[-1]].id]  # كارتر في زيارته إلى العراق: the name the noun follows
    # (past a comma, the sentence's subject: نقل وكيل الإمارة الشمري تعازي … لأسرة الشهيد الزهراني، وذلك أثناء
    # زيارته)
    return [ents[named[0]].id]


def _met_after_title(toks, words, ents, i: int, reach: int = 14) -> list[str]:
    """لقائه اليوم مبعوث الأمين العام للأمم المتحدة إلى اليمن إسماعيل ولد الشيخ: the person a title leads to."""
    for j in range(i + 1, min(len(toks), i + 1 + reach)):
        if toks[j].text in _CLAUSE_BREAK or words[j].norm in _THAT:
            break
        if ents[j] is not None and ents[j].type.value == "PER":
            return [ents[j].id]
    return []


def _in_the_ranks(toks, words, ents, i: int, reach: int = 12) -> list[str]:
    """The side an attack's dead and wounded are counted among (سقوط قتلى وجرحى في صفوف عناصر الميليشيا الحوثية،
    خلفت عشرات القتلى في صفوف المتمردين): whom it struck, in the trigger's clause."""
    out = []
    for k in range(max(0, i - reach), min(len(toks) - 1, i + reach)):
        if words[k].norm not in _RANKS and words[k].stem not in _RANKS:
            continue
        if any(toks[m].text in (".", "؛", ";", "؟", "!") for m in range(min(i, k), max(i, k))):
            continue
        j = k + 1
        while j < len(toks) and ents[j] is None and words[j].norm in _MEMBERS:
            j += 1
        if j < len(toks) and ents[j] is not None and ents[j].type.value in ("ORG", "PER", "LOC"):
            out.append(ents[j].id)
    return out


_CAPTURES = frozenset(w + end for w in word_class("captures") for end in ("", "ت", "وا", "ا"))  # (انتزعت، سيطروا)


def _taken_from(toks, words, ents, i: int, reach: int = 18) -> list[str]:
    """Whom a place was taken from (السيطرة على بلدة صرين من تنظيم داعش، تحرير عدن من ميليشيات الحوثي): the side
    after من in a capture's clause, up to the clause's end (not من قبل: who did it)."""
    stem = words[i].stem
    if stem not in _CAPTURES and stem.removeprefix("ال") not in _CAPTURES:
        return []
    for k in range(i + 1, min(len(toks) - 1, i + reach)):
        if toks[k].text in _CLAUSE_BREAK:
            break
        if words[k].norm == "من" and words[k + 1].norm != "قبل":
            j = k + 1
            while j < len(toks) and ents[j] is None and (words[j].norm in _MEMBERS or words[j].stem in _MEMBERS
                                                         or words[j].norm in _HOLDS
                                                         or toks[j].text in ('"', "«", "“")):
                j += 1  # (من يد الحوثيين، من سيطرة تنظيم داعش، من ميليشيات الحوثي)
            if j < len(toks) and ents[j] is not None and ents[j].type.value in ("ORG", "PER"):
                return [ents[j].id]
    return []


_VEHICLES = word_class("vehicles")
_RELIEF_MARKS = word_class("relief_marks")


def _named(ents, k: int) -> bool:
    """Is the token at ``k`` part of a person's or a body's name?"""
    return k >= 0 and ents[k] is not None and ents[k].type.value in ("PER", "ORG")


def _vehicle_arrives(toks, words, ents, i: int, reach: int = 9) -> bool:
    """Is the subject of the arrival at ``i`` a plane, ship, convoy or truck (وصلت أمس إلى مطار عدن أول طائرة، وصلت
    سفينة «درب الخير»), named before any person or body?"""
    first = True
    for k in range(i + 1, min(len(toks), i + 1 + reach)):
        if toks[k].text in _CLAUSE_BREAK or (ents[k] is not None and ents[k].type.value in ("PER", "ORG")):
            return False
        if ents[k] is None and words[k].stem.removeprefix("ال") in _VEHICLES:
            return True
        if first and words[k].norm not in _TIME_WORDS and toks[k].kind == "arabic":
            if words[k].clitics.endswith("ال"):
                return False  # وصل الوفد اليمني … عبر طائرة: the delegation came, on a plane
            first = False
    return False


def _relief_body(entities) -> str | None:
    """The relief body the article names most (مركز الملك سلمان للإغاثة، هيئة الهلال الأحمر، برنامج الأغذية
    العالمي), if any."""
    bodies = [e for e in entities if e.type.value == "ORG" and any(m in normalize_str(e.name) for m in _RELIEF_MARKS)]
    return max(bodies, key=lambda e: len(e.mentions)).id if bodies else None


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
    return any(x.norm in RELATIVE_PRONOUNS for x in words[i + 1:i + 4]) \
        or any(x.stem in _ERUPTED and not x.clitics.endswith("ال") for x in words[max(0, i - 3):i]) \
        or (i > 0 and words[i - 1].norm in _PASSIVE_AUXILIARIES) \
        or _managed(words, i) \
        or any(x.norm == "بين" for x in words[i + 1:i + 3])
    # (تم القبض على: the passive tells it; استطاعوا السيطرة: what they managed; المواجهات بين مسلحي الحوثي والمقاومة،
    # الاجتماع المشترك بين الوزراء وكيري: the fighting or meeting named with its sides)


def _with_someone(toks, words, ents, i: int, reach: int = 14) -> bool:
    """Does the clause after position i name someone after مع (… مع وزير الخارجية الأمريكي جون كيري)?"""
    for k in range(i + 1, min(len(toks), i + 1 + reach)):
        if toks[k].text in _CLAUSE_BREAK:
            return False
        if words[k].norm == "مع":
            return any(e is not None and e.type.value in ("PER", "ORG") for e in ents[k + 1:k + 6])
    return False


def _managed(words, i: int) -> bool:
    """Is the word what a verb of managing or trying governs: right after it (استطاعوا السيطرة), or after من/في
    with the subject between (تمكنت قوات الجيش من اعتقال، نجحت في تحرير)?"""
    if i > 0 and is_managing(words[i - 1]):
        return True
    if i < 2 or words[i - 1].norm not in ("من", "في"):
        return False
    return any(is_managing(x) for x in words[max(0, i - 6):i - 1])


def _clause_before(toks, words, i: int, reach: int = MAX_ARGUMENT_GAP) -> list:
    """The words of the clause before position i (up to ``reach`` of them)."""
    out = []
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[k].text in _CLAUSE_BREAK:
            if time_aside(toks, words, k):
                continue  # شن سلاح الجو التركي اليوم، أولى غاراته: the comma after a time word ends nothing
            break
        out.append(words[k])
    return out


def _clitics_allowed(w, readings: tuple[Trigger, ...], before) -> bool:
    """A verb takes only و/ف. A verbal noun may also carry ب/ل where it is the event itself: after a light verb
    (قامت باعتقالهم، أمرت النيابة العامة بحبس …) or as a killing or attack (استنكارا لمقتل الطفل، بهجوم على مركز)."""
    if w.clitics in ("", "و", "ف"):
        return True
    if w.clitics.lstrip("وف") not in ("ب", "ل") or readings[0].kind != "noun":
        return False
    return any(r.type is EventType.ASSAULT for r in readings) or any(is_light_verb(b) for b in before)


def _issued_by(toks, words, i: int, triggers) -> bool:
    """Is the bare perfect form at ``i`` an active participle, after an indefinite noun and before عن (بيان صادر عن)?"""
    w = words[i]
    return not w.clitics and not w.norm.startswith(("ي", "ت")) and i + 1 < len(words) and words[i + 1].norm == "عن" \
        and i > 0 and toks[i - 1].kind == "arabic" and not words[i - 1].clitics.startswith(("و", "ف")) \
        and not words[i - 1].clitics.endswith("ال") and words[i - 1].stem not in triggers


def _visit_somewhere(words, ents, i: int, readings: tuple[Trigger, ...]) -> bool:
    """A visit noun with ب/ل that says where it went (لزيارة الرئيس أوباما إلى كينيا، بزيارة إلى مصر) tells a visit,
    whatever governs it: a place named after إلى within eight words."""
    if not any(r.mode == ConsultMode.VISIT.value and r.role == "الي" for r in readings) \
            or words[i].clitics.endswith("ال"):
        return False
    for k in range(i + 1, min(len(words), i + 9)):
        if words[k].norm in ("الي", "لي") and k + 1 < len(words) and ents[k + 1] is not None \
                and ents[k + 1].type.value == "LOC":
            return True
    return False


def _noun_mode(doc, trig: Trigger, actors, targets, location, by_id) -> str | None:
    """The mode of an event told by a verbal noun: a conference or summit is multilateral whoever attends, a call is
    by phone, a visit told with where it went (زيارة إلى مصر) is one whoever made it; else a meeting's mode comes from
    its parties' countries."""
    if trig.type is not EventType.CONSULT or trig.mode in (ConsultMode.MULTILATERAL.value, ConsultMode.PHONE.value):
        return trig.mode
    if trig.mode == ConsultMode.VISIT.value and trig.role == "الي" and (
            location is not None or any(by_id[t].type.value == "LOC" for t in targets if t in by_id)):
        return trig.mode
    return _consult_mode(doc, actors, targets, location, by_id) or None


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


def _one_per_sentence(found: list[_Found]) -> list[_Found]:
    """A second word for the same act in one sentence names no one (استطاعوا السيطرة على مواقع الحوثيين … بعد معارك
    طاحنة): an event without actors or targets is the one its sentence tells with its parties, if there is one."""
    told = {(f.sentence, f.type, f.negated) for f in found if f.actors or f.targets}
    out = []
    for f in found:
        if not f.actors and not f.targets and (f.sentence, f.type, f.negated) in told:
            owner = next(g for g in found if (g.sentence, g.type, g.negated) == (f.sentence, f.type, f.negated)
                         and (g.actors or g.targets))
            owner.location = owner.location or f.location
            continue
        out.append(f)
    return out


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
            # (the one its own sentence told first, if any: صد هجوم لمسلحي داعش …، وقتل خلال الهجوم 15 مسلحا)
            prior = next((m for m in reversed(merged) if m.type == f.type and m.negated == f.negated
                          and m.sentence == f.sentence), None) \
                or next((m for m in reversed(merged) if m.type == f.type and m.negated == f.negated), None)
            # … in the attack (في الهجوم) adds to the last one, unless it puts it somewhere else (الهجوم الانتحاري الذي
            # استهدف في سروج after a bombing in Diyarbakir)
            if prior is not None and set(f.actors) <= set(prior.actors) | set(prior.targets) \
                    and _places_agree(prior.location, f.location, by_id):
                twin = prior
        if twin is None and not f.another:
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
            if not twin.actors and f.actors:
                # (a headline told the strike without its doer: the report under it names him)
                twin.actors = list(f.actors)
                twin.targets = [t for t in twin.targets if t not in twin.actors]
            for t in f.targets:
                if t not in twin.targets and t not in twin.actors:
                    twin.targets.append(t)
            if twin.timex is None and f.timex is not None:
                twin.timex = f.timex
            continue
        merged.append(f)
    _during_visits(merged)
    _said_at_the_dateline(merged, by_id)
    out = []
    for n, m in enumerate(merged, 1):
        date = next((e["date"] for e in m.evidence_all if e.get("date")), None)
        if m.location is None and m.type in _PLACE_EVENTS:
            # سيطر الثوار على مديرية النادرة، قصف مدينة عدن: the place attacked or taken is where it happened
            m.location = next((t for t in m.targets if t in by_id and by_id[t].type.value == "LOC"), None)
        out.append(Event(id=f"v{n}", type=m.type, trigger=m.trigger, evidence=m.evidence, actors=tuple(m.actors),
                         targets=tuple(m.targets), mode=m.mode, cameo=m.cameo, location=m.location, date=date,
                         timex=m.timex.id if m.timex else None, negated=m.negated,
                         extra={"evidence_all": m.evidence_all} if len(m.evidence_all) > 1 else {}))
    return out


_DURING_A_VISIT = frozenset((EventType.CONSULT, EventType.AGREE, EventType.SUPPORT, EventType.REQUEST,
                             EventType.COOPERATE))


def _during_visits(merged: list[_Found]) -> None:
    """A meeting, agreement or stance told after a visit, with the visitor or his host among its parties and no place
    of its own, happened on that visit (وعقد الرئيس المصري اجتماعاً مع سموه، فقد اتفق الجانبان … after زيارة … إلى
    مصر): it takes the visit's place, and a meeting is itself part of the visit."""
    visits: list[_Found] = []
    for m in merged:
        if m.type is EventType.CONSULT and m.mode == ConsultMode.VISIT.value and m.location is not None:
            visits.append(m)
            continue
        if m.type not in _DURING_A_VISIT or m.negated or m.mode is not None:
            continue  # (a call is made from afar: اثناء اتصال هاتفي)
        parties = set(m.actors) | set(m.targets)
        visit = next((v for v in reversed(visits) if parties & (set(v.actors) | set(v.targets))), None)
        if visit is None:
            continue
        if m.type is EventType.CONSULT and set(visit.actors) & parties:
            m.mode = ConsultMode.VISIT.value  # the visitor's meetings there are his visit's
        m.location = m.location or visit.location


_STATEMENTS = frozenset((EventType.ACCUSE, EventType.REQUEST, EventType.SUPPORT, EventType.REJECT,
                         EventType.THREATEN))


def _said_at_the_dateline(merged: list[_Found], by_id: dict[str, Entity]) -> None:
    """A statement with no place of its own was made where the dispatch was filed (أنقرة - «الشرق الأوسط»: اتهم
    رئيس الوزراء …): the dateline's place."""
    where = next((e.id for e in by_id.values() if e.type.value == "LOC"
                  and any((m.extra or {}).get("kind") == "dateline" for m in e.mentions)), None)
    if where is None:
        return
    for m in merged:
        if m.location is None and m.type in _STATEMENTS and not m.negated and where not in m.targets:
            m.location = where


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
    if m.sentence == f.sentence and m.actors == f.actors and m.targets == f.targets and m.location == f.location \
            and m.type not in _UNSTATED_AGENT:
        # نقل المبعوث تحيات وتقدير الرئيس بوتين … وتقديره: one sentence, the same parties, one stance (two attacks
        # told in one sentence may be two: مقتل الشرطيين … يشن الجيش غارات)
        return True
    if m.type is EventType.CONSULT and _visit_word(m) != _visit_word(f):
        return False  # زيارة إلى مصر … وعقد فخامته اجتماعا مع سموه: the visit and a meeting during it are two
    if m.type in _UNSTATED_AGENT:
        # clashes with the same militia in two places are two clashes
        return same_word and (m.location is None or f.location is None or m.location == f.location)
    return m.type is EventType.CONSULT or bool(set(m.targets) & set(f.targets)) or same_word


def _visit_word(f: _Found) -> bool:
    """Was the event told with a word of going somewhere (زار، زيارة، زيارته، وصل، وصول), not of meeting?"""
    w = analyze(f.trigger.text)
    readings = _triggers().get(w.stem) or _possessed(w, _triggers()) or ()
    return any(r.mode == ConsultMode.VISIT.value and (r.role == "الي" or w.stem.startswith("زار")) for r in readings)


def _dates_agree(m: _Found, date: str | None) -> bool:
    mine = next((e["date"] for e in m.evidence_all if e.get("date")), None)
    return mine is None or date is None or mine == date

"""Event arguments: who did it, to whom and where, read from Arabic clause structure around a trigger — the
subject after the verb (VSO) or before it (SVO), coordinated subjects, the object or the verb's preposition, a
place after في; for a verbal noun, its genitive, the subject of its light verb (عقد X اجتماعا) or of its relative
clause (الضربات التي شنها X), the doer after من قبل / على يد.
"""
from __future__ import annotations

from collections.abc import Sequence

from .document import Document, Entity
from .entities.rules import is_title_word, subject_after_kana
from .entities.titles import fitting_people, honorific_marks
from .entities.words import RELATIVE_PRONOUNS, SOURCE_MARKERS
from .event_triggers import (
    _BEFORE_NOUN,
    _CLAUSE_BREAK,
    _LIGHT_VERBS,
    _PLACE_EVENTS,
    _PREPOSITIONS,
    _PRONOUN_ENDINGS,
    _RELATIVE_VERBS,
    _TIME_WORDS,
    _UNDERGO,
    _UNSTATED_AGENT,
    LIGHT_VERB_GAP,
    LOCATION_WINDOW,
    MAX_ARGUMENT_GAP,
    Trigger,
    _possessed,
    _triggers,
    is_light_verb,
    is_managing,
    object_suffixed,
    time_aside,
)
from .ontology import ConsultMode, EventType
from .resources import word_class, word_counts

LONG_TITLE_GAP = 26  # tokens a subject's titles may take after the verb
_VOICED_STANCES = frozenset((EventType.ACCUSE, EventType.SUPPORT, EventType.REJECT, EventType.REQUEST))
_THAT = word_class("that")  # أن / إن, normalized: what follows is a reported clause
_BECAUSE = word_class("because")  # normalized: a reason clause begins
_TIME_THAT = word_class("time_that")  # … but بعد أن قبضت: a time, not a report


def _titled_person_before(toks, words, ents, j: int, end: int) -> str | None:
    """The person after the organization at ``j`` and before ``end``, set off by a comma and a title (رئيس هيئة
    الأركان …، اللواء الركن محمد علي المقدشي), or directly after title words."""
    k = j
    while k < end and ents[k] is ents[j]:
        k += 1
    after_org = k
    while k < end and ents[k] is None and (toks[k].text in ("،", ",") or is_title_word(words[k])
                                           or words[k].norm in _TITLE_QUALIFIERS):
        k += 1
    e = ents[k] if k < end else None
    # (something must stand between: القوات الموالية للرئيس عبد ربه منصور هادي are the forces, not Hadi)
    return e.id if e is not None and e.type.value == "PER" and k > after_org else None


def _apposed_person(toks, ents, i: int, reach: int = 12) -> str | None:
    """A person set off by commas within a few words after the verb (… عن مدينة إسطنبول، محمود تانال، …)."""
    n = len(toks)
    for k in range(i + 1, min(n - 1, i + reach)):
        if toks[k].text in (".", "؛", ";", ":"):
            return None
        if toks[k].text in ("،", ",") and ents[k + 1] is not None and ents[k + 1].type.value == "PER":
            e = ents[k + 1]
            m = k + 1
            while m < n and ents[m] is e:
                m += 1
            if m < n and toks[m].text in ("،", ","):
                return e.id
    return None


# words that qualify a title (رئيس مجلس الأمة بالإنابة مبارك الخرينج، وزير الخارجية السابق)
_TITLE_QUALIFIERS = word_class("title_qualifiers")
_PARTITIVE_HEADS = word_class("partitive_heads")


# acts a city can only do as its government's name, when it is the verb's subject
_STANCES = frozenset((EventType.REQUEST, EventType.ACCUSE, EventType.SUPPORT, EventType.REJECT, EventType.THREATEN,
                      EventType.SANCTION, EventType.AGREE))


def _partitive(w) -> bool:
    """A word of number or kind before من that makes the name after it the body the doers belong to."""
    return w.norm in _PARTITIVE_HEADS or w.stem in _PARTITIVE_HEADS or w.shape == "digit"


def _names_a_body(words, j: int) -> bool:
    """Is the person at ``j`` the namesake of an organization (مركز الملك سلمان للإغاثة، جامعة الملك سعود)?"""
    from .entities.rules import organization_head_stems

    heads = organization_head_stems()
    return any(words[k].stem in heads for k in range(max(0, j - 2), j))


def _inside_report(doc: Document, pos: int) -> bool:
    """Is ``pos`` inside what someone is reported to have said, about someone else (… ان المهاجمين بادروا … وهددوا)?
    Content opening with a pronoun (قال إنه التقى) is about the speaker, whose doing may be borrowed."""
    for q in doc.quotes:
        if q.content.start <= pos < q.content.end:
            before = doc.text[max(0, q.content.start - 6):q.content.start]
            return not any(p in before for p in ("إنه", "انه", "أنه", "إنها", "انها", "أنها"))
    return False


def _after_in(words, ents, k: int, *, reach: int = 4, lo: int = 0, preps: tuple[str, ...] = ("في",)) -> bool:
    """Does في (or another of ``preps``) stand at most ``reach`` words before the place at token k (and not before
    token ``lo``), with no other name between? (في العاصمة الإيرانية طهران، في مدينة نيويورك الأميركية)"""
    return any(words[m].stem in preps and all(ents[x] is None for x in range(m + 1, k))
               for m in range(max(lo, k - reach), k))


def _governed(toks, words, ents, k: int) -> bool:
    """Is the name at token k the complement of a preposition (الجناح العسكري لحزب العمال، سفير لدى الكويت), so
    part of another noun phrase rather than a subject?"""
    first = k
    while first > 0 and ents[first - 1] is ents[k]:
        first -= 1
    # (… and of على حساب X, ضد X: at whose expense, against whom)
    return any(g.kind == "prep" for g in toks[first].segments) or (first > 0 and words[first - 1].stem in (
        "لدي", "عند", "الي", "من", "في", "علي", "عن", "ضد", "حساب"))


def _no_object_after(toks, words, ents, i: int) -> bool:
    """Past the time words (الأربعاء الماضي), does a preposition or the clause's end follow the verb? Then a verb
    that takes an object has none: it is the passive, unwritten without vowels (الجنيد الذي اختطف الأربعاء في تعز)."""
    k = i + 1
    while k < len(toks) and k - i <= 3 and ents[k] is None and (words[k].norm in _TIME_WORDS
                                                                or words[k].stem in ("ماضي", "ماضيه")):
        k += 1
    return k >= len(toks) or (ents[k] is None and (words[k].norm in _PREPOSITIONS or toks[k].kind != "arabic"))


def _timex_between(doc: Document, start: int, end: int) -> bool:
    """A time expression stands between two offsets: the words on its two sides are not in apposition."""
    return any(start <= t.start and t.end <= end for t in doc.timexes)


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
        # (or, for a direct object, what the pronoun owns: استنكرت المنظمة تصريحاته، أدان مواقفها)
        carrier = carrier or (trig.role == "direct" and trig.type in (EventType.ACCUSE, EventType.REJECT)
                              and not w.clitics and _has_pronoun(w))
        target_word = words[j + 1] if w.stem == trig.role and j + 1 < len(words) else w
        if carrier and (_has_pronoun(target_word) or target_word.norm in _PREP_PRONOUNS.get(trig.role, ())):
            people = [e for s_, _, e in index if s_ < toks[i].start and e.type.value == "PER"
                      and e.id not in actors]
            # an honorific says whose (سموه: a prince's, جلالته: a king's, فخامته: a president's)
            marks = honorific_marks(target_word)
            if marks:
                people = fitting_people(people, marks) or people
            return [e.id for e in people[-1:]]
    return []


def honorific_bearer(w, pos: int, entities: Sequence[Entity]) -> str | None:
    """The person an honorific pronoun stands for (فخامته: the last president named before ``pos``; سموه: the last
    prince), or None when the word is no honorific that names a title, or no one fits."""
    marks = honorific_marks(w)
    if not marks:
        return None
    fitting = fitting_people([e for e in entities if e.type.value == "PER" and any(m.start < pos for m in e.mentions)],
                             marks)
    if not fitting:
        return None
    return max(fitting, key=lambda e: max(m.start for m in e.mentions if m.start < pos)).id
_PREP_PRONOUNS = {"مع": ("معه", "معها", "معهم"), "ب": ("به", "بها", "بهم"), "الي": ("اليه", "اليها", "اليهم"),
                  "علي": ("عليه", "عليها", "عليهم")}


def _meeting_noun(w) -> bool:
    """لقاء، لقائه، اجتماعه مع: a noun naming the meeting, whose object is the other party."""
    readings = _triggers().get(w.stem) or _possessed(w, _triggers()) or ()
    return any(r.type is EventType.CONSULT and r.kind == "noun" for r in readings)


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
        if e is not None and e.type.value == "LOC" and j == i + 1 and trig.type in _STANCES \
                and not any(g.kind == "prep" for g in toks[j].segments):
            return True  # ودعت واشنطن، أدانت القاهرة: a capital that speaks or acts is its government
        return e is not None and (e.type.value in ("PER", "ORG") or bool(e.kb and e.kb.startswith("iso3166")))

    earlier_person = next((ents[k].id for k in range(i) if ents[k] is not None and ents[k].type.value == "PER"),
                          None)
    if earlier_person is None and i > 2 and ents[0] is None and ents[1] is not None and ents[1].type.value == "ORG" \
            and toks[0].kind == "arabic" and not words[0].clitics.endswith("ال") \
            and not (trig.type in _UNSTATED_AGENT and trig.role == "direct" and (
                _no_object_after(toks, words, ents, i) or (i + 1 < n and words[i + 1].norm in _BEFORE_NOUN))):
        # وحققت وحدات حماية الشعب مكاسب … قبل أن تتقدم … وتسيطر على بلدة عين عيسى: the body the sentence opens with,
        # right after its first verb, is the subject the later verbs share (not a passive unwritten: وقتل خلال الهجوم
        # 15 مسلحا)
        earlier_person = ents[1].id
    # a verb joined by و, or opening a حيث clause, shares the subject of the clause before
    shared_subject = i > 0 and (words[i].clitics == "و" or words[i - 1].norm == "حيث") and earlier_person is not None \
        and not (trig.type in _UNSTATED_AGENT and _inside_report(doc, toks[i].start))  # (قال X إن مروحيتين … وقتل)
    relative = i > 0 and words[i - 1].norm in RELATIVE_PRONOUNS
    if trig.kind == "participle":
        pass  # مشيدا: its doer is the main clause's subject, found by the caller
    elif relative and i > 1 and ents[i - 2] is not None and party(i - 2) and ents[i - 2].type.value != "LOC" \
            and trig.kind == "verb" and "\u064f" not in toks[i].text[:3] and not object_suffixed(words[i].norm) \
            and not (trig.type in _UNSTATED_AGENT and trig.role == "direct"
                     and _no_object_after(toks, words, ents, i)):
        # نوري المالكي الذي اتهم المملكة: the relative's antecedent did it (not the one it was done to: الجنيد
        # الذي اختطف الأربعاء، the passive unwritten, العوفي الذي قُتل, written; ساركوزي الذي استقبله: its
        # object; nor a place, seldom the antecedent: لزعيم القاعدة في اليمن الذي قتل)
        actors.append(ents[i - 2].id)
    elif _common_subject(words, ents, toks, i) or (relative and ents[i - 2 if i > 1 else 0] is None):
        # المجموعة زارت ضريح جنكيز خان، الهجوم الذي استهدف مسجدا: the doer is the noun before, which names
        # no one; the named thing after the verb is its object
        pass
    elif (kana := subject_after_kana(words, toks, i, lambda k: ents[k])) is not None and party(
            next(k for k in range(i - 1, -1, -1) if ents[k] is kana)):
        actors.append(kana.id)  # وكان الصافي، طالب العبادي بأن: the name after the verb is its object
    elif shared_subject:
        # …، والتقى الجنرال باجوا: a verb joined by و to an earlier clause shares its subject
        actors.append(earlier_person)
    else:
        # VSO: the entities right after the verb, before a preposition; a person wins over the organization in
        # his title (نائب رئيس المجلس الوطني الباكستاني قاسم خان سوري); coordinated subjects (و…) all act
        window = []
        # a definite common noun right after the verb is its subject (دكت المدفعية السعودية مواقع الحوثيين): the
        # names after it are in its object, behind an indefinite noun (مواقع، رجلا يدعى); one right behind a definite
        # word is in apposition (رفض الكاتب الصحفي فهد بن جليد)
        first = next((j for j in clause(i + 1, 1, MAX_ARGUMENT_GAP + 4) if ents[j] is not None), None)
        unnamed = first is not None and first >= i + 3 and ents[i + 1] is None and toks[i + 1].kind == "arabic" \
            and words[i + 1].clitics.endswith("ال") and not is_title_word(words[i + 1]) \
            and words[i + 1].stem not in _triggers() and not _partitive(words[i + 1]) \
            and ((toks[first - 1].kind == "arabic" and not words[first - 1].clitics.endswith("ال")
                  and not is_title_word(words[first - 1]))
                 or _timex_between(doc, toks[i + 1].end, toks[first].start))  # اعتقلت الشرطة أمس الشيخ …
        # the word the reading needs right after the verb is its object (ثمن موقف الولايات المتحدة، فض اعتصام
        # جماعة الإخوان): the names after it own the object; the subject stood before the verb
        object_first = bool(trig.needs) and i + 1 < n and (words[i + 1].stem in trig.needs
                                                           or words[i + 1].norm in trig.needs)
        # a verb marked plural (استهدفوا، يقاتلون) has its subject before it or in itself: a verb before its subject
        # agrees in gender only (استهدفت القوات), so the names after a plural verb are its object
        plural = trig.kind == "verb" and (words[i].stem.endswith("وا") or (
            words[i].stem.endswith("ون") and words[i].stem.startswith(("ي", "ت"))))
        for j in clause(i + 1, 1, MAX_ARGUMENT_GAP + 4) if not (unnamed or object_first or plural) else ():
            if words[j].norm in RELATIVE_PRONOUNS and ents[j] is None:
                break  # تدين الهجمات التي نفذها مقاتلو الحزب: the names after it are the relative clause's
            if party(j) and ents[j].type.value != "PER" and _governed(toks, words, ents, j):
                continue  # سفير … لدى دولة الكويت: the country belongs to the title
            if party(j) and not any(g.kind == "prep" for g in toks[j].segments):
                window.append(j)
            elif window and ents[j] is None and toks[j].kind == "arabic" and not words[j].clitics \
                    and not is_title_word(words[j]) and ents[j - 1] is not None:
                break  # قصف طيران التحالف مواقع للحوثيين وقوات صالح: a bare noun after the subject opens the object
            elif ents[j] is None and words[j].stem != "اسم" and (
                    words[j].stem in ("في", "الي", "مع", "علي", "عن", "من")
                    or any(g.kind == "prep" for g in toks[j].segments)) \
                    and not (words[j].stem == "من" and j > i + 1 and _partitive(words[j - 1])):
                # (المتحدث باسم الحكومة اليمنية راجح بادي: باسم belongs to the subject's title; but قوات كبيرة من
                # مقاتلي المقاومة، ثلاث مقاتلات من سلاح الجو: the doer is the body its members come from)
                break
        people = [j for j in window if ents[j].type.value == "PER"]
        if people and window[0] < people[0] and ents[window[0]].type.value != "PER" \
                and any(words[k].norm in _ANOTHER_OFFICE for k in range(window[0] + 1, people[0]) if ents[k] is None):
            # اتهم زعيم حزب الشعب الجمهوري الرئيس رجب طيب إردوغان: an office named anew after the subject's title
            # begins the object (a rank or honorific does not: رئيس هيئة الأركان … اللواء محمد باقري)
            people = []
            window = window[:1]
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
        if len(actors) == 1 and next(e for e in ents if e is not None and e.id == actors[0]).type.value == "ORG":
            # طالب نائب حزب الشعب الجمهوري عن مدينة إسطنبول، محمود تانال، بإعادة …: the person in apposition
            person = _apposed_person(toks, ents, i)
            if person is not None:
                actors = [person]
        if not actors and i + 1 < n and is_title_word(words[i + 1]) and ents[i + 1] is None:
            # a subject behind a long title (استقبل معالي المستشار بالديوان الملكي المشرف العام على مركز الملك سلمان
            # … الدكتور عبدالله الربيعة): the first person before the clause ends
            for j in range(i + 1, min(n, i + 1 + LONG_TITLE_GAP)):
                if toks[j].text in _CLAUSE_BREAK:
                    break
                if ents[j] is not None and ents[j].type.value == "PER" and not _names_a_body(words, j):
                    actors.append(ents[j].id)
                    break
        if not actors:
            # وقعت على الاتفاق كل من الولايات المتحدة وبريطانيا: «كل من» brings the coordinated subjects after the
            # object
            each = next((j for j in clause(i + 1, 1, MAX_ARGUMENT_GAP + 4)
                         if words[j].norm == "كل" and j + 1 < n and words[j + 1].norm == "من"), None)
            if each is not None:
                for j in clause(each + 2, 1, 3 * MAX_ARGUMENT_GAP):
                    if party(j) and ents[j].id not in actors and (j == each + 2 or words[j].clitics.startswith("و")
                                                                  or ents[j - 1] is ents[j]):
                        actors.append(ents[j].id)
        if not actors:
            # SVO: the subject before the verb in the same clause, or before the comma that closes a long subject
            # (رئيس هيئة الاركان … والوفد المرافق له، وصل); coordinated subjects all act (إيران ومجموعة … قد توصلت)
            start = i - 2 if i >= 2 and toks[i - 1].text in ("،", ",") else i - 1
            span = clause(start, -1, MAX_ARGUMENT_GAP + 4 + (i - 1 - start))
            joined = -1  # the و-word that joins the last name found to an earlier one; words from it on are titles
            for pos, k in enumerate(span):
                if words[k].norm in RELATIVE_PRONOUNS or (words[k].norm in _THAT and not (
                        k + 1 < n and _has_pronoun(words[k + 1])) and not (k and words[k - 1].norm in _TIME_THAT)):
                    # … الذي استهدف: the subject is the relative's antecedent, no name before it; قال أوغلو إن 297
                    # شخصا اعتقلوا: a name before أن/إن is who says it, not who did it (but أوضحت المقاومة أن
                    # مقاتليها استهدفوا: its own fighters did)
                    break
                if not actors and ents[k] is not None and party(k) \
                        and (helped := _past_support(toks, words, ents, k)) != k and party(helped):
                    actors.append(ents[helped].id)  # (المقاومة مدعومة بطيران التحالف سيطرت: not the coalition)
                    break
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
    # (… up to the next act: أعدم تنظيم داعش الشيخ نجم الدين الجبوري لأنه هاجم التنظيم names the doer again in another
    # clause)
    subject_end = i
    for j in range(i + 1, min(n, i + 1 + LONG_TITLE_GAP)):
        if j > i + 1 and (any(r.kind == "verb" for r in _triggers().get(words[j].stem, ()))
                          or words[j].stem in _BECAUSE):
            break
        if ents[j] is not None and ents[j].id in actors:
            subject_end = j
    # … and a body or country in the title set after the subject is the subject's (استقبل الشيخ صباح الأحمد أمير دولة
    # الكويت الشقيقة في قصر دسمان … الأمير محمد بن سلمان)
    in_title: set[int] = set()
    if subject_end > i and subject_end + 1 < n and is_title_word(words[subject_end + 1]) \
            and ents[subject_end + 1] is None:
        for k in range(subject_end + 1, min(n, subject_end + 7)):
            if toks[k].text in _CLAUSE_BREAK or _prepositional(toks, words, ents, k) \
                    or (ents[k] is not None and ents[k].type.value == "PER"):
                break
            if ents[k] is not None:
                in_title.add(k)
    for j in range(subject_end + 1, min(n, max(i, subject_end - 5) + 1 + 3 * MAX_ARGUMENT_GAP)):
        if toks[j].text in (".", "؛", ";", "؟", "!") or words[j].norm == "حيث" or words[j].stem in SOURCE_MARKERS:
            break  # (… طهران حيث التقى …: what follows حيث is another clause's; وحسب مموزيني: a source's)
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
        if ent.id in actors or ent.id == location or (j > 0 and ents[j - 1] is ent):
            continue  # (a name is judged by its first word: بديوان عام الوزارة is after ب, whatever follows)
        prev = words[j - 1]
        after = preps[0] if preps else prev.norm
        window = 2 * LOCATION_WINDOW if trig.role == "الي" else LOCATION_WINDOW  # وصل … [a long title] … الى X
        city = bool(ent.kb and ent.kb.startswith("geonames"))
        # ب is locative before a city (بالرياض), not before a country in a title (وزير الخارجية بجمهورية باكستان)
        visited = trig.mode == ConsultMode.VISIT.value and trig.role == "direct" and city and not preps \
            and not candidates and location is None  # زار العبادي طهران: the city visited is the place
        # (an arrival's place may stand a few words after its الى: وصل الى العاصمة اليمنية صنعاء)
        near_in = _after_in(words, ents, j, reach=3, lo=i + 1, preps=("في", "الي") if trig.role == "الي" else ("في",))
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
            # the object, or the owner of an unnamed object (هاجمت قطعات عسكرية تابعة للفرقة الثامنة، دورية للجيش)
            ok = preps in ([], ["ل"]) and prev.stem not in ("في", "الي", "من", "عن")
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
        if people and ents[first_ok].type.value != "PER" and (
                people[0] - first_ok <= 10 or (first_ok in in_title and trig.type is EventType.CONSULT)):
            end = first_ok
            while end < people[0] and ents[end] is ents[first_ok]:
                end += 1
            if trig.type is EventType.CONSULT or all(
                    ents[k] is None and (is_title_word(words[k]) or (toks[k].kind == "punct"
                                                                      and toks[k].text not in _CLAUSE_BREAK))
                    for k in range(end, people[0])):
                pick = people[0]
        targets.append(ents[pick].id)
    if trig.kind == "verb" and trig.type in (EventType.ASSAULT, EventType.COERCE) and trig.role == "direct" \
            and not targets and len(actors) == 1 and i + 1 < n and ents[i + 1] is not None \
            and ents[i + 1].id == actors[0] and ents[i + 1].type.value == "PER":
        # واعتقل رضايان في طهران، وقتل الصحفي محمد علي: a person right after the verb with nothing done to
        # anyone else is the one it was done to (the passive, unwritten without vowels)
        actors, targets = [], actors
    if trig.kind == "passive":
        # اغتيل القيادي محمد صالح، القيادي الذي اغتيل: whom it was done to; who did it only behind a weapon, or
        # into whose hands it fell (سقطت قاعدة العند في مارس بأيدي المقاتلين الحوثيين)
        doer = (_weapon_doer(toks, words, ents, i) or _into_hands(toks, words, ents, i)) \
            if trig.type is EventType.ASSAULT else None
        actors = [ents[doer].id] if doer is not None else []
        targets = [t for t in _sufferers(toks, words, ents, i) if t not in actors]
    elif trig.type is EventType.ASSAULT and (doer := _weapon_doer(toks, words, ents, i)) is not None:
        # قتل محمد العلي برصاص قوات الأمن: the one named after the verb is who it was done to (the passive,
        # unwritten), the name behind the weapon who did it
        d = ents[doer].id
        targets = [t for t in dict.fromkeys(actors + targets) if t != d]
        actors = [d]
    return actors, targets, location


def _into_hands(toks, words, ents, i: int, reach: int = 12) -> int | None:
    """The position of the side named right after «في يد / بأيدي / في قبضة» after the act (سقطت المدينة في أيدي
    تنظيم داعش): into whose hands it fell."""
    n = len(toks)
    for j in range(i + 1, min(n - 1, i + 1 + reach)):
        if toks[j].text in _CLAUSE_BREAK:
            return None
        if ents[j] is None and (words[j].stem in _HOLDS or words[j].norm == "بيد"):  # (بيد, whole: "however")
            k = next((k for k in range(j + 1, min(n, j + 4)) if ents[k] is not None), None)
            return k if k is not None and ents[k].type.value in ("PER", "ORG") else None
    return None


def _sufferers(toks, words, ents, i: int, reach: int = 8) -> list[str]:
    """Who suffered a passive act: the antecedent of the relative before it (القيادي محمد صالح الذي اغتيل), else
    the names right after it, joined by و (اغتيل القيادي محمد صالح ومرافقه أحمد علي)."""
    n = len(toks)
    if i and words[i - 1].norm in RELATIVE_PRONOUNS:
        for k in range(i - 2, max(-1, i - 2 - reach), -1):
            if toks[k].text in _CLAUSE_BREAK:
                break
            if ents[k] is not None:
                return [ents[k].id] if ents[k].type.value in ("PER", "ORG") else []
        return []
    out: list[str] = []
    for k in range(i + 1, min(n, i + 1 + reach)):
        e = ents[k]
        if toks[k].text in _CLAUSE_BREAK or _prepositional(toks, words, ents, k):
            break  # (في قصف للميليشيات: how or where, not who)
        if e is not None and e.type.value in ("PER", "ORG") and e.id not in out:
            out.append(e.id)
    return out


def _prepositional(toks, words, ents, k: int) -> bool:
    """A word outside any name that is or carries a preposition (في، للميليشيات): a phrase of how or where begins."""
    return ents[k] is None and (words[k].stem in _PREPOSITIONS or any(g.kind == "prep" for g in toks[k].segments))


# what an attack is done with: the name in its genitive is the doer (قتل برصاص قوات الأمن، مقتل X بنيران الجيش)
_WEAPONS = word_class("weapons")


def _weapon_doer(toks, words, ents, i: int) -> int | None:
    """The position of the doer named behind «ب + weapon» after the act (… برصاص قوات الأمن السورية), if any."""
    n = len(toks)
    for j in range(i + 1, min(n - 1, i + 1 + 2 * MAX_ARGUMENT_GAP)):
        if toks[j].text in (".", "؛", ";", "؟", "!", ":"):
            return None
        # (في قصف للميليشيات، في غارة لطيران التحالف: the weapon's owner told with ل)
        owned = words[j].stem in _WEAPONS and not words[j].clitics and words[j - 1].norm == "في"
        if (words[j].stem in _WEAPONS and words[j].clitics.endswith("ب")) \
                or (words[j].norm[:1] == "ب" and words[j].norm[1:] in _WEAPONS) or owned:  # (برصاص left unsplit)
            for k in range(j + 1, min(n, j + 3)):  # (بنيران مدفعية الجيش: one word of the weapon's may stand between)
                if toks[k].text in _CLAUSE_BREAK:
                    return None
                e = ents[k]
                if e is not None:
                    of = not owned or any(g.kind == "prep" and g.form == "ل" for g in toks[k].segments)
                    return k if e.type.value in ("PER", "ORG") and of else None
            return None
    return None


_RECEIVING = word_class("receiving")


def _giver(toks, words, ents, i: int, reach: int = 6) -> str | None:
    """The one named after «من» just after a received thing (اتصالا هاتفيا من الرئيس الأمريكي باراك أوباما)."""
    n = len(toks)
    at = next((j for j in range(i + 1, min(n, i + 4)) if words[j].norm == "من"), None)
    if at is None:
        return None
    for j in range(at + 1, min(n, at + 1 + reach)):
        if toks[j].text in _CLAUSE_BREAK:
            return None
        e = ents[j]
        if e is not None:
            return e.id if e.type.value in ("PER", "ORG") or (e.kb or "").startswith("iso3166") else None
    return None


def _has_pronoun(w) -> bool:
    """سموه، زيارته: a word carrying a possessive pronoun refers back to someone already named."""

    return w.shape == "arabic" and any(w.norm.endswith(e) and word_counts().get(w.norm[:-len(e)], 0) >= 3
                                       for e in _PRONOUN_ENDINGS)


_LED_BY = word_class("led_by")
# the nouns that name an agreement (not the act of making one: إبرام طهران اتفاقا, Tehran's doing)
_AGREEMENTS = word_class("agreements")


_ANOTHER_OFFICE = word_class("another_office")
_REPORTING = frozenset(f for w in word_class("reporting_verbs") for f in (w, w + "ت"))
_SUPPORTED = word_class("supported")


def _past_support(toks, words, ents, j: int) -> int:
    """The subject before a support phrase that names the helper at ``j`` (المقاومة الشعبية مدعومة بغطاء جوي من قبل
    طيران التحالف تمكنت: the resistance did it, the coalition helped); ``j`` itself when there is none."""
    for s in range(j - 1, max(-1, j - 8), -1):
        if toks[s].text in _CLAUSE_BREAK:
            return j
        if words[s].stem.startswith("مدعوم") or words[s].norm in _SUPPORTED:
            return next((m for m in range(s - 1, max(-1, s - 7), -1) if ents[m] is not None
                         and ents[m].type.value != "LOC"), j)
    return j


_DIED = word_class("died")  # nouns of a death: their genitive died
_GATHERED = word_class("gathered")  # جمع: a meeting that brought X and Y together
_MEMBERS = word_class("members_of_states")  # دول مجلس التعاون: the states of a body, named by it
_HOLDS = word_class("holds")  # يد، أيدي، قبضة، سيطرة: the hands a place fell into (or was taken from)
_PRESS = word_class("press")  # مؤتمر صحفي: a press conference is no meeting of whom it is held by


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
                or words[j].stem == trig.role \
                or (any(g.kind == "prep" for g in toks[j].segments) and not titled):
            break  # (a name is no preposition: مقتل الطفل علي الدوابشة)
        if ents[j] is None and not titled:
            plain += 1
            if plain > 2:
                break
        e = ents[j]
        if e is not None and ((e.type.value == "PER" and trig.type in (EventType.ASSAULT, EventType.COERCE))
                              or (e.type.value == "ORG" and words[i].stem in _DIED)):
            # مقتل الطفل علي الدوابشة، اعتقال الناشط …: a person in the genitive suffered it; so did anyone whose
            # death is told (مقتل ثمانية مسلحين حوثيين، مصرع ستة من مقاتلي الحزب)
            targets.append(e.id)
            break
        if e is not None and e.type.value in ("PER", "ORG"):
            # the person, not the body in his title (وصول رئيس الحكومة اليمنية خالد بحاح)
            actors.append(_person_after_title(toks, words, ents, j) if e.type.value == "ORG" else e.id)
            break
        if e is not None and e.type.value == "LOC" and trig.type in _PLACE_EVENTS:
            location = e.id  # تفجير مسجد الإمام الصادق، قصف مدينة عدن: the place attacked
            break
        if e is not None and e.kb and j > i + 1 and is_title_word(words[j - 1]) \
                and _person_after_title(toks, words, ents, j) != e.id:
            # استقبال أمير قطر الشيخ تميم …: the person whose title names the country
            actors.append(_person_after_title(toks, words, ents, j))
            break
        if e is not None and e.kb and trig.type not in _PLACE_EVENTS:
            if trig.type is EventType.AGREE and j == i + 1 and not e.kb.startswith("iso3166") \
                    and words[i].stem in _AGREEMENTS:
                break  # اتفاقية جنيف، اتفاق فيينا، اتفاق الطائف: a city in the genitive names the agreement
            if trig.type is EventType.CONSULT:
                targets.append(e.id)  # زيارة باكستان: the country visited
            else:
                actors.append(e.id)  # إبرام طهران اتفاقا: a capital or country acts for its state
            break
    if not actors and trig.type is not EventType.CONSULT and trig.role not in ("direct", "ل") and i + 1 < n \
            and any(g.kind == "prep" and g.form == "ل" for g in toks[i + 1].segments):
        # هجوم لمسلحي «داعش» على مواقعها، غارات للتحالف على: ل before the side whose act it is, where the noun
        # takes its target with another preposition (قصف لمواقع الحوثيين: ل marks what a direct noun was done to)
        for j in range(i + 1, min(n, i + 5)):
            if toks[j].text in _CLAUSE_BREAK:
                break
            e = ents[j]
            if e is not None:
                if e.type.value in ("PER", "ORG") or (e.kb or "").startswith("iso3166"):
                    actors.append(e.id)
                break
    # (an indefinite accusative is a light verb's object, whose subject held it: عقد الوزراء اجتماعا تنسيقيا)
    held_by = meeting_owner(toks, words, ents, i, trig) if not actors and not accusative else None
    if held_by is not None:
        actors.append(ents[held_by].id)
    rel = next((k for k in range(i + 1, min(n, i + 4)) if words[k].norm in RELATIVE_PRONOUNS), None)
    if rel is None and not words[i].clitics.endswith("ال"):
        # هجوم عنيف شنه متطرفون: an indefinite noun's relative clause has no pronoun, its verb carries the noun
        rel = next((k - 1 for k in range(i + 1, min(n, i + 4)) if toks[k].text not in _CLAUSE_BREAK
                    and words[k].stem != words[k].stem.removesuffix("ها").removesuffix("ه")
                    and words[k].stem.removesuffix("ها").removesuffix("ه") in _LIGHT_VERBS | _RELATIVE_VERBS), None)
        # (past its adjectives: غارات عنيفة شنتها طائرات التحالف)
    if not actors and rel is not None and rel + 1 < n and words[rel + 1].stem.removesuffix("ها").removesuffix("ه") \
            in _LIGHT_VERBS | _RELATIVE_VERBS:
        # الضربات الجوية التي شنها الجيش التركي: the subject of the relative clause's verb
        for j in range(rel + 2, min(n, rel + 9)):  # (شنه متطرفون ينتمون إلى تنظيم "أنصار بيت المقدس": its members)
            if toks[j].text in _CLAUSE_BREAK:
                break
            e = ents[j]
            # (a state hosts too: مؤتمر استضافته الفاتيكان)
            if e is not None and (e.type.value in ("PER", "ORG") or ((e.kb or "").startswith("iso3166")
                                                                     and words[rel + 1].stem.startswith("استضاف"))):
                actors.append(e.id)
                break
    if actors and trig.type in (EventType.CONSULT, EventType.AGREE):
        # محادثات أجراها محمد بن سلمان، ولي ولي العهد …، والرئيس المصري عبد الفتاح السيسي: the other side
        at = next((j for j in range(i + 1, min(n, i + 8)) if ents[j] is not None and ents[j].id == actors[0]), None)
        other = _joined_after_apposition(toks, words, ents, at) if at is not None else None
        if other is not None and other.id not in actors:
            (targets if trig.type is EventType.CONSULT else actors).append(other.id)
    if not actors and trig.type is EventType.CONSULT and (sides := _between_sides(toks, words, ents, i)) is not None:
        # (a deal between two sides keeps both as its targets: تم توقيع اتفاقية بين السعودية ومصر)
        actors, targets = [sides[0]], [sides[1]] + [t for t in targets if t not in sides]
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
    if not actors and trig.type is EventType.ASSAULT and (doer := _weapon_doer(toks, words, ents, i)) is not None:
        actors.append(ents[doer].id)  # مقتل قائد الكتيبة، برصاص مقاتلي المقاومة
        targets = [t for t in targets if t != actors[0]]
    # أعرب الجبير عن استنكار المملكة: the stance is the state's, but the one who voiced it is the event's party
    voiced = None
    if len(actors) == 1 and trig.type in _VOICED_STANCES:
        owner = next((e for e in ents[i + 1:i + 4] if e is not None and e.id == actors[0]), None)
        if owner is not None and owner.type.value != "PER":
            voiced, actors = actors, []
    if not actors:
        # the subject of a light verb whose object the noun is: نظم X وقفة، شن X هجوما، عقد X اجتماعا
        for k in range(i - 1, max(-1, i - 1 - LONG_TITLE_GAP), -1):  # (a long name and a date may stand between)
            if i - 1 - k >= LIGHT_VERB_GAP and sum(1 for m in range(k, i) if ents[m] is None
                                                   and not is_title_word(words[m])) > 4:
                break  # (further only past a royal's names and titles: تلقى صاحب السمو الملكي الأمير … اتصالا)
            if toks[k].text in _CLAUSE_BREAK and not time_aside(toks, words, k) \
                    and not (toks[k].text in ("،", ",") and k + 1 < i and is_title_word(words[k + 1])) \
                    and not (toks[k].text in ("،", ",") and k + 2 == i and words[k + 1].norm in _PREPOSITIONS):
                # (nor one before the light verb's own preposition: وأعرب نائب الرئيس خالد بحاح، عن تقديره)
                # (but شن سلاح الجو التركي اليوم، أولى غاراته: a comma after a time word ends nothing, nor one
                # before the name's title: ترأس رئيس هيئة الأركان …، اللواء الركن محمد المقدشي اجتماعا)
                break
            if words[k].norm in _PREPOSITIONS and ents[k] is None and k < i - 1 and words[k].norm != "ضد" \
                    and not (ents[k + 1] is not None and ents[k + 1].type.value == "LOC") \
                    and not (words[k].norm == "من" and k and _partitive(words[k - 1])) \
                    and not (words[k].norm == "عن" and k == i - 2 and ents[i - 1] is None):
                # (وجهت النيابة الاتهام إلى 29 شخصا في حادث التفجير: the blast is no object of وجهت; but أعرب عن
                # تضامنه، عبر عن بالغ شكره: the light verb's own preposition, and عقد الوزراء في الدوحة اجتماعا:
                # where it was held)
                break
            if (is_light_verb(words[k]) or is_managing(words[k])) and ents[k] is None:
                # (and of a verb of managing: الثوار استطاعوا السيطرة، تمكنت قوات الجيش من اعتقال; but the
                # تنظيم of تنظيم داعش names a group; ضد تنظيم داعش is whom the strikes were against)
                honored = honorific_bearer(words[k + 1], toks[k + 1].start, entities) if k + 1 < i else None
                if honored is not None:
                    actors.append(honored)  # وعقد فخامته اجتماعا: the president
                    break
                for j in list(range(k + 1, i)) + list(range(k - 1, max(-1, k - 4), -1)):
                    if j < k and ents[j] is not None:
                        j = _past_support(toks, words, ents, j)  # (… مدعومة بغطاء من طيران التحالف تمكنت)
                    e = ents[j]
                    if e is not None and (e.type.value in ("PER", "ORG") or (e.kb or "").startswith("iso3166")) \
                            and not (j > k + 1 and words[j - 1].norm == "في"):
                        # (a state too: شنت تركيا أولى ضرباتها; not a place it happened in; and the person whose
                        # title holds an organization: ترأس رئيس هيئة الأركان …، اللواء الركن محمد المقدشي اجتماعا)
                        person = _titled_person_before(toks, words, ents, j, i) if e.type.value != "PER" else None
                        actors.append(person or e.id)
                        if j < k:
                            # وكانت المقاومة الشعبية والجيش الوطني تمكنا من تحرير: the subject joined by و before it
                            m = j
                            while m > 0 and ents[m - 1] is e:
                                m -= 1
                            first = ents[m - 1] if m > 0 else None
                            if words[m].clitics.startswith("و") and first is not None and first.id not in actors \
                                    and first.type.value in ("PER", "ORG"):
                                actors.insert(0, first.id)
                        break
                # عقد الوزراء مساء أمس في الدوحة اجتماعا: the place between the verb and its object is where
                location = location or next((ents[j].id for j in range(k + 2, i) if ents[j] is not None
                                             and ents[j].type.value == "LOC" and words[j - 1].norm == "في"), None)
                giver = _giver(toks, words, ents, i) if actors and words[k].stem in _RECEIVING else None
                if giver is not None and giver not in actors:
                    # تلقى الملك اتصالا هاتفيا من الرئيس أوباما: who it came from did it, to the one who received it
                    targets = actors + [t for t in targets if t != giver]
                    actors = [giver]
                break
    if voiced is not None and not actors:
        # أشار أبو مازن إلى ترحيب القيادة الفلسطينية، جدد التأكيد على رفض القيادة: the person reporting the body's
        # stance voiced it
        for k in range(i - 1, max(-1, i - 1 - LIGHT_VERB_GAP), -1):
            if toks[k].text in _CLAUSE_BREAK and not time_aside(toks, words, k):
                break
            if ents[k] is None and (words[k].stem in _REPORTING or words[k].norm in _REPORTING):
                actors += [ents[j].id for j in range(k + 1, i)
                           if ents[j] is not None and ents[j].type.value == "PER"][:1]
                break
    if voiced is not None and not (actors and any(e is not None and e.id == actors[0] and e.type.value == "PER"
                                                  for e in ents[:i])):
        actors = voiced  # (no person voiced it: the state's own)
    for k in range(i - 1, max(-1, i - 1 - LIGHT_VERB_GAP), -1):  # (what underwent it may be a long phrase)
        if toks[k].text in _CLAUSE_BREAK and not (k == i - 1 and toks[k].text in "،," and words[i].clitics == "ل"):
            break  # (تعرضت دورية … بمنطقة جازان، لمقذوف: the comma after where it was sets off no new clause)
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
            if not targets and k and words[k].clitics in ("", "و", "ف"):
                # دورية من قوة المجاهدين بقطاع الطوال، تعرضت أول من أمس لمقذوف: the subject told before the verb
                for m in range(k - 1, max(-1, k - 1 - LIGHT_VERB_GAP), -1):
                    if toks[m].text in _CLAUSE_BREAK and m != k - 1:
                        break
                    e = ents[m]
                    if e is not None and e.type.value != "LOC" and e.id not in actors:
                        targets.append(e.id)
                        break
            break
    if not actors and trig.type is EventType.AID:
        # وصول أول سفينة مساعدات تابعة للأمم المتحدة، طائرة إغاثة سعودية: the donor owns the vehicle or names it
        from .entities.lexicons import nisba_forms

        for j in range(i + 1, min(n, i + 7)):
            if toks[j].text in _CLAUSE_BREAK:
                break
            if words[j].stem.startswith(("تابع", "مقدم")) and j + 1 < n and ents[j + 1] is not None:
                actors.append(ents[j + 1].id)
                break
            code = nisba_forms().get(words[j].stem) if ents[j] is None else None
            if code and _country_id(entities, code):
                actors.append(_country_id(entities, code))
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
    # a long name and title before the preposition do not use up the window (زيارة صاحب السمو الملكي الأمير محمد بن
    # سلمان … إلى جمهورية مصر العربية)
    after_actor = max((j for j in range(i + 1, min(n, i + 1 + 2 * MAX_ARGUMENT_GAP))
                       if ents[j] is not None and ents[j].id in actors), default=i)
    # ضد marks whom any act is against (29 ضربة جوية ضد أهداف تنظيم داعش)
    # (and a meeting that brought in someone: اجتماعا ضم مستشاريه الدكتور أحمد عبيد بن دغر)
    roles = {trig.role, "من", "مع", "ب", "ضم", "ضمت"} if trig.type is EventType.CONSULT else {trig.role, "ضد"}
    if trig.type is EventType.PROTEST:
        roles.add("امام")  # اعتصام أمام وزارة التعليم: the body protested against at its door
    if trig.type in (EventType.CONSULT, EventType.AGREE, EventType.ASSAULT):
        roles.add("بين")  # تم توقيع اتفاقية بين السعودية ومصر، المواجهات بين الحوثيين والمقاومة: both sides
    between = False
    for j in range(i + 1, min(n, after_actor + 1 + 2 * MAX_ARGUMENT_GAP)):
        if toks[j].text in (".", "؛", ";", "؟", "!") or words[j].norm == "حيث":
            break  # (اجتماعا مع سموه، حيث نقل سموه تحيات الملك سلمان: what follows حيث is another clause's)
        e = ents[j]
        preps = [g.form for g in toks[j].segments if g.kind == "prep"]
        if e is None:
            if words[j].stem in roles or roles & set(preps):
                opened = True
                between = between or words[j].stem == "بين"
            continue
        if e.id in actors or e.id == location:
            continue
        prev = words[j - 1]
        # في أطراف مدينة عدن، في العاصمة الإيرانية طهران: في a few words before, no name between
        near_in = prev.stem in ("في", "الي") or _after_in(words, ents, j, reach=3)
        if e.type.value == "LOC" and (near_in or "ب" in preps) and location is not None:
            continue  # في ريف حلب: a second place is where, not whom
        # زيارة للعراق: a visit's destination told with ل right after the noun (or its visitor), as with إلى
        to_place = trig.role == "الي" and "ل" in preps and j == after_actor + 1
        if e.type.value == "LOC" and (near_in or "ب" in preps or to_place) and location is None:
            location = e.id
            if trig.role == "الي" and (prev.stem == "الي" or to_place) and not targets:
                # زيارة … إلى إسلام أباد: Pakistan hosts
                country = _country_entity(entities, e)
                if country and country not in actors:
                    targets.append(country)
        elif (opened or trig.role in preps) \
                and (not targets or ((trig.role == "بين" or between) and e.id not in targets)):
            targets.append(e.id)  # اشتباكات بين X و Y: both sides; شكرها لقيادة التحالف: the preposition on the name
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
        # a clash or protest happens where the clause puts it: مواجهات عنيفة تشهدها مدينة لحج (not the state that
        # leads it: عملية بقيادة السعودية)
        for j in sorted(range(max(0, i - 6), min(n, i + 7)), key=lambda j: abs(j - i)):
            e = ents[j]
            if e is not None and e.type.value == "LOC" and e.id not in targets \
                    and not (j and words[j - 1].norm in _LED_BY):
                location = e.id
                break
    if held_by is not None and not targets and actors == [ents[held_by].id]:
        actors = []  # (a body's own meeting, with no one else named, is no consultation: اجتماع لحزب المؤتمر)
    return actors, targets, location


def _person_after_title(toks, words, ents, j: int, reach: int = 4) -> str:
    """The person right after the organization at ``j`` when only title words stand between (رئيس الحكومة اليمنية
    خالد بحاح), else the organization."""
    n = len(toks)
    k = j
    while k < n and ents[k] is ents[j]:
        k += 1
    for m in range(k, min(n, k + reach)):
        e = ents[m]
        if e is not None:
            return e.id if e.type.value == "PER" else ents[j].id
        if toks[m].kind != "arabic" or not is_title_word(words[m]):
            break
    return ents[j].id


def meeting_owner(toks, words, ents, i: int, trig: Trigger) -> int | None:
    """Whose meeting a meeting noun is, named after ل past its adjectives (الاجتماع التشاوري لوزراء خارجية دول
    المجلس، الاجتماع السابع للجنة المشتركة): the token of that person or body. Not for a visit, whose ل is where it
    went (زيارة لباكستان), nor a press conference (مؤتمر صحفي للوزير)."""
    if trig.type is not EventType.CONSULT or trig.mode == ConsultMode.VISIT.value:
        return None
    n = len(toks)
    for j in range(i + 1, min(n, i + 5)):
        if toks[j].text in _CLAUSE_BREAK or words[j].norm in _PRESS:
            return None
        if any(g.kind == "prep" and g.form == "ل" for g in toks[j].segments):
            # (the body itself, or its members by title: لوزراء خارجية دول مجلس التعاون; not a purpose clause:
            # في اجتماع الحزب لإبداء دعمهم لهونغ)
            k = j
            while k < min(n, j + 4) and ents[k] is None and (is_title_word(words[k]) or words[k].stem in _MEMBERS):
                k += 1
            return k if k < n and ents[k] is not None and ents[k].type.value in ("PER", "ORG") else None
        if ents[j] is not None or any(g.kind == "prep" for g in toks[j].segments) or words[j].norm in _PREPOSITIONS:
            return None
    return None


def _entity_with_id(ents, eid: str) -> Entity | None:
    """The entity of the sentence with id ``eid``."""
    return next((e for e in ents if e is not None and e.id == eid), None)


def _between_sides(toks, words, ents, i: int, reach: int = 8) -> tuple[str, str] | None:
    """The two sides a meeting was between, told after the noun (اللقاء الذي جمع بين السيسي وولي العهد الأمير
    محمد بن سلمان، المشاورات التي جرت بين الأمانة العامة للجامعة العربية ومصر، الاجتماع المشترك بين وزراء خارجية دول
    المجلس ووزير الخارجية الأمريكي جون كيري، اللقاء الذي جمع الوزير شالوم بالرئيس السيسي): the first and the one
    joined to it by و, بـ or مع."""
    n = len(toks)

    def side(e: Entity | None) -> bool:
        return e is not None and (e.type.value in ("PER", "ORG") or (e.kb or "").startswith("iso3166"))

    for j in range(i + 1, min(n, i + 1 + reach)):
        if toks[j].text in _CLAUSE_BREAK or (ents[j] is not None and ents[j].type.value != "LOC"):
            return None  # (a party named before بين is the noun's own: no meeting between others)
        if not (words[j].norm == "بين" or (words[j].stem in _GATHERED and not words[j].clitics)):
            continue
        # (past titles: بين صاحب السمو الملكي الأمير محمد بن سلمان)
        first = next((k for k in range(j + 1, min(n, j + 9)) if ents[k] is not None
                      or not (is_title_word(words[k]) or k < j + 4)), None)
        if first is None or not side(ents[first]):
            return None
        k = first
        while k < n and ents[k] is ents[first]:
            k += 1
        for m in range(k, min(n, k + 8)):
            if toks[m].text in _CLAUSE_BREAK:
                return None
            joined = words[m].clitics.split("+")[0] in ("و", "ب") or words[m].norm == "مع"
            if joined:
                at = next((q for q in range(m, min(n, m + 5)) if ents[q] is not None), None)
                if at is None:
                    return None
                # (the person, not the state in his title: وفخامة رئيس جمهورية مصر العربية عبد الفتاح السيسي)
                other = _entity_with_id(ents, _person_after_title(toks, words, ents, at)) or ents[at]
                if side(other) and other is not ents[first]:
                    return ents[first].id, other.id
                return None
        return None
    return None


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

"""Reported speech: a cue (قال، أكد، أردف، قائلا …), what was said, who said it and to whom.

Per sentence: each cue from ``resources/lexicons/cues.tsv`` opens a quote whose content is what follows a colon, a
complementizer (أن، إن، انه …, also الى انه / على أن) or an opening quotation mark, up to the next cue or the end of
the sentence; for verbs of judgement without either (اعتبر المشاركة …) the content starts after the verb and its
subject. The speaker is the person or organization named between the cue and the content; for a participle
(قائلا) the subject of the sentence's main verb; when the subject is dropped (ولفت، الى انه …) the last speaker of
the article. The channel is an organization introduced with ل (لوكالة ارنا) in the same stretch.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import regex

from .document import Document, Entity, Quote, Span, Token, mentions_by_start
from .entities.lexicons import lexicon_rows, perfect_forms, person_names
from .entities.resolve import authorities_as_states
from .entities.rules import is_title_word, names_no_one, subject_after_kana
from .entities.titles import fitting_people, honorific_marks, one_word_title_stems
from .entities.words import MEDIA_HEADS, RELATIVE_PRONOUNS, SOURCE_MARKERS, analyze, analyze_sentence
from .resources import word_class, word_counts
from .text.normalize import normalize_str

_COMPLEMENTIZERS = word_class("complementizers")
_QUOTE_OPEN = {"«": "»", "“": "”", '"': '"'}
_BRIDGES = word_class("bridges")
# the unnamed sources a report goes back to with the article (وقال المصدر، وأضاف المسؤول): still no one named
_UNNAMED_SOURCES = word_class("unnamed_sources")
MAX_INTRO_TOKENS = 24  # cue … speaker, his title, … channel … marker (قال اللواء X، رئيس …، لـ«الشرق الأوسط»، إنه)
MIN_CONTENT_TOKENS = 2


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, str]]:
    """Normalized cue form → (kind, the word that must follow or '')."""
    out: dict[str, tuple[str, str]] = {}
    for row in lexicon_rows("cues.tsv", 2):
        cue, kind = row[0], row[1]
        needs = normalize_str(row[2]) if len(row) > 2 and row[2] else ""
        base = normalize_str(cue)
        forms = {base}
        if kind == "verb":
            forms = perfect_forms(base)
        else:
            forms |= {base.removesuffix("ا") + "ه"}
        for f in forms:
            out[f] = (kind, needs)
    return out


def _entity_at(index, start: int, end: int, types=("PER", "ORG")) -> list[tuple[int, int, Entity]]:
    """Mentions (of the given types) starting in [start, end), in order; ``index`` is sorted by start."""
    from bisect import bisect_left

    k = bisect_left(index, start, key=lambda x: x[0])
    out = []
    while k < len(index) and index[k][0] < end:
        if index[k][2].type.value in types:
            out.append(index[k])
        k += 1
    return out


_LABEL = regex.compile(r"[»\"”]?[ \t\u00a0]*:")


def _labels(text: str, end: int) -> bool:
    """Is the name ending at ``end`` a label (a byline's outlet, a heading) — followed by a colon?"""
    return bool(_LABEL.match(text, end))


# definite words after a cue verb that are no speaker of their own (وقال البيان is the statement's author, handled
# elsewhere; وقالت الصحيفة, the outlet; وأضاف الاثنين: a day)
_NOT_A_SPEAKER = word_class("not_a_speaker")


# cue verbs that take no object before what is said, so a noun right after them is their subject (وقالت الشركة),
# where اعتبر المشاركة، أكد الالتزام take one (normalized)
_OBJECTLESS_CUES = word_class("objectless_cues")


def _common_word(w) -> bool:
    """A word the news uses often and no name table knows (الشركة، الشرطة), not a family name (الضويحي، الغلول)."""
    return word_counts().get(w.norm, 0) >= 300 and sum(person_names().get(w.stem, (0, 0))) == 0


def _unnamed_speaker(words, toks, c: int, kind: str, index) -> bool:
    """Does the cue verb at ``c`` have a subject of its own that names no one (وكشفت مصادر محلية أن، وقال مسؤول إن،
    وذكر شهود)? Then the quote is from an unnamed source, not from the speaker before."""
    if kind != "verb" or c + 1 >= len(words) or _entity_at(index, toks[c + 1].start, toks[c + 1].end):
        return False
    after = words[c + 1]
    if after.clitics == "ال" and toks[c + 1].kind == "arabic" and not is_title_word(after) \
            and words[c].norm.removeprefix("و").removeprefix("ف") in _OBJECTLESS_CUES \
            and after.stem not in _NOT_A_SPEAKER and _common_word(after):
        return True  # وقال المدعي العام في طرابلس، وقالت الشرطة: a body or official the article does not name
    return (after.norm not in _COMPLEMENTIZERS and names_no_one(after, toks[c + 1].kind)) or _a_source(words, c)


def _a_source(words, c: int) -> bool:
    """Is the cue's subject an unnamed source (كشفت مصادر مطلعة، وقال المصدر، أكد مسؤول أمني)? Its words go on in the
    cues after it (مشيرة، وأضاف), where any other unnamed subject (واعتبر ارساء السلام …) stops at its own verb."""
    after = words[c + 1] if c + 1 < len(words) else None
    return after is not None and after.clitics in ("", "ال") and after.stem in _UNNAMED_SOURCES


def find_quotes(doc: Document) -> tuple[Quote, ...]:
    cues = _cues()
    index = mentions_by_start(doc.entities)
    quotes: list[Quote] = []
    last_speaker: str | None = None
    dateline = (doc.meta or {}).get("dateline") or {}
    byline = (dateline.get("start", -1), dateline.get("end", -1))
    for sent, toks in zip(doc.sentences, doc.sentence_tokens, strict=True):
        words = analyze_sentence([t.text for t in toks])
        positions = []
        for i, w in enumerate(words):
            kind_needs = cues.get(w.stem) or cues.get(w.norm)
            if not kind_needs and w.norm[:1] in ("و", "ف") and not w.clitics:
                kind_needs = cues.get(w.norm[1:])  # واردف: the corpus is too thin to split it, the cue list is not
            if not kind_needs or w.clitics not in ("", "و", "ف"):
                continue
            kind, needs = kind_needs
            if needs and not (i + 1 < len(words) and words[i + 1].norm == needs):
                continue
            positions.append((i, kind, bool(needs)))
        sentence_speaker: str | None = None
        sentence_unnamed = False  # a cue of this sentence had a subject naming no one (كشفت مصادر … مشيرة)
        for n, (c, kind, has_needs) in enumerate(positions):
            limit = positions[n + 1][0] if n + 1 < len(positions) else len(toks)
            speaker, channel, content, explicit = _quote_at(doc, toks, words, c + (1 if has_needs else 0), limit,
                                                             kind, index)
            honored = _honorific_person(words, toks, c, index)
            if honored is not None:
                speaker, explicit = honored, True  # وقال سموه خلال المجلس الأسبوعي: the prince, not the council
            unnamed = speaker is None and _unnamed_speaker(words, toks, c, kind, index)
            source = unnamed and _a_source(words, c)
            if speaker is None and not unnamed and sentence_unnamed and sentence_speaker is None \
                    and kind == "participle":
                unnamed = source = True  # مشيرة إلى: the unnamed sources of the sentence's verb go on speaking
            if speaker is None and not unnamed and (kind == "participle" or c > 0):
                # قائلا, or a cue joined to an earlier clause (وجه النائب خالد الضاهر انتقادات …، وقال: …), speaks for
                # the subject of the sentence's main verb: a speaker already named in this sentence, else its first
                # person (VSO: the subject comes before the object)
                before = [b for b in _entity_at(index, sent.start, toks[c].start, ("PER", "ORG"))
                          if not _introduced_by_l(toks, b[0]) and not _after_preposition(toks, b[0])
                          and not byline[0] <= b[0] < byline[1] and not _labels(doc.text, b[1])]
                # (the outlet in a byline does not speak: البنجاب - «الشرق الأوسط»: قالت …)
                speaker = sentence_speaker or (_head_of(before, words, toks) if before else None)
            if speaker is None and not unnamed:
                speaker = last_speaker  # (وأضاف أن: the speaker before; but وكشفت مصادر أن: someone unnamed)
            sentence_speaker = sentence_speaker or speaker
            sentence_unnamed = sentence_unnamed or source
            if explicit and speaker is not None:
                last_speaker = speaker
            if content is None:
                continue
            cue = toks[c]
            quotes.append(Quote(cue=Span(cue.start, cue.end, cue.text), content=content, speaker=speaker,
                                channel=channel, id=f"q{len(quotes) + 1}"))
            if speaker is not None:
                last_speaker = speaker
            elif source:
                last_speaker = None  # وأضاف، وتابع after وقال المصدر: the same unnamed source goes on
        if not positions and sent.kind == "text":
            # a narrative sentence with a person at its head (وجه النائب خالد الضاهر انتقادات …) makes him the one
            # whom the next subject-less cues (وقال: …) are about
            first = _entity_at(index, sent.start, toks[min(len(toks) - 1, 6)].end if toks else sent.start, ("PER",))
            if first:
                last_speaker = first[0][2].id
    states = authorities_as_states(doc.entities)  # قالت السلطات الصينية: China speaks
    return tuple(replace(q, speaker=states.get(q.speaker, q.speaker)) if q.speaker in states else q for q in quotes)


def _quote_at(doc: Document, toks: Sequence[Token], words, c: int, limit: int, kind: str, index):
    """(speaker id, channel id, content span, whether the speaker was named) for the cue at token ``c``."""
    start_content = None
    closing = None
    j = c + 1
    stop = min(limit, c + 1 + MAX_INTRO_TOKENS)
    while j < stop:
        t, w = toks[j], words[j]
        if t.text in (":", "："):
            start_content = j + 1
            if start_content < limit and toks[start_content].text in _QUOTE_OPEN:  # قال: «…»
                closing = _QUOTE_OPEN[toks[start_content].text]
                start_content += 1
            break
        if t.text in _QUOTE_OPEN:
            close_at = next((k for k in range(j + 1, min(limit, j + 5)) if toks[k].text == _QUOTE_OPEN[t.text]),
                            None)
            after = toks[close_at + 1] if close_at is not None and close_at + 1 < limit else None
            later = close_at is not None and any(words[x].norm in _COMPLEMENTIZERS or toks[x].text in (":", "：")
                                                 for x in range(close_at + 1, min(stop, close_at + 7)))
            if close_at is not None and after is not None and (after.text in ("،", ",", ":") or
                                                               words[close_at + 1].norm in _COMPLEMENTIZERS or later):
                # a short quoted name in the introduction (لـ«عكاظ»، أن …، الرقيب في شرطة «ويتشيتا» بول كيمبل أن …),
                # not the content
                j = close_at + 1
                continue
            start_content, closing = j + 1, _QUOTE_OPEN[t.text]
            break
        if w.norm in _COMPLEMENTIZERS or (w.clitics in ("ب", "و+ب") and w.stem in _COMPLEMENTIZERS):
            start_content = j + 1
            break
        j += 1
    judgement = kind == "verb" and words[c].stem in ("اعتبر", "راي")
    if start_content is None and judgement:
        j = c + 1  # اعتبر [subject] المشاركة …: only what follows the verb directly can be its subject
        while j < limit and any(s <= toks[j].start < e for s, e, _ in _entity_at(index, toks[c].end, toks[j].end)):
            j += 1
    intro_end = toks[j].start if j < len(toks) else toks[-1].end
    speaker = channel = None
    explicit = False
    named: list[Entity] = []
    # (names inside a relative clause on the subject are not the speaker: أكدت الحكومة التي اتهمت وكالة … أن)
    relative = next((toks[k].start for k in range(c + 1, j) if words[k].norm in RELATIVE_PRONOUNS), intro_end)
    # (… nor those after a verb that published the statement: وأضاف في تصريح نشرته وكالة الأنباء اليمنية أن; that
    # outlet is the channel)
    published = next((k for k in range(c + 1, j) if _publishing(words[k].norm)), None)
    if published is not None and toks[published].start < relative:
        relative = toks[published].start
        outlet = next((ent for s, _e, ent in _entity_at(index, toks[published].end, intro_end, ("ORG",))), None)
        if outlet is not None:
            channel = outlet.id
    for s, _e, ent in _entity_at(index, toks[c].end, intro_end, _SPEAKER_TYPES):
        if s > relative:
            continue
        via_l = _introduced_by_l(toks, s)
        k = _token_at(toks, s)
        before = words[k - 1].norm if k else ""
        if before == "امام":
            # في كلمة أمام مجلس الأمن الدولي: the body addressed heard it (its channel), it did not say it
            channel = channel or ent.id
        elif via_l and channel is None and ent.type.value == "ORG":
            channel = ent.id
        elif not via_l and (ent.type.value != "LOC" or (c + 1 < len(toks) and s == toks[c + 1].start)) \
                and (_speaks(ent) or (ent.kb or "").startswith("geonames:")):
            # a state speaks as the verb's subject (أعلنت باكستان أن), not from inside a phrase; and a city right
            # after the verb is its state's capital speaking (وقالت واشنطن إن، تقول طهران إن)
            named.append(ent)
    subject = _subject_before(toks, c, index, words) if kind == "verb" and not words[c].clitics else None
    if subject is not None:
        # سلطات تركمانستان أبلغت رئيس الوزراء … أن: the subject stands before the verb; who follows was told
        speaker, explicit = subject.id, True
    elif named:
        # وقال مساعد مفوض الشرطة المحلية ابيناف تريخا: the person, not the organization in his title
        people = [e for e in named if e.type.value == "PER"]
        speaker, explicit = (people[0] if people and named[0].type.value != "PER" else named[0]).id, True
    if start_content is None:
        if not judgement:
            return speaker, channel, None, explicit
        start_content = j  # the judgement follows the verb and its subject
    end = limit
    if closing:
        end = next((k for k in range(start_content, limit) if toks[k].text == closing), limit)
    while end > start_content and toks[end - 1].kind == "punct":
        end -= 1
    if end - start_content < MIN_CONTENT_TOKENS:
        return speaker, channel, None, explicit
    a, b = toks[start_content].start, toks[end - 1].end
    return speaker, channel, Span(a, b, doc.text[a:b]), explicit


_SPEAKER_TYPES = ("PER", "ORG", "LOC")


def _honorific_person(words, toks: Sequence[Token], c: int, index) -> str | None:
    """The person an honorific right after the cue stands for (قال سموه، أكد فخامته): the last one named before whose
    title fits (a prince for سموه), else the last one named."""
    if c + 1 >= len(words) or words[c + 1].clitics:
        return None
    marks = honorific_marks(words[c + 1])
    if marks is None:
        return None
    people = [e for s, _e, e in index if s < toks[c].start and e.type.value == "PER"]
    if marks:
        people = fitting_people(people, marks) or people
    return people[-1].id if people else None


def _head_of(before, words, toks: Sequence[Token]) -> str:
    """The subject among the names before a cue: the first one, or the person right after it when it is the body in
    his title (استنكرت الأمانة العامة … تصريحات المالكي وقالت: the secretariat; وجه المتحدث باسم الجيش فلان …
    وقال: the spokesman)."""
    first = before[0]
    if first[2].type.value != "ORG" or len(before) < 2:
        return first[2].id
    nxt = before[1]
    k = _token_at(toks, first[1] - 1)
    m = _token_at(toks, nxt[0])
    if nxt[2].type.value == "PER" and k is not None and m is not None \
            and all(is_title_word(words[x]) for x in range(k + 1, m)):
        return nxt[2].id
    return first[2].id


def _speaks(ent: Entity) -> bool:
    """People and organizations speak, and states (أعلنت باكستان أن); cities and regions do not."""
    return ent.type.value != "LOC" or bool(ent.kb and ent.kb.startswith("iso3166:"))


def _subject_before(toks: Sequence[Token], c: int, index, words) -> Entity | None:
    """The entity whose mention ends right before the cue (SVO: باكستان أعلنت أن), else the one named between كان
    and the cue, if any."""
    if c == 0:
        return None
    prev = toks[c - 1]
    for s, e, ent in _entity_at(index, max(0, prev.start - 200), prev.end, _SPEAKER_TYPES):
        if e == prev.end and _speaks(ent) and not (ent.type.value == "LOC" and _after_preposition(toks, s)):
            return ent  # (not a place the clause went to: وخلال زيارة إلى إندونيسيا قال أردوغان)
    # وكان الصافي، طالب العبادي بأن: the subject told after كان, before the verb
    def entity_at(k: int):
        found = _entity_at(index, toks[k].start, toks[k].end, _SPEAKER_TYPES)
        return found[-1][2] if found else None

    ent = subject_after_kana(words, toks, c, entity_at)
    return ent if ent is not None and _speaks(ent) else None


def _token_at(toks: Sequence[Token], pos: int) -> int | None:
    """The index of the token holding character ``pos``, if any."""
    return next((k for k, tok in enumerate(toks) if tok.start <= pos < tok.end), None)


def _after_preposition(toks: Sequence[Token], start: int) -> bool:
    """Does the mention starting at ``start`` follow a preposition or carry one (في بيان، بالجيش، على موقعها)?"""
    k = _token_at(toks, start)
    if k is None:
        return False
    if any(g.kind == "prep" and g.end <= start for g in toks[k].segments):
        return True
    if k > 0 and toks[k - 1].text in _QUOTE_OPEN:
        k -= 1  # بحسب وكالة «رويترز»
    # … or a source marker a word or two before it (وبحسب وكالة «رويترز»، وفقا لمصادر، نقلا عن)
    return k > 0 and (analyze(toks[k - 1].text).stem in _BRIDGES
                      or any(analyze(toks[x].text).stem in SOURCE_MARKERS for x in range(max(0, k - 2), k)))


_PUBLISHED = word_class("published")


def _publishing(norm: str) -> bool:
    """A verb of publishing with the statement as its object pronoun (نشرته، أوردتها، بثته)."""
    return any(norm.endswith(p) and norm[:-len(p)] in _PUBLISHED for p in ("ه", "ها"))


def _introduced_by_l(toks: Sequence[Token], start: int) -> bool:
    """Does the mention starting at ``start`` follow the preposition ل (لوكالة ارنا, لـ"الوكالة الوطنية")?"""
    k = _token_at(toks, start)
    if k is None:
        return False
    tok = toks[k]
    if start > tok.start:
        return any(g.kind == "prep" and g.form == "ل" and g.end <= start for g in tok.segments)
    if k and toks[k - 1].text in _QUOTE_OPEN:
        k -= 1  # لـ«عكاظ»: the quotation mark stands between
    prev = toks[k - 1] if k else None
    # لـ«عكاظ»، لوكالة «ارنا»، للملك سلمان (a medium or a title with ل before the name: to whom), not the end of a
    # role (الرئيس التنفيذي للهيئة سعيد محمد الطاير)
    return prev is not None and (prev.text.replace("\u0640", "") == "ل" or (
        any(g.kind == "prep" and g.form == "ل" for g in prev.segments)
        and (analyze(prev.text).stem in MEDIA_HEADS or analyze(prev.text).stem in one_word_title_stems())))

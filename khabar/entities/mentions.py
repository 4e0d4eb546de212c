"""The entities stage: tag each sentence's tokens, turn BIO runs into entity mentions with titles and roles.

One entity per mention for now; clustering mentions into real-world entities is the resolution stage's job.
A mention leaves out the proclitics of its first word except the article (والجيش الباكستاني → الجيش الباكستاني,
لباكستان → باكستان), so that its text is the name as a reader would quote it.
"""
from __future__ import annotations

from ..document import Document, Entity, Mention, Token
from ..ontology import EntityType
from .conll import canonical_label
from .ner import default_tagger
from .titles import role_after, role_before, title_before
from .words import analyze

_DROP_KINDS = frozenset({"conj", "prep", "fut"})


def _mention_start(tok: Token) -> int:
    for seg in tok.segments:
        if seg.kind not in _DROP_KINDS:
            return seg.start
    return tok.start


def _runs(labels: list[str]) -> list[tuple[int, int, str]]:
    out = []
    start, typ = None, None
    for i, lab in enumerate([canonical_label(x) for x in labels] + ["O"]):
        prefix, _, t = lab.partition("-")
        if typ is not None and (lab == "O" or prefix == "B" or t != typ):
            out.append((start, i, typ))
            start, typ = None, None
        if lab != "O" and typ is None:
            start, typ = i, t
    return out


def find_entities(doc: Document) -> tuple[Entity, ...]:
    tagger = default_tagger()
    text = doc.text
    entities: list[Entity] = []
    tokens = doc.tokens
    ti = 0
    for sent in doc.sentences:
        while ti < len(tokens) and tokens[ti].start < sent.start:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj].end <= sent.end:
            tj += 1
        toks = tokens[ti:tj]
        if not toks:
            continue
        labels = tagger.tag_words([analyze(t.text) for t in toks])
        for a, b, typ in _runs(labels):
            try:
                etype = EntityType(typ)
            except ValueError:
                continue
            start, end = _mention_start(toks[a]), toks[b - 1].end
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
                        roles.append(text[_mention_start(toks[r0]):toks[r1 - 1].end])
            name = text[start:end]
            entities.append(Entity(id=f"e{len(entities) + 1}", type=etype, name=name,
                                   mentions=(Mention(start, end, name),), titles=titles, roles=tuple(roles)))
        ti = tj
    return tuple(entities)

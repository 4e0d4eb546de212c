"""Near-duplicate detection: republished articles grouped into stories, their events into canonical events.

Why: the same wire story is republished by many outlets, whole, lightly edited or cut short; counted as separate
articles it inflates every event count. Each article gets a MinHash signature over word shingles of its normalized
text (``normalize_str``: spelling variants fold, diacritics go), stored in ``story_documents``; an LSH index
rebuilt from the stored signatures proposes candidate pairs, and a pair is the same story when its estimated
Jaccard similarity is high (a copy, an edited copy) or the shorter one is mostly contained in the longer (a
truncated copy). Connected articles form a story, named after its earliest article. Events of one story that
agree on type, actors, targets and date become one canonical event whose ``documents`` and ``sources`` (distinct
outlets) count how many reports back it.

Signatures are computed once per article (``khabar dedup`` computes only the missing ones, so a rerun after an
ingest is incremental); grouping is recomputed from the stored signatures, which is cheap next to hashing.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import regex
from sqlalchemy import delete, insert, select

from ..errors import PipelineError
from ..store import schema as S
from ..store.base import Store
from ..text.normalize import normalize_str

NUM_PERM = 128
SHINGLE = 5  # words
LSH_THRESHOLD = 0.3  # candidate recall for truncations (a half-length copy has Jaccard 0.5)
SAME_JACCARD = 0.5  # an exact or lightly edited copy
SAME_CONTAINED = 0.8  # a truncated copy: most of the shorter one's shingles are in the longer one
MIN_SHINGLES = 8  # shorter texts are too generic to call copies
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PARA = regex.compile(r"\n\s*\n|\n")


def _minhash_cls():
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        raise PipelineError("near-duplicate detection needs datasketch: pip install 'khabar[dedup]'") from None
    return MinHash, MinHashLSH


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the normalized text (a text shorter than k words is one shingle)."""
    words = _WORD.findall(normalize_str(text))
    if len(words) <= k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


class Signer:
    """MinHash signatures with one set of permutations (made once, not per article) and crc32 as the shingle
    hash: fast, and the same in every process, so signatures made anywhere compare."""

    def __init__(self, num_perm: int = NUM_PERM):
        MinHash, _ = _minhash_cls()
        self._MinHash = MinHash
        self.num_perm = num_perm
        template = MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32)
        self._perms, self._scheme = template.permutations, template.scheme

    def sign(self, text: str) -> tuple[np.ndarray, int]:
        sh = shingles(text)
        m = self._MinHash(num_perm=self.num_perm, hashfunc=zlib.crc32, permutations=self._perms,
                                scheme=self._scheme)
        if sh:
            m.update_batch(sh)
        return m.hashvalues.astype(np.uint32), len(sh)

    def minhash(self, values: np.ndarray):
        return self._MinHash(num_perm=self.num_perm, hashfunc=zlib.crc32, permutations=self._perms,
                             hashvalues=values.astype(np.uint64), scheme=self._scheme)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def same_story(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> tuple[bool, str, float]:
    """Whether two signed articles are copies of one another: (verdict, kind, similarity)."""
    if min(n_a, n_b) < MIN_SHINGLES:
        return False, "", 0.0
    j = jaccard(sig_a, sig_b)
    if j >= SAME_JACCARD:
        return True, "exact" if j >= 0.99 else "edited", j
    inter = j * (n_a + n_b) / (1 + j)  # |A ∩ B| from the Jaccard estimate and the set sizes
    contained = inter / min(n_a, n_b)
    if contained >= SAME_CONTAINED and j >= 0.15:
        return True, "truncated", contained
    return False, "", j


@dataclass
class Member:
    id: str
    published: str | None
    source: str | None
    sig: np.ndarray
    n: int


def group(members: list[Member], *, threshold: float = LSH_THRESHOLD) -> dict[str, tuple[str, str, float]]:
    """Story of each article: {document id: (story id, kind, similarity to the story's first article)}."""
    _, MinHashLSH = _minhash_cls()
    signer = Signer(len(members[0].sig)) if members else None
    lsh = MinHashLSH(threshold=threshold, num_perm=len(members[0].sig)) if members else None
    parent: dict[str, str] = {m.id: m.id for m in members}
    by_id = {m.id: m for m in members}
    kinds: dict[tuple[str, str], tuple[str, float]] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in members:
        if m.n < MIN_SHINGLES:
            continue
        mh = signer.minhash(m.sig)
        for other in lsh.query(mh):
            o = by_id[other]
            ok, kind, sim = same_story(m.sig, m.n, o.sig, o.n)
            if ok:
                kinds[(m.id, other)] = kinds[(other, m.id)] = (kind, sim)
                ra, rb = find(m.id), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        lsh.insert(m.id, mh)
    stories: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        stories[find(m.id)].append(m)
    out: dict[str, tuple[str, str, float]] = {}
    for group_members in stories.values():
        first = min(group_members, key=lambda m: (m.published or "9999", m.id))
        for m in group_members:
            if m is first:
                out[m.id] = (first.id, "first", 1.0)
            else:
                kind, sim = kinds.get((m.id, first.id)) or _kind(m, first)
                out[m.id] = (first.id, kind, round(sim, 4))
    return out


def _kind(m: Member, first: Member) -> tuple[str, float]:
    ok, kind, sim = same_story(m.sig, m.n, first.sig, first.n)
    return (kind, sim) if ok else ("related", sim)  # joined through another copy


def repeated_paragraphs(text: str) -> list[list[int]]:
    """[start, end] of each paragraph that repeats an earlier one of the same article (after normalization):
    a page template or a copy-paste slip, not content to count twice."""
    seen: set[str] = set()
    out = []
    pos = 0
    for piece in _PARA.split(text):
        start = text.find(piece, pos)
        pos = start + len(piece)
        key = " ".join(_WORD.findall(normalize_str(piece)))
        if len(key) < 30:
            continue
        if key in seen:
            out.append([start, start + len(piece)])
        seen.add(key)
    return out


# -- over a store -----------------------------------------------------------------------------------------------

@dataclass
class DedupSummary:
    documents: int = 0
    signed: int = 0
    stories: int = 0
    duplicates: int = 0
    canonical_events: int = 0
    events: int = 0
    repeated_paragraphs: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def dedup(store: Store) -> DedupSummary:
    """Sign the articles that have no signature yet, regroup all into stories, rebuild canonical events."""
    summary = DedupSummary()
    signer = Signer()
    d, sd = S.documents, S.story_documents
    with store.engine.connect() as conn:
        missing = conn.execute(select(d.c.id, d.c.text).where(~d.c.id.in_(select(sd.c.document_id)))
                               .order_by(d.c.id)).yield_per(500)
        for batch in _batches(missing, 500):
            rows = []
            for doc_id, text in batch:
                sig, n = signer.sign(text)
                rep = repeated_paragraphs(text)
                rows.append({"document_id": doc_id, "story_id": doc_id, "kind": "first", "similarity": 1.0,
                             "shingles": n, "minhash": sig.astype("<u4").tobytes(),
                             "repeated_paragraphs": json.dumps(rep)})
            with store.engine.begin() as wconn:
                wconn.execute(insert(sd), rows)
            summary.signed += len(rows)
    members = []
    with store.engine.connect() as conn:
        for doc_id, published, source, n, blob, rep in conn.execute(
                select(d.c.id, d.c.published, d.c.source, sd.c.shingles, sd.c.minhash, sd.c.repeated_paragraphs)
                .join(sd, sd.c.document_id == d.c.id).order_by(d.c.published.nulls_last(), d.c.id)):
            members.append(Member(doc_id, published, source, np.frombuffer(blob, dtype="<u4"), n))
            summary.repeated_paragraphs += len(json.loads(rep)) if rep else 0
    assigned = group(members)
    write_stories(store, members, assigned)
    summary.documents = len(members)
    summary.stories = len({s for s, _, _ in assigned.values()})
    summary.duplicates = summary.documents - summary.stories
    summary.events, summary.canonical_events = canonicalize(store)
    return summary


def write_stories(store: Store, members: list[Member], assigned: dict[str, tuple[str, str, float]]) -> None:
    sd, st = S.story_documents, S.stories
    per_story: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        per_story[assigned[m.id][0]].append(m)
    with store.engine.begin() as conn:
        current = dict(conn.execute(select(sd.c.document_id, sd.c.story_id)).all())
        changed = [(doc_id, v) for doc_id, v in assigned.items() if current.get(doc_id) != v[0] or v[1] != "first"]
        for doc_id, (story_id, kind, sim) in changed:
            conn.execute(sd.update().where(sd.c.document_id == doc_id)
                         .values(story_id=story_id, kind=kind, similarity=sim))
        conn.execute(delete(st))
        rows = [{"id": sid, "title": None, "first_published": ms[0].published if ms else None,
                 "documents": len(ms), "sources": len({m.source for m in ms if m.source}) or 1}
                for sid, ms in per_story.items()]
        for chunk in _batches(rows, 1000):
            conn.execute(insert(st), chunk)


def canonicalize(store: Store) -> tuple[int, int]:
    """Rebuild canonical events: one per (story, type, actors, targets, date); returns (events, canonical)."""
    v, ea, sd, d = S.events, S.event_arguments, S.story_documents, S.documents
    ce, cm = S.canonical_events, S.canonical_event_members
    args: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: {"actor": [], "target": []})
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    with store.engine.connect() as conn:
        for doc_id, event_id, role, entity_id in conn.execute(
                select(ea.c.document_id, ea.c.event_id, ea.c.role, ea.c.entity_id)):
            args[(doc_id, event_id)][role].append(entity_id)
        n_events = 0
        for doc_id, event_id, etype, date, negated, story_id, published, source in conn.execute(
                select(v.c.document_id, v.c.id, v.c.type, v.c.date, v.c.negated, sd.c.story_id, d.c.published,
                       d.c.source)
                .join(d, d.c.id == v.c.document_id).outerjoin(sd, sd.c.document_id == v.c.document_id)):
            a = args.get((doc_id, event_id), {"actor": [], "target": []})
            key = (story_id or doc_id, etype, tuple(sorted(set(a["actor"]))), tuple(sorted(set(a["target"]))),
                   date, bool(negated))
            groups[key].append((published or "9999", doc_id, event_id, source))
            n_events += 1
    ce_rows, cm_rows = [], []
    for key, evs in groups.items():
        story_id, etype, actors, targets, date, negated = key
        cid = "ce-" + hashlib.sha1(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:16]
        evs.sort()
        first = evs[0]
        ce_rows.append({"id": cid, "story_id": story_id, "type": etype, "date": date, "negated": negated,
                        "actor_ids": json.dumps(list(actors)), "target_ids": json.dumps(list(targets)),
                        "document_id": first[1], "event_id": first[2],
                        "documents": len({e[1] for e in evs}), "sources": len({e[3] or e[1] for e in evs})})
        cm_rows += [{"canonical_id": cid, "document_id": e[1], "event_id": e[2]} for e in evs]
    with store.engine.begin() as conn:
        conn.execute(delete(cm))
        conn.execute(delete(ce))
        for chunk in _batches(ce_rows, 1000):
            conn.execute(insert(ce), chunk)
        for chunk in _batches(cm_rows, 1000):
            conn.execute(insert(cm), chunk)
    return n_events, len(ce_rows)

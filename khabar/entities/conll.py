"""CoNLL files (``token [label]`` per line, blank line between sentences) and conlleval-style scoring."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..metrics import PRF

Sentence = list[tuple[str, str | None]]

# ANERcorp says PERS, AQMAR and WikiFANE say PER: compare and report in one vocabulary
_TYPE_ALIASES = {"PERS": "PER", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "GPE": "LOC"}


def canonical_label(label: str) -> str:
    if label in ("O", "", None):
        return "O"
    prefix, _, typ = label.partition("-")
    if not typ:
        return "O"
    return f"{prefix}-{_TYPE_ALIASES.get(typ, typ)}"


def read_conll_lines(lines: Iterable[str], source: str = "<conll>") -> Iterator[Sentence]:
    sent: Sentence = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if sent:
                yield sent
                sent = []
            continue
        parts = line.split()
        if len(parts) == 1:
            sent.append((parts[0], None))
        elif len(parts) >= 2:
            sent.append((parts[0], parts[-1]))
        else:  # pragma: no cover - split() of a non-blank line is never empty
            raise InputError(f"line {lineno}: cannot read {line!r}", source=source)
    if sent:
        yield sent


def read_conll(path: str | Path) -> list[Sentence]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    return list(read_conll_lines(text.splitlines(), str(path)))


def spans(labels: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) by conlleval's rules: a chunk starts at B-X, or at I-X after anything but
    B-X/I-X, and ends where the next label does not continue it."""
    out = set()
    start, typ = None, None
    for i, label in enumerate([canonical_label(lab) for lab in labels] + ["O"]):
        prefix, _, t = label.partition("-")
        starts = prefix == "B" or (prefix == "I" and t != typ)
        if typ is not None and (label == "O" or starts):
            out.add((start, i, typ))
            start, typ = None, None
        if label != "O" and (starts or typ is None):
            start, typ = i, t
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, PRF]:
    """Entity-level scores per type and overall ('ALL'), exact span and type match (conlleval)."""
    by_type: dict[str, PRF] = {}
    total = PRF()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans(g), spans(p)
        for typ in {t for *_, t in gs | ps}:
            s = by_type.setdefault(typ, PRF())
            gt = {x for x in gs if x[2] == typ}
            pt = {x for x in ps if x[2] == typ}
            s.tp += len(gt & pt)
            s.fp += len(pt - gt)
            s.fn += len(gt - pt)
        total.tp += len(gs & ps)
        total.fp += len(ps - gs)
        total.fn += len(gs - ps)
    by_type["ALL"] = total
    return dict(sorted(by_type.items()))


def contiguous_folds(sents: list, k: int):
    """(training, held-out) for each of k contiguous folds (the last takes the remainder): the same splits for
    every model the project compares, as its CV figures require."""
    size = len(sents) // k
    for n in range(k):
        lo, hi = n * size, (n + 1) * size if n < k - 1 else len(sents)
        yield sents[:lo] + sents[hi:], sents[lo:hi]

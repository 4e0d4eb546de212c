"""In-domain NER training sentences from the gold articles: each gold entity's name and aliases projected onto the
pipeline's own tokens as BIO labels (PER→PERS, ORG, LOC, as ANERcorp writes them).

Why: ANERcorp is 2007 newswire; the gold articles are the 2015 politics news khabar reads, with every person,
organization and place marked (tests/gold/README.md: exhaustive for PER/ORG/LOC). A name is matched where it starts a
token, after at most a conjunction and a preposition (وباكستان، لباكستان; ل + ال written لل), and ends with it.
An optional entity (mostly a description: المصادر الأمنية، قوات الشرطة) stays O; a sentence with an unmatched
capitalised Latin word is left out (its label is not known), and so are headings. The gold marks no MISC, so MISC
words are O here (filling them from an ANERcorp model was tried: ANERcorp dev 0.663 -> 0.670, but pipeline event F1
0.520 -> 0.509 in bench/ner_news_cv.py's cross-validation).

    python scripts/gold_ner_corpus.py [--gold tests/gold] [--shared ../shared] [--out FILE]   (CoNLL: token label)
"""
from __future__ import annotations

import argparse
import bisect
import sys
from pathlib import Path

from khabar.evaluate import gold_text, load_gold
from khabar.pipeline import Pipeline
from khabar.readers import Article

ROOT = Path(__file__).resolve().parent.parent
LABEL = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC"}
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "لل", "ولل", "فلل", "بال")


def _occurrences(text: str, name: str):
    """Start and end of each place `name` is written in `text` (also with ل + ال written لل)."""
    forms = {name}
    if name.startswith("ال"):
        forms.add("لل" + name[2:])
    for form in forms:
        at = text.find(form)
        while at >= 0:
            yield at, at + len(form)
            at = text.find(form, at + 1)


def _names(entity: dict) -> list[str]:
    """The entity's name and those aliases that are names too, not descriptions: aliases made of words of the name
    (باقري، الخارجية الإيرانية) and, for an organization or place, one word without the article (داعش، واشنطن).
    Descriptions (وزير الخارجية، المتمردين الحوثيين، منطقة دوفس، التنظيم) stay O, as ANERcorp writes them: a
    description taught as part of a name made the tagger run names into the words around them."""
    name = entity["name"]
    words = set(name.split())
    out = [name]
    for alias in entity.get("aliases", []):
        aw = alias.split()
        keep = set(aw) <= words or (entity.get("type") != "PER" and len(aw) == 1 and not alias.startswith("ال"))
        if keep:
            out.append(alias)
    return out


def article_sentences(gold: dict, text: str, pipe: Pipeline) -> list[list[tuple[str, str]]]:
    doc = pipe.process(Article(id=str(gold["id"]), text=text, published=gold.get("published"))).document
    tokens = doc.tokens
    token_starts = [t.start for t in tokens]
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    labels = ["O"] * len(tokens)
    spans = []  # (start token, end token, label or None for optional), longest names first
    names = [(n, LABEL.get(e.get("type"))) for e in gold.get("entities", []) for n in _names(e)]
    names += [(n, None) for n in gold.get("optional_entities", [])]
    # the gold names first, longest first; then the optional ones, on the tokens left
    for name, label in sorted(names, key=lambda x: (x[1] is None, -len(x[0]))):
        if not name.strip():
            continue
        for a, b in _occurrences(text, name):
            if b not in ends:
                continue
            first = next((starts[a - k] for k in range(0, 4) if a - k in starts
                          and text[a - k:a] in _PROCLITICS), None)
            if first is None:
                continue
            spans.append((first, ends[b] + 1, label))
    taken = [False] * len(tokens)
    for a, b, label in spans:
        if any(taken[a:b]):
            continue
        for i in range(a, b):
            taken[i] = True
            if label is not None:
                labels[i] = ("B-" if i == a else "I-") + label
    out = []
    for sent in doc.sentences:
        if sent.kind == "heading":
            continue
        lo = bisect.bisect_left(token_starts, sent.start)
        idx = [i for i in range(lo, bisect.bisect_left(token_starts, sent.end)) if tokens[i].end <= sent.end]
        if not idx:
            continue
        if any(tokens[i].kind == "latin" and tokens[i].text[:1].isupper() and labels[i] == "O" for i in idx):
            continue
        out.append([(tokens[i].text, labels[i]) for i in idx])
    return out


def corpus(gold_dir: Path, shared: Path, only=None) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """(article id, its sentences) for each gold article (those whose ids are in `only`, when given)."""
    pipe = Pipeline(["sentences", "tokens"])
    out = []
    for gold in load_gold(gold_dir):
        if only is not None and gold["id"] not in only:
            continue
        out.append((str(gold["id"]), article_sentences(gold, gold_text(gold, shared), pipe)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    arts = corpus(args.gold, args.shared)
    lines = []
    for _, sents in arts:
        for s in sents:
            lines.extend(f"{t} {lab}" for t, lab in s)
            lines.append("")
    n_sent = sum(len(s) for _, s in arts)
    n_ent = sum(lab.startswith("B-") for _, s in arts for sent in s for _, lab in sent)
    print(f"{len(arts)} articles, {n_sent} sentences, {n_ent} entities", file=sys.stderr)
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

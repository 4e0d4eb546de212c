"""The statistical NER tagger: a feature CRF (python-crfsuite) over clitic-aware word analyses.

Features per token: normalized form, stem and proclitics, stem affixes, shape, word2vec cluster ids at three
granularities (``resources/clusters.tsv.gz``), gazetteer matches over stems (multiword, longest first), title /
role / organization-head lexicons; the same for neighbours within two tokens. Static features are cached per word
so that tagging runs at thousands of sentences per second on one core.

A second stage (``resources/ner-doc.crfsuite``, when shipped) tags again with document-context features from the
first stage's labels of the other sentences of the article (``doc_features``: how the same stem and the same stem
string were tagged elsewhere). Both models are trained by ``scripts/train_ner.py`` (``make model``) and loaded
lazily; they are decoded here with numpy over crfsuite's weights.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ResourceError
from ..resources import read_resource
from .gazetteer import gazetteer
from .words import Word, analyze, analyze_sentence

MODEL_NAME = "ner.crfsuite"  # trained on ANERcorp alone: the model `khabar eval ner` measures by default
NEWS_MODEL_NAME = "ner-news.crfsuite"  # ANERcorp + the gold articles' news: the pipeline's tagger
DOC_MODEL_NAME = "ner-doc.crfsuite"  # the second stage (document context); optional
LABELS = ("PER", "ORG", "LOC", "MISC")


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, str, str]]:
    out = {}
    for line in read_resource("clusters.tsv.gz").splitlines()[1:]:
        stem, a, b, c = line.split("\t")
        out[stem] = (a, b, c)
    return out


@lru_cache(maxsize=1)
def _lexicon_stems() -> dict[str, frozenset[str]]:
    """Single-word stems of the title, role and organization-head lexicons (first word of multiword entries)."""
    from .lexicons import role_heads, tagger_org_heads, titles

    def first_stems(entries):
        return frozenset(analyze(e.split()[0]).stem for e in entries)

    return {"title": first_stems(titles()), "role": first_stems(role_heads()), "orgh": first_stems(tagger_org_heads())}


# Resources whose content the CRF's features read: a model trained before one of them changed sees other
# features than it was trained on, so their fingerprint is stored beside the model (ner.json) and checked by a test.
_FEATURE_RESOURCES = ("clusters.tsv.gz", "gazetteer.tsv.gz", "wordfreq.tsv.gz", "clitic_exceptions.txt")


def feature_fingerprint() -> str:
    """SHA-256 of everything the features read besides the words: the resources above and the lexicon stems."""
    import hashlib

    h = hashlib.sha256()
    for name in _FEATURE_RESOURCES:
        h.update(name.encode() + b"\0" + read_resource(name).encode() + b"\0")
    for flag, stems in sorted(_lexicon_stems().items()):
        h.update(flag.encode() + b"\0" + "\n".join(sorted(stems)).encode() + b"\0")
    return h.hexdigest()


_NO_CLUSTER = ("-", "-", "-")


_OFFSETS = (-2, -1, 1, 2)
_OFFSET_PREFIXES = tuple((k, f"{k}:") for k in _OFFSETS)


@lru_cache(maxsize=20_000)  # bounded: a long batch run must not grow (each entry holds ~40 feature strings)
def _static(w: Word) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]], str]:
    """(own features, the features it gives each neighbour offset, its stem) of one analysed word, computed once
    per distinct word."""
    stem = w.stem
    c64, c256, c1024 = clusters().get(stem, _NO_CLUSTER)
    lex = _lexicon_stems()
    flags = tuple(name for name, stems in lex.items() if stem in stems)
    n = len(stem)
    own = [
        "w=" + w.norm, "s=" + stem, "cl=" + w.clitics, "sh=" + w.shape,
        "p2=" + stem[:2], "p3=" + stem[:3], "x1=" + stem[-1:], "x2=" + stem[-2:], "x3=" + stem[-3:],
        "len=" + (str(n) if n < 4 else "4-5" if n < 6 else "6+"),
        "c64=" + c64, "c256=" + c256, "c1024=" + c1024,
    ]
    if w.shape == "arabic" and n >= 4 and (stem.endswith("ي") or stem.endswith("يه")):
        own.append("nisba")
    if w.clitics.endswith("ال"):
        own.append("det")
    own.extend(flags)
    near = ("s=" + stem, "c256=" + c256, "c1024=" + c1024, "sh=" + w.shape, "cl=" + w.clitics) + flags
    far = near[:2]
    given = {k: tuple(p + x for x in (near if k in (-1, 1) else far)) for k, p in _OFFSET_PREFIXES}
    return tuple(own), given, stem


def _gazetteer_tags(statics: list[tuple]) -> list[str]:
    """Each word's gazetteer feature (gB-/gI- and the place type, or ""), from the stems of its `_static`s."""
    gaz = [""] * len(statics)
    for start, end, places in gazetteer().match([s[2] for s in statics]):
        typ = places[0].type
        for i in range(start, end):
            gaz[i] = ("gB-" if i == start else "gI-") + typ
    return gaz


def features(words: Sequence[Word]) -> list[list[str]]:
    """Feature strings for each word of a sentence."""
    n = len(words)
    statics = [_static(w) for w in words]
    gaz = _gazetteer_tags(statics)
    out = []
    for i in range(n):
        f = list(statics[i][0])
        if gaz[i]:
            f.append(gaz[i])
        for k in _OFFSETS:
            j = i + k
            if 0 <= j < n:
                f.extend(statics[j][1][k])
                if gaz[j] and k in (-1, 1):
                    f.append(f"{k}:{gaz[j]}")
            elif k in (-1, 1):
                f.append("BOS" if k < 0 else "EOS")
        if i > 0:
            f.append("s-1|s=" + statics[i - 1][2] + "|" + statics[i][2])
        out.append(f)
    return out


def _extras(statics: list[tuple]) -> list[list[str]]:
    """The features of each word of a sentence (its `_static`s) besides its own static ones and those its
    neighbours give it: gazetteer matches (its own, its next neighbours'), the sentence edges, the stem bigram.
    `features` = own + given + these, in another order (a test holds them equal)."""
    n = len(statics)
    gaz = _gazetteer_tags(statics)
    out = []
    for i in range(n):
        f = [gaz[i]] if gaz[i] else []
        if i > 0:
            if gaz[i - 1]:
                f.append("-1:" + gaz[i - 1])
            f.append("s-1|s=" + statics[i - 1][2] + "|" + statics[i][2])
        else:
            f.append("BOS")
        if i + 1 < n:
            if gaz[i + 1]:
                f.append("1:" + gaz[i + 1])
        else:
            f.append("EOS")
        out.append(f)
    return out


# ---------------------------------------------------------------- document context (the second stage)

DOC_WINDOW = 20  # sentences either side that make a sentence's 'document' (ANERcorp has no article boundaries)
_DOC_MAX_SPAN = 6


def _majority(counts: dict, exclude=None):
    """The most frequent key of `counts` with one count of `exclude` taken off (ties: the first in sorted order),
    or None when nothing is left."""
    best, best_n = None, 0
    for k in sorted(counts):
        n = counts[k] - (k == exclude)
        if n > best_n:
            best, best_n = k, n
    return best


def doc_features(sentences: Sequence[Sequence[Word]], labels: Sequence[Sequence[str]],
                 window: int = DOC_WINDOW, self_label: bool = True) -> list[list[list[str]]]:
    """Document-context features (Krishnan & Manning 2006) from first-stage labels: for each token, over the
    sentences within `window` of its own (its own included, the token itself left out): the entity type and the
    label the first stage gave most often to the same stem (``d:t=``, ``d:l=``), and whether the token starts or
    continues a stem string the first stage tagged as an entity (``d:sB=``, ``d:sI=`` with the majority type); and
    (`self_label`) the token's own first-stage label (``d:self=``), without which the second stage learnt to drop
    names that have no other mention (in a short article, a lone sentence)."""
    n = len(sentences)
    stems = [[w.stem for w in ws] for ws in sentences]
    sent_ents, sent_spans = [], []  # per sentence: (stem, label) of entity tokens; (stem tuple, type, start)
    for st, lab in zip(stems, labels, strict=True):
        sent_ents.append([(s, lab_) for s, lab_ in zip(st, lab, strict=True) if lab_ != "O"])
        spans, start, m = [], None, len(lab)
        for i in range(m + 1):
            lab_ = lab[i] if i < m else "O"
            if start is not None and (lab_ == "O" or lab_[0] == "B" or lab_[2:] != lab[start][2:]):
                if i - start <= _DOC_MAX_SPAN:
                    spans.append((tuple(st[start:i]), lab[start][2:], start))
                start = None
            if lab_ != "O" and start is None:
                start = i
        sent_spans.append(spans)
    stem_label: dict[str, dict[str, int]] = {}
    span_type: dict[tuple, dict[str, int]] = {}
    first_lengths: dict[str, dict[int, int]] = {}

    def bump(table: dict, key, sub, d: int) -> None:
        c = table.setdefault(key, {})
        v = c.get(sub, 0) + d
        if v:
            c[sub] = v
        else:
            del c[sub]
            if not c:
                del table[key]

    def add(j: int, d: int) -> None:
        for s, lab_ in sent_ents[j]:
            bump(stem_label, s, lab_, d)
        for key, typ, _ in sent_spans[j]:
            bump(span_type, key, typ, d)
            bump(first_lengths, key[0], len(key), d)

    for j in range(min(window, n)):
        add(j, 1)
    out = []
    for j in range(n):  # a sliding window: sentences j - window .. j + window are counted
        if j + window < n:
            add(j + window, 1)
        if j - window - 1 >= 0:
            add(j - window - 1, -1)
        st, lab = stems[j], labels[j]
        m = len(st)
        fs: list[list[str]] = [[] for _ in range(m)]
        own = {(start, key): typ for key, typ, start in sent_spans[j]}
        for i, s in enumerate(st):
            if self_label:
                fs[i].append("d:self=" + lab[i])
            c = stem_label.get(s)
            if c is not None:
                best = _majority(c, lab[i])
                if best is not None:
                    types: dict[str, int] = {}
                    for k, v in c.items():
                        types[k[2:]] = types.get(k[2:], 0) + v
                    fs[i].append("d:t=" + _majority(types, lab[i][2:] if lab[i] != "O" else None))
                    fs[i].append("d:l=" + best)
            for length in first_lengths.get(s, ()):
                if i + length > m:
                    continue
                key = tuple(st[i:i + length])
                c = span_type.get(key)
                typ = _majority(c, own.get((i, key))) if c is not None else None
                if typ is None:
                    continue
                fs[i].append("d:sB=" + typ)
                for k in range(i + 1, i + length):
                    fs[k].append("d:sI=" + typ)
        out.append([sorted(set(f)) if f else f for f in fs])
    return out


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    return features(analyze_sentence(tokens))


class Tagger:
    """BIO labels (ANERcorp's tag set: PERS, ORG, LOC, MISC) for sentences of given tokens.

    With a document model (``ner-doc.crfsuite``, trained by ``scripts/train_ner.py`` on jackknifed first-stage
    labels), tagging has two stages: the first CRF tags every sentence of the document (``tag_many``: an article's
    sentences; ``tag``/``tag_words``: the sentence alone), the second tags again with ``doc_features`` from those
    labels added. Both CRFs are decoded here with numpy over the weights crfsuite learnt (the same Viterbi,
    tested against crfsuite's), the features of each distinct word mapped to weight rows once."""

    def __init__(self, model_path: str | Path, doc_model_path: str | Path | None = None):
        import numpy as np
        import pycrfsuite

        self.model_path, self.doc_model_path = Path(model_path), doc_model_path and Path(doc_model_path)
        infos = []
        for path in (model_path, doc_model_path):
            if path is None:
                continue
            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(path))
            except (OSError, ValueError) as exc:
                raise ResourceError(f"cannot open the NER model {path}: {exc}; run `make model`") from None
            infos.append((tuple(tagger.labels()), tagger.info()))
            if not infos[1:]:
                self._crf = tagger  # one sentence alone is decoded faster by crfsuite (same labels)
            else:
                tagger.close()
        self.labels = infos[0][0]
        if any(set(labels) != set(self.labels) for labels, _ in infos):
            raise ResourceError(f"the NER models {model_path} and {doc_model_path} have different labels")
        index = {lab: i for i, lab in enumerate(self.labels)}
        vocab: dict[str, int] = {}
        for _, info in infos:
            for attr, _lab in info.state_features:
                vocab.setdefault(attr, len(vocab))
        self._vocab = vocab
        self._zero = len(vocab)  # a zero row: every token has one, so that none sums nothing
        self._W, self._T = [], []
        for _, info in infos:
            W = np.zeros((len(vocab) + 1, len(self.labels)))
            for (attr, lab), w in info.state_features.items():
                W[vocab[attr], index[lab]] = w
            T = np.zeros((len(self.labels), len(self.labels)))
            for (a, b), w in info.transitions.items():
                T[index[a], index[b]] = w
            self._W.append(W)
            self._T.append(T)
        self.two_stage = len(infos) == 2
        self._Wall = np.stack(self._W)  # (model, row, label)
        self._index: dict[Word, int] = {}  # word -> its row in _store
        self._store = np.zeros((1024, 1 + len(_OFFSETS), len(self._W), len(self.labels)))

    def _word_rows(self, words: list[Word]):
        """Each word's row in _store: the summed weights (5, model, label) of its static features (its own, then
        those it gives the neighbours at offsets -2, -1, 1, 2), computed once per distinct word."""
        import numpy as np

        index = self._index
        new = [w for w in dict.fromkeys(words) if w not in index]
        if new:
            if len(index) + len(new) > 50_000:  # bounded, as _static's cache
                index.clear()
                new = list(dict.fromkeys(words))
            get, zero = self._vocab.get, self._zero
            flat, starts = [], []
            for w in new:
                own, given, _ = _static(w)
                for xs in (own, *(given[k] for k in _OFFSETS)):
                    starts.append(len(flat))
                    flat.append(zero)
                    flat += [get(x, zero) for x in xs]
            M, L = self._store.shape[2:]
            sums = np.add.reduceat(self._Wall[:, flat], starts, axis=1)  # (model, word * 5, label)
            sums = sums.reshape(M, len(new), 1 + len(_OFFSETS), L).transpose(1, 2, 0, 3)
            first = len(index)
            if first + len(new) > len(self._store):
                grown = np.zeros((max(2 * len(self._store), first + len(new)), *self._store.shape[1:]))
                grown[:first] = self._store[:first]
                self._store = grown
            self._store[first:first + len(new)] = sums
            for k, w in enumerate(new, first):
                index[w] = k
        return [index[w] for w in words]

    def _rows_scores(self, per_token: list[list[str]], model: int | None = None):
        """Summed weights (token, model, label), or (token, label) of one model, of feature strings per token
        (strings no model knows add nothing)."""
        import numpy as np

        get, zero = self._vocab.get, self._zero
        flat, starts = [], []
        for f in per_token:
            starts.append(len(flat))
            flat.append(zero)
            flat += [get(x, zero) for x in f]
        if model is not None:
            return np.add.reduceat(self._W[model][flat], starts, axis=0)
        return np.add.reduceat(self._Wall[:, flat], starts, axis=1).transpose(1, 0, 2)

    def _state(self, sentences: list[Sequence[Word]]):
        """State scores (token, model, label) of all tokens of the sentences, one after the other."""
        import numpy as np

        words = [w for ws in sentences for w in ws]
        rows = self._word_rows(words)
        G = self._store[rows]  # (token, 5, model, label)
        sid = np.repeat(np.arange(len(sentences)), [len(ws) for ws in sentences])
        S = G[:, 0] + self._rows_scores([f for ws in sentences for f in _extras([_static(w) for w in ws])])
        for slot, k in enumerate(_OFFSETS, 1):  # token i gets what word i + k gives offset k
            if k < 0:
                S[-k:] += G[:k, slot] * (sid[-k:] == sid[:k])[:, None, None]
            else:
                S[:-k] += G[k:, slot] * (sid[:-k] == sid[k:])[:, None, None]
        return S

    def _viterbi(self, scores, lengths: list[int], model: int) -> list[list[str]]:
        """The best label sequence of each sentence (state scores stacked in `scores`), sentences of similar
        length decoded together; ties go to the first label, as in crfsuite."""
        import numpy as np

        T = self._T[model]
        L = T.shape[0]
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        order = sorted(range(len(lengths)), key=lambda k: -lengths[k])  # longest first
        out: list[list[str]] = [[] for _ in lengths]
        for b0 in range(0, len(order), 64):
            batch = order[b0:b0 + 64]
            B, n = len(batch), lengths[batch[0]]
            X = np.zeros((n, B, L))
            for r, k in enumerate(batch):
                X[:lengths[k], r] = scores[offsets[k]:offsets[k + 1]]
            back = np.empty((n, B, L), dtype=np.intp)
            score = X[0].copy()
            live = B  # the sentences still going at step t: a prefix, the batch being longest first
            for t in range(1, n):
                while lengths[batch[live - 1]] <= t:
                    live -= 1
                m = score[:live, :, None] + T  # (sentence, from, to)
                back[t, :live] = m.argmax(1)
                score[:live] = m.max(1) + X[t, :live]
            best = score.argmax(1).tolist()
            for r, k in enumerate(batch):
                b = best[r]
                path = [b]
                for t in range(lengths[k] - 1, 0, -1):
                    b = int(back[t, r, b])
                    path.append(b)
                out[k] = [self.labels[i] for i in reversed(path)]
        return out

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([analyze_sentence(tokens)])[0]

    def tag_words(self, words: Sequence[Word]) -> list[str]:
        if not words:
            return []
        return self.tag_many([words])[0]

    def tag_many(self, sentences: Sequence[Sequence[Word]]) -> list[list[str]]:
        """Labels for each sentence of one document (an article's sentences, in order)."""
        import numpy as np

        keep = [k for k, ws in enumerate(sentences) if ws]
        out: list[list[str]] = [[] for _ in sentences]
        if not keep:
            return out
        if len(keep) == 1 and not self.two_stage:
            out[keep[0]] = self._crf.tag(features(sentences[keep[0]]))
            return out
        words = [sentences[k] for k in keep]
        lengths = [len(ws) for ws in words]
        S = np.concatenate([self._state(words[k:k + 256]) for k in range(0, len(words), 256)])
        labels = self._viterbi(S[:, 0], lengths, 0)
        if self.two_stage:
            extra = [f for sent in doc_features(words, labels) for f in sent]
            labels = self._viterbi(S[:, 1] + self._rows_scores(extra, 1), lengths, 1)
        for k, labs in zip(keep, labels, strict=True):
            out[k] = labs
        return out


@lru_cache(maxsize=1)
def default_tagger():
    """The pipeline's tagger, loaded on first use: the neural tagger (``resources/ner-neural.onnx``, onnxruntime)
    when it is there and ``KHABAR_NER`` is not ``crf``, else the feature CRF that also learnt from news
    (``ner-news.crfsuite``), else the one trained on ANERcorp alone."""
    if os.environ.get("KHABAR_NER", "").lower() != "crf":
        from . import neural

        res = resources.files("khabar.resources")
        if res.joinpath(neural.ONNX_NAME).is_file():
            return neural.load(res.joinpath(neural.ONNX_NAME).read_bytes(), read_resource(neural.VOCAB_NAME),
                               res.joinpath(neural.WEIGHTS_NAME).read_bytes())
    if resources.files("khabar.resources").joinpath(NEWS_MODEL_NAME).is_file():
        return crf_tagger(NEWS_MODEL_NAME)
    return crf_tagger()


@lru_cache(maxsize=2)
def crf_tagger(name: str = MODEL_NAME) -> Tagger:
    """A shipped feature CRF (``MODEL_NAME``, ANERcorp alone, or ``NEWS_MODEL_NAME``; two stages when
    ``ner-doc.crfsuite`` is there), loaded on first use (crfsuite needs a file path, so the models are copied out of
    a zip install)."""
    res = resources.files("khabar.resources")
    ref, doc = res.joinpath(name), res.joinpath(DOC_MODEL_NAME)
    if not ref.is_file():
        raise ResourceError(f"the NER model {name} is missing; run `make model`")
    try:
        return Tagger(Path(str(ref)), Path(str(doc)) if doc.is_file() else None)
    except ResourceError:
        raise
    except Exception:  # pragma: no cover - only for zipped installs, where ref is not a real path
        tmp = Path(tempfile.mkdtemp())
        (tmp / name).write_bytes(ref.read_bytes())
        if doc.is_file():
            (tmp / DOC_MODEL_NAME).write_bytes(doc.read_bytes())
        return Tagger(tmp / name, tmp / DOC_MODEL_NAME if doc.is_file() else None)

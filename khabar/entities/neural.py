"""The neural NER tagger: char-CNN + embeddings + the CRF's sparse signals → BiLSTM → CRF, run with onnxruntime.

Inputs per token (all categorical ids, looked up in ``resources/ner-neural.json``): the clitic-stripped stem (its
vector pre-trained on unlabelled news by ``scripts/pretrain_embeddings.py``, kept frozen), the normalized surface
form, the proclitics, the shape, word2vec cluster ids at three granularities, the gazetteer match (B/I + place
type) and the title / role / organization-head / nisba / definite flags; plus the first letters of the stem for a
char-CNN. The network (``resources/ner-neural.onnx``) gives emission scores; the best BIO path is found here with
the CRF transition scores (numpy Viterbi, batched). Nothing here imports torch: training and export are done by
``scripts/train_neural_ner.py``.

The model is loaded lazily; ``tag_many`` tags a whole article's sentences in a few batched runs.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .words import Word

ONNX_NAME = "ner-neural.onnx"
VOCAB_NAME = "ner-neural.json"
FIELDS = ("stem", "norm", "clitics", "shape", "c64", "c256", "c1024", "gaz", "flags")
MAX_CHARS = 12
PAD, UNK = 0, 1


def token_strings(w: Word) -> tuple[str, ...]:
    """The per-token categorical values (except the gazetteer's, which needs the sentence), FIELDS order."""
    from .ner import _lexicon_stems, clusters

    stem = w.stem
    c64, c256, c1024 = clusters().get(stem, ("-", "-", "-"))
    flags = [name for name, stems in _lexicon_stems().items() if stem in stems]
    if w.shape == "arabic" and len(stem) >= 4 and (stem.endswith("ي") or stem.endswith("يه")):
        flags.append("nisba")
    if w.clitics.endswith("ال"):
        flags.append("det")
    return (stem, w.norm, w.clitics, w.shape, c64, c256, c1024, "", "+".join(flags))


def gazetteer_tags(stems: Sequence[str]) -> list[str]:
    from .gazetteer import gazetteer

    gaz = [""] * len(stems)
    for start, end, places in gazetteer().match(list(stems)):
        typ = places[0].type
        for i in range(start, end):
            gaz[i] = ("B-" if i == start else "I-") + typ
    return gaz


class Encoder:
    """Strings → ids with the vocabularies a model was trained with; per-word results are cached."""

    def __init__(self, vocab: dict[str, list[str]], chars: list[str]):
        self.index = {f: {s: i for i, s in enumerate(vocab[f])} for f in FIELDS}
        self.chars = {c: i for i, c in enumerate(chars)}
        self._cache: dict[Word, tuple[list[int], list[int]]] = {}

    def word(self, w: Word) -> tuple[list[int], list[int]]:
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        strings = token_strings(w)
        ids = [self.index[f].get(s, UNK) for f, s in zip(FIELDS, strings, strict=True)]
        chars = [self.chars.get(c, UNK) for c in w.stem[:MAX_CHARS]]
        chars += [PAD] * (MAX_CHARS - len(chars))
        if len(self._cache) > 200_000:  # bounded: a long batch run must not grow without limit
            self._cache.clear()
        self._cache[w] = hit = (ids, chars)
        return hit

    def sentence(self, words: Sequence[Word]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [self.word(w) for w in words]
        ids = np.array([p[0] for p in pairs], dtype=np.int64).reshape(len(words), len(FIELDS))
        gaz_index = self.index["gaz"]
        for i, g in enumerate(gazetteer_tags([w.stem for w in words])):
            if g:
                ids[i, FIELDS.index("gaz")] = gaz_index.get(g, UNK)
        chars = np.array([p[1] for p in pairs], dtype=np.int64).reshape(len(words), MAX_CHARS)
        return ids, chars


def batch_arrays(encoded: Sequence[tuple[np.ndarray, np.ndarray]]):
    """Right-padded [B, T, F] ids, [B, T, C] chars, [B, T] reverse-within-length index, lengths."""
    lengths = np.array([len(e[0]) for e in encoded], dtype=np.int64)
    b, t = len(encoded), int(lengths.max())
    ids = np.zeros((b, t, len(FIELDS)), dtype=np.int64)
    chars = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
    rev = np.tile(np.arange(t, dtype=np.int64), (b, 1))
    for k, (i, c) in enumerate(encoded):
        n = len(i)
        ids[k, :n] = i
        chars[k, :n] = c
        rev[k, :n] = np.arange(n - 1, -1, -1)
    return ids, chars, rev, lengths


def viterbi(emissions: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
            end: np.ndarray) -> list[list[int]]:
    """Best label paths of a batch: emissions [B, T, L], trans[i, j] = score of label i followed by j."""
    b, t, n_labels = emissions.shape
    score = start[None, :] + emissions[:, 0]
    back = np.empty((t, b, n_labels), dtype=np.intp)
    back[0] = np.arange(n_labels)
    trans = trans[None, :, :]
    for i in range(1, t):
        cand = score[:, :, None] + trans
        best = cand.argmax(axis=1)
        new = cand.max(axis=1) + emissions[:, i]
        done = lengths <= i
        if done.any():  # finished sentences keep their score; their back-pointers copy the label through
            new[done] = score[done]
            best[done] = np.arange(n_labels)
        score = new
        back[i] = best
    last = (score + end[None, :]).argmax(axis=1)
    rows = np.arange(b)
    path = np.empty((t, b), dtype=np.intp)
    path[t - 1] = last
    for i in range(t - 1, 0, -1):
        path[i - 1] = back[i, rows, path[i]]
    cols = path.T.tolist()
    return [cols[k][: int(lengths[k])] for k in range(b)]


class NeuralTagger:
    """BIO labels (ANERcorp's tag set) from the ONNX model; the same interface as ``ner.Tagger``."""

    def __init__(self, onnx_path: str | Path | bytes, meta: dict, batch_tokens: int = 1500):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        src = onnx_path if isinstance(onnx_path, bytes) else str(onnx_path)
        self._session = ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])
        self.labels = tuple(meta["labels"])
        self._trans = np.array(meta["transitions"], dtype=np.float32)
        self._start = np.array(meta["start"], dtype=np.float32)
        self._end = np.array(meta["end"], dtype=np.float32)
        self.encoder = Encoder(meta["vocab"], meta["chars"])
        self.batch_tokens = batch_tokens

    def emissions(self, encoded):
        ids, chars, rev, lengths = batch_arrays(encoded)
        (em,) = self._session.run(None, {"ids": ids, "chars": chars, "rev": rev})
        return em, lengths

    def tag_many(self, sentences: Sequence[Sequence[Word]]) -> list[list[str]]:
        """Tag several sentences (e.g. one article's) in batches of similar length."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        k = 0
        while k < len(order):
            j, longest = k, 0
            while j < len(order) and max(longest, len(sentences[order[j]])) * (j - k + 1) <= self.batch_tokens:
                longest = max(longest, len(sentences[order[j]]))
                j += 1
            j = max(j, k + 1)
            chunk = order[k:j]
            em, lengths = self.emissions([self.encoder.sentence(sentences[i]) for i in chunk])
            for i, path in zip(chunk, viterbi(em, lengths, self._trans, self._start, self._end), strict=True):
                out[i] = [self.labels[p] for p in path]
            k = j
        return out

    def tag_words(self, words: Sequence[Word]) -> list[str]:
        if not words:
            return []
        return self.tag_many([words])[0]

    def tag(self, tokens: Sequence[str]) -> list[str]:
        from .words import analyze

        return self.tag_words([analyze(t) for t in tokens])


def load_meta(text: str) -> dict:
    return json.loads(text)

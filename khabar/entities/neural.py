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

import io
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .gazetteer import gazetteer
from .ner import _lexicon_stems, clusters
from .words import Word

ONNX_NAME = "ner-neural.onnx"
VOCAB_NAME = "ner-neural.json"
WEIGHTS_NAME = "ner-neural.npz"
FIELDS = ("stem", "norm", "clitics", "shape", "c64", "c256", "c1024", "gaz", "flags")
MAX_CHARS = 12
PAD, UNK = 0, 1


def token_strings(w: Word) -> tuple[str, ...]:
    """The per-token categorical values (except the gazetteer's, which needs the sentence), FIELDS order."""
    stem = w.stem
    c64, c256, c1024 = clusters().get(stem, ("-", "-", "-"))
    flags = [name for name, stems in _lexicon_stems().items() if stem in stems]
    if w.shape == "arabic" and len(stem) >= 4 and (stem.endswith("ي") or stem.endswith("يه")):
        flags.append("nisba")
    if w.clitics.endswith("ال"):
        flags.append("det")
    return (stem, w.norm, w.clitics, w.shape, c64, c256, c1024, "", "+".join(flags))


def gazetteer_tags(stems: Sequence[str]) -> list[str]:
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


def _sigmoid_tanh_scale(hidden: int) -> np.ndarray:
    """Gate order i, f, g, o (torch's): sigmoid(x) = (tanh(x/2) + 1) / 2 for i, f, o; tanh for g."""
    scale = np.full(4 * hidden, 0.5, dtype=np.float32)
    scale[2 * hidden:3 * hidden] = 1.0
    return scale


class NeuralTagger:
    """BIO labels (ANERcorp's tag set); the same interface as ``ner.Tagger``.

    The ONNX graph maps a word (its ids and letters) to the input-gate pre-activations of both LSTM directions; it
    runs once per distinct word, and its rows are cached. The recurrence (the gazetteer's share added per token),
    the output layer and the CRF's Viterbi run here in numpy over a whole batch of sentences at once.
    """

    def __init__(self, onnx_path: str | Path | bytes, meta: dict, weights: dict[str, np.ndarray],
                 batch_sentences: int = 64):
        import onnxruntime as ort

        self.batch_sentences = batch_sentences
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
        self._u = np.ascontiguousarray(weights["recurrent"].transpose(0, 2, 1))  # [2, H, 4H]
        self._gaz = weights["gaz_gates"]  # [2, n_gaz, 4H]
        self._out_w = np.ascontiguousarray(weights["out_w"].T)  # [2H, L]
        self._out_b = weights["out_b"]
        self.hidden = self._u.shape[1]
        self._scale = _sigmoid_tanh_scale(self.hidden)
        self._u_scaled = self._u * self._scale
        self._rows: dict[Word, int] = {}
        self._table = np.zeros((1024, 2, 4 * self.hidden), dtype=np.float32)

    def _word_rows(self, sentences: Sequence[Sequence[Word]]) -> list[list[int]]:
        """Cache rows of each token's gate pre-activations, computing those of new words in one ONNX run."""
        rows = self._rows
        new: dict[Word, int] = {}
        for words in sentences:
            for w in words:
                if w not in rows and w not in new:
                    new[w] = len(new)
        if new:
            if len(rows) + len(new) > 200_000:  # bounded: a long batch run must not grow without limit
                rows.clear()
            encoded = [self.encoder.word(w) for w in new]
            (gates,) = self._session.run(None, {"ids": np.array([e[0] for e in encoded], dtype=np.int64),
                                                "chars": np.array([e[1] for e in encoded], dtype=np.int64)})
            base = len(rows)
            need = base + len(new)
            if need > len(self._table):
                grown = np.zeros((max(need, 2 * len(self._table)),) + self._table.shape[1:], dtype=np.float32)
                grown[:base] = self._table[:base]
                self._table = grown
            self._table[base:need] = gates
            for w, i in new.items():
                rows[w] = base + i
        return [[rows[w] for w in words] for words in sentences]

    def emissions(self, sentences: Sequence[Sequence[Word]]) -> np.ndarray:
        """Emission scores [B, T, L] of sentences given longest first (so the running ones are a prefix)."""
        word_rows = self._word_rows(sentences)
        gaz_index = self.encoder.index["gaz"]
        lengths = [len(r) for r in word_rows]
        b, t, h = len(word_rows), lengths[0], self.hidden
        rows_f = np.zeros((t, b), dtype=np.intp)
        rows_b = np.zeros((t, b), dtype=np.intp)
        gaz_f = np.zeros((t, b), dtype=np.intp)
        gaz_b = np.zeros((t, b), dtype=np.intp)
        for k, (r, words) in enumerate(zip(word_rows, sentences, strict=True)):
            n = len(r)
            rows_f[:n, k] = r
            rows_b[:n, k] = r[::-1]
            g = [gaz_index.get(x, UNK) for x in gazetteer_tags([w.stem for w in words])]  # "" (no match) has an id
            gaz_f[:n, k] = g
            gaz_b[:n, k] = g[::-1]
        # time-major; the backward direction reads each sentence reversed (padding stays at the end)
        x = np.empty((t, 2, b, 4 * h), dtype=np.float32)
        x[:, 0] = self._table[rows_f, 0]
        x[:, 0] += self._gaz[0][gaz_f]
        x[:, 1] = self._table[rows_b, 1]
        x[:, 1] += self._gaz[1][gaz_b]
        x *= self._scale
        u = self._u_scaled
        hs = np.zeros((2, b, h), dtype=np.float32)
        cs = np.zeros((2, b, h), dtype=np.float32)
        out = np.zeros((t, 2, b, h), dtype=np.float32)
        running = np.searchsorted(-np.array(lengths), -np.arange(t), side="left")  # sentences longer than i
        for i in range(t):
            n = int(running[i])
            hp, cp = hs[:, :n], cs[:, :n]
            z = np.tanh(x[i, :, :n] + np.matmul(hp, u))
            z[..., :2 * h] += 1.0
            z[..., :2 * h] *= 0.5
            z[..., 3 * h:] += 1.0
            z[..., 3 * h:] *= 0.5
            cp = z[..., h:2 * h] * cp + z[..., :h] * z[..., 2 * h:3 * h]
            hp = z[..., 3 * h:] * np.tanh(cp)
            hs[:, :n], cs[:, :n] = hp, cp
            out[i, :, :n] = hp
        em = np.empty((b, t, len(self.labels)), dtype=np.float32)
        fwd_w, bwd_w = self._out_w[:h], self._out_w[h:]
        ef = out[:, 0] @ fwd_w  # [T, B, L]
        eb = out[:, 1] @ bwd_w  # reversed time within each sentence
        for k, n in enumerate(lengths):
            em[k, :n] = ef[:n, k] + eb[n - 1::-1, k] + self._out_b
        return em

    def tag_many(self, sentences: Sequence[Sequence[Word]]) -> list[list[str]]:
        """Tag several sentences (e.g. one article's) in batches, longest first."""
        out: list[list[str]] = [[] for _ in sentences]
        todo = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        for k in range(0, len(todo), self.batch_sentences):
            chunk = todo[k:k + self.batch_sentences]
            em = self.emissions([sentences[i] for i in chunk])
            lengths = np.array([len(sentences[i]) for i in chunk])
            for i, path in zip(chunk, viterbi(em, lengths, self._trans, self._start, self._end), strict=True):
                out[i] = [self.labels[p] for p in path]
        return out

    def tag_words(self, words: Sequence[Word]) -> list[str]:
        if not words:
            return []
        return self.tag_many([words])[0]

    def tag(self, tokens: Sequence[str]) -> list[str]:
        from .words import analyze_sentence

        return self.tag_words(analyze_sentence(tokens))


def load(onnx: str | Path | bytes, meta_text: str, weights: bytes | str | Path) -> NeuralTagger:
    src = io.BytesIO(weights) if isinstance(weights, bytes) else weights
    with np.load(src) as npz:
        arrays = {k: npz[k].astype(np.float32) for k in npz.files}
    return NeuralTagger(onnx, json.loads(meta_text), arrays)

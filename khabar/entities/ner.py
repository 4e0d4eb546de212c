"""The statistical NER tagger: a feature CRF (python-crfsuite) over clitic-aware word analyses.

Features per token: normalized form, stem and proclitics, stem affixes, shape, word2vec cluster ids at three
granularities (``resources/clusters.tsv.gz``), gazetteer matches over stems (multiword, longest first), title /
role / organization-head lexicons; the same for neighbours within two tokens. Static features are cached per word
so that tagging runs at thousands of sentences per second on one core.

The model (``resources/ner.crfsuite``) is trained by ``scripts/train_ner.py`` (``make model``) and loaded lazily.
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

MODEL_NAME = "ner.crfsuite"
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


def features(words: Sequence[Word]) -> list[list[str]]:
    """Feature strings for each word of a sentence."""
    n = len(words)
    statics = [_static(w) for w in words]
    gaz = [""] * n
    for start, end, places in gazetteer().match([s[2] for s in statics]):
        typ = places[0].type
        for i in range(start, end):
            gaz[i] = ("gB-" if i == start else "gI-") + typ
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


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    return features(analyze_sentence(tokens))


class Tagger:
    """BIO labels (ANERcorp's tag set: PERS, ORG, LOC, MISC) for sentences of given tokens."""

    def __init__(self, model_path: str | Path):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(model_path))
        except (OSError, ValueError) as exc:
            raise ResourceError(f"cannot open the NER model {model_path}: {exc}; run `make model`") from None
        self.labels = tuple(self._tagger.labels())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return self._tagger.tag(sentence_features(tokens))

    def tag_words(self, words: Sequence[Word]) -> list[str]:
        if not words:
            return []
        return self._tagger.tag(features(words))

    def tag_many(self, sentences: Sequence[Sequence[Word]]) -> list[list[str]]:
        return [self.tag_words(words) for words in sentences]


@lru_cache(maxsize=1)
def default_tagger():
    """The shipped model, loaded on first use: the neural tagger (``resources/ner-neural.onnx``, onnxruntime) when
    it is there and ``KHABAR_NER`` is not ``crf``, else the feature CRF."""
    if os.environ.get("KHABAR_NER", "").lower() != "crf":
        from . import neural

        res = resources.files("khabar.resources")
        if res.joinpath(neural.ONNX_NAME).is_file():
            return neural.load(res.joinpath(neural.ONNX_NAME).read_bytes(), read_resource(neural.VOCAB_NAME),
                               res.joinpath(neural.WEIGHTS_NAME).read_bytes())
    return crf_tagger()


@lru_cache(maxsize=1)
def crf_tagger() -> Tagger:
    """The feature CRF, loaded on first use (crfsuite needs a file path, so it is copied out of a zip install)."""
    ref = resources.files("khabar.resources").joinpath(MODEL_NAME)
    if not ref.is_file():
        raise ResourceError(f"the NER model {MODEL_NAME} is missing; run `make model`")
    try:
        return Tagger(Path(str(ref)))
    except ResourceError:
        raise
    except Exception:  # pragma: no cover - only for zipped installs, where ref is not a real path
        tmp = Path(tempfile.mkdtemp()) / MODEL_NAME
        tmp.write_bytes(ref.read_bytes())
        return Tagger(tmp)

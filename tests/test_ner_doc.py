"""The CRF tagger's numpy decoding and its document-context (second) stage."""
from __future__ import annotations

from collections import Counter

import pytest

from khabar.entities.ner import (
    _OFFSETS,
    _extras,
    _static,
    crf_tagger,
    doc_features,
    features,
)
from khabar.entities.words import Word, analyze_sentence

SENTENCES = [s.split() for s in (
    "وقال وزير الخارجية السعودي فيصل بن فرحان في الرياض إن المملكة",
    "التقى الرئيس الباكستاني عارف علوي في إسلام آباد وفدا من الأمم المتحدة",
    "قال",
    "وأكد فيصل بن فرحان أن الأمم المتحدة تدعم جهود المملكة في اليمن .",
    "Reuters 2015 : الرياض",
)]


def test_features_are_own_given_and_extras():
    """The tagger sums a word's static weights once per word and adds the per-sentence extras; together they must
    be exactly the features the CRF was trained on."""
    for tokens in SENTENCES:
        words = analyze_sentence(tokens)
        statics = [_static(w) for w in words]
        extras = _extras(statics)
        for i, f in enumerate(features(words)):
            rebuilt = list(statics[i][0]) + extras[i]
            for k in _OFFSETS:
                if 0 <= i + k < len(words):
                    rebuilt.extend(statics[i + k][1][k])
            assert Counter(f) == Counter(rebuilt)


def test_numpy_decoding_is_crfsuites():
    import pycrfsuite

    tagger = crf_tagger()
    ref = pycrfsuite.Tagger()
    ref.open(str(tagger.model_path))
    words = [analyze_sentence(t) for t in SENTENCES]
    first_stage = tagger._viterbi(tagger._state(words)[:, 0], [len(w) for w in words], 0)
    assert first_stage == [ref.tag(features(w)) for w in words]


def test_tag_many_keeps_empty_sentences_and_single_sentences_agree():
    tagger = crf_tagger()
    words = [analyze_sentence(t) for t in SENTENCES]
    batched = tagger.tag_many([words[0], [], words[2]])
    assert batched[1] == [] and len(batched[2]) == 1
    assert tagger.tag_words(words[0]) == tagger.tag_many([words[0]])[0] == tagger.tag(SENTENCES[0])
    assert tagger.tag([]) == [] and tagger.tag_many([]) == []
    labels = tagger.tag_many(words)
    assert all(lab == "O" or lab[:2] in ("B-", "I-") for s in labels for lab in s)
    assert labels[0][SENTENCES[0].index("الرياض")] == "B-LOC"


def _w(stem: str) -> Word:
    return Word(stem, stem, "", "arabic")


def test_doc_features_count_other_mentions_only():
    sents = [[_w("زار"), _w("علوي"), _w("باكستان")], [_w("قال"), _w("علوي")], [_w("علوي")]]
    labels = [["O", "B-PER", "B-LOC"], ["O", "O"], ["O"]]
    feats = doc_features(sents, labels, self_label=False)
    # the other mentions of علوي see the one tagged PER; the tagged one sees only untagged ones
    assert "d:t=PER" in feats[1][1] and "d:l=B-PER" in feats[1][1] and "d:sB=PER" in feats[1][1]
    assert "d:t=PER" in feats[2][0]
    assert feats[0][1] == []
    assert feats[0][0] == [] and feats[0][2] == []
    # out of the window: nothing
    assert doc_features(sents, labels, window=0, self_label=False)[1][1] == []
    # the token's own first-stage label
    assert doc_features(sents, labels, window=0)[0][1] == ["d:self=B-PER"]


def test_doc_features_multiword_strings():
    un = [_w("الامم"), _w("المتحده")]
    sents = [[_w("في"), *un], [_w("قالت"), *un, _w("امس")]]
    labels = [["O", "B-ORG", "I-ORG"], ["O", "O", "O", "O"]]
    feats = doc_features(sents, labels, self_label=False)
    assert feats[1][1] == ["d:l=B-ORG", "d:sB=ORG", "d:t=ORG"]
    assert feats[1][2] == ["d:l=I-ORG", "d:sI=ORG", "d:t=ORG"]
    assert feats[1][0] == [] and feats[1][3] == []


def test_two_stage_model_shipped():
    tagger = crf_tagger()
    if not tagger.two_stage:
        pytest.skip("no document model shipped")
    words = [analyze_sentence(t) for t in SENTENCES]
    assert tagger.tag_many(words)[3][SENTENCES[3].index("فيصل")] == "B-PERS"

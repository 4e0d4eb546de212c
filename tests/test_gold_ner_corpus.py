"""The news NER corpus made from the gold articles (scripts/gold_ner_corpus.py): names projected onto the pipeline's
tokens, descriptions left O."""
from __future__ import annotations

import sys
from pathlib import Path

from khabar.pipeline import Pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from gold_ner_corpus import article_sentences  # noqa: E402


def test_names_are_projected_onto_tokens_and_descriptions_stay_o():
    text = ("وقال وزير الخارجية الباكستاني شاه محمود قريشي للأمم المتحدة إن قريشي سيزور وباكستان "
            "ترحب بالوفد الباكستاني.")
    gold = {"id": "t", "published": "2021-10-07",
            "entities": [{"type": "PER", "name": "شاه محمود قريشي", "aliases": ["قريشي", "وزير الخارجية الباكستاني"]},
                         {"type": "ORG", "name": "الأمم المتحدة", "aliases": []},
                         {"type": "LOC", "name": "باكستان", "aliases": []}],
            "optional_entities": ["الوفد الباكستاني"]}
    (sent,) = article_sentences(gold, text, Pipeline(["sentences", "tokens"]))
    labels = dict(sent)
    assert [lab for tok, lab in sent if tok in ("شاه", "محمود", "قريشي")] == ["B-PERS", "I-PERS", "I-PERS", "B-PERS"]
    assert labels["وزير"] == "O" and labels["الخارجية"] == "O"  # a description alias is no name
    assert labels["للأمم"] == "B-ORG" and labels["المتحدة"] == "I-ORG"  # ل + ال written لل
    assert labels["وباكستان"] == "B-LOC"  # after a conjunction
    assert labels["الباكستاني"] == "O" and labels["بالوفد"] == "O"  # not inside a longer word; optional: O

"""The learned party attachment: it adds the names the clause rules left out, marks them, and never drops a party
the rules chose."""
from __future__ import annotations

import json

from khabar.event_parties import MODEL_NAME, add_parties, probability
from khabar.pipeline import DEFAULT_STAGES, Pipeline
from khabar.readers import Article
from khabar.resources import read_resource

WITHOUT = [s for s in DEFAULT_STAGES if s != "parties"]


def _parties(doc):
    return [(v.type.value, set(v.actors) | set(v.targets) | ({v.location} if v.location else set()))
            for v in doc.events]


def test_a_missed_party_is_added_and_marked(pipeline):
    # تحريرها من داعش: whom the city was taken from, which the clause rules do not reach
    text = ("وفرضت القوات الأمنية العراقية سيطرتها على المناطق القريبة من الرمادي مركز محافظة الأنبار، "
            "لاقتحام المدينة وتحريرها من داعش.")
    doc = pipeline.process(Article(id="t", text=text, published="2015-08-05")).document
    names = {e.id: e.name for e in doc.entities}
    attack = next(v for v in doc.events if v.type.value == "ASSAULT")
    assert [names[t] for t in attack.targets] == ["داعش"]
    assert attack.extra["inferred_parties"] == list(attack.targets)
    assert attack.actors == ()  # no doer is added to an attack the rules told without one


def test_nothing_is_added_where_the_model_is_unsure(pipeline):
    doc = pipeline.process(Article(id="t", text="أدانت وزارة الخارجية السعودية الهجوم الإرهابي الذي استهدف مسجدا في "
                                                "الكويت.", published="2015-08-05")).document
    assert all("inferred_parties" not in v.extra for v in doc.events)


def test_the_rules_parties_are_kept(seed_text):
    article = Article(id="seed", text=seed_text, published="2021-10-07")
    before = Pipeline(WITHOUT).process(article).document
    after = add_parties(before)
    assert len(after.events) == len(before.events)
    for (typ, had), (typ2, has) in zip(_parties(before), _parties(after), strict=True):
        assert typ == typ2 and had <= has


def test_the_shipped_model_helped_in_cross_validation():
    """The model records the by-article cross-validation it was shipped with: a retrain that made events worse on
    articles it did not see must not be shipped."""
    report = json.loads(read_resource(MODEL_NAME))["report"]
    assert report["cv_events_with"]["f1"] >= report["cv_events_without"]["f1"]
    assert report["cv_auc"] > report["rules_auc"]
    assert 0.0 < probability({"role=none": 1.0}) < 1.0


def test_a_corrupt_model_is_a_clear_error(monkeypatch):
    import pytest

    from khabar import event_parties
    from khabar.errors import ResourceError

    event_parties._model.cache_clear()
    monkeypatch.setattr(event_parties, "read_resource", lambda name: '{"weights": 3}')
    try:
        with pytest.raises(ResourceError, match="make model"):
            event_parties.probability({"role=none": 1.0})
    finally:
        event_parties._model.cache_clear()


def test_candidates_carry_the_words_between_and_how_often_the_name_is_told(pipeline):
    from khabar.event_parties import candidates, lookup

    text = "وهاجمت قوات الأمن مواقع تنظيم داعش في الرمادي. وقال الجيش إن داعش خسر مواقع كثيرة."
    doc = Pipeline(WITHOUT).process(Article(id="t", text=text, published="2015-08-05")).document
    attack = next(v for v in doc.events if v.type.value == "ASSAULT")
    feats = {e.name: f for e, f in candidates(doc, attack, lookup(doc))}
    # (هاجمت قوات الأمن مواقع تنظيم داعش: three words between, the last one «مواقع», the name told twice)
    assert feats["تنظيم داعش"].get("bw=a|مواقع") == 1.0 and feats["تنظيم داعش"].get("salience=2") == 1.0
    assert not any(k.startswith("bw=") for k in feats["الرمادى"])  # (more than three words away)

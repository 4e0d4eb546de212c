"""The whole pipeline on arbitrary text: never an exception, every span exact."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.readers import Article

ARABICISH = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى اللواء قال: «» \"،.؟\n"
                                                 "0123٠١٢ والجيش الباكستاني محمد باقري اسلام آباد الثلاثاء أمس")),
                    max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(ARABICISH, st.text(max_size=200)), st.sampled_from([None, "2021-10-07"]))
def test_property_pipeline_never_fails_and_spans_are_exact(pipeline, text, published):
    outcome = pipeline.process(Article(id="p", text=text, published=published))
    assert outcome.ok, outcome.error
    doc = outcome.document
    doc.check_spans()
    ids = {e.id for e in doc.entities}
    for v in doc.events:
        assert set(v.actors) <= ids and set(v.targets) <= ids
    for q in doc.quotes:
        assert q.speaker is None or q.speaker in ids

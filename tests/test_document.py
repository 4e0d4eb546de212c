"""The Document model: lossless JSON round trip, the packaged schema, the offset invariant, the ontology."""
from __future__ import annotations

import json

import pytest

from khabar.document import Document, Entity, Event, Mention, Quote, Span, Timex
from khabar.errors import PipelineError, SchemaError, SpanError
from khabar.ontology import EntityType, EventType
from khabar.pipeline import Pipeline, Stage
from khabar.readers import Article
from khabar.schema import document_schema, schema_errors, validate_document


def _annotated(text: str) -> Document:
    """A document with one of every annotation, built by hand from the seed's first lines."""
    def sp(s: str, start: int = 0) -> Span:
        i = text.index(s, start)
        return Span(i, i + len(s), s)

    bagheri = sp("محمد باقري")
    ent = Entity("e1", EntityType.PER, "محمد باقري", (Mention(bagheri.start, bagheri.end, bagheri.text),),
                 latin="Mohammad Bagheri", titles=("اللواء",), extra={"salience": 0.9})
    ev = Event("v1", EventType.CONSULT, trigger=sp("التقى"), evidence=sp("كما التقى اللواء محمد باقري"),
               actors=("e1",), mode="visit", cameo="042", contexts=("military",), date="2021-10-06", timex="t1")
    tx = sp("صباح اليوم الاربعاء")
    timex = Timex("t1", tx.start, tx.end, tx.text, value="2021-10-06", part="morning")
    q = Quote(cue=sp("قال"), content=sp("ان زيارة اللواء باقري"), speaker="e1", channel=None, id="q1")
    return Document(id="d1", text=text, published="2021-10-07", entities=(ent,), events=(ev,), quotes=(q,),
                    timexes=(timex,), meta={"note": "kept"})


def test_round_trip_is_lossless(seed_text, pipeline):
    doc = pipeline(_annotated(seed_text))
    d = doc.to_dict()
    again = Document.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert again == doc
    assert again.to_dict() == d


def test_unknown_fields_survive_a_round_trip(seed_text):
    d = _annotated(seed_text).to_dict()
    d["outlet"] = "IRNA"
    d["entities"][0]["mentions"][0]["kind"] = "name"
    d["events"][0]["sources"] = 3
    out = Document.from_dict(d).to_dict()
    assert out["meta"]["outlet"] == "IRNA"
    assert out["entities"][0]["mentions"][0]["kind"] == "name"
    assert out["events"][0]["sources"] == 3


def test_output_validates_against_the_packaged_schema(seed_text, pipeline):
    d = pipeline(_annotated(seed_text)).to_dict()
    assert schema_errors(d) == []
    validate_document(d)


def test_packaged_schema_is_the_shared_contract(shared):
    assert document_schema() == json.loads((shared / "spec" / "document.schema.json").read_text("utf-8"))


def test_ontology_enums_match_the_schema():
    props = document_schema()["properties"]
    assert set(props["events"]["items"]["properties"]["type"]["enum"]) == {t.value for t in EventType}
    assert set(props["entities"]["items"]["properties"]["type"]["enum"]) == {t.value for t in EntityType}
    assert all(len(t.cameo) == 3 for t in EventType)


def test_schema_violations_are_reported():
    assert schema_errors({"id": "x", "text": "t"})  # entities etc. missing
    bad = {"id": "x", "text": "abc", "entities": [], "events": [], "quotes": [], "published": "2021-13-45",
           "timexes": [{"id": "t", "start": 0, "end": 1, "text": "a", "value": None}]}
    assert any("published" in e for e in schema_errors(bad))


def test_a_span_that_does_not_match_the_text_is_caught(seed_text):
    doc = _annotated(seed_text)
    d = doc.to_dict()
    d["quotes"][0]["content"]["text"] = "شيء آخر"
    with pytest.raises(SpanError, match=r"quotes\[0\]\.content"):
        Document.from_dict(d).check_spans()
    with pytest.raises(SpanError):
        validate_document(d)
    with pytest.raises(SpanError):
        doc.span(0, len(seed_text) + 1)


def test_malformed_json_gives_schema_errors():
    with pytest.raises(SchemaError):
        Document.from_json("{not json")
    with pytest.raises(SchemaError):
        Document.from_dict([1, 2])
    with pytest.raises(SchemaError, match="entity type"):
        Document.from_dict({"id": "x", "text": "t", "entities": [{"id": "e", "type": "ANIMAL", "name": "n",
                                                                   "mentions": []}],
                            "events": [], "quotes": [], "timexes": []})


def test_documents_are_immutable(seed_text):
    doc = _annotated(seed_text)
    with pytest.raises(AttributeError):
        doc.text = "changed"  # type: ignore[misc]


def test_pipeline_checks_requirements_when_built():
    needs = Stage("events", lambda d: d, requires=("entities",), provides=("events",))
    with pytest.raises(PipelineError, match="requires entities"):
        Pipeline(["sentences", needs])
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline(["sentences", "nonsense"])


def test_pipeline_records_a_failing_stage_as_an_outcome():
    def broken(doc: Document) -> Document:
        return doc.with_(sentences=(Span(0, 3, "xyz"),))  # wrong text on purpose

    outcome = Pipeline([Stage("broken", broken)]).process(Article(id="a", text="abcdef", source="s"))
    assert not outcome.ok and isinstance(outcome.error, SpanError)


def test_normalized_view_is_computed_once_per_text(seed_text):
    doc = Document(id="d", text=seed_text)
    view = doc.normalized
    assert doc.with_(meta={"x": 1}).normalized is view
    assert Document(id="d", text=seed_text + ".").normalized is not view

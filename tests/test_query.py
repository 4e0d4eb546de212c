"""khabar.query on both back ends, over the sample articles (extracted once per session). Expected answers are
computed from the extracted documents themselves, so the tests check the store and the queries, not how well
the extraction did."""
from __future__ import annotations

import pytest

from khabar import query as Q
from khabar.errors import NotFoundError, QueryError
from khabar.text.normalize import normalize_str

ISLAMABAD = ("اسلام آباد", "اسلام اباد", "إسلام آباد", "إسلام أباد")


def _entities(sample_outcomes) -> dict[str, dict]:
    out = {}
    for o in sample_outcomes.values():
        for e in o.document.entities:
            out.setdefault(e.id, {"name": e.name, "variants": set()})["variants"].update(m.text for m in e.mentions)
    return out


@pytest.mark.parametrize("spelling", ISLAMABAD)
def test_every_islamabad_spelling_finds_the_seed_with_matches_in_the_original(sample_store, samples, spelling):
    seed = samples[0]["text"]
    assert all(s in seed for s in ISLAMABAD)  # the seed writes the city four ways
    page = Q.search(sample_store, spelling)
    hit = next(i for i in page.items if i["id"] == "bagheri-pakistan")
    marks = [(h["start"], h["end"]) for s in hit["snippets"] for h in s["highlights"]]
    assert marks
    for a, b in marks:
        assert normalize_str(seed[a:b]) == "اسلام اباد"
    for s in hit["snippets"]:
        assert seed[s["start"]:s["end"]] == s["text"]


def test_search_folds_hamza_and_finds_every_article(sample_store, sample_outcomes):
    expected = {i for i, o in sample_outcomes.items() if "ايران" in o.document.normalized.text.split()
                or " إيران" in o.document.text}
    page = Q.search(sample_store, "ايران", limit=50)
    assert expected and expected <= {i["id"] for i in page.items}
    assert page.total == len(page.items)
    texts = {i: o.document.text for i, o in sample_outcomes.items()}
    for item in page.items:
        for s in item["snippets"]:
            for h in s["highlights"]:
                assert normalize_str(texts[item["id"]][h["start"]:h["end"]]) == "ايران"


def test_a_word_is_found_behind_its_proclitics(new_store, pipeline):
    from khabar.readers import Article
    from khabar.store.ingest import ingest

    text = "وصل الوفد الرسمي لباكستان صباح اليوم في زيارة تستمر يومين."
    list(ingest(new_store, [Article(id="clitic", text=text)], process=pipeline.process, version="t"))
    page = Q.search(new_store, "باكستان")
    assert [i["id"] for i in page.items] == ["clitic"]
    (h,) = page.items[0]["snippets"][0]["highlights"]
    assert text[h["start"]:h["end"]] == "باكستان"


HOSTILE = ['"', "*", "NEAR(", "') OR 1=1 --", 'ايران" OR "', "text:ايران", "ايران*", "^ايران", "(", "{x}",
           "AND", "OR NOT", "\\", "%", "_", "'; DROP TABLE documents; --", "a" * 2000, "ـــ", "\u200f", "",
           "NEAR(ايران باكستان, 2)", "ايران -باكستان", "\x00"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_query_strings_give_results_or_a_clear_error(sample_store, q):
    try:
        page = Q.search(sample_store, q)
    except QueryError as exc:
        assert "no words" in exc.message
        return
    assert page.total >= len(page.items)
    assert sample_store.counts()["documents"] == 11


def test_search_pages(sample_store):
    two = Q.search(sample_store, "باكستان", limit=2)
    second = Q.search(sample_store, "باكستان", limit=1, offset=1)
    assert two.total >= 2 and second.items[0]["id"] == two.items[1]["id"]
    with pytest.raises(QueryError):
        Q.search(sample_store, "باكستان", limit=0)


def _expected_events(sample_outcomes, role: str, entity_ids: set[str]) -> set[tuple[str, str]]:
    out = set()
    for doc_id, o in sample_outcomes.items():
        for v in o.document.events:
            ids = set(v.actors if role == "actor" else v.targets if role == "target" else [v.location])
            if ids & entity_ids:
                out.add((doc_id, v.id))
    return out


def test_events_by_actor_name_match_the_documents(sample_store, sample_outcomes):
    bagheri = {i for i, e in _entities(sample_outcomes).items() if e["name"] == "محمد باقري"}
    page = Q.events(sample_store, actor="باقري", limit=100)
    assert {e["id"] for e in page.matched["actor"]} == bagheri
    got = {(v["document_id"], v["id"]) for v in page.items}
    assert got == _expected_events(sample_outcomes, "actor", bagheri) and got
    assert page.total == len(got)
    dates = [v["date"] for v in page.items if v["date"]]
    assert dates == sorted(dates, reverse=True)


def test_events_by_target_and_location_use_containment(sample_store, sample_outcomes):
    ents = _entities(sample_outcomes)
    bajwa = {i for i, e in ents.items() if "باجوا" in normalize_str(e["name"])}
    page = Q.events(sample_store, target="باجوا")
    assert {(v["document_id"], v["id"]) for v in page.items} == _expected_events(sample_outcomes, "target", bajwa)
    islamabad = {i for i, e in ents.items() if normalize_str(e["name"]) == "اسلام اباد"}
    page = Q.events(sample_store, location="إسلام أباد")
    assert {(v["document_id"], v["id"]) for v in page.items} == \
        _expected_events(sample_outcomes, "location", islamabad)


def test_events_by_type_and_dates(sample_store, sample_outcomes):
    every = [(d, v) for d, o in sample_outcomes.items() for v in o.document.events]
    page = Q.events(sample_store, type="consult", limit=100)
    assert page.total == sum(1 for _, v in every if v.type.value == "CONSULT") > 0
    assert {v["type"] for v in page.items} == {"CONSULT"}
    page = Q.events(sample_store, since="2021-10-06", until="2023", limit=100)
    expected = {(d, v.id) for d, v in every if v.date and "2021-10-06" <= v.date <= "2023-12-31"}
    assert {(v["document_id"], v["id"]) for v in page.items} == expected and expected
    with pytest.raises(QueryError, match="not a date"):
        Q.events(sample_store, since="2021-13-01")
    with pytest.raises(QueryError, match="known types"):
        Q.events(sample_store, type="PARTY")


def test_an_unknown_name_matches_nothing(sample_store):
    page = Q.events(sample_store, actor="اسم لا يوجد")
    assert page.total == 0 and page.items == [] and page.matched == {"actor": []}


def test_event_items_carry_names_evidence_and_places(sample_store, sample_outcomes):
    page = Q.events(sample_store, location="إسلام آباد")
    v = page.items[0]
    doc = sample_outcomes[v["document_id"]].document
    assert doc.text[v["evidence"]["start"]:v["evidence"]["end"]] == v["evidence"]["text"]
    assert v["location"]["name"] and v["location"]["lat"] is not None
    assert all(a["name"] for a in v["actors"])
    assert len(v["evidence_all"]) >= 1


def test_quotes_by_speaker_and_channel(sample_store, sample_outcomes):
    quotes = [(d, q) for d, o in sample_outcomes.items() for q in o.document.quotes]
    ents = _entities(sample_outcomes)
    page = Q.quotes(sample_store, speaker="باقري", limit=100)
    ids = {e["id"] for e in page.matched["speaker"]}
    assert page.total == sum(1 for _, q in quotes if q.speaker in ids) > 0
    assert all(q["speaker"]["id"] in ids for q in page.items)
    with_channel = next(q for _, q in quotes if q.channel)
    name = ents[with_channel.channel]["name"]
    page = Q.quotes(sample_store, channel=name, limit=100)
    assert page.items and all(q["channel"]["name"] for q in page.items)
    assert with_channel.content.text in {q["content"]["text"] for q in page.items}


def test_entity_profile(sample_store):
    p = Q.entity_profile(sample_store, "باجوا")
    e = p["entity"]
    assert e["name"] == "قمر جاويد باجوا" and "باجوا" in e["variants"]
    assert e["documents"] == len(p["documents"]) >= 1
    assert any(c["name"] == "محمد باقري" for c in p["cooccurring"])
    for v in p["events"]["as_target"]:
        assert e["id"] in {t["id"] for t in v["targets"]}
    same = Q.entity_profile(sample_store, e["id"])
    assert same["entity"] == e
    with pytest.raises(NotFoundError):
        Q.entity_profile(sample_store, "لا أحد بهذا الاسم")


def test_a_shared_name_prefers_the_exact_match(sample_store):
    p = Q.entity_profile(sample_store, "باكستان")
    assert p["entity"]["name"] == "باكستان"  # not الجيش الباكستاني, which merely contains it


def test_export_rows(sample_store, sample_outcomes):
    rows = list(Q.export_rows(sample_store, "events"))
    assert len(rows) == sum(len(o.document.events) for o in sample_outcomes.values())
    assert all(tuple(r) == Q.EXPORT_COLUMNS["events"] for r in rows)
    named = [r for r in rows if r["actor_id"]]
    assert named and all(r["actor_name"] for r in named)
    for what in ("documents", "quotes", "entities"):
        assert all(tuple(r) == Q.EXPORT_COLUMNS[what] for r in Q.export_rows(sample_store, what))
    with pytest.raises(QueryError):
        list(Q.export_rows(sample_store, "tokens"))

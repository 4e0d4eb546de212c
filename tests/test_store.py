"""The store on both back ends (SQLite and PostgreSQL, by the ``backend`` fixture): idempotent ingest, re-extraction
on a new pipeline version, whole-article transactions, the document JSON round trip, merged entities, opening
errors."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest
from sqlalchemy import select, text

from khabar.errors import StoreConnectionError, StoreError, StoreNotFoundError, StoreSchemaError
from khabar.readers import Article
from khabar.store import open_store
from khabar.store import schema as S
from khabar.store.ingest import IngestSummary, ingest, pipeline_version


def run(store, articles, process, version="test") -> IngestSummary:
    summary = IngestSummary()
    for r in ingest(store, articles, process=process, version=version):
        summary.add(r)
    return summary


def test_ingest_twice_changes_nothing(new_store, sample_articles, cached_process):
    first = run(new_store, sample_articles, cached_process)
    assert first.counts["added"] == len(sample_articles) == 11
    counts = new_store.counts()
    assert counts["documents"] == 11 and counts["events"] > 20 and counts["mentions"] > 100
    calls = cached_process.calls
    again = run(new_store, sample_articles, cached_process)
    assert again.counts == {"added": 0, "skipped": 11, "re-extracted": 0, "updated": 0, "failed": 0}
    assert cached_process.calls == calls  # skipped articles are not even extracted
    assert new_store.counts() == counts


def test_same_text_under_another_id_is_skipped(new_store, sample_articles, cached_process):
    run(new_store, sample_articles[:1], cached_process)
    twin = dataclasses.replace(sample_articles[0], id="another-id")
    result = next(ingest(new_store, [twin], process=cached_process, version="test"))
    assert result.status == "skipped" and result.id == sample_articles[0].id
    assert new_store.counts()["documents"] == 1


def test_new_pipeline_version_reextracts_and_replaces(new_store, sample_articles, cached_process):
    run(new_store, sample_articles, cached_process, version="0.0.1+old")
    counts = new_store.counts()
    calls = cached_process.calls
    summary = run(new_store, sample_articles, cached_process, version="0.0.2+new")
    assert summary.counts["re-extracted"] == 11 and cached_process.calls == calls + 11
    assert new_store.counts() == counts  # replaced, not added beside the old rows
    with new_store.engine.connect() as conn:
        assert set(conn.execute(select(S.documents.c.version)).scalars()) == {"0.0.2+new"}


def test_pipeline_version_names_khabar_and_a_fingerprint():
    from khabar import __version__

    v = pipeline_version()
    assert v.startswith(__version__ + "+") and len(v.split("+")[1]) == 12
    assert v == pipeline_version()


def test_changed_text_under_the_same_id_replaces_every_child_row(new_store, sample_articles, cached_process,
                                                                 sample_outcomes):
    seed = sample_articles[0]
    run(new_store, [seed], cached_process)
    new_text = "التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان أمس."
    result = next(ingest(new_store, [dataclasses.replace(seed, text=new_text)], process=cached_process,
                         version="test"))
    assert result.status == "updated"
    stored = new_store.get_document(seed.id)
    assert stored["text"] == new_text
    seed_entities = {e.id for e in sample_outcomes[seed.id].document.entities}
    with new_store.engine.connect() as conn:
        mention_texts = set(conn.execute(select(S.mentions.c.text)).scalars())
        entity_ids = set(conn.execute(select(S.entities.c.id)).scalars())
    assert "باجوا" not in mention_texts and all(t in new_text for t in mention_texts)
    assert not (seed_entities - {e["id"] for e in stored["entities"]}) & entity_ids  # gone with the old text


def test_document_json_round_trips_exactly(new_store, sample_articles, cached_process, sample_outcomes):
    run(new_store, sample_articles, cached_process)
    for doc_id, outcome in sample_outcomes.items():
        stored = new_store.get_document(doc_id)
        assert stored == outcome.document.to_dict()
        assert json.dumps(stored, ensure_ascii=False) == outcome.document.to_json()  # key order too
        assert new_store.get_document(doc_id, layers=False) == outcome.document.to_dict(layers=False)
    assert new_store.get_document("no-such-id") is None
    assert [d["id"] for d in new_store.documents()] != []


def test_an_article_is_written_whole_or_not_at_all(new_store, sample_outcomes):
    doc = sample_outcomes["bagheri-pakistan"].document
    new_store.put(doc, "good")
    before = new_store.counts()
    broken = doc.with_(events=(doc.events[0], doc.events[0]))  # the same event id twice: the insert fails
    with pytest.raises(StoreError):
        new_store.put(broken, "bad")
    assert new_store.counts() == before
    assert new_store.get_document(doc.id) == doc.to_dict()
    fresh = doc.with_(id="fresh-id", events=(doc.events[0], doc.events[0]))
    with pytest.raises(StoreError):
        new_store.put(fresh, "bad")
    assert new_store.get_document("fresh-id") is None and new_store.counts() == before


def test_entities_are_merged_across_articles(new_store, sample_articles, cached_process, sample_outcomes):
    run(new_store, sample_articles, cached_process)
    per_doc = {}
    for outcome in sample_outcomes.values():
        for e in outcome.document.entities:
            per_doc.setdefault(e.id, []).append(e)
    with new_store.engine.connect() as conn:
        rows = {r["id"]: r for r in conn.execute(select(S.entities)).mappings()}
    assert set(rows) == set(per_doc)
    shared = max(per_doc, key=lambda i: len(per_doc[i]))
    assert len(per_doc[shared]) >= 3
    row = rows[shared]
    assert row["documents"] == len(per_doc[shared])
    assert row["mentions"] == sum(len(e.mentions) for e in per_doc[shared])
    assert set(json.loads(row["variants"])) >= {m.text for e in per_doc[shared] for m in e.mentions}
    islamabad = next(r for r in rows.values() if r["latin"] == "Islamabad")
    assert {"اسلام آباد", "اسلام اباد", "إسلام آباد", "إسلام أباد"} <= set(json.loads(islamabad["variants"]))
    assert islamabad["lat"] is not None


def test_deleting_an_article_updates_the_merged_entities(new_store, sample_articles, cached_process):
    run(new_store, sample_articles, cached_process)
    with new_store.engine.connect() as conn:
        pakistan = conn.execute(select(S.entities).where(S.entities.c.latin == "Pakistan")).mappings().one()
    assert new_store.delete("bagheri-pakistan")
    with new_store.engine.connect() as conn:
        after = conn.execute(select(S.entities).where(S.entities.c.id == pakistan["id"])).mappings().one()
        bajwa = conn.execute(select(S.entities).where(S.entities.c.name == "قمر جاويد باجوا")).first()
        orphans = conn.execute(select(S.mentions).where(S.mentions.c.document_id == "bagheri-pakistan")).first()
    assert after["documents"] == pakistan["documents"] - 1
    assert bajwa is None and orphans is None
    assert not new_store.delete("bagheri-pakistan")


def test_migrations_are_recorded_and_applied_once(backend, url_for):
    url = url_for(backend)
    with open_store(url) as store:
        assert store.schema_version() == S.LATEST
    with open_store(url) as store, store.engine.connect() as conn:
        rows = conn.execute(select(S.schema_migrations.c.version)).scalars().all()
    assert rows == [m.version for m in S.MIGRATIONS]


def test_a_newer_schema_is_refused(backend, url_for):
    url = url_for(backend)
    with open_store(url) as store, store.engine.begin() as conn:
        conn.execute(S.schema_migrations.insert().values(version=S.LATEST + 1, name="future", applied_at="-"))
    with pytest.raises(StoreSchemaError, match="newer"):
        open_store(url)
    with pytest.raises(StoreSchemaError, match="newer"):
        open_store(url, create=False)


def test_query_commands_need_an_existing_store(tmp_path, backend, url_for):
    with pytest.raises(StoreNotFoundError, match="khabar ingest"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    if backend == "postgres":
        with pytest.raises(StoreNotFoundError, match="khabar ingest"):
            open_store(url_for("postgres"), create=False)


def test_sqlite_file_settings_and_bad_locations(tmp_path):
    with open_store(tmp_path / "sub" / "k.db") as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(StoreConnectionError, match="folder"):
        open_store(tmp_path)
    with pytest.raises(StoreConnectionError, match="unsupported"):
        open_store("mysql://user@host/db")
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE documents (x)")
    con.close()
    with pytest.raises(StoreSchemaError, match="not a khabar store"):
        open_store(other)


def test_unreachable_postgres_is_a_clear_error(tmp_path):
    with pytest.raises(StoreConnectionError, match="cannot"):
        open_store(f"postgresql://nobody@/none?host={tmp_path}&port=1")


def test_failures_in_a_batch_are_reported_and_the_rest_stored(new_store, sample_articles, cached_process):
    from khabar.errors import EmptyInputError
    from khabar.readers import Failure

    items = [sample_articles[0], Failure("bad.txt", EmptyInputError("empty input", source="bad.txt")),
             sample_articles[1]]
    summary = run(new_store, items, cached_process)
    assert summary.counts["added"] == 2 and summary.counts["failed"] == 1
    assert summary.failures[0].source == "bad.txt" and summary.failures[0].error.code == "E101"
    assert new_store.counts()["documents"] == 2


def test_extraction_failure_is_reported(new_store):
    from khabar.errors import SpanError
    from khabar.pipeline import Outcome

    def failing(article):
        return Outcome(article.id, error=SpanError("broken span", source=article.id))

    result = next(ingest(new_store, [Article(id="x", text="نص")], process=failing, version="test"))
    assert result.status == "failed" and "broken span" in result.reason
    assert new_store.counts()["documents"] == 0

"""The store's tables (SQLAlchemy Core, one definition for SQLite and PostgreSQL) and its numbered migrations.

Tables are named for people who query them with plain SQL or Datasette: ``documents``, ``entities``, ``mentions``,
``events`` (+ ``event_arguments``, ``event_evidence``), ``quotes``, ``timexes``. ``documents.document`` holds the
full document JSON, so the store returns exactly what ``khabar extract`` prints. ``schema_migrations`` records the
steps applied; a step is never edited once released, only new ones appended.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("num", Integer, primary_key=True, autoincrement=True),  # the full-text index's row id
    Column("id", String, nullable=False, unique=True),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("title", Text),
    Column("source", Text),
    Column("published", String(10), index=True),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False),  # normalized title + text + clitic-free stems, for full-text search
    Column("version", String, nullable=False),  # khabar version + pipeline fingerprint that extracted it
    Column("ingested_at", String, nullable=False),
    Column("document", Text, nullable=False),  # Document.to_dict() as JSON, key order kept
)

# One row per entity per document: what each article says about it (the merged ``entities`` row is recomputed
# from these whenever an article comes or goes).
document_entities = Table(
    "document_entities", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String, primary_key=True, index=True),
    Column("type", String(4), nullable=False),
    Column("name", Text, nullable=False),
    Column("latin", Text),
    Column("kb", Text),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("titles", Text, nullable=False),  # JSON array
    Column("roles", Text, nullable=False),  # JSON array
)

entities = Table(
    "entities", metadata,
    Column("id", String, primary_key=True),
    Column("type", String(4), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("name_norm", Text, nullable=False, index=True),
    Column("latin", Text),
    Column("kb", Text),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("titles", Text, nullable=False),  # JSON arrays, aggregated over articles
    Column("roles", Text, nullable=False),
    Column("variants", Text, nullable=False),  # every spelling seen in a mention
    Column("variants_norm", Text, nullable=False),  # |normalized|variants| for containment matching
    Column("documents", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("num", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String, nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String),
)

events = Table(
    "events", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String, primary_key=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String),
    Column("cameo", String(8)),
    Column("contexts", Text, nullable=False),  # JSON array
    Column("actor_id", String, index=True),  # the first actor / target, for simple SQL; all of them in
    Column("target_id", String, index=True),  # event_arguments
    Column("location_id", String, index=True),
    Column("date", String(10), index=True),
    Column("timex_id", String),
    Column("negated", Boolean, nullable=False),
    Column("confidence", Float),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
)

event_arguments = Table(
    "event_arguments", metadata,
    Column("document_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("role", String(8), primary_key=True),  # actor | target
    Column("n", Integer, primary_key=True),
    Column("entity_id", String, nullable=False, index=True),
    ForeignKeyConstraint(["document_id", "event_id"], ["events.document_id", "events.id"], ondelete="CASCADE"),
)

event_evidence = Table(
    "event_evidence", metadata,
    Column("document_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("date", String(10)),
    ForeignKeyConstraint(["document_id", "event_id"], ["events.document_id", "events.id"], ondelete="CASCADE"),
)

quotes = Table(
    "quotes", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("id", String),
    Column("speaker_id", String, index=True),
    Column("channel_id", String, index=True),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("cue_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
)

timexes = Table(
    "timexes", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(10)),
    Column("part", String),
)

Index("ix_event_arguments_event", event_arguments.c.document_id, event_arguments.c.event_id)

# -- near-duplicates (migration 2): stories of republished articles, canonical events -----------------------------

# One row per signed article: its MinHash signature (kept, so regrouping never re-reads the texts), its story.
story_documents = Table(
    "story_documents", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String, nullable=False, index=True),  # the id of the story's earliest article
    Column("kind", String(12), nullable=False),  # first | exact | edited | truncated | related
    Column("similarity", Float),  # to the story's first article (Jaccard, or containment for truncated)
    Column("shingles", Integer, nullable=False),
    Column("minhash", LargeBinary, nullable=False),  # 128 little-endian uint32
    Column("repeated_paragraphs", Text),  # JSON [[start, end], ...] of paragraphs repeating an earlier one
)

stories = Table(
    "stories", metadata,
    Column("id", String, primary_key=True),
    Column("title", Text),
    Column("first_published", String(10)),
    Column("documents", Integer, nullable=False),
    Column("sources", Integer, nullable=False),  # distinct outlets
)

canonical_events = Table(
    "canonical_events", metadata,
    Column("id", String, primary_key=True),
    Column("story_id", String, nullable=False, index=True),
    Column("type", String(16), nullable=False, index=True),
    Column("date", String(10), index=True),
    Column("negated", Boolean, nullable=False),
    Column("actor_ids", Text, nullable=False),  # JSON arrays, sorted
    Column("target_ids", Text, nullable=False),
    Column("document_id", String, nullable=False),  # the representative: the event in the earliest article
    Column("event_id", String, nullable=False),
    Column("documents", Integer, nullable=False),  # articles reporting it
    Column("sources", Integer, nullable=False),  # distinct outlets reporting it: the analysts' confidence
)
Index("ix_canonical_events_rep", canonical_events.c.document_id, canonical_events.c.event_id)

canonical_event_members = Table(
    "canonical_event_members", metadata,
    Column("canonical_id", String, primary_key=True),
    Column("document_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
)
Index("ix_canonical_event_members_event", canonical_event_members.c.document_id, canonical_event_members.c.event_id)

# -- live ingestion (migration 3): feeds and pages followed, and every fetch --------------------------------------

# One row per source followed (a feed, a sitemap, or a page fetched on its own), with its conditional-GET validators
# and the last outcome: what `khabar sources` lists.
sources = Table(
    "sources", metadata,
    Column("id", String, primary_key=True),  # the canonical URL
    Column("url", Text, nullable=False),  # as given
    Column("name", Text),
    Column("language", String(16)),
    Column("kind", String(12), nullable=False),  # feed | sitemap | page
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched", String),
    Column("last_success", String),
    Column("last_failure", String),
    Column("last_failure_code", String(8)),
    Column("last_failure_reason", Text),
    Column("articles", Integer, nullable=False, default=0),  # articles stored from it
    Column("added_at", String, nullable=False),
)

# One row per article URL seen (canonical form): whether it is done, what it became, its validators.
pages = Table(
    "pages", metadata,
    Column("url", String, primary_key=True),  # canonical
    Column("source_id", String, index=True),
    Column("final_url", Text),  # after redirects
    Column("status", String(16), nullable=False),  # stored | duplicate | disallowed | failed | gave-up
    Column("document_id", String, index=True),  # the stored article (for a duplicate: the one it repeats)
    Column("story_id", String),  # near-duplicate story (khabar dedup) it belongs to
    Column("attempts", Integer, nullable=False, default=0),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("text_hash", String(64)),
    Column("published", String(10)),
    Column("date_source", String(12)),  # metadata | dateline | feed | fetched
    Column("first_seen", String, nullable=False),
    Column("last_fetched", String),
)

# One row per HTTP fetch khabar made or decided not to make (robots.txt), with its outcome.
fetches = Table(
    "fetches", metadata,
    Column("num", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String, index=True),
    Column("url", Text, nullable=False),
    Column("kind", String(12), nullable=False),  # feed | page | robots
    Column("at", String, nullable=False),
    Column("outcome", String(16), nullable=False),  # see khabar.live.store.OUTCOMES
    Column("status", Integer),  # HTTP status, when there was a response
    Column("code", String(8)),  # khabar error code of a failure
    Column("reason", Text),
    Column("seconds", Float),
    Column("bytes", Integer),
    Column("document_id", String),
)

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

# Child tables of a document, children before parents (the order deletes go in).
# entities whose merged row waits for a batch ingest's next merge (written with the articles that touched them, so
# a killed ingest leaves the queue, and the next one merges it first)
entity_queue = Table(
    "entity_queue", metadata,
    Column("entity_id", String, primary_key=True),
)

CHILD_TABLES = (event_arguments, event_evidence, events, quotes, timexes, mentions, document_entities)


# -- migrations ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


V1_TABLES = (documents, document_entities, entities, mentions, events, event_arguments, event_evidence, quotes,
             timexes)
V2_TABLES = (story_documents, stories, canonical_events, canonical_event_members)
V3_TABLES = (sources, pages, fetches)
V4_TABLES = (entity_queue,)


def _m1_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(V1_TABLES))
    if conn.dialect.name == "sqlite":
        # external-content FTS5 over documents.search_text, kept in step by triggers
        conn.execute(text("CREATE VIRTUAL TABLE documents_fts USING fts5(search_text, content='documents', "
                          "content_rowid='num', tokenize='unicode61 remove_diacritics 0')"))
        conn.execute(text("CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
                          "INSERT INTO documents_fts(rowid, search_text) VALUES (new.num, new.search_text); END"))
        conn.execute(text("CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
                          "INSERT INTO documents_fts(documents_fts, rowid, search_text) "
                          "VALUES ('delete', old.num, old.search_text); END"))
    else:
        conn.execute(text("CREATE INDEX documents_search_idx ON documents "
                          "USING gin (to_tsvector('simple', search_text))"))


def _m2_stories(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(V2_TABLES))


def _m3_live(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(V3_TABLES))


def _m4_entity_queue(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(V4_TABLES))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, entities, mentions, events, quotes, timexes; full-text index", _m1_tables),
    Migration(2, "near-duplicates: story_documents (MinHash), stories, canonical_events (+ members)", _m2_stories),
    Migration(3, "live ingestion: sources, pages, fetches", _m3_live),
    Migration(4, "entity_queue: merges deferred by batch ingests", _m4_entity_queue),
)
LATEST = MIGRATIONS[-1].version

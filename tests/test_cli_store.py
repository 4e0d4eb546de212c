"""The store's commands through click's CliRunner: ingest (with a bad file in the batch), the query commands in
table and JSON form, usage errors, a missing store, and exports that parse back."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.demo import sample_file
from khabar.schema import validate_document


def run(*args: str, **kw):
    result = CliRunner().invoke(main, list(args), catch_exceptions=True, **kw)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The samples ingested once through the command, with a bad file in the batch."""
    folder = tmp_path_factory.mktemp("ingest")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"%PDF-1.4 \x00\x01")
    path = str(folder / "khabar.db")
    result = run("ingest", str(sample_file()), str(folder / "empty.txt"), str(folder / "binary.txt"), "--db", path)
    assert result.exit_code == 1, result.output
    assert "11 added, 0 skipped, 0 re-extracted, 0 updated, 2 failed" in result.stdout
    assert "empty.txt" in result.stderr and "[E101]" in result.stderr and "[E102]" in result.stderr
    return path


def test_ingest_again_skips_everything(db):
    result = run("ingest", str(sample_file()), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["skipped"] == 11 and summary["added"] == 0 and summary["failures"] == []


def test_search_table_marks_matches_and_json_gives_offsets(db):
    table = run("search", "اسلام اباد", "--db", db)
    assert table.exit_code == 0 and "bagheri-pakistan" in table.stdout and "«" in table.stdout
    out = json.loads(run("search", "إسلام أباد", "--db", db, "--format", "json").stdout)
    hit = next(i for i in out["items"] if i["id"] == "bagheri-pakistan")
    assert hit["snippets"][0]["highlights"][0]["end"] > hit["snippets"][0]["highlights"][0]["start"]


@pytest.mark.parametrize("q", ['"', "NEAR(", "') OR 1=1 --", "*"])
def test_hostile_search_never_tracebacks(db, q):
    result = run("search", q, "--db", db)
    assert result.exit_code in (0, 1)
    if result.exit_code:
        assert "no words to search for" in result.stderr and "Traceback" not in result.output


def test_events_quotes_entity_commands(db):
    out = json.loads(run("events", "--actor", "باقري", "--db", db, "--format", "json").stdout)
    assert out["total"] >= 1 and all(any(a["name"] == "محمد باقري" for a in v["actors"]) for v in out["items"])
    table = run("events", "--type", "consult", "--since", "2021", "--until", "2021-10", "--db", db)
    assert table.exit_code == 0 and "CONSULT" in table.stdout
    out = json.loads(run("quotes", "--speaker", "باقري", "--limit", "2", "--db", db, "--format", "json").stdout)
    assert len(out["items"]) == 2 and out["total"] > 2
    assert "--offset 2" in run("quotes", "--speaker", "باقري", "--limit", "2", "--db", db).stdout
    table = run("entity", "باجوا", "--db", db)
    assert table.exit_code == 0 and "قمر جاويد باجوا" in table.stdout and "Qamar Javed Bajwa" in table.stdout
    missing = run("entity", "لا أحد", "--db", db)
    assert missing.exit_code == 1 and "[E506]" in missing.stderr


@pytest.mark.parametrize("args", [("events", "--since", "2021-13-01"), ("events", "--until", "yesterday"),
                                  ("events", "--type", "PARTY"), ("search", "x", "--limit", "0")])
def test_bad_options_are_usage_errors(db, args):
    result = run(*args, "--db", db)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_query_without_a_store_says_to_ingest(tmp_path):
    for args in (("search", "ايران"), ("events",), ("quotes",), ("entity", "x"), ("export",)):
        result = run(*args, "--db", str(tmp_path / "none.db"))
        assert result.exit_code == 1 and "khabar ingest" in result.stderr, args
    assert not (tmp_path / "none.db").exists()


def test_exports_parse_back(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    events = json.loads(run("events", "--db", db, "--format", "json", "--limit", "1000").stdout)["total"]
    run("export", "--format", "csv", "-o", str(tmp_path / "e.csv"), "--db", db)
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == events and rows[0]["event_type"] and "evidence_text" in rows[0]
    result = run("export", "--format", "jsonl", "--what", "quotes", "--db", db)
    quotes = [json.loads(line) for line in result.stdout.splitlines()]
    assert quotes and all("content_text" in q for q in quotes)
    run("export", "--format", "parquet", "--what", "entities", "-o", str(tmp_path / "x.parquet"), "--db", db)
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.num_rows > 50 and "variants" in table.column_names
    docs = run("export", "--what", "documents", "--db", db).stdout.splitlines()
    assert len(docs) == 11
    for line in docs:
        validate_document(json.loads(line))
    assert run("export", "--format", "parquet", "--db", db).exit_code == 2  # needs -o


def test_parquet_without_pyarrow_is_a_clear_error(db, tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pyarrow(name, *a, **kw):
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    result = run("export", "--format", "parquet", "-o", str(tmp_path / "x.parquet"), "--db", db)
    assert result.exit_code == 1 and "khabar[parquet]" in result.stderr and "[E505]" in result.stderr


def test_ingest_and_search_on_postgres(pg_database):
    url = pg_database()
    seed = sample_file().read_text(encoding="utf-8").splitlines()[0]
    result = run("ingest", "-", "--db", url, input=seed + "\n")
    assert result.exit_code == 0 and "1 added" in result.stdout, result.output
    out = json.loads(run("search", "ايران", "--db", url, "--format", "json").stdout)
    assert [i["id"] for i in out["items"]] == ["bagheri-pakistan"]

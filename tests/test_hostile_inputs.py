"""A corpus of bad files and batches (issue 8): empty, binary, truncated UTF-8, windows-1256, UTF-16, HTML with and
without text, JSON Lines with broken lines, duplicate ids and a line in another encoding. `khabar ingest` and
`khabar extract` complete; every bad item is reported with its reason, in the summary and the failures file; every
good item is stored, with exactly the expected ids."""
from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.store import open_store

MAX_CHARS = 6000  # --max-chars, so that one record is "too large" without writing megabytes


def html_page(title: str, body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>{paras}</article></body></html>')


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory, samples):
    """(folder, expectations): each file or line with the status or error code it must end with."""
    root = tmp_path_factory.mktemp("hostile")
    s = [r["text"] for r in samples]
    rng = random.Random(8)
    files: dict[str, tuple[bytes, str]] = {
        "a-utf8.txt": (s[1].encode("utf-8"), "added"),
        "b-cp1256.txt": (s[2].encode("cp1256"), "added"),
        "c-utf16-bom.txt": (codecs.BOM_UTF16_LE + s[3].encode("utf-16-le"), "added"),
        "d-utf16-nobom.txt": (s[4].encode("utf-16-le"), "added"),
        "e-page.html": (html_page("عنوان", s[5]).encode("utf-8"), "added"),
        "f-truncated.txt": ((s[6] + "ي").encode("utf-8")[:-1], "added"),  # cut inside a character: one U+FFFD
        "g-empty.txt": (b"", "E101"),
        "h-blank.txt": (b" \n\t\r\n ", "E101"),
        "i-binary.txt": (bytes(rng.randrange(256) for _ in range(4000)) + b"\x00" * 16, "E102"),
        "j-scan.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "E102"),
        "k-script-only.html": (b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><script>var x = 1;"
                               b"</script></body></html>", "E106"),
        "l-image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), "E102"),
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    lines: list[tuple[bytes | None, str]] = [
        (json.dumps({"id": "j1", "text": s[7]}, ensure_ascii=False).encode(), "added"),
        (b'{"id": "j2", "text": "\xd9\x82\xd8\xa7\xd9\x84', "E105"),  # broken JSON
        (b"[1, 2]", "E105"),  # not an object
        (json.dumps({"id": "j3", "text": 5}).encode(), "E105"),
        (json.dumps({"id": "j4", "text": s[8], "published": "2021-02-30"}).encode(), "E107"),
        (json.dumps({"id": "j1", "text": s[7]}, ensure_ascii=False).encode(), "skipped"),  # duplicate: same text
        (json.dumps({"id": "j5", "text": s[9]}, ensure_ascii=False).encode(), "added"),
        (json.dumps({"id": "j5", "text": s[9] + "\nوأضاف المصدر."}, ensure_ascii=False).encode(), "updated"),
        (json.dumps({"id": "j6", "text": "  \n "}).encode(), "E101"),
        (None, "blank"),  # a blank line is no record
        (json.dumps({"id": "j7", "text": "قال \ud800 " + s[10]}).encode(), "added"),  # a lone surrogate
        (json.dumps({"id": "j8", "text": "خبر " * (MAX_CHARS // 4 + 10)}).encode(), "E104"),
        (json.dumps({"id": {"a": 1}, "text": s[1]}).encode(), "E105"),
        (json.dumps({"id": "j9", "text": s[0]}, ensure_ascii=False).encode("cp1256"), "added"),  # another encoding
        (json.dumps({"id": "j10", "text": s[2] + " "}, ensure_ascii=False).encode()[:40], "E105"),  # truncated end
    ]
    feed = root / "m-feed.jsonl"
    feed.write_bytes(b"\n".join(b"" if data is None else data for data, _ in lines))
    expect: dict[str, str] = {str(root / n): want for n, (_, want) in files.items()}
    for n, (_, want) in enumerate(lines, 1):
        if want != "blank":
            expect[f"{feed}:{n}"] = want
    return root, expect


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def expected_ids(expect: dict[str, str], corpus: Path) -> set[str]:
    """Ids of the articles that must be stored: JSONL ids, and the text hash of the good files."""
    from khabar.readers import read_inputs

    ids = set()
    for item in read_inputs([corpus], max_chars=MAX_CHARS):
        want = expect.get(getattr(item, "source", None) or "")
        if want in ("added", "updated"):
            ids.add(item.id)
    return ids


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_reports_every_bad_item_and_stores_every_good_one(hostile_corpus, tmp_path, workers):
    corpus, expect = hostile_corpus
    db, failures = str(tmp_path / "k.db"), tmp_path / "failures.jsonl"
    result = run("ingest", str(corpus), "--db", db, "--workers", workers, "--max-chars", str(MAX_CHARS),
                 "--failures", str(failures), "--format", "json")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    summary = json.loads(result.stdout)
    bad = {src: code for src, code in expect.items() if code.startswith("E")}
    want = {k: sum(1 for v in expect.values() if v == k) for k in ("added", "skipped", "updated")}
    assert {k: summary[k] for k in want} == want and summary["failed"] == len(bad) == 14
    assert {f["source"]: f["code"] for f in summary["failures"]} == bad
    assert all(f["reason"] for f in summary["failures"])
    written = [json.loads(line) for line in failures.read_text("utf-8").splitlines()]
    assert {f["source"]: f["code"] for f in written} == bad and all(f["reason"] for f in written)
    errors = [line for line in result.stderr.splitlines() if line.startswith("khabar: error: ")]
    assert len(errors) == len(bad)
    store = open_store(db, create=False)
    try:
        stored = {d["id"]: d for d in store.documents(layers=False)}
        assert set(stored) == expected_ids(expect, corpus)
        assert stored["j5"]["text"].endswith("وأضاف المصدر.")  # the later text of a duplicate id wins
        assert "\ufffd" in stored["j7"]["text"] and "\ud800" not in stored["j7"]["text"]
        by_source = {d["source"]: d for d in stored.values()}
        texts = {d["text"] for d in stored.values()}
        from conftest import sample_file

        originals = [json.loads(line)["text"] for line in sample_file().read_text("utf-8").splitlines()]
        for i in (0, 1, 2, 3, 4):  # decoded exactly, whatever the encoding (j9 is the windows-1256 line)
            assert originals[i] in texts, i
        assert by_source[str(corpus / "f-truncated.txt")]["text"] == originals[6] + "\ufffd"
    finally:
        store.close()
    again = run("ingest", str(corpus), "--db", db, "--workers", workers, "--max-chars", str(MAX_CHARS),
                "--format", "json")
    s2 = json.loads(again.stdout)
    # a rerun stores nothing new; j5's two texts take turns (the same id with another text is an update)
    assert (s2["added"], s2["skipped"], s2["updated"], s2["failed"]) == (0, 10, 2, len(bad))


def test_extract_reports_every_bad_item_and_prints_every_good_one(hostile_corpus, tmp_path):
    corpus, expect = hostile_corpus
    out, failures = tmp_path / "docs.jsonl", tmp_path / "failures.jsonl"
    result = run("extract", str(corpus), "--format", "jsonl", "--no-layers", "--max-chars", str(MAX_CHARS),
                 "-o", str(out), "--failures", str(failures))
    assert result.exit_code == 1
    bad = {src: code for src, code in expect.items() if code.startswith("E")}
    written = [json.loads(line) for line in failures.read_text("utf-8").splitlines()]
    assert {f["source"]: f["code"] for f in written} == bad and all(f["reason"] for f in written)
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(docs) == len(expect) - len(bad)  # extract stores nothing: duplicates are printed too
    assert f"{len(docs)} extracted, {len(bad)} failed" in result.stderr
    from khabar.schema import validate_document

    for d in docs:
        validate_document(d)

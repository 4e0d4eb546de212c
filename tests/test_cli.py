"""The ``khabar`` command line: extract, validate and demo, through click's CliRunner and once through the real
console script. Every input file is written to tmp_path."""
from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.schema import validate_document

ROOT = Path(__file__).resolve().parent.parent
PARAS = ("أعلنت وزارة الخارجية اليوم أن الوزير سيزور العاصمة الأسبوع المقبل، لبحث العلاقات الثنائية والتعاون في "
         "مجالات الطاقة والتجارة والاستثمار بين البلدين الشقيقين.",
         "وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الزيارة تأتي في إطار تعزيز العلاقات بين البلدين، مضيفا أن "
         "الجانبين سيوقعان عددا من الاتفاقيات في مجالات مختلفة.")
PAGE = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الوزير يزور العاصمة</title>
<meta name="date" content="2024-03-05"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/sport">رياضة القائمة</a></nav>
<article><h1>الوزير يزور العاصمة</h1><p>{PARAS[0]}</p><p>{PARAS[1]}</p></article>
<footer>جميع الحقوق محفوظة لموقع الأخبار</footer></body></html>"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, **kw):
    result = runner.invoke(main, list(args), catch_exceptions=True, **kw)
    # an unexpected exception (not sys.exit / click's own exits) is a bug, whatever the exit code says
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def check_spans(doc: dict) -> None:
    text = doc["text"]
    n = 0
    for s in doc.get("sentences", []):
        assert text[s["start"]:s["end"]] == s["text"], s
        n += 1
    for t in doc.get("tokens", []):
        assert text[t["start"]:t["end"]] == t["text"], t
        n += 1
        for g in t.get("segments", []):
            assert text[g["start"]:g["end"]] == g["text"], g
            assert t["start"] <= g["start"] <= g["end"] <= t["end"], (t, g)
            n += 1
    assert n > 0


def write_texts(tmp_path: Path, samples: list[dict], count: int) -> list[tuple[Path, str]]:
    out = []
    for i, rec in enumerate(samples[1:count + 1]):
        path = tmp_path / f"article-{i}.txt"
        path.write_text(rec["text"], encoding="utf-8")
        out.append((path, rec["text"]))
    return out


# -- extract --------------------------------------------------------------------------------------------------

def test_extract_seed_article(tmp_path, runner, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    result = run(runner, "extract", str(seed), "--published", "2021-10-07")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)  # exactly one JSON value
    assert isinstance(doc, dict)
    validate_document(doc)
    assert doc["text"] == seed_text
    assert doc["published"] == "2021-10-07"
    assert doc["source"] == str(seed)
    assert doc["sentences"] and doc["tokens"]
    assert any(t.get("segments") for t in doc["tokens"])
    check_spans(doc)
    assert doc["meta"]["encoding"] == "utf-8"
    assert doc["meta"]["khabar"]["stages"] == ["sentences", "tokens", "entities", "datelines", "resolve",
                                                  "timexes", "quotes", "events", "parties"]
    assert {e["type"] for e in doc["entities"]} >= {"PER", "LOC"}


def test_extract_formats(tmp_path, runner, samples):
    files = write_texts(tmp_path, samples, 3)
    paths = [str(p) for p, _ in files]
    texts = [t for _, t in files]

    jsonl = run(runner, "extract", *paths, "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.stderr
    lines = jsonl.stdout.splitlines()
    assert len(lines) == 3
    docs = [json.loads(line) for line in lines]
    assert [d["text"] for d in docs] == texts
    assert [d["source"] for d in docs] == paths
    for d in docs:
        validate_document(d)

    arr = run(runner, "extract", *paths, "--format", "json")
    assert arr.exit_code == 0, arr.stderr
    value = json.loads(arr.stdout)
    assert isinstance(value, list) and [d["text"] for d in value] == texts
    assert value == docs

    auto_many = run(runner, "extract", *paths)
    assert auto_many.exit_code == 0
    assert [json.loads(line) for line in auto_many.stdout.splitlines()] == docs

    auto_one = run(runner, "extract", paths[0])
    assert auto_one.exit_code == 0
    one = json.loads(auto_one.stdout)
    assert isinstance(one, dict) and one == docs[0]

    json_one = run(runner, "extract", paths[0], "--format", "json")
    assert json.loads(json_one.stdout) == docs[0]


def test_extract_no_layers(tmp_path, runner, samples):
    (path, text), = write_texts(tmp_path, samples, 1)
    result = run(runner, "extract", str(path), "--no-layers", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "sentences" not in doc and "tokens" not in doc
    assert doc["text"] == text
    validate_document(doc)


def test_extract_to_output_file(tmp_path, runner, samples):
    files = write_texts(tmp_path, samples, 2)
    out = tmp_path / "out" / "docs.jsonl"
    out.parent.mkdir()
    result = run(runner, "extract", *(str(p) for p, _ in files), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["text"] for d in docs] == [t for _, t in files]


def test_extract_bad_inputs_among_good_ones(tmp_path, runner, samples):
    texts = [rec["text"] for rec in samples[1:5]]
    good = {
        tmp_path / "plain.txt": (texts[0].encode("utf-8"), texts[0]),
        tmp_path / "arabic-cp1256.txt": (texts[1].encode("cp1256"), texts[1]),
        tmp_path / "utf16.txt": (codecs.BOM_UTF16_LE + texts[2].encode("utf-16-le"), texts[2]),
        tmp_path / "page.html": (PAGE.encode("utf-8"), None),
    }
    rng = random.Random(7)
    bad = {
        tmp_path / "empty.txt": (b"", "E101"),
        tmp_path / "blank.txt": (b"  \n\n\t ", "E101"),
        tmp_path / "random.bin": (b"\x01" + bytes(rng.randrange(256) for _ in range(3000)) + b"\x00" * 8, "E102"),
        tmp_path / "scan.pdf": (b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n", "E102"),
        tmp_path / "huge.txt": (b"x" * 10_500_000, "E104"),
        tmp_path / "missing.txt": (None, "E100"),
    }
    for path, (data, _) in {**good, **bad}.items():
        if data is not None:
            path.write_bytes(data)
    order = [tmp_path / n for n in ("empty.txt", "plain.txt", "random.bin", "arabic-cp1256.txt", "huge.txt",
                                    "utf16.txt", "scan.pdf", "page.html", "blank.txt", "missing.txt")]
    result = run(runner, "extract", *map(str, order), "--format", "jsonl")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr

    err_lines = result.stderr.splitlines()
    assert len(err_lines) == len(bad), result.stderr
    assert all(line.startswith("khabar: error: ") for line in err_lines)
    for path, (_, code) in bad.items():
        mine = [line for line in err_lines if f" {path}: " in line]
        assert len(mine) == 1, (path, err_lines)
        assert mine[0].startswith(f"khabar: error: {path}: ")
        assert mine[0].endswith(f"[{code}]"), mine[0]

    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(p) for p in order if p in good]
    for d in docs:
        validate_document(d)
        check_spans(d)
        expected = good[Path(d["source"])][1]
        if expected is not None:
            assert d["text"] == expected
    html_doc = docs[-1]
    assert PARAS[0] in html_doc["text"] and "رياضة القائمة" not in html_doc["text"]
    assert html_doc["published"] == "2024-03-05"


def test_extract_bad_jsonl_lines_name_file_and_line(tmp_path, runner):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"id": "ok1", "text": PARAS[0]}, ensure_ascii=False),
                               '{"id": "broken"',
                               json.dumps({"id": "bad-date", "text": PARAS[1], "published": "2024-02-31"}),
                               json.dumps({"id": "ok2", "text": PARAS[1]}, ensure_ascii=False)]),
                    encoding="utf-8")
    result = run(runner, "extract", str(path))
    assert result.exit_code == 1
    err_lines = result.stderr.splitlines()
    assert len(err_lines) == 2
    assert err_lines[0].startswith(f"khabar: error: {path}:2: ") and err_lines[0].endswith("[E105]")
    assert err_lines[1].startswith(f"khabar: error: {path}:3: ") and err_lines[1].endswith("[E107]")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["ok1", "ok2"]


def test_extract_stdin(runner, samples):
    text = samples[1]["text"]
    for args in (["extract", "-"], ["extract"]):
        result = run(runner, *args, "--published", "2024-03-20", input=text.encode("utf-8"))
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        validate_document(doc)
        assert doc["text"] == text
        assert doc["source"] == "<stdin>"
        assert doc["published"] == "2024-03-20"
        check_spans(doc)


@pytest.mark.parametrize("bad", ["2021-13-07", "2021-02-30", "yesterday", "07/10/2021"])
def test_extract_bad_published_is_a_usage_error(tmp_path, runner, bad):
    path = tmp_path / "a.txt"
    path.write_text(PARAS[0], encoding="utf-8")
    result = run(runner, "extract", str(path), "--published", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--published" in result.stderr
    assert bad in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_max_chars_option(tmp_path, runner):
    path = tmp_path / "a.txt"
    path.write_text(PARAS[0], encoding="utf-8")
    result = run(runner, "extract", str(path), "--max-chars", "20")
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"khabar: error: {path}: ") and line.endswith("[E104]")
    assert run(runner, "extract", str(path), "--max-chars", "0").exit_code == 2


# -- validate -------------------------------------------------------------------------------------------------

def _extract_to(runner, src: Path, out: Path, *extra: str) -> dict:
    result = run(runner, "extract", str(src), "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_validate_good_and_tampered(tmp_path, runner, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    good = tmp_path / "seed.json"
    doc = _extract_to(runner, seed, good)

    ok = run(runner, "validate", str(good))
    assert ok.exit_code == 0, ok.stderr
    assert "1 of 1 documents valid" in ok.stderr

    i = next(k for k, t in enumerate(doc["tokens"]) if k > 5 and len(t["text"]) > 2)
    tampered = json.loads(json.dumps(doc))
    tampered["tokens"][i]["text"] = tampered["tokens"][i]["text"][::-1] + "x"
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    result = run(runner, "validate", str(bad))
    assert result.exit_code == 1
    err = [line for line in result.stderr.splitlines() if line.startswith("khabar: error: ")]
    assert len(err) == 1
    assert str(bad) in err[0]
    assert f"tokens[{i}]" in err[0]
    assert "E201" in err[0]
    assert "0 of 1 documents valid" in result.stderr

    # JSON Lines with one good and one tampered document (a sentence shifted by one)
    shifted = json.loads(json.dumps(doc))
    shifted["sentences"][2]["start"] += 1
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps(doc, ensure_ascii=False) + "\n" + json.dumps(shifted, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    result = run(runner, "validate", str(mixed), str(good))
    assert result.exit_code == 1
    assert "sentences[2]" in result.stderr
    assert "2 of 3 documents valid" in result.stderr


def test_validate_schema_violation_and_non_json(tmp_path, runner):
    doc = {"id": "d", "text": "نص", "entities": [], "events": [], "quotes": []}  # no timexes
    p = tmp_path / "noschema.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run(runner, "validate", str(p))
    assert result.exit_code == 1
    assert "timexes" in result.stderr and "E202" in result.stderr
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not json at all\n", encoding="utf-8")
    result = run(runner, "validate", str(junk))
    assert result.exit_code == 1
    assert f"{junk}:1" in result.stderr


# -- demo -----------------------------------------------------------------------------------------------------

def test_demo(tmp_path, runner, samples):
    out = tmp_path / "demo-out"
    result = run(runner, "demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "bagheri-pakistan" in result.stdout
    assert f"{len(samples)} sample articles" in result.stdout
    assert result.stdout.rstrip().endswith(f"khabar serve --db {out / 'khabar.db'}")  # the last line: the web page
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(samples)
    docs = [json.loads(line) for line in lines]
    assert [d["id"] for d in docs] == [s["id"] for s in samples]
    for d, s in zip(docs, samples, strict=True):
        validate_document(d)
        assert d["text"] == s["text"]
        assert d["published"] == s.get("published")
        assert d["sentences"] and d["tokens"]


# -- the real console script ----------------------------------------------------------------------------------

def _console_script() -> Path:
    for candidate in (Path(sys.executable).with_name("khabar"), ROOT / ".venv" / "bin" / "khabar"):
        if candidate.exists():
            return candidate
    pytest.skip("the khabar console script is not installed")


def test_console_script_end_to_end(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PARAS[0] + "\n" + PARAS[1], encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([str(_console_script()), "extract", str(good), str(empty), "--format", "jsonl",
                           "--published", "2024-03-05"], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    (line,) = stdout.splitlines()
    doc = json.loads(line)
    validate_document(doc)
    assert doc["text"] == PARAS[0] + "\n" + PARAS[1]
    assert doc["published"] == "2024-03-05"
    (err,) = stderr.splitlines()
    assert err.startswith(f"khabar: error: {empty}: ") and err.endswith("[E101]")


def test_console_script_output_is_utf8_json_whatever_the_locale_encoding(tmp_path):
    """JSON is exchanged as UTF-8 (RFC 8259). Where stdout's encoding is not UTF-8 (a Windows pipe or redirect uses
    the ANSI code page; simulated here with PYTHONIOENCODING=cp1252) khabar must still write valid JSON, not die
    with a UnicodeEncodeError traceback."""
    good = tmp_path / "good.txt"
    good.write_text(PARAS[0], encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run([str(_console_script()), "extract", str(good), "--no-layers"], capture_output=True,
                          timeout=60, env=env)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")[-500:]
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode("utf-8"))["text"] == PARAS[0]


def test_eval_gold_reads_a_record_of_a_jsonl_corpus(tmp_path, runner):
    """A gold file's ``file`` may be ``CORPUS.jsonl#ID``: the text of that record, as `khabar extract` reads it."""
    shared = tmp_path / "shared"
    (shared / "news").mkdir(parents=True)
    text = "التقى وزير الخارجية السعودي عادل الجبير نظيره الأمريكي جون كيري في الرياض."
    (shared / "news" / "c.jsonl").write_text(
        json.dumps({"id": "x1", "title": "عنوان", "text": "غير هذا"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "x2", "title": "عنوان", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {"id": "x2", "file": "news/c.jsonl#x2", "published": "2015-08-01",
            "entities": [{"type": "PER", "name": "عادل الجبير", "aliases": [], "latin": None, "kb": None}],
            "events": [], "quotes": []}
    (gold_dir / "x2.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["eval", "gold", str(gold_dir), "--shared", str(shared), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"]["entities"]["tp"] == 1  # the name is in record x2's text
    gold["file"] = "news/c.jsonl#nope"
    (gold_dir / "x2.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["eval", "gold", str(gold_dir), "--shared", str(shared)])
    assert result.exit_code != 0 and "no record with id 'nope'" in result.output
    assert "Traceback" not in result.output

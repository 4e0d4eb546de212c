"""Reading articles: encodings, binary and empty inputs, HTML, JSON Lines and JSON records, limits, titles and
folders. Every fixture file is written to tmp_path; nothing big is committed."""
from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import random
import time

import pytest

from khabar.errors import (
    BinaryInputError,
    DateError,
    EmptyInputError,
    HTMLExtractionError,
    InputError,
    RecordError,
    TooLargeError,
)
from khabar.readers import (
    MAX_CHARS,
    Article,
    Failure,
    article_from_record,
    check_date,
    decode_bytes,
    expand_paths,
    read_bytes,
    read_inputs,
    read_path,
    text_id,
)

# Arabic prose with the characters that trip encoders: Arabic comma and question mark, hamzas, taa marbuta, alef
# maqsura, digits, guillemets and a line break; all of it exists in windows-1256 too.
AR = ("أعلنت وزارة الخارجية اليوم الثلاثاء أن الوزير سيزور العاصمة في 15 آذار، لبحث العلاقات الثنائية.\n"
      "وقال المتحدث باسم الوزارة: «الزيارة تأتي في إطار تعزيز التعاون بين البلدين»، فهل تنجح المساعي؟")

P1 = ("أعلنت وزارة الخارجية اليوم أن الوزير سيزور العاصمة الأسبوع المقبل، لبحث العلاقات الثنائية والتعاون في "
      "مجالات الطاقة والتجارة والاستثمار بين البلدين الشقيقين.")
P2 = ("وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الزيارة تأتي في إطار تعزيز العلاقات بين البلدين، مضيفا أن "
      "الجانبين سيوقعان عددا من الاتفاقيات في مجالات مختلفة.")
P3 = ("وأشار المتحدث إلى أن الوزير سيلتقي خلال الزيارة عددا من كبار المسؤولين لبحث القضايا الإقليمية والدولية "
      "ذات الاهتمام المشترك.")
NAV = ("رياضة القائمة", "اقتصاد القائمة", "قائمة التصفح العلوية")
FOOTER = ("جميع الحقوق محفوظة لموقع الأخبار", "سياسة الخصوصية")
TITLE = "الوزير يزور العاصمة"


def only(items) -> Article | Failure:
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def article(items) -> Article:
    item = only(items)
    assert isinstance(item, Article), item
    return item


def failure(items) -> Failure:
    item = only(items)
    assert isinstance(item, Failure), item
    return item


def page(charset: str = "utf-8", *, date: str | None = "2024-03-05", body: bool = True,
         footer_year: str = "") -> str:
    """An Arabic news page with navigation and footer boilerplate around the article."""
    if charset.lower() == "utf-8":
        charset_tag = '<meta charset="utf-8">'
    else:
        charset_tag = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    date_tag = f'<meta name="date" content="{date}">' if date else ""
    paragraphs = f"<p>{P1}</p>\n<p>{P2}</p>\n<p>{P3}</p>" if body else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>{charset_tag}<title>{TITLE}</title>{date_tag}</head>
<body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">{NAV[0]}</a></li>
<li><a href="/eco">{NAV[1]}</a></li></ul></nav>
<header><div class="menu">{NAV[2]}</div></header>
<main><article><h1>{TITLE}</h1>
{paragraphs}
</article></main>
<footer><p>{FOOTER[0]} {footer_year}</p><a href="/privacy">{FOOTER[1]}</a></footer>
</body></html>"""


# -- encodings ------------------------------------------------------------------------------------------------

ENCODINGS = {
    "utf-8": (lambda t: t.encode("utf-8"), lambda e: e == "utf-8"),
    "utf-8 with BOM": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), lambda e: e.startswith("utf-8")),
    "utf-16-le with BOM": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), lambda e: e.startswith("utf-16")),
    "utf-16-be with BOM": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), lambda e: e.startswith("utf-16")),
    "utf-16-le without BOM": (lambda t: t.encode("utf-16-le"), lambda e: e.startswith("utf-16")),
    "utf-16-be without BOM": (lambda t: t.encode("utf-16-be"), lambda e: e.startswith("utf-16")),
    "windows-1256": (lambda t: t.encode("cp1256"), lambda e: e in ("windows-1256", "cp1256")),
}


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_decode_bytes_gives_exactly_the_original_text(name):
    encode, encoding_ok = ENCODINGS[name]
    text, encoding = decode_bytes(encode(AR), "x.txt")
    assert text == AR
    assert "\ufeff" not in text
    assert encoding_ok(encoding), encoding


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_text_file_in_any_common_encoding_reads_exactly(tmp_path, name):
    encode, encoding_ok = ENCODINGS[name]
    path = tmp_path / "article.txt"
    path.write_bytes(encode(AR))
    art = article(read_path(path, published="2024-03-12"))
    assert art.text == AR
    assert not art.text.startswith("\ufeff")
    assert encoding_ok(art.meta["encoding"]), art.meta
    assert art.source == str(path)
    assert art.published == "2024-03-12"
    assert art.id == text_id(AR)


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-16"])
def test_unicode_only_characters_survive(codec):
    # Arabic-Indic digits, Persian letters, tatweel, harakat, ZWNJ and an emoji: not in windows-1256
    text = "بلغ عدد الضحايا ٢٣ شخصاً في ١٢ آذار، وقال پژوهشگر «ـــ» إنّ الوضع\u200cصعب 😔."
    decoded, encoding = decode_bytes(text.encode(codec), "x")
    assert decoded == text
    assert encoding.startswith(codec[:5])


def test_cp1256_text_is_not_mistaken_for_another_single_byte_encoding():
    # Arabic letters only exist in windows-1256 among the common single-byte code pages; a wrong guess would
    # produce Latin letters with accents (mojibake) instead.
    data = (P1 + "\n" + P2).encode("cp1256")
    text, encoding = decode_bytes(data, "x")
    assert text == P1 + "\n" + P2
    assert not any("\u00c0" <= ch <= "\u00ff" for ch in text)


def test_truncated_utf8_keeps_the_arabic_letters():
    data = AR.encode("utf-8")
    # cut inside the last Arabic letter before the final question mark: keep its lead byte only
    cut = len(data) - len("؟".encode()) - 1
    assert 0x80 <= data[cut] <= 0xBF  # a continuation byte, so data[:cut] ends mid-character
    truncated = data[:cut]
    with pytest.raises(UnicodeDecodeError):
        truncated.decode("utf-8")
    text, encoding = decode_bytes(truncated, "x")
    intact = AR[:-2]  # everything before the cut letter
    assert text.startswith(intact)
    assert text[len(intact):] in ("", "\ufffd")
    assert "utf-8" in encoding
    assert not any("\u00c0" <= ch <= "\u00ff" for ch in text)  # no mojibake


def test_truncated_utf8_file_reads_as_an_article(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes((P1 + "\n" + P2).encode("utf-8")[:-1])
    art = article(read_path(path))
    assert art.text.startswith(P1 + "\n" + P2[:-2])
    assert "utf-8" in art.meta["encoding"]


# -- empty and binary inputs ----------------------------------------------------------------------------------

def _random_binary() -> bytes:
    rng = random.Random(20240305)
    body = bytes(rng.randrange(256) for _ in range(4096))
    return b"\x01\x02\x03" + body[:200] + b"\x00\x00\x00" + body[200:]


BAD_FILES = {
    "empty": (b"", EmptyInputError, "E101"),
    "whitespace only": (b" \n\t  \r\n\n   ", EmptyInputError, "E101"),
    "random bytes with NULs": (_random_binary(), BinaryInputError, "E102"),
    "PNG": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)), BinaryInputError, "E102"),
    "PDF": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", BinaryInputError, "E102"),
    "gzip": (gzip.compress(AR.encode("utf-8")), BinaryInputError, "E102"),
}


@pytest.mark.parametrize("suffix", [".txt", ".bin"])
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_a_typed_failure_not_an_exception(tmp_path, name, suffix):
    data, cls, code = BAD_FILES[name]
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    fail = failure(read_path(path))
    assert isinstance(fail.error, cls), fail.error
    assert fail.code == code
    assert fail.source == str(path)
    assert fail.reason and fail.reason.strip()
    assert str(fail.error).endswith(f"[{code}]")


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_decode_bytes_raises_the_typed_error(name):
    data, cls, code = BAD_FILES[name]
    with pytest.raises(cls) as info:
        decode_bytes(data, "src")
    assert info.value.code == code
    assert info.value.source == "src"


def test_binary_in_jsonl_or_html_clothing_is_still_a_failure(tmp_path):
    gz = tmp_path / "records.jsonl"
    gz.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    assert failure(read_path(gz)).code == "E102"
    png = tmp_path / "page.html"
    png.write_bytes(BAD_FILES["PNG"][0])
    assert failure(read_path(png)).code == "E102"


# -- HTML -----------------------------------------------------------------------------------------------------

def test_html_article_without_boilerplate(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(page(), encoding="utf-8")
    art = article(read_path(path, published="2020-01-01"))
    for p in (P1, P2, P3):
        assert p in art.text
    for junk in NAV + FOOTER:
        assert junk not in art.text
    assert art.title == TITLE
    assert art.published == "2024-03-05"  # the page's own date wins over the default
    assert art.meta["format"] == "html"
    assert art.meta["encoding"] == "utf-8"
    assert art.source == str(path)
    assert art.id == text_id(art.text)


def test_html_declared_windows_1256(tmp_path):
    path = tmp_path / "news.htm"
    path.write_bytes(page("windows-1256").encode("cp1256"))
    art = article(read_path(path))
    for p in (P1, P2, P3):
        assert p in art.text
    assert art.title == TITLE
    assert art.meta["encoding"] in ("windows-1256", "cp1256")
    assert not any("\u00c0" <= ch <= "\u00ff" for ch in art.text)


def test_html_is_sniffed_in_a_txt_file_and_from_bytes(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_text(page(), encoding="utf-8")
    art = article(read_path(path))
    assert art.meta.get("format") == "html"
    assert P1 in art.text and NAV[0] not in art.text
    art2 = article(read_bytes(page().encode("utf-8"), "<stdin>"))
    assert art2.text == art.text


@pytest.mark.parametrize("html", [
    "<html><head><title>صفحة فارغة</title></head><body></body></html>",
    "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><script>var x = 1;</script></body></html>",
])
def test_html_without_text_is_e106(tmp_path, html):
    path = tmp_path / "empty.html"
    path.write_text(html, encoding="utf-8")
    fail = failure(read_path(path))
    assert isinstance(fail.error, HTMLExtractionError)
    assert fail.code == "E106"
    assert fail.source == str(path)
    assert fail.reason


@pytest.mark.parametrize("year", ["2019", "2024"])
def test_html_without_a_date_keeps_the_default_not_the_copyright_year(tmp_path, year):
    """A page with no date metadata must not get its footer's copyright year as publication date."""
    path = tmp_path / "undated.html"
    path.write_text(page(date=None, footer_year=f"© {year}"), encoding="utf-8")
    art = article(read_path(path, published="2020-06-15"))
    assert art.published == "2020-06-15"
    assert "published_from" not in art.meta
    art = article(read_path(path))
    assert art.published is None


# -- JSON Lines and JSON --------------------------------------------------------------------------------------

T1 = "وصل الوزير إلى العاصمة صباح اليوم."
T2 = "التقى الرئيس نظيره في القصر الجمهوري."
T3 = "أكد البيان المشترك أهمية التعاون."


def _jsonl_lines() -> list[str]:
    dump = lambda obj: json.dumps(obj, ensure_ascii=False)  # noqa: E731
    return [
        dump({"id": "a1", "text": T1, "lang": "ar", "tags": ["visit"], "published": "2024-01-02"}),  # 1 good
        dump({"text": T2, "url": "https://example.org/2"}),                                        # 2 good, no id
        dump({"id": "bad-date", "text": T1, "published": "2024-02-30"}),                            # 3 bad date
        '{"id": "broken", "text": "وصل',                                                            # 4 broken JSON
        '["not", "an", "object"]',                                                                  # 5 array
        dump({"id": "no-text", "title": "عنوان"}),                                                  # 6 no text
        "",                                                                                         # 7 blank
        dump({"id": "empty", "text": "   "}),                                                       # 8 empty text
        dump({"id": 42, "text": T3, "published": "2023-12-31"}),                                    # 9 good
    ]


def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    items = list(read_path(path, published="2020-05-05"))
    assert [type(x).__name__ for x in items] == ["Article", "Article", "Failure", "Failure", "Failure", "Failure",
                                                 "Failure", "Article"]
    a1, a2, f3, f4, f5, f6, f8, a9 = items

    assert (a1.id, a1.text, a1.published, a1.source) == ("a1", T1, "2024-01-02", f"{path}:1")
    assert dict(a1.meta) == {"lang": "ar", "tags": ["visit"]}
    assert a2.id == hashlib.sha256(T2.encode("utf-8")).hexdigest() == text_id(T2)
    assert a2.published == "2020-05-05"
    assert dict(a2.meta) == {"url": "https://example.org/2"}
    assert (a9.id, a9.text, a9.published) == ("42", T3, "2023-12-31")

    expected = {f3: (3, DateError, "E107"), f4: (4, RecordError, "E105"), f5: (5, RecordError, "E105"),
                f6: (6, RecordError, "E105"), f8: (8, EmptyInputError, "E101")}
    for fail, (lineno, cls, code) in expected.items():
        assert fail.source == f"{path}:{lineno}"
        assert isinstance(fail.error, cls), (lineno, fail.error)
        assert fail.code == code
        assert fail.reason
    assert "2024-02-30" in f3.reason


def test_jsonl_from_bytes_is_sniffed_and_line_numbered():
    data = "\n".join(_jsonl_lines()).encode("utf-8")
    items = list(read_bytes(data, "<stdin>"))
    assert [x.source for x in items] == [f"<stdin>:{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9)]


def test_jsonl_with_bom_and_crlf(tmp_path):
    path = tmp_path / "crlf.ndjson"
    lines = [json.dumps({"id": "x", "text": T1}, ensure_ascii=False), json.dumps({"id": "y", "text": T2},
                                                                                  ensure_ascii=False)]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    items = list(read_path(path))
    assert [(a.id, a.text, a.source) for a in items] == [("x", T1, f"{path}:1"), ("y", T2, f"{path}:2")]


def test_jsonl_record_text_with_unicode_line_separator_is_one_record(tmp_path):
    """json.dumps(ensure_ascii=False) writes U+2028/U+2029/U+0085 raw inside strings; they are not JSONL line
    breaks, so the record must stay whole and later line numbers must not shift."""
    text = "الفقرة الأولى من الخبر.\u2028الفقرة الثانية\u2029والثالثة."
    lines = [json.dumps({"id": "sep", "text": text}, ensure_ascii=False),
             json.dumps({"id": "next", "text": T1}, ensure_ascii=False)]
    path = tmp_path / "sep.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(path))
    assert all(isinstance(x, Article) for x in items), items
    assert [(a.id, a.text, a.source) for a in items] == [("sep", text, f"{path}:1"), ("next", T1, f"{path}:2")]


def test_json_file_with_a_list_of_records(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"id": "r0", "text": T1}, {"text": T2, "published": "2022-02-22"},
                                {"id": "r2"}, {"id": "r3", "text": T3, "source": "وكالة الأنباء"}],
                               ensure_ascii=False, indent=2), encoding="utf-8")
    items = list(read_path(path, published="2021-01-01"))
    assert [type(x).__name__ for x in items] == ["Article", "Article", "Failure", "Article"]
    r0, r1, f2, r3 = items
    assert (r0.id, r0.text, r0.source, r0.published) == ("r0", T1, f"{path}[0]", "2021-01-01")
    assert (r1.id, r1.published) == (text_id(T2), "2022-02-22")
    assert f2.source == f"{path}[2]" and f2.code == "E105"
    assert r3.source == "وكالة الأنباء"


def test_json_file_with_one_object_and_invalid_json(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "solo", "text": T1, "title": "عنوان"}, ensure_ascii=False), encoding="utf-8")
    art = article(read_path(one))
    assert (art.id, art.text, art.title, art.source) == ("solo", T1, "عنوان", str(one))
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "x"},', encoding="utf-8")
    fail = failure(read_path(bad))
    assert fail.code == "E105" and fail.source == str(bad)


def test_published_default_versus_the_records_own(tmp_path):
    path = tmp_path / "dates.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "own", "text": T1, "published": "2019-07-01"},
        {"id": "none", "text": T2},
        {"id": "null", "text": T3, "published": None},
        {"id": "stamp", "text": T1, "published": "2018-03-04T10:20:00Z"},
    ]), encoding="utf-8")
    got = {a.id: a.published for a in read_path(path, published="2024-03-05")}
    assert got == {"own": "2019-07-01", "none": "2024-03-05", "null": "2024-03-05", "stamp": "2018-03-04"}
    got = {a.id: a.published for a in read_path(path)}
    assert got == {"own": "2019-07-01", "none": None, "null": None, "stamp": "2018-03-04"}


def test_article_from_record_checks_types():
    art = article_from_record({"id": "k", "text": T1, "extra": {"a": 1}}, "src")
    assert (art.id, art.source, art.published, dict(art.meta)) == ("k", "src", None, {"extra": {"a": 1}})
    for rec, cls in [({"text": 5}, RecordError), ({"text": T1, "id": [1]}, RecordError),
                     ({"text": T1, "title": 3}, RecordError), ({"text": T1, "published": 20240101}, DateError),
                     ("just a string", RecordError), ({"text": ""}, EmptyInputError)]:
        with pytest.raises(cls) as info:
            article_from_record(rec, "src:7")
        assert info.value.source == "src:7"


@pytest.mark.parametrize("value,expected", [("2024-03-05", "2024-03-05"), (" 2024-03-05 ", "2024-03-05"),
                                            ("2024-03-05T08:00:00+03:00", "2024-03-05"), (None, None), ("", None)])
def test_check_date_accepts(value, expected):
    assert check_date(value) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "yesterday", "05/03/2024", 20240305, ["2024-03-05"]])
def test_check_date_rejects(value):
    with pytest.raises(DateError) as info:
        check_date(value, source="s")
    assert info.value.code == "E107"
    assert "YYYY-MM-DD" in info.value.message


# -- size limits ----------------------------------------------------------------------------------------------

def test_text_over_max_chars_is_too_large():
    with pytest.raises(TooLargeError) as info:
        article_from_record({"text": "ب" * 11}, "src", max_chars=10)
    assert info.value.code == "E104"
    assert "--max-chars" in info.value.message
    assert article_from_record({"text": "ب" * 10}, "src", max_chars=10).text == "ب" * 10
    fail = failure(read_bytes(("ب" * 11).encode("utf-8"), "s", max_chars=10))
    assert isinstance(fail.error, TooLargeError) and fail.code == "E104"
    assert article(read_bytes(("ب" * 10).encode("utf-8"), "s", max_chars=10)).text == "ب" * 10


def test_ten_megabyte_file_fails_fast(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(("كلمة " * 200_000).encode("utf-8") * 10)  # ~10 MB
    assert path.stat().st_size >= 10_000_000
    t0 = time.perf_counter()
    fail = failure(read_path(path))
    assert time.perf_counter() - t0 < 2.0
    assert isinstance(fail.error, TooLargeError) and fail.code == "E104"
    assert fail.source == str(path)
    assert "--max-chars" in fail.reason


def test_one_megabyte_single_line_arabic_reads_fine(tmp_path):
    sentence = "أكد المتحدث أن المفاوضات مستمرة بين الطرفين، وأن الاتفاق بات قريبا. "
    text = sentence * (1_000_000 // len(sentence.encode("utf-8")) + 1)
    assert "\n" not in text and len(text.encode("utf-8")) > 1_000_000 and len(text) < MAX_CHARS
    path = tmp_path / "long-line.txt"
    path.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    art = article(read_path(path))
    assert time.perf_counter() - t0 < 5.0
    assert art.text == text
    assert art.title is None
    assert art.meta["encoding"] == "utf-8"


# -- titles ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,title", [
    ("الوزير يزور العاصمة\n\nوصل الوزير إلى العاصمة صباح اليوم.", "الوزير يزور العاصمة"),
    ("الوزير يزور العاصمة\r\n\r\nوصل الوزير إلى العاصمة صباح اليوم.", "الوزير يزور العاصمة"),
    ("  عنوان بمسافات  \n\nالنص.", "عنوان بمسافات"),
    ("وصل الوزير إلى العاصمة.\n\nثم التقى نظيره.", None),          # a sentence, not a title
    ("هل يزور الوزير العاصمة؟\n\nالنص.", None),
    ("الوزير يزور العاصمة\nوصل الوزير إلى العاصمة صباح اليوم.", None),  # no blank line after it
    ("سطر واحد فقط", None),
])
def test_title_from_first_line_and_text_untouched(tmp_path, text, title):
    path = tmp_path / "titled.txt"
    path.write_bytes(text.encode("utf-8"))
    art = article(read_path(path))
    assert art.title == title
    assert art.text == text


# -- paths and folders ----------------------------------------------------------------------------------------

def test_folders_expand_recursively_to_readable_suffixes_sorted(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    files = {
        "z.json": json.dumps({"id": "z", "text": T3}, ensure_ascii=False),
        "a.txt": T1,
        "sub/deeper/d.md": T2,
        "b.html": page(),
        "sub/c.jsonl": json.dumps({"id": "c", "text": T2}, ensure_ascii=False),
        "m.ndjson": json.dumps({"id": "m", "text": T1}, ensure_ascii=False),
        "skip.pdf": "%PDF-1.4",
        "notes.docx": "x",
        "README": T1,
        ".hidden.txt": T1,
    }
    for name, content in files.items():
        (root / name).write_text(content, encoding="utf-8")
    expected = [root / "a.txt", root / "b.html", root / "m.ndjson", root / "sub" / "c.jsonl",
                root / "sub" / "deeper" / "d.md", root / "z.json"]
    assert list(expand_paths([root])) == expected

    items = list(read_inputs([root, root / "a.txt"]))
    assert all(isinstance(x, Article) for x in items), items
    assert [x.source for x in items] == [str(root / "a.txt"), str(root / "b.html"), f"{root / 'm.ndjson'}:1",
                                         f"{root / 'sub' / 'c.jsonl'}:1", str(root / "sub" / "deeper" / "d.md"),
                                         str(root / "z.json"), str(root / "a.txt")]


def test_missing_path_is_a_failure_and_the_rest_still_reads(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(T1, encoding="utf-8")
    missing = tmp_path / "nope" / "missing.txt"
    items = list(read_inputs([good, missing, str(good)]))
    assert [type(x).__name__ for x in items] == ["Article", "Failure", "Article"]
    fail = items[1]
    assert fail.source == str(missing)
    assert "no such file" in fail.reason
    assert isinstance(fail.error, InputError) and fail.code == "E100"


def test_a_folder_with_nothing_readable_is_reported(tmp_path):
    """read_path has a message for 'a folder with no readable files'; read_inputs must not silently yield nothing
    for such a folder (the CLI would then print nothing and exit 0)."""
    empty = tmp_path / "only-pdfs"
    empty.mkdir()
    (empty / "scan.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_inputs([empty]))
    assert len(items) == 1, items
    assert isinstance(items[0], Failure)
    assert items[0].source == str(empty)
    assert isinstance(items[0].error, InputError)


def test_stdin_dash_reads_the_stream(tmp_path):
    import io

    stream = io.BytesIO(codecs.BOM_UTF16_LE + AR.encode("utf-16-le"))
    art = article(read_inputs(["-"], published="2024-03-05", stdin=stream))
    assert (art.text, art.source, art.published) == (AR, "<stdin>", "2024-03-05")

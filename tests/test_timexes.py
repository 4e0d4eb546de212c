"""Temporal expressions, resolved against the publication date."""
from __future__ import annotations

import pytest

from khabar.readers import Article


def timexes(pipeline, text: str, published: str | None = "2021-10-07"):
    doc = pipeline.process(Article(id="t", text=text, published=published)).document
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    return [(t.text, t.value, t.part) for t in doc.timexes]


def test_seed_dates(pipeline, seed_text):
    found = timexes(pipeline, seed_text)
    assert ("صباح اليوم الاربعاء", "2021-10-06", "morning") in found  # written the day before publication
    assert ("مساء الثلاثاء", "2021-10-05", "evening") in found
    assert ("امس الاربعاء", "2021-10-06", None) in found
    assert not any(text == "احد" for text, *_ in found)  # عام واحد is 'one year', not Sunday


@pytest.mark.parametrize("text, expected", [
    ("وصل أمس", ("أمس", "2021-10-06", None)),
    ("ويصل غدا", ("غدا", "2021-10-08", None)),
    ("وقع أول أمس", ("أول أمس", "2021-10-05", None)),
    ("التقى مساء اليوم", ("مساء اليوم", "2021-10-07", "evening")),
    ("الأحد الماضي", ("الأحد الماضي", "2021-10-03", None)),
    ("الأحد المقبل", ("الأحد المقبل", "2021-10-10", None)),
    ("سيزور الرياض يوم السبت", ("يوم السبت", "2021-10-09", None)),
    ("في 15 مارس 2024", ("15 مارس 2024", "2024-03-15", None)),
    ("في 15 آذار 2024", ("15 آذار 2024", "2024-03-15", None)),
    ("في ١٥ تشرين الأول ٢٠٢٤", ("١٥ تشرين الأول ٢٠٢٤", "2024-10-15", None)),
    ("في 10 رمضان 1445هـ", ("10 رمضان 1445هـ", "2024-03-20", None)),
    ("في 3 أكتوبر", ("3 أكتوبر", "2021-10-03", None)),
    ("في 25 ديسمبر", ("25 ديسمبر", "2020-12-25", None)),
    ("بتاريخ 2024/03/15", ("2024/03/15", "2024-03-15", None)),
    ("في مارس 2024", ("مارس 2024", "2024-03", None)),
    ("منذ عام 2003", ("عام 2003", "2003", None)),
    ("الشهر الماضي", ("الشهر الماضي", "2021-09", None)),
    ("العام المقبل", ("العام المقبل", "2022", None)),
    ("الأسبوع الماضي", ("الأسبوع الماضي", None, None)),
    # the other calendar's month name in brackets (Asharq Al-Awsat's style) keeps the year
    ("واعتقل في 22 يوليو (تموز) 2014", ("22 يوليو (تموز) 2014", "2014-07-22", None)),
    ("في يوليو (تموز) 2014", ("يوليو (تموز) 2014", "2014-07", None)),
    # a day word with its weekday in brackets: the weekday says which day the writer meant (written the day before
    # publication)
    ("اتهمت المنظمة إسرائيل، اليوم (الأربعاء)، باستخدام القوة", ("اليوم (الأربعاء)", "2021-10-06", None)),
    ("وقال أمس (الثلاثاء) إن", ("أمس (الثلاثاء)", "2021-10-05", None)),
])
def test_expressions(pipeline, text, expected):
    assert expected in timexes(pipeline, text)


def test_ordinal_day_is_not_today(pipeline):
    assert timexes(pipeline, "في اليوم الثاني من زيارته") == []


def test_no_publication_date_means_no_relative_value(pipeline):
    assert timexes(pipeline, "وصل أمس الأربعاء", published=None) == [("أمس الأربعاء", None, None)]
    assert timexes(pipeline, "في 15 مارس 2024", published=None) == [("15 مارس 2024", "2024-03-15", None)]


def test_impossible_dates_are_null(pipeline):
    assert timexes(pipeline, "في 31 فبراير 2024") == [("31 فبراير 2024", None, None)]


def test_the_day_before_yesterday_in_its_three_spellings(pipeline):
    for day in ("أول من أمس", "أول أمس", "أمس الأول"):
        text = f"تظاهروا {day} في السليمانية."
        assert [v for _, v, _ in timexes(pipeline, text, "2015-08-03")] == ["2015-08-01"], text

"""Temporal expressions: find them, and resolve them against the article's publication date.

Found on the normalized text (so أمس/امس, ٢٠٢٤/2024 and الأربعاء/الاربعاء look alike) and mapped back to exact
original offsets. Resolution rules:

* a weekday (الثلاثاء، يوم الأربعاء، مساء الثلاثاء، اليوم الأربعاء، أمس الأربعاء) is the most recent such day on or
  before publication (wire copy is often dated the day after it was written), or the next one when the sentence
  speaks of the future (سيزور، سوف) or says المقبل/القادم;
* اليوم، أمس، أول أمس، غدا، بعد غد count days from publication; a part of day (صباح، عصر، مساء، ليلة) sets ``part``;
  with the weekday in brackets (اليوم (الاثنين)، أمس (الأحد): copy written the day before it was printed) the
  weekday decides;
* explicit dates in Gregorian (15 مارس 2024), Levantine (15 آذار 2024; both: 22 يوليو (تموز) 2014) or Hijri
  months (10 رمضان 1445 هـ, converted with hijridate); a missing year is the publication year (the previous one if
  that would put the date more than a month after publication); numeric dates 2024/03/15 and 15/3/2024; month-year
  (مارس 2024) → YYYY-MM; a year (عام 2024) → YYYY;
* الشهر/العام الماضي، المقبل، الجاري → YYYY-MM or YYYY; a week has no value of that form: ``value`` is null.

No publication date, or nothing to anchor to: ``value`` is null — never a guess dressed as fact.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from .document import Document, Timex
from .entities.lexicons import lexicon_rows
from .entities.words import analyze
from .text.normalize import normalize_str

_PAST = ("الماضي", "المنصرم", "الفايت")
_NEXT = ("المقبل", "القادم")
_CURRENT = ("الجاري", "الحالي")
_ORDINALS = ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الاخير", "التالي", "نفسه",
             "ذاته", "الوطني", "العالمي")


@lru_cache(maxsize=1)
def _calendar() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for word, kind, value in lexicon_rows("calendar.tsv", 3):
        out.setdefault(kind, {})[normalize_str(word)] = value
    return out


def _alt(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, regex.Pattern]]:
    cal = _calendar()
    month = _alt(cal["month"])
    hijri = _alt(cal["hijri"])
    weekday = _alt(w.removeprefix("ال") for w in cal["weekday"])
    part = _alt(cal["part"])
    day = _alt(cal["day"])
    pre = r"(?<![\p{L}\d])[وف]?"  # a conjunction may be attached to the first word; it stays outside the span
    also = rf"(?:\s*\(\s*(?:{month})\s*\))?"  # the other calendar's name of the month: 22 يوليو (تموز) 2014
    end = r"(?![\p{L}\d])"
    return [
        ("hijri_date", regex.compile(pre + rf"(?P<t>(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{hijri})"
                                     rf"(?:\s+(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})\s*(?:ه|هـ)?)?)" + end)),
        ("date", regex.compile(pre + rf"(?P<t>(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{month}){also}"
                               rf"(?:\s+(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})(?:\s*م)?)?)" + end)),
        ("numeric", regex.compile(r"(?<![\d/.-])(?P<t>(?:(?P<y1>\d{4})[/.-](?P<m1>\d{1,2})[/.-](?P<d1>\d{1,2})"
                                  r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})))(?![\d/.-])")),
        ("month_year", regex.compile(pre + rf"(?P<t>(?:شهر\s+)?(?P<m>{month}){also}\s+(?:من\s+)?(?:عام\s+|سنه\s+)?"
                                     rf"(?P<y>\d{{4}}))" + end)),
        ("year", regex.compile(pre + r"(?P<t>(?:عام|العام|سنه|السنه)\s+(?P<y>\d{4}))" + end)),
        # a weekday needs its article or يوم: bare احد is 'one', not Sunday
        ("weekday", regex.compile(pre + rf"(?P<t>(?:(?P<p>{part})\s+)?(?:(?P<r>{day})(?:\s*(?P<open>\()\s*|\s+))?"
                                  rf"(?:يوم\s+(?:ال)?|ال)(?P<w>{weekday})(?(open)\s*\))"
                                  rf"(?:\s+(?P<dir>{_alt(_PAST + _NEXT)}))?)" + end)),
        ("day", regex.compile(pre + rf"(?P<t>(?:(?P<p>{part})\s+)?(?P<r>{day}))" + end
                              + rf"(?!\s+(?:{_alt(_ORDINALS)}))")),
        ("period", regex.compile(pre + rf"(?P<t>(?P<u>{_alt(cal['period'])})\s+(?P<dir>"
                                 rf"{_alt(_PAST + _NEXT + _CURRENT)}))" + end)),
    ]


def _weekday(published: dt.date, weekday: int, future: bool) -> dt.date:
    if future:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month_shift(d: dt.date, months: int) -> str:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return f"{y:04d}-{m + 1:02d}"


def _safe_date(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _resolve(kind: str, m: regex.Match, published: dt.date | None, future: bool) -> tuple[str | None, str | None]:
    cal = _calendar()
    part = cal["part"].get(regex.sub(r"\s+", " ", m.group("p"))) if "p" in m.re.groupindex and m.group("p") else None
    if kind == "numeric":
        y, mo, d = (m.group("y1"), m.group("m1"), m.group("d1")) if m.group("y1") else \
            (m.group("y2"), m.group("m2"), m.group("d2"))
        return _safe_date(int(y), int(mo), int(d)), None
    if kind == "year":
        return m.group("y"), None
    if kind == "month_year":
        return f"{int(m.group('y')):04d}-{int(cal['month'][_key(m.group('m'))]):02d}", None
    if kind in ("date", "hijri_date"):
        day = int(m.group("d"))
        table = "hijri" if kind == "hijri_date" else "month"
        month = int(cal[table][_key(m.group("m"))])
        year = int(m.group("y")) if m.group("y") else None
        if kind == "hijri_date":
            if year is None:
                if published is None:
                    return None, None
                from hijridate import Gregorian

                year = Gregorian(published.year, published.month, published.day).to_hijri().year
            try:
                from hijridate import Hijri

                return Hijri(year, month, day).to_gregorian().isoformat(), None
            except (ValueError, OverflowError):
                return None, None
        if year is None:
            if published is None:
                return None, None
            year = published.year
            guess = _safe_date(year, month, day)
            if guess and dt.date.fromisoformat(guess) - published > dt.timedelta(days=31) and not future:
                year -= 1
        return _safe_date(year, month, day), None
    if published is None:
        return None, part
    if kind == "weekday":
        weekday = int(cal["weekday"]["ال" + _key(m.group("w"))])
        direction = m.group("dir")
        tomorrow = bool(m.group("r")) and int(cal["day"][_key(m.group("r"))]) > 0  # غدا الخميس
        ahead = direction in _NEXT or tomorrow or (future and direction not in _PAST)
        return _weekday(published, weekday, ahead).isoformat(), part
    if kind == "day":
        offset = int(cal["day"][_key(m.group("r"))])
        return (published + dt.timedelta(days=offset)).isoformat(), part
    if kind == "period":
        unit = cal["period"][_key(m.group("u"))]
        shift = -1 if m.group("dir") in _PAST else 1 if m.group("dir") in _NEXT else 0
        if unit == "month":
            return _month_shift(published, shift), None
        if unit == "year":
            return f"{published.year + shift:04d}", None
        return None, None  # a week is no YYYY-MM-DD, YYYY-MM or YYYY
    return None, part


def _key(text: str) -> str:
    return regex.sub(r"\s+", " ", text)


def _future_before(doc: Document, start: int) -> bool:
    """Does the clause before ``start`` speak of the future (a verb with س, or سوف)?"""
    k = next((i for i, s in enumerate(doc.sentences) if s.start <= start < s.end), None)
    if k is None:
        return False
    for tok in doc.sentence_tokens[k]:
        if tok.start >= start:
            break
        if any(g.kind == "fut" for g in tok.segments) or analyze(tok.text).norm == "سوف":
            return True
    return False


def find_timexes(doc: Document) -> tuple[Timex, ...]:
    norm = doc.normalized
    text = norm.text
    try:
        published = dt.date.fromisoformat(doc.published) if doc.published else None
    except ValueError:
        published = None
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str | None, str | None]] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            a, b = m.span("t")
            if any(x < b and a < y for x, y in taken):
                continue
            future = kind in ("weekday", "date") and _future_before(doc, norm.to_original(a, b)[0])
            value, part = _resolve(kind, m, published, future)
            taken.append((a, b))
            found.append((a, b, value, part))
    out = []
    for i, (a, b, value, part) in enumerate(sorted(found), 1):
        oa, ob = norm.to_original(a, b)
        out.append(Timex(id=f"t{i}", start=oa, end=ob, text=doc.text[oa:ob], value=value, part=part))
    return tuple(out)


def explicit_dates(text: str) -> list[tuple[int, int, str, str]]:
    """Full calendar dates written out in ``text`` (Hijri, Gregorian, Levantine or numeric, with a year):
    ``(start, end, kind, YYYY-MM-DD)`` in original offsets, in order. Needs no publication date, so a dateline
    (سول 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م) can date an article that carries no date of its own."""
    from .text.normalize import normalize

    norm = normalize(text)
    out = []
    for kind, pattern in _patterns():
        if kind not in ("hijri_date", "date", "numeric"):
            continue
        for m in pattern.finditer(norm.text):
            if kind != "numeric" and not m.group("y"):
                continue
            value, _ = _resolve(kind, m, None, False)
            if value:
                a, b = norm.to_original(*m.span("t"))
                out.append((a, b, kind, value))
    return sorted(out)

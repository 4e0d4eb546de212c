"""Normalization folds spelling variants and keeps an exact map back to the original text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.text.normalize import normalize, normalize_str

ARABIC = "".join(chr(c) for c in range(0x0600, 0x06FF)) + "\u0640\u064B\u064E\u0651\u0670ﻻﷲ"
MIXED = st.text(alphabet=st.sampled_from(list(ARABIC + "abcXYZ 0123.,،؛؟\n\t\u200c\u200f\u202b\ufeff é\u0301ﬁ")),
                max_size=80)
ANY = st.text(max_size=60)


def test_islamabad_spellings_fold_to_one_form():
    forms = {normalize_str(s) for s in ("اسلام آباد", "اسلام اباد", "إسلام آباد", "إسلام أباد")}
    assert forms == {"اسلام اباد"}


def test_letter_and_digit_folding():
    assert normalize_str("مدرسة مستشفى ی ک ٢٠٢٤ ۱۴۰۰ ٱلله") == "مدرسه مستشفي ي ك 2024 1400 الله"
    assert normalize_str("مسؤول رئيس") == "مسوول رييس"


def test_diacritics_and_tatweel_map_back_to_the_whole_written_word():
    text = "قال الـرئيسُ مُحَمَّدٌ"
    n = normalize(text)
    assert n.text == "قال الرييس محمد"
    a = n.text.index("محمد")
    start, end = n.to_original(a, a + 4)
    assert text[start:end] == "مُحَمَّدٌ"
    a = n.text.index("الرييس")
    assert n.original_text(a, a + 6) == "الـرئيسُ"


def test_invisible_characters_are_dropped_and_attach_to_nothing():
    text = "\u200fباكستان\u200c\u202b"
    n = normalize(text)
    assert n.text == "باكستان"
    assert n.original_text(0, len(n.text)) == "باكستان"


def test_nfkc_expansion_maps_every_piece_to_its_source():
    text = "ﻻ بد"  # lam-alef ligature: one original character, two normalized
    n = normalize(text)
    assert n.text == "لا بد"
    assert n.to_original(0, 1) == (0, 1) and n.to_original(1, 2) == (0, 1)
    assert n.to_original(3, 5) == (2, 4)


def test_identity_when_nothing_changes():
    n = normalize("plain ascii text")
    assert n.starts is None and n.to_original(2, 7) == (2, 7)


def _check_map(text: str) -> None:
    n = normalize(text)
    m = len(n.text)
    prev_start = 0
    for i in range(m):
        a, b = n.to_original(i, i + 1)
        assert 0 <= a < b <= len(text)
        assert a >= prev_start
        prev_start = a
    for i in range(0, m + 1, max(1, m // 7)):
        for j in range(i, m + 1, max(1, m // 5)):
            a, b = n.to_original(i, j)
            assert 0 <= a <= b <= len(text)
            # round trip: the original span normalizes to something that contains the normalized span
            assert n.text[i:j] in normalize_str(text[a:b])
            # and mapping the original span forward covers the normalized one
            fa, fb = n.from_original(a, b)
            assert fa <= i and j <= fb or i == j


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_property_mapped_spans_are_valid_and_round_trip_mixed(text):
    _check_map(text)


@settings(max_examples=200, deadline=None)
@given(ANY)
def test_property_mapped_spans_are_valid_for_any_unicode(text):
    _check_map(text)


@settings(max_examples=100, deadline=None)
@given(MIXED)
def test_property_normalization_is_idempotent(text):
    once = normalize_str(text)
    assert normalize_str(once) == once

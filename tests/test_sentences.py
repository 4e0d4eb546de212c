"""Sentence segmentation of news prose."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.text.normalize import normalize
from khabar.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def sents(text: str) -> list[str]:
    return [s.text for s in split_sentences(normalize(text))]


def test_basic_terminators_and_line_breaks():
    assert sents("وصل الوزير. والتقى نظيره؟ نعم! ثم غادر؛ وانتهت الزيارة\nسطر آخر.") == [
        "وصل الوزير.", "والتقى نظيره؟", "نعم!", "ثم غادر؛", "وانتهت الزيارة", "سطر آخر."]


def test_no_split_inside_numbers_abbreviations_or_quotes():
    assert sents("بلغ النمو 3.5 في المئة. وقال د. أحمد إن أ.ف.ب نقلت الخبر.") == [
        "بلغ النمو 3.5 في المئة.", "وقال د. أحمد إن أ.ف.ب نقلت الخبر."]
    assert sents("وقال: «نحن هنا. وسنبقى». ثم غادر.") == ["وقال: «نحن هنا. وسنبقى».", "ثم غادر."]
    assert sents("The U.S. envoy arrived. He met the minister.") == [
        "The U.S. envoy arrived.", "He met the minister."]


def test_arabic_indic_digits_are_numbers_too():
    assert sents("بلغ النمو ٣.٥ في المئة. وارتفع.") == ["بلغ النمو ٣.٥ في المئة.", "وارتفع."]


def test_unclosed_quote_does_not_swallow_the_line():
    assert sents('قال "نحن هنا. وسنبقى') == ['قال "نحن هنا.', "وسنبقى"]


def test_bullet_lines_are_headings_without_their_marker(seed_text):
    doc = split_sentences(normalize(seed_text))
    headings = [s.text for s in doc if s.kind == "heading"]
    assert headings[0] == "تعزيز التعاون العسكري مع باكستان"
    assert len(headings) == 5
    assert all(not h.startswith("*") for h in headings)


def test_a_bulleted_paragraph_of_sentences_is_prose():
    text = ("موجز دوليات\n\n* شرطة تايوان تعتقل طلابا\n* تايبيه - «الشرق الأوسط»: ذكرت الوكالة أن الشرطة اعتقلت أمس "
            "طلابا. وقالت الشرطة إن عددهم 33 شخصا.")
    doc = split_sentences(normalize(text))
    assert [(s.kind, s.text[:12]) for s in doc] == [
        ("heading", "موجز دوليات"), ("heading", "شرطة تايوان "), ("text", "تايبيه - «ال"), ("text", "وقالت الشرطة")]


def test_seed_sentences_keep_quotes_with_their_cue(seed_text):
    doc = split_sentences(normalize(seed_text))
    assert len(doc) == 31
    texts = [s.text for s in doc]
    assert any(t.startswith("واردف: يجري خلال زيارته الحالية") for t in texts)
    assert any(t.startswith("كما التقى اللواء محمد باقري") and t.endswith('"قمر جاويد باجوا".') for t in texts)
    for s in doc:
        assert seed_text[s.start:s.end] == s.text


def test_title_and_dateline_lines_are_headings():
    text = "تركيا تعتقل 251 شخصا\n\nعين اليوم – أنقرة\nقال مكتب رئيس الوزراء إن الشرطة بدأت حملة."
    doc = split_sentences(normalize(text))
    assert [s.kind for s in doc] == ["heading", "heading", "text"]


def test_very_long_run_without_punctuation_is_cut_at_spaces():
    text = " ".join(["كلمة"] * 3000)
    doc = split_sentences(normalize(text))
    assert len(doc) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in doc)
    assert all(text[s.start:s.end] == s.text for s in doc)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابت ثج.؟!؛\n\"«»:، 12\u064e\u0640x⒈¼*")), max_size=120)
       | st.text(max_size=60))
def test_property_sentences_are_exact_ordered_and_disjoint(text):
    doc = split_sentences(normalize(text))
    end = 0
    for s in doc:
        assert text[s.start:s.end] == s.text
        assert s.text.strip() == s.text and s.text
        assert s.start >= end
        end = s.end


def test_an_era_after_a_year_ends_the_sentence():
    from khabar.text.normalize import normalize
    from khabar.text.sentences import split_sentences

    text = "وصل الأمير يوم الخميس الموافق 30 / 7 / 2015م.   وعقد الرئيس اجتماعا معه."
    assert len(split_sentences(normalize(text))) == 2


def test_a_long_unpunctuated_first_line_is_the_title():
    from khabar.document import Document
    from khabar.pipeline import Pipeline

    text = ("عام / المشرف العام على مركز الملك سلمان للإغاثة يستقبل أمين هيئة الإغاثة الإسلامية\n\n"
            "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n"
            "استقبل المشرف العام على المركز اليوم أمين الهيئة.")
    doc = Pipeline(stages=("sentences",))(Document(id="t", text=text))
    assert doc.sentences[0].kind == "heading" and doc.sentences[-1].kind == "text"

"""The closed word classes of the stage rules: lexicons/word_classes.tsv, read once, normalized as it says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from khabar.errors import ResourceError
from khabar.resources import word_class


def test_every_class_the_code_asks_for_is_in_the_file_and_not_empty():
    root = Path(__file__).parent.parent / "khabar"
    asked = {m for f in root.rglob("*.py") for m in re.findall(r'word_class\("(\w+)"\)', f.read_text("utf-8"))}
    assert len(asked) > 70
    assert all(word_class(name) for name in asked)


def test_words_are_normalized_where_the_file_says_so_and_kept_as_written_elsewhere():
    assert "اثناء" in word_class("during") and "أثناء" not in word_class("during")  # (normalize: yes)
    assert "هؤلاء" in word_class("demonstratives_and_pronouns")  # (normalize: no)


def test_an_unknown_class_is_a_clear_error():
    with pytest.raises(ResourceError, match="word_classes.tsv"):
        word_class("no_such_class")

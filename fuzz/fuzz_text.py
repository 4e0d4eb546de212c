"""Coverage-guided fuzzing of the readers and the text layer with atheris (not run by `make test`).

    pip install atheris && python fuzz/fuzz_text.py -max_total_time=300

Each input is decoded as khabar reads a file (any bytes: JSON Lines, HTML, text in any encoding), and every article
read goes through normalization, sentences and tokens; a span that does not reproduce its text, or any exception
(other than the typed failures the readers return), is a finding.
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from khabar.readers import Article, read_bytes
    from khabar.text.normalize import normalize
    from khabar.text.sentences import split_sentences
    from khabar.text.tokens import tokenize


def check(text: str) -> None:
    norm = normalize(text)
    for span in (*split_sentences(norm), *tokenize(norm)):
        assert text[span.start:span.end] == span.text, (span, text)


def one_input(data: bytes) -> None:
    for item in read_bytes(data, "fuzz", max_chars=100_000):
        if isinstance(item, Article):
            check(item.text)
    check(data.decode("utf-8", "replace"))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

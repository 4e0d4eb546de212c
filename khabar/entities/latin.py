"""Latin names for people: a hand-kept table of well-known spellings first, then arabic-name-romanizer
(dictionary of attested spellings, then a small ONNX model, else rules), told the person's country when the
article gives it (محمد باقري is Mohammad Bagheri for Iran, Mohamed Bakiri without a hint).

The model costs ~10 ms a name it has to spell out; ``careful=False`` skips it (dictionary and rules only), which
the resolver uses for people mentioned once without a title or role: the pipeline stays fast on bulk news while the
article's main actors get the best spelling (باجوا: Bajwa by the model, Bajoua by rules)."""
from __future__ import annotations

from functools import lru_cache

from ..resources import word_class
from .lexicons import lexicon_rows


@lru_cache(maxsize=2)
def _transliterator(careful: bool):
    from arabic_name_romanizer import Transliterator, UserDictionary
    from arabic_name_romanizer.api import default_resources_dir

    pairs = [(r[0], r[1]) for r in lexicon_rows("latin_names.tsv", 2)]
    models = {}
    if careful:
        # one ONNX thread: khabar scales by running one process per core, and the library's default of two
        # threads per session only adds contention there
        models = {"model": _onnx_model(default_resources_dir()),
                  "persian_model": _onnx_model(default_resources_dir() / "persian")}
    return Transliterator(user_dictionary=UserDictionary.from_pairs(pairs), auto_load_model=False,
                          **{k: v for k, v in models.items() if v is not None})


def _onnx_model(model_dir):
    """The library's ONNX model in ``model_dir`` on a single thread, or None where it is absent."""
    from pathlib import Path

    from arabic_name_romanizer.inference import OnnxModel

    d = Path(model_dir)
    if not all((d / f).exists() for f in ("encoder.onnx", "decoder.onnx", "vocab.json", "meta.json")):
        return None
    return OnnxModel(d, intra_op_threads=1)


# words the romanizer is given at once: its search grows fast with the words (a royal name of nine words, الوليد بن
# خالد بن عبدالله بن فهد الفيصل الفرحان آل سعود, took 260 ms whole), so a longer name goes in pieces
_AT_ONCE = 5
_NAME_JOINERS = word_class("name_joiners")  # (بن، آل: a piece does not end with one)


@lru_cache(maxsize=5_000)
def latin_name(name: str, country: str | None = None, careful: bool = True) -> str | None:
    """The likely Latin spelling of a person's name (None when it cannot be had)."""
    if not name.strip():
        return None
    words = name.split()
    if len(words) > _AT_ONCE:
        cut = _AT_ONCE
        while cut > 1 and words[cut - 1] in _NAME_JOINERS:
            cut -= 1  # (a piece does not end with بن or آل: they belong to the name after them)
        head = latin_name(" ".join(words[:cut]), country, careful)
        rest = latin_name(" ".join(words[cut:]), country, careful)
        return f"{head} {rest}" if head and rest else None
    try:
        result = _transliterator(careful).transliterate(name, country=country)
    except (ValueError, RuntimeError, KeyError):
        return None
    text = getattr(result, "text", result)
    return text if isinstance(text, str) and text else None

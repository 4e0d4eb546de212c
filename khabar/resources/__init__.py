"""Language resources: data files shipped in this folder, each loaded on first use and cached.

Where each file comes from is in README.md beside it. Nothing here runs at import.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from ..errors import ResourceError


def read_resource(name: str) -> str:
    try:
        ref = resources.files(__name__).joinpath(name)
        data = ref.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"language resource {name!r} is missing ({exc}); "
                            "reinstall khabar or run `make model`") from None
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ResourceError(f"language resource {name!r} is corrupt ({exc}); run `make model`") from None
    return data.decode("utf-8")


def _lines(name: str) -> list[str]:
    """Non-empty lines without comments (# to the end of the line)."""
    out = []
    for line in read_resource(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    from ..text.normalize import normalize_str

    out: dict[str, frozenset[str]] = {}
    header_seen = False
    for lineno, line in enumerate(read_resource("lexicons/word_classes.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        parts = line.split("\t")
        if len(parts) < 3 or parts[1] not in ("yes", "no") or parts[0] in out:
            raise ResourceError(f"lexicons/word_classes.tsv line {lineno}: expected a new class name, yes or no, "
                                "and its words, tab-separated; reinstall khabar")
        words = parts[2].split()
        out[parts[0]] = frozenset(normalize_str(w) for w in words) if parts[1] == "yes" else frozenset(words)
    return out


def word_class(name: str) -> frozenset[str]:
    """A closed class of words the rules test membership in (``lexicons/word_classes.tsv``: prepositions,
    complementizers, light verbs …), normalized as the file says."""
    try:
        return _word_classes()[name]
    except KeyError:
        raise ResourceError(f"word class {name!r} is missing from lexicons/word_classes.tsv; "
                            "reinstall khabar") from None


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words that a following dot does not end a sentence after (case-folded, normalized)."""
    from ..text.normalize import normalize_str

    return frozenset(normalize_str(w).casefold() for w in _lines("abbreviations.txt"))


@lru_cache(maxsize=1)
def clitic_exceptions() -> frozenset[str]:
    """Normalized words that start with clitic-like letters but are never split (كما، لكن، الذي …)."""
    from ..text.normalize import normalize_str

    return frozenset(normalize_str(w) for w in _lines("clitic_exceptions.txt"))


@lru_cache(maxsize=1)
def _word_table() -> tuple[dict[str, int], dict[str, int]]:
    counts: dict[str, int] = {}
    hamza: dict[str, int] = {}
    for line in read_resource("wordfreq.tsv.gz").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2:
            counts[parts[0]] = int(parts[1])
            if len(parts) > 2 and parts[2] != "0":
                hamza[parts[0]] = int(parts[2])
    if not counts:
        raise ResourceError("wordfreq.tsv.gz is empty; run `make model`")
    return counts, hamza


def word_counts() -> dict[str, int]:
    """Normalized word → count in the unlabelled news corpus (built by scripts/build_wordfreq.py)."""
    return _word_table()[0]


def hamza_initial_counts() -> dict[str, int]:
    """Normalized word → how often it was written with a hamza-alef (أ إ آ) as its first letter."""
    return _word_table()[1]

"""Reading articles from files, folders and stdin: text in any common encoding, HTML, JSON Lines.

Every input yields either an ``Article`` or a ``Failure`` carrying a typed error: one bad file or JSONL line never
stops the others. The text of an article is exactly what was decoded; nothing is cleaned or normalized here.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import regex

from .errors import (
    BinaryInputError,
    DateError,
    DecodingError,
    EmptyInputError,
    HTMLExtractionError,
    InputError,
    RecordError,
    TooLargeError,
)

MAX_CHARS = 2_000_000  # one article; ~4 MB of Arabic UTF-8. Larger inputs get a TooLargeError naming --max-chars.
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"%PDF", "a PDF file"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
          (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"), (b"SQLite format 3", "an SQLite database"))
_HTML_SNIFF = regex.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<article|<\?xml[^>]*>\s*<html)",
                            regex.IGNORECASE)
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE)
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_LETTER = regex.compile(r"\p{L}")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Article:
    """One article as read, before any analysis."""

    id: str
    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read, with the typed reason."""

    source: str
    error: InputError

    @property
    def reason(self) -> str:
        return self.error.message

    @property
    def code(self) -> str:
        return self.error.code


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (JSON's ``"\\ud800"``, which is no Unicode character and cannot be stored,
    printed or tagged) replaced by U+FFFD, one for one so that offsets do not move; and how many there were."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def _clean(value: Any) -> Any:
    """A JSON value with lone surrogates replaced in every string, keys included (meta is stored and printed)."""
    if isinstance(value, str):
        return replace_surrogates(value)[0]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def check_date(value: Any, source: str | None = None) -> str | None:
    """``value`` as YYYY-MM-DD, or None; DateError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise DateError(f"publication date {value!r} is not a YYYY-MM-DD date", source=source)


# -- decoding -------------------------------------------------------------------------------------------------

def _plausible_arabic(text: str) -> bool:
    letters = len(_LETTER.findall(text[:20000]))
    return letters > 0 and len(_ARABIC_LETTER.findall(text[:20000])) >= 0.5 * letters


def _control_share(text: str) -> float:
    sample = text[:100000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is the high byte of a code unit, 0x00 for ASCII and 0x06 for
    Arabic letters; in UTF-8 text those bytes are letters or continuation bytes instead."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    for enc, high in (("utf-16-le", odd), ("utf-16-be", even)):
        share = sum(1 for b in high if b in (0x00, 0x06)) / len(high)
        if share > 0.6:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of ``data``. Tries, in order: a BOM, a declared charset, UTF-16 without BOM, UTF-8,
    UTF-8 with a few damaged bytes (kept as U+FFFD), windows-1256, then charset-normalizer's best guess."""
    if not data.strip():
        raise EmptyInputError("empty input: nothing to read", source=source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(enc), enc, source)
            except UnicodeDecodeError as exc:
                raise DecodingError(f"starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason}",
                                    source=source) from None
    for what_magic, what in _MAGIC:
        if data.startswith(what_magic):
            raise BinaryInputError(f"this is {what}, not text; khabar reads text, HTML and JSON Lines",
                                   source=source)
    if declared:
        try:
            return _finish(data.decode(declared), declared.lower(), source)
        except (UnicodeDecodeError, LookupError):
            pass
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return _finish(utf16, "utf-16", source)
    try:
        return _finish(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8000]:
        raise BinaryInputError("contains NUL bytes: looks binary, not text", source=source)
    damaged = data.decode("utf-8", errors="replace")
    if damaged.count("\ufffd") <= max(1, len(damaged) // 1000):
        return _finish(damaged, "utf-8 (damaged bytes replaced)", source)
    cp = data.decode("cp1256", errors="replace")
    if _plausible_arabic(cp) and _control_share(cp) < 0.01:
        return _finish(cp, "windows-1256", source)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception as exc:  # charset-normalizer's own failures are not ours to type
        raise DecodingError(f"cannot detect the encoding ({type(exc).__name__})", source=source) from None
    if best is None:
        raise DecodingError("cannot detect the encoding: not UTF-8, UTF-16 or windows-1256, and no other "
                            "encoding fits; convert it to UTF-8", source=source)
    return _finish(str(best), best.encoding, source)


def _finish(text: str, encoding: str, source: str) -> tuple[str, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = replace_surrogates(text)[0]
    if not text.strip():
        raise EmptyInputError("empty input: only whitespace", source=source)
    share = _control_share(text)
    if share > 0.01:
        raise BinaryInputError(f"looks binary: {share:.0%} control characters after decoding as {encoding}",
                               source=source)
    return text, encoding


# -- formats --------------------------------------------------------------------------------------------------

def _title_from_text(text: str) -> str | None:
    """A first line followed by a blank line, short and without final punctuation, is the article's title."""
    head, sep, rest = text.partition("\n")
    if not sep or not rest.startswith(("\n", "\r\n")):
        return None
    head = head.strip()
    if 0 < len(head) <= 200 and head[-1] not in ".!?؟؛:":
        return head
    return None


def _too_large(text: str, source: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise TooLargeError(f"article has {len(text):,} characters, over the limit of {max_chars:,} "
                            f"(raise it with --max-chars, or split the file)", source=source)


def article_from_record(rec: Any, source: str, *, default_published: str | None = None,
                        max_chars: int = MAX_CHARS) -> Article:
    """One JSON record {id?, text, published?, source?, title?, ...}; other keys are kept in ``meta``."""
    if not isinstance(rec, dict):
        raise RecordError(f"expected a JSON object with a 'text' field, got {type(rec).__name__}", source=source)
    text = rec.get("text")
    if not isinstance(text, str):
        raise RecordError("record has no 'text' string", source=source)
    text, replaced = replace_surrogates(text)
    if not text.strip():
        raise EmptyInputError("record's text is empty", source=source)
    _too_large(text, source, max_chars)
    rid = rec.get("id")
    if rid is not None and not isinstance(rid, (str, int)):
        raise RecordError(f"'id' must be a string or number, got {type(rid).__name__}", source=source)
    fields: dict[str, str | None] = {}
    for key in ("title", "source"):
        if rec.get(key) is not None and not isinstance(rec[key], str):
            raise RecordError(f"{key!r} must be a string", source=source)
        fields[key] = replace_surrogates(rec[key])[0] if rec.get(key) is not None else None
    if isinstance(rid, str):
        rid = replace_surrogates(rid)[0]
    published = check_date(rec.get("published"), source) or default_published
    known = {"id", "text", "published", "source", "title"}
    try:
        meta = _clean({k: v for k, v in rec.items() if k not in known})
    except RecursionError:
        raise RecordError("record is nested too deeply", source=source) from None
    if replaced:
        meta["replaced_surrogates"] = replaced
    return Article(id=str(rid) if rid not in (None, "") else text_id(text), text=text,
                   source=fields["source"] or source, published=published, title=fields["title"], meta=meta)


def _read_jsonl(data: bytes, source: str, default_published: str | None, max_chars: int
                ) -> Iterator[Article | Failure]:
    """Records end at \\n only (U+2028/U+2029 may stand raw inside JSON strings). A UTF-8 file with one line in
    another encoding (a windows-1256 record pasted in) is decoded a line at a time, as ``_stream_jsonl`` does:
    guessing one encoding for the whole file would turn every good UTF-8 line into mojibake."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None and not data.startswith(tuple(bom for bom, _ in _BOMS)) and b"\x00" not in data[:4000]:
        yield from _jsonl_byte_lines(data.split(b"\n"), source, default_published, max_chars)
        return
    try:
        text, _ = decode_bytes(data, source)
    except InputError as exc:
        yield Failure(source, exc)
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        yield from _jsonl_line(line, f"{source}:{lineno}", default_published, max_chars)


def _jsonl_byte_lines(raws: Iterable[bytes], source: str, default_published: str | None, max_chars: int
                      ) -> Iterator[Article | Failure]:
    """JSON Lines given as raw lines, each decoded on its own (UTF-8, else what its bytes say): one line in another
    encoding is that line's business, not the file's. A UTF-8 byte-order mark on the first line is dropped."""
    for lineno, raw in enumerate(raws, 1):
        where = f"{source}:{lineno}"
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line, _ = decode_bytes(raw, where)
            except InputError as exc:
                yield Failure(where, exc)
                continue
        yield from _jsonl_line(line, where, default_published, max_chars)


def _jsonl_line(line: str, where: str, default_published: str | None, max_chars: int
                ) -> Iterator[Article | Failure]:
    line = line.rstrip("\r")
    if not line.strip():
        return
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        yield Failure(where, RecordError(f"not a JSON line ({msg})", source=where))
        return
    try:
        yield article_from_record(rec, where, default_published=default_published, max_chars=max_chars)
    except InputError as exc:
        yield Failure(where, exc)


STREAM_JSONL_BYTES = 4_000_000  # larger JSONL files are read a line at a time: memory stays flat on a big corpus


def _stream_jsonl(path: Path, source: str, default_published: str | None, max_chars: int
                  ) -> Iterator[Article | Failure]:
    """A big UTF-8 JSONL file, one line at a time (lines end at b'\n' only, as in ``_read_jsonl``); a line that is
    not UTF-8 is decoded on its own by ``decode_bytes``."""
    with path.open("rb") as fh:
        yield from _jsonl_byte_lines(fh, source, default_published, max_chars)


def _read_json(data: bytes, source: str, default_published: str | None, max_chars: int
               ) -> Iterator[Article | Failure]:
    try:
        text, _ = decode_bytes(data, source)
        try:
            obj = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise RecordError(f"not valid JSON ({getattr(exc, 'msg', 'nested too deeply')})", source=source) \
                from None
    except InputError as exc:
        yield Failure(source, exc)
        return
    records = obj if isinstance(obj, list) else [obj]
    for i, rec in enumerate(records):
        where = f"{source}[{i}]" if isinstance(obj, list) else source
        try:
            yield article_from_record(rec, where, default_published=default_published, max_chars=max_chars)
        except InputError as exc:
            yield Failure(where, exc)


def extract_html(data: bytes, source: str, *, declared: str | None = None, url: str | None = None
                 ) -> tuple[Any, str, str]:
    """trafilatura's reading of an HTML page (its ``text``, ``title``, ``author``, ``date``), with the article text
    and the encoding the page was decoded with: the ``declared`` charset (an HTTP header's), else the page's
    ``<meta>``, else what its bytes say. HTMLExtractionError when trafilatura finds no article text."""
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    html, encoding = decode_bytes(data, source, declared=declared)
    import trafilatura

    # no extensive date search: a footer's copyright year is not a publication date
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise HTMLExtractionError("no article text found in this HTML page", source=source)
    return extracted, text, encoding


def _read_html(data: bytes, source: str, default_published: str | None, max_chars: int) -> Article:
    extracted, text, encoding = extract_html(data, source)
    _too_large(text, source, max_chars)
    published = default_published
    date = getattr(extracted, "date", None)
    meta: dict[str, Any] = {"encoding": encoding, "format": "html"}
    if date:
        try:
            published = check_date(date, source)
            meta["published_from"] = "html metadata"
        except DateError:
            pass
    return Article(id=text_id(text), text=text, source=source, published=published,
                   title=getattr(extracted, "title", None), meta=meta)


def _read_text(data: bytes, source: str, default_published: str | None, max_chars: int) -> Article:
    text, encoding = decode_bytes(data, source)
    _too_large(text, source, max_chars)
    return Article(id=text_id(text), text=text, source=source, published=default_published,
                   title=_title_from_text(text), meta={"encoding": encoding})


def read_bytes(data: bytes, source: str, *, kind: str | None = None, published: str | None = None,
               max_chars: int = MAX_CHARS) -> Iterator[Article | Failure]:
    """Articles in ``data``. ``kind`` is text, html, jsonl or json; sniffed from the content when None."""
    published = check_date(published)
    if kind is None:
        head = data[:2048].lstrip(codecs.BOM_UTF8)
        if _HTML_SNIFF.match(head):
            kind = "html"
        elif head.lstrip().startswith(b"{") and _parses(data.lstrip(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]):
            kind = "jsonl"
        elif head.lstrip().startswith(b"[") and _parses(data):
            kind = "json"
        else:
            kind = "text"  # '[عاجل] ...' is an article, not broken JSON
    if kind == "jsonl":
        yield from _read_jsonl(data, source, published, max_chars)
        return
    if kind == "json":
        yield from _read_json(data, source, published, max_chars)
        return
    try:
        if kind == "html":
            yield _read_html(data, source, published, max_chars)
        else:
            yield _read_text(data, source, published, max_chars)
    except InputError as exc:
        yield Failure(source, exc)


def _parses(data: bytes) -> bool:
    try:
        json.loads(data.decode("utf-8-sig"))
        return True
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False


def _kind_of(path: Path, head: bytes) -> str | None:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TEXT_SUFFIXES:
        return "html" if _HTML_SNIFF.match(head.lstrip(codecs.BOM_UTF8)) else "text"
    return None


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str]:
    """Files as given; folders expanded (sorted, recursively) to the files khabar can read; '-' is stdin."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not hidden and child.is_file() and child.suffix.lower() in READABLE_SUFFIXES:
                    found = True
                    yield child
            if not found:
                yield path  # read_path reports it
        else:
            yield path


def read_path(path: Path | str, *, published: str | None = None, max_chars: int = MAX_CHARS,
              stdin: BinaryIO | None = None) -> Iterator[Article | Failure]:
    """Articles in one file (or stdin for '-')."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_chars * 4 + 1)
        yield from read_bytes(data, "<stdin>", published=published, max_chars=max_chars)
        return
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"is a folder with no readable files ({', '.join(sorted(READABLE_SUFFIXES))})",
                             source=source)
        suffix = path.suffix.lower()
        if size > max_chars * 4 + 4 and suffix not in JSONL_SUFFIXES | JSON_SUFFIXES:
            raise TooLargeError(f"file is {size:,} bytes, more than {max_chars:,} characters can take: over the "
                                f"limit per article (raise it with --max-chars, or split the file)", source=source)
        if suffix in JSONL_SUFFIXES and size > STREAM_JSONL_BYTES:
            with path.open("rb") as fh:
                head = fh.read(4)
            if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in head and \
                    not any(head.startswith(m) for m, _ in _MAGIC):
                yield from _stream_jsonl(path, source, check_date(published), max_chars)
                return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Failure(source, InputError("no such file", source=source))
        return
    except PermissionError:
        yield Failure(source, InputError("permission denied", source=source))
        return
    except IsADirectoryError:
        yield Failure(source, InputError("is a folder", source=source))
        return
    except InputError as exc:
        yield Failure(source, exc)
        return
    except OSError as exc:
        yield Failure(source, InputError(f"cannot read: {exc.strerror or exc}", source=source))
        return
    kind = _kind_of(path, data[:2048])
    yield from read_bytes(data, source, kind=kind, published=published, max_chars=max_chars)


def read_inputs(paths: Iterable[str | os.PathLike[str]], *, published: str | None = None,
                max_chars: int = MAX_CHARS, stdin: BinaryIO | None = None) -> Iterator[Article | Failure]:
    """Every article in ``paths`` (files, folders, '-'), in order, with a Failure for each unreadable input."""
    for path in expand_paths(paths):
        yield from read_path(path, published=published, max_chars=max_chars, stdin=stdin)

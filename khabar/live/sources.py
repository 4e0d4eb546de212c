"""The sources to follow: feed URLs on the command line and/or a ``sources.toml`` file.

```toml
[[source]]
url = "https://www.spa.gov.sa/rss.xml"   # an RSS/Atom feed or an XML sitemap (told apart by content)
name = "واس"                              # optional: the outlet (documents.source); default: the host
language = "ar"                           # optional: recorded in each article's meta.language
```
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourcesFileError, URLError
from .urls import canonical_url


@dataclass(frozen=True)
class Source:
    url: str
    name: str | None = None
    language: str | None = None

    @property
    def id(self) -> str:
        return canonical_url(self.url)


def load_sources(path: str | Path) -> list[Source]:
    """The sources listed in a sources.toml file; SourcesFileError naming the first problem."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError("no such file", source=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"cannot read: {exc}", source=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"not TOML: {exc}", source=where) from None
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourcesFileError("sources are [[source]] tables with a url", source=where)
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise SourcesFileError(f"unknown top-level key(s) {', '.join(unknown)}: sources are [[source]] tables",
                               source=where)
    out = []
    for i, e in enumerate(entries, 1):
        extra = sorted(set(e) - {"url", "name", "language"})
        if extra:
            raise SourcesFileError(f"source {i}: unknown key(s) {', '.join(extra)} (url, name, language)",
                                   source=where)
        url = e.get("url")
        if not isinstance(url, str):
            raise SourcesFileError(f"source {i} has no url string", source=where)
        for key in ("name", "language"):
            if e.get(key) is not None and not isinstance(e[key], str):
                raise SourcesFileError(f"source {i}: {key} must be a string", source=where)
        try:
            canonical_url(url)
        except URLError as exc:
            raise SourcesFileError(f"source {i}: {exc.message}: {url!r}", source=where) from None
        out.append(Source(url, e.get("name"), e.get("language")))
    return out

"""Canonical URLs: one spelling per article, so that the same page reached by two links is fetched once.

Lower-case scheme and host, no default port, no fragment, no tracking parameters (utm_*, fbclid, gclid, …), the
remaining query parameters sorted, no trailing slash on a path (the root stays ``/``), percent-escapes in one case.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from ..errors import URLError

TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "ref_src",
                      "spm", "cmpid", "at_medium", "at_campaign", "ocid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _tracking(name: str) -> bool:
    n = name.lower()
    return n.startswith(("utm_", "utm-")) or n in TRACKING


def canonical_url(url: str) -> str:
    """The canonical form of an absolute http(s) URL; URLError for anything else."""
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise URLError(f"not a URL: {exc}", source=raw) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise URLError("not an http(s) URL with a host", source=raw)
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)))
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """scheme://host[:port] of a URL: the unit of rate limits and robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

"""Polite HTTP for live ingestion: timeouts, retries with back-off, a per-host rate limit, robots.txt, conditional GET.

Why each: a news site that is slow or briefly down must not stall the other sources (timeouts, bounded retries);
a poller must not hammer one host (at most one request per ``min_interval`` seconds per host, robots.txt honoured:
a disallowed URL is never fetched); polling a feed every few minutes should cost the site a 304, not the whole feed
(If-None-Match / If-Modified-Since from the validators the store kept). Every failure is a typed LiveError; the
caller records it and goes on.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import (
    ConnectError,
    DisallowedError,
    FetchTimeoutError,
    HTTPStatusError,
    LiveError,
    RedirectError,
    ResponseTooLargeError,
    URLError,
)
from .urls import host_of

USER_AGENT = f"khabar/{__version__} (Arabic news event extraction; respects robots.txt)"
ROBOTS_AGENT = "khabar"
ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted before it is fetched again
ROBOTS_RETRY = 60.0  # seconds before a robots.txt that could not be read is asked for again
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Politeness:
    timeout: float = 10.0  # seconds to connect, and between bytes read
    retries: int = 2  # further attempts after a timeout, a connection error, a 429 or a 5xx
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    max_backoff: float = 30.0
    min_interval: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    robots: bool = True


@dataclass(frozen=True)
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    seconds: float
    attempts: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


@dataclass(frozen=True)
class RobotsFetch:
    """A robots.txt request, reported to the caller so that it is recorded like any other fetch."""

    url: str
    status: int | None
    seconds: float
    error: LiveError | None = None


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: allow everything (no robots.txt)
    fetched: float
    error: LiveError | None = None  # robots.txt unreachable: every URL of the host fails until it is fetched again


@dataclass
class Fetcher:
    """One HTTP client for a run; not thread-safe (the watcher fetches one request at a time)."""

    politeness: Politeness = field(default_factory=Politeness)
    transport: httpx.BaseTransport | None = None
    on_robots: Callable[[RobotsFetch], None] | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        p = self.politeness
        self.client = httpx.Client(timeout=httpx.Timeout(p.timeout), follow_redirects=True,
                                   max_redirects=p.max_redirects, transport=self.transport,
                                   headers={"User-Agent": USER_AGENT})
        self._next: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -------------------------------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        now = self.clock()
        turn = self._next.get(host, 0.0)
        if turn > now:
            self.sleep(turn - now)
            now = turn
        self._next[host] = now + self.politeness.min_interval

    def check_robots(self, url: str) -> None:
        """DisallowedError when robots.txt forbids ``url``; the error of fetching robots.txt when it cannot be had
        (RFC 9309: a server error means 'assume complete disallow', so the URL is not fetched this time)."""
        if not self.politeness.robots:
            return
        host = host_of(url)
        entry = self._robots.get(host)
        if entry is None or self.clock() - entry.fetched > (ROBOTS_TTL if entry.error is None else ROBOTS_RETRY):
            entry = self._robots[host] = self._fetch_robots(host)
        if entry.error is not None:
            raise type(entry.error)(f"robots.txt of {host} could not be read: {entry.error.message}", source=url)
        if entry.parser is not None and not entry.parser.can_fetch(ROBOTS_AGENT, url):
            raise DisallowedError("robots.txt disallows it for khabar", source=url)

    def _fetch_robots(self, host: str) -> _Robots:
        url = host + "/robots.txt"
        t0 = time.perf_counter()
        try:
            resp = self._get(url, {}, retries=0)
        except HTTPStatusError as exc:
            self._report(RobotsFetch(url, exc.status, time.perf_counter() - t0, None if exc.status < 500 else exc))
            if exc.status is not None and exc.status < 500:
                return _Robots(None, self.clock())  # 4xx: there are no rules
            return _Robots(None, self.clock(), exc)
        except LiveError as exc:
            self._report(RobotsFetch(url, None, time.perf_counter() - t0, exc))
            return _Robots(None, self.clock(), exc)
        self._report(RobotsFetch(url, resp.status, resp.seconds))
        parser = RobotFileParser(url)
        parser.parse(resp.content.decode("utf-8", "replace").splitlines())
        parser.modified()
        return _Robots(parser, self.clock())

    def _report(self, event: RobotsFetch) -> None:
        if self.on_robots is not None:
            self.on_robots(event)

    # -- fetching ---------------------------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` politely; a 304 is returned (``not_modified``), every failure raised as a LiveError."""
        if not url.startswith(("http://", "https://")):
            raise URLError("not an http(s) URL", source=url)
        self.check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, retries=self.politeness.retries)

    def _get(self, url: str, headers: dict[str, str], *, retries: int) -> Response:
        p = self.politeness
        attempt = 0
        while True:
            attempt += 1
            self._wait_turn(host_of(url))
            t0 = time.perf_counter()
            retry_after = None
            try:
                resp = self._once(url, headers, t0, attempt)
                if resp.status < 400:
                    return resp
                error: LiveError = HTTPStatusError(f"HTTP {resp.status}", source=url, status=resp.status)
                if resp.status not in RETRY_STATUSES:
                    raise error
                retry_after = _retry_after(resp.headers.get("retry-after"))
            except httpx.TooManyRedirects:
                raise RedirectError(f"more than {p.max_redirects} redirects (a redirect loop?)", source=url) from None
            except httpx.UnsupportedProtocol as exc:
                raise RedirectError(f"redirected to a URL khabar cannot fetch: {exc}", source=url) from None
            except httpx.TimeoutException as exc:
                error = FetchTimeoutError(f"no answer within {p.timeout:g} s ({type(exc).__name__})", source=url)
            except httpx.TransportError as exc:
                error = ConnectError(f"{type(exc).__name__}: {exc}".rstrip(": "), source=url)
            if attempt > retries:
                if attempt > 1:
                    error.message += f" (after {attempt} attempts)"
                raise error
            delay = min(p.max_backoff, p.backoff * 2 ** (attempt - 1))
            self.sleep(max(delay, min(retry_after or 0.0, p.max_backoff)))

    def _once(self, url: str, headers: dict[str, str], t0: float, attempt: int) -> Response:
        p = self.politeness
        with self.client.stream("GET", url, headers=headers) as resp:
            chunks, size = [], 0
            if resp.status_code < 400 and resp.status_code != 304:
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > p.max_bytes:
                        raise ResponseTooLargeError(f"answer is over {p.max_bytes:,} bytes", source=url)
                    chunks.append(chunk)
            return Response(url, str(resp.url), resp.status_code, resp.headers, b"".join(chunks),
                            time.perf_counter() - t0, attempt)


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None

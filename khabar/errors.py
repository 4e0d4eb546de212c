"""One exception tree for khabar, with coded messages a user can act on.

Adapters (CLI, API) turn these into one-line messages or JSON errors; library code raises them and never prints.
"""
from __future__ import annotations


class KhabarError(Exception):
    """Base of every error khabar raises on purpose. ``code`` is stable and documented."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(KhabarError):
    """An input file or record cannot be turned into an article."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class DecodingError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class RecordError(InputError):
    """A JSONL line or record is malformed (bad JSON, missing text, wrong field types)."""

    code = "E105"


class HTMLExtractionError(InputError):
    code = "E106"


class DateError(InputError):
    """A publication date is not a valid YYYY-MM-DD date."""

    code = "E107"


class DocumentError(KhabarError):
    """A document violates the model's invariants (e.g. a span that does not match the text)."""

    code = "E200"


class SpanError(DocumentError):
    code = "E201"


class SchemaError(DocumentError):
    """JSON does not follow document.schema.json."""

    code = "E202"


class PipelineError(KhabarError):
    """The pipeline is assembled wrongly (a stage's requirement is not provided before it)."""

    code = "E300"


class ResourceError(KhabarError):
    """A packaged language resource is missing or corrupt: reinstall khabar or run `make model`."""

    code = "E400"


class StoreError(KhabarError):
    """The document store cannot do what was asked (it is missing, unreachable, or of another version)."""

    code = "E500"


class StoreNotFoundError(StoreError):
    """A query command was pointed at a store that does not exist yet."""

    code = "E501"


class StoreConnectionError(StoreError):
    """The database cannot be opened or reached (a bad path, URL, password or server)."""

    code = "E502"


class StoreSchemaError(StoreError):
    """The database is not a khabar store, or was written by a newer khabar than this one."""

    code = "E503"


class QueryError(StoreError):
    """A query's parameters cannot be used (nothing to search for, an unknown event type, a bad date)."""

    code = "E504"


class ExportError(StoreError):
    """An export cannot be written (an unknown format, or pyarrow missing for Parquet)."""

    code = "E505"


class NotFoundError(StoreError):
    """What was asked for (an entity, a document) is not in the store."""

    code = "E506"


class StoreFullError(StoreError):
    """The database's disk, or its size limit, is full: the article being written was rolled back whole."""

    code = "E507"


class QueryTimeoutError(StoreError):
    """A query ran past the per-request time limit and was cancelled."""

    code = "E508"


class WebError(KhabarError):
    """An HTTP request the API refuses before any query runs; ``status`` is its HTTP status."""

    code = "E600"
    status = 400


class AuthenticationError(WebError):
    """A write without a bearer token (401)."""

    code = "E601"
    status = 401


class ForbiddenError(WebError):
    """A write with a wrong token, or to a server started without one (403)."""

    code = "E602"
    status = 403


class BodyTooLargeError(WebError):
    """A request body over the server's limit (413)."""

    code = "E603"
    status = 413


class BadRequestError(WebError):
    """A request body that is not JSON, or parameters that fail validation (400/422)."""

    code = "E604"
    status = 400


class LiveError(KhabarError):
    """Live ingestion could not fetch or read a source or page (recorded per fetch; the other sources go on)."""

    code = "E700"


class FetchTimeoutError(LiveError):
    """The server did not answer within the timeout, after every retry."""

    code = "E701"


class HTTPStatusError(LiveError):
    """The server answered with an error status (4xx, or 5xx after every retry)."""

    code = "E702"

    def __init__(self, message: str, *, source: str | None = None, status: int | None = None):
        super().__init__(message, source=source)
        self.status = status


class RedirectError(LiveError):
    """Too many redirects (a redirect loop), or a redirect to something that is not http(s)."""

    code = "E703"


class DisallowedError(LiveError):
    """robots.txt disallows the URL for khabar: recorded, never fetched."""

    code = "E704"


class FeedError(LiveError):
    """The answer is not an RSS/Atom feed or a sitemap khabar can read."""

    code = "E705"


class ConnectError(LiveError):
    """The host cannot be reached (name not resolved, connection refused or reset), after every retry."""

    code = "E706"


class SourcesFileError(LiveError):
    """A sources.toml file is missing, not TOML, or has an entry without a usable url."""

    code = "E707"


class URLError(LiveError):
    """Not an http(s) URL khabar can fetch."""

    code = "E708"


class ResponseTooLargeError(LiveError):
    """The answer is larger than the limit per response."""

    code = "E709"

"""Live ingestion: follow RSS/Atom feeds, sitemaps and single pages, and ingest new articles as they appear.

An outer layer, like ``store/``: it uses the readers, the pipeline and the store; nothing in the core imports it.
``urls`` canonical URLs, ``http`` polite fetching (timeouts, retries with back-off, per-host rate limit,
robots.txt, conditional GET), ``feeds`` feed and sitemap parsing, ``extract`` a fetched page → Article, ``state``
the store's sources/pages/fetches tables, ``sources`` sources.toml, ``watch`` the polling loop.
"""

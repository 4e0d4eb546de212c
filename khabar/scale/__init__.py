"""Batch and distributed ingest: extraction in worker processes (a local pool or a Dask cluster), results streamed
to the store in small transactions or to Parquet partitions, and near-duplicate detection over the stored articles.

An outer layer, like ``khabar.store``: the core never imports it.
"""

"""The HTTP API (/api/…) and the web page, served by ``khabar serve``: a thin door onto ``khabar.query``.

An outer layer like ``khabar.store``: it imports the core and the store; nothing else imports it. FastAPI, uvicorn
and Jinja2 are loaded only when it is used, so ``khabar extract`` starts as fast as before.
"""
from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any):
    """See ``khabar.web.app.create_app``."""
    from .app import create_app as make

    return make(*args, **kwargs)


__all__ = ["create_app"]

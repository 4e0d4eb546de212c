"""The packaged copy of ``document.schema.json`` and validation against it (jsonschema, loaded on first use)."""
from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import SchemaError


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath("document.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = document_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(doc: Mapping[str, Any]) -> list[str]:
    """Every schema violation of ``doc`` as 'path: message' (empty when valid)."""
    out = []
    for err in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        path = "/".join(str(p) for p in err.absolute_path) or "(document)"
        out.append(f"{path}: {err.message}")
    return out


def validate_document(doc: Mapping[str, Any]) -> None:
    """Raise SchemaError if ``doc`` violates the schema or any span's offsets do not reproduce its text."""
    errors = schema_errors(doc)
    if errors:
        raise SchemaError("; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""),
                          source=str(doc.get("id")) if isinstance(doc, Mapping) else None)
    from ..document import Document

    Document.from_dict(doc).check_spans()

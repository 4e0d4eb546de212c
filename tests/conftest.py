"""Fixtures, defined once. Tests need no network; ../shared is used only where a test says so and is skipped
without it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.demo import sample_file
from khabar.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def samples() -> list[dict]:
    """The bundled sample articles as records (the seed article first)."""
    return [json.loads(line) for line in sample_file().read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_text(samples) -> str:
    return samples[0]["text"]


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_score(pipeline, shared):
    """The pipeline's output on the seed article, scored against shared/gold by its README's rules."""
    from khabar.evaluate import score_document
    from khabar.readers import Article

    gold = json.loads((shared / "gold" / "bagheri-pakistan.json").read_text("utf-8"))
    text = (shared / gold["file"]).read_text("utf-8")
    doc = pipeline.process(Article(id="seed", text=text, published=gold["published"])).document
    return score_document(gold, doc.to_dict(layers=False))

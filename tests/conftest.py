"""Shared fixtures: the real seed corpus, the real model, the real index (built by `make test`)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from qa.settings import PROJECT_ROOT, Settings

DOCS_DIR = PROJECT_ROOT / "data" / "docs"
DEV_QUESTIONS = PROJECT_ROOT / "data" / "questions" / "dev.jsonl"
LAWREFBOOK = PROJECT_ROOT.parent / "shared" / "corpora" / "lawrefbook"


def compact(text: str) -> str:
    """Whitespace-free form used for every evidence comparison."""
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="session")
def seed_settings() -> Settings:
    """Settings for the bundled corpus and the project's index (QA_INDEX/QA_DOCS are ignored)."""
    return Settings.from_env(docs_dir=DOCS_DIR, index_dir=PROJECT_ROOT / "index")


@pytest.fixture(scope="session")
def pipeline(seed_settings: Settings):
    from qa.pipeline import Pipeline

    return Pipeline.open(seed_settings, progress=False)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def lawrefbook() -> Path:
    if not LAWREFBOOK.is_dir():
        pytest.fail(f"lawrefbook corpus not found at {LAWREFBOOK} (it ships in ../shared)")
    return LAWREFBOOK


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

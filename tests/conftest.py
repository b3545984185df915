"""Shared fixtures: the real seed corpus, the real model, the real index (built by `make test`)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from qa.settings import PROJECT_ROOT, Settings

DOCS_DIR = PROJECT_ROOT / "data" / "docs"
DEV_QUESTIONS = PROJECT_ROOT / "data" / "questions" / "dev.jsonl"
LAWREFBOOK = PROJECT_ROOT.parent / "shared" / "corpora" / "lawrefbook"


def bench_module(name: str) -> ModuleType:
    """A script of bench/ loaded as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", PROJECT_ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def compact(text: str) -> str:
    """Whitespace-free form used for every evidence comparison."""
    return re.sub(r"\s", "", text)


def found_answer(pipeline, question: str, history: tuple[str, ...] = ()):
    """The answer to a question that must find something."""
    answer = pipeline.ask(question, list(history))
    assert answer.found, answer.answer
    return answer


def found_quote(pipeline, question: str, history: tuple[str, ...] = ()) -> str:
    """The first quote of an answer that must have found something, whitespace-free."""
    return compact(found_answer(pipeline, question, history).citations[0].quote)


def lawrefbook_pipeline(relatives: tuple[str, ...], root: Path):
    """A pipeline over these lawrefbook texts, read in place and copied to `root`/docs (never
    into the repo), indexed in `root`/index."""
    from qa.pipeline import Pipeline

    if not LAWREFBOOK.is_dir():
        pytest.fail(f"lawrefbook corpus not found at {LAWREFBOOK} (it ships in ../shared)")
    for relative in relatives:
        target = root / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LAWREFBOOK / relative, target)
    return Pipeline.open(Settings.from_env(docs_dir=root / "docs", index_dir=root / "index"), progress=False)


def lawrefbook_fixture(*relatives: str):
    """A module-scoped fixture: `lawrefbook_pipeline` over these texts in a fresh directory."""

    @pytest.fixture(scope="module")
    def pipeline_over_texts(tmp_path_factory: pytest.TempPathFactory):
        return lawrefbook_pipeline(relatives, tmp_path_factory.mktemp("lawrefbook"))

    return pipeline_over_texts


def written_texts_fixture(texts: dict[str, str]):
    """A module-scoped fixture: a pipeline over texts written for a test ({file name: text}), in a
    fresh directory."""

    @pytest.fixture(scope="module")
    def pipeline_over_written_texts(tmp_path_factory: pytest.TempPathFactory):
        from qa.pipeline import Pipeline

        root = tmp_path_factory.mktemp("written")
        (root / "docs").mkdir()
        for name, text in texts.items():
            (root / "docs" / name).write_text(text, encoding="utf-8")
        return Pipeline.open(Settings.from_env(docs_dir=root / "docs", index_dir=root / "index"), progress=False)

    return pipeline_over_written_texts


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

"""Keyword-first builds: keyword search is live before the dense vectors, answers say the index
is partial, and an interrupted build resumes to the same index an uninterrupted one gives.

The seed corpus stands in for a large folder: `keyword_first_clauses=1` makes its build
keyword-first, one document per dense chunk, a republish after every chunk.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.app.render import answer_copy_text, answer_markdown
from qa.index.build import read_build_progress
from qa.index.embed import Embedder
from qa.index.model import resolve_model
from qa.pipeline import Pipeline, build
from qa.records import BuildProgress
from qa.settings import Settings
from tests.conftest import DOCS_DIR

pytestmark = pytest.mark.model

QUESTIONS = [  # written for this test; what matters is that both indexes answer them alike
    "瑞安市415X先进制造业集群的发展目标是什么？",
    "文成县腾出低效工业用地多少亩？",
    "湖州市腾笼换鸟攻坚行动要整治多少家低效企业？",
    "宁海县光伏储能产业链怎么协作？",
    "越城区1515专项行动对企业技术改造有什么支持？",
]
NOTE = "索引仍在建立：向量检索覆盖"


class Interrupted(Exception):
    """Stands in for a kill: the build stops where the progress callback raises it."""


def stop_at(stage: str, after: int = 1):
    seen: list[BuildProgress] = []

    def on_progress(progress: BuildProgress) -> None:
        seen.append(progress)
        if sum(item.stage == stage for item in seen) >= after:
            raise Interrupted(stage)

    return on_progress, seen


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    settings = Settings.from_env()
    return Embedder(resolve_model(settings), settings)


def keyword_first_settings(tmp_path: Path, name: str) -> Settings:
    docs = tmp_path / "docs"
    if not docs.exists():
        shutil.copytree(DOCS_DIR, docs)
    return replace(
        Settings.from_env(docs_dir=docs, index_dir=tmp_path / name),
        keyword_first_clauses=1, dense_chunk_clauses=1, dense_publish_seconds=0.0,
    )


def answers(settings: Settings, embedder: Embedder) -> list[tuple[str, list[str], str]]:
    pipeline = Pipeline.open(settings, build_if_needed=False, progress=False, embedder=embedder)
    return [(a.answer, [c.clause_id for c in a.citations], a.index_note) for a in map(pipeline.ask, QUESTIONS)]


def test_interrupted_after_the_keyword_stage_answers_keyword_only_with_a_note(tmp_path: Path, embedder: Embedder) -> None:
    settings = keyword_first_settings(tmp_path, "index")
    on_progress, seen = stop_at("keyword")
    with pytest.raises(Interrupted):
        build(settings, progress=False, embedder=embedder, on_progress=on_progress)

    assert [item.stage for item in seen] == ["keyword"] and seen[0].live_dense_clauses == 0
    assert read_build_progress(settings.index_dir) == seen[0]
    pipeline = Pipeline.open(settings, build_if_needed=False, progress=False, embedder=embedder)
    assert pipeline.index.dense_coverage == 0.0 and len(pipeline.index.dense_pending) == len(pipeline.index.documents)
    answered = [pipeline.ask(question) for question in QUESTIONS]
    assert all(answer.index_note == f"{NOTE} 0%，结果可能不完整。" for answer in answered)
    assert sum(answer.found for answer in answered) >= 2, [answer.answer for answer in answered]
    assert NOTE in answer_markdown(answered[0]) and answer_copy_text(answered[0]).startswith(f"（{NOTE}")  # app, API
    printed = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", QUESTIONS[1], "--index", str(settings.index_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert printed.returncode == 0 and printed.stdout.startswith(f"（{NOTE} 0%"), printed.stderr[-2000:]
    retrieved = [pipeline.search(question).hits for question in QUESTIONS]
    assert sum(bool(hits) for hits in retrieved) >= 4
    for question, hits in zip(QUESTIONS, retrieved):  # keyword-only: no hit was found or scored by dense search
        assert all(hit.dense_rank is None and hit.dense_similarity is None for hit in hits)
        assert [hit.clause.clause_id for hit in pipeline.search(question, mode="fused").hits] == [
            hit.clause.clause_id for hit in pipeline.search(question, mode="keyword").hits
        ]


def test_a_resumed_build_keeps_computed_vectors_and_answers_like_an_uninterrupted_one(tmp_path: Path, embedder: Embedder) -> None:
    uninterrupted = replace(keyword_first_settings(tmp_path, "uninterrupted"), keyword_first_clauses=10**9)  # a plain build
    whole = build(uninterrupted, progress=False, embedder=embedder)
    assert whole.built and whole.embed_requested == whole.clauses

    resumed = keyword_first_settings(tmp_path, "resumed")
    on_progress, seen = stop_at("dense", after=2)  # two of the five documents embedded and published
    with pytest.raises(Interrupted):
        build(resumed, progress=False, embedder=embedder, on_progress=on_progress)
    partial = Pipeline.open(resumed, build_if_needed=False, progress=False, embedder=embedder).index
    assert 0 < partial.dense_coverage < 1 and seen[-1].live_dense_clauses == round(partial.dense_coverage * whole.clauses)
    pending_clauses = sum(len(partial.clause_rows(doc)) for doc in partial.dense_pending)
    partial_answers = answers(resumed, embedder)
    assert all(note.startswith(NOTE) and f"{int(partial.dense_coverage * 100)}%" in note for _, _, note in partial_answers)

    report = build(resumed, progress=False, embedder=embedder)
    assert report.built and report.reason.startswith("dense vectors incomplete")
    assert report.embed_requested == pending_clauses < whole.clauses  # embedded documents kept their vectors
    assert read_build_progress(resumed.index_dir).stage == "done"
    assert not build(resumed, progress=False, embedder=embedder).built  # complete: up to date
    assert answers(resumed, embedder) == answers(uninterrupted, embedder)
    assert all(note == "" for _, _, note in answers(resumed, embedder))


def test_keyword_first_on_milvus_lite_answers_keyword_only_then_resumes(tmp_path: Path, embedder: Embedder) -> None:
    from qa.index.stores.milvus import close_client, milvus_uri

    settings = replace(keyword_first_settings(tmp_path, "milvus-index"), store="milvus")
    on_progress, _ = stop_at("keyword")
    with pytest.raises(Interrupted):
        build(settings, progress=False, embedder=embedder, on_progress=on_progress)
    partial = Pipeline.open(settings, build_if_needed=False, progress=False, embedder=embedder)
    hits = [hit for question in QUESTIONS for hit in partial.search(question).hits]
    assert hits and all(hit.dense_rank is None for hit in hits)
    assert partial.ask(QUESTIONS[1]).index_note.startswith(NOTE)
    close_client(milvus_uri(settings))  # Milvus Lite: one client per folder at a time

    report = build(settings, progress=False, embedder=embedder)
    assert report.built and report.reason.startswith("dense vectors incomplete")
    complete = Pipeline.open(settings, build_if_needed=False, progress=False, embedder=embedder)
    assert complete.index.dense_coverage == 1.0 and complete.ask(QUESTIONS[1]).index_note == ""
    assert any(hit.dense_rank is not None for question in QUESTIONS for hit in complete.search(question).hits)
    close_client(milvus_uri(settings))

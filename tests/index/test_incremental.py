"""Incremental index builds: only new and changed documents are split and embedded.

The first tests drive `update_index` with a deterministic stand-in embedder (no model)
to pin down what is reused; the ones marked `model` run the real `qa.pipeline.build` on
a copy of the seed corpus and check that answers follow the edit.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.index.build import BuildRequest, indexed_text, load_index, read_manifest, update_index
from qa.ingest.documents import ingest_sources
from qa.ingest.load import load_folder
import qa.pipeline
from qa.records import IngestResult, LoadFailure, SourceDocument
from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from tests.conftest import DOCS_DIR

FAKE_CHECKSUM = "fake-model-for-incremental-tests"
CHANGED = "003_9611545d947ead31.txt"  # 文成县
REMOVED = "004_1c58eaf33c75c96c.txt"  # 宁海县
ADDED = "005_taishun_test.txt"
OLD_FIGURE, NEW_FIGURE = "腾出低效工业用地350亩以上", "腾出低效工业用地420亩以上"
ADDED_TEXT = (
    "泰顺县小微企业园建设提升行动方案\n\n"
    "一、主要目标\n\n"
    "到2025年，泰顺县新建小微企业园7个，入园企业达到260家。\n"
)


def fake_vector(text: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


class RecordingEmbedder:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([fake_vector(text, self.dim) for text in texts])

    @property
    def texts(self) -> list[str]:
        return [text for call in self.calls for text in call]


class RecordingIngest:
    def __init__(self, settings: Settings, fail: set[str] = frozenset()) -> None:
        self.settings = settings
        self.fail = fail
        self.gazetteer = Gazetteer.load()
        self.calls: list[list[str]] = []

    def __call__(self, sources: list[SourceDocument]) -> IngestResult:
        self.calls.append([source.path for source in sources])
        result = ingest_sources([s for s in sources if s.path not in self.fail], self.settings, self.gazetteer)
        result.failures += [LoadFailure(s.path, "could not be split: test") for s in sources if s.path in self.fail]
        return result

    @property
    def paths(self) -> list[str]:
        return [path for call in self.calls for path in call]


@pytest.fixture()
def corpus(tmp_path: Path) -> Settings:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs)
    return Settings.from_env(docs_dir=docs, index_dir=tmp_path / "index", home=tmp_path / "home")


def run_build(settings: Settings, embed: RecordingEmbedder, ingest: RecordingIngest, force: bool = False):
    sources, failures = load_folder(settings.docs_dir)
    return update_index(BuildRequest(settings, ingest, "fake", FAKE_CHECKSUM, embed, force=force), sources, failures)


def edit_corpus(docs: Path) -> None:
    changed = docs / CHANGED
    changed.write_text(changed.read_text(encoding="utf-8").replace(OLD_FIGURE, NEW_FIGURE), encoding="utf-8")
    (docs / ADDED).write_text(ADDED_TEXT, encoding="utf-8")
    (docs / REMOVED).unlink()


def document_texts(settings: Settings, *docs: str) -> list[str]:
    index = load_index(settings, FAKE_CHECKSUM)
    return [indexed_text(index.clauses[row], index.documents[doc]) for doc in docs for row in index.clause_rows(doc)]


def test_only_changed_and_added_documents_are_split_and_embedded(corpus: Settings) -> None:
    embed, ingest = RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus)
    first = run_build(corpus, embed, ingest)
    assert first.built and first.documents == 5 and first.reused == 0
    assert sorted(ingest.paths) == sorted(p.name for p in DOCS_DIR.glob("*.txt"))
    before = load_index(corpus, FAKE_CHECKSUM)

    edit_corpus(corpus.docs_dir)
    embed, ingest = RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus)
    report = run_build(corpus, embed, ingest)

    assert report.built and report.reason == "documents changed"
    assert ingest.paths == [CHANGED, ADDED] == report.ingested
    assert report.reused == 3 and report.removed == [REMOVED]
    assert sorted(embed.texts) == sorted(document_texts(corpus, CHANGED, ADDED))
    assert report.embed_requested == len(embed.texts)

    after = load_index(corpus, FAKE_CHECKSUM)
    assert REMOVED not in after.documents and not after.clause_rows(REMOVED)
    assert list(after.documents) == sorted([*(p.name for p in DOCS_DIR.glob("*.txt") if p.name != REMOVED), ADDED])
    for doc in ("000_4722414b3da31ddd.txt", "001_edc70f5a27395571.txt", "002_8b3c7090dda657f9.txt"):
        old_rows, new_rows = before.clause_rows(doc), after.clause_rows(doc)
        assert [c.text for c in (before.clauses[r] for r in old_rows)] == [c.text for c in (after.clauses[r] for r in new_rows)]
        np.testing.assert_array_equal(before.vectors.vectors(np.array(old_rows)), after.vectors.vectors(np.array(new_rows)))
    assert any(NEW_FIGURE in clause.text for clause in after.clauses)
    assert not any(OLD_FIGURE in clause.text for clause in after.clauses)
    # every row's vector is the one its own text embeds to: nothing shifted when rows moved
    for row in (0, len(after.clauses) // 2, len(after.clauses) - 1):
        clause = after.clauses[row]
        expected = fake_vector(indexed_text(clause, after.documents[clause.doc]), corpus.embed_dim)
        np.testing.assert_allclose(after.vectors.vectors(np.array([row]))[0], expected, rtol=1e-6)
    # keyword search sees the new figure and no longer the old one
    assert after.keywords.scores(["420"]).max() > 0 and after.keywords.scores(["3500"]).max() == 0


def test_nothing_changed_splits_and_embeds_nothing(corpus: Settings) -> None:
    run_build(corpus, RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus))
    embed, ingest = RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus)
    report = run_build(corpus, embed, ingest)
    assert not report.built and report.reason == "up to date"
    assert ingest.calls == [] and embed.calls == []


def test_removing_a_document_embeds_nothing(corpus: Settings) -> None:
    run_build(corpus, RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus))
    (corpus.docs_dir / REMOVED).unlink()
    embed, ingest = RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus)
    report = run_build(corpus, embed, ingest)
    assert report.built and report.removed == [REMOVED] and report.reused == 4
    assert ingest.calls == [] and embed.calls == []
    assert len(load_index(corpus, FAKE_CHECKSUM).documents) == 4


def test_force_and_changed_split_settings_rebuild_everything(corpus: Settings) -> None:
    run_build(corpus, RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus))
    ingest = RecordingIngest(corpus)
    forced = run_build(corpus, RecordingEmbedder(corpus.embed_dim), ingest, force=True)
    assert forced.built and forced.reason == "forced" and forced.reused == 0 and len(ingest.paths) == 5

    smaller = replace(corpus, clause_max_chars=200)
    ingest = RecordingIngest(smaller)
    report = run_build(smaller, RecordingEmbedder(smaller.embed_dim), ingest)
    assert report.built and report.reason == "clause_max_chars changed"
    assert report.reused == 0 and len(ingest.paths) == 5


def test_a_document_that_cannot_be_split_is_not_retried_until_it_changes(corpus: Settings) -> None:
    bad = "000_4722414b3da31ddd.txt"
    first = run_build(corpus, RecordingEmbedder(corpus.embed_dim), RecordingIngest(corpus, fail={bad}))
    assert first.documents == 4 and [f.path for f in first.failures] == [bad]
    assert read_manifest(corpus.index_dir)["failed_documents"].keys() == {bad}

    ingest = RecordingIngest(corpus, fail={bad})
    again = run_build(corpus, RecordingEmbedder(corpus.embed_dim), ingest)
    assert not again.built and ingest.calls == [] and [f.path for f in again.failures] == [bad]

    path = corpus.docs_dir / bad
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest = RecordingIngest(corpus)
    fixed = run_build(corpus, RecordingEmbedder(corpus.embed_dim), ingest)
    assert fixed.built and ingest.paths == [bad] and fixed.documents == 5 and not fixed.failures


# --- the real pipeline ---------------------------------------------------------------
@pytest.mark.model
def test_pipeline_rebuild_re_embeds_only_the_edit_and_answers_follow_it(corpus: Settings, pipeline, monkeypatch) -> None:
    settings = replace(corpus, home=pipeline.settings.home)  # the real model and embedding cache
    first = qa.pipeline.build(settings, progress=False, embedder=pipeline.embedder)
    assert first.built and first.documents == 5
    live = replace(pipeline, settings=settings)
    live.reload()
    assert "350亩" in live.ask("文成县要腾出多少低效工业用地？").answer

    edit_corpus(settings.docs_dir)
    added = settings.docs_dir / ADDED
    # text no earlier run can have put in the shared embedding cache
    added.write_text(added.read_text(encoding="utf-8") + f"\n\n附：本次测试标记{uuid.uuid4().hex[:8]}。\n", encoding="utf-8")
    ingested: list[str] = []
    embedded: list[str] = []
    real_ingest, real_encode = qa.pipeline.ingest_sources, pipeline.embedder.encode_documents

    def spy_ingest(sources, *args, **kwargs):
        ingested.extend(source.path for source in sources)
        return real_ingest(sources, *args, **kwargs)

    def spy_encode(texts, *args, **kwargs):
        embedded.extend(texts)
        return real_encode(texts, *args, **kwargs)

    monkeypatch.setattr(qa.pipeline, "ingest_sources", spy_ingest)
    monkeypatch.setattr(pipeline.embedder, "encode_documents", spy_encode)
    report = qa.pipeline.build(settings, progress=False, embedder=pipeline.embedder)

    assert report.built and ingested == report.ingested == [CHANGED, ADDED]
    assert report.reused == 3 and report.removed == [REMOVED]
    index = load_index(settings, pipeline.resolved.checksum)
    assert sorted(embedded) == sorted(
        indexed_text(index.clauses[row], index.documents[doc]) for doc in (CHANGED, ADDED) for row in index.clause_rows(doc)
    )
    # the embedding cache still knows the unchanged clauses of the edited document
    assert 1 <= report.embedded <= 1 + len(index.clause_rows(ADDED)), report.embedded

    live.reload()
    changed_answer = live.ask("文成县要腾出多少低效工业用地？").answer
    assert "420亩" in changed_answer and "350亩" not in changed_answer
    assert "7个" in live.ask("泰顺县要新建多少个小微企业园？").answer
    removed = live.ask("宁海县到2025年要腾出多少低效工业用地？")
    assert "3500亩" not in removed.answer
    assert all(citation.doc != REMOVED for citation in [*removed.citations, *removed.related])

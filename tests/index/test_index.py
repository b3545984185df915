"""The index on disk: manifest, staleness, embedding cache reuse, integrity checks, lock."""

from __future__ import annotations

import json
import subprocess
import sys
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from filelock import FileLock

from qa.index.build import LOCK_FILE, BuildLocked, IndexUnavailable, current_generation, load_index, read_manifest
from qa.pipeline import build
from tests.conftest import DOCS_DIR

pytestmark = pytest.mark.model


@pytest.fixture()
def tmp_corpus(tmp_path: Path, seed_settings):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs)
    return replace(seed_settings, docs_dir=docs, index_dir=tmp_path / "index")


def test_build_writes_manifest_and_skips_when_nothing_changed(tmp_corpus, pipeline) -> None:
    first = build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    assert first.built and first.documents == 5 and first.clauses > 100
    manifest = read_manifest(tmp_corpus.index_dir)
    assert manifest["model_checksum"] == pipeline.resolved.checksum
    assert manifest["dim"] == 768
    assert set(manifest["documents"]) == {p.name for p in DOCS_DIR.glob("*.txt")}
    assert all(len(digest) == 64 for digest in manifest["documents"].values())
    second = build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    assert not second.built and second.reason == "up to date"


def test_changing_one_document_re_embeds_only_its_new_clauses(tmp_corpus, pipeline) -> None:
    build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    target = next(tmp_corpus.docs_dir.glob("003_*.txt"))
    marker = uuid.uuid4().hex[:8]  # new text each run, so the embedding cache cannot already hold it
    target.write_text(target.read_text(encoding="utf-8") + f"\n\n六、补充条款\n\n文成县新增一条测试条款{marker}：每年新增示范园区3个。\n", encoding="utf-8")
    report = build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    assert report.built and report.reason == "documents changed"
    assert 1 <= report.embedded <= 3, report.embedded
    index = load_index(tmp_corpus, pipeline.resolved.checksum)
    assert any("示范园区3个" in clause.text for clause in index.clauses)


def test_damaged_index_file_is_detected_with_the_fix(tmp_corpus, pipeline) -> None:
    build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    generation = current_generation(tmp_corpus.index_dir)
    clauses_file = generation / "clauses.jsonl"
    data = clauses_file.read_bytes()
    clauses_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexUnavailable, match="qa build"):
        load_index(tmp_corpus, pipeline.resolved.checksum)


def test_index_for_another_model_or_dimension_is_refused(tmp_corpus, pipeline) -> None:
    build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    with pytest.raises(IndexUnavailable, match="model"):
        load_index(tmp_corpus, "some-other-checksum")
    with pytest.raises(IndexUnavailable, match="dimension"):
        load_index(replace(tmp_corpus, embed_dim=256), pipeline.resolved.checksum)


def test_unknown_format_version_is_refused(tmp_corpus, pipeline) -> None:
    build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    manifest_path = current_generation(tmp_corpus.index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["format_version"] = 999
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="format"):
        load_index(tmp_corpus, pipeline.resolved.checksum)


def test_missing_index_says_to_build(tmp_path: Path, seed_settings) -> None:
    with pytest.raises(IndexUnavailable, match="qa build"):
        load_index(replace(seed_settings, index_dir=tmp_path / "nothing"))


def test_second_concurrent_build_is_refused_by_the_lock(tmp_corpus, pipeline) -> None:
    tmp_corpus.index_dir.mkdir(parents=True)
    with FileLock(str(tmp_corpus.index_dir / LOCK_FILE)):
        with pytest.raises(BuildLocked, match="another build"):
            build(tmp_corpus, progress=False, embedder=pipeline.embedder)


def test_failed_build_leaves_previous_index_usable(tmp_corpus, pipeline, monkeypatch) -> None:
    build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    before = current_generation(tmp_corpus.index_dir)
    (tmp_corpus.docs_dir / "new.txt").write_text("一、总则\n\n新增加的文件内容，用于测试失败的构建。\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("embedding died")

    monkeypatch.setattr(pipeline.embedder, "encode_documents", broken)
    with pytest.raises(RuntimeError, match="embedding died"):
        build(tmp_corpus, progress=False, embedder=pipeline.embedder)
    assert current_generation(tmp_corpus.index_dir) == before
    assert len(load_index(tmp_corpus, pipeline.resolved.checksum).documents) == 5


def test_every_module_the_build_runs_is_in_the_code_version() -> None:
    """A module the ingest and index code imports, in a package not hashed by code_version,
    would let an index built by old code pass as current."""
    import qa.index.build as build_module

    script = "import sys, qa.ingest.documents, qa.index.build, qa.index.stores.milvus; print(' '.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    hashed = set(build_module.INDEXING_PACKAGES) | {name.removesuffix(".py") for name in build_module.INDEXING_MODULES}
    outside = [name for name in loaded if name.startswith("qa.") and name.split(".")[1] not in hashed | {"settings"}]
    assert outside == []
    assert {"qa.ingest.documents", "qa.text.keywords", "qa.records"} <= set(loaded)

"""The Milvus store backend on Milvus Lite with the real seed corpus and model: build, ask,
rebuild with the alias following the live generation, and a build killed mid-insert that
leaves the previous collection answering."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.index.build import current_generation, load_index
from qa.index.stores.milvus import POINTER_FILE, MilvusKeywordStore, MilvusVectorStore, client_for, close_client, collection_prefix, milvus_uri
from qa.pipeline import build
from qa.settings import PROJECT_ROOT
from tests.test_reliability import (
    BUILD_SECONDS, NEW_DOC, NEW_DOC_TEXT, RUIAN, RUIAN_DOC_PREFIX, Corpus, StderrWatch, embedder_with_cache,
    pipeline_on, sigkill, stop,
)

pytestmark = pytest.mark.model

QUESTIONS = [  # written for these tests: a place's figure, a county's area, a table row, no place, a follow-up form
    RUIAN,
    "文成县腾出多少低效工业用地",
    "湖州规上工业亩均税收2020年基数",
    "哪些部门负责低效用地整治",
    "宁海县到2025年规上工业亩均税收目标",
]
INSERT_PAUSED = "paused while inserting"
# `qa build` whose first insert into Milvus returns and then waits until it is killed: the new
# collection exists, half filled, and CURRENT still names the previous generation.
PAUSE_WHILE_INSERTING = f"""
import sys, time
import pymilvus

insert = pymilvus.MilvusClient.insert

def insert_then_pause(self, *args, **kwargs):
    result = insert(self, *args, **kwargs)
    sys.stderr.write({INSERT_PAUSED!r} + "\\n")
    sys.stderr.flush()
    time.sleep(600)

pymilvus.MilvusClient.insert = insert_then_pause
from qa.cli import main
sys.argv[0] = "qa"
main()
"""


def milvus_corpus(tmp_path: Path, seed_settings, pipeline) -> Corpus:
    corpus = Corpus(tmp_path, seed_settings)
    corpus.settings = replace(corpus.settings, store="milvus")
    corpus.prepare_home()
    report = build(corpus.settings, progress=False, embedder=embedder_with_cache(pipeline, corpus.settings.embedding_cache_path))
    assert report.built and report.documents == 5
    return corpus


def collections(corpus: Corpus) -> set[str]:
    prefix = collection_prefix(corpus.settings)
    return {name for name in client_for(milvus_uri(corpus.settings)).list_collections() if name.startswith(prefix + "_")}


def alias_target(corpus: Corpus) -> str:
    client = client_for(milvus_uri(corpus.settings))
    return client.describe_alias(collection_prefix(corpus.settings))["collection_name"]


def live_collection(corpus: Corpus) -> str:
    import json

    generation = current_generation(corpus.settings.index_dir)
    return json.loads((generation / POINTER_FILE).read_text(encoding="utf-8"))["collection"]


def test_milvus_build_answers_like_faiss_and_rebuilds_move_the_alias(tmp_path: Path, seed_settings, pipeline) -> None:
    corpus = milvus_corpus(tmp_path, seed_settings, pipeline)
    index = load_index(corpus.settings, pipeline.resolved.checksum)
    assert index.manifest["store_backend"] == "milvus" and isinstance(index.vectors, MilvusVectorStore)
    assert len(index.vectors) == len(index.clauses) == len(pipeline.index.clauses)
    on_milvus = pipeline_on(pipeline, corpus.settings)
    for question in QUESTIONS:  # same clauses, same order as the FAISS + bm25s index of the same documents
        for mode in ("keyword", "dense", "fused", "full"):
            milvus = [hit.clause.clause_id for hit in on_milvus.search(question, mode=mode).hits]
            faiss = [hit.clause.clause_id for hit in pipeline.search(question, mode=mode).hits]
            assert milvus == faiss, (question, mode)
    answer = on_milvus.ask(RUIAN)
    assert answer.found and "30%" in answer.answer and answer.citations[0].doc.startswith(RUIAN_DOC_PREFIX)
    first = live_collection(corpus)
    assert alias_target(corpus) == first

    # Milvus's own BM25 (jieba analyzer) over the same text also finds the clause
    fulltext = MilvusKeywordStore(index.keywords.client, index.keywords.collection, len(index.clauses), index.keywords.vocab, "fulltext")
    _, rows = fulltext.top(pipeline.retriever.tokenizer.query_tokens(RUIAN), 5)
    assert any("30%" in index.clauses[row].text for row in rows.tolist())

    (corpus.docs / NEW_DOC).write_text(NEW_DOC_TEXT, encoding="utf-8")
    second_report = build(corpus.settings, progress=False, embedder=embedder_with_cache(pipeline, corpus.settings.embedding_cache_path))
    assert second_report.built and second_report.reused == 5  # vectors of unchanged documents read back from Milvus
    second = live_collection(corpus)
    assert second != first and alias_target(corpus) == second
    assert collections(corpus) == {first, second}  # the replaced one stays for readers that have not reloaded
    hits = pipeline_on(pipeline, corpus.settings).search("瑞安市补充测试条款第3项", mode="keyword").hits
    assert hits and hits[0].clause.doc == NEW_DOC

    (corpus.docs / NEW_DOC).unlink()
    assert build(corpus.settings, progress=False, embedder=embedder_with_cache(pipeline, corpus.settings.embedding_cache_path)).built
    third = live_collection(corpus)
    assert alias_target(corpus) == third and collections(corpus) == {second, third}
    assert NEW_DOC not in load_index(corpus.settings, pipeline.resolved.checksum).documents


def test_milvus_build_killed_mid_insert_leaves_the_previous_collection_answering(tmp_path: Path, seed_settings, pipeline) -> None:
    corpus = milvus_corpus(tmp_path, seed_settings, pipeline)
    index_dir = corpus.settings.index_dir
    before, before_collection = current_generation(index_dir), live_collection(corpus)
    old_docs = set(load_index(corpus.settings, pipeline.resolved.checksum).documents)
    close_client(milvus_uri(corpus.settings))  # Milvus Lite: one process at a time on its folder
    (corpus.docs / NEW_DOC).write_text(NEW_DOC_TEXT, encoding="utf-8")
    command = [sys.executable, "-c", PAUSE_WHILE_INSERTING, *corpus.build_args()]
    process = subprocess.Popen(
        command, env={**corpus.env(), "QA_STORE": "milvus"}, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    watch = StderrWatch(process)
    try:
        watch.wait_for(INSERT_PAUSED, BUILD_SECONDS)
        sigkill(process)
    finally:
        stop(process, watch)

    assert current_generation(index_dir) == before
    orphans = collections(corpus) - {before_collection}
    assert len(orphans) == 1  # the killed build's half-filled collection
    assert alias_target(corpus) == before_collection
    answer = pipeline_on(pipeline, corpus.settings).ask(RUIAN)
    assert answer.found and "30%" in answer.answer, answer.answer
    assert answer.citations and all(citation.doc in old_docs for citation in answer.citations)

    report = build(corpus.settings, progress=False, embedder=embedder_with_cache(pipeline, corpus.settings.embedding_cache_path))
    assert report.built
    after = live_collection(corpus)
    assert collections(corpus) == {before_collection, after} and not orphans & collections(corpus)
    assert alias_target(corpus) == after
    assert NEW_DOC in load_index(corpus.settings, pipeline.resolved.checksum).documents


def test_a_second_process_on_a_milvus_lite_folder_is_told_why_in_chinese(tmp_path: Path, seed_settings, pipeline) -> None:
    corpus = milvus_corpus(tmp_path, seed_settings, pipeline)  # this process holds the Lite folder
    before = current_generation(corpus.settings.index_dir)
    command = [sys.executable, "-m", "qa.cli", *corpus.build_args(), "--force"]
    done = subprocess.run(command, env={**corpus.env(), "QA_STORE": "milvus"}, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS)
    assert done.returncode != 0
    assert "同一时间只能由一个进程" in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert current_generation(corpus.settings.index_dir) == before
    assert not [path for path in corpus.settings.index_dir.iterdir() if path.name.startswith(".tmp-")]
    assert pipeline_on(pipeline, corpus.settings).ask(RUIAN).found

"""Keyword tokens of a build: remembered jieba runs and worker processes change nothing indexed.

On 30 real lawrefbook documents (every 115th file, so every part of the corpus): the
tokenizer's tokens equal jieba's search-mode cut of each whole text (what it computed before
runs were remembered); a build that tokenizes in two worker processes writes the same tokens
and BM25 scores as one that tokenizes in its own process; a build killed while its workers
tokenize leaves no generation behind and the next build completes with the same tokens.
No model: vectors come from a stand-in (they play no part in keyword search).
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import pytest

import qa.index.build
from qa.index.build import TOKENS_FILE, BuildRequest, _clause_record, indexed_text, load_index, read_manifest, update_index
from qa.index.generations import current_generation
from qa.index.keyword_tokens import DocumentTokenizer
from qa.ingest.load import load_folder
from qa.settings import PROJECT_ROOT, Settings
from qa.text.keywords import _SPACE, STOP_WORDS, KeywordTokenizer
from tests.conftest import DOCS_DIR
from tests.index.test_incremental import FAKE_CHECKSUM, RecordingEmbedder, RecordingIngest

QUERIES = ("行政处罚的种类", "劳动合同解除的经济补偿", "国务院批准", "罚款二千元以上", "人民法院审理案件")


@pytest.fixture(scope="module")
def sample_docs(lawrefbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = sorted(path for path in lawrefbook.rglob("*") if path.is_file() and not path.name.startswith("."))[::115]
    docs = tmp_path_factory.mktemp("lawrefbook-sample") / "docs"
    for path in files[:30]:
        copy = docs / path.relative_to(lawrefbook)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    return docs


def sample_settings(docs: Path, index_dir: Path, workers: int) -> Settings:
    return replace(Settings.from_env(docs_dir=docs, index_dir=index_dir, home=index_dir.parent / "home"), keyword_workers=workers)


def whole_text_tokens(tokenizer: KeywordTokenizer, text: str) -> list[str]:
    """The tokenizer before runs were remembered: one jieba cut of the whole text."""
    tokens = []
    for token in tokenizer._jieba.cut_for_search(_SPACE.sub(" ", text), HMM=False):
        token = token.strip().lower()
        if token and token not in STOP_WORDS:
            tokens.append(token)
    return tokens


def build(settings: Settings) -> None:
    sources, failures = load_folder(settings.docs_dir)
    update_index(BuildRequest(settings, RecordingIngest(settings), "fake", FAKE_CHECKSUM, RecordingEmbedder(settings.embed_dim)), sources, failures)


def tokens_file(settings: Settings) -> list[list[str]]:
    generation = current_generation(settings.index_dir)
    assert generation is not None
    return [json.loads(line) for line in (generation / TOKENS_FILE).read_text(encoding="utf-8").splitlines()]


def test_remembered_runs_give_the_tokens_of_one_whole_text_cut(sample_docs: Path, tmp_path: Path) -> None:
    settings = sample_settings(sample_docs, tmp_path / "index", workers=1)
    build(settings)
    index = load_index(settings, FAKE_CHECKSUM)
    texts = [indexed_text(clause, index.documents[clause.doc]) for clause in index.clauses]
    assert len(texts) > 1_000 and len(index.documents) == 30
    tokenizer = KeywordTokenizer()
    remembered = [tokenizer.tokenize(text) for text in texts]
    assert tokenizer._piece_tokens.cache_info().hits > 0  # runs did recur and were reused
    reference = KeywordTokenizer()
    assert remembered == [whole_text_tokens(reference, text) for text in texts]
    assert tokens_file(settings) == remembered


class RecordingTokenizer(DocumentTokenizer):
    used: list[int] = []

    def __enter__(self) -> "RecordingTokenizer":
        super().__enter__()
        RecordingTokenizer.used.append(self.workers if self._pool is not None else 1)
        return self


def test_tokenizing_in_two_workers_indexes_what_one_process_does(sample_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qa.index.build, "DocumentTokenizer", RecordingTokenizer)
    monkeypatch.setattr(RecordingTokenizer, "used", [])
    serial = sample_settings(sample_docs, tmp_path / "serial" / "index", workers=1)
    parallel = sample_settings(sample_docs, tmp_path / "parallel" / "index", workers=2)
    build(serial)
    monkeypatch.setattr(qa.index.build, "PARALLEL_MIN_CHARS", 0)  # the sample is below the threshold
    build(parallel)
    assert RecordingTokenizer.used == [1, 2]

    assert tokens_file(parallel) == tokens_file(serial)
    serial_index, parallel_index = load_index(serial, FAKE_CHECKSUM), load_index(parallel, FAKE_CHECKSUM)
    assert [clause.clause_id for clause in parallel_index.clauses] == [clause.clause_id for clause in serial_index.clauses]
    tokenizer = KeywordTokenizer()
    for query in QUERIES:
        tokens = tokenizer.query_tokens(query)
        serial_scores = serial_index.keywords.scores(tokens)
        assert serial_scores.max() > 0, query
        np.testing.assert_array_equal(parallel_index.keywords.scores(tokens), serial_scores)


KILLED_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import qa.index.build
    from tests.index.test_keyword_tokens import build, sample_settings

    class SignalingIngest:  # says when the workers have documents to tokenize, then goes on slowly
        def __init__(self, ingest):
            self.ingest, self.calls = ingest, 0
        def __call__(self, sources):
            self.calls += 1
            if self.calls == 3:
                print("tokenizing", flush=True)
                import time; time.sleep(60)
            return self.ingest(sources)

    qa.index.build.PARALLEL_MIN_CHARS = 0
    import tests.index.test_keyword_tokens as module
    original = module.RecordingIngest
    module.RecordingIngest = lambda settings: SignalingIngest(original(settings))
    build(sample_settings(Path({docs!r}), Path({index!r}), workers=2))
""")


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_build_killed_while_its_workers_tokenize_is_completed_by_the_next(sample_docs: Path, tmp_path: Path) -> None:
    killed = sample_settings(sample_docs, tmp_path / "killed" / "index", workers=2)
    script = KILLED_BUILD.format(root=str(PROJECT_ROOT), docs=str(sample_docs), index=str(killed.index_dir))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "tokenizing"
    workers = children_of(child.pid)
    assert len(workers) >= 2  # the two tokenizing workers (and multiprocessing's resource tracker)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)], "workers outlived the killed build"
    assert current_generation(killed.index_dir) is None and read_manifest(killed.index_dir) is None

    build(killed)  # the same folder: the lock and the killed build's leftovers must not stop it
    serial = sample_settings(sample_docs, tmp_path / "serial" / "index", workers=1)
    build(serial)
    assert tokens_file(killed) == tokens_file(serial)
    assert not [path.name for path in killed.index_dir.iterdir() if path.name.startswith(".tmp-")]


def test_clause_records_are_written_as_asdict_writes_them(sample_docs: Path, tmp_path: Path) -> None:
    settings = sample_settings(sample_docs, tmp_path / "index", workers=1)
    sources = load_folder(settings.docs_dir)[0] + load_folder(DOCS_DIR)[0]  # the seed corpus has tables
    documents = RecordingIngest(settings)(sources).documents
    clauses = [clause for doc in documents for clause in doc.clauses]
    assert any(clause.figures for clause in clauses) and any(clause.cells for clause in clauses)
    assert [_clause_record(clause) for clause in clauses] == [asdict(clause) for clause in clauses]


def test_republishing_links_the_unchanged_record_files(sample_docs: Path, tmp_path: Path) -> None:
    """A keyword-first build republishes after every chunk here: only vectors and manifest change."""
    settings = replace(
        sample_settings(sample_docs, tmp_path / "index", workers=1),
        keyword_first_clauses=1, dense_chunk_clauses=2_000, dense_publish_seconds=0.0,
    )
    record_files = ("documents.jsonl", "clauses.jsonl", TOKENS_FILE)
    inodes: list[tuple[int, ...]] = []

    def on_progress(progress) -> None:
        generation = settings.index_dir / progress.generation
        inodes.append(tuple((generation / name).stat().st_ino for name in record_files))

    sources, failures = load_folder(settings.docs_dir)
    update_index(BuildRequest(settings, RecordingIngest(settings), "fake", FAKE_CHECKSUM, RecordingEmbedder(settings.embed_dim), on_progress=on_progress), sources, failures)
    generation = current_generation(settings.index_dir)
    assert generation is not None and len(inodes) >= 4 and len(set(inodes)) == 1
    assert (generation / "vectors.faiss").stat().st_ino not in inodes[0]
    index = load_index(settings, FAKE_CHECKSUM)  # verifies every file against the manifest
    assert not index.dense_pending and index.dense_coverage == 1.0

    plain = sample_settings(sample_docs, tmp_path / "plain" / "index", workers=1)
    build(plain)
    plain_generation = current_generation(plain.index_dir)
    assert plain_generation is not None
    for name in record_files:
        assert (generation / name).read_bytes() == (plain_generation / name).read_bytes(), name

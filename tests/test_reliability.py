"""Index integrity with real processes: `qa build` killed with SIGKILL while embedding and while
writing, a lock left by a killed process, and damaged index files met by `qa ask`.

The killed builds run with their own QA_HOME: the model directory is a symlink to the real
one and the embedding cache a copy of the real cache, so only the added document is embedded
and the real cache never learns the test's text (which would make the next run's embedding
phase too short to kill).
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from qa.index.build import CURRENT_FILE, LOCK_FILE, MANIFEST, BuildLocked, current_generation, load_index
from qa.index.embed import EmbeddingCache
from qa.pipeline import build
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import DOCS_DIR

pytestmark = pytest.mark.model

RUIAN = "瑞安工业用地出让比例是多少"
RUIAN_DOC_PREFIX = "002_"
NEW_DOC = "ruian-supplement.txt"
# A rival answer to RUIAN: if the unfinished generation were ever served, 7x% could show up.
NEW_DOC_TEXT = "瑞安市人民政府办公室关于工业用地补充规定的通知\n\n一、总则\n\n" + "\n\n".join(
    f"（{n}）瑞安市补充测试条款第{n}项：全市出让土地总量中工业用地比例不低于{70 + n}%，每年新增示范园区{n}个。"
    for n in range(1, 6)
) + "\n"
STAGING_PREFIX = ".tmp-gen-"
FIRST_FILE = "first file"
PAUSED = "paused while writing"
# `qa build` as the console script runs it, with an audit hook that stops the process when it
# opens a file for writing in the staging directory (the first one, or QA_TEST_PAUSE_AT by
# name), so the SIGKILL lands mid-write every time instead of racing a window of milliseconds.
PAUSE_WHILE_WRITING = f"""
import os, sys, time
from pathlib import PurePath

pause_at = os.environ["QA_TEST_PAUSE_AT"]

def pause_in_staging(event, args):
    if event != "open" or isinstance(args[0], int) or not isinstance(args[1], str) or not set(args[1]) & set("wax"):
        return
    path = PurePath(os.fsdecode(args[0]))
    if path.parent.name.startswith({STAGING_PREFIX!r}) and pause_at in ({FIRST_FILE!r}, path.name):
        sys.stderr.write({PAUSED!r} + " " + path.name + "\\n")
        sys.stderr.flush()
        time.sleep(600)

sys.addaudithook(pause_in_staging)
from qa.cli import main
sys.argv[0] = "qa"
main()
"""
EMBEDDING_PAUSED = "paused while embedding"
# `qa build` whose embedding phase, once the model has really encoded the first clause, waits
# (the build lock held) until it is killed: a few new clauses embed in about a second, faster
# than a second `qa build` starts, so without the pause the kill raced the end of the build.
PAUSE_WHILE_EMBEDDING = f"""
import sys, time
import qa.index.embed

encode_documents = qa.index.embed.Embedder.encode_documents

def encode_then_pause(self, texts, on_progress=None):
    encode_documents(self, list(texts)[:1])
    sys.stderr.write({EMBEDDING_PAUSED!r} + "\\n")
    sys.stderr.flush()
    time.sleep(600)

qa.index.embed.Embedder.encode_documents = encode_then_pause
from qa.cli import main
sys.argv[0] = "qa"
main()
"""
BUILD_SECONDS = 600  # model load + embedding on a shared 2-core machine
CLI_SECONDS = 120


# --------------------------------------------------------------------------- helpers


class Corpus:
    """A copy of the seed docs with its own index and QA_HOME, built once from the real cache."""

    def __init__(self, root: Path, seed_settings: Settings) -> None:
        self.docs = root / "docs"
        shutil.copytree(DOCS_DIR, self.docs)
        self.home = root / "home"
        self.real = seed_settings
        self.settings = replace(seed_settings, docs_dir=self.docs, index_dir=root / "index", home=self.home)

    def prepare_home(self) -> None:
        """The model by symlink and a consistent copy of the embedding cache (SQLite backup)."""
        (self.home / "models").mkdir(parents=True)
        for model in self.real.models_dir.iterdir():
            if not model.name.startswith("."):  # skip unfinished fetches
                (self.home / "models" / model.name).symlink_to(model.resolve())
        source = sqlite3.connect(self.real.embedding_cache_path)
        target = sqlite3.connect(self.settings.embedding_cache_path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()

    def env(self) -> dict[str, str]:
        return {**os.environ, "QA_HOME": str(self.home), "TOKENIZERS_PARALLELISM": "false"}

    def build_args(self) -> list[str]:
        return ["build", "--docs", str(self.docs), "--index", str(self.settings.index_dir)]

    def build_command(self) -> list[str]:
        return [sys.executable, "-m", "qa.cli", *self.build_args()]


def embedder_with_cache(pipeline, cache_path: Path):
    """The session's loaded model, writing to the corpus' own embedding cache."""
    embedder = copy.copy(pipeline.embedder)
    embedder.cache = EmbeddingCache(cache_path)
    return embedder


def pipeline_on(pipeline, settings: Settings):
    """The session pipeline (model loaded once) pointed at another index."""
    moved = replace(pipeline, settings=settings)
    moved.reload()
    return moved


def stop(process: subprocess.Popen, watch: "StderrWatch") -> None:
    """End a build process the test has not already killed, and its stderr reader."""
    if process.poll() is None:
        process.kill()
        process.wait(30)
    watch.close()


class StderrWatch:
    """Collects a process's stderr in a thread; `wait_for` blocks until a marker shows up."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.text = ""
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        assert self.process.stderr is not None
        while chunk := self.process.stderr.read1(4096):
            with self._changed:
                self.text += chunk.decode("utf-8", errors="replace")
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, marker: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._changed:
            while marker not in self.text:
                if self.process.poll() is not None and not self._thread.is_alive():
                    pytest.fail(f"build exited ({self.process.returncode}) before {marker!r}:\n{self.text[-3000:]}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(f"no {marker!r} within {seconds}s:\n{self.text[-3000:]}")
                self._changed.wait(min(remaining, 1.0))

    def close(self) -> str:
        self._thread.join(30)
        return self.text


def staging_dirs(index_dir: Path) -> list[str]:
    return sorted(entry.name for entry in os.scandir(index_dir) if entry.name.startswith(STAGING_PREFIX))


def leftovers(index_dir: Path) -> list[str]:
    return sorted(entry.name for entry in os.scandir(index_dir) if entry.name.startswith(".tmp-"))


def sigkill(process: subprocess.Popen) -> None:
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL


def assert_previous_generation_serves(corpus: Corpus, before: Path, old_docs: set[str], pipeline) -> None:
    assert current_generation(corpus.settings.index_dir) == before
    index = load_index(corpus.settings, pipeline.resolved.checksum)
    assert set(index.documents) == old_docs
    answer = pipeline_on(pipeline, corpus.settings).ask(RUIAN)
    assert answer.found and "30%" in answer.answer, answer.answer
    assert answer.citations and answer.citations[0].doc.startswith(RUIAN_DOC_PREFIX)
    assert all(citation.doc in old_docs for citation in answer.citations)


def assert_next_build_succeeds_and_cleans_up(corpus: Corpus, pipeline) -> None:
    report = build(corpus.settings, progress=False, embedder=embedder_with_cache(pipeline, corpus.settings.embedding_cache_path))
    assert report.built, report.reason
    index_dir = corpus.settings.index_dir
    assert leftovers(index_dir) == []
    generations = sorted(path.name for path in index_dir.iterdir() if path.is_dir())
    assert generations == [current_generation(index_dir).name]
    assert NEW_DOC in load_index(corpus.settings, pipeline.resolved.checksum).documents


# --------------------------------------------------------------------------- fixtures


@pytest.fixture()
def corpus(tmp_path: Path, seed_settings: Settings, pipeline) -> Corpus:
    """Seed docs indexed (from the real cache, no model load), then a new document added."""
    corpus = Corpus(tmp_path, seed_settings)
    first = build(corpus.settings, progress=False, embedder=pipeline.embedder)
    assert first.built and first.documents == 5
    corpus.prepare_home()
    (corpus.docs / NEW_DOC).write_text(NEW_DOC_TEXT, encoding="utf-8")
    return corpus


# --------------------------------------------------------------------------- killed builds


def test_build_killed_while_embedding_leaves_the_previous_index_live(corpus: Corpus, pipeline) -> None:
    index_dir = corpus.settings.index_dir
    before = current_generation(index_dir)
    old_docs = set(load_index(corpus.settings, pipeline.resolved.checksum).documents)
    command = [sys.executable, "-c", PAUSE_WHILE_EMBEDDING, *corpus.build_args()]
    process = subprocess.Popen(command, env=corpus.env(), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watch = StderrWatch(process)
    try:
        watch.wait_for(EMBEDDING_PAUSED, BUILD_SECONDS)
        # The lock is held while the model embeds: a second build is turned away with a message.
        second = subprocess.run(corpus.build_command(), env=corpus.env(), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=CLI_SECONDS)
        assert second.returncode != 0
        assert "another build" in second.stderr and "Traceback" not in second.stderr, second.stderr
        assert staging_dirs(index_dir) == [], "embedding should come before any file is written"
        sigkill(process)
    finally:
        stop(process, watch)
    assert_previous_generation_serves(corpus, before, old_docs, pipeline)
    assert_next_build_succeeds_and_cleans_up(corpus, pipeline)


@pytest.mark.parametrize("pause_at", [FIRST_FILE, MANIFEST])
def test_build_killed_while_writing_leaves_the_previous_index_live(pause_at: str, corpus: Corpus, pipeline) -> None:
    index_dir = corpus.settings.index_dir
    before = current_generation(index_dir)
    old_docs = set(load_index(corpus.settings, pipeline.resolved.checksum).documents)
    command = [sys.executable, "-c", PAUSE_WHILE_WRITING, *corpus.build_args()]
    process = subprocess.Popen(
        command, env={**corpus.env(), "QA_TEST_PAUSE_AT": pause_at}, cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    watch = StderrWatch(process)
    try:
        watch.wait_for(PAUSED, BUILD_SECONDS)
        staged = staging_dirs(index_dir)
        assert len(staged) == 1, staged
        written = sorted(path.name for path in (index_dir / staged[0]).iterdir())
        sigkill(process)
    finally:
        stop(process, watch)
    if pause_at == MANIFEST:
        assert len(written) >= 3, f"the manifest comes last, after the data files: {written}"
    assert staging_dirs(index_dir) == staged  # the unfinished generation is still lying there
    assert (index_dir / LOCK_FILE).exists()  # and the killed process's lock file
    assert_previous_generation_serves(corpus, before, old_docs, pipeline)
    assert_next_build_succeeds_and_cleans_up(corpus, pipeline)


def test_lock_of_a_killed_process_does_not_block_the_next_build(tmp_path: Path, seed_settings: Settings, pipeline) -> None:
    settings = Corpus(tmp_path, seed_settings).settings
    settings.index_dir.mkdir(parents=True)
    lock_path = settings.index_dir / LOCK_FILE
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom filelock import FileLock\nlock = FileLock(sys.argv[1])\nlock.acquire()\nprint('held', flush=True)\ntime.sleep(600)\n", str(lock_path)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLocked, match="another build"):
            build(settings, progress=False, embedder=pipeline.embedder)
        sigkill(holder)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(30)
    assert lock_path.exists()
    started = time.monotonic()
    assert build(settings, progress=False, embedder=pipeline.embedder).built
    assert time.monotonic() - started < 120


# --------------------------------------------------------------------------- damaged index files


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage_same_size(path: Path) -> None:
    path.write_bytes(bytes((7 * i + 13) % 256 for i in range(path.stat().st_size)))


def _generation_file(name: str, damage: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda index_dir: damage(current_generation(index_dir) / name)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "manifest truncated": _generation_file(MANIFEST, _truncate),
    "manifest binary garbage": _generation_file(MANIFEST, _garbage_same_size),
    "manifest not an object": _generation_file(MANIFEST, lambda path: path.write_text("[1, 2, 3]", encoding="utf-8")),
    "manifest missing": _generation_file(MANIFEST, lambda path: path.unlink()),
    "vectors truncated": _generation_file("vectors.faiss", _truncate),
    "vectors garbage of the same size": _generation_file("vectors.faiss", _garbage_same_size),
    "vectors missing": _generation_file("vectors.faiss", lambda path: path.unlink()),
    "CURRENT names a missing generation": lambda index_dir: (index_dir / CURRENT_FILE).write_text("gen-gone", encoding="utf-8"),
    "CURRENT binary garbage": lambda index_dir: (index_dir / CURRENT_FILE).write_bytes(b"\xff\xfe\x00\x81\x9c"),
}


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory: pytest.TempPathFactory, seed_settings: Settings, pipeline) -> Corpus:
    corpus = Corpus(tmp_path_factory.mktemp("damage-source"), seed_settings)
    assert build(corpus.settings, progress=False, embedder=pipeline.embedder).built
    return corpus


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_index_makes_qa_ask_say_qa_build_and_that_repairs_it(damage: str, built_corpus: Corpus, tmp_path: Path, pipeline) -> None:
    settings = replace(built_corpus.settings, index_dir=tmp_path / "index")
    shutil.copytree(built_corpus.settings.index_dir, settings.index_dir)
    DAMAGES[damage](settings.index_dir)

    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", RUIAN, "--index", str(settings.index_dir)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=CLI_SECONDS,
    )
    assert result.returncode != 0
    assert "qa build" in result.stderr, result.stderr[-1500:]
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
    assert "30%" not in result.stdout

    # Follow the advice as given: `qa build`, with --force only if the message asks for it.
    force = "--force" in result.stderr
    report = build(settings, force=force, progress=False, embedder=pipeline.embedder)
    assert report.built, f"`qa build{' --force' if force else ''}` did not rebuild: {report.reason}"
    assert len(load_index(settings, pipeline.resolved.checksum).documents) == 5

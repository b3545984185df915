"""BM25 tokens of documents' clauses, in worker processes when a build has much text to tokenize.

jieba is pure Python and was the largest stage of a large build (~140 s of the whole
lawrefbook's ~250 s to keyword search), and each document's tokens depend on that document
alone. So a build hands each document's indexed texts to a pool of `Settings.keyword_workers`
processes while it goes on splitting the next documents; each worker makes its
KeywordTokenizer (jieba with the domain dictionary) once, when it starts. The tokens are
exactly the serial path's: the same tokenizer runs on the same texts, only elsewhere.
Small builds tokenize in the build's own process (starting a worker costs ~1–2 s).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from qa.text.keywords import KeywordTokenizer

# Below this much document text (characters) a pool costs more than it saves: about 1 s of
# serial tokenizing, about what starting two workers takes.
PARALLEL_MIN_CHARS = 200_000

_worker_tokenizer: KeywordTokenizer | None = None  # set in each worker by _start_worker, never at import


def _start_worker(parent: int) -> None:
    global _worker_tokenizer
    _worker_tokenizer = KeywordTokenizer()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    """A killed build cannot stop its workers, and an idle worker would wait for work forever
    (it holds both ends of the pool's queue): each leaves by itself when its parent is gone."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _tokenize_in_worker(texts: Sequence[str]) -> list[list[str]]:
    assert _worker_tokenizer is not None, "the pool starts every worker with _start_worker"
    return [_worker_tokenizer.tokenize(text) for text in texts]


def worker_count(setting: int) -> int:
    """`Settings.keyword_workers` as a number of processes: 0 means one per core this process may use."""
    if setting > 0:
        return setting
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class DocumentTokenizer:
    """Tokens per document, computed in a process pool or here; `submit` now, `tokens` later.

    Use as a context manager (the pool's workers end with it). If a worker dies, the
    documents it had not returned are tokenized here instead.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._local: KeywordTokenizer | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, tuple[list[str], Future[list[list[str]]] | None]] = {}

    def __enter__(self) -> "DocumentTokenizer":
        if self.workers > 1:
            # spawn, not fork: the building process may hold torch's threads or the app's server
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, key: str, texts: list[str]) -> None:
        future = None
        if self._pool is not None and texts:
            try:
                future = self._pool.submit(_tokenize_in_worker, texts)
            except BrokenProcessPool:
                self._pool = None
        self._pending[key] = (texts, future)

    def tokens(self, key: str) -> list[list[str]]:
        """The tokens of each text submitted under `key`, in order."""
        texts, future = self._pending.pop(key)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                pass  # a worker died (out of memory?): this process does the rest
        self._local = self._local or KeywordTokenizer()
        return [self._local.tokenize(text) for text in texts]

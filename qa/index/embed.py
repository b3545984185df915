"""Encoding clauses and questions with EmbeddingGemma (int8 ONNX, or torch in bf16 or fp32), with a cache.

The cache is keyed by (model checksum with the encoder variant, full dimension, prompt,
text hash), so int8 and bf16 vectors never mix, and a rebuild re-embeds only clauses
whose text changed. It is only a cache: a damaged file is
moved aside (`embedding-cache.sqlite.corrupt-<time>`) with a warning and started afresh,
and a disk too full to write it only means vectors are not cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.index.cpu import clause_dtype, int8_exact
from qa.index.model import ResolvedModel
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.index.onnx_encoder import OnnxInt8Encoder

QUERY_PROMPT = "query"
DOCUMENT_PROMPT = "document"
QUERY_CACHE_SIZE = 1024

log = logging.getLogger(__name__)

# SQLite result codes (sqlite3.Error.sqlite_errorcode): damage means "start afresh",
# a full disk means "do without the cache"; anything else (a lock) is a real error.
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 11, 13, 26



def _normalized(vectors: np.ndarray) -> np.ndarray:
    """Unit length in float32 (the model computes in bf16, whose rounding is ~1e-3)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return "malformed" in str(error) or "not a database" in str(error)


def _is_disk_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF == _SQLITE_FULL) if code is not None else "full" in str(error)


class EmbeddingCache:
    """Vectors on disk in SQLite: one row per (model, dim, prompt, text hash).

    Damage found on open or on any read or write moves the file aside and starts an empty
    cache (`notices` says so, and the warning is logged); the vectors are recomputed as needed.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.notices: list[str] = []
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise
            self._db = self._move_aside_and_reopen(error)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            db.execute("SELECT key, vector FROM vectors LIMIT 1").fetchall()  # reads the table's root page
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _move_aside_and_reopen(self, error: sqlite3.Error) -> sqlite3.Connection:
        with contextlib.suppress(Exception):
            self._db.close()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):  # another process moved it first
            os.replace(self.path, aside)
            for suffix in ("-journal", "-wal", "-shm"):  # SQLite's side files belong to the damaged file
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        notice = f"嵌入缓存 {self.path} 已损坏（{error}），已移到 {aside}，将重新建立：缺少的向量会重新计算。"
        self.notices.append(notice)
        log.warning(notice)
        return self._open()

    @staticmethod
    def key(namespace: str, text: str) -> str:
        return namespace + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        try:
            return self._get_many(keys)
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise
            self._db = self._move_aside_and_reopen(error)
            return {}

    def _get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch)
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        rows = [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items.items()]
        try:
            self._put_rows(rows)
        except sqlite3.DatabaseError as error:
            if _is_disk_full(error):
                self._warn_once(f"嵌入缓存 {self.path} 无法写入：磁盘空间不足，本次计算的向量不会缓存。")
                return
            if not _is_damage(error):
                raise
            self._db = self._move_aside_and_reopen(error)
            self._put_rows(rows)

    def _put_rows(self, rows: list[tuple[str, bytes]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows)

    def _warn_once(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)
            log.warning(notice)

    def close(self) -> None:
        self._db.close()


class TorchEncoder:
    """EmbeddingGemma (or any sentence-transformers model) through sentence-transformers in bf16, or
    in fp32 on a CPU without hardware bf16 (Settings.torch_dtype)."""

    def __init__(self, resolved: ResolvedModel, settings: Settings) -> None:
        # OpenMP threads that spin while waiting (the default) collapse when the two cores are
        # shared with another busy process: measured 3.6 s instead of 0.24 s per query, and
        # 0.9 instead of 5 clauses/s. Read once when torch (libgomp) loads, so set before that.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch
        from sentence_transformers import SentenceTransformer

        if settings.torch_threads:
            torch.set_num_threads(settings.torch_threads)
        self.batch_size = settings.embed_batch_size
        # bf16 where the CPU computes it (EmbeddingGemma does not support fp16), else fp32: emulated
        # bf16 is ~7x slower than fp32 (qa.index.cpu)
        dtype = getattr(torch, clause_dtype(settings.torch_dtype))
        self.model = SentenceTransformer(resolved.name_or_path, device="cpu", model_kwargs={"dtype": dtype})
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.full_dim = int(dimension() or settings.embed_dim)
        self.prompts: dict[str, str] = dict(getattr(self.model, "prompts", {}) or {})
        self.dtype = str(next(self.model.parameters()).dtype).replace("torch.", "")

    @property
    def threads(self) -> int:
        import torch

        return torch.get_num_threads()

    def encode(self, texts: Sequence[str], prompt_name: str | None) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), prompt_name=prompt_name, batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


# One network per model and thread settings in a process: every index a process opens (the app's
# reloads, an evaluation's sets, the tests' corpora) shares it. Opened afresh per index, the 1.5 GB bf16
# model of each build was not given back to the system, and a test run embedding many small corpora
# ran out of 24 GB.
_OPEN_ENCODERS: dict[tuple, "TorchEncoder | OnnxInt8Encoder"] = {}


def open_encoder(resolved: ResolvedModel, settings: Settings, for_queries: bool) -> TorchEncoder | OnnxInt8Encoder:
    """The network that encodes questions (`for_queries`) or clauses under `resolved.encoder`
    (settings.encoder, QA_ENCODER): "onnx-int8-queries" runs the int8 export for questions only, and
    only on a CPU whose int8 products do not saturate (qa.index.cpu.int8_exact); elsewhere torch."""
    int8 = resolved.encoder == "onnx-int8" or (resolved.encoder == "onnx-int8-queries" and for_queries and int8_exact())
    if int8:
        key: tuple = ("onnx-int8", resolved.name_or_path, str(resolved.export_dir), resolved.weights_checksum, settings.onnx_threads, settings.onnx_spinning)
    else:
        key = ("torch-bf16", resolved.name_or_path, resolved.checksum, settings.torch_threads, settings.embed_batch_size, clause_dtype(settings.torch_dtype))
    if key not in _OPEN_ENCODERS:
        if int8:
            from qa.index.onnx_encoder import OnnxInt8Encoder

            assert resolved.export_dir is not None
            _OPEN_ENCODERS[key] = OnnxInt8Encoder(Path(resolved.name_or_path), resolved.export_dir, resolved.weights_checksum, settings)
        else:
            _OPEN_ENCODERS[key] = TorchEncoder(resolved, settings)
    return _OPEN_ENCODERS[key]


class Embedder:
    """Normalized EmbeddingGemma vectors on CPU (int8 ONNX, or torch in bf16 or fp32), with the cache.

    Questions and clauses may run through different networks ("onnx-int8-queries"): then the
    clauses' bf16 model is loaded only when a clause is not in the cache (a build), so answering
    questions needs neither torch nor its 1.5 GB.
    """

    def __init__(self, resolved: ResolvedModel, settings: Settings) -> None:
        self.resolved = resolved
        self.settings = settings
        self.dim = settings.embed_dim
        self.query_encoder = open_encoder(resolved, settings, for_queries=True)
        self._document_encoder = self.query_encoder if resolved.encoder != "onnx-int8-queries" else None
        # Vectors are cached at the model's full size and truncated on the way out
        # (Matryoshka: first `dim` components, renormalized), so changing the dimension
        # never re-embeds anything.
        self.full_dim = self.query_encoder.full_dim
        if not 0 < self.dim <= self.full_dim:
            raise ValueError(f"embedding dimension {self.dim} is not within the model's {self.full_dim}")
        prompts = self.query_encoder.prompts
        self._query_prompt = QUERY_PROMPT if QUERY_PROMPT in prompts else None
        self._document_prompt = DOCUMENT_PROMPT if DOCUMENT_PROMPT in prompts else None
        self.batch_size = settings.embed_batch_size
        self.cache = EmbeddingCache(settings.embedding_cache_path)
        # resolved.checksum names the clauses' encoder (qa.index.model.resolve_model): int8 and bf16 vectors never mix
        self.namespace = f"{resolved.checksum}:{self.full_dim}"
        # words and passages are encoded by the questions' network: torch's vectors for them are kept
        # apart from the int8 export's
        self._query_network = ":torch-queries" if isinstance(self.query_encoder, TorchEncoder) else ""
        self.encoded_count = 0  # texts actually run through the model (not served from cache)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def document_encoder(self) -> TorchEncoder | OnnxInt8Encoder:
        if self._document_encoder is None:
            self._document_encoder = open_encoder(self.resolved, self.settings, for_queries=False)
        return self._document_encoder

    @property
    def dtype(self) -> str:
        """The questions' network's; with "onnx-int8-queries" also the clauses' (bf16, or fp32 without hardware bf16)."""
        if self.resolved.encoder == "onnx-int8-queries":
            return f"{self.query_encoder.dtype} for questions, {clause_dtype(self.settings.torch_dtype)} for clauses"
        return self.query_encoder.dtype

    def truncate(self, vectors: np.ndarray) -> np.ndarray:
        return _normalized(vectors[:, : self.dim])

    def _encode(self, texts: Sequence[str], prompt_name: str | None, encoder: TorchEncoder | OnnxInt8Encoder) -> np.ndarray:
        """Full-size normalized vectors."""
        if not texts:
            return np.zeros((0, self.full_dim), dtype=np.float32)
        vectors = encoder.encode(list(texts), prompt_name)
        self.encoded_count += len(texts)
        return _normalized(vectors)

    @property
    def threads(self) -> int:
        return self.query_encoder.threads

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors; a question asked again (eval modes, a repeated question) is not re-encoded."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._query_vectors))
        known = dict(zip(missing, self._encode(missing, self._query_prompt, self.query_encoder)))
        vectors = np.zeros((len(texts), self.full_dim), dtype=np.float32)
        for row, text in enumerate(texts):
            if text not in known:
                known[text] = self._query_vectors.pop(text)
            vectors[row] = known[text]
        self._query_vectors.update(known)  # most recently used last
        while len(self._query_vectors) > QUERY_CACHE_SIZE:
            self._query_vectors.popitem(last=False)
        return self.truncate(vectors)

    def clear_query_cache(self) -> None:
        self._query_vectors.clear()

    def encode_documents(
        self,
        texts: Sequence[str],
        on_progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Document vectors, from the cache where possible; sorted by length to cut padding."""
        return self._cached(texts, f"{self.namespace}:{self._document_prompt}", self._document_prompt, lambda: self.document_encoder, on_progress)

    def encode_words(self, words: Sequence[str], on_progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Single words encoded as questions are (the documents' vocabulary, compared with a
        question's words), kept in the cache: a corpus's vocabulary is encoded once."""
        return self._cached(words, self._word_namespace, self._query_prompt, lambda: self.query_encoder, on_progress)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Sentences compared with a question at answer time, encoded as clauses are but by the
        questions' network (no bf16 model loaded to answer), kept in the cache."""
        namespace = f"{self.namespace}:{self.resolved.encoder}{self._query_network}:{self._document_prompt}:passage"
        return self._cached(texts, namespace, self._document_prompt, lambda: self.query_encoder)

    def cached_words(self, words: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """Those of `words` whose vectors the cache holds, with the vectors; nothing is encoded."""
        keys = [EmbeddingCache.key(self._word_namespace, word) for word in words]
        cached = self.cache.get_many(keys)
        found = [(word, cached[key]) for word, key in zip(words, keys) if key in cached]
        matrix = np.array([vector for _, vector in found], dtype=np.float32).reshape(len(found), self.full_dim)
        return [word for word, _ in found], self.truncate(matrix)

    @property
    def _word_namespace(self) -> str:
        return f"{self.namespace}:{self.resolved.encoder}{self._query_network}:{self._query_prompt}:word"

    def _cached(
        self,
        texts: Sequence[str],
        namespace: str,
        prompt: str | None,
        encoder: Callable[[], TorchEncoder | OnnxInt8Encoder],
        on_progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        keys = [EmbeddingCache.key(namespace, text) for text in texts]
        cached = self.cache.get_many(keys)
        missing = sorted({i for i, key in enumerate(keys) if key not in cached}, key=lambda i: len(texts[i]))
        if on_progress:
            on_progress(len(texts) - len(missing))
        fresh: dict[str, np.ndarray] = {}
        step = self.batch_size * 4
        for start in range(0, len(missing), step):
            batch = missing[start : start + step]
            vectors = self._encode([texts[i] for i in batch], prompt, encoder())
            for i, vector in zip(batch, vectors):
                fresh[keys[i]] = vector
            self.cache.put_many({keys[i]: fresh[keys[i]] for i in batch})
            if on_progress:
                on_progress(len(batch))
        matrix = np.zeros((len(texts), self.full_dim), dtype=np.float32)
        for i, key in enumerate(keys):
            matrix[i] = cached[key] if key in cached else fresh[key]
        return self.truncate(matrix)

"""Encoding clauses and questions with the sentence-transformers model, with a cache.

The cache is keyed by (model checksum, truncation dimension, prompt, text hash), so a
rebuild re-embeds only clauses whose text changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from qa.model import ResolvedModel
from qa.settings import Settings

QUERY_PROMPT = "query"
DOCUMENT_PROMPT = "document"
QUERY_CACHE_SIZE = 1024

# OpenMP threads that spin while waiting (the default) collapse when the two cores are
# shared with another busy process: measured 3.6 s instead of 0.24 s per query, and
# 0.9 instead of 5 clauses/s. Read once when torch (libgomp) loads, so set before that.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _normalized(vectors: np.ndarray) -> np.ndarray:
    """Unit length in float32 (the model computes in bf16, whose rounding is ~1e-3)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


class EmbeddingCache:
    """Vectors on disk in SQLite: one row per (model, dim, prompt, text hash)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
        )

    @staticmethod
    def key(namespace: str, text: str) -> str:
        return namespace + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch)
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items.items()],
            )

    def close(self) -> None:
        self._db.close()


class Embedder:
    """EmbeddingGemma (or any sentence-transformers model) on CPU, normalized vectors."""

    def __init__(self, resolved: ResolvedModel, settings: Settings) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        if settings.torch_threads:
            torch.set_num_threads(settings.torch_threads)
        self.resolved = resolved
        self.dim = settings.embed_dim
        self.batch_size = settings.embed_batch_size
        # bf16: EmbeddingGemma does not support fp16, and fp32 is ~2x slower on this CPU.
        self.model = SentenceTransformer(
            resolved.name_or_path,
            device="cpu",
            model_kwargs={"dtype": torch.bfloat16},
        )
        # Vectors are cached at the model's full size and truncated on the way out
        # (Matryoshka: first `dim` components, renormalized), so changing the dimension
        # never re-embeds anything.
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.full_dim = int(dimension() or settings.embed_dim)
        if not 0 < self.dim <= self.full_dim:
            raise ValueError(f"embedding dimension {self.dim} is not within the model's {self.full_dim}")
        prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = QUERY_PROMPT if QUERY_PROMPT in prompts else None
        self._document_prompt = DOCUMENT_PROMPT if DOCUMENT_PROMPT in prompts else None
        self.cache = EmbeddingCache(settings.embedding_cache_path)
        self.namespace = f"{resolved.checksum}:{self.full_dim}"
        self.encoded_count = 0  # texts actually run through the model (not served from cache)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def dtype(self) -> str:
        return str(next(self.model.parameters()).dtype).replace("torch.", "")

    def truncate(self, vectors: np.ndarray) -> np.ndarray:
        return _normalized(vectors[:, : self.dim])

    def _encode(self, texts: Sequence[str], prompt_name: str | None) -> np.ndarray:
        """Full-size normalized vectors."""
        if not texts:
            return np.zeros((0, self.full_dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            prompt_name=prompt_name,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        self.encoded_count += len(texts)
        return _normalized(np.asarray(vectors, dtype=np.float32))

    @property
    def threads(self) -> int:
        import torch

        return torch.get_num_threads()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors; a question asked again (eval modes, a repeated question) is not re-encoded."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._query_vectors))
        known = dict(zip(missing, self._encode(missing, self._query_prompt)))
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
        namespace = f"{self.namespace}:{self._document_prompt}"
        keys = [EmbeddingCache.key(namespace, text) for text in texts]
        cached = self.cache.get_many(keys)
        missing = sorted({i for i, key in enumerate(keys) if key not in cached}, key=lambda i: len(texts[i]))
        if on_progress:
            on_progress(len(texts) - len(missing))
        fresh: dict[str, np.ndarray] = {}
        step = self.batch_size * 4
        for start in range(0, len(missing), step):
            batch = missing[start : start + step]
            vectors = self._encode([texts[i] for i in batch], self._document_prompt)
            for i, vector in zip(batch, vectors):
                fresh[keys[i]] = vector
            self.cache.put_many({keys[i]: fresh[keys[i]] for i in batch})
            if on_progress:
                on_progress(len(batch))
        matrix = np.zeros((len(texts), self.full_dim), dtype=np.float32)
        for i, key in enumerate(keys):
            matrix[i] = cached[key] if key in cached else fresh[key]
        return self.truncate(matrix)

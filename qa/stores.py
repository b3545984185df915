"""Vector and keyword stores behind one small interface.

A `StoreBackend` builds and loads the pair of stores one index generation needs: a
`VectorStore` (dense search over normalized vectors) and a `KeywordStore` (BM25 over
pre-tokenized clauses). Rows are clause positions in the generation's `clauses.jsonl`.

FAISS + BM25 (bm25s), kept inside the generation directory, are the embedded default
("embedded"). A clustered engine (e.g. Milvus, whose BM25 full-text search has a jieba
analyzer, and whose `milvus-lite` runs the same client API in-process for tests) is added
as a second backend that implements the same protocols and registers itself in
`BACKENDS`; the manifest records which backend wrote a generation. See docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_BACKEND = "embedded"


class VectorStore(Protocol):
    kind: str  # "flat" (exact), "hnsw", "ivf", or a remote engine's name

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row ids) for one normalized query vector, best first; ids -1 when fewer."""

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of these rows (float32, one per row), for incremental rebuilds."""

    def save(self, directory: Path) -> list[str]:
        """Write to directory; return the file names written."""

    def __len__(self) -> int: ...


class KeywordStore(Protocol):
    def scores(self, tokens: list[str]) -> np.ndarray:
        """A BM25 score for every row."""

    def top(self, tokens: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row ids) of the k best rows with a positive score, best first."""

    def save(self, directory: Path) -> list[str]: ...

    def __len__(self) -> int: ...


class StoreBackend(Protocol):
    name: str

    def build(self, vectors: np.ndarray, corpus_tokens: list[list[str]], ann_threshold: int) -> tuple[VectorStore, KeywordStore]:
        """Stores for these rows: vectors[i] and corpus_tokens[i] belong to clause row i."""

    def load(self, directory: Path, size: int) -> tuple[VectorStore, KeywordStore]:
        """The stores a generation directory describes (files, or a pointer to a remote collection)."""


class FaissVectorStore:
    """Exact inner product (IndexFlatIP) for small corpora; HNSW above a size threshold."""

    FILE = "vectors.faiss"
    HNSW_M = 32
    HNSW_EF_CONSTRUCTION = 80
    HNSW_EF_SEARCH = 128

    def __init__(self, index) -> None:  # faiss.Index
        self.index = index
        name = type(index).__name__
        self.kind = "hnsw" if "HNSW" in name else "ivf" if "IVF" in name else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, ann_threshold: int, hnsw_m: int = HNSW_M) -> "FaissVectorStore":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) > ann_threshold:
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = cls.HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = cls.HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, directory: Path) -> "FaissVectorStore":
        import faiss

        return cls(faiss.read_index(str(directory / cls.FILE)))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        return scores[0], ids[0]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(rows) == len(self) and np.array_equal(rows, np.arange(len(self))):
            return self.index.reconstruct_n(0, len(self))
        return np.stack([self.index.reconstruct(int(row)) for row in rows])

    def save(self, directory: Path) -> list[str]:
        import faiss

        faiss.write_index(self.index, str(directory / self.FILE))
        return [self.FILE]

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def __len__(self) -> int:
        return int(self.index.ntotal)


class BM25KeywordStore:
    """bm25s over pre-tokenized clauses (jieba tokens from qa.keywords)."""

    DIRECTORY = "bm25"
    EMPTY_PLACEHOLDER = "∅"

    def __init__(self, retriever, size: int) -> None:  # bm25s.BM25
        self.retriever = retriever
        self.size = size

    @classmethod
    def build(cls, corpus_tokens: list[list[str]]) -> "BM25KeywordStore":
        import bm25s

        retriever = bm25s.BM25()
        # bm25s wants at least one token per document; an empty clause gets a placeholder.
        retriever.index([tokens or [cls.EMPTY_PLACEHOLDER] for tokens in corpus_tokens], show_progress=False)
        return cls(retriever, len(corpus_tokens))

    @classmethod
    def load(cls, directory: Path, size: int) -> "BM25KeywordStore":
        import bm25s

        return cls(bm25s.BM25.load(str(directory / cls.DIRECTORY)), size)

    def scores(self, tokens: list[str]) -> np.ndarray:
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    def top(self, tokens: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores(tokens)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return scores[best], best.astype(np.int64)

    def save(self, directory: Path) -> list[str]:
        target = directory / self.DIRECTORY
        self.retriever.save(str(target))
        return [f"{self.DIRECTORY}/{path.name}" for path in sorted(target.iterdir())]

    def __len__(self) -> int:
        return self.size


class EmbeddedBackend:
    """FAISS + bm25s, files inside the generation directory; nothing to run or connect to."""

    name = DEFAULT_BACKEND

    def build(self, vectors: np.ndarray, corpus_tokens: list[list[str]], ann_threshold: int) -> tuple[FaissVectorStore, BM25KeywordStore]:
        return FaissVectorStore.build(vectors, ann_threshold), BM25KeywordStore.build(corpus_tokens)

    def load(self, directory: Path, size: int) -> tuple[FaissVectorStore, BM25KeywordStore]:
        return FaissVectorStore.load(directory), BM25KeywordStore.load(directory, size)


BACKENDS: dict[str, Callable[[], StoreBackend]] = {DEFAULT_BACKEND: EmbeddedBackend}


def store_backend(name: str = DEFAULT_BACKEND) -> StoreBackend:
    """The backend registered under `name` (the `store_backend` setting; "embedded" by default)."""
    try:
        return BACKENDS[name or DEFAULT_BACKEND]()
    except KeyError:
        raise ValueError(f"unknown store backend {name!r}; available: {', '.join(sorted(BACKENDS))}") from None

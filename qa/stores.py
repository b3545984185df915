"""Vector and keyword stores behind one small interface.

FAISS + BM25 (bm25s) are the embedded default. A clustered engine (e.g. Milvus, whose
BM25 full-text search has a jieba analyzer) can be added as a second backend that
implements the same two protocols; see docs/scaling.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class VectorStore(Protocol):
    kind: str

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row ids) for one normalized query vector, best first; ids -1 when fewer."""

    def save(self, directory: Path) -> list[str]:
        """Write to directory; return the file names written."""

    def __len__(self) -> int: ...


class KeywordStore(Protocol):
    def scores(self, tokens: list[str]) -> np.ndarray:
        """A BM25 score for every row."""

    def save(self, directory: Path) -> list[str]: ...


class FaissVectorStore:
    """Exact inner product (IndexFlatIP) for small corpora; HNSW above a size threshold."""

    FILE = "vectors.faiss"

    def __init__(self, index) -> None:  # faiss.Index
        self.index = index
        self.kind = "hnsw" if "HNSW" in type(index).__name__ else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, ann_threshold: int, hnsw_m: int = 32) -> "FaissVectorStore":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) > ann_threshold:
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = 128
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

    def __init__(self, retriever, size: int) -> None:  # bm25s.BM25
        self.retriever = retriever
        self.size = size

    @classmethod
    def build(cls, corpus_tokens: list[list[str]]) -> "BM25KeywordStore":
        import bm25s

        retriever = bm25s.BM25()
        # bm25s wants at least one token per document; an empty clause gets a placeholder.
        retriever.index([tokens or ["∅"] for tokens in corpus_tokens], show_progress=False)
        return cls(retriever, len(corpus_tokens))

    @classmethod
    def load(cls, directory: Path, size: int) -> "BM25KeywordStore":
        import bm25s

        return cls(bm25s.BM25.load(str(directory / cls.DIRECTORY)), size)

    def scores(self, tokens: list[str]) -> np.ndarray:
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    def save(self, directory: Path) -> list[str]:
        target = directory / self.DIRECTORY
        self.retriever.save(str(target))
        return [f"{self.DIRECTORY}/{path.name}" for path in sorted(target.iterdir())]

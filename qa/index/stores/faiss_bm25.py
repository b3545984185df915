"""The default store backend ("faiss"): FAISS for vectors and bm25s for BM25, both kept as
files inside the index generation folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.index.stores.base import DEFAULT_BACKEND, HNSW_EF_SEARCH, TIE_MARGIN, RowFields, Scope, top_k_stable

if TYPE_CHECKING:
    from qa.settings import Settings


class FaissVectorStore:
    """Exact inner product (IndexFlatIP) for small corpora; HNSW above a size threshold."""

    FILE = "vectors.faiss"
    HNSW_M = 32
    HNSW_EF_CONSTRUCTION = 80
    HNSW_EF_SEARCH = HNSW_EF_SEARCH

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

    # Extra neighbours asked for, so rows tied at the k-th score are cut by row like a stable sort.
    TIE_MARGIN = TIE_MARGIN

    def search(self, query: np.ndarray, k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        available = len(self) if scope is None else len(scope.rows)
        k = min(k, available)
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        wanted = min(k + self.TIE_MARGIN, available)
        params = None
        bitmap = None
        if scope is not None and available < len(self):
            bitmap = np.packbits(scope.mask, bitorder="little")  # kept alive until the search returns
            selector = faiss.IDSelectorBitmap(len(scope.mask), faiss.swig_ptr(bitmap))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.HNSW_EF_SEARCH, wanted))
            else:
                params = faiss.SearchParameters(sel=selector)
        elif self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(self.HNSW_EF_SEARCH, wanted))
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), wanted, params=params)
        del bitmap
        scores, ids = scores[0], ids[0]
        valid = ids >= 0
        scores, ids = scores[valid], ids[valid].astype(np.int64)
        order = np.lexsort((ids, -scores))[:k]
        return scores[order], ids[order]

    def scores_of(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        import faiss

        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if self.kind == "flat":  # the same kernel as search, so a row scores alike either way
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))
            scores, ids = self.index.search(query, len(rows), params=params)
            found = dict(zip(ids[0].tolist(), scores[0].tolist()))
            return np.array([found[row] for row in rows.tolist()], dtype=np.float32)
        return (self.vectors(rows) @ query[0]).astype(np.float32)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(rows) == len(self) and np.array_equal(rows, np.arange(len(self))):
            return self.index.reconstruct_n(0, len(self))
        return self.index.reconstruct_batch(rows)

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
    """bm25s over pre-tokenized clauses (jieba tokens from qa.text.keywords)."""

    DIRECTORY = "bm25"
    EMPTY_PLACEHOLDER = "∅"

    def __init__(self, retriever, size: int) -> None:  # bm25s.BM25
        self.retriever = retriever
        self.size = size
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None  # top() then scores_of() share one scoring

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
        """A BM25 score for every row (one sparse sum over the tokens' postings)."""
        key = tuple(tokens)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        if not tokens or self.size == 0:
            scores = np.zeros(self.size, dtype=np.float32)
        else:
            scores = np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)
        self._last = (key, scores)
        return scores

    def top(self, tokens: list[str], k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores(tokens)
        if scope is not None:
            scores = np.where(scope.mask, scores, np.float32(0))
        best = top_k_stable(scores, k)
        return scores[best], best

    def scores_of(self, tokens: list[str], rows: np.ndarray) -> np.ndarray:
        return self.scores(tokens)[np.asarray(rows, dtype=np.int64)]

    def vocabulary(self) -> list[str]:
        return [token for token in self.retriever.vocab_dict if token != self.EMPTY_PLACEHOLDER]

    def save(self, directory: Path) -> list[str]:
        target = directory / self.DIRECTORY
        self.retriever.save(str(target))
        return [f"{self.DIRECTORY}/{path.name}" for path in sorted(target.iterdir())]

    def __len__(self) -> int:
        return self.size


class EmbeddedBackend:
    """FAISS + bm25s, files inside the generation directory; nothing to run or connect to."""

    name = DEFAULT_BACKEND

    def __init__(self, settings: "Settings | None" = None) -> None:
        pass

    def build(
        self, vectors: np.ndarray, corpus_tokens: list[list[str]], ann_threshold: int, fields: RowFields, generation: str
    ) -> tuple[FaissVectorStore, BM25KeywordStore]:
        return FaissVectorStore.build(vectors, ann_threshold), BM25KeywordStore.build(corpus_tokens)

    def load(self, directory: Path, size: int) -> tuple[FaissVectorStore, BM25KeywordStore]:
        return FaissVectorStore.load(directory), BM25KeywordStore.load(directory, size)

    def publish(self, generation: Path) -> None:
        pass

    def sweep(self, live: Path | None) -> list[str]:
        return []

"""Vector and keyword stores behind one small interface.

A `StoreBackend` builds and loads the pair of stores one index generation needs: a
`VectorStore` (dense search over normalized vectors) and a `KeywordStore` (BM25 over
pre-tokenized clauses). Rows are clause positions in the generation's `clauses.jsonl`.

Both stores answer top-k questions: the k best rows, with a `Scope` (the documents a
question may be answered from) applied inside the search, plus the scores of a few named
rows (`scores_of`) so fusion can weigh every candidate by both signals.

FAISS + BM25 (bm25s), kept inside the generation directory, are the default ("faiss",
written "embedded" by older builds; faiss_bm25.py). Milvus (milvus.py, Milvus Lite or a
cluster) is the second backend; `QA_STORE` picks one (registry.py) and the manifest records
which backend wrote a generation. See docs/scaling.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_BACKEND = "faiss"
TIE_MARGIN = 8  # extra rows a search asks for, so rows tied at the k-th score are cut by row like a stable sort
HNSW_EF_SEARCH = 128  # HNSW search breadth, both backends
LEGACY_NAMES = {"embedded": DEFAULT_BACKEND}  # what builds before the Milvus backend wrote


@dataclass(eq=False)
class Scope:
    """The rows a search may return: those of `docs`. Stores filter by whichever form they index
    (FAISS and bm25s by a row mask, Milvus by the `doc` field)."""

    docs: frozenset[str]
    mask: np.ndarray  # bool per row

    @cached_property
    def rows(self) -> np.ndarray:
        return np.flatnonzero(self.mask)


@dataclass
class RowFields:
    """Per-row scalar fields a clustered engine stores for filtering and for other clients."""

    clause_ids: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    region_chains: list[list[str]] = field(default_factory=list)  # e.g. [瑞安市, 温州市, 浙江省]
    kinds: list[str] = field(default_factory=list)  # body, table_row, ...
    texts: list[str] = field(default_factory=list)  # the indexed text (region, title, path, clause)


def top_k_stable(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest positive scores, best first, ties by lower index: what a stable
    argsort of -scores gives, with argpartition instead of a full sort."""
    positive = int(np.count_nonzero(scores > 0))
    k = min(k, positive)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(scores):
        threshold = scores[np.argpartition(-scores, k - 1)[:k]].min()
        candidates = np.flatnonzero(scores >= threshold)  # every row tied at the cut-off, too
    else:
        candidates = np.flatnonzero(scores > 0)
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:k].astype(np.int64)


class VectorStore(Protocol):
    kind: str  # "flat" (exact), "hnsw", "ivf", or a remote engine's name

    def search(self, query: np.ndarray, k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(cosine scores, row ids) of the k rows in scope nearest one normalized query vector,
        best first (ties by lower row); fewer when fewer rows are in scope."""

    def scores_of(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The cosine of the query and each of these rows."""

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of these rows (float32, one per row), for incremental rebuilds."""

    def save(self, directory: Path) -> list[str]:
        """Write to directory; return the file names written."""

    def __len__(self) -> int: ...


class KeywordStore(Protocol):
    def top(self, tokens: list[str], k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row ids) of the k best rows in scope with a positive BM25 score, best first
        (ties by lower row)."""

    def scores_of(self, tokens: list[str], rows: np.ndarray) -> np.ndarray:
        """The BM25 score of each of these rows (0 where no token matches)."""

    def vocabulary(self) -> list[str]:
        """Every token the index holds."""

    def save(self, directory: Path) -> list[str]: ...

    def __len__(self) -> int: ...


class StoreBackend(Protocol):
    name: str

    def build(
        self, vectors: np.ndarray, corpus_tokens: list[list[str]], ann_threshold: int, fields: RowFields, generation: str
    ) -> tuple[VectorStore, KeywordStore]:
        """Stores for these rows: vectors[i], corpus_tokens[i] and fields' i-th entries belong to
        clause row i; `generation` names the generation being written."""

    def load(self, directory: Path, size: int) -> tuple[VectorStore, KeywordStore]:
        """The stores a generation directory describes (files, or a pointer to a remote collection)."""

    def publish(self, generation: Path) -> None:
        """Called once `generation` is live (CURRENT names it): point shared names at it."""

    def sweep(self, live: Path | None) -> list[str]:
        """Remove what builds left behind outside the index folder; return what was removed."""

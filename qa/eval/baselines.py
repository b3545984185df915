"""Baselines `qa eval` compares the app with; never on the app's own path.

naive: the textbook RAG a user would otherwise build: fixed 500-character chunks with 50
overlap, dense inner product with the question alone, answer = the best chunk.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from tqdm import tqdm

from qa.records import Citation, SourceDocument

NAIVE_CHUNK_CHARS = 500
NAIVE_CHUNK_OVERLAP = 50
NAIVE_ENCODE_BATCH = 64


class EmbedderLike(Protocol):
    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_documents(self, texts: list[str]) -> np.ndarray: ...


def chunk_spans(length: int, size: int = NAIVE_CHUNK_CHARS, overlap: int = NAIVE_CHUNK_OVERLAP) -> list[tuple[int, int]]:
    """Fixed-size windows over a text of `length` characters, each overlapping the previous."""
    if size <= overlap:
        raise ValueError("chunk size must exceed the overlap")
    spans: list[tuple[int, int]] = []
    start = 0
    while start < length:
        end = min(start + size, length)
        spans.append((start, end))
        if end == length:
            break
        start += size - overlap
    return spans


@dataclass(frozen=True)
class NaiveChunk:
    doc: str
    start: int
    end: int
    text: str

    @property
    def chunk_id(self) -> str:
        return f"{self.doc}@{self.start}"

    def as_citation(self) -> Citation:
        return Citation(
            doc=self.doc, title="", doc_number="", region="", clause_id=self.chunk_id, path="",
            quote=self.text, start=self.start, end=self.end, context=self.text,
        )


class NaiveBaseline:
    """Chunk every document, embed the chunks once, answer with the best chunk.

    It retrieves with the question alone: a textbook RAG has no follow-up resolution.
    """

    def __init__(self, embedder: EmbedderLike, documents: Sequence[SourceDocument], progress: bool = False) -> None:
        self.embedder = embedder
        self.chunks = [
            NaiveChunk(doc.path, start, end, doc.text[start:end])
            for doc in documents
            for start, end in chunk_spans(len(doc.text))
        ]
        started = time.perf_counter()
        batches = [
            np.asarray(embedder.encode_documents([c.text for c in self.chunks[i : i + NAIVE_ENCODE_BATCH]]), dtype=np.float32)
            for i in tqdm(
                range(0, len(self.chunks), NAIVE_ENCODE_BATCH),
                desc="naive: encode chunks", unit="batch", file=sys.stderr, disable=not progress,
            )
        ]
        self.vectors = np.vstack(batches) if batches else np.zeros((0, 1), dtype=np.float32)
        self.encode_seconds = time.perf_counter() - started

    def search(self, question: str, k: int) -> list[NaiveChunk]:
        if not self.chunks:
            return []
        query = np.asarray(self.embedder.encode_queries([question]), dtype=np.float32)[0]
        scores = self.vectors @ query
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.chunks[i] for i in order]

    def answer(self, question: str, k: int) -> tuple[list[NaiveChunk], str, list[Citation]]:
        """The k best chunks, the best one's text as the answer, every chunk as a citation."""
        top = self.search(question, k)
        return top, (top[0].text if top else ""), [c.as_citation() for c in top]

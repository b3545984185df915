"""Hybrid retrieval: dense (FAISS) and keyword (BM25) ranks, fused, then question-aware boosts.

Modes: "keyword" (BM25 only), "dense" (embeddings only), "fused" (RRF or weighted fusion),
"full" (fused + question understanding: region restriction, unit, period and intent boosts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from qa.embed import Embedder
from qa.gazetteer import Gazetteer
from qa.index import Index
from qa.keywords import KeywordTokenizer
from qa.query import QueryUnderstanding, understand
from qa.records import Clause, Hit
from qa.settings import Settings

MODES = ("keyword", "dense", "fused", "full")


@dataclass
class Retrieval:
    hits: list[Hit]
    understanding: QueryUnderstanding
    in_scope_docs: list[str] = field(default_factory=list)  # documents of the asked region(s)
    uncovered_places: list[str] = field(default_factory=list)  # places asked that no document covers
    nearest: list[Hit] = field(default_factory=list)  # best hits ignoring region, for 相关条款


def _ranks(scores: np.ndarray, limit: int) -> dict[int, int]:
    """Row -> rank (1-based) for the `limit` best rows with a positive score."""
    order = np.argsort(-scores, kind="stable")[:limit]
    return {int(row): rank for rank, row in enumerate(order, start=1) if scores[row] > 0}


def _minmax(values: dict[int, float]) -> dict[int, float]:
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    return {row: (value - low) / span for row, value in values.items()}


class Retriever:
    def __init__(self, index: Index, embedder: Embedder, tokenizer: KeywordTokenizer, gazetteer: Gazetteer, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.gazetteer = gazetteer
        self.settings = settings
        self._doc_regions = {path: meta.regions for path, meta in index.documents.items()}

    # --- the two signals -------------------------------------------------------------
    def dense_scores(self, question: str) -> np.ndarray:
        size = len(self.index.clauses)
        scores = np.zeros(size, dtype=np.float32)
        if size == 0:
            return scores
        query = self.embedder.encode_queries([question])[0]
        k = size if self.index.vectors.kind == "flat" else min(size, self.settings.candidate_k * 20)
        found, rows = self.index.vectors.search(query, k)
        valid = rows >= 0
        # cosine in [-1, 1]; shifted so every searched row has a positive score
        scores[rows[valid]] = found[valid] + 1.0
        return scores

    def keyword_scores(self, question: str) -> np.ndarray:
        return self.index.keywords.scores(self.tokenizer.query_tokens(question))

    # --- fusion -----------------------------------------------------------------------
    def _fuse(self, dense: np.ndarray, keyword: np.ndarray, mode: str, limit: int) -> tuple[dict[int, float], dict[int, int], dict[int, int]]:
        dense_ranks = _ranks(dense, limit) if mode != "keyword" else {}
        keyword_ranks = _ranks(keyword, limit) if mode != "dense" else {}
        rows = set(dense_ranks) | set(keyword_ranks)
        if mode == "dense":
            return {row: float(dense[row]) for row in rows}, dense_ranks, keyword_ranks
        if mode == "keyword":
            return {row: float(keyword[row]) for row in rows}, dense_ranks, keyword_ranks
        if self.settings.fusion == "weighted":
            dense_norm = _minmax({row: float(dense[row]) for row in rows})
            keyword_norm = _minmax({row: float(keyword[row]) for row in rows})
            weight = self.settings.dense_weight
            fused = {row: weight * dense_norm[row] + (1 - weight) * keyword_norm[row] for row in rows}
        else:
            k = self.settings.rrf_k
            fused = {
                row: (1.0 / (k + dense_ranks[row]) if row in dense_ranks else 0.0)
                + (1.0 / (k + keyword_ranks[row]) if row in keyword_ranks else 0.0)
                for row in rows
            }
        return fused, dense_ranks, keyword_ranks

    # --- question-aware boosts --------------------------------------------------------
    def _boosts(self, clause: Clause, understanding: QueryUnderstanding) -> dict[str, float]:
        boosts: dict[str, float] = {}
        unit_weight = self.settings.unit_boost / (self.settings.rrf_k + 1)
        figures = [figure for figure in clause.figures if figure.kind == "figure"]
        if understanding.figure_intent and understanding.expected_units and figures:
            if any(figure.unit in understanding.expected_units for figure in figures):
                boosts["unit"] = unit_weight
        elif understanding.figure_intent and figures:
            boosts["has_figure"] = unit_weight / 2
        if understanding.period and understanding.period in re.sub(r"\s", "", clause.text):
            boosts["period"] = self.settings.period_boost / (self.settings.rrf_k + 1)
        if understanding.asks_responsible_units and clause.responsible_units:
            boosts["responsible_units"] = unit_weight
        return boosts

    def region_docs(self, understanding: QueryUnderstanding) -> tuple[list[str], list[str]]:
        """Documents inside the asked scope, and asked places no document covers."""
        if not understanding.regions:
            return list(self.index.documents), []
        scope = set(understanding.region_scope) | set(understanding.regions)
        docs = [path for path, regions in self._doc_regions.items() if scope.intersection(regions)]
        uncovered = [
            place for place in understanding.regions
            if not any(
                place in regions or any(self.gazetteer.covers(place, region) for region in regions)
                for regions in self._doc_regions.values()
            )
        ]
        return docs, uncovered

    # --- entry point ------------------------------------------------------------------
    def search(
        self,
        question: str,
        history: list[str] | None = None,
        mode: str = "full",
        k: int | None = None,
        region: str | None = None,
    ) -> Retrieval:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose from {', '.join(MODES)}")
        k = k or self.settings.top_k
        understanding = understand(question, history or [], self.gazetteer)
        if region and not understanding.regions:
            understanding = understand(f"{region} {understanding.resolved_question}", [], self.gazetteer)
        text = understanding.resolved_question if mode == "full" else question
        dense = self.dense_scores(text) if mode != "keyword" else np.zeros(len(self.index.clauses), np.float32)
        keyword = self.keyword_scores(text) if mode != "dense" else np.zeros(len(self.index.clauses), np.float32)
        limit = max(self.settings.candidate_k, k)
        if mode != "full":
            fused, dense_ranks, keyword_ranks = self._fuse(dense, keyword, mode, limit)
            hits = self._to_hits(fused, dense_ranks, keyword_ranks, {}, k)
            return Retrieval(hits, understanding, list(self.index.documents), [], hits)

        docs, uncovered = self.region_docs(understanding)
        nearest_scores, dense_ranks, keyword_ranks = self._fuse(dense, keyword, mode, limit)
        nearest = self._to_hits(nearest_scores, dense_ranks, keyword_ranks, {}, k)
        allowed = set(docs)
        if uncovered and not docs:
            return Retrieval([], understanding, [], uncovered, nearest)
        rows_in_scope = np.array([clause.doc in allowed for clause in self.index.clauses])
        scoped_dense = np.where(rows_in_scope, dense, 0.0)
        scoped_keyword = np.where(rows_in_scope, keyword, 0.0)
        fused, dense_ranks, keyword_ranks = self._fuse(scoped_dense, scoped_keyword, mode, limit)
        boosts = {row: self._boosts(self.index.clauses[row], understanding) for row in fused}
        scored = {row: score + sum(boosts[row].values()) for row, score in fused.items()}
        hits = self._to_hits(scored, dense_ranks, keyword_ranks, boosts, k)
        return Retrieval(hits, understanding, docs, uncovered, nearest)

    def _to_hits(self, scores: dict[int, float], dense_ranks: dict[int, int], keyword_ranks: dict[int, int], boosts: dict[int, dict[str, float]], k: int) -> list[Hit]:
        best = sorted(scores, key=lambda row: (-scores[row], row))[:k]
        return [
            Hit(self.index.clauses[row], scores[row], dense_ranks.get(row), keyword_ranks.get(row), boosts.get(row, {}))
            for row in best
        ]

"""Score fusion: the dense and keyword searches' candidates as one `Ranking`, by reciprocal
rank fusion (RRF, `Settings.rrf_k`) or min-max normalised weights (`Settings.fusion =
"weighted"`, `Settings.dense_weight`). Question-aware boosts are added on `boost_scale`."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.records import Clause, Hit
from qa.settings import Settings


@dataclass
class Ranking:
    """Scores of candidate rows with the evidence behind them (shown by --explain)."""

    scores: dict[int, float]
    dense_ranks: dict[int, int]
    keyword_ranks: dict[int, int]
    dense: dict[int, float]  # cosine + 1 of every candidate row; empty when dense search did not run
    boosts: dict[int, dict[str, float]] = field(default_factory=dict)

    def hit(self, row: int, clauses: list[Clause]) -> Hit:
        dense = self.dense.get(row, 0.0)
        similarity = dense - 1.0 if dense > 0 else None
        return Hit(clauses[row], self.scores[row], self.dense_ranks.get(row), self.keyword_ranks.get(row), self.boosts.get(row, {}), similarity)

    def best_rows(self) -> list[int]:
        return sorted(self.scores, key=lambda row: (-self.scores[row], row))

    def hits(self, clauses: list[Clause], k: int) -> list[Hit]:
        return [self.hit(row, clauses) for row in self.best_rows()[:k]]

    def per_document(self, clauses: list[Clause], per_doc: int, docs: set[str]) -> list[Hit]:
        """For comparisons: the best clauses of every one of `docs`, interleaved by rank."""
        by_doc: dict[str, list[int]] = {}
        for row in self.best_rows():
            if clauses[row].doc not in docs:
                continue
            rows = by_doc.setdefault(clauses[row].doc, [])
            if len(rows) < per_doc:
                rows.append(row)
        order = [rows[i] for i in range(per_doc) for rows in by_doc.values() if i < len(rows)]
        return [self.hit(row, clauses) for row in order]


def ranks(found: dict[int, float]) -> dict[int, int]:
    """Row -> rank (1-based) of a search's rows (given best first) with a positive score."""
    return {row: rank for rank, (row, score) in enumerate(found.items(), start=1) if score > 0}


def minmax(values: dict[int, float]) -> dict[int, float]:
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    return {row: (value - low) / span for row, value in values.items()}


def fuse(
    dense: dict[int, float], keyword: dict[int, float], dense_ranks: dict[int, int], keyword_ranks: dict[int, int], mode: str, settings: Settings
) -> Ranking:
    rows = set(dense_ranks) | set(keyword_ranks)
    if mode == "dense":
        scores = {row: dense[row] for row in rows}
    elif mode == "keyword":
        scores = {row: keyword[row] for row in rows}
    elif settings.fusion == "weighted":
        dense_norm = minmax({row: dense.get(row, 0.0) for row in rows})
        keyword_norm = minmax({row: keyword.get(row, 0.0) for row in rows})
        weight = settings.dense_weight
        scores = {row: weight * dense_norm[row] + (1 - weight) * keyword_norm[row] for row in rows}
    else:
        k = settings.rrf_k
        scores = {
            row: (1.0 / (k + dense_ranks[row]) if row in dense_ranks else 0.0)
            + (1.0 / (k + keyword_ranks[row]) if row in keyword_ranks else 0.0)
            for row in rows
        }
    return Ranking(scores, dense_ranks, keyword_ranks, dense if mode != "keyword" else {})


def boost_scale(settings: Settings) -> float:
    """Boosts are fractions of the best possible fused score, so both fusions weigh them alike."""
    if settings.fusion == "weighted":
        return 1.0
    return 2.0 / (settings.rrf_k + 1)

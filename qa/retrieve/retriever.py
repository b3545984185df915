"""Hybrid retrieval: dense (FAISS) and keyword (BM25) ranks, fused, then question-aware boosts.

Modes: "keyword" (BM25 only), "dense" (embeddings only), "fused" (RRF or weighted fusion),
"full" (fused + question understanding: region restriction, unit, period and intent boosts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from qa.index.embed import Embedder
from qa.text.gazetteer import NATIONAL, Gazetteer
from qa.index.build import Index
from qa.text.keywords import KeywordTokenizer
from qa.understand import understand
from qa.lexicon import load as load_lexicon
from qa.records import Clause, Hit, QueryUnderstanding, Retrieval
from qa.settings import Settings
from qa.index.stores.base import Scope
from qa.ingest.validity import parse_as_of, versions_in_force

MODES = ("keyword", "dense", "fused", "full")

# A figure written in one unit can answer a question expecting a related one:
# 亩均增加值 (万元/亩) is often written "达到220万元"; 前50强 answers "前多少名".
COMPATIBLE_UNITS: dict[str, frozenset[str]] = {
    unit: frozenset(others) for unit, others in load_lexicon("units")["compatible_units"]["value"].items()
}  # qa/lexicon/units.json


COMPARISON_DEPTH = 3  # clauses of each compared document the answer stage reads
COMPARISON_DEPTH_PENALTY = 10  # a single-place penalty answer reads all 10 hits too
MIN_TITLE_CHARS = 6  # a shorter title core (条例, 实施方案) names no document in particular


def title_core(title: str, regions: list[str]) -> str:
    """The distinctive part of a title: 瑞安市人民政府办公室关于印发X(2023-2027年)的通知 -> X
    without its leading place name, parentheses and quotation marks."""
    core = re.sub(r"\s", "", title)
    wrapped = re.search(r"关于印发(.+)的通知", core)
    if wrapped:
        core = wrapped.group(1)
    core = re.sub(r"[（(][^（）()]*[)）]|[《》“”\"]", "", core)
    for place in sorted(regions, key=len, reverse=True):
        for form in (place, place[:-1] if len(place) > 2 else place):
            if core.startswith(form):
                core = core[len(form):]
    return core


def unit_compatible(unit: str, expected: list[str]) -> bool:
    return any(unit == wanted or unit in COMPATIBLE_UNITS.get(wanted, ()) for wanted in expected)


@dataclass
class Applicability:
    docs: list[str]
    levels: dict[str, str]  # doc -> "own", "above" or "national"; empty when no place was asked
    uncovered: list[str]  # asked places with no local document of their own or above them


_LEVEL_RANK = {"own": 0, "above": 1, "national": 2}


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


def _ranks(found: dict[int, float]) -> dict[int, int]:
    """Row -> rank (1-based) of a search's rows (given best first) with a positive score."""
    return {row: rank for rank, (row, score) in enumerate(found.items(), start=1) if score > 0}


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
        self._doc_numbers = {path: number for number, path in enumerate(index.documents)}
        self._row_doc_numbers = np.array([self._doc_numbers.get(clause.doc, -1) for clause in index.clauses], dtype=np.int32)
        self._title_cores = {path: title_core(meta.title, meta.regions) for path, meta in index.documents.items()}

    # --- the two signals: top candidates, the scope applied inside each search ---------
    def scope(self, docs: list[str]) -> Scope:
        """The rows of these documents, for the stores to filter by."""
        numbers = [self._doc_numbers[doc] for doc in docs if doc in self._doc_numbers]
        return Scope(frozenset(docs), np.isin(self._row_doc_numbers, numbers))

    def dense_scores(self, query: np.ndarray, limit: int, scope: Scope | None = None) -> dict[int, float]:
        """The `limit` rows in scope nearest the query vector, best first: row -> cosine + 1
        (shifted so every found row has a positive score)."""
        found, rows = self.index.vectors.search(query, limit, scope)
        return dict(zip(rows.tolist(), (found + 1.0).tolist()))

    def keyword_scores(self, tokens: list[str], limit: int, scope: Scope | None = None) -> dict[int, float]:
        """The `limit` rows in scope with the best positive BM25 scores, best first: row -> score."""
        found, rows = self.index.keywords.top(tokens, limit, scope)
        return dict(zip(rows.tolist(), found.tolist()))

    def _rank(self, query: np.ndarray | None, tokens: list[str], mode: str, limit: int, scope: Scope | None = None) -> Ranking:
        """Both searches' candidates fused; a candidate found by one search is scored by the other
        by name, so fusion weighs every candidate by both signals (as exhaustive scoring did)."""
        dense_scope = self._with_vectors(scope)
        dense = self.dense_scores(query, limit, dense_scope) if mode != "keyword" and query is not None else {}
        keyword = self.keyword_scores(tokens, limit, scope) if mode != "dense" else {}
        dense_ranks, keyword_ranks = _ranks(dense), _ranks(keyword)
        rows = set(dense_ranks) | set(keyword_ranks)
        if mode != "keyword" and query is not None:
            missing = np.array(sorted(row for row in rows - dense.keys() if dense_scope is None or dense_scope.mask[row]), dtype=np.int64)
            if len(missing):
                dense = {**dense, **dict(zip(missing.tolist(), (self.index.vectors.scores_of(query, missing) + 1.0).tolist()))}
        if mode not in ("dense", "keyword"):
            missing = np.array(sorted(rows - keyword.keys()), dtype=np.int64)
            if len(missing):
                keyword = {**keyword, **dict(zip(missing.tolist(), self.index.keywords.scores_of(tokens, missing).tolist()))}
        return self._fuse(dense, keyword, dense_ranks, keyword_ranks, mode)

    def _with_vectors(self, scope: Scope | None) -> Scope | None:
        """`scope` without the documents a keyword-first build has not embedded yet (Index.dense_pending)."""
        pending = self.index.dense_pending
        if not pending:
            return scope
        return self.scope([doc for doc in (scope.docs if scope else self.index.documents) if doc not in pending])

    # --- fusion -----------------------------------------------------------------------
    def _fuse(self, dense: dict[int, float], keyword: dict[int, float], dense_ranks: dict[int, int], keyword_ranks: dict[int, int], mode: str) -> Ranking:
        rows = set(dense_ranks) | set(keyword_ranks)
        if mode == "dense":
            scores = {row: dense[row] for row in rows}
        elif mode == "keyword":
            scores = {row: keyword[row] for row in rows}
        elif self.settings.fusion == "weighted":
            dense_norm = _minmax({row: dense.get(row, 0.0) for row in rows})
            keyword_norm = _minmax({row: keyword.get(row, 0.0) for row in rows})
            weight = self.settings.dense_weight
            scores = {row: weight * dense_norm[row] + (1 - weight) * keyword_norm[row] for row in rows}
        else:
            k = self.settings.rrf_k
            scores = {
                row: (1.0 / (k + dense_ranks[row]) if row in dense_ranks else 0.0)
                + (1.0 / (k + keyword_ranks[row]) if row in keyword_ranks else 0.0)
                for row in rows
            }
        return Ranking(scores, dense_ranks, keyword_ranks, dense if mode != "keyword" else {})

    # --- question-aware boosts --------------------------------------------------------
    def boost_scale(self) -> float:
        """Boosts are fractions of the best possible fused score, so both fusions weigh them alike."""
        if self.settings.fusion == "weighted":
            return 1.0
        return 2.0 / (self.settings.rrf_k + 1)

    def _boosts(self, clause: Clause, understanding: QueryUnderstanding) -> dict[str, float]:
        boosts: dict[str, float] = {}
        scale = self.boost_scale()
        unit_weight = self.settings.unit_boost * scale
        figures = [figure for figure in clause.figures if figure.kind == "figure"]
        if understanding.figure_intent and understanding.expected_units and figures:
            if any(unit_compatible(figure.unit, understanding.expected_units) for figure in figures):
                boosts["unit"] = unit_weight
        elif understanding.figure_intent and figures:
            boosts["has_figure"] = unit_weight / 2
        if understanding.period and understanding.period in re.sub(r"\s", "", clause.text):
            boosts["period"] = self.settings.period_boost * scale
        if understanding.asks_responsible_units and clause.responsible_units:
            boosts["responsible_units"] = unit_weight
        if understanding.asks_date and any(figure.kind == "date" for figure in clause.figures):
            boosts["date"] = unit_weight
        meta = self.index.documents[clause.doc]
        if understanding.asks_doc_number and meta.doc_number and meta.doc_number in clause.text:
            boosts["doc_number"] = unit_weight * 2
        if understanding.asks_issuer and any(issuer in clause.text for issuer in meta.issuers):
            boosts["issuer"] = unit_weight * 2
        return boosts

    def applicable_docs(self, understanding: QueryUnderstanding) -> Applicability:
        """Which documents apply to the asked places, and how closely.

        A document applies to a place when it is the place's own or of a place under it
        (温州 -> 瑞安市's), of a place above it (a province's rule applies to its cities), or
        national. A sibling's document never applies. Asked places with no own or higher
        local document are `uncovered`: only national rules can answer for them.
        """
        if not understanding.regions:
            return Applicability(list(self.index.documents), {}, [])
        levels: dict[str, str] = {}
        uncovered: list[str] = []
        scope = set(understanding.region_scope)  # without the places below when 本级 is asked
        for place in understanding.regions:
            found = {doc: self._applies(place, regions) for doc, regions in self._doc_regions.items()}
            has_own = "own" in found.values()
            local = False
            for doc, level in found.items():
                if level == "below":  # a province's question is not answered by its cities' rules,
                    # unless it has none of its own (温州 -> 瑞安市, 文成县: one row each)
                    if has_own or not scope.intersection(self._doc_regions[doc]):
                        continue
                    level = "own"
                if level and (doc not in levels or _LEVEL_RANK[level] < _LEVEL_RANK[levels[doc]]):
                    levels[doc] = level
                local = local or level in ("own", "above")
            if place != NATIONAL and not local:
                uncovered.append(place)
        return Applicability(list(levels), levels, uncovered)

    def _applies(self, place: str, regions: list[str]) -> str:
        """"own", "below", "above", "national" or "" for a document of `regions` asked about `place`."""
        if place in regions:
            return "own"
        if any(self.gazetteer.covers(place, region) for region in regions):
            return "below"
        if NATIONAL in regions:
            return "national"
        if any(self.gazetteer.covers(region, place) for region in regions):
            return "above"
        return ""

    def title_words(self, tokens: list[str], docs: list[str]) -> set[str]:
        """Question words that only name the document(s) in scope (新一轮, 腾笼换鸟, 攻坚, 行动 for
        湖州's 攻坚行动实施方案): once the region has picked the document they tell its clauses
        nothing, yet they match every table row that carries the title."""
        if not docs or len(docs) > 3:
            return set()
        titles = "".join(re.sub(r"\s", "", self.index.documents[doc].title) for doc in docs)
        return {token for token in tokens if len(token) >= 2 and token in titles}

    def named_docs(self, question: str) -> list[str]:
        """Documents whose title the question names (上海市酒类商品产销管理条例自何时起施行？)."""
        compact = re.sub(r"[\s《》“”\"]", "", question)
        return [doc for doc, core in self._title_cores.items() if len(core) >= MIN_TITLE_CHARS and core in compact]

    # --- entry point ------------------------------------------------------------------
    def search(
        self,
        question: str,
        history: list[str] | None = None,
        mode: str = "full",
        k: int | None = None,
        region: str | None = None,
        as_of: str | None = None,
    ) -> Retrieval:
        """Ranked clauses for a question; `as_of` (ISO date, default settings.as_of or today)
        picks which version of a rule answers."""
        as_of = parse_as_of(as_of or self.settings.as_of)  # ISO; today when neither is set
        return replace(self._search(question, history, mode, k, region, as_of), as_of=as_of)

    def _search(self, question: str, history: list[str] | None, mode: str, k: int | None, region: str | None, as_of: str) -> Retrieval:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose from {', '.join(MODES)}")
        k = k or self.settings.top_k
        understanding = understand(question, history or [], self.gazetteer, self.tokenizer)
        if region and not understanding.regions:
            understanding = understand(f"{region} {understanding.resolved_question}", [], self.gazetteer, self.tokenizer)
        text = understanding.resolved_question if mode == "full" else question
        query = self.embedder.encode_queries([text])[0] if mode != "keyword" and self.index.clauses else None
        tokens = understanding.search_tokens if mode == "full" else self.tokenizer.query_tokens(question)
        limit = max(self.settings.candidate_k, k)
        nearest = self._rank(query, tokens, mode, limit).hits(self.index.clauses, k)
        if mode != "full":
            return Retrieval(nearest, understanding, list(self.index.documents), [], nearest)

        if region and self.gazetteer.get(region) is None:
            return Retrieval([], understanding, [], [region], nearest)
        if understanding.unknown_places:  # 火星市: no rule of a place nobody knows applies
            return Retrieval([], understanding, [], list(understanding.unknown_places), nearest)
        applicability = self.applicable_docs(understanding)
        docs, uncovered = applicability.docs, applicability.uncovered
        named = self.named_docs(understanding.resolved_question)
        if named:
            docs = [doc for doc in docs if doc in named] or named
        docs = versions_in_force(docs, self.index.documents, as_of, understanding.resolved_question)  # one version of a rule: in force, or asked
        if not docs:
            return Retrieval([], understanding, [], uncovered, nearest)
        title_words = self.title_words(tokens, docs)
        if title_words:
            tokens = [t for t in tokens if t not in title_words]
        scoped = self._rank(query, tokens, mode, limit, self.scope(docs))
        for row in scoped.scores:
            clause = self.index.clauses[row]
            scoped.boosts[row] = self._boosts(clause, understanding)
            level = applicability.levels.get(clause.doc)
            if level and level != "own":  # the place's own rule first, then higher levels
                scoped.boosts[row]["applies_from_" + level] = -self.settings.higher_level_penalty * self.boost_scale()
            scoped.scores[row] += sum(scoped.boosts[row].values())
        # Per-document answers when the place's own documents belong to several regions and the
        # question compares them or names a place covering several (温州 -> 瑞安市, 文成县).
        own = [doc for doc in docs if applicability.levels.get(doc, "own") == "own"]
        regions_in_scope = {tuple(self._doc_regions[doc]) for doc in own}
        # a title the question names picks one document, unless several places have one by that title
        comparison = len(regions_in_scope) > 1 and len(named) != 1 and (
            understanding.is_comparison or bool(understanding.regions and understanding.figure_intent)
        )
        if comparison:
            # a penalty stands in the liability chapter, below the rules it enforces: read deeper
            per_doc = COMPARISON_DEPTH_PENALTY if understanding.asks_penalty else COMPARISON_DEPTH
            hits = scoped.per_document(self.index.clauses, per_doc=per_doc, docs=set(own))
            return Retrieval(hits, understanding, own, uncovered, nearest, comparison, applicability.levels)
        hits = scoped.hits(self.index.clauses, k)
        return Retrieval(hits, understanding, docs, uncovered, nearest, comparison, applicability.levels)

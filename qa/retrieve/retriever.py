"""Hybrid retrieval, the flow: understand the question, pick the documents that apply
(`scope.py`), search dense (FAISS) and keyword (BM25) inside them, fuse the two
(`fusion.py`), add question-aware boosts, and return the hits (per place for comparisons).

Modes: "keyword" (BM25 only), "dense" (embeddings only), "fused" (RRF or weighted fusion),
"full" (fused + question understanding: region restriction, unit, period and intent boosts).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from qa.index.embed import Embedder
from qa.text.gazetteer import NATIONAL, Gazetteer
from qa.index.build import Index
from qa.text.keywords import KeywordTokenizer
from qa.text.thesaurus import Thesaurus, document_vocabulary
from qa.understand import region_scope, understand
from qa.lexicon import load as load_lexicon
from qa.records import Clause, Hit, QueryUnderstanding, Retrieval
from qa.settings import Settings
from qa.index.stores.base import Scope
from qa.ingest.validity import parse_as_of, versions_in_force
from qa.retrieve.fusion import Ranking, boost_scale, fuse, ranks
from qa.retrieve.scope import DocumentScope

MODES = ("keyword", "dense", "fused", "full")

# A figure written in one unit can answer a question expecting a related one:
# 亩均增加值 (万元/亩) is often written "达到220万元"; 前50强 answers "前多少名".
COMPATIBLE_UNITS: dict[str, frozenset[str]] = {
    unit: frozenset(others) for unit, others in load_lexicon("units")["compatible_units"]["value"].items()
}  # qa/lexicon/units.json


COMPARISON_DEPTH = 3  # clauses of each compared document the answer stage reads
COMPARISON_DEPTH_PENALTY = 10  # a single-place penalty answer reads all 10 hits too


def unit_compatible(unit: str, expected: list[str]) -> bool:
    return any(unit == wanted or unit in COMPATIBLE_UNITS.get(wanted, ()) for wanted in expected)


class Retriever:
    def __init__(self, index: Index, embedder: Embedder, tokenizer: KeywordTokenizer, gazetteer: Gazetteer, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.gazetteer = gazetteer
        self.settings = settings
        self.doc_scope = DocumentScope(index, gazetteer)
        self.thesaurus = Thesaurus(
            index.occurrences, self.word_similarity, settings.synonym_similarity, settings.synonym_swap_similarity,
            self.vocabulary_neighbours, settings.synonym_neighbour_similarity,
        )

    def word_similarity(self, word: str, others: Sequence[str]) -> list[float]:
        vectors = self.embedder.encode_words([word, *others])  # the same cache as vocabulary_neighbours
        return [float(vectors[0] @ vector) for vector in vectors[1:]]

    @functools.cached_property
    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        """The documents' frequent words and their vectors, as the embedding cache holds them
        (`encode_vocabulary` fills it when an index is built or opened); a question never waits
        for the vocabulary to be encoded."""
        return self.embedder.cached_words(document_vocabulary(self.index.keywords.vocabulary(), self.index.occurrences, self.settings.vocabulary_size))

    def vocabulary_neighbours(self, word: str, count: int = 5) -> list[tuple[str, float]]:
        """The documents' words nearest a question word by embedding, closest first."""
        words, vectors = self.vocabulary
        if not words:
            return []
        scores = vectors @ self.embedder.encode_words([word])[0]  # kept in the cache: a word is encoded once
        best = np.argsort(-scores)[:count]
        return [(words[row], float(scores[row])) for row in best]

    # --- the two signals: top candidates, the scope applied inside each search ---------
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
        dense_ranks, keyword_ranks = ranks(dense), ranks(keyword)
        rows = set(dense_ranks) | set(keyword_ranks)
        if mode != "keyword" and query is not None:
            missing = np.array(sorted(row for row in rows - dense.keys() if dense_scope is None or dense_scope.mask[row]), dtype=np.int64)
            if len(missing):
                dense = {**dense, **dict(zip(missing.tolist(), (self.index.vectors.scores_of(query, missing) + 1.0).tolist()))}
        if mode not in ("dense", "keyword"):
            missing = np.array(sorted(rows - keyword.keys()), dtype=np.int64)
            if len(missing):
                keyword = {**keyword, **dict(zip(missing.tolist(), self.index.keywords.scores_of(tokens, missing).tolist()))}
        return fuse(dense, keyword, dense_ranks, keyword_ranks, mode, self.settings)

    def _with_vectors(self, scope: Scope | None) -> Scope | None:
        """`scope` without the documents a keyword-first build has not embedded yet (Index.dense_pending)."""
        pending = self.index.dense_pending
        if not pending:
            return scope
        return self.doc_scope.rows([doc for doc in (scope.docs if scope else self.index.documents) if doc not in pending])

    # --- question-aware boosts --------------------------------------------------------
    def _boosts(self, clause: Clause, understanding: QueryUnderstanding) -> dict[str, float]:
        boosts: dict[str, float] = {}
        scale = boost_scale(self.settings)
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

    def title_words(self, tokens: list[str], docs: list[str]) -> set[str]:
        """Question words that only name the document(s) in scope (新一轮, 腾笼换鸟, 攻坚, 行动 for
        湖州's 攻坚行动实施方案): once the region has picked the document they tell its clauses
        nothing, yet they match every table row that carries the title."""
        if not docs or len(docs) > 3:
            return set()
        titles = "".join(re.sub(r"\s", "", self.index.documents[doc].title) for doc in docs)
        return {token for token in tokens if len(token) >= 2 and token in titles}

    def _scoped(
        self, query: np.ndarray | None, tokens: list[str], understanding: QueryUnderstanding, docs: list[str], levels: dict[str, str], limit: int
    ) -> Ranking:
        """Both searches inside `docs`, with the question-aware boosts added."""
        scoped = self._rank(query, tokens, "full", limit, self.doc_scope.rows(docs))
        for row in scoped.scores:
            clause = self.index.clauses[row]
            scoped.boosts[row] = self._boosts(clause, understanding)
            level = levels.get(clause.doc)
            if level and level != "own":  # the place's own rule first, then higher levels
                scoped.boosts[row]["applies_from_" + level] = -self.settings.higher_level_penalty * boost_scale(self.settings)
            scoped.scores[row] += sum(scoped.boosts[row].values())
        return scoped

    def from_higher_levels(self, retrieval: Retrieval, k: int | None = None) -> Retrieval | None:
        """The same question searched only in the rules that apply to the asked place from above
        (its province's, national ones), for when its own rule does not answer: a city rule that
        states a duty but no penalty leaves the province's penalty for that duty in force.
        None when no such rule is in scope besides the place's own."""
        understanding = retrieval.understanding
        higher = [doc for doc in retrieval.in_scope_docs if retrieval.levels.get(doc, "own") in ("above", "national")]
        if retrieval.comparison or not higher or len(higher) == len(retrieval.in_scope_docs):
            return None
        return replace(retrieval, hits=self._hits_in(understanding, higher, retrieval.levels, k), in_scope_docs=higher)

    def for_place(self, retrieval: Retrieval, place: str, k: int | None = None) -> Retrieval:
        """One place of a comparison asked alone: the question as understood, narrowed to
        `place`, searched in the rules that apply to it (its own, its province's, national ones)
        as a question about that place is, so each row of the table is answered as that question
        would be."""
        understanding = replace(
            retrieval.understanding,
            regions=[place],
            region_scope=region_scope([place], retrieval.understanding.resolved_question, self.gazetteer),
            mentioned_places=[place],
            is_comparison=False,
        )
        applicability = self.doc_scope.applicable_docs(understanding)
        as_of = retrieval.as_of or parse_as_of(self.settings.as_of)
        named = self.doc_scope.named_docs(understanding.resolved_question, places_named=True, comparison=True)
        docs = self._titled_in_comparison(applicability.docs, named)
        docs = versions_in_force(docs, self.index.documents, as_of, understanding.resolved_question)
        hits = self._hits_in(understanding, docs, applicability.levels, k) if docs else []
        return Retrieval(hits, understanding, docs, [], [], False, applicability.levels, as_of)

    def _titled_in_comparison(self, docs: list[str], named: list[str]) -> list[str]:
        """Of the documents of a place a comparison names a rule of by its title (`named`: 浙江的规定和
        国家信访工作条例, 北京的条例和现行森林法), that rule alone: the place's other rules are not the
        one compared."""
        titled_places = {region for doc in named for region in self.doc_scope.doc_regions[doc]}
        return [doc for doc in docs if doc in named or not titled_places.intersection(self.doc_scope.doc_regions[doc])]

    def _settled(self, understanding: QueryUnderstanding) -> QueryUnderstanding:
        """A place form several places share (象山: 宁波's 象山县, 桂林's 象山区) read as the one place
        the library holds local rules for; left unsettled, to be asked about, when several have
        them. When none has, the form is left alone: a generic word some places also bear (新区 of
        西海岸新区) is no place asked."""
        form, owners = next(iter(understanding.unsettled_places.items()))
        with_rules = [owner for owner in owners if self.doc_scope.has_local_rules(owner)]
        if len(with_rules) > 1:  # named in full for the question back: 浙江省宁波市象山县、广西壮族自治区桂林市象山区
            return replace(understanding, unsettled_places={form: ["".join(reversed(self.gazetteer.chain(owner))) for owner in with_rules]})
        if not with_rules:
            return replace(understanding, unsettled_places={})
        settled = understand(f"{with_rules[0]} {understanding.resolved_question}", [], self.gazetteer, self.tokenizer, self.thesaurus)
        return replace(settled, question=understanding.question, is_follow_up=understanding.is_follow_up)

    def _in_force(self, hits: list[Hit], as_of: str, question: str) -> list[Hit]:
        """The library's hits from texts in force on `as_of`: a version replaced by a later one, or
        a text another indexed text repeals, says nothing the reader can rely on, unless the
        question asks for it (修改前, 还有效吗)."""
        docs = list(dict.fromkeys(hit.clause.doc for hit in hits))
        in_force = set(versions_in_force(docs, self.index.documents, as_of, question, searched=self.index.documents.keys()))
        return [hit for hit in hits if hit.clause.doc in in_force]

    def _hits_in(self, understanding: QueryUnderstanding, docs: list[str], levels: dict[str, str], k: int | None) -> list[Hit]:
        """The question as understood, searched in these documents only (their titles' words
        aside, as every clause of them holds those)."""
        query = self.embedder.encode_queries([understanding.resolved_question])[0] if self.index.clauses else None
        title_words = self.title_words(understanding.search_tokens, docs)
        tokens = [token for token in understanding.search_tokens if token not in title_words]
        scoped = self._scoped(query, tokens, understanding, docs, levels, max(self.settings.candidate_k, k or self.settings.top_k))
        return scoped.hits(self.index.clauses, k or self.settings.top_k)

    def sentence_similarities(self, question: str, sentences: list[str]) -> list[float]:
        """Cosine of the question (as understood) and each sentence, for choosing among the
        sentences of one clause when the question shares no word with any of them."""
        if not sentences:
            return []
        query = self.embedder.encode_queries([question])[0]
        return [float(value) for value in self.embedder.encode_passages(sentences) @ query]

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
        understanding = understand(question, history or [], self.gazetteer, self.tokenizer, self.thesaurus)
        if region and not understanding.regions:
            understanding = understand(f"{region} {understanding.resolved_question}", [], self.gazetteer, self.tokenizer, self.thesaurus)
        if understanding.unsettled_places and not understanding.regions:
            understanding = self._settled(understanding)
        text = understanding.resolved_question if mode == "full" else question
        query = self.embedder.encode_queries([text])[0] if mode != "keyword" and self.index.clauses else None
        tokens = understanding.search_tokens if mode == "full" else self.tokenizer.query_tokens(question)
        limit = max(self.settings.candidate_k, k)
        nearest = self._rank(query, tokens, mode, limit).hits(self.index.clauses, k)
        if mode != "full":
            return Retrieval(nearest, understanding, list(self.index.documents), [], nearest)
        nearest = self._in_force(nearest, as_of, understanding.resolved_question)

        if region and self.gazetteer.get(region) is None:
            return Retrieval([], understanding, [], [region], nearest)
        if understanding.unknown_places:  # 火星市: no rule of a place nobody knows applies
            return Retrieval([], understanding, [], list(understanding.unknown_places), nearest)
        named = self.doc_scope.named_docs(understanding.resolved_question, places_named=bool(understanding.regions), comparison=understanding.is_comparison)
        if understanding.is_comparison and understanding.regions and NATIONAL not in understanding.regions and any(self.doc_scope.is_national(doc) for doc in named):
            # 浙江规定罚多少？跟农产品质量安全法的一样吗: a national law named beside one place is the
            # rule the place's is compared with
            regions = [*understanding.regions, NATIONAL]
            understanding = replace(understanding, regions=regions, region_scope=[*understanding.region_scope, NATIONAL])
        applicability = self.doc_scope.applicable_docs(understanding)
        docs, uncovered = applicability.docs, applicability.uncovered
        # 浙江的规定和国家信访工作条例有啥不同: a title names one compared place's rule, not the only one
        named_in_comparison = bool(named) and understanding.is_comparison and len(understanding.regions) > 1
        if named_in_comparison:
            docs = self._titled_in_comparison(docs, named)
        elif named:
            docs = [doc for doc in docs if doc in named] or named
        docs = versions_in_force(docs, self.index.documents, as_of, understanding.resolved_question)  # one version of a rule: in force, or asked
        if not docs:
            return Retrieval([], understanding, [], uncovered, nearest)
        title_words = self.title_words(tokens, docs)
        if title_words:
            tokens = [t for t in tokens if t not in title_words]
        scoped = self._scoped(query, tokens, understanding, docs, applicability.levels, limit)
        # Per-document answers when the place's own documents belong to several regions and the
        # question compares them or names a place covering several (温州 -> 瑞安市, 文成县).
        own = [doc for doc in docs if applicability.levels.get(doc, "own") in ("own", "local")]
        regions_in_scope = {tuple(self.doc_scope.doc_regions[doc]) for doc in own}
        # a place named beside others with no rule of its own is compared by the rule applying to it
        # (a place no rule applies to at all stays uncovered: 未找到 says so)
        without_own = [place for place in self.doc_scope.places_without_own_rules(understanding.regions, own) if place not in uncovered]
        places_compared = len(regions_in_scope) + len(without_own)
        # a title the question names picks one document, unless several places have one by that title
        comparison = places_compared > 1 and (len(named) != 1 or named_in_comparison) and (
            understanding.is_comparison or bool(understanding.regions and understanding.figure_intent)
        )
        if comparison:
            # a penalty stands in the liability chapter, below the rules it enforces: read deeper
            per_doc = COMPARISON_DEPTH_PENALTY if understanding.asks_penalty else COMPARISON_DEPTH
            # places compared with no rule of their own each read the rules applying to them
            hits = scoped.per_document(self.index.clauses, per_doc=per_doc, docs=set(own) or set(docs))
            return Retrieval(hits, understanding, own, uncovered, nearest, comparison, applicability.levels, compared_without_own=without_own)
        hits = scoped.hits(self.index.clauses, k)
        named_alone = named if not understanding.regions else []
        return Retrieval(hits, understanding, docs, uncovered, nearest, comparison, applicability.levels, named_docs=named_alone)

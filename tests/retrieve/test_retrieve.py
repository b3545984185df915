"""Retrieval on the real seed index: region restriction, synonyms, tables, modes, explain data."""

from __future__ import annotations

import pytest

from qa.retrieve.retriever import MODES, unit_compatible
from qa.text.keywords import KeywordTokenizer
from tests.conftest import compact

pytestmark = pytest.mark.model


def test_region_in_the_question_restricts_hits_to_that_regions_document(pipeline) -> None:
    retrieval = pipeline.search("瑞安工业用地出让比例是多少")
    assert retrieval.hits and {hit.clause.doc[:3] for hit in retrieval.hits} == {"002"}
    assert "工业用地比例不低于30%" in compact(retrieval.hits[0].clause.text)


def test_without_question_understanding_other_regions_compete(pipeline) -> None:
    docs = {hit.clause.doc[:3] for hit in pipeline.retrieve("瑞安工业用地出让比例是多少", mode="fused")}
    assert len(docs) > 1


def test_a_city_scope_covers_its_counties(pipeline) -> None:
    retrieval = pipeline.search("温州市工业用地出让比例是多少")
    assert {doc[:3] for doc in retrieval.in_scope_docs} == {"002", "003"}


def test_uncovered_place_gets_no_hits_but_nearest_clauses(pipeline) -> None:
    retrieval = pipeline.search("杭州市工业用地出让比例是多少")
    assert retrieval.hits == [] and retrieval.uncovered_places == ["杭州市"]
    assert retrieval.nearest


def test_standard_terms_find_their_variants(pipeline) -> None:
    hits = pipeline.retrieve("宁海县规上工业亩均税收到2025年的目标", mode="keyword")
    assert any("亩均税收" in hit.clause.text and hit.clause.doc.startswith("004_") for hit in hits[:3])
    tokens = KeywordTokenizer().query_tokens("工业用地比例")
    assert {"份额", "比重", "占比"} <= set(tokens)  # ways of writing a share
    assert "方针" not in KeywordTokenizer().query_tokens("目标")  # one document's rewrite is no synonym


def test_table_rows_are_found_by_row_label_and_column(pipeline) -> None:
    hit = pipeline.retrieve("湖州规上工业亩均税收2020年基数")[0]
    assert hit.clause.kind == "table_row" and "25.3" in hit.clause.text


def test_every_mode_runs_and_full_explains_its_ranking(pipeline) -> None:
    for mode in MODES:
        assert pipeline.retrieve("文成县腾出多少低效工业用地", mode=mode)
    hits = pipeline.search("文成县腾出多少低效工业用地").hits
    assert hits[0].dense_rank is not None and hits[0].keyword_rank is not None
    assert hits[0].dense_similarity is not None
    boosted = [hit for hit in hits[:5] if "unit" in hit.boosts]
    assert boosted and all(any(f.unit == "亩" for f in hit.clause.figures) for hit in boosted)
    with pytest.raises(ValueError):
        pipeline.retrieve("x", mode="nonsense")


def test_unit_families() -> None:
    assert unit_compatible("万元", ["万元/亩"]) and unit_compatible("强", ["名"])
    assert not unit_compatible("家", ["台"]) and not unit_compatible("%", ["亩"])


# --- top-k search against the exhaustive scoring it replaced ------------------------------
# The reference below is the retriever's previous algorithm: every row scored by both signals
# (a flat search with k = all rows, BM25 for every row), scope applied by zeroing rows, full
# stable argsorts. The top-k path must rank the same clauses with the same scores.

TOP_K_QUESTIONS = [  # written for this test: places, figures, table rows, generic and odd wording
    "瑞安工业用地出让比例是多少",
    "文成县腾出多少低效工业用地",
    "湖州规上工业亩均税收2020年基数",
    "宁海县规上工业亩均税收到2025年的目标",
    "温州市亩均增加值目标是多少",
    "哪些部门负责低效用地整治",
    "工业用地",
    "政策什么时候开始施行",
    "制造业比例目标",
    "单位能耗 增加值 万元",
    "的",
    "zzzz 不存在的词语",
]


def _exhaustive_ranks(scores, limit: int) -> dict[int, int]:
    import numpy as np

    order = np.argsort(-scores, kind="stable")[:limit]
    return {int(row): rank for rank, row in enumerate(order, start=1) if scores[row] > 0}


def _exhaustive_ranking(pipeline, query, tokens: list[str], mode: str, limit: int, in_scope) -> dict[int, float]:
    import numpy as np

    from qa.retrieve.fusion import minmax

    index, settings = pipeline.index, pipeline.settings
    size = len(index.clauses)
    dense = np.zeros(size, dtype=np.float32)
    if mode != "keyword":
        found, rows = index.vectors.search(query, size)
        dense[rows] = found + 1.0
    keyword = index.keywords.scores(tokens) if mode != "dense" else np.zeros(size, dtype=np.float32)
    if in_scope is not None:
        dense, keyword = np.where(in_scope, dense, 0.0), np.where(in_scope, keyword, 0.0)
    dense_ranks = _exhaustive_ranks(dense, limit) if mode != "keyword" else {}
    keyword_ranks = _exhaustive_ranks(keyword, limit) if mode != "dense" else {}
    rows = set(dense_ranks) | set(keyword_ranks)
    if mode == "dense":
        return {row: float(dense[row]) for row in rows}
    if mode == "keyword":
        return {row: float(keyword[row]) for row in rows}
    if settings.fusion == "weighted":
        dense_norm = minmax({row: float(dense[row]) for row in rows})
        keyword_norm = minmax({row: float(keyword[row]) for row in rows})
        weight = settings.dense_weight
        return {row: weight * dense_norm[row] + (1 - weight) * keyword_norm[row] for row in rows}
    k = settings.rrf_k
    return {
        row: (1.0 / (k + dense_ranks[row]) if row in dense_ranks else 0.0) + (1.0 / (k + keyword_ranks[row]) if row in keyword_ranks else 0.0)
        for row in rows
    }


def test_top_k_search_ranks_like_exhaustive_scoring_with_and_without_scope(pipeline) -> None:
    import numpy as np

    retriever = pipeline.retriever
    docs = list(pipeline.index.documents)
    scopes = [None, docs[:1], docs[1:3], docs]  # one document, two, all
    limit = pipeline.settings.candidate_k
    compared = 0
    for question in TOP_K_QUESTIONS:
        query = pipeline.embedder.encode_queries([question])[0]
        tokens = retriever.tokenizer.query_tokens(question)
        for scope_docs in scopes:
            scope = retriever.doc_scope.rows(scope_docs) if scope_docs is not None else None
            in_scope = None if scope_docs is None else np.array([c.doc in set(scope_docs) for c in pipeline.index.clauses])
            for mode in ("dense", "keyword", "fused"):
                expected = _exhaustive_ranking(pipeline, query, tokens, mode, limit, in_scope)
                ranking = retriever._rank(query, tokens, mode, limit, scope)
                assert ranking.best_rows() == sorted(expected, key=lambda row: (-expected[row], row)), (question, scope_docs, mode)
                assert all(abs(ranking.scores[row] - expected[row]) < 1e-6 for row in expected)
                if scope_docs is not None:
                    assert {pipeline.index.clauses[row].doc for row in ranking.scores} <= set(scope_docs)
                compared += bool(expected)
    assert compared > len(TOP_K_QUESTIONS) * 6  # most combinations found something to compare


def test_top_k_search_keeps_rrf_fusion_and_similarities(pipeline) -> None:
    from dataclasses import replace

    from qa.retrieve.retriever import Retriever

    retriever = pipeline.retriever
    rrf = Retriever(pipeline.index, pipeline.embedder, retriever.tokenizer, retriever.gazetteer, replace(pipeline.settings, fusion="rrf"))
    question = "文成县腾出多少低效工业用地"
    query = pipeline.embedder.encode_queries([question])[0]
    tokens = retriever.tokenizer.query_tokens(question)
    expected = _exhaustive_ranking(rrf, query, tokens, "fused", 50, None)
    ranking = rrf._rank(query, tokens, "fused", 50)
    assert ranking.best_rows() == sorted(expected, key=lambda row: (-expected[row], row))
    # every candidate, found by one search or both, carries its cosine for the answer stage
    hits = ranking.hits(pipeline.index.clauses, 50)
    assert all(hit.dense_similarity is not None for hit in hits)
    assert any(hit.dense_rank is None for hit in hits) or any(hit.keyword_rank is None for hit in hits)


def test_top_k_helpers_cut_ties_like_a_stable_sort() -> None:
    import numpy as np

    from qa.index.stores.base import top_k_stable

    scores = np.array([0.0, 2.0, 1.0, 2.0, 1.0, 1.0, -1.0, 3.0], dtype=np.float32)
    assert top_k_stable(scores, 3).tolist() == [7, 1, 3]
    assert top_k_stable(scores, 5).tolist() == [7, 1, 3, 2, 4]  # tie at the cut: lower rows first
    assert top_k_stable(scores, 100).tolist() == [7, 1, 3, 2, 4, 5]  # only positive scores
    assert top_k_stable(np.zeros(4, dtype=np.float32), 2).tolist() == []

"""Retrieval on the real seed index: region restriction, synonyms, tables, modes, explain data."""

from __future__ import annotations

import pytest

from qa.keywords import KeywordTokenizer
from qa.retrieve import MODES, unit_compatible
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


def test_standard_terms_find_the_synonym_rewritten_text(pipeline) -> None:
    hits = pipeline.retrieve("宁海县规上工业亩均税收到2025年的目标", mode="keyword")
    assert any("亩均税收" in hit.clause.text and hit.clause.doc.startswith("004_") for hit in hits[:3])
    tokens = KeywordTokenizer().query_tokens("制造业比例目标")
    assert {"制作业", "份额", "方针"} <= set(tokens)


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

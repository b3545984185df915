"""Answers on the real seed index: lead with the fact, cite verbatim, never another region's number."""

from __future__ import annotations

import pytest

from qa.answer.compose import FidelityError
from qa.answer.fidelity import check_fidelity, numbers_in
from qa.answer.sentences import whole
from tests.conftest import compact

pytestmark = pytest.mark.model


def _assert_verifiable(pipeline, answer) -> None:
    for citation in answer.citations + answer.related:
        assert pipeline.index.sources[citation.doc].text[citation.start : citation.end] == citation.quote
    assert check_fidelity(answer.answer, [c.quote for c in answer.citations]) == []


def test_fidelity_check_flags_a_number_missing_from_the_quotes() -> None:
    assert check_fidelity("瑞安市：比例不低于30%[1]", ["全市出让土地总量中工业用地比例不低于30%。"]) == []
    assert check_fidelity("瑞安市：比例不低于35%[1]", ["全市出让土地总量中工业用地比例不低于30%。"]) == ["35"]
    # citation markers are not numbers of the answer; table cells are not glued together
    assert numbers_in("见[12]") == []
    assert check_fidelity("25.3[1]", ["规上工业亩均税收\n\n37\n\n25.3\n\n37"]) == []


def test_composer_refuses_to_return_an_unfaithful_answer(pipeline) -> None:
    retrieval = pipeline.search("瑞安工业用地出让比例是多少")
    clause = retrieval.hits[0].clause
    span = whole(clause)
    with pytest.raises(FidelityError):
        pipeline.composer.builder.verified("q", retrieval, "瑞安市：不低于99%[1]", [(clause, span)])


def test_answer_leads_with_region_and_fact_and_cites_the_sentence(pipeline) -> None:
    answer = pipeline.ask("瑞安工业用地出让比例是多少")
    assert answer.found
    assert answer.answer.startswith("瑞安市：")
    assert "30%" in answer.answer.splitlines()[0]
    first = answer.citations[0]
    assert first.doc.startswith("002_") and first.doc_number == "瑞政办〔2023〕49号"
    assert first.path == "三、政策措施 › )强化要素保障"
    assert "工业用地比例不低于30%" in first.quote and len(first.quote) < len(first.context)
    assert any(f.text == "不低于30%" and f.unit == "%" for f in answer.figures)
    _assert_verifiable(pipeline, answer)


def test_follow_up_inherits_the_indicator_and_changes_the_region(pipeline) -> None:
    answer = pipeline.ask("那湖州呢？", ["瑞安工业用地出让比例是多少"])
    assert answer.found and "湖州" in answer.resolved_question
    assert "40%" in answer.answer and "30%" not in answer.answer
    assert all(c.doc.startswith("000_") for c in answer.citations)
    _assert_verifiable(pipeline, answer)


def test_synonym_rewritten_document_answers_with_its_own_wording(pipeline) -> None:
    answer = pipeline.ask("宁海工业用地出让比例是多少")
    assert answer.found and "35%" in answer.answer
    assert "份额" in answer.citations[0].quote
    _assert_verifiable(pipeline, answer)


@pytest.mark.parametrize(
    "question",
    [
        "越城区工业用地出让比例是多少",  # the region's document never quantifies it
        "杭州市新一轮制造业方案要求工业用地出让比例不低于多少？",  # no document covers the region
        "宁海县这个攻坚行动方案的文号是什么？",  # the document has no 文号
        "文成县每年要新增多少台工业机器人？",  # mentioned, never counted
    ],
)
def test_unanswerable_questions_are_refused_with_related_clauses(pipeline, question) -> None:
    answer = pipeline.ask(question)
    assert not answer.found
    assert answer.answer.startswith("未找到")
    assert answer.citations == [] and answer.figures == []
    assert not numbers_in(answer.answer)
    _assert_verifiable(pipeline, answer)


def test_region_no_document_covers_never_borrows_another_regions_figure(pipeline) -> None:
    answer = pipeline.ask("杭州市工业用地出让比例是多少")
    assert not answer.found
    for figure in ("40%", "30%", "35%"):
        assert figure not in answer.answer


def test_comparison_returns_one_row_per_region_sorted_with_unstated_regions(pipeline) -> None:
    answer = pipeline.ask("各地工业用地出让比例分别是多少")
    assert answer.found
    rows = {row.region: row for row in answer.table}
    assert rows["湖州市"].value == 40 and rows["宁海县"].value == 35
    assert rows["瑞安市"].value == 30 and rows["文成县"].value == 30
    unstated = [row for row in answer.table if row.value is None]
    assert len(unstated) == 1 and "越城区" in unstated[0].region
    values = [row.value for row in answer.table if row.value is not None]
    assert values == sorted(values, reverse=True)
    for row in answer.table:
        if row.citation is not None:
            assert row.text in answer.citations[row.citation].quote
    _assert_verifiable(pipeline, answer)


def test_a_city_covers_its_counties_and_says_so(pipeline) -> None:
    answer = pipeline.ask("温州各县市工业用地出让比例是多少")
    assert answer.found
    assert {row.region for row in answer.table} == {"瑞安市", "文成县"}
    assert "温州市所辖" in answer.answer


def test_conflicting_figures_in_one_document_are_both_cited(pipeline) -> None:
    answer = pipeline.ask("瑞安每年要建成多少家绿色低碳工厂？")
    assert answer.found and len(answer.citations) == 2
    quotes = " ".join(c.quote for c in answer.citations)
    assert "绿色低碳工厂15以上" in quotes and "新增绿色低碳工厂18家" in quotes
    assert {c.doc for c in answer.citations} == {answer.citations[0].doc}
    assert answer.citations[0].path != answer.citations[1].path
    _assert_verifiable(pipeline, answer)


def test_responsible_units_come_from_the_parsed_field_with_a_citation(pipeline) -> None:
    answer = pipeline.ask("湖州方案中加大绿色金融支持力度这项工作的责任单位有哪些？")
    assert answer.found
    assert "市金融办、市经信局、市人行、市银保监局" in answer.answer
    assert "责任单位" in answer.citations[0].quote
    _assert_verifiable(pipeline, answer)


def test_table_row_answer_leads_with_the_asked_column_and_cites_row_and_header(pipeline) -> None:
    answer = pipeline.ask("湖州规上工业亩均税收2020年基数是多少？")
    assert answer.found
    assert "2020年基数：25.3" in compact(answer.answer.splitlines()[0])
    assert "25.3" in answer.citations[0].quote
    assert "2020年基数" in compact(answer.citations[1].quote)
    _assert_verifiable(pipeline, answer)


def test_bad_questions_get_a_message_not_an_exception(pipeline) -> None:
    for question in ("", "   ", "？？？", "问" * 600):
        answer = pipeline.ask(question)
        assert not answer.found and answer.answer


@pytest.mark.parametrize(
    ("word", "text", "present"),
    [
        ("电动车", "驾驶电动自行车应当佩戴安全头盔", True),  # a shortened compound, written out
        ("电动车", "机动车驾驶人应当遵守交通规则", False),  # 动车 alone is another word's
        ("住宅小区", "生长在居住小区内的古树名木", False),
        ("垃圾桶", "设置垃圾收集桶", True),
    ],
)
def test_a_shortened_compound_is_present_written_out(word: str, text: str, present: bool) -> None:
    from qa.answer.sentences import term

    assert term(word, []).present_in(text) is present


@pytest.mark.parametrize(
    ("sentence", "states_conduct"),
    [
        ("单位违反本条例第三十三条规定，由城市管理综合执法部门责令立即改正，处1000元罚款；", False),
        ("禁止吸烟场所所在单位违反本条例第九条规定的，由本条例第十六条规定的有关部门责令限期改正", False),
        ("违反本条例第十九条第一款第三项规定，携犬进入公共楼道、电梯以及其他人员密集场所未采取安全措施的，由公安机关责令改正；", True),
    ],
)
def test_a_penalty_sentence_states_its_own_conduct_or_only_cites_it(sentence: str, states_conduct: bool) -> None:
    from qa.answer.penalties import CROSS_REFERENCE, OWN_CONDUCT_CHARS, own_conduct

    reference = CROSS_REFERENCE.search(sentence)
    assert (len(own_conduct(sentence, reference.end())) > OWN_CONDUCT_CHARS) is states_conduct

"""A figure the rule requires is asked (面积最少要给多大, 几天之内必须申报): a figure standing in a
condition its sentence goes on from (该房屋建筑面积低于四十五平方米的，…) says when the rule applies,
and does not answer it. A question asking that threshold (面积最少要多大才要报计划, 多少就算) asks the
condition's figure, and gets it.

The corpus is lawrefbook texts no question set uses; the questions are written here for the class
(answer_types.json "condition_figure")."""

from __future__ import annotations

import pytest

from qa.answer.candidates import in_a_condition
from qa.understand import asks_requirement

from ..conftest import found_answer, lawrefbook_fixture

QINGDAO_MUNICIPAL_WORKS = "DLC/山东地方法规/地方性法规/山东/青岛市市政工程设施管理办法(2017-12-01).md"
SHANDONG_EXPROPRIATION = "DLC/山东地方法规/地方性法规/山东/山东省国有土地上房屋征收与补偿条例(2020-07-24).md"


@pytest.mark.parametrize(
    ("question", "requirement"),
    [
        ("小区的物业用房，面积最少要给多大？", True),
        ("外地人来了以后，几天之内必须去申报居住登记？", True),
        ("会计档案至少要保存几年？", True),
        ("一次卖出去多少条烟就算无证批发了？", False),
        ("掘路面积最少要多大才要报年度计划？", False),
        ("带狗来本市，最多能待几天不办临时登记？", False),
        ("非法经营数额到多少算情节严重？", False),
    ],
)
def test_a_required_figure_is_told_from_a_threshold(question: str, requirement: bool) -> None:
    assert asks_requirement(question) is requirement


works_and_expropriation = lawrefbook_fixture(QINGDAO_MUNICIPAL_WORKS, SHANDONG_EXPROPRIATION)


@pytest.mark.model
def test_a_figure_in_a_condition_is_told_from_the_figure_required(works_and_expropriation) -> None:
    """低于四十五平方米的， opens a condition; 不得少于四十五平方米建筑面积 is what the rule requires."""
    clause = next(
        c for c in works_and_expropriation.index.clauses
        if c.doc == SHANDONG_EXPROPRIATION and "最低面积补偿标准不得少于" in c.text
    )
    verdicts = {
        clause.text[f.end - clause.start : f.end - clause.start + 2]: in_a_condition(clause, f)
        for f in clause.figures if f.kind == "figure" and "四十五" in clause.text[f.start - clause.start : f.end - clause.start]
    }
    assert True in verdicts.values() and False in verdicts.values(), verdicts


@pytest.mark.model
def test_a_threshold_asked_is_answered_by_the_conditions_figure(works_and_expropriation) -> None:
    answer = found_answer(works_and_expropriation, "青岛掘路面积最少要多大才要报年度掘路计划？")
    assert "三百平方米" in answer.citations[0].quote, answer.answer

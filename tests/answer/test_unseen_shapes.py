"""Answers for shapes of question met on unseen sets, each on lawrefbook texts no question set
uses, with questions written here for the class:

- a figure a list's lead-in states for every item ("有下列情形之一的，…自变更事实发生之日起三十日内
  申请变更登记：（一）房地产使用用途改变的") answers a question about one item;
- a rule forbidding an act ("…不得擅自改变") is answered with the penalty that restates that act
  without citing the rule's article ("违反本条例规定，有下列行为之一的…：（二）擅自改变…的"),
  also when the question proposes the act and asks a bare 可以吗;
- a question naming no place is answered by the national rule before one place's rule, and a
  question naming the place by that place's own rule."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

SHENZHEN_PROPERTY_REGISTRATION = "DLC/广东地方法规/地方性法规/广东/深圳经济特区房地产登记条例(2021-10-30).md"
SHANDONG_EMPLOYMENT = "DLC/山东地方法规/地方性法规/山东/山东省就业促进条例(2016-03-30).md"
TAIERZHUANG_OLD_TOWN = "DLC/山东地方法规/地方性法规/山东/山东省台儿庄古城保护管理条例(2013-11-29).md"
RED_CULTURE = "DLC/山东地方法规/地方性法规/山东/山东省红色文化保护传承条例(2020-11-27).md"
CULTURAL_RELICS = "行政法/文物保护法(2017-11-04).md"
DEZHOU_CULTURAL_RELICS = "DLC/山东地方法规/地方性法规/山东/德州市文物保护条例(2018-12-03).md"

lead_ins = lawrefbook_fixture(SHENZHEN_PROPERTY_REGISTRATION, SHANDONG_EMPLOYMENT)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("深圳的房子用途改了，多少天内要去申请变更登记？", "三十日"),
        ("在深圳，房地产的坐落名称变了，权利人要在多长时间内申请变更登记？", "三十日"),
        ("山东政府投资建设项目的管理、维护岗位，至少要按多大比例优先录用就业困难人员？", "百分之五十"),
    ],
)
def test_a_figure_the_lead_in_states_answers_for_its_items(lead_ins, question: str, figure: str) -> None:
    answer = found_answer(lead_ins, question)
    assert figure in compact(answer.citations[0].quote), answer.answer
    assert any(quote.startswith("（") for quote in (compact(citation.quote) for citation in answer.citations[1:])), answer.answer


restated = lawrefbook_fixture(TAIERZHUANG_OLD_TOWN, RED_CULTURE)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "fine"),
    [
        ("台儿庄古城核心区里的老房子，我想自己改一改布局，可以吗？", "五万元以上三十万元以下"),
        ("在山东，能不能把一处红色文化保护单位迁到别的地方去？", "罚款"),
    ],
)
def test_a_forbidden_act_is_answered_with_the_penalty_restating_it(restated, question: str, fine: str) -> None:
    answer = found_answer(restated, question)
    assert any(word in compact(answer.citations[0].quote) for word in ("不得", "禁止")), answer.answer
    assert fine in compact(answer.answer), answer.answer


relics = lawrefbook_fixture(CULTURAL_RELICS, DEZHOU_CULTURAL_RELICS)


@pytest.mark.model
def test_a_question_naming_no_place_is_answered_by_the_national_rule(relics) -> None:
    answer = found_answer(relics, "擅自拆除不可移动文物，会被怎么处罚？")
    assert answer.citations[0].doc == CULTURAL_RELICS, answer.answer


@pytest.mark.model
def test_a_question_naming_the_place_is_answered_by_its_own_rule(relics) -> None:
    answer = found_answer(relics, "在德州擅自拆除与不可移动文物相关的建筑物，会被怎么处罚？")
    assert answer.citations[0].doc == DEZHOU_CULTURAL_RELICS, answer.answer

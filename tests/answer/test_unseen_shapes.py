"""Answers for shapes of question met on unseen sets, each on lawrefbook texts no question set
uses, with questions written here for the class:

- a figure a list's lead-in states for every item ("有下列情形之一的，…自变更事实发生之日起三十日内
  申请变更登记：（一）房地产使用用途改变的") answers a question about one item;
- a rule forbidding an act ("…不得擅自改变") is answered with the penalty that restates that act
  without citing the rule's article ("违反本条例规定，有下列行为之一的…：（二）擅自改变…的"),
  also when the question proposes the act and asks a bare 可以吗;
- a question naming no place is answered by the national rule before one place's rule, and a
  question naming the place by that place's own rule (blind48 later drew on these two texts);
- a figure whose phrase names only its measure ("…可以冻结、查封，期限为六个月") answers for what
  the phrase before it names;
- a day of each month ("应当于每月15日前…拨缴", "于每月十五日前…申报") answers 每个月几号之前;
- a deadline set for another act ("…十五日内，向…提交…书面报告") is no deadline of the act asked
  (几天内要发出去);
- a penalty citing one paragraph (款) of an article is no penalty of its other paragraphs
  ("违反第三十三条第一款规定，不实行危险品检查的" does not punish ¶2 "任何人不得…携带危险品…乘船")."""

from __future__ import annotations

import pytest

from qa.answer.candidates import deadline_of_another_act, names_only_its_measure
from qa.answer.sentences import Span
from qa.ingest.figures import extract_figures
from qa.records import Clause

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


FUTURES_AND_DERIVATIVES = "经济法/期货和衍生品法(2022-04-20).md"
BEIJING_TRADE_UNIONS = "DLC/北京地方法规/地方性法规/北京/北京市实施《工会法》办法.md"
HENAN_UNEMPLOYMENT_INSURANCE = "DLC/河南地方法规/地方性法规/河南/河南省失业保险条例(2001-11-29).md"

measures_and_days = lawrefbook_fixture(FUTURES_AND_DERIVATIVES, BEIJING_TRADE_UNIONS, HENAN_UNEMPLOYMENT_INSURANCE)


@pytest.mark.model
def test_a_figure_naming_only_its_measure_answers_for_the_phrase_before_it(measures_and_days) -> None:
    answer = found_answer(measures_and_days, "监管部门冻结涉案财产，一次能冻结多长时间？")
    assert "期限为六个月" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("北京的企业每个月最晚几号要把工会经费拨缴上去？", "每月15日前"),
        ("河南的用人单位每个月几号之前得申报失业保险费？", "每月十五日前"),
    ],
)
def test_a_day_of_each_month_answers_which_day_of_the_month(measures_and_days, question: str, day: str) -> None:
    answer = found_answer(measures_and_days, question)
    assert day in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize(
    ("phrase", "only_its_measure"),
    [
        ("期限三年。", True),
        ("保存期限为五年；", True),
        ("比例不低于百分之三十，", True),
        ("由乡镇人民政府统一封存三年。", False),  # the phrase names what is measured itself
        ("在三十日内另行选举。", False),
    ],
)
def test_a_phrase_naming_only_its_measure(phrase: str, only_its_measure: bool) -> None:
    figure = extract_figures(phrase)[0]
    assert names_only_its_measure(Span(0, len(phrase), phrase), figure) is only_its_measure


@pytest.mark.parametrize(
    ("sentence", "event", "another_act"),
    [
        ("招标人应当自确定中标人之日起十五日内，向有关行政监督部门提交招标投标情况的书面报告。", "发出去", True),
        ("村务监督委员会成员职务终止的，应当在十五日内向村民发布公告。", "补选", True),
        ("招标人应当在确定中标人后十日内向中标人发出中标通知书。", "发出去", False),
        ("村民委员会不能当场答复的，应当在十五日内作出答复。", "给答复", False),
        ("出缺的，由村民会议在六十日内补选。", "补选", False),
        ("选票由乡镇人民政府统一封存，期限三年。", "交上来", False),  # no deadline: a length
        ("保护标志牌应当自保护名录公布之日起六个月内设置完毕。", "挂好", False),  # a deed asked done
        # 办下来, 批下来: the deed asked done by its result, whatever verb the text gives it
        ("建设单位应当自建设工程规划许可证核发之日起两年内，取得建设项目施工许可证。", "办下来", False),
        ("申请人应当自受理之日起二十日内领取采伐许可证。", "批下来", False),
        ("管线管理单位可以先行处置，但是应当在四十八小时内报告县级以上城市绿化行政主管部门。", "补上", True),  # 上 adds no act
    ],
)
def test_a_deadline_set_for_another_act_is_no_deadline_of_the_act_asked(sentence: str, event: str, another_act: bool) -> None:
    clause = Clause(clause_id="test#1", doc="test", path=["第一条"], text=sentence, start=0, end=len(sentence))
    figure = next(figure for figure in extract_figures(sentence) if figure.unit in ("日", "个月", "年", "小时"))
    assert deadline_of_another_act(clause, figure, event) is another_act


SHANGHAI_WATERWAY_TRANSPORT = "DLC/上海地方法规/地方性法规/上海/上海市水路运输管理条例.md"

paragraph_penalties = lawrefbook_fixture(SHANGHAI_WATERWAY_TRANSPORT)


@pytest.mark.model
def test_a_penalty_citing_another_paragraph_is_not_the_rules_penalty(paragraph_penalties) -> None:
    # 第三十三条: ¶1 the operator's duty to check, ¶2 "任何人不得…携带危险品…乘船"; the fine cites ¶1 alone
    answer = found_answer(paragraph_penalties, "在上海坐船能不能带危险品上船？")
    assert "携带危险品" in compact(answer.citations[0].quote), answer.answer
    assert not any("第一款" in compact(citation.quote) for citation in answer.citations[1:]), answer.answer

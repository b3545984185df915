"""What a figure or a time must be to answer: a multiple of a named sum answers a sum asked
(加收五倍票款 for 还得多掏多少钱), a time relative to an event (届满前三十日内) answers 什么时候, and
the phrase asking the time names which date is asked (快到期了，什么时候去补打 asks no expiry), a
frequency is no deadline, and a public body's duty is no conduct a penalty question asks about.
Sentences and questions written here, for the class."""

from __future__ import annotations

import re

import pytest

from qa.answer.candidates import binds_a_public_body, share_of_asked_base
from qa.ingest.figures import extract_figures
from qa.records import Clause
from qa.understand import answer_rule, asked_date


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ("乘客无车票乘车的，可以补收票款，并可加收五倍票款。", True),  # a multiple of the fare
        ("经营者违反规定的，处违法所得二倍罚款。", False),  # 罚款 names no sum it is a multiple of
        ("该项目的容积率提高到二倍。", False),
    ],
)
def test_a_multiple_of_a_named_sum_answers_a_sum_asked(sentence: str, answers: bool) -> None:
    clause = Clause(clause_id="t#1", doc="t", path=["第一条"], text=sentence, start=0, end=len(sentence))
    figure = next(figure for figure in extract_figures(sentence) if figure.unit == "倍")
    assert share_of_asked_base(clause, figure, ["元"]) is answers


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ("增设电梯应当经该单元专有部分占建筑物总面积三分之二以上的业主且占总人数三分之二以上的业主书面同意。", True),
        ("居民会议由本居住地区全体十八周岁以上的居民或者每户派代表参加，须有全体成员的三分之二以上出席。", True),
        # a share of no group of people: no answer to how many must agree
        ("公共维修资金按房屋建筑面积的百分之二十计提。", False),
        ("绿地面积不得低于用地面积的百分之三十。", False),
    ],
)
def test_a_share_of_a_group_answers_how_many_of_it(sentence: str, answers: bool) -> None:
    # 单元里得有多少家点头: a count of people or households asked is answered by a share of them
    clause = Clause(clause_id="t#1", doc="t", path=["第一条"], text=sentence, start=0, end=len(sentence))
    figure = next(figure for figure in extract_figures(sentence) if figure.unit == "%")
    assert share_of_asked_base(clause, figure, ["家", "人"]) is answers


@pytest.mark.parametrize(
    "sentence",
    ["犬龄满三个月后十五日内或者狂犬病免疫有效期届满前三十日内，养犬人应当接种疫苗。", "合同期满前六个月内提出续签申请。"],
)
def test_a_period_before_or_after_an_event_answers_when(sentence: str) -> None:
    assert re.search(answer_rule("relative_time", "answer"), sentence)


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("狗的疫苗快到期了，最晚要在什么时候去补打？", "日期"),  # 到期 names the case, not the date asked
        ("这张许可证什么时候到期？", "有效期至"),
        ("证件有效期到什么时候？", "有效期至"),
        ("这个办法是什么时候开始施行的？", "施行"),
    ],
)
def test_the_phrase_asking_the_time_names_the_date_asked(question: str, date: str) -> None:
    assert asked_date(question) == date


@pytest.mark.parametrize(
    ("question", "within"),
    [
        ("做完水质检测后，要在几天内把结果贴出来？", True),
        ("事后多少天之内要补办手续？", True),
        ("多久之内要检测一次？", False),  # how often
        ("水质多久检测一次？", False),
    ],
)
def test_a_deadline_asked_is_no_frequency_asked(question: str, within: bool) -> None:
    assert bool(answer_rule("deadline_within").search(question)) is within


@pytest.mark.parametrize(
    ("question", "requirement"),
    [("事后多少天内要补办用海手续？", True), ("多少天内可以申请复议？", False)],
)
def test_a_deadline_to_act_by_is_a_requirement(question: str, requirement: bool) -> None:
    from qa.understand import asks_requirement

    assert asks_requirement(question) is requirement


@pytest.mark.parametrize(
    ("rule", "public_body"),
    [
        ("节能审查主管部门不得以任何形式要求建设单位委托特定机构提供服务。", True),
        ("第十条 县级以上人民政府应当加强对节能工作的领导。", True),
        ("建设单位应当向节能审查主管部门提交节能报告。", False),  # a business's duty, though it names a body
        ("任何单位和个人不得擅自砍伐城市树木。", False),
    ],
)
def test_a_public_bodys_duty_is_told_by_its_subject(rule: str, public_body: bool) -> None:
    # a penalty question about a business's conduct is not asking about a public body's duty
    assert binds_a_public_body(rule) is public_body


def test_a_bodys_duty_set_on_a_conduct_is_that_conducts_consequence() -> None:
    assert not binds_a_public_body("合作社未按照章程规定进行盈余分配的，有关部门应当责令其限期改正，逾期未改正的，撤销其扶持资格。")

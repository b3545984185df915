"""Question understanding for shapes of question met on unseen sets: the attribute asked of a
thing, a follow-up that only names another place under 要是, places counted rather than named, a
period written as a two-character noun, a length asked in days but written in months, a time
asked beside the department it goes to, an arrival at the scene, a proposal asked with a bare
可以吗, two questions asking figures in different units. The questions are written here for each class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.understand import answer_rule, asked_attribute, asks_for_figure, expected_units, figure_sentence_kinds, named_period, understand


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("批准砍树以后补种的树，对胸径有什么要求？", "胸径"),
        ("开封和许昌对补植树木的胸径要求一样吗？", "胸径"),
        ("保护区的核心区有多大面积？", "核心区"),
        ("分包部分最多能占合同金额多少？", ""),  # 多少 after a verb asks no attribute of a noun
        ("电梯监控录像至少要保存多少天？", ""),
        ("绿化部门几天内要给答复？", ""),  # a body named before 几天 acts; it is not what is measured
    ],
)
def test_the_attribute_asked_is_the_noun_before_the_asking_phrase(question: str, attribute: str) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.parametrize("follow_up", ["那要是在郑州呢？", "如果是郑州的话呢？", "要是郑州呢？"])
def test_a_conditional_follow_up_naming_only_a_place_asks_the_question_there(gazetteer: Gazetteer, follow_up: str) -> None:
    understood = understand(follow_up, ["淄博有人把基本农田保护区的标志牌拔了，能罚多少钱？"], gazetteer)
    assert understood.regions == ["郑州市"]
    assert understood.condition == ""
    assert "要是" not in understood.resolved_question and "标志牌" in understood.resolved_question


def test_a_conditional_follow_up_with_a_case_keeps_its_case(gazetteer: Gazetteer) -> None:
    understood = understand("那要是在郑州情节严重的呢？", ["淄博有人把基本农田保护区的标志牌拔了，能罚多少钱？"], gazetteer)
    assert understood.regions == ["郑州市"]
    assert "情节严重" in understood.condition


@pytest.mark.parametrize("question", ["一个省划的基本农田至少占多少？", "每个县要设几个站点？", "哪个市的补贴最高？", "几个区联合执法时谁牵头？"])
def test_places_counted_are_no_places_named(gazetteer: Gazetteer, question: str) -> None:
    assert gazetteer.unknown_places(question) == []
    assert understand(question, [], gazetteer).unknown_places == []


def test_an_unknown_place_is_still_a_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.unknown_places("火星市的基本农田至少占多少？") == ["火星市"]


@pytest.mark.parametrize(
    ("question", "period"),
    [("重庆汛期是每年几月到几月？", "汛期"), ("村委会的任期是几年？", "任期"), ("逾期多少天要罚款？", ""), ("期限是多少天？", ""), ("定期检查多久一次？", "")],
)
def test_a_two_character_period_noun_names_a_period(question: str, period: str) -> None:
    assert named_period(question) == period


def test_days_asked_may_be_written_in_months_or_weeks() -> None:
    units = expected_units("调解期限是多少天？")
    assert {"日", "工作日", "个月", "周"} <= set(units)


def test_a_length_of_time_is_asked_beside_the_department_it_goes_to() -> None:
    assert asks_for_figure("污水处理厂要检修停运，得提前多久向主管部门报告？")
    assert asks_for_figure("停运以后多长时间内向主管部门备案？")
    assert not asks_for_figure("污水处理厂检修停运要向哪个主管部门报告？")


def test_an_arrival_at_the_scene_is_asked_of_an_arrival() -> None:
    assert "arrival" in figure_sentence_kinds("报修停电后，供电公司多少分钟内必须到现场？", "到现场")


@pytest.mark.parametrize("question", ["我想自己把发动机换成马力更大的，可以吗？", "把树剪短一点，行吗？", "物业掐了我家的水电，这样做合法吗？"])
def test_a_proposal_asked_with_a_bare_yes_or_no_asks_permission(question: str) -> None:
    assert answer_rule("permission").search(question)


@pytest.mark.parametrize("question", ["这个规定现在还执行吗？", "那条线路还运行吗？"])
def test_a_verb_ending_in_行_asks_no_permission(question: str) -> None:
    assert not answer_rule("permission").search(question)


def test_two_questions_asking_figures_take_the_units_of_either(gazetteer: Gazetteer) -> None:
    understood = understand("东江干流边上，多大范围内不能新建垃圾堆放场？这个最高水位线按几年一遇算？", [], gazetteer)
    assert understood.expected_units == []  # the first may be answered in any unit of length or area
    assert understood.asked_unit == ""  # 几年 names the unit of the second question only
    both = understand("许可证有效期几年？快到期了要提前多少天申请延续？", [], gazetteer)
    assert {"年", "日"} <= set(both.expected_units)


def test_one_question_keeps_the_unit_it_names(gazetteer: Gazetteer) -> None:
    assert understand("许可证有效期是几年？", [], gazetteer).asked_unit == "年"

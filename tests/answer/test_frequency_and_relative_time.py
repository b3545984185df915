"""Two answer forms that state no calendar figure: the period of a frequency written without a
numeral (每季度巡查不少于一次, 每月至少召开一次) answers 多久…一次, and a time stated relative to an
event (应当在开工前…办理报建备案) answers 什么时候.

The corpus is 汕头's and 重庆's 河长制条例, 浙江's 街道人大工作条例 and 汕尾's 农村建房条例, read
from lawrefbook; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANTOU = "DLC/广东地方法规/地方性法规/广东/汕头市河长制条例(2023-01-11).md"
CHONGQING = "DLC/重庆地方法规/地方性法规/重庆/重庆市河长制条例(2020-12-03).md"
ZHEJIANG = "DLC/浙江地方法规/地方性法规/浙江/浙江省街道人大工作条例(2019-11-29).md"
SHANWEI = "DLC/广东地方法规/地方性法规/广东/汕尾市农村建房条例(2022-12-02).md"

pytestmark = pytest.mark.model

rules = lawrefbook_fixture(SHANTOU, CHONGQING, ZHEJIANG, SHANWEI)


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("汕头区县的河长多久要巡查一次河湖？", "每月"),
        ("重庆的河长多久巡查一次责任河流？", "每季度"),
        ("浙江的人大街道工委多长时间开一次会？", "每季度"),
        ("重庆总河长会议多久开一次？", "每年"),
    ],
)
def test_the_period_of_a_frequency_answers_how_often(rules, question: str, period: str) -> None:
    answer = found_answer(rules, question)
    assert period in [figure.text for figure in answer.figures]
    assert period in compact(answer.citations[0].quote)


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("汕尾村民自己盖两层的房子，什么时候要去镇政府报建备案？", "在开工前向镇人民政府办理报建备案"),
        ("汕尾村民建三层以上的住宅，什么时候要申请施工许可证？", "在开工前依法申请办理施工许可证"),
    ],
)
def test_a_time_relative_to_an_event_answers_when(rules, question: str, when: str) -> None:
    assert when in compact(found_answer(rules, question).citations[0].quote)


@pytest.mark.parametrize("question", ["汕头河长发现问题，多少天内要上报？", "重庆的河长几个工作日内要把巡河情况报上去？", "浙江街道人大工委几个月内要开一次会？"])
def test_the_quantity_asked_leaves_no_run_of_unknown_characters(rules, question: str) -> None:
    understanding = rules.search(question).understanding
    assert not any(character in word for word in understanding.unknown_words for character in "天日月内")

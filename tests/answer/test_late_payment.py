"""Paying late, asked in everyday words (晚交, 迟缴 a sum), is the rule's 逾期 / 未按照规定期限 /
没有按时缴纳, and the sanction asked for it, 滞纳金 (按日加收…万分之五的滞纳金), is a penalty the
sentence imposes: its rate answers 滞纳金怎么算. The case the question tells (晚交了几天) asks no
period.

The texts are lawrefbook rules no question set uses; the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.understand import understand

from ..conftest import compact, found_answer, lawrefbook_fixture

CHONGQING_UNEMPLOYMENT_INSURANCE = "DLC/重庆地方法规/地方性法规/重庆/重庆市失业保险条例(2011-11-29).md"
QINGDAO_WATER_SAVING = "DLC/山东地方法规/地方性法规/山东/青岛市城市节约用水管理条例(2018-11-30).md"

late_payment = lawrefbook_fixture(CHONGQING_UNEMPLOYMENT_INSURANCE, QINGDAO_WATER_SAVING)


@pytest.mark.parametrize("question", ["税款晚交了几天，滞纳金是怎么算的？", "水费迟缴了几个月，滞纳金怎么收？"])
def test_the_late_fee_is_a_penalty_asked_and_the_told_delay_no_period(question: str) -> None:
    understood = understand(question, [], Gazetteer.load())
    assert understood.asks_penalty
    assert not {"日", "个月"} & set(understood.expected_units), understood.expected_units


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "rate"),
    [
        ("重庆的单位失业保险费晚交了几天，滞纳金是怎么算的？", "万分之五"),
        ("青岛超计划用水的单位，加价水费迟交了，滞纳金怎么算？", "千分之五"),
    ],
)
def test_the_late_fee_is_answered_by_its_rate(late_payment, question: str, rate: str) -> None:
    answer = found_answer(late_payment, question)
    assert rate in compact(answer.citations[0].quote), answer.answer

"""A follow-up stating a case of its own (那要是停水超过一天呢？) asks what the rule says in that
case: the sentence whose threshold the case meets answers (连续停止供水超过二十四小时的，…应当采取
应急供水措施), although it states no figure of the kind asked before (提前多久通知), and a
case written in days meets a threshold written in hours.

The corpus is 烟台's 城市供水条例, read from lawrefbook (no question set uses it); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

YANTAI_WATER = "DLC/山东地方法规/地方性法规/山东/烟台市城市供水条例(2018-01-23).md"

water_supply = lawrefbook_fixture(YANTAI_WATER)


@pytest.mark.model
@pytest.mark.parametrize("follow_up", ["那要是停水超过一天呢？", "要是连续停水两天以上呢？"])
def test_a_case_stated_in_a_follow_up_is_answered_by_the_rule_for_it(water_supply, follow_up: str) -> None:
    history = ["烟台自来水公司维修管道要停水，得提前多久通知用户？"]
    first = water_supply.ask(history[0])
    assert first.found and "二十四小时" in compact(first.citations[0].quote), first.answer
    answer = water_supply.ask(follow_up, history=history)
    assert answer.found, answer.answer
    assert "应急供水措施" in compact(answer.citations[0].quote), answer.answer

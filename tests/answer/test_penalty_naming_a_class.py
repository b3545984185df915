"""A penalty may name the class of acts a rule lists rather than any act of it: "在城市公共供水设施
安全保护区范围内进行危害供水设施安全活动行为的，…罚款" punishes the rule "在保护区范围内，禁止
挖坑取土、建造建（构）筑物、爆破作业…等危害供水设施安全的行为". The penalty's own conduct
stands in the rule, though the rule's listed acts do not stand in the penalty.

The corpus is one city's 城市供水条例 (菏泽), read from lawrefbook; the questions are written
here for the class, not taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

CITY = "DLC/山东地方法规/地方性法规/山东/菏泽市城市供水条例(2020-11-30).md"

pytestmark = pytest.mark.model


heze = lawrefbook_fixture(CITY)


@pytest.mark.parametrize("question", ["菏泽有人在供水设施保护区里挖坑取土，会被罚多少钱？", "菏泽在供水设施保护区内搞爆破作业怎么处罚？"])
def test_a_listed_act_gets_the_penalty_for_its_class(heze, question: str) -> None:
    answer = heze.ask(question)
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert "危害供水设施安全" in quote and "罚款" in quote

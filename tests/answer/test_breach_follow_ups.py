"""A follow-up that negates the duty just asked about and asks the penalty ("不说会被罚多少？" after
"得提前多久跟交通部门说？") asks the penalty enforcing the rule the previous answer cited, found by
its cross-reference ("违反本条例第二十四条规定，擅自终止营运的"), though it holds none of the
follow-up's words.

The corpus is 上海市公共汽车和电车客运管理条例, read from lawrefbook (no question set uses it); the
questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.text.keywords import KeywordTokenizer
from qa.understand import understand

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANGHAI_BUSES = "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md"

pytestmark = pytest.mark.model

buses = lawrefbook_fixture(SHANGHAI_BUSES)

DUTY = "上海的公交公司要是破产了不干了，得提前多久跟交通部门说？"


@pytest.mark.parametrize("follow_up", ["不说会被罚多少？", "没提前说会罚多少？"])
def test_the_breach_of_the_duty_just_answered_is_fined_by_its_rules_penalty(buses, follow_up: str) -> None:
    answer = found_answer(buses, follow_up, (DUTY,))
    quoted = compact(" ".join(citation.quote for citation in answer.citations))
    assert "一千元以上一万元以下" in quoted and "第二十四条" in quoted, answer.answer


def test_a_follow_up_negating_the_asked_duty_is_its_breach() -> None:
    understood = understand("不报会被罚多少？", ["新添了一台挖掘机，要在多少天内向环保部门报送机械信息？"], Gazetteer.load(), KeywordTokenizer())
    assert understood.asks_penalty and understood.condition == "不报", understood.condition

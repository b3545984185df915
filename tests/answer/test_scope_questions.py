"""A question whether a rule covers a thing (受不受…管, 适不适用) asks the rule's scope: it is answered
by the sentence that says what the rule applies to or not ("…出租汽车客运不适用本条例"), not by the
general scope article ("本条例适用于本市行政区域内的道路运输…") nor another sentence naming the thing.

The corpus is 上海市道路运输管理条例, 上海市检验检测条例 and 北京市道路运输条例, read from lawrefbook (no
question set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANGHAI_ROAD_TRANSPORT = "DLC/上海地方法规/地方性法规/上海/上海市道路运输管理条例(2020-05-14).md"
SHANGHAI_TESTING = "DLC/上海地方法规/地方性法规/上海/上海市检验检测条例(2024-12-31).md"
BEIJING_ROAD_TRANSPORT = "DLC/北京地方法规/地方性法规/北京/北京市道路运输条例(2021-09-24).md"

pytestmark = pytest.mark.model

rules = lawrefbook_fixture(SHANGHAI_ROAD_TRANSPORT, SHANGHAI_TESTING, BEIJING_ROAD_TRANSPORT)


@pytest.mark.parametrize(
    ("question", "excluded"),
    [
        ("上海的出租车受不受《上海市道路运输管理条例》管？", "出租汽车客运管理不适用本条例"),
        ("北京的出租汽车客运受不受北京市道路运输条例管？", "出租汽车客运不适用本条例"),
        ("在上海做军工产品的检测，适不适用上海市检验检测条例？", "军工产品的检验检测活动，不适用本条例"),
    ],
)
def test_a_question_whether_a_rule_covers_a_thing_gets_the_sentence_on_its_scope(rules, question: str, excluded: str) -> None:
    answer = found_answer(rules, question)
    assert excluded in compact(answer.citations[0].quote), answer.answer

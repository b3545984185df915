"""A conditional follow-up naming another act done to the thing just asked about ("那要是伪造身份证
呢？" after 冒用别人的身份证; "如果是花钱买了张假身份证来用呢？" after 把身份证借给别人用) asks about that
act: it takes the old act's place, and is answered by the list item naming it, not by the item of
the act asked before. A case of the old act (情节严重, 单位干的, 这么干, a quantity, a breach, a
place, …的呢) is still a condition of it.

The corpus is 居民身份证法, read from lawrefbook (no question set uses it); the questions are
written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.understand import understand

from ..conftest import compact, found_answer, lawrefbook_fixture

IDENTITY_CARDS = "宪法相关法/居民身份证法(2011-10-29).md"
LENT = "把身份证借给别人用，怎么罚？"
MISUSED = "冒用别人的身份证会怎么处理？"


@pytest.mark.parametrize(
    ("follow_up", "before", "act"),
    [
        ("那要是伪造身份证呢？", MISUSED, "伪造身份证"),
        ("如果是花钱买了张假身份证来用呢？", LENT, "花钱买了张假身份证来用"),
        ("要是转卖身份证，而且情节严重呢？", MISUSED, "转卖身份证"),
    ],
)
def test_another_act_takes_the_old_acts_place(follow_up: str, before: str, act: str) -> None:
    understood = understand(follow_up, [before], Gazetteer.load())
    old_act = "借给" if before == LENT else "冒用"
    assert act in understood.resolved_question and old_act not in understood.resolved_question, understood.resolved_question
    assert understood.condition == ""


@pytest.mark.parametrize(
    "follow_up",
    ["要是情节严重呢？", "如果是单位干的呢？", "要是在火车站这么干呢？", "要是冒用了三次呢？", "要是一直不改呢？", "要是那张身份证本身是过期的呢？"],
)
def test_a_case_of_the_old_act_stays_a_condition_of_it(follow_up: str) -> None:
    understood = understand(follow_up, [MISUSED], Gazetteer.load())
    assert "冒用" in understood.resolved_question, understood.resolved_question


cards = lawrefbook_fixture(IDENTITY_CARDS)


@pytest.mark.model
@pytest.mark.parametrize(
    ("follow_up", "before", "item"),
    [
        ("如果是花钱买了张假身份证来用呢？", LENT, "购买、出售、使用伪造、变造的居民身份证"),
        ("那要是冒用别人的身份证呢？", LENT, "冒用他人居民身份证"),
    ],
)
def test_the_other_act_is_answered_by_its_own_item(cards, follow_up: str, before: str, item: str) -> None:
    answer = found_answer(cards, follow_up, (before,))
    assert any(item in compact(citation.quote) for citation in answer.citations), answer.answer
    assert not any("出租、出借、转让" in compact(citation.quote) for citation in answer.citations), answer.answer

"""A question asking how often an act recurs (多长时间做一次经济责任审计, 多久公布一次) is answered by a
sentence stating that act's recurrence, not by the recurrence of another act of the same text
(民主评议每年至少进行一次 for 民主理财小组查账).

The corpus is 山东省实施《村民委员会组织法》办法, read from lawrefbook (no question set uses it); the
questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.understand import recurring_act

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANDONG_VILLAGE_COMMITTEES = "DLC/山东地方法规/地方性法规/山东/山东省实施《村民委员会组织法》办法(2012-11-29).md"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("重点用能单位多长时间要做一次能源审计？", ("能源", "审计")),
        ("标准多久复审一次？", ("复审",)),
        ("每隔多久检测一次水质？", ("检测", "水质")),
        ("第一次检查要在几天内完成？", ()),
    ],
)
def test_the_recurring_act_is_read_from_the_question(question: str, words: tuple[str, ...]) -> None:
    assert recurring_act(question) == words


villages = lawrefbook_fixture(SHANDONG_VILLAGE_COMMITTEES)


@pytest.mark.model
def test_the_acts_own_recurrence_answers(villages) -> None:
    answer = found_answer(villages, "山东的村里，财务收支情况多久公布一次？")
    assert "每月公布一次" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.model
@pytest.mark.parametrize("question", ["山东村委会成员多长时间要做一次经济责任审计？", "山东村里的民主理财小组多久查一次账？"])
def test_another_acts_recurrence_does_not_answer(villages, question: str) -> None:
    answer = villages.ask(question)
    assert not answer.found, answer.answer

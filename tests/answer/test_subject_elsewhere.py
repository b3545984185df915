"""A place whose rules say nothing on a question's subject gets 未找到 naming the places whose rules
do, not a clause of its own rules on another subject that shares a word with the question: the
library's clauses nearest the question are another place's and clearly nearer than any clause that
applies to the asked place.

The corpus is two cities of one province with rules on different subjects (威海's 文明行为促进条例,
菏泽's 城市供水条例), read from lawrefbook; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import lawrefbook_fixture

WEIHAI = "DLC/山东地方法规/地方性法规/山东/威海市文明行为促进条例(2018-09-21).md"
HEZE = "DLC/山东地方法规/地方性法规/山东/菏泽市城市供水条例(2020-11-30).md"

pytestmark = pytest.mark.model


two_cities = lawrefbook_fixture(WEIHAI, HEZE)


@pytest.mark.parametrize("question", ["菏泽有人乘电梯时在里面跳跃打闹，会怎么处理？", "菏泽在公园里焚烧冥纸会被罚多少钱？"])
def test_a_subject_only_another_places_rule_speaks_of_is_not_found_here(two_cities, question: str) -> None:
    answer = two_cities.ask(question)
    assert not answer.found, answer.answer
    assert "威海市" in answer.answer  # where a rule on it is


@pytest.mark.parametrize("question", ["威海有人乘电梯时在里面跳跃打闹，会怎么处理？", "菏泽有人在供水设施保护区里挖坑取土，会被罚多少钱？"])
def test_a_subject_the_places_own_rule_speaks_of_is_answered_from_it(two_cities, question: str) -> None:
    answer = two_cities.ask(question)
    assert answer.found, answer.answer
    assert answer.citations[0].doc == (WEIHAI if question.startswith("威海") else HEZE)

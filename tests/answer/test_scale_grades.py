"""A force of nature is measured in grades of a scale (风力六级以上, 风速达到四级以上, 四级以上大风): the
grade is the figure a question asks with 风多大 or 几级风, and places compare by it. 级 after a numeral
elsewhere ranks things (一级保护区), which no figure question is answered with.

The corpus is 郑州市大气污染防治条例 and 漯河市扬尘污染防治条例, read from lawrefbook (no question of
any set asks their wind grades); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

ZHENGZHOU_AIR = "DLC/河南地方法规/地方性法规/河南/郑州市大气污染防治条例(2020-08-05).md"
LUOHE_DUST = "DLC/河南地方法规/地方性法规/河南/漯河市扬尘污染防治条例(2019-08-13).md"

pytestmark = pytest.mark.model

dust_rules = lawrefbook_fixture(ZHENGZHOU_AIR, LUOHE_DUST)


@pytest.mark.parametrize("question", ["在郑州，风刮到多大就得停止土石方作业？", "漯河工地遇到几级大风要停工？"])
def test_the_grade_of_wind_a_rule_names_answers_how_strong(dust_rules, question: str) -> None:
    answer = found_answer(dust_rules, question)
    assert "四级以上" in compact(answer.citations[0].quote), answer.answer
    assert "四级以上" in answer.answer


def test_places_compare_by_the_grade_of_wind_they_name(dust_rules) -> None:
    answer = found_answer(dust_rules, "郑州和漯河分别是风力几级以上要停止土方作业？")
    quoted = {citation.doc: compact(citation.quote) for citation in answer.citations}
    assert any("四级以上" in quote for doc, quote in quoted.items() if doc == ZHENGZHOU_AIR), answer.answer
    assert any("四级以上" in quote for doc, quote in quoted.items() if doc == LUOHE_DUST), answer.answer

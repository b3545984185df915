"""A period a rule states by another procedure's ("机动车排放检验周期与机动车安全技术检验周期一致") answers
a question asking how often or how long (多久一次): no number stands there, and the sentence names
whose period applies. Where a sentence states the figure asked, that figure answers.

The corpus is 许昌市机动车和非道路移动机械排气污染防治条例, read from lawrefbook (no question set uses
it); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

XUCHANG_EXHAUST = "DLC/河南地方法规/地方性法规/河南/许昌市机动车和非道路移动机械排气污染防治条例(2020-04-28).md"

pytestmark = pytest.mark.model

exhaust = lawrefbook_fixture(XUCHANG_EXHAUST)


@pytest.mark.parametrize("question", ["在许昌，小汽车多久要做一次尾气排放检验？", "许昌机动车排放检验的周期是多长时间？"])
def test_a_period_stated_by_another_procedures_answers_how_often(exhaust, question: str) -> None:
    answer = found_answer(exhaust, question)
    assert "排放检验周期与机动车安全技术检验周期一致" in compact(answer.citations[0].quote), answer.answer

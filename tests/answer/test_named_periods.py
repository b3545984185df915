"""A document naming several periods ("全省森林防火期为每年的11月1日至次年的4月30日" beside the 禁火期 a
county proclaims by 森林禁火令) gives the dates of the period it names: a question about the other
period (森林禁火期是哪段时间) is not answered with the first one's span, and the period that has one
still is.

The corpus is 浙江省森林消防条例, read from lawrefbook (no question set uses it); the questions are
written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

ZHEJIANG_FOREST_FIRE = "DLC/浙江地方法规/地方性法规/浙江/浙江省森林消防条例(2009-11-27).md"

pytestmark = pytest.mark.model

zhejiang = lawrefbook_fixture(ZHEJIANG_FOREST_FIRE)


@pytest.mark.parametrize("question", ["浙江森林禁火期是哪段时间？", "浙江的禁火期是几月到几月？"])
def test_another_periods_span_does_not_answer_the_asked_period(zhejiang, question: str) -> None:
    answer = zhejiang.ask(question)
    assert "11月1日" not in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["浙江森林防火期是哪段时间？", "浙江的防火期是几月到几月？"])
def test_the_named_periods_own_span_answers(zhejiang, question: str) -> None:
    answer = found_answer(zhejiang, question)
    assert "11月1日至次年的4月30日" in compact(answer.citations[0].quote), answer.answer

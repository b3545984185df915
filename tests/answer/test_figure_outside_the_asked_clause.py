"""A figure question whose matter the documents speak of without a figure (投诉处理机制 with no
deadline) is refused, not answered with a figure another clause states for another matter
(备案 within 十五日): the sentence holding clearly more of the question's words
(`AnswerWeights.rule_words_margin`) names what is asked, and no sentence of its clause states the
figure. A figure the asked clause does state still answers.

The corpus is 广东省人力资源市场条例 and 深圳经济特区外商投资条例, read from lawrefbook (no question
set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

GUANGDONG_HR_MARKET = "DLC/广东地方法规/地方性法规/广东/广东省人力资源市场条例(2021-12-01).md"
SHENZHEN_FOREIGN_INVESTMENT = "DLC/广东地方法规/地方性法规/广东/深圳经济特区外商投资条例(2022-09-05).md"

pytestmark = pytest.mark.model

guangdong = lawrefbook_fixture(GUANGDONG_HR_MARKET, SHENZHEN_FOREIGN_INVESTMENT)


def test_a_figure_stated_for_another_matter_does_not_answer(guangdong) -> None:
    answer = guangdong.ask("广东人力资源服务机构的投诉处理机制，收到投诉后几天内答复？")
    assert not answer.found, answer.answer
    assert "十五日" not in answer.answer


def test_the_asked_clause_stating_the_figure_still_answers(guangdong) -> None:
    answer = found_answer(guangdong, "深圳外资企业的投诉材料不齐，几天内要补正？")
    assert answer.citations[0].doc == SHENZHEN_FOREIGN_INVESTMENT
    assert "十五个工作日内补正" in compact(answer.citations[0].quote)

"""A price or fine asked per unit of a measured quantity (一平方米罚多少, 每吨多少钱) is answered
by a sum stated per that unit (每平方米处以五十元以上一百元以下罚款), not by a sum of a whole
(处以二百元以上一千元以下罚款): where the rules state none per unit, the answer is 未找到.

The corpus is 许昌市城市市容和环境卫生管理条例, read from lawrefbook (no question set uses it);
the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.understand import price_per

from ..conftest import compact, found_answer, lawrefbook_fixture

XUCHANG_STREETS = "DLC/河南地方法规/地方性法规/河南/许昌市城市市容和环境卫生管理条例(2019-01-12).md"

pytestmark = pytest.mark.model

streets = lawrefbook_fixture(XUCHANG_STREETS)


@pytest.mark.parametrize(
    ("question", "unit"),
    [("人防易地建设费一平方米收多少钱？", "平方米"), ("自来水每吨多少钱？", "吨"), ("一度电多少钱", "度"), ("占了绿地每平方米罚多少？", "平方米"), ("砍了一棵古树罚多少？", ""), ("占了100平方米罚多少钱？", "")],
)
def test_a_price_asked_per_unit_names_the_unit(question: str, unit: str) -> None:
    assert price_per(question) == unit


def test_a_fine_asked_per_unit_is_the_one_stated_per_unit(streets) -> None:
    answer = found_answer(streets, "许昌饭店往路上乱倒泔水，弄得地上都是油，一平方米罚多少钱？")
    assert "每平方米处以五十元以上一百元以下罚款" in compact(answer.citations[0].quote), answer.answer


def test_a_sum_of_a_whole_answers_no_price_per_unit(streets) -> None:
    answer = streets.ask("许昌车轮带泥把路面弄脏了，每平方米罚多少钱？", [])
    assert not answer.found, answer.answer
    whole = streets.ask("许昌车轮带泥把路面弄脏了，罚多少钱？", [])
    assert whole.found and "二百元以上一千元以下" in compact(whole.citations[0].quote), whole.answer

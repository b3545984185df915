"""Two questions asked at once, the second about a case of the first ("…得提前多少天申请？要是没申请会
怎样？"), are answered one after the other, the second as the first's follow-up: each ask gets its own
sentence and citations, where one answer to both quoted one ask's sentence alone.

The corpus is 杭州市城乡规划条例, read from lawrefbook (no question set uses it); the questions are
written here for the class."""

from __future__ import annotations

import pytest

from qa.understand import asks_in_turn

from ..conftest import compact, found_answer, lawrefbook_fixture

HANGZHOU_PLANNING = "DLC/浙江地方法规/地方性法规/浙江/杭州市城乡规划条例(2017-12-08).md"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("船闸停航检修，得提前多少天公告？要是没按时公告会罚多少？", ("船闸停航检修，得提前多少天公告？", "要是没按时公告会罚多少？")),
        ("许可证有效期几年？逾期不换会怎样？", ("许可证有效期几年？", "逾期不换会怎样？")),
        ("证件能用几年？要是材料需要核实，几天内得办完？", ("证件能用几年？", "要是材料需要核实，几天内得办完？")),
        ("有效期几年？快到期了怎么办？", None),  # the second ask is its own question, not a case of the first
        ("多少天内公告？", None),
    ],
)
def test_a_second_ask_about_a_case_of_the_first_is_told_apart(question: str, asks: tuple[str, str] | None) -> None:
    assert asks_in_turn(question) == asks


planning = lawrefbook_fixture(HANGZHOU_PLANNING)


@pytest.mark.model
def test_both_asks_are_answered_each_from_its_sentence(planning) -> None:
    answer = found_answer(planning, "杭州的建设工程规划许可证要延续，得在期限届满前多少天申请？要是没申请延续会怎样？")
    quoted = compact("".join(citation.quote for citation in answer.citations))
    assert "三十日" in quoted and "失效" in quoted, answer.answer

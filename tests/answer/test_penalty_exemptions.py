"""A rule exempting a conduct from penalty ("违法行为轻微并及时纠正，没有造成危害后果的，不予行政
处罚") answers a question asking whether, or how much, that conduct is fined: the answer is that it is
not, not 未找到 for want of a fine.

The corpus is 山东省企业权益保护条例, read from lawrefbook (no question set uses it); the
questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.text.keywords import KeywordTokenizer
from qa.understand import understand

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANDONG_ENTERPRISES = "DLC/山东地方法规/地方性法规/山东/山东省企业权益保护条例(2012-05-31).md"

pytestmark = pytest.mark.model

enterprises = lawrefbook_fixture(SHANDONG_ENTERPRISES)


@pytest.mark.parametrize(
    "question",
    ["在山东，企业有点轻微违法但马上纠正了，也没造成危害后果，还会被行政处罚吗？", "山东企业违法行为轻微、及时纠正又没有危害后果的，要罚多少？"],
)
def test_a_rule_exempting_the_conduct_answers_whether_it_is_fined(enterprises, question: str) -> None:
    answer = found_answer(enterprises, question)
    assert "不予行政处罚" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize("question", ["北京的企业一般违法被罚了，行政处罚信息要在网上挂多久？", "处罚记录多久能撤下来？"])
def test_a_record_of_a_penalty_asks_no_penalty(question: str) -> None:
    assert not understand(question, [], Gazetteer.load(), KeywordTokenizer()).asks_penalty

"""A case the question states meets one tier of a rule's series and no other; a compared place
with no rule of its own is answered by the rule that applies to it; equal values crown nobody.

The corpus is 郑州's and 河南省's 失业保险条例, read from lawrefbook: both grade the longest
benefit period by years of contributions (满一年不足五年 / 满五年不足十年 / 十年以上). 开封 has no
rule of its own here, so 河南省's answers for it. The questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import found_answer, lawrefbook_fixture

ZHENGZHOU = "DLC/河南地方法规/地方性法规/河南/郑州市失业保险条例(2019-01-22).md"
HENAN = "DLC/河南地方法规/地方性法规/河南/河南省失业保险条例(2001-11-29).md"
TIERS = {"十二个月", "十八个月", "二十四个月"}

pytestmark = pytest.mark.model

unemployment = lawrefbook_fixture(ZHENGZHOU, HENAN)


@pytest.mark.parametrize(
    ("question", "doc", "figure"),
    [
        ("郑州失业前累计缴费满七年，失业保险金最长能领多久？", ZHENGZHOU, "十八个月"),
        ("郑州的失业人员累计缴费三年，最长领几个月失业保险金？", ZHENGZHOU, "十二个月"),
        ("开封的失业人员累计缴费十二年，最长能领多久失业保险金？", HENAN, "二十四个月"),
    ],
)
def test_a_case_meets_one_tier_and_no_other_tier_is_shown(unemployment, question: str, doc: str, figure: str) -> None:
    answer = found_answer(unemployment, question)
    assert answer.citations[0].doc == doc and figure in answer.citations[0].quote
    assert not (TIERS - {figure}) & {tier for tier in TIERS if tier in answer.answer}, answer.answer


def test_a_compared_place_without_its_own_rule_is_answered_by_its_province(unemployment) -> None:
    answer = found_answer(unemployment, "郑州和开封，累计缴费满七年的失业人员，失业保险金最长各领多久？")
    assert {citation.doc for citation in answer.citations} == {ZHENGZHOU, HENAN}
    assert "开封市（适用河南省的规定）" in answer.answer
    assert "比较：各地相同（十八个月）" in answer.answer  # the same period in both: nobody is 最长

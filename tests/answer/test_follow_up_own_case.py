"""A follow-up stating its own case of the amount the previous answer's tiers are set by ("要是违法经营额
有20万元呢？" after the fine for unapproved underwater archaeology) is asked in the article just cited:
its number is stated by a sentence that writes it or sets bounds the case does not miss (违法经营额
10万元以上的), not looked for as a word, which sends it to another law's tier (文物保护法's
违法经营额五万元以上的) that shares the follow-up's other words.

The corpus is 水下文物保护管理条例 and 文物保护法, read from lawrefbook; the questions are written
here for the class (the set that uses these texts asks another conduct's follow-up)."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

UNDERWATER_RELICS = "行政法规/水下文物保护管理条例(2022-01-23).md"
CULTURAL_RELICS_LAW = "行政法/文物保护法(2017-11-04).md"

pytestmark = pytest.mark.model

relics = lawrefbook_fixture(UNDERWATER_RELICS, CULTURAL_RELICS_LAW)

FIRST = "未经批准在海里做水下文物勘探，违法经营额三万元，罚多少？"


@pytest.mark.parametrize("follow_up", ["要是违法经营额有20万元呢？", "如果违法经营额达到80万元呢？"])
def test_a_follow_ups_own_case_is_asked_in_the_article_just_cited(relics, follow_up: str) -> None:
    answer = found_answer(relics, follow_up, (FIRST,))
    assert answer.citations[0].doc.endswith(UNDERWATER_RELICS.rsplit("/", 1)[-1]), answer.answer
    assert "违法经营额10万元以上的" in compact(answer.citations[0].quote), answer.answer

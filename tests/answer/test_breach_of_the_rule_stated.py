"""A penalty whose conduct is breaking the rule stated just before it ("禁止伪造、变造、转让、出借
犬牌。违反规定的，由综合行政执法部门处…罚款") is read with that rule, and quoted with it: the
fine alone would not say which conduct it punishes.

The corpus is one city's 养犬管理规定 (湖州), read from lawrefbook, where several paragraphs of
one article each state a rule and its fine this way. The questions are written here for the
class, not taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

CITY = "DLC/浙江地方法规/地方性法规/浙江/湖州市养犬管理规定(2021-12-02).md"

pytestmark = pytest.mark.model


huzhou = lawrefbook_fixture(CITY)


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("湖州有人把自家的犬牌借给别人用，罚多少？", "出借犬牌"),
        ("湖州用虚假材料办犬只准养登记会怎么罚？", "提供虚假材料"),
    ],
)
def test_the_fine_for_breaking_the_rule_just_stated_is_quoted_with_the_rule(huzhou, question: str, rule: str) -> None:
    answer = huzhou.ask(question)
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert rule in quote and "违反规定的" in quote and "罚款" in quote
    assert quote.index(rule) < quote.index("违反规定的")

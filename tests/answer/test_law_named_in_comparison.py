"""A comparison naming one place and a national law by its name ("浙江的条例和劳动争议调解仲裁法
规定一样吗？") compares the place's rule with that law: the law is the other side, not the only
document read. A law's name inside a place's implementing rule (浙江节约能源法实施办法) names the
place's rule.

The corpus is 劳动争议调解仲裁法 and 浙江省劳动人事争议调解仲裁条例, read from lawrefbook (no
question set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.retrieve.scope import names_the_law_itself

from ..conftest import found_answer, lawrefbook_fixture

NATIONAL_LAW = "诉讼与非诉讼程序法/劳动争议调解仲裁法(2007-12-29).md"
ZHEJIANG_RULE = "DLC/浙江地方法规/地方性法规/浙江/浙江省劳动人事争议调解仲裁条例(2020-09-24).md"

pytestmark = pytest.mark.model

arbitration = lawrefbook_fixture(NATIONAL_LAW, ZHEJIANG_RULE)


@pytest.mark.parametrize(
    "question",
    [
        "仲裁委员会收到仲裁申请后几天内决定受不受理？浙江的条例和劳动争议调解仲裁法规定一样吗？",
        "收到仲裁申请以后多少日内要决定是否受理，浙江跟《劳动争议调解仲裁法》有什么不同？",
    ],
)
def test_a_place_compared_with_a_named_law_quotes_both(arbitration, question: str) -> None:
    answer = found_answer(arbitration, question)
    cited = {citation.doc for citation in answer.citations}
    assert any("劳动争议调解仲裁法" in doc for doc in cited) and any("浙江省" in doc for doc in cited), answer.answer


@pytest.mark.parametrize(
    ("question", "names_the_law"),
    [
        ("浙江的条例和邮政法规定的期限一样吗", True),
        ("浙江节约能源法实施办法和山东的一样吗", False),
        ("河南实施邮政法办法和北京的有什么不同", False),
    ],
)
def test_a_law_named_beside_a_place_is_the_law_unless_a_rule_implements_it(question: str, names_the_law: bool) -> None:
    law = "邮政法" if "邮政法" in question else "节约能源法"
    assert names_the_law_itself(law, question, places_named=True) is names_the_law

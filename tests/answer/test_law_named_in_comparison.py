"""A comparison naming one place and a national law by its name ("浙江的条例和劳动争议调解仲裁法
规定一样吗？") compares the place's rule with that law: the law is the other side, not the only
document read. A law's name inside a place's implementing rule (浙江节约能源法实施办法) names the
place's rule.

The national side is the rule named, not another national text on the subject: 矿山安全法 named,
its 实施条例 is not quoted for it, and the other way round.

The corpora are 劳动争议调解仲裁法 with 浙江省劳动人事争议调解仲裁条例, and 矿山安全法, its 实施条例
and 河南省实施《矿山安全法》办法, read from lawrefbook (no question set uses them); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from qa.retrieve.scope import names_the_law_itself

from ..conftest import found_answer, lawrefbook_fixture

NATIONAL_LAW = "诉讼与非诉讼程序法/劳动争议调解仲裁法(2007-12-29).md"
ZHEJIANG_RULE = "DLC/浙江地方法规/地方性法规/浙江/浙江省劳动人事争议调解仲裁条例(2020-09-24).md"

pytestmark = pytest.mark.model

MINE_SAFETY_LAW = "社会法/矿山安全法(2009-08-27).md"
MINE_SAFETY_REGULATION = "行政法规/矿山安全法实施条例(1996-10-30).md"
HENAN_MINE_SAFETY = "DLC/河南地方法规/地方性法规/河南/河南省实施《矿山安全法》办法(2010-07-30).md"

arbitration = lawrefbook_fixture(NATIONAL_LAW, ZHEJIANG_RULE)
mine_safety = lawrefbook_fixture(MINE_SAFETY_LAW, MINE_SAFETY_REGULATION, HENAN_MINE_SAFETY)


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


@pytest.mark.parametrize(
    ("question", "national"),
    [
        ("矿山企业不给工人做安全培训就让下井，河南的办法和矿山安全法的处罚有什么不一样？", MINE_SAFETY_LAW),
        ("矿山企业不给工人做安全培训就让下井，河南的规定和国家的实施条例罚款一样吗？", MINE_SAFETY_REGULATION),
    ],
)
def test_the_national_side_is_the_rule_named(mine_safety, question: str, national: str) -> None:
    answer = found_answer(mine_safety, question)
    cited = [citation.doc for citation in answer.citations]
    assert any(doc.endswith(HENAN_MINE_SAFETY.rsplit("/", 1)[-1]) for doc in cited), answer.answer
    others = {MINE_SAFETY_LAW, MINE_SAFETY_REGULATION} - {national}
    assert any(doc.endswith(national.rsplit("/", 1)[-1]) for doc in cited), answer.answer
    assert not any(doc.endswith(other.rsplit("/", 1)[-1]) for doc in cited for other in others), answer.answer

"""An act asked in everyday words is the rule's act: 借给别人 is 出借, 租给 is 出租. A penalty
asked for lending or renting out a licence is the penalty of the item or article naming 出借 or
出租, not that of a neighbouring item of the same list (using an invalid licence, training without
one).

The corpus is lawrefbook texts no question set uses; the questions are written here for the class
(keyword_lexicon.json "everyday_terms", acts)."""

from __future__ import annotations

import pytest

from ..conftest import found_answer, lawrefbook_fixture

HANGZHOU_DRIVING_SCHOOLS = "DLC/浙江地方法规/地方性法规/浙江/杭州市机动车驾驶员培训管理条例(2017-12-08).md"
PRINTING = "行政法规/印刷业管理条例(2020-11-29).md"

pytestmark = pytest.mark.model

driving_schools_and_printing = lawrefbook_fixture(HANGZHOU_DRIVING_SCHOOLS, PRINTING)


@pytest.mark.parametrize(
    ("question", "doc", "lent_in_quote"),
    [
        ("杭州的培训机构把驾驶员培训许可证借给别人用，罚多少钱？", HANGZHOU_DRIVING_SCHOOLS, "出借机动车驾驶员培训许可证件"),
        ("杭州的培训机构把驾驶员培训许可证租给别的机构，怎么罚？", HANGZHOU_DRIVING_SCHOOLS, "出租、出借机动车驾驶员培训许可证件"),
        ("印刷厂把印刷经营许可证借给别人用，罚多少？", PRINTING, "出借或者以其他形式转让印刷经营许可证"),
        # without 租给 read as 出租, an item of another list (未验证印刷委托书) was answered
        ("印刷厂把印刷经营许可证租给别人，罚多少？", PRINTING, "出租、出借或者以其他形式转让印刷经营许可证"),
    ],
)
def test_lending_a_licence_is_answered_by_the_lending_rule(driving_schools_and_printing, question: str, doc: str, lent_in_quote: str) -> None:
    answer = found_answer(driving_schools_and_printing, question)
    first = answer.citations[0]
    assert first.doc == doc, answer.answer
    assert any(lent_in_quote in citation.quote or lent_in_quote in citation.context for citation in answer.citations[:2]), answer.answer


IDENTITY_CARDS = "宪法相关法/居民身份证法(2011-10-29).md"
identity_cards = lawrefbook_fixture(IDENTITY_CARDS)


@pytest.mark.parametrize("question", ["老板把员工的身份证扣下不还，会怎么罚？", "房东把租客的身份证扣住不给，罚多少？"])
def test_keeping_anothers_thing_is_the_rules_detention(identity_cards, question: str) -> None:
    """扣下, 扣住 are a rule's 扣押: answered by 非法扣押他人居民身份证, not another item of the list."""
    answer = found_answer(identity_cards, question)
    assert any("非法扣押他人居民身份证" in citation.quote for citation in answer.citations), answer.answer

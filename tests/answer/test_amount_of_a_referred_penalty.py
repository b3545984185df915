"""A local rule that punishes a conduct by the national law's article (…按照《矿山安全法》第四十条的规定处理。)
sets the amount in the next sentence, opening with the penalty it qualifies (处以罚款的，罚款数额为五万元以下。):
that sentence is a tier of the one before it, read with the conduct that sentence names and quoted
with it.

The end-to-end cases read 北京市实施《矿山安全法》办法, the one lawrefbook text written this way (a
question set uses it for other conducts); the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.answer.penalties import PENALTY_TIER

from ..conftest import found_quote, lawrefbook_fixture

BEIJING_MINE_SAFETY = "DLC/北京地方法规/地方性法规/北京/北京市实施《矿山安全法》办法(2021-09-24).md"

beijing_mine_safety = lawrefbook_fixture(BEIJING_MINE_SAFETY)


@pytest.mark.parametrize(
    ("sentence", "tier"),
    [
        ("处以罚款的，罚款数额为五万元以下。", True),
        ("并处罚款的，罚款数额为二万元以上十万元以下。", True),
        ("罚款的，按照下列规定执行：", True),
        ("罚款应当自收到处罚决定书之日起十五日内缴纳。", False),  # a rule on paying, no tier
        ("处以罚款的具体标准由市人民政府规定。", False),
    ],
)
def test_a_sentence_opening_with_the_penalty_imposed_is_its_tier(sentence: str, tier: bool) -> None:
    assert bool(PENALTY_TIER.match(sentence)) is tier


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "conduct", "amount"),
    [
        ("北京的矿山没有按规定提取安全技术措施专项费用，罚多少？", "安全技术措施专项费用", "五万元以下"),
        ("北京矿山出了事故没有及时如实上报，罚款最多多少？", "如实报告矿山事故", "三万元以下"),
    ],
)
def test_the_amount_is_answered_with_the_conduct_it_follows(beijing_mine_safety, question: str, conduct: str, amount: str) -> None:
    quote = found_quote(beijing_mine_safety, question)
    assert conduct in quote and amount in quote, quote

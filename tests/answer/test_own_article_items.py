"""A penalty that names items of its own article ("违反本条第一款第三项规定的，…") punishes those
items, one paragraph at a time: an article listing prohibitions (（一）…（三）) and then, in later
paragraphs of the same clause, a penalty for each item. The conduct asked is the item's; the
penalty of a sibling item is no answer.

The corpus is 绍兴会稽山古香榧群保护规定 from lawrefbook (第七条 and 第八条 each list
prohibitions followed by per-item penalties). The questions are written here for the class, not
taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import found_quote, lawrefbook_fixture

SHAOXING_TORREYA = "DLC/浙江地方法规/地方性法规/浙江/绍兴会稽山古香榧群保护规定(2018-12-18).md"

pytestmark = pytest.mark.model

torreya = lawrefbook_fixture(SHAOXING_TORREYA)


@pytest.mark.parametrize(
    ("question", "item", "fine"),
    [
        ("在绍兴会稽山的古榧树上钉钉子、剪枝，会被怎么罚？", "第三项", "二百元以上二千元以下"),
        ("绍兴古香榧单株保护范围内挖坑取土罚多少？", "第二项", "五千元以上一万元以下"),
        ("绍兴古香榧群核心区里搞全垦造林怎么罚？", "第二项", "每平方米二元"),
    ],
)
def test_the_penalty_naming_the_asked_item(torreya, question: str, item: str, fine: str) -> None:
    quote = found_quote(torreya, question)
    assert item in quote and fine in quote, quote

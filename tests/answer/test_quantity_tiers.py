"""A penalty tiered by the quantity of the conduct ("…没收违法所得；违法生产经营的食品货值金额不足一万元的，并处
十万元以上十五万元以下罚款；货值金额一万元以上的，并处货值金额十五倍以上三十倍以下罚款") is read as tiers of
the conduct stated before them: a question stating its case (货值不到一万元) is answered with the tier that
fits the case, not with the other bracket.

The corpus is 鹤壁市循环经济生态城市建设条例, read from lawrefbook (no question set uses it); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

HEBI_CIRCULAR_ECONOMY = "DLC/河南地方法规/地方性法规/河南/鹤壁市循环经济生态城市建设条例(2020-08-31).md"

pytestmark = pytest.mark.model

hebi = lawrefbook_fixture(HEBI_CIRCULAR_ECONOMY)


@pytest.mark.parametrize(
    ("question", "fitting"),
    [
        ("鹤壁有人把地沟油回收的再生油用来加工食品，货值不到一万元，罚多少？", "十万元以上十五万元以下罚款"),
        ("鹤壁用餐厨废弃物的再生油做食品，货值两万元，罚多少？", "货值金额十五倍以上三十倍以下罚款"),
    ],
)
def test_the_tier_fitting_the_stated_quantity_answers_first(hebi, question: str, fitting: str) -> None:
    answer = found_answer(hebi, question)
    assert fitting in compact(answer.citations[0].quote), answer.answer

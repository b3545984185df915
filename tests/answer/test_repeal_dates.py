"""A date asked about a thing the rules regulate (宣传周是哪一周, 哪天开始) is not the date an older text
was repealed: "2011年7月29日…通过的《上海市实施〈中华人民共和国食品安全法〉办法》同时废止" says when
a rule ended, as "本条例自…起施行" says when one began, and answers neither question; without a date
of the thing asked, the answer is 未找到.

The corpus is 上海市食品安全条例 and 北京市节水条例, read from lawrefbook (no question set uses them);
the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

SHANGHAI_FOOD_SAFETY = "DLC/上海地方法规/地方性法规/上海/上海市食品安全条例(2017-01-20).md"
BEIJING_WATER_SAVING = "DLC/北京地方法规/地方性法规/北京/北京市节水条例(2022-11-25).md"

pytestmark = pytest.mark.model

food_and_water = lawrefbook_fixture(SHANGHAI_FOOD_SAFETY, BEIJING_WATER_SAVING)


@pytest.mark.parametrize("question", ["上海的食品安全宣传周是每年哪一周？", "上海食品安全条例规定的食品安全宣传月是几月？"])
def test_a_repeal_date_is_no_date_of_the_thing_asked(food_and_water, question: str) -> None:
    answer = food_and_water.ask(question, [])
    assert not answer.found, answer.answer
    assert all("废止" not in compact(citation.quote) for citation in answer.citations)

"""What a who-question asks about: the word right before 由谁 / 谁来 (组长由谁来当) names what the
answering sentence speaks of. The sentence naming the 组长 answers, not the one about setting up
the 筹备组 that holds more of the question's other words.

The corpus is 日照's, 菏泽's and 丽水's 物业管理条例 and 青岛's 突发事件应对条例, read from
lawrefbook; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import found_quote, lawrefbook_fixture

RIZHAO = "DLC/山东地方法规/地方性法规/山东/日照市物业管理条例(2017-10-01).md"
HEZE = "DLC/山东地方法规/地方性法规/山东/菏泽市物业管理条例(2022-01-21).md"
LISHUI = "DLC/浙江地方法规/地方性法规/浙江/丽水市物业管理条例(2019-04-08).md"
QINGDAO = "DLC/山东地方法规/地方性法规/山东/青岛市突发事件应对条例(2017-12-01).md"

pytestmark = pytest.mark.model

rules = lawrefbook_fixture(RIZHAO, HEZE, LISHUI, QINGDAO)


@pytest.mark.parametrize(
    ("question", "answering"),
    [
        ("日照成立业主大会筹备组，组长由谁来当？", "筹备组组长由街道办事处"),
        ("菏泽首次业主大会筹备组，组长谁来当？", "筹备组组长由街道办事处或者乡镇人民政府代表担任"),
        ("丽水小区成立业主大会筹备组，组长由谁担任？", "筹备组组长由街道办事处"),
        ("青岛应急管理委员会的负责人由谁担任？", "主要负责人由本级人民政府主要负责人担任"),
    ],
)
def test_the_sentence_naming_what_is_asked_of_answers_who(rules, question: str, answering: str) -> None:
    assert answering in found_quote(rules, question)

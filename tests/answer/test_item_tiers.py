"""A list's lead-in may set different penalties for items it names by number ("有以下第一项、第二项、
第三项行为的…三倍以上五倍以下的罚款；有第四项行为的，…处二十万元以上五十万元以下的罚款："): an item is
answered with the sentence naming its number, not with the lead-in's last sentence.

The corpus is 河南省优化营商环境条例, read from lawrefbook (no question set uses it); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

HENAN_BUSINESS_ENVIRONMENT = "DLC/河南地方法规/地方性法规/河南/河南省优化营商环境条例(2020-11-28).md"

pytestmark = pytest.mark.model

henan = lawrefbook_fixture(HENAN_BUSINESS_ENVIRONMENT)


@pytest.mark.parametrize(
    ("question", "own_tier", "other_tier"),
    [
        ("河南的行业协会强制企业入会，会怎么处罚？", "三倍以上五倍以下", "二十万元以上五十万元以下"),
        ("河南行业协会组织企业达成垄断协议，罚多少？", "二十万元以上五十万元以下", "三倍以上五倍以下"),
    ],
)
def test_an_item_gets_the_tier_naming_its_number(henan, question: str, own_tier: str, other_tier: str) -> None:
    answer = found_answer(henan, question)
    quoted = compact("".join(citation.quote for citation in answer.citations))
    assert own_tier in quoted and other_tier not in quoted, answer.answer

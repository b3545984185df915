"""A city's own rule answers for the conducts it punishes; for a conduct only its province's rule
punishes, the province's penalty answers, labelled with its level, however many fines of other
conducts the city's rule sets.

The corpus is 温州's 物业管理条例 and 浙江省's (2009), read from lawrefbook; the questions are
written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

WENZHOU = "DLC/浙江地方法规/地方性法规/浙江/温州市物业管理条例(2017-04-06).md"
ZHEJIANG = "DLC/浙江地方法规/地方性法规/浙江/浙江省物业管理条例(2009-11-27).md"

pytestmark = pytest.mark.model

property_rules = lawrefbook_fixture(WENZHOU, ZHEJIANG)


@pytest.mark.parametrize(
    ("question", "doc", "conduct"),
    [
        ("温州的开发商不交物业保修金，会被怎么罚？", ZHEJIANG, "不按规定交纳物业保修金"),
        ("温州的建设单位不按规定配置物业管理用房，罚多少？", ZHEJIANG, "不按规定配置物业管理用房"),
        ("温州物业公司没按要求公布收费标准，会被罚多少？", WENZHOU, "未按照要求公布相关信息"),
        ("温州物业公司骗取、侵占物业专项维修资金，怎么处罚？", WENZHOU, "骗取、侵占物业专项维修资金"),
    ],
)
def test_the_rule_punishing_the_asked_conduct_answers_at_its_level(property_rules, question: str, doc: str, conduct: str) -> None:
    answer = found_answer(property_rules, question)
    assert answer.citations[0].doc == doc and conduct in compact(answer.citations[0].quote)
    assert ("适用浙江省的规定" in answer.answer) is (doc == ZHEJIANG)

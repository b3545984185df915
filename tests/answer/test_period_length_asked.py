"""A period's own length asked (登记证有效期是几年, 筹备期最长多久) is answered by a figure the period's
phrase states (有效期为一年), for the thing whose period is asked: not by a sentence naming the
period as a time within which something else is counted (在该使用证有效期限内，…计算二年), nor by the
period of another thing (犬类登记证's 有效期 for a question on the 摊位使用证). A time within a period
(保修期内坏了几天来修) asks no length of it.

The two texts are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.understand import understand

from ..conftest import found_quote, written_texts_fixture

DOG_REGISTRATION = """# 杭州市犬类登记管理规定

第一条 为了规范犬类登记管理，制定本规定。

第二条 本市行政区域内的养犬人应当办理犬类登记证。

第三条 犬类登记证的有效期为一年。有效期满需要延续的，养犬人应当在届满十五日前申请换证。

第四条 养犬人未办理登记的，由公安机关责令限期改正，处二百元以上五百元以下罚款。
"""

MARKET_STALLS = """# 杭州市市场摊位管理规定

第一条 为了规范市场摊位管理，制定本规定。

第二条 摊位经营者应当取得摊位使用证。

第三条 经营者超过二年未续签合同的，如果摊位仍在使用，在该摊位使用证有效期限内，市场开办者应当通知其补签合同，合同期限自补签之日起计算二年。

第四条 摊位经营者转让摊位使用证的，由市场监督管理部门责令改正，处一千元以上五千元以下罚款。
"""


written_rules = written_texts_fixture({"杭州市犬类登记管理规定.md": DOG_REGISTRATION, "杭州市市场摊位管理规定.md": MARKET_STALLS})


@pytest.mark.parametrize(
    ("question", "asks_length"),
    [
        ("驰名商标的有效期是几年？", True),
        ("筹备期最长可以多久？", True),
        ("许可证有效期多长时间", True),
        ("保修期内坏了，几天内要来修？", False),
    ],
)
def test_the_length_of_the_named_period_is_asked(question: str, asks_length: bool) -> None:
    assert understand(question, [], Gazetteer.load()).asks_period_length is asks_length


@pytest.mark.model
def test_the_period_stated_for_the_thing_asked_answers(written_rules) -> None:
    assert "有效期为一年" in found_quote(written_rules, "杭州的犬类登记证有效期是几年？")


@pytest.mark.model
@pytest.mark.parametrize("question", ["杭州的摊位使用证有效期是几年？", "杭州摊位使用证的有效期多长时间？"])
def test_no_length_stated_for_the_thing_asked_is_not_found(written_rules, question: str) -> None:
    answer = written_rules.ask(question, [])
    assert not answer.found, answer.answer

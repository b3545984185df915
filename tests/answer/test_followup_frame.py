"""A follow-up that adds a condition to the question before it ("情节严重的呢？", "拒不改正的呢？")
asks about the penalty just given: its tier is read in the article the previous answer cited.
When that article sets no such tier, the answer is 未找到, not the first "情节严重的" tier of
another conduct in the same chapter.

The corpus is one city's 城市房屋使用安全管理条例 (杭州), read from lawrefbook: its 法律责任
chapter holds several penalties, some with a 情节严重 tier and some without. The questions are
written here for the class, not taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

CITY = "DLC/浙江地方法规/地方性法规/浙江/杭州市城市房屋使用安全管理条例(2015-10-14).md"

pytestmark = pytest.mark.model


hangzhou = lawrefbook_fixture(CITY)


def _article(answer) -> str:
    return answer.citations[0].path.split(" › ")[-1][:6]


@pytest.mark.parametrize(
    "first",
    ["杭州的房屋安全鉴定单位出具虚假鉴定报告，罚多少？", "杭州鉴定机构出了假的房屋鉴定报告怎么处罚？"],
)
def test_the_tier_of_the_penalty_just_given(hangzhou, first: str) -> None:
    before = hangzhou.ask(first)
    assert before.found, before.answer
    after = hangzhou.ask("情节严重的呢？", [first])
    assert after.found, after.answer
    assert _article(after) == _article(before)
    assert "情节严重" in compact(after.citations[0].quote)


@pytest.mark.parametrize(
    "first",
    ["杭州住宅装修擅自改变房屋承重结构的，罚多少？", "杭州的白蚁防治单位不按技术规范施工，罚多少？"],
)
@pytest.mark.parametrize("condition", ["情节严重的呢？", "那拒不改正的呢？"])
def test_a_tier_the_cited_article_does_not_set_is_not_found(hangzhou, first: str, condition: str) -> None:
    before = hangzhou.ask(first)
    assert before.found, before.answer
    after = hangzhou.ask(condition, [first])
    assert not after.found, after.answer


def test_the_frame_outlives_a_condition_that_was_not_found(hangzhou) -> None:
    first = "杭州的白蚁防治单位不按技术规范施工，罚多少？"
    assert not hangzhou.ask("情节严重的呢？", [first]).found
    again = hangzhou.ask("那拒不改正的呢？", [first, "情节严重的呢？"])
    assert not again.found, again.answer


tiers_without_money = lawrefbook_fixture(
    "DLC/浙江地方法规/地方性法规/浙江/杭州市燃气管理条例(2021-12-03).md", "行政法/基本医疗卫生与健康促进法(2019-12-28).md"
)


@pytest.mark.parametrize(
    ("first", "tier"),
    [
        # 第四十条: 逾期不改正的，处一万元以上五万元以下罚款；情节严重的，吊销燃气经营许可证
        ("杭州燃气公司给高层住宅送瓶装气，罚多少？", "吊销燃气经营许可证"),
        # 第一百零三条: …罚款；情节严重的，取消其二年至五年内参加药品采购投标的资格并予以公告 (no penalty
        # word of its own: it is read as the tier of the fine just given all the same)
        ("药品采购投标时串通投标，会怎么处罚？", "取消其二年至五年内参加药品采购投标的资格"),
    ],
)
def test_a_tier_without_money_answers_a_fine_asked_before(tiers_without_money, first: str, tier: str) -> None:
    before = tiers_without_money.ask(first)
    assert before.found, before.answer
    after = tiers_without_money.ask("情节严重的呢？", [first])
    assert after.found, after.answer
    assert _article(after) == _article(before)
    assert tier in compact(after.answer), after.answer

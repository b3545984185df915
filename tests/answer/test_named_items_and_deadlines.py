"""Answer forms met on texts about markets, wildlife refuges and school inspection:

- a penalty list whose items name the conducts by item number only (第三十二条 违反本条例第十七条
  规定…依照下列规定处理：（二）违反第六项、第七项规定的，…处二千元以上二万元以下罚款; （一）有第一、二、三、四、七项
  行为之一的，…) punishes each
  named item of the cited article with its own fine: the item naming the asked conduct answers,
  with the lead-in (who imposes it) and the rule item it names;
- a period counted from what the question asks to be done by its deadline (在整改结束之日起十日内
  将整改情况报告) is no deadline of doing it (多少天内整改完), while it answers what is done within it;
- a deadline is quoted with the sentence after it that extends it (六十日内无法作出处理决定的，…可以延长
  三十日), and an extension found first (…可以适当延长办理期限，但延长期限不得超过三十日) with the
  deadline before it it extends, whether the question asks in figures or not.

The corpus is 宁波's 菜市场管理条例, 杭州's 西溪国家湿地公园保护管理条例, 重庆's 教育督导条例, 浙江's 城乡规划条例
and 上海's 信访条例, read from lawrefbook; the questions are
written here for the classes."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

NINGBO_MARKETS = "DLC/浙江地方法规/地方性法规/浙江/宁波市菜市场管理条例(2021-04-08).md"
CHONGQING_INSPECTION = "DLC/重庆地方法规/地方性法规/重庆/重庆市教育督导条例(2015-04-08).md"
XIXI_WETLAND = "DLC/浙江地方法规/地方性法规/浙江/杭州西溪国家湿地公园保护管理条例(2011-10-17).md"

ZHEJIANG_PLANNING = "DLC/浙江地方法规/地方性法规/浙江/浙江省城乡规划条例(2011-12-13).md"

markets_and_inspection = lawrefbook_fixture(NINGBO_MARKETS, CHONGQING_INSPECTION, XIXI_WETLAND)
SHANGHAI_PETITIONS = "DLC/上海地方法规/地方性法规/上海/上海市信访条例(2018-05-24).md"

planning = lawrefbook_fixture(ZHEJIANG_PLANNING)
petitions = lawrefbook_fixture(SHANGHAI_PETITIONS)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "fine", "conduct"),
    [
        # "（三）有第六项行为之一的，…处二十元以上一千元以下的罚款" under 第六十五条 有本条例第三十八条所列行为之一的
        ("在西溪湿地公园里游泳洗澡，会怎么处罚？", "二十元以上一千元以下", "游泳"),
        ("西溪湿地公园里没经批准擅自搞养殖，罚多少？", "五百元以上五千元以下", "养殖"),
        ("宁波菜市场举办者没有统一提供经检定合格的计量器具，罚多少？", "二千元以上二万元以下", "计量器具"),
        ("宁波菜市场举办者对场内违规停放车辆、兜售物品不劝阻制止，怎么处罚？", "五百元以上五千元以下", "停放车辆"),
    ],
)
def test_a_penalty_item_naming_items_by_number_punishes_those_items(markets_and_inspection, question: str, fine: str, conduct: str) -> None:
    answer = found_answer(markets_and_inspection, question)
    quotes = [compact(citation.quote) for citation in answer.citations]
    assert fine in quotes[0]
    # the list's lead-in (which article's items, who imposes the fine), then the item named
    assert "所属条款：第" in answer.answer and "所罚行为：" in answer.answer
    assert any(conduct in quote for quote in quotes[1:])  # the rule item the number names


@pytest.mark.model
def test_a_period_counted_from_the_asked_deed_is_no_deadline_for_it(markets_and_inspection) -> None:
    answer = markets_and_inspection.ask("重庆被督导的学校要在多少天内整改完？", [])
    assert not answer.found or "整改结束之日起" not in compact(answer.citations[0].quote)


@pytest.mark.model
def test_a_period_answers_what_is_done_within_it(markets_and_inspection) -> None:
    answer = found_answer(markets_and_inspection, "重庆被督导单位整改结束后，多少天内要报告整改情况？")
    assert "十日内" in compact(answer.citations[0].quote)


@pytest.mark.model
def test_a_deadline_is_quoted_with_its_extension(planning) -> None:
    quote = compact(found_answer(planning, "在浙江举报违法建设，规划部门受理后多少天内要作出处理决定？").citations[0].quote)
    assert "六十日内作出处理决定" in quote and "延长三十日" in quote


@pytest.mark.model
@pytest.mark.parametrize("question", ["上海交办的信访事项办理期限是多久？", "上海交办的信访事项，办理期限能延长吗？"])
def test_an_extension_is_quoted_with_the_deadline_it_extends(petitions, question: str) -> None:
    quote = compact(found_answer(petitions, question).citations[0].quote)
    assert "延长期限不得超过" in quote and "六十日内办结" in quote, quote

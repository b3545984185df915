"""Two question shapes about periods.

- "提前多久 / 提前几天" asks a lead time: the answering figure is written after 提前 (提前七日通知),
  after the end it precedes (期限届满前六十日内, 期满前三个月内) or before 前 (届满三十日前), never a
  period the thing lasts or a deadline after it (二十四小时内恢复供电).
- A question asking two things at once ("有效期几年？到期了怎么办？") is answered with the next
  sentence of the paragraph too when that sentence speaks of the question; a question asking one
  thing is answered with its one sentence.

The corpus is 济南市电力管理条例 (中止供电: lead times for planned and urgent repairs beside a
24-hour deadline to restore supply) and 浙江省农作物病虫害防治条例 (a licence's term followed by
its renewal), read from lawrefbook. The questions are written here for the classes, not taken
from a question set."""

from __future__ import annotations

import re

import pytest

from qa.answer.candidates import as_lead_time

from ..conftest import found_quote, lawrefbook_fixture

JINAN_POWER = "DLC/山东地方法规/地方性法规/山东/济南市电力管理条例(2011-07-29).md"
ZHEJIANG_PESTS = "DLC/浙江地方法规/地方性法规/浙江/浙江省农作物病虫害防治条例(2011-12-13).md"
CHONGQING_WATER = "DLC/重庆地方法规/地方性法规/重庆/重庆市村镇供水条例(2016-11-24).md"
HANGZHOU_BUSES = "DLC/浙江地方法规/地方性法规/浙江/杭州市公共汽车客运管理条例(2013-04-09).md"
CHONGQING_TELECOMS = "DLC/重庆地方法规/地方性法规/重庆/重庆市电信条例(2018-07-26).md"
BEIJING_COLLECTIVE_CONTRACTS = "DLC/北京地方法规/地方性法规/北京/北京市集体合同条例.md"

texts = lawrefbook_fixture(JINAN_POWER, ZHEJIANG_PESTS, CHONGQING_WATER, HANGZHOU_BUSES, CHONGQING_TELECOMS, BEIJING_COLLECTIVE_CONTRACTS)

# a period written as a lead time: after 提前 or the end it precedes, or before 前/以前/之前
LEAD_TIME = re.compile(
    r"(?:提前|期满前|届满前)[一二三四五六七八九十百0-9]+(?:个)?(?:小时|日|天|个工作日|工作日|月)|[一二三四五六七八九十百0-9]+(?:个)?(?:小时|日|天|工作日)[以之]?前"
)


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "lead_times"),
    [
        # a lead time beside how long the thing may last
        ("供水单位应当提前二十四小时通知用水户。预计连续超过四十八小时不能恢复正常供水的", ["二十四小时"]),
        # a lead time beside the authority's deadline to decide
        ("应当提前九十日向道路运输管理机构提出书面申请；道路运输管理机构应当自收到申请之日起六十日内作出决", ["九十日"]),
        # a deadline alone
        ("电力供应企业应当在二十四小时内恢复供电", []),
        # written before 前
        ("应当在有效期届满三十日前向原发证机关提出申请", ["三十日"]),
        # written after the end it precedes
        ("应当在期限届满前六十日内续办经营许可证", ["六十日"]),
        ("集体合同期满前三个月内，任何一方均可向对方提出续订的要求", ["三个月"]),
    ],
)
def test_which_periods_are_stated_as_lead_times(texts, sentence: str, lead_times: list[str]) -> None:
    clause = next(clause for clause in texts.index.clauses if sentence in clause.text)
    at = clause.start + clause.text.index(sentence)
    figures = [figure for figure in clause.figures if at <= figure.start < at + len(sentence)]
    assert figures
    assert [figure for figure in figures if as_lead_time(clause, figure)] == [f for f in figures if any(lead in f.text for lead in lead_times)]


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "重庆村里自来水要检修停水，供水单位得提前多长时间告诉村民？",
        "杭州公交公司想暂停营运，得提前多少天提出申请？",
        "济南供电设施临时检修要停电，供电企业得提前多长时间向社会公告？",
        "济南电力公司计划检修要停电，提前几天要通知用户？",
        "济南停电以后要恢复供电，供电企业得提前多久通知？",
        "重庆增值电信业务经营许可证快到期了，得提前多少天续办？",
        "北京集体合同快到期了，提前多久可以提续订？",
    ],
)
def test_a_lead_time_question_is_answered_with_a_lead_time(texts, question: str) -> None:
    quote = found_quote(texts, question)
    assert LEAD_TIME.search(quote), quote


@pytest.mark.model
def test_a_deadline_question_is_not_a_lead_time_question(texts) -> None:
    assert "恢复供电" in found_quote(texts, "济南停电后供电企业最迟多久内要恢复供电？")


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    ["浙江的农药经营许可证有效期几年？到期前要怎么办？", "杭州卖农药的许可证多长时间有效，快过期了该怎么续？"],
)
def test_a_second_ask_reads_on_into_the_next_sentence(texts, question: str) -> None:
    quote = found_quote(texts, question)
    assert "有效期为三年" in quote and "届满三十日前" in quote, quote


@pytest.mark.model
def test_a_second_ask_answered_by_the_sentence_before_reads_from_it(texts) -> None:
    quote = found_quote(texts, "浙江农药经营许可证到期前多少天要申请延续？有效期多长？")
    assert "有效期为三年" in quote and "届满三十日前" in quote, quote


@pytest.mark.model
def test_a_lead_time_and_a_period_asked_together_are_both_answered(texts) -> None:
    quote = found_quote(texts, "浙江农药经营许可证快到期了，要提前多少天申请延续？许可证有效期是几年？")
    assert "有效期为三年" in quote and "届满三十日前" in quote, quote


@pytest.mark.model
def test_one_ask_is_answered_with_its_one_sentence(texts) -> None:
    quote = found_quote(texts, "浙江的农药经营许可证有效期几年？")
    assert "有效期为三年" in quote and "届满" not in quote, quote


# 上海市城市管理行政执法条例 第二十五条: "…采用公告送达的，…可以通过其政府网站和公告栏进行。自发出
# 公告之日起，经过六十日，即视为送达。" The figure's own phrase names nothing asked; the sentence
# names it after the figure.
CITY_ENFORCEMENT = "DLC/上海地方法规/地方性法规/上海/上海市城市管理行政执法条例(2018-05-24).md"

city_enforcement = lawrefbook_fixture(CITY_ENFORCEMENT)


@pytest.mark.parametrize(
    "question",
    ["上海城管的处罚决定书公告送达，发出公告后多少天算送到？", "上海城管执法文书公告送达的，过多久视为送达？"],
)
def test_a_short_sentence_naming_what_its_figure_measures_after_it_answers(city_enforcement, question: str) -> None:
    assert "六十日" in found_quote(city_enforcement, question)


SHANDONG_RADIATION = "DLC/山东地方法规/地方性法规/山东/山东省辐射污染防治条例(2014-01-15).md"
radiation = lawrefbook_fixture(SHANDONG_RADIATION)


@pytest.mark.model
def test_a_period_after_the_act_it_precedes_is_a_lead_time(radiation) -> None:
    # 实施前十日内: before an act no list of ends and starts names; 结束后二十日内 follows one
    sentence = "应当在转移活动实施前十日内报省人民政府环境保护主管部门备案，使用活动结束后二十日内办理备"
    clause = next(clause for clause in radiation.index.clauses if sentence in clause.text)
    at = clause.start + clause.text.index(sentence)
    figures = [figure for figure in clause.figures if at <= figure.start < at + len(sentence)]
    assert [figure.text for figure in figures if as_lead_time(clause, figure)] == [next(f.text for f in figures if "二十" not in f.text)]
    assert len(figures) == 2

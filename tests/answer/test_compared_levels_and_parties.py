"""Comparisons across levels and the asked party's own sentence.

- A comparison that names one side by its title ("山东省的罚款和国家地质灾害防治条例有什么不同") or sets
  a city against its own province ("和山东省的规定一样吗") answers both sides, each from its own
  rule: the title narrows its own place's rules, not the comparison.
- 一样吗 / 有什么不同 over figures of one measure is answered first by whether they agree.
- Of two sentences scoring alike, the one addressing the asked party by name answers
  ("…组织进行游泳、垂钓…的，处二万元…。个人在…游泳、垂钓…的，可以处五百元以下罚款").

The corpus is 水土保持 rules of three levels, a province's and the nation's 地质灾害 rules under
different titles, and two cities' 饮用水水源 rules, read from
lawrefbook texts no question set uses. The questions are written here for the classes."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

JINAN = "DLC/山东地方法规/地方性法规/山东/济南市水土保持条例(2016-11-26).md"
SHANDONG = "DLC/山东地方法规/地方性法规/山东/山东省水土保持条例(2017-09-30).md"
NATIONAL = "经济法/水土保持法(2010-12-25).md"
SHANDONG_GEOLOGY = "DLC/山东地方法规/地方性法规/山东/山东省地质环境保护条例(2018-11-30).md"
NATIONAL_GEOLOGY = "行政法规/地质灾害防治条例(2003-11-24).md"
RIZHAO = "DLC/山东地方法规/地方性法规/山东/日照市饮用水水源地保护条例(2018-03-30).md"
TAIZHOU = "DLC/浙江地方法规/地方性法规/浙江/台州市长潭水库饮用水水源保护条例(2020-08-20).md"

pytestmark = pytest.mark.model

three_levels = lawrefbook_fixture(JINAN, SHANDONG, NATIONAL)
province_and_nation = lawrefbook_fixture(SHANDONG_GEOLOGY, NATIONAL_GEOLOGY)
water_sources = lawrefbook_fixture(RIZHAO, TAIZHOU)


@pytest.mark.parametrize(
    "question",
    [
        "在地质灾害危险区从事可能引发地质灾害的活动，山东省的罚款和国家地质灾害防治条例有什么不同？",
        "国家地质灾害防治条例和山东省的规定比，在地质灾害危险区从事可能引发地质灾害的活动，罚款一样吗？",
    ],
)
def test_a_rule_named_by_its_title_is_one_side_of_the_comparison(province_and_nation, question: str) -> None:
    answer = province_and_nation.ask(question)
    assert answer.found, answer.answer
    by_doc = {citation.doc: citation for citation in reversed(answer.citations)}
    assert {SHANDONG_GEOLOGY, NATIONAL_GEOLOGY} <= set(by_doc), answer.answer
    for doc in (SHANDONG_GEOLOGY, NATIONAL_GEOLOGY):
        # each side's own penalty of the conduct (its clause names the 危险区), the fine quoted
        assert "地质灾害危险区" in compact(by_doc[doc].context) and "罚款" in compact(by_doc[doc].quote)


def test_a_city_set_against_its_own_province_answers_both(three_levels) -> None:
    answer = three_levels.ask("济南禁止开垦种植农作物的陡坡是多少度以上，和山东省的规定一样吗？")
    assert answer.found, answer.answer
    rows = {row.region: row for row in answer.table}
    assert {"济南市", "山东省"} <= set(rows), answer.answer
    by_doc = {citation.doc: citation for citation in answer.citations}
    for doc in (JINAN, SHANDONG):
        assert "二十五度以上" in compact(by_doc[doc].quote)
    # 一样吗 asked, both stating 二十五度以上: the answer says they agree before the rows
    assert answer.answer.startswith("比较：各地相同（二十五度以上）"), answer.answer


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("个人在日照饮用水水源一级保护区里游泳，会罚多少？", RIZHAO),
        ("日照的饮用水水源一级保护区，个人去钓鱼罚多少钱？", RIZHAO),
        ("个人在台州长潭水库一级保护区里野炊，罚多少？", TAIZHOU),
    ],
)
def test_the_asked_partys_own_sentence_answers(water_sources, question: str, doc: str) -> None:
    answer = water_sources.ask(question)
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert answer.citations[0].doc == doc
    assert "五百元以下" in quote and "二万元" not in quote, answer.answer


def test_fines_asked_alike_are_answered_by_whether_they_agree(three_levels) -> None:
    # 济南 第三十四条 and the national 第五十四条 both fine 五万元以上五十万元以下
    answer = three_levels.ask("水土保持设施没验收就投产使用，济南和国家的罚款一样吗？")
    assert answer.found, answer.answer
    assert answer.answer.startswith("比较：各地相同（五万元以上五十万元以下）"), answer.answer


@pytest.mark.parametrize(
    ("figures", "verdict"),
    [
        (["一千元以上一万元以下", "1000元至10000元"], "比较：各地相同（一千元以上一万元以下）[1][2]"),
        (["三十日内", "三十日"], "比较：各地不同（甲市：三十日内；乙市：三十日）[1][2]"),
        (["不低于百分之三十", "不低于35%"], "比较：各地不同（甲市：不低于百分之三十；乙市：不低于35%）[1][2]"),
        (["十日", "十天", "五天"], "比较：各地不同（甲市、乙市：十日；丙市：五天）[1][2][3]"),
    ],
)
def test_places_agree_only_on_the_same_quantity_and_bound(figures: list[str], verdict: str) -> None:
    from qa.answer.shapes.comparison import same_or_not_line
    from qa.records import ComparisonRow

    rows = [ComparisonRow(place, figure=figure, citation=number) for number, (place, figure) in enumerate(zip(("甲市", "乙市", "丙市"), figures))]
    assert same_or_not_line(rows) == verdict

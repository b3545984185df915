"""Answer forms met on texts about buildings, food and place names:

- from when a period counts (从哪天开始算, 何时起算) is answered by where it starts
  (自竣工验收合格之日起计算), alone or read on after the period asked with it;
- an item of a list whose lead-in forbids it (禁止下列行为：…（二）遮挡、覆盖地名标志) is quoted with
  that lead-in after it, since alone it reads as what is allowed;
- a penalty naming the conducts it punishes by a range of items (有本办法第三十二条第（一）项至第（三）项
  或者第（五）项所列情形之一的) punishes every item of the range;
- a word written after 非 names its complement (非居民用户 is no 居民用户);
- a figure stated in tiers of a case (十人以下的，…不得超过三人；超过十人的，…不得超过五人) is quoted
  with its later tiers;
- a rule and the sentence excepting a case from it (但是，石油、天然气勘查许可证有效期最长为7年) are
  quoted together, whichever of them the question matches.

The corpus is the national 民用建筑节能条例 with 山东's and 青岛's (the national rule beside them), 河南's 农产品质量安全 rules,
上海's 地名管理条例, 浙江's 信访条例 and the national 矿产资源勘查区块登记管理办法, read from lawrefbook; the questions are written here for the classes."""

from __future__ import annotations

import pytest

from qa.answer.penalties import item_numbers
from qa.answer.sentences import complement_prefixes, term

from ..conftest import compact, found_answer, lawrefbook_fixture

NATIONAL_ENERGY = "行政法规/民用建筑节能条例(2008-08-01).md"
SHANDONG_ENERGY = "DLC/山东地方法规/地方性法规/山东/山东省民用建筑节能条例(2020-07-24).md"
QINGDAO_ENERGY = "DLC/山东地方法规/地方性法规/山东/青岛市民用建筑节能条例(2022-01-21).md"
HENAN_PRODUCE = "DLC/河南地方法规/地方性法规/河南/河南省实施《农产品质量安全法》办法(2013-05-30).md"
SHANGHAI_NAMES = "DLC/上海地方法规/地方性法规/上海/上海市地名管理条例.md"
ZHEJIANG_PETITIONS = "DLC/浙江地方法规/地方性法规/浙江/浙江省信访条例(2016-07-29).md"
NATIONAL_PROSPECTING = "行政法规/矿产资源勘查区块登记管理办法(2014-07-29).md"

building_energy = lawrefbook_fixture(NATIONAL_ENERGY, SHANDONG_ENERGY, QINGDAO_ENERGY)
produce_and_names = lawrefbook_fixture(HENAN_PRODUCE, SHANGHAI_NAMES, ZHEJIANG_PETITIONS)
prospecting = lawrefbook_fixture(NATIONAL_PROSPECTING)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "period", "start"),
    [
        ("山东外墙保温工程保修几年？从哪天开始算？", "十年", "自竣工验收合格之日起计算"),
        ("青岛的围护结构保温工程最少保修几年，从什么时候起算？", "十年", "自竣工验收合格之日起计算"),
    ],
)
def test_a_period_and_from_when_it_counts_are_answered_together(building_energy, question: str, period: str, start: str) -> None:
    answer = found_answer(building_energy, question)
    quote = compact(answer.citations[0].quote)
    assert period in quote and start in quote


@pytest.mark.model
def test_from_when_a_period_counts_is_answered_by_its_start(building_energy) -> None:
    answer = found_answer(building_energy, "山东保温工程的保修期从哪天开始算？")
    assert "自竣工验收合格之日起计算" in compact(answer.citations[0].quote)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("上海能不能在路名牌上贴东西把它遮住？", "遮挡、覆盖地名标志"),
        ("在上海，地名标志上乱涂乱画有什么规定？", "涂改、玷污地名标志"),
    ],
)
def test_an_item_is_quoted_with_the_lead_in_forbidding_it(produce_and_names, question: str, item: str) -> None:
    answer = found_answer(produce_and_names, question)
    quotes = [compact(citation.quote) for citation in answer.citations]
    assert item in quotes[0]
    assert "禁止下列行为" in quotes[1]


@pytest.mark.model
def test_a_penalty_citing_a_range_of_items_punishes_each_of_them(produce_and_names) -> None:
    answer = found_answer(produce_and_names, "河南农产品批发市场销售含有致病性寄生虫的农产品，罚多少？")
    assert "二千元以上二万元以下" in compact(answer.answer)


def test_item_ranges_and_lists_are_read_whole() -> None:
    assert item_numbers("第（一）项至第（三）项或者第（五）项") == {1, 2, 3, 5}
    assert item_numbers("第（一）项至第（九）项、第（十一）项、第（十二）项") == {*range(1, 10), 11, 12}
    assert item_numbers("第二项至第七项") == {2, 3, 4, 5, 6, 7}


def test_a_word_after_the_complement_prefix_is_not_the_word() -> None:
    resident = term("居民", [])
    asked = resident.__class__(resident.forms, resident.parts, resident.shortened, complement=complement_prefixes("居民"))
    assert not asked.present_in("非居民用户有本条例第三十条规定情形之一的")
    assert asked.present_in("居民用户有本条例第三十条第一款第（一）项至第（九）项情形之一的，非居民用户另行规定")
    assert resident.present_in("非居民用户有本条例第三十条规定情形之一的")  # asked as 非居民: the question wrote it


def test_a_party_after_the_party_complement_prefix_is_the_other_party() -> None:
    applicant = term("申请人", ["申请"])
    asked = applicant.__class__(applicant.forms, applicant.parts, applicant.shortened, complement=complement_prefixes("申请人"))
    # 被申请人 names the other party, and the parts (申请) do not bring 申请人 back
    assert not asked.present_in("应当自受理仲裁申请之日起五个工作日内，将仲裁申请书副本送达被申请人")
    assert asked.present_in("将受理通知书送达申请人；被申请人未答辩的，不影响仲裁程序的进行")
    assert complement_prefixes("居民") == ("非",)  # 被 prefixes parties (…人) only: 被处罚 is still 处罚


@pytest.mark.model
def test_a_figure_stated_in_tiers_is_quoted_with_its_later_tiers(produce_and_names) -> None:
    quote = compact(found_answer(produce_and_names, "浙江好多人一起上访，能派多少人当代表？").citations[0].quote)
    assert "不得超过三人" in quote and "超过十人的" in quote and "不得超过五人" in quote


@pytest.mark.model
@pytest.mark.parametrize("question", ["石油天然气勘查许可证有效期最长几年？", "勘查许可证的有效期最长几年？"])
def test_a_rule_and_its_exception_are_quoted_together(prospecting, question: str) -> None:
    quote = compact(found_answer(prospecting, question).citations[0].quote)
    assert "勘查许可证有效期最长为3年" in quote and "但是，石油、天然气勘查许可证有效期最长为7年" in quote

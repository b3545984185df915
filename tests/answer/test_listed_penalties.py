"""A penalty whose list of conducts follows it: "有下列行为之一的，由…处…罚款；构成违反治安管理行为的，
由公安机关依法给予处罚：（一）…". The fine stands before a closing referral, not in the lead-in's last
sentence; an item of the list is answered with it. Real lawrefbook text; questions written here."""

from __future__ import annotations

import re

import pytest

from ..conftest import compact, lawrefbook_fixture

WEATHER = "DLC/山东地方法规/地方性法规/山东/济南市气象灾害防御条例(2014-11-27).md"

pytestmark = pytest.mark.model


weather = lawrefbook_fixture(WEATHER)


@pytest.mark.parametrize(
    ("question", "conduct"),
    [
        ("济南有人私自向社会发布气象灾害预警信号，会被怎么处罚？", "非法向社会发布灾害性天气警报"),
        ("济南的电视台不按规定播发灾害性天气警报，罚多少？", "未按照规定或者要求播发"),
    ],
)
def test_a_listed_conduct_is_answered_with_the_penalty_before_the_referral(weather, question: str, conduct: str) -> None:
    answer = weather.ask(question)
    assert answer.found, answer.answer
    quotes = [compact(citation.quote) for citation in answer.citations]
    assert any("五万元以下罚款" in quote for quote in quotes), quotes
    assert any(conduct in quote for quote in quotes), quotes


def test_officials_discipline_answers_a_question_about_officials_only(weather) -> None:
    # 第三十条 disciplines officials (滥用职权、玩忽职守…，依法给予处分); a business's conduct is not theirs
    for about_officials in ("济南气象部门的工作人员在灾害防御中玩忽职守，会怎么处理？", "济南有人在气象灾害防御工作中滥用职权，会被怎么处罚？"):
        answer = weather.ask(about_officials)
        assert answer.found and any("玩忽职守" in citation.quote for citation in answer.citations), answer.answer
    about_a_business = weather.ask("济南的单位不做气象灾害防御工作，会被怎么处罚？")
    assert not any("玩忽职守" in citation.quote for citation in about_a_business.citations), about_a_business.answer


# 劳动法 第九十一条 lists the conducts an authority orders wages and compensation paid for, with no
# fine; 劳动保障监察条例 orders the same for 克扣 (第二十六条, compensation on top when still unpaid) and
# fines other wage conducts (瞒报工资总额) that share words with them
LABOUR_LAW = "社会法/劳动法(2018-12-29).md"
LABOUR_INSPECTION = "行政法规/劳动保障监察条例(2004-11-01).md"

labour = lawrefbook_fixture(LABOUR_LAW, LABOUR_INSPECTION)


def test_a_listed_conduct_gets_what_its_lead_in_orders_even_without_a_fine(labour) -> None:
    answer = labour.ask("用人单位克扣工资，会被罚款吗？")
    assert answer.found, answer.answer
    quotes = [compact(citation.quote) for citation in answer.citations]
    # 劳动法 第九十一条 (责令支付劳动者的工资报酬) or 劳动保障监察条例 第二十六条 (责令限期支付劳动者的工资报酬；
    # 逾期不支付的，…加付赔偿金): both order the wages paid for 克扣
    assert any(re.search("责令(?:限期)?支付劳动者的工资报酬", quote) for quote in quotes), quotes
    assert any("克扣" in quote for quote in quotes), quotes
    assert "瞒报" not in answer.answer  # another wage conduct's fine is no answer

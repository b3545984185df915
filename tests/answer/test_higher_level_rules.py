"""A province's rule applies to its cities: a city rule that states a duty but sets no penalty for
it leaves the province's penalty in force, and that penalty answers, labelled with its level.

The corpus is a city's and its province's rules on one topic (许昌 and 河南's 文明行为促进条例),
read from lawrefbook; the questions are written here for the class, not taken from a dev set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

CITY = "DLC/河南地方法规/地方性法规/河南/许昌市文明行为促进条例(2020-10-29).md"
PROVINCE = "DLC/河南地方法规/地方性法规/河南/河南省文明行为促进条例(2020-08-03).md"

pytestmark = pytest.mark.model


city_and_province = lawrefbook_fixture(CITY, PROVINCE)


def test_a_duty_the_city_does_not_penalise_is_answered_with_the_provinces_penalty(city_and_province) -> None:
    # 许昌 asks drivers to yield to pedestrians (第十条第六项) and fines no breach of it; 河南 does
    answer = city_and_province.ask("许昌开车经过人行横道不礼让行人，罚多少钱？")
    assert answer.found, answer.answer
    assert {citation.doc for citation in answer.citations} == {PROVINCE}
    assert "适用河南省" in answer.answer
    assert "礼让行人" in compact(answer.citations[0].quote) and "罚款" in answer.citations[0].quote


def test_a_duty_the_city_penalises_is_answered_from_the_citys_own_rule(city_and_province) -> None:
    answer = city_and_province.ask("许昌非机动车加装遮阳篷罚多少钱？")
    assert answer.found, answer.answer
    assert {citation.doc for citation in answer.citations} == {CITY}


def test_the_provinces_penalty_for_another_conduct_is_no_answer(city_and_province) -> None:
    # no rule of either level fines walking while using a phone (许昌 第十条第一项 states the duty only)
    answer = city_and_province.ask("许昌行人过马路看手机，会被罚多少钱？")
    assert not answer.found, answer.answer

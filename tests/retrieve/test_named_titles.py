"""A title several places' rules share (全民健身条例) names, with no place in the question, the rule
whose own title it is (the national one, 中华人民共和国 aside), and with a place, that place's.

The corpus is the national 全民健身条例 and 山东省全民健身条例, read from lawrefbook; the questions
are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import lawrefbook_fixture

NATIONAL = "行政法规/全民健身条例(2016-02-06).md"
PROVINCE = "DLC/山东地方法规/地方性法规/山东/山东省全民健身条例(2017-12-01).md"

pytestmark = pytest.mark.model

national_and_province = lawrefbook_fixture(NATIONAL, PROVINCE)


def test_a_bare_title_names_the_rule_of_that_very_title(national_and_province) -> None:
    answer = national_and_province.ask("国务院的《全民健身条例》自什么时候起施行？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == NATIONAL


def test_a_title_with_a_place_names_that_places_rule(national_and_province) -> None:
    answer = national_and_province.ask("山东的《全民健身条例》自什么时候起施行？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == PROVINCE

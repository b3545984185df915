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


# A law's short name (著作权法) names it however short, with no place in the question; its
# implementing regulation, whose title holds that name, is named only by its own whole title.
COPYRIGHT_LAW = "民法商法/著作权法(2020-11-11).md"
COPYRIGHT_REGULATION = "行政法规/著作权法实施条例(2013-01-30).md"

law_and_regulation = lawrefbook_fixture(COPYRIGHT_LAW, COPYRIGHT_REGULATION)


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("著作权法里说的作品是指什么？", COPYRIGHT_LAW),
        ("按著作权法，合作作品的著作权归谁？", COPYRIGHT_LAW),
        ("著作权法实施条例里说的作品是指什么？", COPYRIGHT_REGULATION),
    ],
)
def test_a_laws_short_name_names_the_law_and_a_longer_title_its_regulation(law_and_regulation, question: str, doc: str) -> None:
    answer = law_and_regulation.ask(question)
    assert answer.found, answer.answer
    assert {citation.doc for citation in answer.citations} == {doc}, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "按著作权法，外国人的作品在境外首先出版后，多少天内在中国境内出版的，视为同时在境内出版？",
        "按著作权法，著作权人寄给图书出版者的订单几个月没有履行，算图书脱销？",
    ],
)
def test_a_named_law_silent_where_its_regulation_speaks_names_the_regulation(law_and_regulation, question: str) -> None:
    """The law named does not say it, its 实施条例 (the same place, 全国) does: the refusal names the
    document that speaks, not the place the reader already looked in."""
    answer = law_and_regulation.ask(question)
    if answer.found:  # answered from the regulation is fine too, as long as it cites that regulation
        assert {citation.doc for citation in answer.citations} == {COPYRIGHT_REGULATION}, answer.answer
        return
    assert "著作权法实施条例》" in answer.answer, answer.answer
    assert "有相关规定的地区" not in answer.answer, answer.answer

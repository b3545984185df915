"""A question naming a rule and no place (按长江河道采砂管理条例…) asks that rule: whether it speaks of
the subject is judged against the library's clauses of that rule's own place, not against another
place's rule on the same subject (信阳's 河道采砂 rule), which the reader did not ask about. A question
naming a place is judged against every place's clauses, as before.

The corpus is lawrefbook texts no question set uses; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import lawrefbook_fixture

YANGTZE_SAND = "行政法规/长江河道采砂管理条例(2023-07-20).md"
XINYANG_SAND = "DLC/河南地方法规/地方性法规/河南/信阳市河道采砂管理条例(2019-11-01).md"

pytestmark = pytest.mark.model

national_and_city = lawrefbook_fixture(YANGTZE_SAND, XINYANG_SAND)


def test_a_named_rule_is_weighed_against_its_own_place_only(national_and_city) -> None:
    retrieval = national_and_city.search("按长江河道采砂管理条例，未经许可擅自从事河道采砂活动的，怎么处罚？")
    assert retrieval.named_docs == [YANGTZE_SAND]
    assert XINYANG_SAND in {hit.clause.doc for hit in retrieval.nearest}  # the city's rule is near in the library
    weighed = national_and_city.composer._asked_of(retrieval)
    assert weighed and {hit.clause.doc for hit in weighed} == {YANGTZE_SAND}


def test_a_place_named_weighs_every_places_rules(national_and_city) -> None:
    retrieval = national_and_city.search("在信阳，未经许可擅自从事河道采砂活动的，怎么处罚？")
    assert retrieval.named_docs == []
    assert national_and_city.composer._asked_of(retrieval) == retrieval.nearest

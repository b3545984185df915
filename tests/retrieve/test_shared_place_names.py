"""A place form several places of one level share (象山: 宁波's 象山县 and 桂林's 象山区; 普陀区: 上海's
and 舟山's) names one place, not none: asked with no other place to settle it, it is read as the one
place the library holds local rules for, and only that place's rules (and those above it) answer;
where the library holds rules of several, the answer asks which place is meant instead of guessing.
A text naming the city (宁波象山) settles the form itself.

The corpus is 农业机械化促进条例 of 浙江 and 山东 and a 上海 text, read from lawrefbook (no question set
uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer

from ..conftest import lawrefbook_fixture

ZHEJIANG_FARM_MACHINERY = "DLC/浙江地方法规/地方性法规/浙江/浙江省农业机械化促进条例(2020-09-24).md"
SHANDONG_FARM_MACHINERY = "DLC/山东地方法规/地方性法规/山东/山东省农业机械化促进条例(2020-11-27).md"
SHANGHAI_COOPERATIVES = "DLC/上海地方法规/地方性法规/上海/上海市实施《农民专业合作社法》办法(2020-03-19).md"


def test_a_shared_form_is_unsettled_until_another_place_settles_it() -> None:
    gazetteer = Gazetteer.load()
    assert set(gazetteer.unsettled("在象山种地的农民")["象山"]) == {"象山县", "象山区"}
    assert gazetteer.unsettled("宁波象山种地的农民") == {}
    assert [region.name for region in gazetteer.find("宁波象山种地的农民")][-1] == "象山县"


farm_machinery = lawrefbook_fixture(ZHEJIANG_FARM_MACHINERY, SHANDONG_FARM_MACHINERY, SHANGHAI_COOPERATIVES)


@pytest.mark.model
def test_a_shared_form_is_the_place_the_library_has_rules_for(farm_machinery) -> None:
    question = "象山的农民买政府推广的农机，能享受什么补贴？"
    retrieval = farm_machinery.search(question)
    assert retrieval.understanding.regions == ["象山县"]
    answer = farm_machinery.ask(question)
    assert all(citation.doc != SHANDONG_FARM_MACHINERY for citation in answer.citations), answer.answer


@pytest.mark.model
def test_a_form_of_two_places_with_rules_is_asked_back(farm_machinery) -> None:
    answer = farm_machinery.ask("普陀区的农民买农机有补贴吗？")
    assert not answer.found and not answer.citations
    assert "上海市普陀区" in answer.answer and "舟山市普陀区" in answer.answer, answer.answer

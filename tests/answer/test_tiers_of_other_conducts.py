"""An article punishing several conducts, one paragraph each, with a tier in each ("情节严重的，…责令
停业整顿" for one, "…情节严重的，…5年内不得从事原备案的业务" for another): a question about one conduct's
tier is answered by that tier, and where it sets no figure the figure of another paragraph's tier is no
answer (未找到, the asked tier among the related clauses).

The corpus is 道路运输条例 (2022), read from lawrefbook; no question set uses this text (blind6 has the
2023 text and asks nothing of this article); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

ROAD_TRANSPORT = "行政法规/道路运输条例(2022-03-29).md"

pytestmark = pytest.mark.model

road_transport = lawrefbook_fixture(ROAD_TRANSPORT)


def test_another_conducts_tier_does_not_answer_for_the_asked_one(road_transport) -> None:
    answer = road_transport.ask("机动车维修不符合经营业务标准，情节严重的，要停业整顿多长时间？")
    assert not answer.found, answer.answer
    assert "5年" not in answer.answer


def test_the_asked_conducts_own_tier_answers(road_transport) -> None:
    answer = found_answer(road_transport, "机动车维修经营去备案时提供虚假材料，情节严重的，负责人几年内不能再干这个业务？")
    assert "5年内不得从事原备案的业务" in compact(answer.citations[0].quote), answer.answer

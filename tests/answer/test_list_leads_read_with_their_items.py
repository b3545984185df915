"""A list answers a question asking what it holds (要满足什么条件, 有哪些要求): its lead-in
("应聘辅警应当具备下列条件：") quoted with all its items, each verbatim, when the list is short
(`AnswerWeights.listed_items`). A question asking one figure of it is still answered by the item
stating it, with the lead-in saying what it lists.

The corpus is 汕头经济特区警务辅助人员条例, read from lawrefbook (no question set uses it); the
questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANTOU_AUXILIARY_POLICE = "DLC/广东地方法规/地方性法规/广东/汕头经济特区警务辅助人员条例(2022-04-27).md"

pytestmark = pytest.mark.model

auxiliary_police = lawrefbook_fixture(SHANTOU_AUXILIARY_POLICE)


@pytest.mark.parametrize("question", ["汕头应聘辅警需要满足什么条件？", "想在汕头当辅警，有哪些要求？"])
def test_a_question_asking_what_a_list_holds_is_answered_by_the_whole_list(auxiliary_police, question: str) -> None:
    answer = found_answer(auxiliary_police, question)
    quotes = [compact(citation.quote) for citation in answer.citations]
    assert quotes[0].endswith("应当具备下列条件："), answer.answer
    assert [quote[:3] for quote in quotes[1:6]] == ["（一）", "（二）", "（三）", "（四）", "（五）"], answer.answer


def test_a_figure_of_one_item_is_answered_by_that_item(auxiliary_police) -> None:
    answer = found_answer(auxiliary_police, "汕头应聘辅警，年龄一般最大多少岁？")
    assert compact(answer.citations[0].quote).startswith("（二）年满十八周岁"), answer.answer
